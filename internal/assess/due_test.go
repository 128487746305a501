package assess

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/bundle"
)

func dueItem(t *testing.T, items []himitsu.DueItem, key string) himitsu.DueItem {
	t.Helper()
	for _, it := range items {
		if it.Key == key {
			return it
		}
	}
	var keys []string
	for _, it := range items {
		keys = append(keys, it.Key)
	}
	t.Fatalf("no item %s among %v", key, keys)
	return himitsu.DueItem{}
}

// TestDueItemsReports puts the engine's report deadlines on the board
// across weekends, Golden Week, Silver Week and the year-end closure, in
// every state the board knows.
func TestDueItemsReports(t *testing.T) {
	leak := func(known string) himitsu.Incident {
		return himitsu.Incident{ID: "inc-1", Title: "漏えい", Kind: himitsu.IncidentLeak, SecrecyInvolved: himitsu.Yes, KnownAt: jst(known + "T10:00:00+09:00")}
	}
	appi := func(known string) himitsu.Incident {
		return himitsu.Incident{ID: "inc-1", Title: "個人データの漏えい", Kind: himitsu.IncidentPersonalDataLeak, PersonsAffected: 2000, KnownAt: jst(known + "T10:00:00+09:00")}
	}
	filed := func(law himitsu.ReportLaw, stage himitsu.ReportStage, at string) []himitsu.RegulatorReport {
		return []himitsu.RegulatorReport{{ID: "rep-1", Incident: "inc-1", Law: law, Stage: stage, SubmittedAt: jst(at + "T15:00:00+09:00")}}
	}
	const (
		tbaDetailed = "assess/incidents/inc-1/tba-28/detailed"
		tbaFirst    = "assess/incidents/inc-1/tba-28/first"
		appiPrelim  = "assess/incidents/inc-1/appi-26/preliminary"
		appiFinal   = "assess/incidents/inc-1/appi-26/final"
	)
	tests := []struct {
		name     string
		in       himitsu.Incident
		reports  []himitsu.RegulatorReport
		asOf     string
		key      string
		due      string
		firm     bool
		state    himitsu.DueState
		daysLate int
		how      string // a part of HowComputed
	}{
		{name: "golden week moves the detailed report to 7 May", in: leak("2026-04-03"), asOf: "2026-04-10", key: tbaDetailed,
			due: "2026-05-07", firm: true, state: himitsu.DueUpcoming, how: "Act on Holidays"},
		{name: "due soon three days before", in: leak("2026-04-03"), asOf: "2026-05-04", key: tbaDetailed,
			due: "2026-05-07", firm: true, state: himitsu.DueSoon},
		{name: "due soon on the day", in: leak("2026-04-03"), asOf: "2026-05-07", key: tbaDetailed,
			due: "2026-05-07", firm: true, state: himitsu.DueSoon},
		{name: "late the day after", in: leak("2026-04-03"), asOf: "2026-05-08", key: tbaDetailed,
			due: "2026-05-07", firm: true, state: himitsu.DueLate, daysLate: 1},
		{name: "filed on the moved day is done", in: leak("2026-04-03"), reports: filed(himitsu.LawTBA28, himitsu.StageDetailed, "2026-05-07"), asOf: "2026-05-20", key: tbaDetailed,
			due: "2026-05-07", firm: true, state: himitsu.DueDone},
		{name: "filed two days late", in: leak("2026-04-03"), reports: filed(himitsu.LawTBA28, himitsu.StageDetailed, "2026-05-09"), asOf: "2026-05-20", key: tbaDetailed,
			due: "2026-05-07", firm: true, state: himitsu.DueDoneLate, daysLate: 2},
		{name: "saturday moves to monday", in: leak("2026-05-07"), asOf: "2026-05-08", key: tbaDetailed,
			due: "2026-06-08", firm: true, state: himitsu.DueUpcoming},
		{name: "silver week", in: leak("2026-08-20"), asOf: "2026-09-19", key: tbaDetailed,
			due: "2026-09-24", firm: true, state: himitsu.DueUpcoming},
		{name: "year-end closure", in: leak("2026-11-30"), asOf: "2027-01-01", key: tbaDetailed,
			due: "2027-01-04", firm: true, state: himitsu.DueSoon},
		{name: "first report without delay is due soon while it runs", in: leak("2026-04-28"), asOf: "2026-04-28", key: tbaFirst,
			due: "2026-05-01", firm: false, state: himitsu.DueSoon},
		{name: "first report past its target but not yet late", in: leak("2026-04-28"), asOf: "2026-05-04", key: tbaFirst,
			due: "2026-05-01", firm: false, state: himitsu.DueSoon},
		{name: "first report late beyond the late days", in: leak("2026-04-28"), asOf: "2026-05-06", key: tbaFirst,
			due: "2026-05-01", firm: false, state: himitsu.DueLate, daysLate: 5, how: "overdue"},
		{name: "first report filed in time", in: leak("2026-04-28"), reports: filed(himitsu.LawTBA28, himitsu.StageFirst, "2026-04-30"), asOf: "2026-05-06", key: tbaFirst,
			due: "2026-05-01", firm: false, state: himitsu.DueDone},
		{name: "first report filed late", in: leak("2026-04-28"), reports: filed(himitsu.LawTBA28, himitsu.StageFirst, "2026-05-08"), asOf: "2026-05-10", key: tbaFirst,
			due: "2026-05-01", firm: false, state: himitsu.DueDoneLate, daysLate: 7},
		{name: "APPI preliminary past the guidance is late", in: appi("2026-04-28"), asOf: "2026-05-04", key: appiPrelim,
			due: "2026-05-03", firm: false, state: himitsu.DueLate, daysLate: 1, how: "past-guidance"},
		{name: "APPI preliminary filed after the guidance is done", in: appi("2026-04-28"), reports: filed(himitsu.LawAPPI26, himitsu.StagePreliminary, "2026-05-05"), asOf: "2026-05-06", key: appiPrelim,
			due: "2026-05-03", firm: false, state: himitsu.DueDone, how: "after-guidance"},
		{name: "APPI final over golden week", in: appi("2026-04-03"), asOf: "2026-04-10", key: appiFinal,
			due: "2026-05-07", firm: true, state: himitsu.DueUpcoming},
		{name: "a joint filing discharges the APPI final report", in: appi("2026-04-03"),
			reports: []himitsu.RegulatorReport{{ID: "rep-9", Incident: "inc-1", Law: himitsu.LawTBA28, Stage: himitsu.StageDetailed, AlsoUnder: []himitsu.ReportLaw{himitsu.LawAPPI26}, SubmittedAt: jst("2026-05-01T09:00:00+09:00")}},
			asOf:    "2026-05-10", key: appiFinal, due: "2026-05-07", firm: true, state: himitsu.DueDone, how: "also_under"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &himitsu.Records{Carrier: himitsu.Carrier{ID: "c1", Name: "テスト通信"}, Incidents: []himitsu.Incident{tc.in}, RegulatorReports: tc.reports}
			items, err := DueItems(rec, Options{AsOf: day(tc.asOf)}, 3)
			if err != nil {
				t.Fatal(err)
			}
			it := dueItem(t, items, tc.key)
			if it.Due.String() != tc.due || it.Firm != tc.firm {
				t.Errorf("due %s firm %v, want %s firm %v", it.Due, it.Firm, tc.due, tc.firm)
			}
			if it.State != tc.state || it.DaysLate != tc.daysLate {
				t.Errorf("state %s days late %d, want %s %d (%s)", it.State, it.DaysLate, tc.state, tc.daysLate, it.HowComputed.EN)
			}
			if tc.how != "" && !strings.Contains(it.HowComputed.EN, tc.how) {
				t.Errorf("how computed %q lacks %q", it.HowComputed.EN, tc.how)
			}
			if it.What.JA == "" || it.What.EN == "" || it.Basis.JA == "" || it.Basis.EN == "" || it.Record != "inc-1" || it.Incident != "inc-1" {
				t.Errorf("item lacks its words or record: %+v", it)
			}
		})
	}
}

