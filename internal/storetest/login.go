package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// RunLoginState checks the login state that instances sharing a database
// must share: the login attempt buckets, the one-time setup links and the
// sliding idle end of sessions. open returns two handles on one new, empty
// database, as two server instances would hold.
func RunLoginState(t *testing.T, open func(t *testing.T) (a, b himitsu.UserService)) {
	ctx := context.Background()
	t0 := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

	t.Run("LoginAttemptsShared", func(t *testing.T) {
		a, b := open(t)
		// A bucket of 4, one attempt back every 10 s; the instances take
		// turns and together get 4, not 8.
		for i := range 4 {
			h := a
			if i%2 == 1 {
				h = b
			}
			if ok, err := h.TakeLoginAttempt(ctx, "203.0.113.9", t0, 10*time.Second, 4); err != nil || !ok {
				t.Fatalf("attempt %d: got %v, %v; want allowed", i+1, ok, err)
			}
		}
		for _, h := range []himitsu.UserService{a, b} {
			if ok, err := h.TakeLoginAttempt(ctx, "203.0.113.9", t0.Add(time.Second), 10*time.Second, 4); err != nil || ok {
				t.Fatalf("fifth attempt: got %v, %v; want refused", ok, err)
			}
		}
		// Another address has its own bucket.
		if ok, err := b.TakeLoginAttempt(ctx, "198.51.100.1", t0, 10*time.Second, 4); err != nil || !ok {
			t.Errorf("another address: got %v, %v; want allowed", ok, err)
		}
		// Ten seconds later one attempt is back, and only one.
		if ok, _ := a.TakeLoginAttempt(ctx, "203.0.113.9", t0.Add(11*time.Second), 10*time.Second, 4); !ok {
			t.Errorf("after the refill: refused")
		}
		if ok, _ := b.TakeLoginAttempt(ctx, "203.0.113.9", t0.Add(11*time.Second), 10*time.Second, 4); ok {
			t.Errorf("a second attempt after one refill: allowed")
		}
	})

	t.Run("LoginAttemptsConcurrent", func(t *testing.T) {
		a, b := open(t)
		var mu sync.Mutex
		allowed := 0
		var wg sync.WaitGroup
		for i := range 20 {
			h := a
			if i%2 == 1 {
				h = b
			}
			wg.Go(func() {
				ok, err := h.TakeLoginAttempt(ctx, "192.0.2.7", t0, time.Hour, 5)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if allowed != 5 {
			t.Errorf("20 attempts at once against a bucket of 5: %d allowed", allowed)
		}
	})

	t.Run("SetupLinkShared", func(t *testing.T) {
		a, b := open(t)
		if err := a.CreateSetupLink(ctx, "h1", t0); err != nil {
			t.Fatal(err)
		}
		if ok, err := b.SetupLinkValid(ctx, "h1"); err != nil || !ok {
			t.Fatalf("link made by one instance, checked by the other: %v, %v", ok, err)
		}
		if ok, _ := b.SetupLinkValid(ctx, "h2"); ok {
			t.Errorf("an unknown link is valid")
		}
		// Used at once by both: one goes on.
		ra, _ := a.UseSetupLink(ctx, "h1")
		rb, _ := b.UseSetupLink(ctx, "h1")
		if ra == rb {
			t.Errorf("both uses of one link: %v, %v; want exactly one", ra, rb)
		}
		// Once a user exists no link is valid.
		if err := b.CreateSetupLink(ctx, "h3", t0); err != nil {
			t.Fatal(err)
		}
		if _, err := a.CreateUser(ctx, himitsu.User{Name: "admin", Role: himitsu.RoleAdmin, Lang: "ja", PasswordHash: "h"}); err != nil {
			t.Fatal(err)
		}
		if ok, _ := b.SetupLinkValid(ctx, "h3"); ok {
			t.Errorf("a setup link is valid while a user exists")
		}
		if err := a.DeleteSetupLinks(ctx); err != nil {
			t.Fatal(err)
		}
		if ok, _ := b.UseSetupLink(ctx, "h3"); ok {
			t.Errorf("a link survived DeleteSetupLinks")
		}
	})

	t.Run("SessionSlides", func(t *testing.T) {
		a, b := open(t)
		u, err := a.CreateUser(ctx, himitsu.User{Name: "desk", Role: himitsu.RoleDesk, Lang: "ja", PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		sess := himitsu.Session{Hash: "s1", UserID: u.ID, CSRF: "c", CreatedAt: t0, ExpiresAt: t0.Add(2 * time.Hour), IdleUntil: t0.Add(30 * time.Minute)}
		if err := a.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		if _, err := b.SessionByHash(ctx, "s1", t0.Add(31*time.Minute)); himitsu.ErrorKind(err) != himitsu.KindNotFound {
			t.Errorf("idle past its end: got %v, want KindNotFound", err)
		}
		// Used at 0:20 on the other instance: the idle end moves to 0:50.
		if err := b.TouchSession(ctx, "s1", t0.Add(50*time.Minute)); err != nil {
			t.Fatal(err)
		}
		got, err := a.SessionByHash(ctx, "s1", t0.Add(40*time.Minute))
		if err != nil || !got.IdleUntil.Equal(t0.Add(50*time.Minute)) {
			t.Errorf("after the touch: got %v, %v; want idle until 0:50", got.IdleUntil, err)
		}
		// A touch never moves it back, nor past the absolute end.
		if err := a.TouchSession(ctx, "s1", t0.Add(45*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := a.TouchSession(ctx, "s1", t0.Add(5*time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, _ = b.SessionByHash(ctx, "s1", t0.Add(90*time.Minute))
		if !got.IdleUntil.Equal(t0.Add(2 * time.Hour)) {
			t.Errorf("touch past the absolute end: idle until %v, want %v", got.IdleUntil, t0.Add(2*time.Hour))
		}
		if _, err := b.SessionByHash(ctx, "s1", t0.Add(2*time.Hour)); himitsu.ErrorKind(err) != himitsu.KindNotFound {
			t.Errorf("at the absolute end: got %v, want KindNotFound", err)
		}
		if err := a.TouchSession(ctx, "gone", t0); himitsu.ErrorKind(err) != himitsu.KindNotFound {
			t.Errorf("touching an unknown session: got %v, want KindNotFound", err)
		}
	})
}
