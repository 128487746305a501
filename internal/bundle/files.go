package bundle

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	himitsu "github.com/himitsu-oss/himitsu"
)

// The limits of what a bundle may hold. A bundle comes from outside the
// carrier's control room (a vendor's export, a colleague's laptop), so
// every file is read with a bound on its size and on what its parser may
// build from it; a file over a limit is refused with the limit named, in
// both languages, rather than read until memory runs out.
const (
	// maxCarrierBytes bounds carrier.yaml. The demo carrier at scale 1 (a
	// mid-size MVNO and ISP) writes 60 KB; the YAML parser allocates about
	// 70 bytes per input byte, so 8 MiB (140 times the demo) keeps a
	// parse near half a gigabyte at worst while leaving room for a carrier
	// far larger than any the guidelines have in mind.
	maxCarrierBytes = 8 << 20
	// maxTableBytes bounds a tabular register that is held in memory
	// (persons, consents, complaints …). The demo's largest, consents.csv,
	// is 1.6 MB at scale 1; 1 GiB holds a carrier with tens of millions
	// of consents, and keeps a mistaken file (a disk image renamed
	// persons.csv) from being loaded whole.
	maxTableBytes = 1 << 30
	// maxLogBytes bounds the two streamed logs. They are read row by row
	// in constant memory, so the bound is only against a file that never
	// ends; 256 GiB is about 1.7 billion access events of the demo's width,
	// seventeen times the hundred million the design is measured at.
	maxLogBytes = 256 << 30
	// maxTextBytes bounds one text value: a YAML scalar, a CSV cell, a
	// JSON string. The longest texts of the format are summaries and
	// descriptions of a few paragraphs; 64 KiB is some twenty pages.
	maxTextBytes = 64 << 10
	// maxYAMLDepth bounds the nesting of carrier.yaml. The format's deepest
	// values (datasets → dataset → elements → element → its fields) sit 5
	// levels down, as in the demo carrier; goccy's parser takes time and memory quadratic in the nesting of
	// flow collections and compact sequences, so nesting is checked on the
	// raw text before parsing and on the syntax tree after.
	maxYAMLDepth = 32
	// maxYAMLNodes bounds the number of nodes of carrier.yaml with every
	// alias expanded. Aliases are legal YAML, but a few kilobytes of
	// aliases of aliases expand into millions of records (the "billion
	// laughs"); the demo carrier at scale 1 has 2,795 nodes, so a million
	// is over three hundred times that, and about what a file at the size
	// limit could hold written out (some eight bytes per value at least).
	maxYAMLNodes = 1 << 20
	// maxErrors is how many errors one read reports before it stops: enough
	// to fix a bundle in one pass, few enough to read on a terminal.
	maxErrors = 100
)

// sizeText renders a byte count the way the limits are written.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// limitFor returns the size limit of a file of the bundle.
func limitFor(name string) int64 {
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	if r, ok := himitsu.LookupRegister(stem); ok && r.Stream {
		return maxLogBytes
	}
	if name == CarrierFile {
		return maxCarrierBytes
	}
	return maxTableBytes
}

// tooLarge is the error of a file over its size limit.
func tooLarge(file string, line int, limit int64) *himitsu.Error {
	return invalid(file, line, "", "the file is larger than the limit of %s for this file", "ファイルがこのファイルの上限 %s を超えている", sizeText(limit))
}

// notRegular names what a file that is not a regular file is, in English
// and Japanese.
func notRegular(m fs.FileMode) (en, ja string) {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)", "名前付きパイプ（FIFO）"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		return "a device", "デバイス"
	case m&fs.ModeSocket != 0:
		return "a socket", "ソケット"
	case m.IsDir():
		return "a folder", "フォルダ"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link", "シンボリックリンク"
	}
	return "not a regular file", "通常のファイルではない"
}

// statInBundle checks that name in dir is a regular file inside the
// bundle folder: a symbolic link is followed only when its target is a
// regular file inside the folder too. It answers false without an error
// when there is no such file. Nothing is opened, so a named pipe or a
// device is refused without blocking on it or reading from it, and a link
// to a file elsewhere (/etc/shadow, a colleague's home) is refused without
// a byte of the target appearing in a message.
func statInBundle(dir, name string) (fs.FileInfo, bool, error) {
	path := filepath.Join(dir, name)
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, unreadable(name, "cannot be read", "読み込めない", err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		root, err1 := filepath.EvalSymlinks(dir)
		target, err2 := filepath.EvalSymlinks(path)
		if err1 != nil || err2 != nil {
			return nil, false, invalid(name, 0, "", "is a symbolic link whose target cannot be resolved; a bundle holds regular files", "リンク先を解決できないシンボリックリンクである。バンドルには通常のファイルを置くこと")
		}
		rel, err := filepath.Rel(root, target)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
			return nil, false, invalid(name, 0, "", "is a symbolic link to a file outside the bundle folder; copy the file into the bundle instead", "バンドルのフォルダ外のファイルへのシンボリックリンクである。ファイルをバンドル内に複製すること")
		}
		if fi, err = os.Stat(path); err != nil {
			return nil, false, unreadable(name, "cannot be read", "読み込めない", err)
		}
	}
	if !fi.Mode().IsRegular() {
		en, ja := notRegular(fi.Mode())
		return nil, false, invalid(name, 0, "", "is %[1]s, not a regular file; a bundle holds regular files only", "%[2]sであり、通常のファイルではない。バンドルには通常のファイルのみを置くこと", en, ja)
	}
	return fi, true, nil
}

// openInBundle opens a file that statInBundle accepted. It opens without
// blocking (a file swapped for a named pipe after the check would
// otherwise hang the import beyond the reach of Ctrl-C), checks the opened
// file is the one that was checked, and returns a reader that fails with
// the size limit named once more than limit bytes come out of it.
func openInBundle(dir, name string, limit int64) (*os.File, io.Reader, error) {
	fi, ok, err := statInBundle(dir, name)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, unreadable(name, "cannot be read", "読み込めない", fs.ErrNotExist)
	}
	if fi.Size() > limit {
		return nil, nil, tooLarge(name, 0, limit)
	}
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, nil, unreadable(name, "cannot be read", "読み込めない", err)
	}
	ofi, err := f.Stat()
	if err != nil || !os.SameFile(fi, ofi) || !ofi.Mode().IsRegular() {
		f.Close()
		return nil, nil, invalid(name, 0, "", "changed while it was being opened; read the bundle again when nothing writes to it", "開いている間に変更された。書き込み中でないときに改めて読み込むこと")
	}
	return f, &limitedReader{r: f, left: limit, limit: limit, file: name}, nil
}

// limitedReader is io.LimitReader that reports going over the limit as an
// error instead of a silent end of file, so a file that grows while it
// is read is refused rather than cut.
type limitedReader struct {
	r     io.Reader
	left  int64
	limit int64
	file  string
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n > 0 {
			return 0, tooLarge(l.file, 0, l.limit)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// readInBundle reads a whole file of the bundle within its limit.
func readInBundle(dir, name string) ([]byte, error) {
	f, r, err := openInBundle(dir, name, limitFor(name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		var he *himitsu.Error
		if errors.As(err, &he) {
			return nil, he
		}
		return nil, unreadable(name, "cannot be read", "読み込めない", err)
	}
	return b, nil
}
