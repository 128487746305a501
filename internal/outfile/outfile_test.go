//go:build unix

package outfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func writeText(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// fifo makes a FIFO at path and reads it in the background; the returned
// function waits for the reader and returns what it read.
func fifo(t *testing.T, path string) func() string {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(path)
		if err != nil {
			got <- "open: " + err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	return func() string { return <-got }
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode()
}

// TestWriteNeverReplacesADevice reproduces issue 11's destroyed /dev/null:
// 'assess -o /dev/null' as root renamed a regular file over the device. A
// FIFO stands in for the device: like /dev/null it is not a regular file,
// and a test may make one without root.
func TestWriteNeverReplacesADevice(t *testing.T) {
	t.Run("FIFO", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "pipe")
		read := fifo(t, p)
		if err := Write(p, writeText("report")); err != nil {
			t.Fatal(err)
		}
		if got := read(); got != "report" {
			t.Errorf("read from the FIFO: got %q, want %q", got, "report")
		}
		if m := mode(t, p); m&fs.ModeNamedPipe == 0 {
			t.Errorf("after the write: got mode %v, want still a FIFO", m)
		}
	})
	t.Run("symlink to a FIFO", func(t *testing.T) {
		dir := t.TempDir()
		p, link := filepath.Join(dir, "pipe"), filepath.Join(dir, "link")
		read := fifo(t, p)
		if err := os.Symlink(p, link); err != nil {
			t.Fatal(err)
		}
		if err := Write(link, writeText("report")); err != nil {
			t.Fatal(err)
		}
		if got := read(); got != "report" {
			t.Errorf("read from the FIFO: got %q, want %q", got, "report")
		}
		if m := mode(t, link); m&fs.ModeSymlink == 0 {
			t.Errorf("the link after the write: got mode %v, want still a link", m)
		}
		if m := mode(t, p); m&fs.ModeNamedPipe == 0 {
			t.Errorf("the FIFO after the write: got mode %v, want still a FIFO", m)
		}
	})
	t.Run("/dev/null", func(t *testing.T) {
		before, err := os.Lstat("/dev/null")
		if err != nil || before.Mode()&fs.ModeCharDevice == 0 {
			t.Skip("no /dev/null character device here")
		}
		if err := Write("/dev/null", writeText("report")); err != nil {
			t.Fatal(err)
		}
		if m := mode(t, "/dev/null"); m != before.Mode() {
			t.Errorf("/dev/null after the write: got mode %v, want %v", m, before.Mode())
		}
	})
}

func TestWriteRegularFiles(t *testing.T) {
	t.Run("absent file is created 0600", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "r.txt")
		if err := Write(p, writeText("new")); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(p)
		if string(b) != "new" {
			t.Errorf("got %q, want %q", b, "new")
		}
		if m := mode(t, p).Perm(); m != 0o600 {
			t.Errorf("got mode %04o, want 0600", m)
		}
	})
	t.Run("existing file replaced", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "r.txt")
		os.WriteFile(p, []byte("old"), 0o600)
		if err := Write(p, writeText("new")); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(p); string(b) != "new" {
			t.Errorf("got %q, want %q", b, "new")
		}
	})
	t.Run("failed write leaves the old file and no temporary", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "r.txt")
		os.WriteFile(p, []byte("old"), 0o600)
		boom := errors.New("boom")
		err := Write(p, func(w io.Writer) error { io.WriteString(w, "half"); return boom })
		if !errors.Is(err, boom) {
			t.Errorf("got %v, want the writer's error", err)
		}
		if b, _ := os.ReadFile(p); string(b) != "old" {
			t.Errorf("got %q, want %q", b, "old")
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("got %d entries in the folder, want 1 (no temporary left)", len(entries))
		}
	})
	// Decision: a link to a regular file is followed; the file it points
	// to is replaced whole and the link stays a link to it.
	t.Run("symlink to a regular file", func(t *testing.T) {
		dir := t.TempDir()
		p, link := filepath.Join(dir, "real.txt"), filepath.Join(dir, "link.txt")
		os.WriteFile(p, []byte("old"), 0o600)
		if err := os.Symlink("real.txt", link); err != nil {
			t.Fatal(err)
		}
		if err := Write(link, writeText("new")); err != nil {
			t.Fatal(err)
		}
		if m := mode(t, link); m&fs.ModeSymlink == 0 {
			t.Errorf("the link after the write: got mode %v, want still a link", m)
		}
		if b, _ := os.ReadFile(p); string(b) != "new" {
			t.Errorf("the file the link points to: got %q, want %q", b, "new")
		}
	})
	t.Run("folder refused", func(t *testing.T) {
		dir := t.TempDir()
		if err := Write(dir, writeText("x")); err == nil || !strings.Contains(err.Error(), "folder") {
			t.Errorf("got %v, want an error saying it is a folder", err)
		}
	})
}

