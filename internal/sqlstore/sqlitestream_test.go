package sqlstore

import (
	"context"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// A consumer that panics inside the SQLite row function gets its panic
// back outside the statement, and every connection of the read pool still
// works afterwards: no mutex is left held, no statement half-run.
func TestStreamConsumerPanic(t *testing.T) {
	s := openSQLite(t)
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "panicking consumer"})
	rec, ev := storetest.Fixture("a")
	if _, err := s.Replace(ctx, rec, ev); err != nil {
		t.Fatal(err)
	}
	if len(ev.Access) < 2 {
		t.Fatalf("the fixture has %d access events; the test needs two", len(ev.Access))
	}
	for range sqliteReaders + 1 {
		func() {
			defer func() {
				if p := recover(); p != "consumer gave up" {
					t.Fatalf("recovered %v, want the consumer's panic", p)
				}
			}()
			calls := 0
			s.Events("a").AccessEvents(ctx, func(*himitsu.AccessEvent) error {
				if calls++; calls == 2 {
					panic("consumer gave up")
				}
				return nil
			})
			t.Fatal("AccessEvents returned instead of panicking")
		}()
	}
	n := 0
	if err := s.Events("a").AccessEvents(ctx, func(*himitsu.AccessEvent) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != len(ev.Access) {
		t.Errorf("read %d events after the panics, want %d", n, len(ev.Access))
	}
}
