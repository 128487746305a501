// Package outfile writes the files and folders that commands produce
// (reports with -o, exported bundles, later backups) so that a failed write
// leaves nothing half-written and a path that names something other than a
// regular file is never destroyed.
//
// The rules, for a target path:
//
//   - Absent, or a regular file: the output goes to a temporary file
//     beside it (mode 0600, since outputs hold carriers' records) and is
//     renamed over the target only when complete.
//   - A symbolic link: it is followed, and the rules apply to what it
//     points to. A link to a regular file keeps being a link; the file it
//     points to is replaced as above. A link to a device or a FIFO is
//     written through.
//   - Anything else that can be opened for writing (a character or block
//     device such as /dev/null or /dev/stdout, a FIFO): the output is
//     written into it in place, as a shell's ">" would; it is never
//     renamed over, truncated into a regular file or removed.
//   - A folder (for Write), or a socket: refused.
//
// Dir applies the same care to folders: see its documentation.
package outfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/himitsu-oss/himitsu"
)

func writeErr(path, msg, msgJA string, err error) error {
	return &himitsu.Error{Op: "write", Kind: himitsu.KindInvalid, File: path, Msg: msg, MsgJA: msgJA, Err: err}
}

// resolve follows symbolic links in path and returns the path of what it
// names, and that thing's FileInfo (nil when absent).
func resolve(path string) (string, fs.FileInfo, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return path, nil, nil
	}
	if err != nil {
		return path, nil, writeErr(path, "cannot inspect the output path", "出力先の状態を確認できない", err)
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		return path, fi, nil
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		// A dangling link: write where it points, creating the file.
		target, rerr := os.Readlink(path)
		if rerr != nil || !errors.Is(err, fs.ErrNotExist) {
			return path, nil, writeErr(path, "cannot follow the symbolic link", "シンボリックリンクをたどれない", err)
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		return resolve(target)
	}
	fi, err = os.Stat(real)
	if err != nil {
		return path, nil, writeErr(path, "cannot inspect the output path", "出力先の状態を確認できない", err)
	}
	return real, fi, nil
}

// Write writes the output of write to path under the package's rules. On
// any error of write the target is as it was.
func Write(path string, write func(io.Writer) error) error {
	real, fi, err := resolve(path)
	if err != nil {
		return err
	}
	switch {
	case fi == nil || fi.Mode().IsRegular():
		return replace(real, write)
	case fi.IsDir():
		return writeErr(path, "is a folder, not a file", "ファイルではなくフォルダである", nil)
	case fi.Mode()&fs.ModeSocket != 0:
		return writeErr(path, "is a socket, not a file", "ファイルではなくソケットである", nil)
	}
	return inPlace(real, write)
}

// inPlace writes into an existing device or FIFO without creating,
// renaming or removing anything.
func inPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return writeErr(path, "cannot open for writing", "書込み用に開けない", err)
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return writeErr(path, "cannot finish writing", "書込みを完了できない", err)
	}
	return nil
}

// replace writes through a temporary file beside path and renames it over
// path when complete.
func replace(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return writeErr(path, "cannot create a temporary file beside the output", "出力先と同じ場所に一時ファイルを作成できない", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return writeErr(path, "cannot write", "書き込めない", err)
	}
	if err = f.Close(); err != nil {
		return writeErr(path, "cannot write", "書き込めない", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return writeErr(path, "cannot move the output into place", "出力を所定の場所に移せない", err)
	}
	return nil
}
