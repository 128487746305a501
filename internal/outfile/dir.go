package outfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/himitsu-oss/himitsu"
)

// dirTempInfix names the temporary folders of Dir: ".NAME" + dirTempInfix
// + random, beside the target NAME.
const dirTempInfix = ".himitsu-tmp-"

// Dir makes the folder dir from what fill writes into a folder path it is
// given (which does not exist yet; fill creates it, as bundle.Write does).
// The output is assembled in a temporary folder beside dir and moved into
// place only when complete; dir must be absent or an empty folder. A
// symbolic link is followed: the folder it points to is the target.
//
// While it works, Dir holds an advisory lock on the parent folder, so the
// temporary folders that another Dir call beside the same target left
// behind when it was killed (which can be large) are recognised as stale
// and removed first; so are those of bundle.Write (".NAME.tmp-…").
func Dir(dir string, fill func(path string) error) (err error) {
	const op = "write"
	abs, err := filepath.Abs(dir)
	if err != nil {
		return writeErr(dir, "cannot resolve the path", "パスを解決できない", err)
	}
	real, fi, err := resolve(abs)
	if err != nil {
		return err
	}
	exists := false
	if fi != nil {
		if !fi.IsDir() {
			return writeErr(dir, "exists and is not a folder", "既に存在し、フォルダではない", nil)
		}
		entries, err := os.ReadDir(real)
		if err != nil {
			return writeErr(dir, "cannot read the folder", "フォルダを読み込めない", err)
		}
		if len(entries) > 0 {
			return &himitsu.Error{Op: op, Kind: himitsu.KindConflict, File: dir,
				Msg: "is not empty; output is written only into an absent or empty folder", MsgJA: "空ではない。出力は存在しないフォルダ又は空のフォルダにのみ書き出す"}
		}
		exists = true
	}
	parent, base := filepath.Dir(real), filepath.Base(real)
	unlock, err := lockDir(parent)
	if err != nil {
		return writeErr(parent, "cannot lock the folder", "フォルダをロックできない", err)
	}
	defer unlock()
	if err := removeStale(parent, base); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+dirTempInfix)
	if err != nil {
		return writeErr(dir, "cannot create a temporary folder beside the output", "出力先と同じ場所に一時フォルダを作成できない", err)
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, base)
	if err := fill(out); err != nil {
		return err
	}
	if exists {
		if err := os.Remove(real); err != nil {
			return writeErr(dir, "cannot replace the empty folder", "空のフォルダを置き換えられない", err)
		}
	}
	if err := os.Rename(out, real); err != nil {
		return writeErr(dir, "cannot move the output into place", "出力を所定の場所に移せない", err)
	}
	return nil
}

// removeStale removes the temporary folders of earlier, killed writes of
// base in parent. The caller holds the lock of parent.
func removeStale(parent, base string) error {
	for _, pattern := range []string{"." + base + dirTempInfix + "*", "." + base + ".tmp-*"} {
		matches, err := filepath.Glob(filepath.Join(parent, pattern))
		if err != nil {
			return err
		}
		for _, m := range matches {
			fi, err := os.Lstat(m)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil || !fi.IsDir() {
				continue // not ours: only folders are made by a write
			}
			if err := os.RemoveAll(m); err != nil {
				return writeErr(m, "cannot remove the temporary folder of an earlier, interrupted write", "中断された以前の書出しの一時フォルダを削除できない", err)
			}
		}
	}
	return nil
}
