package assess

import (
	"context"
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

func TestDetailedReportDeadline(t *testing.T) {
	// Known at 23:30 in Japan: the day of knowledge is 2026-08-01, so day
	// 30 is 08-31 excluding the first day and 08-30 including it.
	leak := himitsu.Incident{ID: "inc-1", Title: "漏えい", Kind: himitsu.IncidentLeak, SecrecyInvolved: himitsu.Yes,
		KnownAt: jst("2026-08-01T23:30:00+09:00")}
	filed := func(at string) []himitsu.RegulatorReport {
		return []himitsu.RegulatorReport{{ID: "rep-d", Incident: "inc-1", Law: himitsu.LawTBA28, Stage: himitsu.StageDetailed, SubmittedAt: jst(at)}}
	}
	tests := []struct {
		name, dayCount, asOf string
		reports              []himitsu.RegulatorReport
		knownAt              string
		wantDue, wantState   string
		wantLate             int
	}{
		{name: "exclude: filed before due", dayCount: ExcludeFirstDay, asOf: "2026-10-01", reports: filed("2026-08-30T12:00:00+09:00"), wantDue: "2026-08-31", wantState: "met"},
		{name: "exclude: filed on the disputed day", dayCount: ExcludeFirstDay, asOf: "2026-10-01", reports: filed("2026-08-31T23:59:00+09:00"), wantDue: "2026-08-31", wantState: "unclear"},
		{name: "exclude: 00:30 JST next day is late though still 08-31 in UTC", dayCount: ExcludeFirstDay, asOf: "2026-10-01", reports: filed("2026-08-31T15:30:00Z"), wantDue: "2026-08-31", wantState: "late", wantLate: 1},
		{name: "include: filed on day 29", dayCount: IncludeFirstDay, asOf: "2026-10-01", reports: filed("2026-08-30T18:00:00+09:00"), wantDue: "2026-08-30", wantState: "met"},
		{name: "include: filed on the disputed day", dayCount: IncludeFirstDay, asOf: "2026-10-01", reports: filed("2026-08-31T09:00:00+09:00"), wantDue: "2026-08-30", wantState: "unclear"},
		{name: "include: filed three days after due", dayCount: IncludeFirstDay, asOf: "2026-10-01", reports: filed("2026-09-02T09:00:00+09:00"), wantDue: "2026-08-30", wantState: "late", wantLate: 3},
		{name: "default convention is exclude", dayCount: "", asOf: "2026-10-01", reports: filed("2026-08-30T12:00:00+09:00"), wantDue: "2026-08-31", wantState: "met"},
		{name: "unfiled, still in time", dayCount: ExcludeFirstDay, asOf: "2026-08-25", wantDue: "2026-08-31", wantState: "pending"},
		{name: "unfiled, judged on the disputed day", dayCount: ExcludeFirstDay, asOf: "2026-08-31", wantDue: "2026-08-31", wantState: "unclear"},
		{name: "unfiled, overdue", dayCount: ExcludeFirstDay, asOf: "2026-09-05", wantDue: "2026-08-31", wantState: "overdue", wantLate: 5},
		{name: "known 00:30 JST is the previous day in UTC", dayCount: ExcludeFirstDay, asOf: "2026-10-01", knownAt: "2026-07-31T15:30:00Z",
			reports: filed("2026-08-30T12:00:00+09:00"), wantDue: "2026-08-31", wantState: "met"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := leak
			if tt.knownAt != "" {
				in.KnownAt = jst(tt.knownAt)
			}
			_, dl := determineOne(t, in, tt.reports, tt.asOf, tt.dayCount, himitsu.LawTBA28, himitsu.StageDetailed)
			if dl.Due.String() != tt.wantDue || dl.State != tt.wantState || dl.DaysLate != tt.wantLate {
				t.Errorf("got due %s state %s late %d, want due %s state %s late %d", dl.Due, dl.State, dl.DaysLate, tt.wantDue, tt.wantState, tt.wantLate)
			}
			conv := tt.dayCount
			if conv == "" {
				conv = ExcludeFirstDay
			}
			if !strings.HasPrefix(dl.Convention, conv) {
				t.Errorf("got convention %q, want it to state %s", dl.Convention, conv)
			}
			if dl.State == "unclear" && (dl.Note.JA == "" || !strings.Contains(dl.Note.EN, "[verify]")) {
				t.Errorf("unclear without a bilingual [verify] note: %+v", dl.Note)
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
			wantLaws:    []string{"tba-28/first/", "tba-28/detailed/2026-08-29"}},
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
