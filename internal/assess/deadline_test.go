package assess

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

func jst(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func day(s string) himitsu.Date {
	d, err := himitsu.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// determineOne runs the engine on one incident and its reports and returns
// its deadline for law and stage.
func determineOne(t *testing.T, in himitsu.Incident, reports []himitsu.RegulatorReport, asOf, dayCount string, law himitsu.ReportLaw, stage himitsu.ReportStage) (himitsu.IncidentDetermination, himitsu.Deadline) {
	t.Helper()
	rec := &himitsu.Records{
		Carrier:          himitsu.Carrier{ID: "c1", Name: "テスト通信", Registration: himitsu.Registered},
		Incidents:        []himitsu.Incident{in},
		RegulatorReports: reports,
		Services:         []himitsu.Service{{ID: "svc-data", Name: "モバイルデータ", Kind: himitsu.ServiceTelecom}},
	}
	a, err := Run(context.Background(), mustCatalog(t), rec, nil, Options{AsOf: day(asOf), DayCount: dayCount})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Determinations.Incidents) != 1 {
		t.Fatalf("got %d incident determinations, want 1", len(a.Determinations.Incidents))
	}
	d := a.Determinations.Incidents[0]
	for _, dl := range d.Deadlines {
		if dl.Law == law && dl.Stage == stage {
			return d, dl
		}
	}
	t.Fatalf("no %s %s deadline in %+v", law, stage, d.Deadlines)
	return d, himitsu.Deadline{}
}

// TestCountedDeadlines covers every deadline counted in days — the TBA
// detailed report of a leak (from knowledge) and of a serious accident
// (from occurrence), the APPI final report (30 and 60 days) — across month
// ends, leap years, Golden Week, the year-end closure and Silver Week.
func TestCountedDeadlines(t *testing.T) {
	leak := func(known string) himitsu.Incident {
		return himitsu.Incident{ID: "inc-1", Title: "漏えい", Kind: himitsu.IncidentLeak, SecrecyInvolved: himitsu.Yes, KnownAt: jst(known + "T10:00:00+09:00")}
	}
	outage := func(occurred, known string) himitsu.Incident {
		return himitsu.Incident{ID: "inc-1", Title: "障害", Kind: himitsu.IncidentOutage, Service: "svc-data", DurationMinutes: 180, UsersAffected: 50000,
			OccurredAt: jst(occurred + "T10:00:00+09:00"), KnownAt: jst(known + "T10:00:00+09:00")}
	}
	appi := func(known string, improper bool) himitsu.Incident {
		return himitsu.Incident{ID: "inc-1", Title: "個人データの漏えい", Kind: himitsu.IncidentPersonalDataLeak, PersonsAffected: 2000,
			ImproperPurpose: himitsu.FactOf(improper), KnownAt: jst(known + "T10:00:00+09:00")}
	}
	tba, appiFinal := himitsu.LawTBA28, himitsu.LawAPPI26
	tests := []struct {
		name     string
		in       himitsu.Incident
		law      himitsu.ReportLaw
		stage    himitsu.ReportStage
		dayCount string
		filed    string // JST date and time, empty when not filed
		asOf     string
		wantDue  string
		counted  string // the period's last day before any move; empty when equal to wantDue
		state    string
		late     int
		note     string // a substring the note must contain
	}{
		{name: "leak: leap day 2024 is day 30 and open", in: leak("2024-01-30"), law: tba, stage: himitsu.StageDetailed,
			filed: "2024-02-29T17:00", asOf: "2024-04-01", wantDue: "2024-02-29", state: "met"},
		{name: "leak: across the end of February 2024", in: leak("2024-01-31"), law: tba, stage: himitsu.StageDetailed,
			filed: "2024-03-02T09:00", asOf: "2024-04-01", wantDue: "2024-03-01", state: "late", late: 1},
		{name: "leak: across the end of February 2025 onto a Sunday", in: leak("2025-01-31"), law: tba, stage: himitsu.StageDetailed,
			filed: "2025-03-03T09:00", asOf: "2025-04-01", wantDue: "2025-03-03", counted: "2025-03-02", state: "met", note: "Art. 2"},
		{name: "leak: day 30 on Saturday before the year-end closure", in: leak("2024-11-28"), law: tba, stage: himitsu.StageDetailed,
			filed: "2025-01-06T16:00", asOf: "2025-02-01", wantDue: "2025-01-06", counted: "2024-12-28", state: "met", note: "2025-01-03"},
		{name: "leak: Silver Week 2026 with the citizens' holiday", in: leak("2026-08-21"), law: tba, stage: himitsu.StageDetailed,
			filed: "2026-09-24T16:00", asOf: "2026-10-01", wantDue: "2026-09-24", counted: "2026-09-20", state: "met", note: "国民の休日"},
		{name: "leak: Golden Week 2026", in: leak("2026-04-03"), law: tba, stage: himitsu.StageDetailed,
			filed: "2026-05-08T09:00", asOf: "2026-06-01", wantDue: "2026-05-07", counted: "2026-05-03", state: "late", late: 1},
		{name: "leak: day 30 itself is in time, late at 00:30 the next day in Japan", in: leak("2026-08-04"), law: tba, stage: himitsu.StageDetailed,
			filed: "2026-09-03T15:30Z", asOf: "2026-10-01", wantDue: "2026-09-03", state: "late", late: 1},
		{name: "leak: unfiled, overdue counted from the moved deadline", in: leak("2026-08-21"), law: tba, stage: himitsu.StageDetailed,
			asOf: "2026-09-28", wantDue: "2026-09-24", counted: "2026-09-20", state: "overdue", late: 4},
		{name: "leak: unfiled during the holidays is still pending", in: leak("2026-08-21"), law: tba, stage: himitsu.StageDetailed,
			asOf: "2026-09-23", wantDue: "2026-09-24", counted: "2026-09-20", state: "pending"},
		{name: "leak: 2028 is outside the holiday data", in: leak("2028-01-30"), law: tba, stage: himitsu.StageDetailed,
			asOf: "2028-02-01", wantDue: "2028-02-29", state: "pending", note: "[verify]"},
		{name: "include-first-day: the Civil Code's day 30 is unclear", in: leak("2026-08-04"), law: tba, stage: himitsu.StageDetailed, dayCount: IncludeFirstDay,
			filed: "2026-09-03T17:00", asOf: "2026-10-01", wantDue: "2026-09-02", state: "unclear", note: "Civil Code Art. 140"},
		{name: "include-first-day: both counts move to the same open day", in: leak("2026-08-21"), law: tba, stage: himitsu.StageDetailed, dayCount: IncludeFirstDay,
			filed: "2026-09-24T17:00", asOf: "2026-10-01", wantDue: "2026-09-24", counted: "2026-09-19", state: "met"},
		{name: "include-first-day: unfiled on the disputed day", in: leak("2026-08-04"), law: tba, stage: himitsu.StageDetailed, dayCount: IncludeFirstDay,
			asOf: "2026-09-03", wantDue: "2026-09-02", state: "unclear"},
		{name: "serious accident: from occurrence, onto a Saturday", in: outage("2026-07-30", "2026-08-10"), law: tba, stage: himitsu.StageDetailed,
			filed: "2026-08-31T12:00", asOf: "2026-10-01", wantDue: "2026-08-31", counted: "2026-08-29", state: "met"},
		{name: "serious accident: day 30 in the year-end closure", in: outage("2025-11-29", "2025-11-29"), law: tba, stage: himitsu.StageDetailed,
			filed: "2026-01-06T12:00", asOf: "2026-02-01", wantDue: "2026-01-05", counted: "2025-12-29", state: "late", late: 1},
		{name: "APPI final: 30 days into the year-end closure", in: appi("2026-12-01", false), law: appiFinal, stage: himitsu.StageFinal,
			filed: "2027-01-04T12:00", asOf: "2027-02-01", wantDue: "2027-01-04", counted: "2026-12-31", state: "met"},
		{name: "APPI final: 60 days into Golden Week", in: appi("2026-03-05", true), law: appiFinal, stage: himitsu.StageFinal,
			filed: "2026-05-07T12:00", asOf: "2026-06-01", wantDue: "2026-05-07", counted: "2026-05-04", state: "met"},
		{name: "APPI final: filed on day 30 carries the PPC reading to verify", in: appi("2026-08-04", false), law: appiFinal, stage: himitsu.StageFinal,
			filed: "2026-09-03T12:00", asOf: "2026-10-01", wantDue: "2026-09-03", state: "met", note: "[verify]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reports []himitsu.RegulatorReport
			if tt.filed != "" {
				at := tt.filed
				if !strings.HasSuffix(at, "Z") {
					at += ":00+09:00"
				} else {
					at = strings.TrimSuffix(at, "Z") + ":00Z"
				}
				reports = append(reports, himitsu.RegulatorReport{ID: "rep-1", Incident: "inc-1", Law: tt.law, Stage: tt.stage, SubmittedAt: jst(at)})
			}
			_, dl := determineOne(t, tt.in, reports, tt.asOf, tt.dayCount, tt.law, tt.stage)
			counted := tt.counted
			if counted == "" {
				counted = tt.wantDue
			}
			if dl.Due.String() != tt.wantDue || dl.Counted.String() != counted || dl.State != tt.state || dl.DaysLate != tt.late {
				t.Errorf("got due %s (counted %s) state %s late %d, want due %s (counted %s) state %s late %d",
					dl.Due, dl.Counted, dl.State, dl.DaysLate, tt.wantDue, counted, tt.state, tt.late)
			}
			if tt.note != "" && !strings.Contains(dl.Note.JA+dl.Note.EN, tt.note) {
				t.Errorf("got note %+v, want it to mention %q", dl.Note, tt.note)
			}
			if (dl.Note.JA == "") != (dl.Note.EN == "") {
				t.Errorf("note in one language only: %+v", dl.Note)
			}
			conv := tt.dayCount
			if conv == "" {
				conv = ExcludeFirstDay
			}
			if !strings.HasPrefix(dl.Convention, conv) {
				t.Errorf("got convention %q, want it to state %s", dl.Convention, conv)
			}
		})
	}
}

