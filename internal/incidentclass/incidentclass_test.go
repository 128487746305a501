package incidentclass

import (
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

var inventory = []himitsu.DataSet{
	{ID: "ds-cdr", Name: "通話明細", Elements: []himitsu.DataElement{
		{Name: "caller", Class: himitsu.ClassIdentifier}, {Name: "started", Class: himitsu.ClassDateTime}}},
	{ID: "ds-crm", Name: "顧客台帳", Elements: []himitsu.DataElement{
		{Name: "name", Class: himitsu.ClassPersonal}, {Name: "plan", Class: himitsu.ClassOther}}},
	{ID: "ds-mixed", Name: "問合せ", Elements: []himitsu.DataElement{
		{Name: "name", Class: himitsu.ClassPersonal}, {Name: "callee", Class: himitsu.ClassIdentifier}}},
}

func TestPropose(t *testing.T) {
	day := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		in       himitsu.Incident
		events   []himitsu.AccessEvent
		kind     himitsu.IncidentKind
		secrecy  himitsu.Fact
		classes  string
		reasonEN string // a part of one reason, in English
		reasonJA string // the same, in Japanese
	}{
		{"nothing recorded yet stays a suspicion", himitsu.Incident{}, nil,
			himitsu.IncidentSuspicion, himitsu.Unknown, "", "no classification can be proposed", "分類を提案できない"},
		{"call records misdelivered are a leak", himitsu.Incident{DataSets: []string{"ds-cdr"}, PersonsAffected: 12, CauseCategory: himitsu.CauseSystemChange}, nil,
			himitsu.IncidentLeak, himitsu.Yes, "datetime, identifier", "cause (system-change)", "原因（system-change）"},
		{"the chosen element decides: only the name is personal data", himitsu.Incident{DataSets: []string{"ds-mixed"},
			DataElements: []himitsu.ElementRef{{DataSet: "ds-mixed", Element: "name"}}, PersonsAffected: 3}, nil,
			himitsu.IncidentPersonalDataLeak, himitsu.No, "personal", "APPI Art. 26", "個人情報保護法第26条"},
		{"every element of the set when none is named", himitsu.Incident{DataSets: []string{"ds-mixed"}, PersonsAffected: 3}, nil,
			himitsu.IncidentLeak, himitsu.Yes, "identifier, personal", "within the secrecy", "通信の秘密に当たる"},
		{"an insider browsing for curiosity obtains", himitsu.Incident{DataSets: []string{"ds-cdr"}, CauseCategory: himitsu.CauseEmployeeIntentional,
			ImproperPurpose: himitsu.Yes, PersonsAffected: 1}, []himitsu.AccessEvent{{Action: himitsu.ActionRead}},
			himitsu.IncidentUnauthorizedObtaining, himitsu.Yes, "datetime, identifier", "unauthorized obtaining", "知得"},
		{"an insider selling call records uses", himitsu.Incident{DataSets: []string{"ds-cdr"}, CauseCategory: himitsu.CauseContractor,
			ImproperPurpose: himitsu.Yes, FinancialRisk: himitsu.Yes, PersonsAffected: 40}, nil,
			himitsu.IncidentUnauthorizedUse, himitsu.Yes, "datetime, identifier", "unauthorized use", "窃用"},
		{"an export in the evidence is a leak even from an insider", himitsu.Incident{DataSets: []string{"ds-cdr"}, CauseCategory: himitsu.CauseEmployeeIntentional,
			ImproperPurpose: himitsu.Yes}, []himitsu.AccessEvent{{Action: himitsu.ActionExport}},
			himitsu.IncidentLeak, himitsu.Yes, "datetime, identifier", "export or print", "持ち出し"},
		{"contained with nothing affected is a near miss", himitsu.Incident{DataSets: []string{"ds-cdr"}, ContainedAt: day}, nil,
			himitsu.IncidentNearMiss, himitsu.Yes, "datetime, identifier", "stopped before harm", "未然に防いだ"},
		{"an outage without data is a serious accident to check", himitsu.Incident{UsersAffected: 40000, DurationMinutes: 150}, nil,
			himitsu.IncidentOutage, himitsu.Unknown, "", "Ordinance Art. 58", "施行規則第58条"},
		{"without the inventory the incident's classes are read", himitsu.Incident{Classes: []himitsu.SecrecyClass{himitsu.ClassContent}, PersonsAffected: 2}, nil,
			himitsu.IncidentLeak, himitsu.Unknown, "", "No data set recorded", "データセットは未記録"},
		{"a data set missing from the inventory is named", himitsu.Incident{DataSets: []string{"ds-gone"}}, nil,
			himitsu.IncidentSuspicion, himitsu.Unknown, "", "Not in the data inventory: ds-gone", "データ目録にない：ds-gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Propose(Facts{Incident: &tt.in, DataSets: inventory, AccessEvents: tt.events})
			if p.Kind != tt.kind || p.Secrecy != tt.secrecy || classList(p.Classes) != tt.classes {
				t.Errorf("got %s, secrecy %s, classes %q; want %s, %s, %q", p.Kind, p.Secrecy, classList(p.Classes), tt.kind, tt.secrecy, tt.classes)
			}
			var en, ja bool
			for _, r := range p.Reasons {
				if r.EN == "" || r.JA == "" {
					t.Errorf("reason not in both languages: %+v", r)
				}
				en = en || strings.Contains(r.EN, tt.reasonEN)
				ja = ja || strings.Contains(r.JA, tt.reasonJA)
			}
			if !en || !ja {
				t.Errorf("no reason says %q / %q: %+v", tt.reasonEN, tt.reasonJA, p.Reasons)
			}
		})
	}
}
