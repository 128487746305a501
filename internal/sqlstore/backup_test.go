package sqlstore

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// TestBackupRestore takes a backup while the store is open, changes the
// database, restores the backup and compares: the restored database holds
// exactly what the backup saw. A damaged backup is refused and leaves the
// database alone.
func TestBackupRestore(t *testing.T) {
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "t", Purpose: "test"})
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "himitsu.db")
	s, err := Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	rec, ev := storetest.Fixture("a")
	if _, err := s.Replace(ctx, rec, ev); err != nil {
		t.Fatal(err)
	}
	want := storetest.Snapshot(t, s)
	backup := filepath.Join(dir, "backup.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, backup); himitsu.ErrorKind(err) != himitsu.KindConflict {
		t.Errorf("backup over an existing file: got %v, want a conflict", err)
	}
	// A change after the backup.
	if _, err := s.Complaints().Create(ctx, "a", himitsu.Complaint{ID: "after", ReceivedAt: rec.Complaints[0].ReceivedAt, Channel: "web", Category: "privacy"}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// A damaged backup is refused before anything is replaced.
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, []byte("not a database"), 0o600)
	if _, err := Restore(context.Background(), bad, dbPath); himitsu.ErrorKind(err) != himitsu.KindInvalid {
		t.Errorf("restoring garbage: got %v, want KindInvalid", err)
	}
	s2, err := Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Complaints().Get(ctx, "a", "after"); err != nil {
		t.Errorf("a refused restore changed the database: %v", err)
	}
	s2.Close()

	carriers, err := Restore(context.Background(), backup, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(carriers) != 1 || carriers[0] != "a" {
		t.Errorf("Restore: got carriers %v, want [a]", carriers)
	}
	s3, err := Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	got := storetest.Snapshot(t, s3)
	if d := storetest.Diff(got, want); d != "" {
		t.Errorf("restored database differs from the backup: %s", d)
	}
	if _, err := s3.Complaints().Get(ctx, "a", "after"); himitsu.ErrorKind(err) != himitsu.KindNotFound {
		t.Errorf("the change made after the backup survived the restore: %v", err)
	}
}

func TestBackupPostgresSaysHow(t *testing.T) {
	s := openPostgres(t)
	err := s.Backup(context.Background(), filepath.Join(t.TempDir(), "x"))
	if himitsu.ErrorKind(err) != himitsu.KindNotImplemented {
		t.Errorf("got %v, want KindNotImplemented naming pg_dump", err)
	}
}