func TestFirstReportWithoutDelay(t *testing.T) {
	leak := himitsu.Incident{ID: "inc-1", Title: "漏えい", Kind: himitsu.IncidentLeak, SecrecyInvolved: himitsu.Yes,
		KnownAt: jst("2026-08-01T23:30:00+09:00")}
	first := func(at string) []himitsu.RegulatorReport {
		return []himitsu.RegulatorReport{{ID: "rep-f", Incident: "inc-1", Law: himitsu.LawTBA28, Stage: himitsu.StageFirst, SubmittedAt: jst(at)}}
	}
	tests := []struct {
		name, asOf string
		reports    []himitsu.RegulatorReport
		wantState  string
		wantLate   int
		wantNote   bool
	}{
		{name: "next morning", asOf: "2026-10-01", reports: first("2026-08-02T09:00:00+09:00"), wantState: "met"},
		{name: "after five days", asOf: "2026-10-01", reports: first("2026-08-06T09:00:00+09:00"), wantState: "met", wantNote: true},
		{name: "after nine days", asOf: "2026-10-01", reports: first("2026-08-10T09:00:00+09:00"), wantState: "late", wantLate: 2},
		{name: "not filed yet", asOf: "2026-08-05", wantState: "pending"},
		{name: "not filed after ten days", asOf: "2026-08-11", wantState: "overdue", wantLate: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, dl := determineOne(t, leak, tt.reports, tt.asOf, "", himitsu.LawTBA28, himitsu.StageFirst)
			if dl.State != tt.wantState || dl.DaysLate != tt.wantLate || (dl.Note.EN != "") != tt.wantNote {
				t.Errorf("got state %s late %d note %q, want state %s late %d note %v", dl.State, dl.DaysLate, dl.Note.EN, tt.wantState, tt.wantLate, tt.wantNote)
			}
			if !dl.Due.IsZero() || dl.DueText.JA == "" || dl.DueText.EN == "" {
				t.Errorf("a duty without delay has no due day and a bilingual text; got due %s text %+v", dl.Due, dl.DueText)
			}
		})
	}
}

