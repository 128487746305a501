package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// TwoHandles opens two stores on one database, as two server instances
// would: a SQLite file opened twice, or one PostgreSQL schema.
func twoHandles(t *testing.T, engine string) (*Store, *Store) {
	t.Helper()
	var dsn string
	switch engine {
	case EngineSQLite:
		dsn = filepath.Join(t.TempDir(), "himitsu.db")
	default:
		dsn = os.Getenv(postgresEnv)
		if dsn == "" {
			t.Skipf("%s is not set: skipping the PostgreSQL store tests", postgresEnv)
		}
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Close() })
		var b [6]byte
		rand.Read(b[:])
		schema := "himitsu_test_" + hex.EncodeToString(b[:])
		if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
		u, _ := url.Parse(dsn)
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		dsn = u.String()
	}
	var out [2]*Store
	for i := range out {
		s, err := Open(context.Background(), dsn)
		if err != nil {
			t.Fatalf("Open %d: %v", i, err)
		}
		t.Cleanup(func() { s.Close() })
		out[i] = s
	}
	return out[0], out[1]
}

func TestAccountsShared(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			a, b := twoHandles(t, e.name)
			ctx := context.Background()
			rec, ev := storetest.Fixture("a")
			if _, err := a.Replace(himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "t", Purpose: "test"}), rec, ev); err != nil {
				t.Fatal(err)
			}
			if n, err := b.CountUsers(ctx); err != nil || n != 0 {
				t.Fatalf("CountUsers: got %d, %v; want 0", n, err)
			}
			u, err := a.CreateUser(ctx, himitsu.User{Name: "hanako", Role: himitsu.RoleOfficer, Lang: "ja", PasswordHash: "h", Carriers: []string{"a"}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = b.CreateUser(ctx, himitsu.User{Name: "hanako", Role: himitsu.RoleDesk})
			if himitsu.ErrorKind(err) != himitsu.KindConflict {
				t.Errorf("second hanako: got %v, want a conflict", err)
			}
			for _, bad := range []himitsu.User{
				{Name: "x y", Role: himitsu.RoleDesk},
				{Name: "taro", Role: "boss"},
			} {
				if _, err := a.CreateUser(ctx, bad); himitsu.ErrorKind(err) != himitsu.KindInvalid {
					t.Errorf("CreateUser(%+v): got %v, want KindInvalid", bad, err)
				}
			}
			// An examiner may follow several carriers (read-only).
			recB, evB := storetest.Fixture("b")
			if _, err := a.Replace(himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "t", Purpose: "test"}), recB, evB); err != nil {
				t.Fatal(err)
			}
			if reg, err := a.CreateUser(ctx, himitsu.User{Name: "reg", Role: himitsu.RoleRegulator, Carriers: []string{"a", "b"}}); err != nil || !reg.Sees("a") || !reg.Sees("b") {
				t.Errorf("regulator granted two carriers: got %+v, %v", reg, err)
			}
			_, err = a.CreateUser(ctx, himitsu.User{Name: "ghost", Role: himitsu.RoleDesk, Carriers: []string{"nope"}})
			if himitsu.ErrorKind(err) != himitsu.KindNotFound {
				t.Errorf("grant of an unknown carrier: got %v, want KindNotFound", err)
			}
			got, err := b.UserByName(ctx, "hanako")
			if err != nil || got.ID != u.ID || !got.Sees("a") || got.Role != himitsu.RoleOfficer {
				t.Errorf("UserByName on the other handle: got %+v, %v", got, err)
			}
			// A session created by one instance is seen by the other; logout
			// everywhere ends it for both.
			now := time.Now().UTC()
			sess := himitsu.Session{Hash: "abc", UserID: u.ID, CSRF: "c", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
			if err := a.CreateSession(ctx, sess); err != nil {
				t.Fatal(err)
			}
			if s2, err := b.SessionByHash(ctx, "abc", now); err != nil || s2.UserID != u.ID || s2.CSRF != "c" {
				t.Errorf("SessionByHash on the other handle: got %+v, %v", s2, err)
			}
			if _, err := b.SessionByHash(ctx, "abc", now.Add(2*time.Hour)); himitsu.ErrorKind(err) != himitsu.KindNotFound {
				t.Errorf("expired session: got %v, want KindNotFound", err)
			}
			if n, err := b.DeleteUserSessions(ctx, u.ID); err != nil || n != 1 {
				t.Errorf("DeleteUserSessions: got %d, %v; want 1", n, err)
			}
			if _, err := a.SessionByHash(ctx, "abc", now); himitsu.ErrorKind(err) != himitsu.KindNotFound {
				t.Errorf("session after logout everywhere: got %v, want KindNotFound", err)
			}
			// Lockout counts failures from both instances.
			lock := now.Add(15 * time.Minute)
			for i := range 3 {
				h := a
				if i%2 == 1 {
					h = b
				}
				if err := h.LoginFailed(ctx, u.ID, 3, lock); err != nil {
					t.Fatal(err)
				}
			}
			got, _ = a.UserByID(ctx, u.ID)
			if got.FailedLogins != 3 || !got.LockedUntil.Equal(lock.Truncate(time.Microsecond)) {
				t.Errorf("after 3 failures: got %d failures, locked until %v; want 3 and %v", got.FailedLogins, got.LockedUntil, lock)
			}
			if err := b.LoginSucceeded(ctx, u.ID); err != nil {
				t.Fatal(err)
			}
			if got, _ = a.UserByID(ctx, u.ID); got.FailedLogins != 0 || !got.LockedUntil.IsZero() {
				t.Errorf("after success: got %d failures, locked until %v; want 0, none", got.FailedLogins, got.LockedUntil)
			}
			// Tokens: created, found by hash, revoked.
			tok, err := a.CreateToken(ctx, himitsu.APIToken{UserID: u.ID, Name: "crm", Prefix: "hmt_abcd", Hash: "th", Scope: himitsu.TokenRead, CarrierID: "a"})
			if err != nil {
				t.Fatal(err)
			}
			if got, err := b.TokenByHash(ctx, "th"); err != nil || got.ID != tok.ID || got.Scope != "read" {
				t.Errorf("TokenByHash: got %+v, %v", got, err)
			}
			if _, err := a.CreateToken(ctx, himitsu.APIToken{UserID: u.ID, Name: "x", Hash: "t2", Scope: "all"}); himitsu.ErrorKind(err) != himitsu.KindInvalid {
				t.Errorf("bad scope: got %v, want KindInvalid", err)
			}
			if err := b.RevokeToken(ctx, u.ID, tok.ID, now); err != nil {
				t.Fatal(err)
			}
			if _, err := a.TokenByHash(ctx, "th"); himitsu.ErrorKind(err) != himitsu.KindNotFound {
				t.Errorf("revoked token: got %v, want KindNotFound", err)
			}
			if err := b.RevokeToken(ctx, u.ID, tok.ID, now); himitsu.ErrorKind(err) != himitsu.KindNotFound {
				t.Errorf("revoking twice: got %v, want KindNotFound", err)
			}
			// A record written by one instance is seen by the other.
			rctx := himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "hanako", Purpose: "test"})
			st, err := a.Complaints().Get(rctx, "a", "cmp-1")
			if err != nil {
				t.Fatal(err)
			}
			c := st.Record
			c.Resolution = "instance a"
			if _, err := a.Complaints().Update(rctx, "a", c, st.Version); err != nil {
				t.Fatal(err)
			}
			if got, err := b.Complaints().Get(rctx, "a", "cmp-1"); err != nil || got.Record.Resolution != "instance a" {
				t.Errorf("other instance reads %q, %v; want the write of the first", got.Record.Resolution, err)
			}
			if _, err := b.Complaints().Update(rctx, "a", c, st.Version); himitsu.ErrorKind(err) != himitsu.KindConflict {
				t.Errorf("stale update from the other instance: got %v, want a conflict", err)
			}
		})
	}
}

