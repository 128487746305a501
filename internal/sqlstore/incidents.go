package sqlstore

import (
	"reflect"

	"github.com/himitsu-oss/himitsu"
)

// incidentsSpec is the register's rule set: its principal time and when a record
// may be deleted (see the IncidentService documentation).
func incidentsSpec() spec {
	return spec{register: "incidents", timeField: "known_at", deletable: never, keepContent: true,
		keep:   "incidents are kept: reporting deadlines and recurrence measures run from them (guideline 5(3)(i)iii, iv)",
		keepJA: "事故は削除できない。報告期限と再発防止策はこの記録から起算・管理される（指針5(3)(i)iii、iv）",
	}
}

// Incidents is the per-record service of incidents.
func (s *Store) Incidents() himitsu.IncidentService {
	return typed[himitsu.Incident]{s.svc("incidents")}
}

// recurrenceMeasuresSpec is the register's rule set: its principal time and when a record
// may be deleted (see the RecurrenceMeasureService documentation).
func recurrenceMeasuresSpec() spec {
	return spec{register: "recurrence_measures", timeField: "due_on", keepContent: true,
		deletable: func(rv reflect.Value) bool {
			m := rv.Interface().(himitsu.RecurrenceMeasure)
			return m.DoneOn.IsZero() && m.VerifiedOn.IsZero()
		},
		keep:   "a measure that was put in place or verified is evidence and is kept",
		keepJA: "実施又は検証済みの再発防止策は証跡として保存する",
	}
}

// RecurrenceMeasures is the per-record service of recurrence_measures.
func (s *Store) RecurrenceMeasures() himitsu.RecurrenceMeasureService {
	return typed[himitsu.RecurrenceMeasure]{s.svc("recurrence_measures")}
}

// regulatorReportsSpec is the register's rule set: its principal time and when a record
// may be deleted (see the RegulatorReportService documentation).
func regulatorReportsSpec() spec {
	return spec{register: "regulator_reports", timeField: "submitted_at", deletable: never,
		keep:   "a report filed with the authorities cannot be unfiled",
		keepJA: "当局に提出した報告は取り消せない",
		frozen: func(rv reflect.Value) bool {
			r := rv.Interface().(himitsu.RegulatorReport)
			return r.Frozen()
		},
		frozenMsg: "the report was filed with its document and is frozen: file a corrected report as a new version",
		frozenJA:  "この報告は文書とともに提出済みで、変更できない。訂正は新しい版として提出すること",
		digest: func(rv reflect.Value) string {
			return rv.Interface().(himitsu.RegulatorReport).DocumentSHA256
		},
	}
}

// RegulatorReports is the per-record service of regulator_reports.
func (s *Store) RegulatorReports() himitsu.RegulatorReportService {
	return typed[himitsu.RegulatorReport]{s.svc("regulator_reports")}
}

// notificationsSpec is the register's rule set: its principal time and when a record
// may be deleted (see the NotificationService documentation).
func notificationsSpec() spec {
	return spec{register: "notifications", timeField: "sent_at", deletable: never, keepContent: true,
		keep:   "a notice that was sent to users stays on record",
		keepJA: "利用者に送った通知は記録として保存する",
	}
}

// Notifications is the per-record service of notifications.
func (s *Store) Notifications() himitsu.NotificationService {
	return typed[himitsu.Notification]{s.svc("notifications")}
}