func TestIncidentClasses(t *testing.T) {
	tests := []struct {
		name        string
		in          himitsu.Incident
		wantClasses []string
		wantLaws    []string // law/stage/due
	}{
		{name: "secrecy leak of personal data under APPI thresholds",
			in:          himitsu.Incident{Kind: himitsu.IncidentLeak, SecrecyInvolved: himitsu.Yes, PersonsAffected: 3},
			wantClasses: []string{"secrecy-leak", "personal-data-leak"},
			wantLaws:    []string{"tba-28/first/", "tba-28/detailed/2026-08-31"}},
		{name: "large personal-data leak without secrecy",
			in:          himitsu.Incident{Kind: himitsu.IncidentPersonalDataLeak, PersonsAffected: 1500},
			wantClasses: []string{"personal-data-leak", "personal-data-only"},
			wantLaws:    []string{"appi-26/preliminary/", "appi-26/final/2026-08-31"}},
		{name: "improper purpose gives 60 days",
			in:          himitsu.Incident{Kind: himitsu.IncidentLeak, SecrecyInvolved: himitsu.Yes, PersonsAffected: 10, ImproperPurpose: himitsu.Yes},
			wantClasses: []string{"secrecy-leak", "personal-data-leak"},
			wantLaws:    []string{"tba-28/first/", "tba-28/detailed/2026-08-31", "appi-26/preliminary/", "appi-26/final/2026-09-30"}},
		{name: "unauthorised use has no Art. 28 duty",
			in:          himitsu.Incident{Kind: himitsu.IncidentUnauthorizedUse, SecrecyInvolved: himitsu.Yes},
			wantClasses: []string{"unauthorized-use"}},
		{name: "voice outage with emergency calls over an hour",
			in:          himitsu.Incident{Kind: himitsu.IncidentOutage, EmergencyCalls: himitsu.Yes, DurationMinutes: 70, UsersAffected: 40000, OccurredAt: jst("2026-07-30T10:00:00+09:00")},
			wantClasses: []string{"serious-outage"},
			wantLaws:    []string{"tba-28/first/", "tba-28/detailed/2026-08-31"}}, // day 30 is Saturday 08-29
		{name: "data outage below the thresholds",
			in:          himitsu.Incident{Kind: himitsu.IncidentOutage, Service: "svc-data", DurationMinutes: 90, UsersAffected: 500000},
			wantClasses: []string{}},
		{name: "near miss",
			in:          himitsu.Incident{Kind: himitsu.IncidentNearMiss},
			wantClasses: []string{"near-miss"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.ID, in.Title, in.KnownAt = "inc-1", "事故", jst("2026-08-01T10:00:00+09:00")
			rec := &himitsu.Records{
				Carrier:   himitsu.Carrier{ID: "c1", Name: "テスト通信", Registration: himitsu.Notified},
				Incidents: []himitsu.Incident{in},
				Services:  []himitsu.Service{{ID: "svc-data", Name: "モバイルデータ", Kind: himitsu.ServiceTelecom}},
			}
			a, err := Run(context.Background(), mustCatalog(t), rec, nil, Options{AsOf: day("2026-08-10")})
			if err != nil {
				t.Fatal(err)
			}
			d := a.Determinations.Incidents[0]
			if strings.Join(d.Classes, ",") != strings.Join(tt.wantClasses, ",") {
				t.Errorf("got classes %v, want %v", d.Classes, tt.wantClasses)
			}
			var laws []string
			for _, dl := range d.Deadlines {
				laws = append(laws, string(dl.Law)+"/"+string(dl.Stage)+"/"+dl.Due.String())
			}
			if strings.Join(laws, ";") != strings.Join(tt.wantLaws, ";") {
				t.Errorf("got deadlines %v, want %v", laws, tt.wantLaws)
			}
			for _, r := range d.Reasons {
				if r.JA == "" || r.EN == "" {
					t.Errorf("reason lacks a language: %+v", r)
				}
			}
		})
	}
}

