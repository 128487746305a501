package sqlstore

import (
	"testing"

	"github.com/himitsu-oss/himitsu/internal/storetest"
)

func init() {
	// The case files (migration 0120) belong to no register.
	serviceTables = append(serviceTables, "cases", "case_steps")
}

func TestCasesConformance(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			e.open(t)
			storetest.RunCases(t, func(t *testing.T) storetest.CaseStore { return e.open(t) })
		})
	}
}
