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
// rules are here in one place and explained in its root file
// (complaint.go, incident.go …).
func specs() []spec {
	never := func(reflect.Value) bool { return false }
	return []spec{
		{register: "complaints", timeField: "received_at", deletable: never,
			keep:   "complaints are kept as the record of how the desk handled them (guideline 5(4)); close the complaint with a resolution instead",
			keepJA: "苦情はその処理の記録として保存する（指針5(4)）。削除せず、処理結果を記入して完了とすること"},
		{register: "incidents", timeField: "known_at", deletable: never,
			keep:   "incidents are kept: reporting deadlines and recurrence measures run from them (guideline 5(3)(i)iii, iv)",
			keepJA: "事故は削除できない。報告期限と再発防止策はこの記録から起算・管理される（指針5(3)(i)iii、iv）"},
		{register: "recurrence_measures", timeField: "due_on",
			deletable: func(rv reflect.Value) bool {
				m := rv.Interface().(himitsu.RecurrenceMeasure)
				return m.DoneOn.IsZero() && m.VerifiedOn.IsZero()
			},
			keep:   "a measure that was put in place or verified is evidence and is kept",
			keepJA: "実施又は検証済みの再発防止策は証跡として保存する"},
		{register: "regulator_reports", timeField: "submitted_at", deletable: never,
			keep:   "a report filed with the authorities cannot be unfiled",
			keepJA: "当局に提出した報告は取り消せない"},
		{register: "notifications", timeField: "sent_at", deletable: never,
			keep:   "a notice that was sent to users stays on record",
			keepJA: "利用者に送った通知は記録として保存する"},
		{register: "persons", timeField: "joined_on",
			deletable: func(reflect.Value) bool { return true },
			keep:      "", keepJA: ""},
		{register: "grants", timeField: "granted_on", deletable: never,
			keep:   "grants are kept as the history of who could read what (guideline 5(3)(iv)iii); set revoked_on instead",
			keepJA: "権限付与は誰が何を読めたかの履歴として保存する（指針5(3)(iv)iii）。削除せず、revoked_on を設定すること"},
		{register: "consents", timeField: "given_at", deletable: never,
			keep:   "consents are kept as the history that uses are judged against (guideline 5(2)); record withdrawn_at instead",
			keepJA: "同意は利用の適否を判断する履歴として保存する（指針5(2)）。削除せず、withdrawn_at を記録すること"},
		{register: "access_events", timeField: "at", deletable: never,
			keep:   "the access log is what the systems recorded and is never edited",
			keepJA: "アクセス記録はシステムが記録したものであり、編集しない"},
	}
}

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

func (s *Store) Complaints() himitsu.ComplaintService {
	return typed[himitsu.Complaint]{s.svc("complaints")}
}
func (s *Store) Incidents() himitsu.IncidentService {
	return typed[himitsu.Incident]{s.svc("incidents")}
}
func (s *Store) RecurrenceMeasures() himitsu.RecurrenceMeasureService {
	return typed[himitsu.RecurrenceMeasure]{s.svc("recurrence_measures")}
}
func (s *Store) RegulatorReports() himitsu.RegulatorReportService {
	return typed[himitsu.RegulatorReport]{s.svc("regulator_reports")}
}
func (s *Store) Notifications() himitsu.NotificationService {
	return typed[himitsu.Notification]{s.svc("notifications")}
}
func (s *Store) Persons() himitsu.PersonService { return typed[himitsu.Person]{s.svc("persons")} }
func (s *Store) Grants() himitsu.GrantService   { return typed[himitsu.Grant]{s.svc("grants")} }
func (s *Store) Consents() himitsu.ConsentService {
	return typed[himitsu.Consent]{s.svc("consents")}
}

// AccessEvents lists the access log; it has no write methods.
func (s *Store) AccessEvents() himitsu.AccessEventService {
	return typed[himitsu.AccessEvent]{s.svc("access_events")}
}
