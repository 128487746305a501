package sqlstore

import (
	"context"
	"errors"
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

// TestDateIndexAfterBulkLoad: on SQLite an import into a log holding no
// other carrier's events drops access_events_at and builds it again after
// the load, in the same transaction: afterwards the index is there and
// holds every row; an import that fails half-way leaves it as it was; and
// with another carrier's events in the log the index is kept throughout.
func TestDateIndexAfterBulkLoad(t *testing.T) {
	s := openSQLite(t)
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "index rebuild check"})
	indexRows := func() (present, rows int) {
		t.Helper()
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'access_events_at'`).Scan(&present); err != nil {
			t.Fatal(err)
		}
		if present == 1 {
			if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM access_events INDEXED BY access_events_at WHERE carrier_id >= ''`).Scan(&rows); err != nil {
				t.Fatal(err)
			}
		}
		return present, rows
	}
	recA, _ := storetest.Fixture("a")
	if _, err := s.Replace(ctx, recA, newBenchSource(3000)); err != nil {
		t.Fatal(err)
	}
	if p, n := indexRows(); p != 1 || n != 3000 {
		t.Fatalf("after the first import: index present %d with %d rows, want 1 with 3000", p, n)
	}
	// A load that fails after the drop rolls the drop back too.
	bad := &failingSource{benchSource: newBenchSource(2000), after: 1500}
	if _, err := s.Replace(ctx, recA, bad); err == nil {
		t.Fatal("a failing source imported")
	}
	if p, n := indexRows(); p != 1 || n != 3000 {
		t.Fatalf("after a failed import: index present %d with %d rows, want 1 with the old 3000", p, n)
	}
	// Another carrier's events are in the log: the index is kept and
	// maintained row by row.
	recB, _ := storetest.Fixture("b")
	if _, err := s.Replace(ctx, recB, newBenchSource(1000)); err != nil {
		t.Fatal(err)
	}
	if p, n := indexRows(); p != 1 || n != 4000 {
		t.Fatalf("with two carriers: index present %d with %d rows, want 1 with 4000", p, n)
	}
}

// failingSource streams access events and fails after some of them.
type failingSource struct {
	*benchSource
	after int
}

func (f *failingSource) AccessEvents(ctx context.Context, fn func(*himitsu.AccessEvent) error) error {
	n := 0
	return f.benchSource.AccessEvents(ctx, func(e *himitsu.AccessEvent) error {
		if n++; n > f.after {
			return errors.New("source failed")
		}
		return fn(e)
	})
}

// TestAccessEventsFilterIndexes checks that a list of access events
// filtered on a person, a data set, a purpose or a subscriber reads the
// matches through an index in ID order (migration 0220), so that a page
// costs a page however far from the end of the log the matches lie: on
// SQLite the plan of the store's own list query after an import uses the
// column's index and sorts nothing, in both orders; on PostgreSQL each
// index exists on (carrier_id, column, id).
func TestAccessEventsFilterIndexes(t *testing.T) {
	filters := map[string]string{"person": "per-1", "dataset": "ds-cdr", "purpose": "pur-billing", "subscriber": "x"}
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			ctx := context.Background()
			if e.name == EnginePostgres {
				for col := range filters {
					var def string
					err := s.db.QueryRowContext(ctx, `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1`, "access_events_"+col).Scan(&def)
					if err != nil {
						t.Fatalf("index access_events_%s: %v", col, err)
					}
					if want := "(carrier_id, " + col + ", id)"; !strings.Contains(def, want) {
						t.Errorf("got index %q, want it on %s", def, want)
					}
				}
				return
			}
			actx := himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "test", Purpose: "index check"})
			rec, _ := storetest.Fixture("a")
			if _, err := s.Replace(actx, rec, newBenchSource(5000)); err != nil {
				t.Fatal(err)
			}
			// The import built them after the load (loadIndexes): each
			// holds every row.
			for col := range filters {
				var n int
				if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM access_events INDEXED BY access_events_`+col+` WHERE carrier_id >= ''`).Scan(&n); err != nil {
					t.Fatalf("index access_events_%s: %v", col, err)
				}
				if n != 5000 {
					t.Errorf("index access_events_%s holds %d rows, want 5000", col, n)
				}
			}
			for col, val := range filters {
				for _, desc := range []bool{false, true} {
					o := himitsu.ListOptions{Filter: map[string]string{col: val}, Desc: desc, Limit: 100}
					q, args, err := s.svc("access_events").listQuery("List", "a", o)
					if err != nil {
						t.Fatal(err)
					}
					rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
					if err != nil {
						t.Fatal(err)
					}
					var plan []string
					for rows.Next() {
						var id, parent, unused int
						var detail string
						if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
							t.Fatal(err)
						}
						plan = append(plan, detail)
					}
					rows.Close()
					got := strings.Join(plan, "; ")
					if !strings.Contains(got, "access_events_"+col+" ") {
						t.Errorf("filter %s (desc %v): got plan %q, want it to use index access_events_%s", col, desc, got, col)
					} else if strings.Contains(got, "TEMP B-TREE") {
						t.Errorf("filter %s (desc %v): got plan %q, want no sort", col, desc, got)
					}
				}
			}
		})
	}
}
