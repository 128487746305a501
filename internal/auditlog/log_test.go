package auditlog_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auditlog"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
)

const postgresEnv = "HIMITSU_TEST_POSTGRES"

// engine opens stores of one database: open returns a new, separate
// store (its own connections) on the same database each time, and raw
// a plain handle for changing rows behind the log's back.
type engine struct {
	name string
	pg   bool
	dsn  string
	open func(t *testing.T, opts ...auditlog.Options) *sqlstore.Store
	raw  *sql.DB
}

// engines returns a fresh SQLite file and, when HIMITSU_TEST_POSTGRES is
// set, a fresh schema of that database.
func engines(t *testing.T) []engine {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.db")
	lite := engine{name: "sqlite", open: func(t *testing.T, opts ...auditlog.Options) *sqlstore.Store {
		s, err := sqlstore.OpenWith(ctx, path, sqlstore.Options{Audit: first(opts)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}}
	lite.dsn = path
	lite.open(t).Close() // create and migrate
	raw, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	lite.raw = raw
	out := []engine{lite}
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		return out
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	schema := "himitsu_audit_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE") })
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	pdsn := u.String()
	pg := engine{name: "postgres", pg: true, open: func(t *testing.T, opts ...auditlog.Options) *sqlstore.Store {
		s, err := sqlstore.OpenWith(ctx, pdsn, sqlstore.Options{Audit: first(opts)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}}
	pg.dsn = pdsn
	pg.open(t).Close()
	praw, err := sql.Open("pgx", pdsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { praw.Close() })
	pg.raw = praw
	return append(out, pg)
}

// first returns the first of opts, or the zero Options.
func first(opts []auditlog.Options) auditlog.Options {
	if len(opts) == 0 {
		return auditlog.Options{}
	}
	return opts[0]
}

// entry returns a read entry numbered i, so that each is told apart.
func entry(i int) *auditlog.Entry {
	return &auditlog.Entry{Kind: auditlog.KindRead, Actor: "tester", Purpose: fmt.Sprintf("purpose %d", i),
		Tool: "auditlog test", Carrier: "c1", Body: []byte(`{"rows": 1, "what": "records"}`)}
}

func key(t *testing.T, dir string) auditlog.Signer {
	t.Helper()
	k, _, err := auditlog.LoadKey(filepath.Join(dir, "audit.key"), "himitsu.test/audit")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// fill appends n entries, some one by one and some in one call, and
// signs a checkpoint after every third and at the end.
func fill(t *testing.T, l *auditlog.Log, k auditlog.Signer, n int) []*auditlog.Checkpoint {
	t.Helper()
	ctx := context.Background()
	var cps []*auditlog.Checkpoint
	for i := 0; i < n; {
		batch := []*auditlog.Entry{entry(i)}
		if i%4 == 1 && i+1 < n {
			batch = append(batch, entry(i+1))
		}
		if err := l.Append(ctx, batch...); err != nil {
			t.Fatal(err)
		}
		for _, e := range batch {
			if e.Index != int64(i) {
				t.Fatalf("got index %d, want %d", e.Index, i)
			}
			i++
		}
		if i%3 == 0 || i == n {
			cp, err := l.Checkpoint(ctx, k)
			if err != nil {
				t.Fatal(err)
			}
			cps = append(cps, cp)
		}
	}
	return cps
}

func mustVerify(t *testing.T, l *auditlog.Log, want int64) {
	t.Helper()
	rep, err := l.Verify(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Entries != want {
		t.Fatalf("got %d entries and problems %+v, want %d entries and none", rep.Entries, rep.Problems, want)
	}
}

func TestAppendProveVerify(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			l := e.open(t).Audit()
			k := key(t, t.TempDir())
			cps := fill(t, l, k, 13)
			mustVerify(t, l, 13)
			for _, cp := range cps {
				for n := int64(0); n < cp.Size; n++ {
					p, err := l.ProveInclusion(ctx, n, cp.Size)
					if err != nil {
						t.Fatalf("inclusion of %d in %d: %v", n, cp.Size, err)
					}
					if p.Index != n || p.TreeSize != cp.Size {
						t.Fatalf("got proof of %d in %d, want %d in %d", p.Index, p.TreeSize, n, cp.Size)
					}
				}
				for _, b := range cps {
					if _, err := l.ProveConsistency(ctx, cp.Size, b.Size); err != nil {
						t.Fatalf("consistency %d→%d: %v", cp.Size, b.Size, err)
					}
				}
			}
			if _, err := l.ProveInclusion(ctx, 13, 13); himitsu.ErrorKind(err) != himitsu.KindNotFound {
				t.Errorf("inclusion of entry 13 in size 13: got %v, want KindNotFound", err)
			}
			// fill signs no checkpoint of size 2 (it appends entries 1 and 2
			// together), nor of any size past the log.
			for _, size := range []int64{2, 14, 100} {
				_, err := l.ProveInclusion(ctx, 0, size)
				if himitsu.ErrorKind(err) != himitsu.KindNotFound || !strings.Contains(err.Error(), fmt.Sprintf("no checkpoint of size %d", size)) {
					t.Errorf("inclusion of entry 0 in size %d: got %v, want no checkpoint of that size", size, err)
				}
			}
			if p, err := l.ProveInclusion(ctx, 5, -1); err != nil || p.TreeSize != 13 || p.Index != 5 {
				t.Errorf("inclusion of entry 5 in the latest checkpoint: got %+v, %v", p, err)
			}
		})
	}
}

