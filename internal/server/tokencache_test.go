package server

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// TestDecisionTokenCache: the decision point reads its caller's token
// through a cache; a revocation or a disabled user made through this
// server is refused at the next request, one made behind its back (the
// store directly, as `himitsu user` or another instance would) once the
// cached read is older than tokenCacheAge, and never later.
func TestDecisionTokenCache(t *testing.T) {
	e := newEnv(t, filepath.Join(t.TempDir(), "himitsu.db"))
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "fixture"})
	rec, subs := decisionRecords()
	if _, err := e.store.Replace(ctx, rec, &himitsu.EventSlices{}); err != nil {
		t.Fatal(err)
	}
	clock := time.Now()
	e.srv.cfg.Now = func() time.Time { return clock }
	one := `{"person":"P1","dataset":"cdr","elements":["cell_id"],"purpose":"ads","subjects":["` + subs[1] + `"],"at":"2026-06-15T10:00:00Z"}`
	status := func(role himitsu.Role) int { return e.decide(role, one).Code }
	tokenID := func(role himitsu.Role) int64 {
		toks, err := e.store.Tokens(context.Background(), e.users[role].ID)
		if err != nil || len(toks) != 1 {
			t.Fatalf("got %d tokens (%v), want 1", len(toks), err)
		}
		return toks[0].ID
	}

	t.Run("revoked behind the server's back", func(t *testing.T) {
		if got := status(himitsu.RoleEngineer); got != http.StatusOK {
			t.Fatalf("got %d, want 200", got)
		}
		if err := e.store.RevokeToken(context.Background(), e.users[himitsu.RoleEngineer].ID, tokenID(himitsu.RoleEngineer), clock); err != nil {
			t.Fatal(err)
		}
		// Within the cache's age the cached read may still answer; at the
		// age it must not.
		clock = clock.Add(tokenCacheAge)
		if got := status(himitsu.RoleEngineer); got != http.StatusUnauthorized {
			t.Errorf("got %d %v after the revocation, want 401", got, tokenCacheAge)
		}
		// Not cached as refused either: a later request asks the store.
		if got := status(himitsu.RoleEngineer); got != http.StatusUnauthorized {
			t.Errorf("got %d, want 401", got)
		}
	})

	t.Run("revoked through the server", func(t *testing.T) {
		if got := status(himitsu.RoleOfficer); got != http.StatusOK {
			t.Fatalf("got %d, want 200", got)
		}
		ck, csrf := e.session(himitsu.RoleOfficer)
		w := e.post(ck, "/settings/tokens/"+strconv.FormatInt(tokenID(himitsu.RoleOfficer), 10)+"/revoke", url.Values{"csrf": {csrf}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("revoke: got %d %s, want 303", w.Code, w.Body)
		}
		if got := status(himitsu.RoleOfficer); got != http.StatusUnauthorized {
			t.Errorf("got %d at once after the revocation, want 401", got)
		}
	})

	t.Run("user disabled through the server", func(t *testing.T) {
		if got := status(himitsu.RoleDesk); got != http.StatusOK {
			t.Fatalf("got %d, want 200", got)
		}
		u := e.users[himitsu.RoleDesk]
		ck, csrf := e.session(himitsu.RoleAdmin)
		w := e.post(ck, "/admin/users/"+strconv.FormatInt(u.ID, 10), url.Values{"csrf": {csrf}, "action": {"disable"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("disable: got %d %s, want 303", w.Code, w.Body)
		}
		if got, _ := e.store.UserByID(context.Background(), u.ID); !got.Disabled {
			t.Fatalf("the form did not disable the user: %+v", got)
		}
		if got := status(himitsu.RoleDesk); got != http.StatusUnauthorized {
			t.Errorf("got %d at once after disabling the user, want 401", got)
		}
	})
}
