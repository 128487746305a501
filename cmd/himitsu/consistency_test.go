//go:build unix

package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// himitsuCmdHooked is himitsuCmd with a hook between a command's read of
// the registers and its streams of the logs.
func himitsuCmdHooked(t *testing.T, afterRegisters func(), args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }, afterRegisters: afterRegisters}
	code := run(context.Background(), e, args)
	return result{code, out.String(), errOut.String()}
}

// TestExportDuringImportIsOneState reproduces issue 11's mixed export: an
// import of B committed after export had read A's registers, and the
// exported bundle paired A's registers with B's access events. The hook
// commits B at exactly that point, on every engine; the export must be A.
func TestExportDuringImportIsOneState(t *testing.T) {
	a := exampleDir(t)
	b := exampleDir(t)
	writeAccessEvents(t, filepath.Join(b, "access_events.csv"), filepath.Join(a, "access_events.csv"), 1300, 0)
	for name, newDB := range databases(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, a))
			want := filepath.Join(t.TempDir(), "a")
			must(t, himitsuCmd(t, nil, "export", "--purpose", "test", "--db", db, want))

			got := filepath.Join(t.TempDir(), "mixed")
			imported := false
			r := himitsuCmdHooked(t, func() {
				must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, b))
				imported = true
			}, "export", "--purpose", "test", "--db", db, got)
			must(t, r)
			if !imported {
				t.Fatal("the hook did not run: the test proves nothing")
			}
			compareTrees(t, got, want)

			// The assessment reads one state too: its report equals the
			// report of B once B is in, and of A while A was.
			bReport := himitsuCmd(t, nil, "assess", "--purpose", "test", "--db", db, "--as-of", exampleAsOf, "--format", "json")
			must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, a))
			aReport := himitsuCmd(t, nil, "assess", "--purpose", "test", "--db", db, "--as-of", exampleAsOf, "--format", "json")
			if aReport.stdout == bReport.stdout {
				t.Fatal("A and B give the same report: the test proves nothing")
			}
			r = himitsuCmdHooked(t, func() {
				must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, b))
			}, "assess", "--purpose", "test", "--db", db, "--as-of", exampleAsOf, "--format", "json")
			must(t, r)
			if r.stdout != aReport.stdout {
				t.Error("assess during an import: got a report that is not A's")
			}
		})
	}
}

// TestExportRemovesStaleTemporaryFolders reproduces issue 11's killed
// export, which left its temporary folder behind; the next export removes
// it. That the read is logged before the bundle is written is shown by
// sqlstore's TestSnapshotLogsBeforeReading.
func TestExportRemovesStaleTemporaryFolders(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, exampleDir(t)))
	parent := t.TempDir()
	for _, stale := range []string{".out.himitsu-tmp-1234", ".out.tmp-5678"} {
		if err := os.MkdirAll(filepath.Join(parent, stale, "out"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	must(t, himitsuCmd(t, nil, "export", "--purpose", "test", "--db", db, filepath.Join(parent, "out")))
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != "out" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("got %v beside the export, want only out", names)
	}
}

// TestAssessOutputToFIFO reproduces issue 11's destroyed /dev/null with a
// FIFO: 'assess -o' renamed a regular file over it.
func TestAssessOutputToFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	got := make(chan []byte, 1)
	go func() {
		f, err := os.Open(p)
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- b
	}()
	must(t, himitsuCmd(t, nil, "assess", "--as-of", exampleAsOf, "--format", "json", "-o", p, exampleDir(t)))
	if b := <-got; !bytes.Contains(b, []byte(`"findings"`)) {
		t.Errorf("read from the FIFO: got %d bytes without findings, want the report", len(b))
	}
	fi, err := os.Lstat(p)
	if err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("after assess -o: got %v, %v; want the FIFO still there", fi.Mode(), err)
	}
}

// TestDatabaseFilePermissions: a new database is 0600, and a shared one is
// refused unless --allow-shared-db or HIMITSU_ALLOW_SHARED_DB says so.
func TestDatabaseFilePermissions(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, exampleDir(t)))
	fi, err := os.Stat(db)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("new database: got mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}
	r := himitsuCmd(t, nil, "log", "--db", db)
	if r.code != exitFail || !strings.Contains(r.stderr, "--allow-shared-db") {
		t.Errorf("shared database: got exit %d and stderr:\n%s\nwant exit 1 naming --allow-shared-db", r.code, r.stderr)
	}
	must(t, himitsuCmd(t, nil, "log", "--db", db, "--allow-shared-db"))
	must(t, himitsuCmd(t, map[string]string{"HIMITSU_ALLOW_SHARED_DB": "1"}, "log", "--db", db))
}

// TestCommandsDuringAnImport reproduces issue 11's "database is locked"
// from 'himitsu log' during an import: a real second connection holds a
// write transaction, as an importing process does.
func TestCommandsDuringAnImport(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the lock timeout")
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "h.db")
	must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, exampleDir(t)))
	w, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	conn, err := w.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	if _, err := conn.ExecContext(ctx, "DELETE FROM entry_logs"); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"log", "--db", db}, {"migrate", "--db", db}} {
		must(t, himitsuCmd(t, nil, args...))
	}
	// A read of records must be logged, which needs the writer: it waits
	// a bounded time and then says that an import is running.
	r := himitsuCmd(t, nil, "assess", "--purpose", "test", "--db", db, "--as-of", exampleAsOf)
	if r.code != exitFail || !strings.Contains(r.stderr, "an import is running") {
		t.Errorf("assess during an import: got exit %d and stderr:\n%s", r.code, r.stderr)
	}
	r = himitsuCmd(t, map[string]string{"HIMITSU_LANG": "ja"}, "import", "--purpose", "test", "--db", db, exampleDir(t))
	if r.code != exitFail || !strings.Contains(r.stderr, "取込み中") {
		t.Errorf("import during an import: got exit %d and stderr:\n%s", r.code, r.stderr)
	}
}
