package sqlstore

import (
	"reflect"

	"github.com/himitsu-oss/himitsu"
)

// services holds the per-record services, built once when the store opens.
type services struct {
	byName map[string]*recordService
}

var _ himitsu.RecordServices = (*Store)(nil)

// specs lists the registers with a per-record service. Each register's
// rules are in its own file (complaints.go, incidents.go, persons.go,
// grants.go, consents.go, accessevents.go), next to its typed service,
// and explained in its root file (complaint.go, incident.go …).
func specs() []spec {
	return []spec{complaintsSpec(), incidentsSpec(), incidentClassificationsSpec(), recurrenceMeasuresSpec(), regulatorReportsSpec(),
		notificationsSpec(), personsSpec(), grantsSpec(), consentsSpec(), accessEventsSpec()}
}

// never is the delete rule of registers whose records the law keeps.
func never(reflect.Value) bool { return false }

func newServices(s *Store) *services {
	sv := &services{byName: map[string]*recordService{}}
	for _, sp := range specs() {
		sv.byName[sp.register] = newRecordService(s, sp)
	}
	return sv
}

func (s *Store) svc(name string) *recordService {
	if s.services == nil {
		// Only a zero Store lacks them; Open builds them.
		panic("sqlstore: store not opened")
	}
	return s.services.byName[name]
}

// RecordService returns the untyped service of a register by name.
func (s *Store) RecordService(register string) (himitsu.RecordService[any], bool) {
	r, ok := s.services.byName[register]
	if !ok || register == "access_events" {
		return nil, false
	}
	return untyped{r}, true
}