func TestSubjectAndServices(t *testing.T) {
	rec := &himitsu.Records{
		Carrier: himitsu.Carrier{ID: "c1", Name: "テスト通信", Registration: himitsu.Exempt},
		Services: []himitsu.Service{
			{ID: "svc-main", Name: "メール", Kind: himitsu.ServiceTelecom},
			{ID: "svc-side", Name: "掲示板", Kind: himitsu.ServiceBasedOn, Exempt: himitsu.Yes, Exemption: "164-1-iii", MainService: "svc-main"},
			{ID: "svc-web", Name: "会社案内", Kind: himitsu.ServiceBasedOn, Exempt: himitsu.Yes, Exemption: "164-1-iii"},
		},
		DataSets: []himitsu.DataSet{
			{ID: "ds-side", Name: "投稿ログ", Service: "svc-side", Elements: []himitsu.DataElement{{Name: "ip", Class: himitsu.ClassIdentifier}}},
		},
	}
	a, err := Run(context.Background(), mustCatalog(t), rec, nil, Options{AsOf: day("2026-11-01")})
	if err != nil {
		t.Fatal(err)
	}
	if s := a.Determinations.Subject; s.SubjectToOrder || !strings.Contains(s.Reason.EN, "164(3)") {
		t.Errorf("exempt carrier: got %+v, want not subject, citing Art. 164(3)", s)
	}
	got := map[string]himitsu.ServiceDetermination{}
	for _, s := range a.Determinations.Services {
		got[s.Service] = s
	}
	if s := got["svc-main"]; !s.MeansOfOperations || s.HoldsSecrecy || s.IndirectHindrance {
		t.Errorf("svc-main: got %+v", s)
	}
	if s := got["svc-side"]; s.MeansOfOperations || !s.HoldsSecrecy || !s.IndirectHindrance || !s.Exempt {
		t.Errorf("svc-side: got %+v, want exempt, holding secrecy, indirect hindrance", s)
	}
	if s := got["svc-web"]; s.IndirectHindrance {
		t.Errorf("svc-web: got indirect hindrance without secrecy or main service")
	}
}

