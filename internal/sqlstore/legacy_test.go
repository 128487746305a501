package sqlstore

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auditlog"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// TestMigrateLegacyLogs: rows of the old read_log and change_log (written
// out of time order across the two tables) become audit entries in time
// order, after the entries already there; himitsu log shows their
// original times; the old tables are emptied; verify passes; a second run
// moves nothing; and a row the log cannot take stops the move whole.
func TestMigrateLegacyLogs(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "fixture"})
			rec, ev := storetest.Fixture("c1")
			if _, err := s.Replace(ctx, rec, ev); err != nil {
				t.Fatal(err)
			}
			size0, err := s.Audit().Size(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// A checkpoint signed before the move must still verify after
			// it: the move only appends.
			key, err := auditlog.NewKey(filepath.Join(t.TempDir(), "audit.key"), "test.local/legacy")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Audit().Checkpoint(ctx, key); err != nil {
				t.Fatal(err)
			}
			at := func(day int) any {
				tm := time.Date(2025, 3, day, 9, 0, 0, 0, time.UTC)
				if s.pg {
					return tm
				}
				return tm.Format(sqliteTime)
			}
			ins := func(q string, args ...any) {
				t.Helper()
				if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
					t.Fatal(err)
				}
			}
			readQ := `INSERT INTO read_log (carrier_id, at, actor, purpose, tool, what, "rows") VALUES ($1, $2, $3, $4, $5, $6, $7)`
			changeQ := `INSERT INTO change_log (carrier_id, at, actor, purpose, tool, action, counts) VALUES ($1, $2, $3, $4, $5, $6, $7)`
			ins(readQ, "c1", at(5), "alice", "audit", "himitsu export", "records", 10)
			ins(changeQ, "c1", at(1), "bob", "import", "himitsu import", "replace", `{"consents": 3}`)
			ins(readQ, "c1", at(3), "carol", "review", "himitsu log", "access_events", 2)
			ins(changeQ, "c2", at(4), "bob", "remove", "himitsu delete", "delete", nil)

			sum, err := s.MigrateLegacyLogs(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Reads != 2 || sum.Changes != 2 || sum.First != size0 || sum.Last != size0+3 || sum.Already {
				t.Fatalf("got %+v, want 2 reads and 2 changes at %d–%d", sum, size0, size0+3)
			}
			var want = []struct{ kind, actor string }{{"change", "bob"}, {"read", "carol"}, {"change", "bob"}, {"read", "alice"}}
			var got []*auditlog.Entry
			for _, c := range []string{"c1", "c2"} {
				for _, k := range []string{auditlog.KindRead, auditlog.KindChange} {
					es, err := s.Audit().ByCarrier(ctx, c, k)
					if err != nil {
						t.Fatal(err)
					}
					for _, x := range es {
						if x.Index >= size0 {
							got = append(got, x)
						}
					}
				}
			}
			if len(got) != 4 {
				t.Fatalf("got %d moved entries, want 4", len(got))
			}
			for _, x := range got {
				w := want[x.Index-size0]
				if x.Kind != w.kind || x.Actor != w.actor || !strings.Contains(string(x.Body), `"legacy":{`) {
					t.Errorf("entry %d: got %s by %s %s, want %s by %s with its legacy origin", x.Index, x.Kind, x.Actor, x.Body, w.kind, w.actor)
				}
			}
			reads, err := s.ReadLog(ctx, "c1")
			if err != nil {
				t.Fatal(err)
			}
			var moved []time.Time
			for _, r := range reads {
				if r.ID > size0 {
					moved = append(moved, r.At)
				}
			}
			if len(moved) != 2 || !moved[0].Equal(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)) || !moved[1].Equal(time.Date(2025, 3, 5, 9, 0, 0, 0, time.UTC)) {
				t.Errorf("got moved read times %v, want 3 and 5 March 2025", moved)
			}
			for _, tbl := range []string{"read_log", "change_log"} {
				var n int
				if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+tbl).Scan(&n); err != nil || n != 0 {
					t.Errorf("%s holds %d rows (%v) after the move, want 0", tbl, n, err)
				}
			}
			if _, err := s.Audit().Checkpoint(ctx, key); err != nil {
				t.Fatal(err)
			}
			rep, err := s.Audit().Verify(ctx, nil)
			if err != nil || !rep.OK() || rep.Checkpoints != 2 || rep.Entries != size0+4 {
				t.Fatalf("verify after the move: %+v, %v", rep, err)
			}

			// Once: a row written to the old table afterwards is not moved.
			ins(readQ, "c1", at(6), "dave", "late", "old binary", "records", 1)
			again, err := s.MigrateLegacyLogs(ctx)
			if err != nil || !again.Already || again.Reads != 0 || !strings.Contains(again.Earlier, `"reads":2`) {
				t.Errorf("second run: got %+v, %v, want already moved", again, err)
			}
			if n, _ := s.Audit().Size(ctx); n != size0+4 {
				t.Errorf("got size %d after the second run, want %d", n, size0+4)
			}
		})
	}
}

// TestMigrateLegacyLogsAllOrNothing: a row with an empty actor cannot be
// an audit entry; the error names the table and row, and nothing moves.
func TestMigrateLegacyLogsAllOrNothing(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			ctx := context.Background()
			now := any(time.Now().UTC())
			if !s.pg {
				now = time.Now().UTC().Format(sqliteTime)
			}
			for _, actor := range []string{"alice", " "} {
				if _, err := s.db.ExecContext(ctx, `INSERT INTO read_log (carrier_id, at, actor, purpose, tool, what, "rows") VALUES ('c1', $1, $2, 'p', 't', 'records', 1)`, now, actor); err != nil {
					t.Fatal(err)
				}
			}
			_, err := s.MigrateLegacyLogs(ctx)
			he, ok := err.(*himitsu.Error)
			if !ok || he.File != "read_log" || he.Line != 2 || he.Field != "actor" || he.MsgJA == "" {
				t.Fatalf("got %#v, want an error naming read_log row 2, field actor", err)
			}
			if n, _ := s.Audit().Size(ctx); n != 0 {
				t.Errorf("got %d entries after a failed move, want 0", n)
			}
			var rows int
			if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM read_log`).Scan(&rows); err != nil || rows != 2 {
				t.Errorf("read_log holds %d rows (%v), want both kept", rows, err)
			}
		})
	}
}