func fillWith(name, text string) func(string) error {
	return func(p string) error {
		if err := os.Mkdir(p, 0o700); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(p, name), []byte(text), 0o600)
	}
}

func TestDir(t *testing.T) {
	t.Run("absent", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out")
		if err := Dir(out, fillWith("a", "1")); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(filepath.Join(out, "a")); string(b) != "1" {
			t.Errorf("got %q, want %q", b, "1")
		}
	})
	// Issue 11: a killed export left a large temporary folder behind.
	t.Run("stale temporary folders of killed writes removed", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "out")
		stale := []string{".out" + dirTempInfix + "123", ".out.tmp-456"}
		for _, s := range stale {
			os.MkdirAll(filepath.Join(parent, s, "out"), 0o700)
			os.WriteFile(filepath.Join(parent, s, "out", "access_events.csv"), []byte("big"), 0o600)
		}
		other := filepath.Join(parent, ".other"+dirTempInfix+"1") // another target's: kept
		os.Mkdir(other, 0o700)
		if err := Dir(out, fillWith("a", "1")); err != nil {
			t.Fatal(err)
		}
		for _, s := range stale {
			if _, err := os.Stat(filepath.Join(parent, s)); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s: got %v, want it removed", s, err)
			}
		}
		if _, err := os.Stat(other); err != nil {
			t.Errorf("another target's folder: got %v, want it kept", err)
		}
		entries, _ := os.ReadDir(parent)
		if len(entries) != 2 {
			t.Errorf("got %d entries in the parent, want 2 (out and the other target's)", len(entries))
		}
	})
	t.Run("failed fill leaves nothing", func(t *testing.T) {
		parent := t.TempDir()
		boom := errors.New("boom")
		err := Dir(filepath.Join(parent, "out"), func(p string) error { fillWith("a", "1")(p); return boom })
		if !errors.Is(err, boom) {
			t.Errorf("got %v, want the fill's error", err)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 0 {
			t.Errorf("got %d entries, want none", len(entries))
		}
	})
	t.Run("non-empty folder refused", func(t *testing.T) {
		out := t.TempDir()
		os.WriteFile(filepath.Join(out, "x"), nil, 0o600)
		if err := Dir(out, fillWith("a", "1")); err == nil {
			t.Error("got nil, want an error")
		}
	})
	t.Run("symlink to an empty folder is followed", func(t *testing.T) {
		parent := t.TempDir()
		real, link := filepath.Join(parent, "real"), filepath.Join(parent, "link")
		os.Mkdir(real, 0o700)
		os.Symlink("real", link)
		if err := Dir(link, fillWith("a", "1")); err != nil {
			t.Fatal(err)
		}
		if m := mode(t, link); m&fs.ModeSymlink == 0 {
			t.Errorf("the link: got mode %v, want still a link", m)
		}
		if b, _ := os.ReadFile(filepath.Join(real, "a")); string(b) != "1" {
			t.Errorf("through the link: got %q, want %q", b, "1")
		}
	})
	t.Run("FIFO refused, not replaced", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "pipe")
		syscall.Mkfifo(p, 0o600)
		if err := Dir(p, fillWith("a", "1")); err == nil {
			t.Error("got nil, want an error")
		}
		if m := mode(t, p); m&fs.ModeNamedPipe == 0 {
			t.Errorf("got mode %v, want still a FIFO", m)
		}
	})
}
