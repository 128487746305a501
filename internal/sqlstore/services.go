package sqlstore

import (
	"context"
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
	return append([]spec{complaintsSpec(), incidentsSpec(), incidentClassificationsSpec(), recurrenceMeasuresSpec(), regulatorReportsSpec(),
		notificationsSpec(), personsSpec(), grantsSpec(), consentsSpec(), accessEventsSpec()}, otherSpecs()...)
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
	if reg, _ := himitsu.LookupRegister(register); reg.Stream {
		// The entry log, like the access log, is what the systems
		// recorded: it is listed and read, never written one record at a
		// time (a bundle import replaces it).
		return readOnly{untyped{r}}, true
	}
	return untyped{r}, true
}

// readOnly is the service of a log: reads pass, writes are refused.
type readOnly struct{ untyped }

func (o readOnly) refuse(op string) error {
	return &himitsu.Error{Op: o.r.op(op), Kind: himitsu.KindPermission, Msg: o.r.sp.keep, MsgJA: o.r.sp.keepJA}
}
func (o readOnly) Create(context.Context, string, any) (himitsu.Stored[any], error) {
	return himitsu.Stored[any]{}, o.refuse("Create")
}
func (o readOnly) Update(context.Context, string, any, string) (himitsu.Stored[any], error) {
	return himitsu.Stored[any]{}, o.refuse("Update")
}
func (o readOnly) Delete(context.Context, string, string, string) error { return o.refuse("Delete") }
