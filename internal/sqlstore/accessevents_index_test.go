package sqlstore

import (
	"context"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// TestAccessEventsDateIndex checks that a list of access events bounded
// by a date has an index to read the window from (migration 0090): on
// SQLite the query plan of the store's own list query, after an import,
// uses it; on
// PostgreSQL, whose planner on a near-empty table prefers a scan, the
// index exists on (carrier_id, at).
func TestAccessEventsDateIndex(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			ctx := context.Background()
			if e.name == EnginePostgres {
				var def string
				err := s.db.QueryRowContext(ctx, `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'access_events_at'`).Scan(&def)
				if err != nil {
					t.Fatalf("index access_events_at: %v", err)
				}
				if !strings.Contains(def, "(carrier_id, at)") {
					t.Errorf("got index %q, want it on (carrier_id, at)", def)
				}
				return
			}
			// The plan the store gets after an import, which refreshes
			// the statistics the planner chooses the index by.
			actx := himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "test", Purpose: "index check"})
			rec, _ := storetest.Fixture("a")
			if _, err := s.Replace(actx, rec, newBenchSource(5000)); err != nil {
				t.Fatal(err)
			}
			o := himitsu.ListOptions{From: himitsu.Date{Year: 2025, Month: 1, Day: 2}, To: himitsu.Date{Year: 2025, Month: 1, Day: 2}, Desc: true, Limit: 100}
			q, args, err := s.svc("access_events").listQuery("List", "a", o)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			if got := strings.Join(plan, "; "); !strings.Contains(got, "access_events_at") {
				t.Errorf("got plan %q, want it to use index access_events_at", got)
			} else if strings.Contains(got, "TEMP B-TREE") {
				// The page is read in index order and stops after a page;
				// a sort would read the whole window first.
				t.Errorf("got plan %q, want no sort: the page is the index order", got)
			}
		})
	}
}
