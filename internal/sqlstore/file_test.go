package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// TestSQLiteFilesPrivate reproduces issue 11's world-readable database: the
// file and its -wal and -shm were created 0644.
func TestSQLiteFilesPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "himitsu.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rec, ev := storetest.Fixture("c1")
	if _, err := s.Replace(readerCtx(), rec, ev); err != nil {
		t.Fatal(err)
	}
	// Open a reader too, so that the -shm file exists for certain.
	if _, err := s.Carriers(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
			continue
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("%s: got mode %04o, want 0600", filepath.Base(p), got)
		}
	}
}

func TestSQLiteRefusesSharedFile(t *testing.T) {
	tests := []struct {
		name    string
		file    string // which file is opened up to others
		mode    os.FileMode
		allow   bool
		wantErr bool
	}{
		{"private", "", 0, false, false},
		{"group-readable database", "", 0o640, false, true},
		{"world-readable database", "", 0o644, false, true},
		{"world-readable -wal", "-wal", 0o644, false, true},
		{"world-readable database allowed", "", 0o644, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "himitsu.db")
			s, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			if tt.mode != 0 {
				if tt.file != "" {
					if err := os.WriteFile(path+tt.file, nil, 0o600); err != nil {
						t.Fatal(err)
					}
				}
				if err := os.Chmod(path+tt.file, tt.mode); err != nil {
					t.Fatal(err)
				}
			}
			s, err = OpenWith(context.Background(), path, Options{AllowSharedFile: tt.allow})
			if err == nil {
				s.Close()
			}
			if tt.wantErr {
				if himitsu.ErrorKind(err) != himitsu.KindPermission || !strings.Contains(err.Error(), "--allow-shared-db") {
					t.Errorf("got %v, want a permission error naming --allow-shared-db", err)
				}
			} else if err != nil {
				t.Errorf("got %v, want the database opened", err)
			}
		})
	}
}