// TestDueItemsMeasuresNoticesAssessments covers the items the records
// date: measures by due_on, the notice to users, the next risk assessment.
func TestDueItemsMeasuresNoticesAssessments(t *testing.T) {
	in := himitsu.Incident{ID: "inc-1", Title: "漏えい", Kind: himitsu.IncidentLeak, SecrecyInvolved: himitsu.Yes, PersonsAffected: 12,
		KnownAt: jst("2026-04-01T10:00:00+09:00")}
	noSecrecy := himitsu.Incident{ID: "inc-2", Title: "障害", Kind: himitsu.IncidentOutage, SecrecyInvolved: himitsu.No, PersonsAffected: 5, KnownAt: jst("2026-04-01T10:00:00+09:00")}
	measures := []himitsu.RecurrenceMeasure{
		{ID: "m-1", Incident: "inc-1", Description: "権限の見直し", DueOn: day("2026-05-02"), DoneOn: day("2026-05-05")},
		{ID: "m-2", Incident: "inc-1", Description: "教育", DueOn: day("2026-05-02")},
		{ID: "m-3", Incident: "inc-1", Description: "期限なし"},
		{ID: "m-4", Incident: "inc-1", Description: "ログ監視", DueOn: day("2026-06-30"), DoneOn: day("2026-04-20")},
	}
	risks := []himitsu.RiskAssessment{
		{ID: "ra-1", Kind: himitsu.RiskSystem, Subject: "sys-billing", PerformedOn: day("2025-04-01"), NextDue: day("2026-04-01")},
		{ID: "ra-2", Kind: himitsu.RiskSystem, Subject: "sys-billing", PerformedOn: day("2026-03-25"), NextDue: day("2027-03-25")},
		{ID: "ra-3", Kind: himitsu.RiskSystem, Subject: "sys-crm", PerformedOn: day("2025-04-01"), NextDue: day("2026-04-30")},
	}
	tests := []struct {
		name     string
		notices  []himitsu.Notification
		asOf     string
		key      string
		due      string
		done     string
		state    himitsu.DueState
		daysLate int
	}{
		{name: "measure done three days late", asOf: "2026-05-10", key: "assess/recurrence_measures/m-1/done", due: "2026-05-02", done: "2026-05-05", state: himitsu.DueDoneLate, daysLate: 3},
		{name: "measure open and late", asOf: "2026-05-10", key: "assess/recurrence_measures/m-2/done", due: "2026-05-02", state: himitsu.DueLate, daysLate: 8},
		{name: "measure due soon", asOf: "2026-04-29", key: "assess/recurrence_measures/m-2/done", due: "2026-05-02", state: himitsu.DueSoon},
		{name: "measure upcoming", asOf: "2026-04-20", key: "assess/recurrence_measures/m-2/done", due: "2026-05-02", state: himitsu.DueUpcoming},
		{name: "measure done early", asOf: "2026-05-10", key: "assess/recurrence_measures/m-4/done", due: "2026-06-30", done: "2026-04-20", state: himitsu.DueDone},
		{name: "notice due on day 30", asOf: "2026-04-28", key: "assess/incidents/inc-1/notice/first", due: "2026-04-30", state: himitsu.DueSoon},
		{name: "notice missing is late", asOf: "2026-05-01", key: "assess/incidents/inc-1/notice/first", due: "2026-04-30", state: himitsu.DueLate, daysLate: 1},
		{name: "notice sent on the last day", asOf: "2026-05-10", key: "assess/incidents/inc-1/notice/first", due: "2026-04-30", done: "2026-04-30", state: himitsu.DueDone,
			notices: []himitsu.Notification{{ID: "n-2", Incident: "inc-1", SentAt: jst("2026-05-02T09:00:00+09:00")}, {ID: "n-1", Incident: "inc-1", SentAt: jst("2026-04-30T18:00:00+09:00")}}},
		{name: "next risk assessment of the latest only", asOf: "2026-04-10", key: "assess/risk_assessments/ra-2/next", due: "2027-03-25", state: himitsu.DueUpcoming},
		{name: "next risk assessment late", asOf: "2026-05-10", key: "assess/risk_assessments/ra-3/next", due: "2026-04-30", state: himitsu.DueLate, daysLate: 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &himitsu.Records{Carrier: himitsu.Carrier{ID: "c1"}, Incidents: []himitsu.Incident{in, noSecrecy},
				RecurrenceMeasures: measures, Notifications: tc.notices, RiskAssessments: risks}
			items, err := DueItems(rec, Options{AsOf: day(tc.asOf)}, 3)
			if err != nil {
				t.Fatal(err)
			}
			it := dueItem(t, items, tc.key)
			if it.Due.String() != tc.due || it.State != tc.state || it.DaysLate != tc.daysLate {
				t.Errorf("due %s state %s days late %d, want %s %s %d", it.Due, it.State, it.DaysLate, tc.due, tc.state, tc.daysLate)
			}
			if tc.done != "" && it.DoneOn.String() != tc.done {
				t.Errorf("done on %s, want %s", it.DoneOn, tc.done)
			}
			for _, it := range items {
				switch it.Key {
				case "assess/recurrence_measures/m-3/done", "assess/incidents/inc-2/notice/first", "assess/risk_assessments/ra-1/next":
					t.Errorf("item %s should not be on the board", it.Key)
				}
				if strings.Contains(it.What.JA+it.What.EN, "権限の見直し") {
					t.Errorf("item %s carries the measure's free text in What", it.Key)
				}
			}
		})
	}
}