func TestRuns(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "t", Purpose: "test"})
			rec, ev := storetest.Fixture("a")
			if _, err := s.Replace(ctx, rec, ev); err != nil {
				t.Fatal(err)
			}
			asOf := himitsu.Date{Year: 2025, Month: 6, Day: 1}
			for _, grade := range []string{"guidance", "advice"} {
				a := &himitsu.Assessment{AsOf: asOf, Judgement: himitsu.Judgement{Overall: grade}, Findings: []himitsu.Finding{{Item: "5(4)i", Status: himitsu.StatusIndicated}}}
				if _, err := s.SaveRun(ctx, himitsu.AssessmentRun{CarrierID: "a", Actor: "t", Assessment: a}); err != nil {
					t.Fatal(err)
				}
			}
			runs, err := s.Runs(ctx, "a", 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) != 2 || runs[0].Overall != "advice" || runs[1].Overall != "guidance" || runs[0].Assessment != nil || runs[0].AsOf != asOf {
				t.Fatalf("Runs: got %+v, want advice then guidance, without results", runs)
			}
			r, err := s.Run(ctx, "a", runs[1].ID)
			if err != nil {
				t.Fatal(err)
			}
			if r.Assessment == nil || r.Assessment.Judgement.Overall != "guidance" || len(r.Assessment.Findings) != 1 {
				t.Errorf("Run: got %+v", r.Assessment)
			}
			if _, err := s.Run(ctx, "a", 9999); himitsu.ErrorKind(err) != himitsu.KindNotFound {
				t.Errorf("unknown run: got %v, want KindNotFound", err)
			}
			if _, err := s.Run(context.Background(), "a", runs[0].ID); himitsu.ErrorKind(err) != himitsu.KindPermission {
				t.Errorf("Run without accessor: got %v, want KindPermission", err)
			}
		})
	}
}

// TestLoginStateShared runs the store suite of shared login state on two
// handles of one database, per engine.
func TestLoginStateShared(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			storetest.RunLoginState(t, func(t *testing.T) (himitsu.UserService, himitsu.UserService) {
				a, b := twoHandles(t, e.name)
				return a, b
			})
		})
	}
}
