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