// TestDueItemsAsOf: records entered after the day judged are not seen,
// so a board as of an earlier day matches what was known then.
func TestDueItemsAsOf(t *testing.T) {
	rec := &himitsu.Records{Carrier: himitsu.Carrier{ID: "c1"},
		Incidents: []himitsu.Incident{{ID: "inc-1", Title: "漏えい", Kind: himitsu.IncidentLeak, SecrecyInvolved: himitsu.Yes, KnownAt: jst("2026-05-01T10:00:00+09:00")}}}
	items, err := DueItems(rec, Options{AsOf: day("2026-04-30")}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 0 {
		t.Errorf("got %d items before the incident was known, want 0", len(items))
	}
	if _, err := DueItems(rec, Options{}, 3); himitsu.ErrorKind(err) != himitsu.KindInvalid {
		t.Errorf("no as_of: got %v, want KindInvalid", err)
	}
	if _, err := DueItems(rec, Options{AsOf: day("2026-05-01"), DayCount: "weekly"}, 3); himitsu.ErrorKind(err) != himitsu.KindInvalid {
		t.Errorf("bad day count: got %v, want KindInvalid", err)
	}
}

// TestDueRegistersSuffice: the board over only DueRegisters (and the
// carrier) is the board over every register, on every scenario's records
// and on several days.
func TestDueRegistersSuffice(t *testing.T) {
	dirs, err := filepath.Glob("testdata/scenarios/*/bundle")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no scenario bundles: %v", err)
	}
	for _, dir := range dirs {
		b, err := bundle.Read(context.Background(), dir)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		full := b.Records
		part := &himitsu.Records{Carrier: full.Carrier}
		fv, pv := reflect.ValueOf(full).Elem(), reflect.ValueOf(part).Elem()
		for i := range fv.NumField() {
			name, _, _ := strings.Cut(fv.Type().Field(i).Tag.Get("json"), ",")
			if slices.Contains(DueRegisters, name) {
				pv.Field(i).Set(fv.Field(i))
			}
		}
		days := []string{"2025-06-01", "2026-01-15", "2026-09-01", "2026-12-31"}
		for _, in := range full.Incidents {
			d := himitsu.DateOf(in.KnownAt)
			days = append(days, d.String(), d.AddDays(4).String(), d.AddDays(31).String())
		}
		for _, asOf := range days {
			want, err := DueItems(full, Options{AsOf: day(asOf)}, 3)
			if err != nil {
				t.Fatal(err)
			}
			got, err := DueItems(part, Options{AsOf: day(asOf)}, 3)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s as of %s: the board over DueRegisters differs from the full one", dir, asOf)
			}
		}
	}
}
