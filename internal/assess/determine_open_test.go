package assess

import (
	"context"
	"slices"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

// TestDeterminationsAskOnUnknown: a legal determination that turns on a
// fact the records leave unknown neither reads it as "no" nor as "yes": it
// lists the record and field with a question (Open), and org.late-report
// asks rather than concludes.
func TestDeterminationsAskOnUnknown(t *testing.T) {
	svcs := []himitsu.Service{
		{ID: "svc-voice", Name: "音声通話", Kind: himitsu.ServiceTelecom, Exempt: himitsu.No, Charging: himitsu.ChargingPaid},
		{ID: "svc-data", Name: "モバイルデータ", Kind: himitsu.ServiceTelecom, Exempt: himitsu.No, Charging: himitsu.ChargingPaid},
	}
	known := func(in himitsu.Incident) himitsu.Incident {
		in.ID, in.Title = "inc-1", "事故"
		if in.KnownAt.IsZero() {
			in.KnownAt = jst("2026-08-03T10:00:00+09:00")
		}
		return in
	}
	tests := []struct {
		name        string
		in          himitsu.Incident
		wantOpen    []string // fields
		wantClasses []string
		lateReport  himitsu.Status // org.late-report's status (one of its findings)
	}{
		{name: "leak, secrecy_involved unknown: not a secrecy leak, not a leak without secrecy",
			in:          himitsu.Incident{Kind: himitsu.IncidentLeak, PersonsAffected: 2, SensitiveData: himitsu.No, FinancialRisk: himitsu.No, ImproperPurpose: himitsu.No},
			wantOpen:    []string{"secrecy_involved"},
			wantClasses: []string{"personal-data-leak", "personal-data-only"},
			lateReport:  himitsu.StatusNeedsAttestation},
		{name: "leak, secrecy_involved recorded false: no question",
			in:          himitsu.Incident{Kind: himitsu.IncidentLeak, SecrecyInvolved: himitsu.No, PersonsAffected: 2, SensitiveData: himitsu.No, FinancialRisk: himitsu.No, ImproperPurpose: himitsu.No},
			wantClasses: []string{"personal-data-leak", "personal-data-only"},
			lateReport:  himitsu.StatusNotIndicated},
		{name: "voice outage of 70 minutes, 40,000 users, emergency_calls unknown",
			in: himitsu.Incident{Kind: himitsu.IncidentOutage, Service: "svc-voice", DurationMinutes: 70, UsersAffected: 40000, CriticalFacility: himitsu.No,
				OccurredAt: jst("2026-08-03T09:00:00+09:00")},
			wantOpen:    []string{"emergency_calls"},
			wantClasses: []string{},
			lateReport:  himitsu.StatusNeedsAttestation},
		{name: "the same outage, emergency_calls recorded no: below the voice rows",
			in: himitsu.Incident{Kind: himitsu.IncidentOutage, Service: "svc-voice", DurationMinutes: 70, UsersAffected: 40000, EmergencyCalls: himitsu.No, CriticalFacility: himitsu.No,
				OccurredAt: jst("2026-08-03T09:00:00+09:00")},
			wantClasses: []string{},
			lateReport:  himitsu.StatusNotIndicated},
		{name: "data outage of 3 h on few users, critical_facility unknown",
			in: himitsu.Incident{Kind: himitsu.IncidentOutage, Service: "svc-data", DurationMinutes: 180, UsersAffected: 10,
				OccurredAt: jst("2026-08-03T09:00:00+09:00")},
			wantOpen:    []string{"critical_facility"},
			wantClasses: []string{},
			lateReport:  himitsu.StatusNeedsAttestation},
		{name: "personal-data leak of 20 persons, APPI grounds unknown",
			in:          himitsu.Incident{Kind: himitsu.IncidentPersonalDataLeak, SecrecyInvolved: himitsu.No, PersonsAffected: 20},
			wantOpen:    []string{"sensitive_data", "financial_risk", "improper_purpose"},
			wantClasses: []string{"personal-data-leak", "personal-data-only"},
			lateReport:  himitsu.StatusNeedsAttestation},
		{name: "personal-data leak of 1,500 persons, encryption unknown: the duty stands and is asked about",
			in:          himitsu.Incident{Kind: himitsu.IncidentPersonalDataLeak, SecrecyInvolved: himitsu.No, PersonsAffected: 1500, ImproperPurpose: himitsu.No},
			wantOpen:    []string{"strongly_encrypted"},
			wantClasses: []string{"personal-data-leak", "personal-data-only"},
			lateReport:  himitsu.StatusIndicated}, // overdue on 2026-11-01, on recorded grounds
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &himitsu.Records{
				Carrier:   himitsu.Carrier{ID: "c1", Name: "テスト通信", Registration: himitsu.Registered, DesignatedSpecifiedUserInfo: himitsu.No},
				Incidents: []himitsu.Incident{known(tt.in)},
				Services:  svcs,
			}
			a, err := Run(context.Background(), mustCatalog(t), rec, nil, Options{AsOf: day("2026-11-01")})
			if err != nil {
				t.Fatal(err)
			}
			d := a.Determinations.Incidents[0]
			var open []string
			for _, o := range d.Open {
				open = append(open, o.Field)
				if o.Record != "incidents/inc-1" || o.Question.JA == "" || o.Question.EN == "" {
					t.Errorf("open question %+v: want record incidents/inc-1 and a question in both languages", o)
				}
			}
			if !slices.Equal(open, tt.wantOpen) {
				t.Errorf("got open %v, want %v", open, tt.wantOpen)
			}
			if !slices.Equal(d.Classes, tt.wantClasses) {
				t.Errorf("got classes %v, want %v", d.Classes, tt.wantClasses)
			}
			var got []himitsu.Status
			for _, f := range a.Findings {
				if f.Rule == "org.late-report" {
					got = append(got, f.Status)
				}
			}
			if !slices.Contains(got, tt.lateReport) {
				t.Errorf("org.late-report: got %v, want %s among them", got, tt.lateReport)
			}
			if tt.lateReport != himitsu.StatusIndicated && slices.Contains(got, himitsu.StatusIndicated) {
				t.Errorf("org.late-report found on an unknown fact: %v", got)
			}
		})
	}
}

// TestServiceExemptUnknown: a service whose exemption is not recorded is
// assessed as a means of operations (the stricter reading) and the
// determination asks, instead of calling it "not exempt".
func TestServiceExemptUnknown(t *testing.T) {
	rec := &himitsu.Records{
		Carrier:  himitsu.Carrier{ID: "c1", Name: "テスト通信", Registration: himitsu.Registered},
		Services: []himitsu.Service{{ID: "svc-app", Name: "見守りアプリ", Kind: himitsu.ServiceBasedOn}, {ID: "svc-main", Name: "モバイル", Kind: himitsu.ServiceTelecom, Exempt: himitsu.No}},
	}
	a, err := Run(context.Background(), mustCatalog(t), rec, nil, Options{AsOf: day("2026-11-01")})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range a.Determinations.Services {
		switch s.Service {
		case "svc-app":
			if !s.MeansOfOperations || s.Exempt || len(s.Open) != 1 || s.Open[0].Field != "exempt" || s.Open[0].Record != "services/svc-app" {
				t.Errorf("svc-app: got %+v, want assessed as means of operations with an open question on exempt", s)
			}
		case "svc-main":
			if len(s.Open) != 0 {
				t.Errorf("svc-main: exempt recorded, got open %+v", s.Open)
			}
		}
	}
}
