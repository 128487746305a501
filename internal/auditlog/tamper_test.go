package auditlog_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu/internal/auditlog"
)

// tamper is one way to alter the database behind the log's back at
// position p of a log of n entries, and the way back.
type tamper struct {
	name string
	what string // the Problem.What verify must report
	do   func(t *testing.T, db *sql.DB, p, n int64) (undo func())
}

func execSQL(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func rowOf(t *testing.T, db *sql.DB, p int64) (kind, carrier, data string) {
	t.Helper()
	if err := db.QueryRow(`SELECT kind, carrier_id, data FROM audit_entries WHERE idx = $1`, p).Scan(&kind, &carrier, &data); err != nil {
		t.Fatal(err)
	}
	return
}

var tampers = []tamper{
	{"change purpose", "changed", func(t *testing.T, db *sql.DB, p, n int64) func() {
		_, _, data := rowOf(t, db, p)
		execSQL(t, db, `UPDATE audit_entries SET data = $1 WHERE idx = $2`, strings.Replace(data, `"purpose":"purpose`, `"purpose":"Purpose`, 1), p)
		return func() { execSQL(t, db, `UPDATE audit_entries SET data = $1 WHERE idx = $2`, data, p) }
	}},
	{"change kind column", "changed", func(t *testing.T, db *sql.DB, p, n int64) func() {
		execSQL(t, db, `UPDATE audit_entries SET kind = 'change' WHERE idx = $1`, p)
		return func() { execSQL(t, db, `UPDATE audit_entries SET kind = 'read' WHERE idx = $1`, p) }
	}},
	{"change stored hashes", "changed", func(t *testing.T, db *sql.DB, p, n int64) func() {
		var h []byte
		if err := db.QueryRow(`SELECT hashes FROM audit_entries WHERE idx = $1`, p).Scan(&h); err != nil {
			t.Fatal(err)
		}
		bad := append([]byte(nil), h...)
		bad[len(bad)-1] ^= 1 // the last hash the row holds: a node when it has any
		execSQL(t, db, `UPDATE audit_entries SET hashes = $1 WHERE idx = $2`, bad, p)
		return func() { execSQL(t, db, `UPDATE audit_entries SET hashes = $1 WHERE idx = $2`, h, p) }
	}},
	{"delete", "removed", func(t *testing.T, db *sql.DB, p, n int64) func() {
		kind, carrier, data := rowOf(t, db, p)
		var h []byte
		if err := db.QueryRow(`SELECT hashes FROM audit_entries WHERE idx = $1`, p).Scan(&h); err != nil {
			t.Fatal(err)
		}
		execSQL(t, db, `DELETE FROM audit_entries WHERE idx = $1`, p)
		return func() {
			execSQL(t, db, `INSERT INTO audit_entries (idx, kind, carrier_id, data, hashes) VALUES ($1, $2, $3, $4, $5)`, p, kind, carrier, data, h)
		}
	}},
	{"swap with neighbour", "reordered", func(t *testing.T, db *sql.DB, p, n int64) func() {
		q := p + 1
		if q == n {
			q = p - 1
		}
		_, _, dp := rowOf(t, db, p)
		_, _, dq := rowOf(t, db, q)
		execSQL(t, db, `UPDATE audit_entries SET data = $1 WHERE idx = $2`, dq, p)
		execSQL(t, db, `UPDATE audit_entries SET data = $1 WHERE idx = $2`, dp, q)
		return func() {
			execSQL(t, db, `UPDATE audit_entries SET data = $1 WHERE idx = $2`, dp, p)
			execSQL(t, db, `UPDATE audit_entries SET data = $1 WHERE idx = $2`, dq, q)
		}
	}},
}

// TestVerifyNamesEveryTamperedPosition changes, deletes and reorders each
// single row of a small log in the database, one at a time, and checks
// that verify fails and names that row (for a swap, the first of the two),
// then that undoing it makes verify pass again.
func TestVerifyNamesEveryTamperedPosition(t *testing.T) {
	const n = 9
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			l := e.open(t).Audit()
			fill(t, l, key(t, t.TempDir()), n)
			mustVerify(t, l, n)
			for _, tp := range tampers {
				for p := int64(0); p < n; p++ {
					undo := tp.do(t, e.raw, p, n)
					rep, err := l.Verify(context.Background(), nil)
					if err != nil {
						t.Fatal(err)
					}
					want := p
					if tp.name == "swap with neighbour" && p == n-1 {
						want = p - 1
					}
					first, ok := rep.First()
					if !ok || first.Entry != want || first.What != tp.what {
						t.Errorf("%s at %d: got first problem %+v, want entry %d %s", tp.name, p, first, want, tp.what)
					}
					undo()
				}
				mustVerify(t, l, n)
			}
		})
	}
}