// TestKnowledgeEvents: the periods run from the earliest event at which a
// part of the carrier that handles the matter knew, not from compliance's
// date, and a report counted from a later day is called out.
func TestKnowledgeEvents(t *testing.T) {
	in := himitsu.Incident{ID: "inc-1", Title: "漏えい", Kind: himitsu.IncidentLeak, SecrecyInvolved: himitsu.Yes,
		KnownAt: jst("2026-08-24T10:00:00+09:00"), // compliance's day, as the carrier recorded it
		Knowledge: []himitsu.KnowledgeEvent{
			{At: jst("2026-08-18T09:00:00+09:00"), Step: himitsu.KnowledgeClue, Function: "customer-support", Learned: "苦情"},
			{At: jst("2026-08-20T15:00:00+09:00"), Step: himitsu.KnowledgeDetected, Function: "fraud", Person: "per-7", Learned: "不正な照会を検知"},
			{At: jst("2026-08-24T10:00:00+09:00"), Step: himitsu.KnowledgeEscalated, Function: "compliance"},
		}}
	reports := []himitsu.RegulatorReport{{ID: "rep-d", Incident: "inc-1", Law: himitsu.LawTBA28, Stage: himitsu.StageDetailed,
		SubmittedAt: jst("2026-09-21T10:00:00+09:00"), CountedFrom: day("2026-08-24")}}
	d, dl := determineOne(t, in, reports, "2026-10-01", "", himitsu.LawTBA28, himitsu.StageDetailed)
	// 08-20 + 30 = Sat 09-19 → Tue 09-22 is the citizens' holiday… → Thu 09-24.
	if dl.From.String() != "2026-08-20" || dl.Basis != "knowledge[1]" || dl.Due.String() != "2026-09-24" || dl.State != "met" {
		t.Errorf("got from %s basis %s due %s state %s, want from 2026-08-20 basis knowledge[1] due 2026-09-24 met", dl.From, dl.Basis, dl.Due, dl.State)
	}
	if !strings.Contains(dl.Note.EN, "counts its period from 2026-08-24") {
		t.Errorf("no warning about the report's later start: %q", dl.Note.EN)
	}
	var reason string
	for _, r := range d.Reasons {
		reason += r.EN + "\n"
	}
	for _, want := range []string{"fraud team (per-7) detected it (knowledge[1])", "recorded known_at, 2026-08-24, is later", "a mere clue does not count"} {
		if !strings.Contains(reason, want) {
			t.Errorf("reasons lack %q:\n%s", want, reason)
		}
	}

	// With only a clue before known_at, known_at stands.
	in.Knowledge = in.Knowledge[:1]
	_, dl = determineOne(t, in, nil, "2026-08-25", "", himitsu.LawTBA28, himitsu.StageDetailed)
	if dl.Basis != "known_at" || dl.From.String() != "2026-08-24" {
		t.Errorf("clue only: got from %s basis %s, want known_at 2026-08-24", dl.From, dl.Basis)
	}
}

// TestSuspicionLinked: an internal investigation that turned out to be the
// leak brings its knowledge to the leak's deadlines and has none itself.
func TestSuspicionLinked(t *testing.T) {
	rec := &himitsu.Records{
		Carrier: himitsu.Carrier{ID: "c1", Name: "テスト通信", Registration: himitsu.Registered},
		Incidents: []himitsu.Incident{
			{ID: "inv-1", Title: "不審な照会の調査", Kind: himitsu.IncidentSuspicion, TurnedOutToBe: "inc-1", KnownAt: jst("2026-08-10T10:00:00+09:00"),
				Knowledge: []himitsu.KnowledgeEvent{{At: jst("2026-08-12T18:00:00+09:00"), Step: himitsu.KnowledgeConfirmed, Function: "security"}}},
			{ID: "inc-1", Title: "漏えい", Kind: himitsu.IncidentLeak, SecrecyInvolved: himitsu.Yes, KnownAt: jst("2026-08-17T10:00:00+09:00")},
		},
	}
	a, err := Run(context.Background(), mustCatalog(t), rec, nil, Options{AsOf: day("2026-10-01")})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range a.Determinations.Incidents {
		switch d.Incident {
		case "inv-1":
			if strings.Join(d.Classes, ",") != "suspicion" || len(d.Deadlines) != 0 {
				t.Errorf("suspicion: got classes %v and %d deadlines, want suspicion and none", d.Classes, len(d.Deadlines))
			}
		case "inc-1":
			for _, dl := range d.Deadlines {
				if dl.From.String() != "2026-08-12" || dl.Basis != "inv-1/knowledge[0]" {
					t.Errorf("%s %s: got from %s basis %s, want 2026-08-12 from inv-1/knowledge[0]", dl.Law, dl.Stage, dl.From, dl.Basis)
				}
			}
		}
	}
}