// TestSyncAppend checks the strictly synchronous mode: each Append is
// committed (visible to another store) when it returns.
func TestSyncAppend(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			l := e.open(t, auditlog.Options{Sync: true}).Audit()
			other := e.open(t).Audit()
			for i := range 5 {
				if err := l.Append(ctx, entry(i)); err != nil {
					t.Fatal(err)
				}
				n, err := other.Size(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if n != int64(i+1) {
					t.Fatalf("after append %d another store sees %d entries, want %d", i, n, i+1)
				}
			}
		})
	}
}

func TestRefusesBadEntries(t *testing.T) {
	e := engines(t)[0]
	l := e.open(t).Audit()
	for _, c := range []struct {
		name  string
		e     auditlog.Entry
		field string
	}{
		{"unknown kind", auditlog.Entry{Kind: "peek", Actor: "a", Purpose: "p"}, "kind"},
		{"no actor", auditlog.Entry{Kind: auditlog.KindRead, Purpose: "p"}, "actor"},
		{"no purpose", auditlog.Entry{Kind: auditlog.KindRead, Actor: "a", Purpose: " "}, "purpose"},
		{"control character", auditlog.Entry{Kind: auditlog.KindRead, Actor: "a\x1b[2J", Purpose: "p"}, "actor"},
		{"raw subscriber", auditlog.Entry{Kind: auditlog.KindDecision, Actor: "a", Purpose: "p", Subjects: []string{"090-1234-5678"}}, "subjects"},
		{"body not JSON", auditlog.Entry{Kind: auditlog.KindRead, Actor: "a", Purpose: "p", Body: []byte("{")}, "body"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := c.e
			err := l.Append(context.Background(), &e)
			var he *himitsu.Error
			if !asError(err, &he) || he.Field != c.field {
				t.Errorf("got %v, want an error on field %s", err, c.field)
			}
		})
	}
	n, err := l.Size(context.Background())
	if err != nil || n != 0 {
		t.Errorf("got size %d (%v) after refused entries, want 0", n, err)
	}
	// A pseudonymised subject is accepted.
	p := himitsu.NewPseudonymizer([]byte("0123456789abcdef0123"))
	ok := &auditlog.Entry{Kind: auditlog.KindDecision, Actor: "a", Purpose: "p", Subjects: auditlog.Subjects(p, "090-1234-5678")}
	if err := l.Append(context.Background(), ok); err != nil {
		t.Errorf("pseudonymised subject: %v", err)
	}
	if strings.Contains(fmt.Sprint(ok.Subjects), "1234") {
		t.Errorf("got subjects %v, want pseudonyms only", ok.Subjects)
	}
}

func asError(err error, he **himitsu.Error) bool {
	for err != nil {
		if e, ok := err.(*himitsu.Error); ok && e.Field != "" {
			*he = e
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

// TestRunCheckpoints checks the fixed-interval signer: it signs once the
// log has grown, and not again while it has not.
func TestRunCheckpoints(t *testing.T) {
	e := engines(t)[0]
	l := e.open(t).Audit()
	k := key(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		l.RunCheckpoints(ctx, k, 10*time.Millisecond, slog.New(slog.DiscardHandler))
		close(done)
	}()
	defer func() { cancel(); <-done }()
	if err := l.Append(context.Background(), entry(0), entry(1), entry(2)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		cps, err := l.Checkpoints(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n := len(cps); n > 0 && cps[n-1].Size == 3 {
			time.Sleep(50 * time.Millisecond) // several more ticks
			again, err := l.Checkpoints(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(again) != n {
				t.Errorf("got %d checkpoints after more ticks without appends, want %d", len(again), n)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint of size 3 within 5 s; got %d checkpoints", len(cps))
		}
		time.Sleep(10 * time.Millisecond)
	}
	mustVerify(t, l, 3)
}

// mustVerifyUnsigned verifies a log that has no checkpoint yet: the only
// problem allowed is the missing signature.
func mustVerifyUnsigned(t *testing.T, l *auditlog.Log, want int64) {
	t.Helper()
	rep, err := l.Verify(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Entries != want || len(rep.Problems) != 1 || rep.Problems[0].What != "checkpoint" || rep.Problems[0].Entry != -1 {
		t.Fatalf("got %d entries and problems %+v, want %d entries and only the missing checkpoint", rep.Entries, rep.Problems, want)
	}
}