// TestVerifyCatchesConsistentRewrite rewrites an entry and recomputes
// every stored hash, as someone who knows the layout would: only the
// signed checkpoints can tell, and verify says which ones.
func TestVerifyCatchesConsistentRewrite(t *testing.T) {
	e := engines(t)[0]
	l := e.open(t).Audit()
	fill(t, l, key(t, t.TempDir()), 9)
	_, _, data := rowOf(t, e.raw, 4)
	forged := strings.Replace(data, `"purpose":"purpose 4"`, `"purpose":"purpose X"`, 1)
	execSQL(t, e.raw, `UPDATE audit_entries SET data = $1 WHERE idx = 4`, forged)
	rehashStored(t, e.raw)
	rep, err := l.Verify(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	first, ok := rep.First()
	if !ok || first.What != "checkpoint" || !strings.Contains(first.Msg, "size 9") || !strings.Contains(first.Msg, "from 3 to 8") {
		t.Errorf("got first problem %+v, want the checkpoint of size 9 naming entries 3 to 8 (fill signs sizes 3 and 9)", first)
	}
	if rep.Checkpoints != 1 {
		t.Errorf("got %d valid checkpoints, want 1 (size 3)", rep.Checkpoints)
	}
}

// TestVerifyNamesMalformedRewriteUnderCheckpoint rewrites an entry below
// a checkpoint into data that is no longer canonical (a space in its
// body; its index, kind and carrier kept) and recomputes every stored hash. Verify's quick pass
// reads such entries by those fields only and would name just the
// checkpoint; the full pass it then repeats names the entry, as the full
// check always did.
func TestVerifyNamesMalformedRewriteUnderCheckpoint(t *testing.T) {
	e := engines(t)[0]
	l := e.open(t).Audit()
	fill(t, l, key(t, t.TempDir()), 9)
	_, _, data := rowOf(t, e.raw, 4)
	// A space in the body, after the fields the quick pass reads.
	forged := strings.Replace(data, `"rows":1`, `"rows": 1`, 1)
	if forged == data {
		t.Fatalf("entry 4 has no purpose to rewrite: %s", data)
	}
	execSQL(t, e.raw, `UPDATE audit_entries SET data = $1 WHERE idx = 4`, forged)
	rehashStored(t, e.raw)
	rep, err := l.Verify(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	first, ok := rep.First()
	if !ok || first.What != "changed" || first.Entry != 4 || !strings.Contains(first.Msg, "no longer a valid entry") {
		t.Errorf("got first problem %+v, want entry 4 changed into data that is not a valid entry", first)
	}
}

// TestVerifyTruncatedLog deletes the last entries and their hashes: the
// checkpoint that covered them names the first one removed.
func TestVerifyTruncatedLog(t *testing.T) {
	e := engines(t)[0]
	l := e.open(t).Audit()
	fill(t, l, key(t, t.TempDir()), 9)
	execSQL(t, e.raw, `DELETE FROM audit_entries WHERE idx >= 7`)
	rep, err := l.Verify(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	first, ok := rep.First()
	if !ok || first.Entry != 7 || first.What != "removed" {
		t.Errorf("got first problem %+v, want entry 7 removed", first)
	}
}

// TestExportVerifies exports a log and verifies the export, then checks
// that each single changed, deleted or swapped line fails verification.
func TestExportVerifies(t *testing.T) {
	e := engines(t)[0]
	ctx := context.Background()
	l := e.open(t).Audit()
	k := key(t, t.TempDir())
	const n = 9
	fill(t, l, k, n)
	dir := filepath.Join(t.TempDir(), "export")
	if got, err := l.Export(ctx, dir); err != nil || got != n {
		t.Fatalf("Export: got %d, %v, want %d entries", got, err, n)
	}
	if _, err := l.Export(ctx, dir); err == nil {
		t.Errorf("Export into a non-empty folder: got no error")
	}
	rep, err := auditlog.VerifyExport(dir, []string{k.VKey})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Entries != n || rep.Signed != n {
		t.Fatalf("got %+v, want %d entries, all signed, no problem", rep, n)
	}
	// A key the auditor does not trust is not enough.
	other, err := auditlog.NewKey(filepath.Join(t.TempDir(), "other.key"), "himitsu.test/audit")
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := auditlog.VerifyExport(dir, []string{other.VKey}); err != nil || rep.OK() {
		t.Errorf("verify with another trusted key: got %+v, %v, want a failure", rep, err)
	}
	orig, err := os.ReadFile(filepath.Join(dir, auditlog.ExportEntries))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(orig, []byte("\n"))
	lines = lines[:len(lines)-1]
	for p := 0; p < n; p++ {
		for _, c := range []struct {
			name  string
			edit  func() [][]byte
			entry int64
			what  string
		}{
			{"delete", func() [][]byte { return append(append([][]byte{}, lines[:p]...), lines[p+1:]...) }, int64(p), "removed"},
			{"change", func() [][]byte {
				out := append([][]byte{}, lines...)
				out[p] = bytes.Replace(out[p], []byte("purpose "), []byte("Purpose "), 1)
				return out
			}, -1, "checkpoint"},
			{"swap", func() [][]byte {
				q := p + 1
				if q == n {
					q = p - 1
				}
				out := append([][]byte{}, lines...)
				out[p], out[q] = out[q], out[p]
				return out
			}, int64(min(p, p+1-(p+1)/n*2)), "reordered"},
		} {
			if err := os.WriteFile(filepath.Join(dir, auditlog.ExportEntries), bytes.Join(c.edit(), nil), 0o600); err != nil {
				t.Fatal(err)
			}
			rep, err := auditlog.VerifyExport(dir, []string{k.VKey})
			if err != nil {
				t.Fatal(err)
			}
			first, ok := rep.First()
			if !ok || first.What != c.what || first.Entry != c.entry {
				t.Errorf("%s line %d: got %+v, want entry %d %s", c.name, p+1, first, c.entry, c.what)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dir, auditlog.ExportEntries), orig, 0o600); err != nil {
		t.Fatal(err)
	}
	if rep, err := auditlog.VerifyExport(dir, nil); err != nil || !rep.OK() {
		t.Errorf("restored export: got %+v, %v", rep, err)
	}
}

// countLines is used by the reliability test.
func countLines(t *testing.T, path string) int {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
	}
	return n
}

// rehashStored recomputes every stored hash of the log from the entries'
// data, as a forger with write access to the database would after
// rewriting an entry: only the signed checkpoints can then tell.
func rehashStored(t *testing.T, db *sql.DB) {
	t.Helper()
	r := auditlog.NewRange()
	rows, err := db.Query(`SELECT data FROM audit_entries ORDER BY idx`)
	if err != nil {
		t.Fatal(err)
	}
	var packed [][]byte
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		var b []byte
		for _, h := range r.Append([]byte(d), nil) {
			b = append(b, h[:]...)
		}
		packed = append(packed, b)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	for i, b := range packed {
		execSQL(t, db, `UPDATE audit_entries SET hashes = $1 WHERE idx = $2`, b, i)
	}
}
