package sqlstore

import (
	"context"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// TestWatchChanges: on PostgreSQL a change committed through one store
// handle (one `himitsu serve` instance) is pushed to another handle that
// watches (LISTEN/NOTIFY), naming the carrier; on SQLite WatchChanges
// says it is not supported and the caller polls ChangeMark, which moves
// with every change.
func TestWatchChanges(t *testing.T) {
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "watch test"})
	t.Run("sqlite", func(t *testing.T) {
		st, err := Open(ctx, t.TempDir()+"/w.db")
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if ok, err := st.WatchChanges(ctx, func(string) {}); ok || err != nil {
			t.Fatalf("got %v, %v; want false, nil on SQLite", ok, err)
		}
		before, err := st.ChangeMark(ctx, "w")
		if err != nil || before != -1 {
			t.Fatalf("got mark %d, %v before any change; want -1", before, err)
		}
		rec, ev := storetest.Fixture("w")
		if _, err := st.Replace(ctx, rec, ev); err != nil {
			t.Fatal(err)
		}
		if after, _ := st.ChangeMark(ctx, "w"); after <= before {
			t.Errorf("got mark %d after a change, want more than %d", after, before)
		}
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.PostgresDSN(t)
		a, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		b, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		// A carrier name of this test alone: other tests on the same
		// database notify on the same channel.
		carrier := "watch" + time.Now().Format("150405.000000")
		got := make(chan string, 16)
		wctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() {
			_, err := a.WatchChanges(wctx, func(c string) {
				if c == carrier {
					got <- c
				}
			})
			done <- err
		}()
		rec, ev := storetest.Fixture(carrier)
		// The watcher may not be listening yet: change until it hears.
		deadline := time.After(10 * time.Second)
		for heard := false; !heard; {
			if _, err := b.Replace(ctx, rec, ev); err != nil {
				t.Fatal(err)
			}
			select {
			case <-got:
				heard = true
			case <-time.After(200 * time.Millisecond):
			case <-deadline:
				t.Fatal("no notification of the change reached the other handle")
			}
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("got %v when the watch ended, want nil", err)
		}
	})
}
