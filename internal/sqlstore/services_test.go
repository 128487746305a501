package sqlstore

import (
	"testing"

	"github.com/himitsu-oss/himitsu/internal/storetest"
)

func TestServicesConformance(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			e.open(t)
			storetest.RunServices(t, func(t *testing.T) storetest.Services { return e.open(t) })
		})
	}
}

// serviceTables are the tables of the per-record services and the
// accounts (migrations 0040–0049), which belong to no register.
var serviceTables = []string{"record_log", "users", "sessions", "api_tokens", "user_carriers", "login_attempts", "setup_links", "assessment_runs"}

// TestClassifyConformance runs the classification suite; the failure of
// the entry's write is a trigger that aborts every insert into
// incident_classifications, so the database itself refuses the second
// write of the transaction.
func TestClassifyConformance(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			e.open(t)
			storetest.RunClassify(t, func(t *testing.T) storetest.Services { return e.open(t) }, func(t *testing.T, x storetest.Services) {
				s := x.(*Store)
				stmts := []string{`CREATE TRIGGER fail_classification BEFORE INSERT ON incident_classifications BEGIN SELECT RAISE(ABORT, 'injected failure'); END`}
				if s.pg {
					stmts = []string{
						`CREATE FUNCTION fail_classification() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`,
						`CREATE TRIGGER fail_classification BEFORE INSERT ON incident_classifications FOR EACH ROW EXECUTE FUNCTION fail_classification()`,
					}
				}
				for _, q := range stmts {
					if _, err := s.db.Exec(q); err != nil {
						t.Fatalf("injecting the failure: %v", err)
					}
				}
			})
		})
	}
}