// TestAPPIDuty: strong encryption excludes the report; loss and damage are
// reportable like leaks; persons are counted, not lines; a joint filing
// discharges the APPI report; the preliminary report is judged against
// guidance.
func TestAPPIDuty(t *testing.T) {
	base := himitsu.Incident{ID: "inc-1", Title: "事案", KnownAt: jst("2026-08-03T10:00:00+09:00")}
	with := func(f func(*himitsu.Incident)) himitsu.Incident { in := base; f(&in); return in }
	prelim := func(at string, also ...himitsu.ReportLaw) []himitsu.RegulatorReport {
		return []himitsu.RegulatorReport{{ID: "rep-1", Incident: "inc-1", Law: himitsu.LawTBA28, Stage: himitsu.StageFirst, AlsoUnder: also, SubmittedAt: jst(at)}}
	}
	tests := []struct {
		name      string
		in        himitsu.Incident
		reports   []himitsu.RegulatorReport
		asOf      string
		wantAPPI  bool   // an APPI preliminary deadline exists
		wantState string // of the APPI preliminary report
		reason    string // a substring of some reason
	}{
		{name: "strong encryption excludes the report",
			in: with(func(i *himitsu.Incident) {
				i.Kind, i.PersonsAffected, i.StronglyEncrypted = himitsu.IncidentPersonalDataLeak, 5000, himitsu.Yes
			}),
			asOf:   "2026-08-20",
			reason: "strong encryption"},
		{name: "loss of personal data is reportable",
			in:   with(func(i *himitsu.Incident) { i.Kind, i.PersonsAffected = himitsu.IncidentPersonalDataLoss, 1200 }),
			asOf: "2026-08-05", wantAPPI: true, wantState: "pending", reason: "personal-data loss"},
		{name: "damage with sensitive data is reportable",
			in: with(func(i *himitsu.Incident) {
				i.Kind, i.PersonsAffected, i.SensitiveData = himitsu.IncidentPersonalDataDamage, 3, himitsu.Yes
			}),
			asOf: "2026-08-05", wantAPPI: true, wantState: "pending", reason: "personal-data damage"},
		{name: "lines are not persons",
			in: with(func(i *himitsu.Incident) {
				i.Kind = himitsu.IncidentPersonalDataLeak
				i.Affected = []himitsu.AffectedCount{{Data: "回線情報", Count: 1500, Unit: himitsu.UnitLines}, {Data: "契約者", Count: 900, Unit: himitsu.UnitPersons}}
			}),
			asOf: "2026-08-05", reason: "lines are not persons"},
		{name: "overlapping counts per kind of data: the largest, not the sum",
			in: with(func(i *himitsu.Incident) {
				i.Kind = himitsu.IncidentPersonalDataLeak
				i.Affected = []himitsu.AffectedCount{{Data: "契約者", Count: 1200000, Unit: himitsu.UnitPersons, Estimated: himitsu.Yes}, {Data: "通話履歴", Count: 410000, Unit: himitsu.UnitPersons}}
			}),
			asOf: "2026-08-05", wantAPPI: true, wantState: "pending", reason: "persons 1200000 > 1000 (estimated)"},
		{name: "affected counts are listed with their units",
			in: with(func(i *himitsu.Incident) {
				i.Kind = himitsu.IncidentPersonalDataLeak
				i.Affected = []himitsu.AffectedCount{{Data: "契約者", Count: 1200000, Unit: himitsu.UnitPersons, Estimated: himitsu.Yes}, {Data: "回線", Count: 1500000, Unit: himitsu.UnitLines}}
			}),
			asOf: "2026-08-05", wantAPPI: true, wantState: "pending", reason: "Involved: 契約者: 1200000 persons (estimated); 回線: 1500000 lines."},
		{name: "preliminary after the guidance is not late",
			in:      with(func(i *himitsu.Incident) { i.Kind, i.PersonsAffected = himitsu.IncidentPersonalDataLeak, 2000 }),
			reports: []himitsu.RegulatorReport{{ID: "rep-1", Incident: "inc-1", Law: himitsu.LawAPPI26, Stage: himitsu.StagePreliminary, SubmittedAt: jst("2026-08-11T10:00:00+09:00")}},
			asOf:    "2026-09-01", wantAPPI: true, wantState: "after-guidance"},
		{name: "unfiled past the guidance",
			in:   with(func(i *himitsu.Incident) { i.Kind, i.PersonsAffected = himitsu.IncidentPersonalDataLeak, 2000 }),
			asOf: "2026-08-10", wantAPPI: true, wantState: "past-guidance"},
		{name: "a joint TBA first report discharges the APPI preliminary report",
			in: with(func(i *himitsu.Incident) {
				i.Kind, i.SecrecyInvolved, i.PersonsAffected = himitsu.IncidentLeak, himitsu.Yes, 2000
			}),
			reports: prelim("2026-08-04T10:00:00+09:00", himitsu.LawAPPI26),
			asOf:    "2026-08-20", wantAPPI: true, wantState: "met"},
		{name: "without also_under the APPI preliminary report is missing",
			in: with(func(i *himitsu.Incident) {
				i.Kind, i.SecrecyInvolved, i.PersonsAffected = himitsu.IncidentLeak, himitsu.Yes, 2000
			}),
			reports: prelim("2026-08-04T10:00:00+09:00"),
			asOf:    "2026-08-20", wantAPPI: true, wantState: "past-guidance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &himitsu.Records{
				Carrier:          himitsu.Carrier{ID: "c1", Name: "テスト通信", Registration: himitsu.Registered},
				Incidents:        []himitsu.Incident{tt.in},
				RegulatorReports: tt.reports,
			}
			a, err := Run(context.Background(), mustCatalog(t), rec, nil, Options{AsOf: day(tt.asOf)})
			if err != nil {
				t.Fatal(err)
			}
			d := a.Determinations.Incidents[0]
			var got *himitsu.Deadline
			for i := range d.Deadlines {
				if d.Deadlines[i].Law == himitsu.LawAPPI26 && d.Deadlines[i].Stage == himitsu.StagePreliminary {
					got = &d.Deadlines[i]
				}
			}
			if (got != nil) != tt.wantAPPI {
				t.Fatalf("got APPI preliminary deadline %v, want %v", got != nil, tt.wantAPPI)
			}
			if got != nil && got.State != tt.wantState {
				t.Errorf("got state %s, want %s (note %q)", got.State, tt.wantState, got.Note.EN)
			}
			if got != nil && got.State == "after-guidance" && (got.DaysLate != 0 || !strings.Contains(got.Note.EN, "later than the PPC's guidance")) {
				t.Errorf("after the guidance: got days late %d note %q, want 0 and the guidance named", got.DaysLate, got.Note.EN)
			}
			var reasons string
			for _, r := range d.Reasons {
				reasons += r.EN + "\n"
			}
			if tt.reason != "" && !strings.Contains(reasons, tt.reason) {
				t.Errorf("reasons lack %q:\n%s", tt.reason, reasons)
			}
		})
	}
}