// TestOpenWhileAnotherProcessWrites reproduces issue 11's "database is
// locked" from 'himitsu log' during an import: opening ran the migrations,
// which take the write lock. A second connection of its own (as another
// process would) holds a write transaction throughout.
func TestOpenWhileAnotherProcessWrites(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "himitsu.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	rec, ev := storetest.Fixture("c1")
	if _, err := s.Replace(readerCtx(), rec, ev); err != nil {
		t.Fatal(err)
	}
	s.Close()

	writer, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	conn, err := writer.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "DELETE FROM entry_logs"); err != nil {
		t.Fatal(err)
	}

	s2, err := OpenWith(ctx, path, Options{BusyWait: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("open during a write transaction: got %v, want it opened", err)
	}
	defer s2.Close()
	if _, err := s2.ChangeLog(ctx, "c1"); err != nil {
		t.Errorf("change log during a write transaction: got %v, want it read", err)
	}
	if _, err := s2.Carriers(ctx); err != nil {
		t.Errorf("carriers during a write transaction: got %v, want them read", err)
	}
	// A read of records must be logged, which needs the write lock: it
	// waits BusyWait and then says why.
	_, err = s2.Snapshot(readerCtx(), "c1")
	if himitsu.ErrorKind(err) != himitsu.KindConflict || !strings.Contains(err.Error(), "an import is running") {
		t.Errorf("snapshot during a write transaction: got %v, want a conflict saying an import is running", err)
	}
	var he *himitsu.Error
	if e, ok := err.(*himitsu.Error); ok {
		he = e
	}
	if he == nil || !strings.Contains(he.Localized("ja"), "取込み中") {
		t.Errorf("snapshot during a write transaction: got %v, want a Japanese message too", err)
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	snap, err := s2.Snapshot(readerCtx(), "c1")
	if err != nil {
		t.Fatalf("snapshot after the writer ended: %v", err)
	}
	snap.Close()
}

// TestSecureDelete reproduces issue 11's recoverable complaint: a record
// replaced by a re-import stayed in the free pages of the file, where a
// byte search found it. The control case shows the search does find text
// left behind.
func TestSecureDelete(t *testing.T) {
	tests := []struct {
		name      string
		opts      Options
		wantFound bool
	}{
		{"secure_delete on (default)", Options{}, false},
		{"secure_delete off (control)", Options{NoSecureDelete: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := readerCtx()
			path := filepath.Join(t.TempDir(), "himitsu.db")
			s, err := OpenWith(context.Background(), path, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			secret := "deleted-complaint-text-7f3a9c"
			rec, ev := storetest.Fixture("c1")
			rec.Complaints[0].Summary = secret
			if _, err := s.Replace(ctx, rec, ev); err != nil {
				t.Fatal(err)
			}
			rec.Complaints = nil // the complaint is gone from the new bundle
			if _, err := s.Replace(ctx, rec, ev); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil { // checkpoints and removes the WAL
				t.Fatal(err)
			}
			found := false
			for _, p := range []string{path, path + "-wal"} {
				b, err := os.ReadFile(p)
				if err != nil {
					continue
				}
				found = found || bytes.Contains(b, []byte(secret))
			}
			if found != tt.wantFound {
				t.Errorf("replaced complaint text in the file: got found=%v, want %v", found, tt.wantFound)
			}
		})
	}
}

// TestReplaceWaitsBoundedForAnotherImport: a second import of the same
// carrier waits BusyWait for the first and then says an import is
// running, on both engines (SQLite's write lock, PostgreSQL's row lock).
func TestReplaceWaitsBoundedForAnotherImport(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			if !s.pg {
				// busy_timeout is set when a connection opens.
				var err error
				s, err = OpenWith(context.Background(), filepath.Join(t.TempDir(), "h.db"), Options{BusyWait: 300 * time.Millisecond})
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
			}
			s.busyWait = 300 * time.Millisecond
			ctx := readerCtx()
			rec, ev := storetest.Fixture("c1")
			if _, err := s.Replace(ctx, rec, ev); err != nil {
				t.Fatal(err)
			}
			// The first import, by hand: a transaction holding what an
			// import holds while it streams.
			var (
				holder *sql.DB
				err    error
			)
			if s.pg {
				holder = s.db
			} else {
				holder, err = sql.Open("sqlite", sqlitePathOf(t, s))
				if err != nil {
					t.Fatal(err)
				}
				defer holder.Close()
			}
			conn, err := holder.Conn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			begin, lock := "BEGIN", "SELECT id FROM carriers WHERE id = 'c1' FOR UPDATE"
			if !s.pg {
				begin, lock = "BEGIN IMMEDIATE", "UPDATE carriers SET name = name WHERE id = 'c1'"
			}
			for _, q := range []string{begin, lock} {
				if _, err := conn.ExecContext(context.Background(), q); err != nil {
					t.Fatal(err)
				}
			}
			defer conn.ExecContext(context.Background(), "ROLLBACK")
			_, err = s.Replace(ctx, rec, ev)
			if himitsu.ErrorKind(err) != himitsu.KindConflict || !strings.Contains(err.Error(), "an import is running") {
				t.Errorf("import during an import: got %v, want a conflict saying an import is running", err)
			}
			if !s.pg {
				return
			}
			// The audit log's sequencer (internal/auditlog's sequencerKey),
			// held by a process recording an act, e.g. an export stopped
			// while it logs its read: the change log's wait is bounded
			// and explained too.
			if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
				t.Fatal(err)
			}
			if _, err := conn.ExecContext(context.Background(), "SELECT pg_advisory_lock($1)", int64(0x6175646974)); err != nil {
				t.Fatal(err)
			}
			defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", int64(0x6175646974))
			_, err = s.Replace(ctx, rec, ev)
			if himitsu.ErrorKind(err) != himitsu.KindConflict || !strings.Contains(err.Error(), "an import is running") {
				t.Errorf("import while the audit log is locked: got %v, want a conflict saying an import is running", err)
			}
		})
	}
}

// sqlitePathOf returns the file of a SQLite store opened by openSQLite.
func sqlitePathOf(t *testing.T, s *Store) string {
	t.Helper()
	var seq int
	var name, file string
	if err := s.rdb.QueryRow("PRAGMA database_list").Scan(&seq, &name, &file); err != nil {
		t.Fatal(err)
	}
	return file
}
