package sqlstore

import (
	"context"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

func TestRecordsOf(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *Store{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "deadline board"})
			rec, ev := storetest.Fixture("a")
			if _, err := s.Replace(ctx, rec, ev); err != nil {
				t.Fatal(err)
			}
			before, _ := s.ReadLog(ctx, "a")
			got, err := s.RecordsOf(ctx, "a", "incidents", "regulator_reports")
			if err != nil {
				t.Fatal(err)
			}
			if got.Carrier.ID != "a" || len(got.Incidents) != len(rec.Incidents) || len(got.RegulatorReports) != len(rec.RegulatorReports) {
				t.Errorf("got carrier %q, %d incidents, %d reports; want a, %d, %d", got.Carrier.ID, len(got.Incidents), len(got.RegulatorReports), len(rec.Incidents), len(rec.RegulatorReports))
			}
			if len(got.Consents) != 0 || len(got.Grants) != 0 || len(got.Complaints) != 0 {
				t.Error("registers not asked for were read")
			}
			after, _ := s.ReadLog(ctx, "a")
			// One entry per register read, named by it, with its rows:
			// not "records", which the log shows as all registers.
			got2 := after[len(before):]
			if len(got2) != 2 || got2[0].What != "incidents" || got2[0].Rows != len(rec.Incidents) ||
				got2[1].What != "regulator_reports" || got2[1].Rows != len(rec.RegulatorReports) || got2[0].Purpose != "deadline board" {
				t.Errorf("read log: %+v", got2)
			}
			if _, err := s.RecordsOf(ctx, "a", "access_events"); himitsu.ErrorKind(err) != himitsu.KindInvalid {
				t.Errorf("a stream: got %v, want KindInvalid", err)
			}
			if _, err := s.RecordsOf(ctx, "nobody", "incidents"); himitsu.ErrorKind(err) != himitsu.KindNotFound {
				t.Errorf("unknown carrier: got %v, want KindNotFound", err)
			}
			if _, err := s.RecordsOf(context.Background(), "a", "incidents"); himitsu.ErrorKind(err) != himitsu.KindPermission {
				t.Errorf("no accessor: got %v, want KindPermission", err)
			}
		})
	}
}

// The reminders table (migration 0130, reminders.go) is the store's own,
// not a register's.
func init() { serviceTables = append(serviceTables, "reminders") }