// TestSeriousAccidentRows: the rows of the Ordinance Art. 58 table,
// including the free-service rows and the facility row, and the first
// report running from occurrence.
func TestSeriousAccidentRows(t *testing.T) {
	svcs := []himitsu.Service{
		{ID: "free-mail", Name: "無料メール", Kind: himitsu.ServiceTelecom, Charging: himitsu.ChargingFree},
		{ID: "paid-data", Name: "データ通信", Kind: himitsu.ServiceTelecom, Charging: himitsu.ChargingPaid},
		{ID: "unknown-data", Name: "データ通信B", Kind: himitsu.ServiceTelecom},
		{ID: "voip", Name: "IP電話", Kind: himitsu.ServiceTelecom, Charging: himitsu.ChargingFree},
		// Recorded facts win over the name: a voice line whose name says
		// nothing of voice, and a paid data service whose name does.
		{ID: "line-a", Name: "ラインA", Kind: himitsu.ServiceTelecom, Charging: himitsu.ChargingPaid, Voice: himitsu.Yes},
		{ID: "call-notes", Name: "Call notes", Kind: himitsu.ServiceTelecom, Charging: himitsu.ChargingPaid, Voice: himitsu.No},
	}
	tests := []struct {
		name     string
		service  string
		minutes  int
		users    int
		facility bool
		serious  bool
		why      string
	}{
		{"free service, 12 h and 1 M users", "free-mail", 720, 1000000, false, true, "free-internet (≥ 720 minutes and ≥ 1000000 users)"},
		{"free service, 24 h and 100 k users", "free-mail", 1440, 100000, false, true, "free-internet (≥ 1440 minutes"},
		{"free service, 3 h and 50 k users is not serious", "free-mail", 180, 50000, false, false, "free of charge"},
		{"paid data, 3 h and 50 k users", "paid-data", 180, 50000, false, true, "other (≥ 120 minutes and ≥ 30000 users)"},
		{"paid data, 1 h and 1 M users", "paid-data", 60, 1000000, false, true, "other (≥ 60 minutes and ≥ 1000000 users)"},
		{"charging not recorded: the paid row, said", "unknown-data", 180, 50000, false, true, "stricter paid row was applied [verify]"},
		{"free voice follows the voice rows", "voip", 120, 30000, false, true, "voice (≥ 120 minutes"},
		{"name-guessed voice is said as a guess", "voip", 120, 30000, false, true, "taken for one from its name [verify]"},
		{"voice recorded: the voice rows, 1 h and 100 k users", "line-a", 60, 100000, false, true, "(voice: true)"},
		{"not voice recorded: a name with 'call' is not voice", "call-notes", 60, 100000, false, false, "paid (charging: paid)"},
		{"facility: all traffic over a submarine cable for 2 h", "paid-data", 125, 10, true, true, "submarine cable"},
		{"facility: under 2 h", "paid-data", 90, 10, true, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := himitsu.Incident{ID: "inc-1", Title: "障害", Kind: himitsu.IncidentOutage, Service: tt.service, DurationMinutes: tt.minutes,
				UsersAffected: tt.users, CriticalFacility: himitsu.FactOf(tt.facility),
				OccurredAt: jst("2026-04-28T22:00:00+09:00"), KnownAt: jst("2026-04-30T09:00:00+09:00")}
			rec := &himitsu.Records{Carrier: himitsu.Carrier{ID: "c1", Name: "テスト通信", Registration: himitsu.Registered},
				Incidents: []himitsu.Incident{in}, Services: svcs}
			a, err := Run(context.Background(), mustCatalog(t), rec, nil, Options{AsOf: day("2026-05-02")})
			if err != nil {
				t.Fatal(err)
			}
			d := a.Determinations.Incidents[0]
			serious := slices.Contains(d.Classes, "serious-outage")
			var reasons string
			for _, r := range d.Reasons {
				reasons += r.EN + "\n"
			}
			if serious != tt.serious || !strings.Contains(reasons, tt.why) {
				t.Errorf("got serious %v, want %v with %q in:\n%s", serious, tt.serious, tt.why, reasons)
			}
			if !serious {
				return
			}
			// Occurred 04-28: the first report is judged from then (4 days
			// by 05-02, past the 3 days plainly in time, pending until 7);
			// the detailed report is due 30 days after, 05-28 (Thursday).
			for _, dl := range d.Deadlines {
				if dl.From.String() != "2026-04-28" || dl.Basis != "occurred_at" {
					t.Errorf("%s: got from %s (%s), want 2026-04-28 from occurred_at", dl.Stage, dl.From, dl.Basis)
				}
				if dl.Stage == himitsu.StageDetailed && dl.Due.String() != "2026-05-28" {
					t.Errorf("detailed: got due %s, want 2026-05-28", dl.Due)
				}
			}
		})
	}
}

