package auditlog_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// TestChangeLogInCommitOrder is issue 11's "the change log's times can
// run against commit order": imports from three stores with their own
// connections (as three processes) run at once, and across all carriers
// the change entries, in ID (commit) order, have times that never go
// backwards, with no ID used twice.
func TestChangeLogInCommitOrder(t *testing.T) {
	const stores, each = 3, 4
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			var wg sync.WaitGroup
			errs := make(chan error, stores*each)
			for w := range stores {
				s := e.open(t)
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range each {
						rec, ev := storetest.Fixture(fmt.Sprintf("c%d-%d", w, i))
						ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "tester", Purpose: "ordering test"})
						if _, err := s.Replace(ctx, rec, ev); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			s := e.open(t)
			var all []himitsu.ChangeEntry
			for w := range stores {
				for i := range each {
					got, err := s.ChangeLog(context.Background(), fmt.Sprintf("c%d-%d", w, i))
					if err != nil {
						t.Fatal(err)
					}
					if len(got) != 1 {
						t.Fatalf("carrier c%d-%d: got %d change entries, want 1", w, i, len(got))
					}
					all = append(all, got...)
				}
			}
			sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
			for i := 1; i < len(all); i++ {
				if all[i].ID == all[i-1].ID {
					t.Errorf("ID %d used twice", all[i].ID)
				}
				if all[i].At.Before(all[i-1].At) {
					t.Errorf("entry %d at %v is earlier than entry %d at %v, committed before it", all[i].ID, all[i].At, all[i-1].ID, all[i-1].At)
				}
			}
			mustVerifyUnsigned(t, s.Audit(), int64(stores*each))
		})
	}
}
