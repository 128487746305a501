package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auth"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
)

// clock is a settable time for Config.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// instances starts n servers on one database, as n instances of himitsu
// serve on one PostgreSQL (or one SQLite file), with a shared clock.
func instances(t *testing.T, dsn string, n int, clk *clock, tune func(*Config)) ([]*Server, *sqlstore.Store) {
	t.Helper()
	var out []*Server
	var first *sqlstore.Store
	for range n {
		st, err := sqlstore.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if first == nil {
			first = st
		}
		cfg := Defaults()
		cfg.Password = auth.TestParams()
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
		cfg.BaseURL = "http://himitsu.test"
		cfg.Now = clk.now
		if tune != nil {
			tune(&cfg)
		}
		srv, err := New(cfg, st)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, srv)
	}
	return out, first
}

func send(h http.Handler, method, path string, form url.Values, ck *http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "192.0.2.1:1234"
	if ck != nil {
		req.AddCookie(ck)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// TestSessionSlides: a session used within its idle time lasts on, on
// any instance, until its absolute end; one left idle ends.
func TestSessionSlides(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			clk := &clock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
			srvs, _ := instances(t, eng.dsn(t), 2, clk, func(c *Config) {
				c.SessionIdle = 30 * time.Minute
				c.SessionTTL = 2 * time.Hour
			})
			ctx := context.Background()
			if _, err := srvs[0].CreateUser(ctx, NewUser{Name: "desk", Password: "a long enough password", Role: himitsu.RoleDesk, Lang: "ja"}); err != nil {
				t.Fatal(err)
			}
			login := func() *http.Cookie {
				w := send(srvs[0].Handler(), "POST", "/login", url.Values{"name": {"desk"}, "password": {"a long enough password"}}, nil)
				if w.Code != http.StatusSeeOther || len(w.Result().Cookies()) == 0 {
					t.Fatalf("login: got %d", w.Code)
				}
				return w.Result().Cookies()[0]
			}
			signedIn := func(i int, ck *http.Cookie) bool {
				return send(srvs[i].Handler(), "GET", "/settings", nil, ck).Code == http.StatusOK
			}
			ck := login()
			// Used every 20 minutes, alternately on both instances: it lasts
			// past the first 30 minutes ...
			for step := 1; step <= 5; step++ {
				clk.add(20 * time.Minute)
				if !signedIn(step%2, ck) {
					t.Fatalf("used every 20 min: signed out after %d min", step*20)
				}
			}
			// ... but not past its absolute end (2 h), however used.
			clk.add(20 * time.Minute)
			if signedIn(0, ck) {
				t.Errorf("signed in 2 h after login: the absolute end did not hold")
			}
			// A session left alone for more than 30 minutes ends.
			ck = login()
			clk.add(29 * time.Minute)
			if !signedIn(1, ck) {
				t.Fatalf("used after 29 min: signed out")
			}
			clk.add(31 * time.Minute)
			if signedIn(0, ck) {
				t.Errorf("idle for 31 min: still signed in")
			}
		})
	}
}

// TestInstancesShareLoginState: the setup link printed by one instance
// works on another, once; the login rate limit counts the attempts made
// on all instances together.
func TestInstancesShareLoginState(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			clk := &clock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
			srvs, _ := instances(t, eng.dsn(t), 2, clk, func(c *Config) { c.LoginBurst = 6 })
			ctx := context.Background()
			link, err := srvs[0].SetupLink(ctx)
			if err != nil || link == "" {
				t.Fatalf("SetupLink: %q, %v", link, err)
			}
			path := strings.TrimPrefix(link, "http://himitsu.test")
			if w := send(srvs[1].Handler(), "GET", path, nil, nil); w.Code != http.StatusOK {
				t.Fatalf("the first instance's link on the second: got %d", w.Code)
			}
			// A wrong form does not use the link up.
			if w := send(srvs[1].Handler(), "POST", path, url.Values{"name": {"root"}, "password": {"short"}}, nil); w.Code != http.StatusBadRequest {
				t.Fatalf("short password: got %d, want 400", w.Code)
			}
			if w := send(srvs[1].Handler(), "POST", path, url.Values{"name": {"root"}, "password": {"a long enough password"}}, nil); w.Code != http.StatusSeeOther {
				t.Fatalf("setup on the second instance: got %d", w.Code)
			}
			if w := send(srvs[0].Handler(), "GET", path, nil, nil); w.Code != http.StatusNotFound {
				t.Errorf("the used link on the first instance: got %d, want 404", w.Code)
			}
			if l, _ := srvs[1].SetupLink(ctx); l != "" {
				t.Errorf("a setup link while a user exists: %q", l)
			}
			// Six attempts in all from one address, alternating instances;
			// the seventh is refused on either.
			for i := range 6 {
				if w := send(srvs[i%2].Handler(), "POST", "/login", url.Values{"name": {"nobody"}, "password": {"x"}}, nil); w.Code != http.StatusUnauthorized {
					t.Fatalf("attempt %d: got %d, want 401", i+1, w.Code)
				}
			}
			for i := range 2 {
				if w := send(srvs[i].Handler(), "POST", "/login", url.Values{"name": {"nobody"}, "password": {"x"}}, nil); w.Code != http.StatusTooManyRequests {
					t.Errorf("seventh attempt on instance %d: got %d, want 429", i+1, w.Code)
				}
			}
			// Two seconds later (the default rate) one attempt is back.
			clk.add(2 * time.Second)
			if w := send(srvs[1].Handler(), "POST", "/login", url.Values{"name": {"nobody"}, "password": {"x"}}, nil); w.Code != http.StatusUnauthorized {
				t.Errorf("after the refill: got %d, want 401", w.Code)
			}
		})
	}
}