// TestComplaintIsAClue: a complaint linked to the incident is listed as a
// clue and does not start the period.
func TestComplaintIsAClue(t *testing.T) {
	rec := &himitsu.Records{
		Carrier: himitsu.Carrier{ID: "c1", Name: "テスト通信", Registration: himitsu.Registered},
		Incidents: []himitsu.Incident{{ID: "inc-1", Title: "漏えい", Kind: himitsu.IncidentLeak, SecrecyInvolved: himitsu.Yes,
			KnownAt: jst("2026-08-24T10:00:00+09:00")}},
		Complaints: []himitsu.Complaint{{ID: "cp-1", ReceivedAt: jst("2026-08-19T11:00:00+09:00"), Channel: "phone",
			Category: himitsu.ComplaintLeakSuspicion, LeakClue: himitsu.Yes, Incident: "inc-1"}},
	}
	a, err := Run(context.Background(), mustCatalog(t), rec, nil, Options{AsOf: day("2026-08-25")})
	if err != nil {
		t.Fatal(err)
	}
	d := a.Determinations.Incidents[0]
	if len(d.Reasons) == 0 || !strings.Contains(d.Reasons[0].EN, "the complaint desk had a clue (complaints/cp-1)") {
		t.Errorf("the complaint is not listed as a clue: %+v", d.Reasons)
	}
	for _, dl := range d.Deadlines {
		if dl.Basis != "known_at" || dl.From.String() != "2026-08-24" {
			t.Errorf("%s %s: got from %s (%s), want known_at 2026-08-24", dl.Law, dl.Stage, dl.From, dl.Basis)
		}
	}
}

// TestOutageTableVersions: an outage is judged by the version of the
// Art. 58 table in force on the day it occurred.
func TestOutageTableVersions(t *testing.T) {
	v1 := outageTable{EffectiveFrom: day("2015-04-01"), Note: tx("旧", "old."), Rows: []outageThreshold{{outageOther, 120, 30000}}}
	v2 := outageTable{EffectiveFrom: day("2027-04-01"), Note: tx("新", "new."), Rows: []outageThreshold{{outageOther, 60, 100000}}}
	tables := []outageTable{v1, v2}
	tests := []struct {
		occurred, want string
		verify         bool
	}{
		{"2014-12-31", "2015-04-01", true},
		{"2015-04-01", "2015-04-01", false},
		{"2027-03-31", "2015-04-01", false},
		{"2027-04-01", "2027-04-01", false},
		{"2030-01-01", "2027-04-01", false},
	}
	for _, tt := range tests {
		got := outageTableAt(tables, day(tt.occurred))
		if got.EffectiveFrom.String() != tt.want || strings.Contains(got.Note.EN, "[verify]") != tt.verify {
			t.Errorf("%s: got the table of %s (note %q), want %s with [verify] %v", tt.occurred, got.EffectiveFrom, got.Note.EN, tt.want, tt.verify)
		}
	}
	// The encoded versions are in order and each is labelled [verify].
	enc := ordinance58()
	for i, v := range enc {
		if i > 0 && !enc[i-1].EffectiveFrom.Before(v.EffectiveFrom) {
			t.Errorf("version %d is not after version %d", i, i-1)
		}
		if !strings.Contains(v.Note.EN, "[verify]") || v.Note.JA == "" {
			t.Errorf("version %s: the unverified table must say [verify] in both languages: %+v", v.EffectiveFrom, v.Note)
		}
	}
}

// Every function a knowledge event may name has its own words in the
// account of when the carrier knew; a missing one read "the carrier"
// (会社) for the secrecy officer.
func TestFunctionLabelCoversEveryFunction(t *testing.T) {
	for _, f := range himitsu.Function("").Values() {
		if _, ok := functionLabel[himitsu.Function(f)]; !ok {
			t.Errorf("functionLabel has no words for %q", f)
		}
	}
}
