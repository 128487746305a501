package himitsu

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// validateCase is one record for Validate and the field of its error.
type validateCase struct {
	name      string
	rec       interface{ Validate() error }
	wantField string // "" means valid
}

// validateCases are shared by TestValidate and TestValidateMessagesJA, so
// that every invalid record is also checked for a Japanese message.
func validateCases(t *testing.T) []validateCase {
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, Tokyo)
	d := func(s string) Date {
		v, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	return []validateCase{
		{"carrier ok", &Carrier{ID: "c1", Name: "X", Registration: Notified, HeadOfficeBureau: "kanto"}, ""},
		{"carrier missing bureau", &Carrier{ID: "c1", Name: "X", Registration: Notified}, "head_office_bureau"},
		{"carrier bad registration", &Carrier{ID: "c1", Name: "X", Registration: "licensed", HeadOfficeBureau: "kanto"}, "registration"},
		{"carrier bad id", &Carrier{ID: "has space", Name: "X", Registration: Notified, HeadOfficeBureau: "kanto"}, "id"},
		{"account shared with person", &Account{ID: "a", System: "s", Shared: Yes, Person: "p"}, "person"},
		{"account not shared without person", &Account{ID: "a", System: "s", Shared: No}, "person"},
		{"account of unknown sharing without person", &Account{ID: "a", System: "s"}, ""},
		{"account bad fact", &Account{ID: "a", System: "s", Person: "p", MFA: Fact(3)}, "mfa"},
		{"account ok", &Account{ID: "a", System: "s", Person: "p"}, ""},
		{"account users of a named account", &Account{ID: "a", System: "s", Person: "p", Users: []string{"q"}}, "users"},
		{"account shared with users", &Account{ID: "a", System: "s", Shared: Yes, Users: []string{"p", "q"}}, ""},
		{"grant to a group", &Grant{ID: "g", Group: "noc", Members: []string{"p"}, DataSet: "ds", Scope: ScopeRead, GrantedOn: d("2026-02-01")}, ""},
		{"grant members without group", &Grant{ID: "g", Person: "p", Members: []string{"q"}, DataSet: "ds", Scope: ScopeRead, GrantedOn: d("2026-02-01")}, "group"},
		{"organisation share over 100", &Organisation{ID: "o", Name: "X", Kind: OrgGroupCompany, Owner: "p", OwnerShare: 120}, "owner_share"},
		{"organisation share without owner", &Organisation{ID: "o", Name: "X", Kind: OrgGroupCompany, OwnerShare: 60}, "owner"},
		{"organisation bad country", &Organisation{ID: "o", Name: "X", Kind: OrgContractor, Country: "jp"}, "country"},
		{"organisation several roles", &Organisation{ID: "o", Name: "X", Kind: OrgGroupCompany, Roles: []OrgKind{OrgContractor}, Owner: "c", OwnerShare: 100, Country: "JP"}, ""},
		{"organisation bad role", &Organisation{ID: "o", Name: "X", Kind: OrgGroupCompany, Roles: []OrgKind{"partner"}}, "roles[0]"},
		{"dataset bad storage country", &DataSet{ID: "ds", Name: "CDR", Elements: []DataElement{{Name: "a", Class: "content"}}, StoredIn: []string{"JP"}, OperatedFrom: []string{"Japan"}}, "operated_from[0]"},
		{"consent row for many without subscriber", &Consent{ID: "c", Purpose: "p", Method: ConsentTermsBundled, GivenAt: t0, Count: 3200000}, ""},
		{"consent for one without subscriber", &Consent{ID: "c", Purpose: "p", Method: ConsentTermsBundled, GivenAt: t0}, "subscriber"},
		{"grant revoked before granted", &Grant{ID: "g", Person: "p", DataSet: "ds", Scope: ScopeRead, GrantedOn: d("2026-02-01"), RevokedOn: d("2026-01-01")}, "revoked_on"},
		{"grant without holder", &Grant{ID: "g", DataSet: "ds", Scope: ScopeRead, GrantedOn: d("2026-02-01")}, "person"},
		{"dataset element bad class", &DataSet{ID: "ds", Name: "CDR", Elements: []DataElement{{Name: "a", Class: "content"}, {Name: "b", Class: "colour"}}}, "elements[1].class"},
		{"dataset duplicate element", &DataSet{ID: "ds", Name: "CDR", Elements: []DataElement{{Name: "a", Class: "content"}, {Name: "a", Class: "count"}}}, "elements[1].name"},
		{"purpose lawful business without kind", &Purpose{ID: "p", Name: "Billing", Basis: BasisLawfulBusiness}, "lawful_business"},
		{"purpose list enum", &Purpose{ID: "p", Name: "Ads", Basis: BasisConsent, Classes: []SecrecyClass{"content", "mood"}}, "classes[1]"},
		{"retention min over max", &RetentionRule{ID: "r", DataSet: "ds", MaxDays: 30, MinDays: 90}, "min_days"},
		{"retention zero max", &RetentionRule{ID: "r", DataSet: "ds"}, "max_days"},
		{"consent withdrawn before given", &Consent{ID: "c", Subscriber: "sub_0123456789abcdef0123456789abcdef", Purpose: "p", Method: ConsentSeparateScreen, GivenAt: t0, WithdrawnAt: t0.Add(-time.Hour)}, "withdrawn_at"},
		{"event ok", &AccessEvent{ID: "e1", At: t0, Person: "p", DataSet: "ds", Action: ActionExport}, ""},
		{"event bad action", &AccessEvent{ID: "e1", At: t0, Person: "p", DataSet: "ds", Action: "steal"}, "action"},
		{"event without actor", &AccessEvent{ID: "e1", At: t0, DataSet: "ds", Action: ActionRead}, "person"},
		{"event raw subscriber number", &AccessEvent{ID: "e1", At: t0, Person: "p", DataSet: "ds", Action: ActionRead, Subscriber: "09012345678"}, "subscriber"},
		{"event pseudonymous subscriber", &AccessEvent{ID: "e1", At: t0, Person: "p", DataSet: "ds", Action: ActionRead, Subscriber: "sub_0123456789abcdef0123456789abcdef"}, ""},
		{"complaint raw subscriber", &Complaint{ID: "c", ReceivedAt: t0, Channel: "phone", Category: ComplaintSecrecy, Subscriber: "CUST-1"}, "subscriber"},
		{"consent upper-case pseudonym", &Consent{ID: "c", Subscriber: "sub_0123456789ABCDEF0123456789ABCDEF", Purpose: "p", Method: ConsentSeparateScreen, GivenAt: t0}, "subscriber"},
		{"policy title with an escape sequence", &Policy{ID: "p", Title: "Privacy\x1b[2J policy", Kind: PolicyPrivacy}, "title"},
		{"person name with a C1 control", &Person{ID: "p", Name: "Suzuki\u009b", Kind: "employee", Employer: "o"}, "name"},
		{"incident summary with line breaks", &Incident{ID: "i", Title: "t", Kind: IncidentNearMiss, KnownAt: t0, Summary: "line one\r\nline two\tend"}, ""},
		{"event negative records", &AccessEvent{ID: "e1", At: t0, Person: "p", DataSet: "ds", Action: ActionRead, Records: -1}, "records"},
		{"report stage mismatch", &RegulatorReport{ID: "r", Incident: "i", Law: LawAPPI26, Stage: StageDetailed, SubmittedAt: t0}, "stage"},
		{"desk bad hours", &Desk{Channels: []DeskChannel{{Kind: "phone", WeekdayHours: "9-18"}}}, "channels[0].weekday_hours"},
		{"desk ok", &Desk{Channels: []DeskChannel{{Kind: "phone", WeekdayHours: "09:00-18:00"}}}, ""},
		{"complaint closed before received", &Complaint{ID: "c", ReceivedAt: t0, Channel: "phone", Category: ComplaintSecrecy, ClosedAt: t0.Add(-time.Minute)}, "closed_at"},
		{"entry without person or visitor", &EntryLog{ID: "x", Area: "a", Direction: "in", At: t0}, "person"},
		{"service exemption without exempt", &Service{ID: "s", Name: "X", Kind: ServiceTelecom, Exemption: "164-1-i"}, "exemption"},
		{"service its own main service", &Service{ID: "s", Name: "X", Kind: ServiceTelecom, MainService: "s"}, "main_service"},
		{"service negative subscribers", &Service{ID: "s", Name: "X", Kind: ServiceTelecom, Subscribers: -1}, "subscribers"},
		{"purpose lawful business with consent", &Purpose{ID: "p", Name: "Ads", Basis: BasisConsent, LawfulBusiness: "billing"}, "lawful_business"},
		{"area bad id in list", &Area{ID: "a", Name: "Room", Kind: AreaControlled, AccessControl: "card", Authorised: []string{"p1", "p 2"}}, "authorised[1]"},
		{"event bad id", &AccessEvent{ID: "e 1", At: t0, Person: "p", DataSet: "ds", Action: ActionRead}, "id"},
		{"event missing action", &AccessEvent{ID: "e1", At: t0, Person: "p", DataSet: "ds"}, "action"},
		{"report tba stage mismatch", &RegulatorReport{ID: "r", Incident: "i", Law: LawTBA28, Stage: StageFinal, SubmittedAt: t0}, "stage"},
		{"takeout returned before taken", &Takeout{ID: "t", Person: "p", Device: "pc1", TakenAt: t0, ReturnedAt: t0.Add(-time.Hour)}, "returned_at"},
		{"service bad charging", &Service{ID: "s", Name: "X", Kind: ServiceTelecom, Charging: "subsidised"}, "charging"},
		{"incident knowledge ok", &Incident{ID: "i", Title: "t", Kind: IncidentLeak, KnownAt: t0,
			Knowledge: []KnowledgeEvent{{At: t0, Step: KnowledgeDetected, Function: "fraud", Person: "p1"}},
			Affected:  []AffectedCount{{Data: "契約者", Count: 10, Unit: UnitPersons, Estimated: Yes}}}, ""},
		{"incident knowledge bad step", &Incident{ID: "i", Title: "t", Kind: IncidentLeak, KnownAt: t0,
			Knowledge: []KnowledgeEvent{{At: t0, Step: KnowledgeDetected, Function: "fraud"}, {At: t0, Step: "guessed", Function: "fraud"}}}, "knowledge[1].step"},
		{"incident knowledge without time", &Incident{ID: "i", Title: "t", Kind: IncidentLeak, KnownAt: t0,
			Knowledge: []KnowledgeEvent{{Step: KnowledgeClue, Function: "front-line"}}}, "knowledge[0].at"},
		{"incident affected bad unit", &Incident{ID: "i", Title: "t", Kind: IncidentLeak, KnownAt: t0,
			Affected: []AffectedCount{{Data: "回線", Count: 5, Unit: "households"}}}, "affected[0].unit"},
		{"incident affected without count", &Incident{ID: "i", Title: "t", Kind: IncidentLeak, KnownAt: t0,
			Affected: []AffectedCount{{Data: "回線", Unit: UnitLines}}}, "affected[0].count"},
		{"suspicion linked ok", &Incident{ID: "s", Title: "t", Kind: IncidentSuspicion, KnownAt: t0, TurnedOutToBe: "i"}, ""},
		{"turned_out_to_be on a leak", &Incident{ID: "i", Title: "t", Kind: IncidentLeak, KnownAt: t0, TurnedOutToBe: "j"}, "turned_out_to_be"},
		{"suspicion turned out to be itself", &Incident{ID: "s", Title: "t", Kind: IncidentSuspicion, KnownAt: t0, TurnedOutToBe: "s"}, "turned_out_to_be"},
		{"joint report ok", &RegulatorReport{ID: "r", Incident: "i", Law: LawTBA28, Stage: StageFirst, SubmittedAt: t0, AlsoUnder: []ReportLaw{LawAPPI26}, CountedFrom: d("2026-03-30")}, ""},
		{"filed document ok", &RegulatorReport{ID: "r", Incident: "i", Law: LawTBA28, Stage: StageFirst, SubmittedAt: t0, Version: 1, Document: "<p>報告</p>", DocumentSHA256: DocumentDigest("<p>報告</p>")}, ""},
		{"document hash mismatch", &RegulatorReport{ID: "r", Incident: "i", Law: LawTBA28, Stage: StageFirst, SubmittedAt: t0, Document: "<p>報告</p>", DocumentSHA256: DocumentDigest("<p>別</p>")}, "document_sha256"},
		{"hash without document", &RegulatorReport{ID: "r", Incident: "i", Law: LawTBA28, Stage: StageFirst, SubmittedAt: t0, DocumentSHA256: DocumentDigest("x")}, "document_sha256"},
		{"negative version", &RegulatorReport{ID: "r", Incident: "i", Law: LawTBA28, Stage: StageFirst, SubmittedAt: t0, Version: -1}, "version"},
		{"report also under its own law", &RegulatorReport{ID: "r", Incident: "i", Law: LawTBA28, Stage: StageFirst, SubmittedAt: t0, AlsoUnder: []ReportLaw{LawTBA28}}, "also_under"},
		{"report also under an unknown law", &RegulatorReport{ID: "r", Incident: "i", Law: LawTBA28, Stage: StageFirst, SubmittedAt: t0, AlsoUnder: []ReportLaw{"gdpr-33"}}, "also_under[0]"},
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range validateCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.rec.Validate()
			if tc.wantField == "" {
				if err != nil {
					t.Fatalf("got error %v, want none", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("got no error, want one on field %q", tc.wantField)
			}
			if got := ErrorField(err); got != tc.wantField {
				t.Errorf("got field %q, want %q (error: %v)", got, tc.wantField, err)
			}
			if got := ErrorKind(err); got != KindInvalid {
				t.Errorf("got kind %v, want invalid", got)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"located", &Error{File: "grants.csv", Line: 12, Field: "scope", Msg: `"all" is not one of read, export, admin`}, `grants.csv:12: scope: "all" is not one of read, export, admin`},
		{"op and cause", &Error{Op: "sqlstore.Open", Kind: KindInternal, Msg: "cannot open", Err: errors.New("disk full")}, "sqlstore.Open: cannot open: disk full"},
		{"nested field", &Error{File: "carrier.yaml", Line: 40, Field: "datasets[1]", Err: FieldError("elements[0].class", "bad")}, "carrier.yaml:40: datasets[1]: elements[0].class: bad"},
		{"kind only", &Error{Kind: KindNotFound}, "not found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	if got := ErrorKind(errors.New("x")); got != KindInternal {
		t.Errorf("plain error: got kind %v, want internal", got)
	}
	if got := ErrorKind(fmt.Errorf("ctx: %w", &Error{Kind: KindNotFound})); got != KindNotFound {
		t.Errorf("wrapped error: got kind %v, want not found", got)
	}
	if got := ErrorKind(&Error{Op: "a", Err: &Error{Kind: KindConflict}}); got != KindConflict {
		t.Errorf("nested kind: got %v, want conflict", got)
	}
}

func TestDate(t *testing.T) {
	d, err := ParseDate("2026-02-27")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.AddDays(30).String(); got != "2026-03-29" {
		t.Errorf("AddDays(30): got %s, want 2026-03-29", got)
	}
	if got := d.DaysUntil(Date{2026, 3, 29}); got != 30 {
		t.Errorf("DaysUntil: got %d, want 30", got)
	}
	// 23:30 in Tokyo on 2026-03-31 is still 14:30 UTC the same day, but
	// 00:30 JST on 2026-04-01 is 15:30 UTC on 2026-03-31.
	if got := DateOf(time.Date(2026, 3, 31, 15, 30, 0, 0, time.UTC)).String(); got != "2026-04-01" {
		t.Errorf("DateOf across midnight JST: got %s, want 2026-04-01", got)
	}
	for _, bad := range []string{"2026-02-30", "26-01-01", "2026/01/01", " 2026-01-01"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q): got no error", bad)
		}
	}
	var z Date
	if b, _ := z.MarshalText(); len(b) != 0 || !z.IsZero() {
		t.Errorf("zero date: got %q, want empty", b)
	}
}

func TestIndexCheckRefs(t *testing.T) {
	rec := &Records{
		Persons:  []Person{{ID: "p1"}},
		DataSets: []DataSet{{ID: "cdr"}},
	}
	x := NewIndex(rec)
	ok := &Grant{ID: "g1", Person: "p1", DataSet: "cdr"}
	if err := x.CheckRefs(ok); err != nil {
		t.Errorf("valid refs: got %v", err)
	}
	bad := &Grant{ID: "g2", Person: "p9", DataSet: "cdr"}
	if err := x.CheckRefs(bad); ErrorField(err) != "person" {
		t.Errorf("unknown person: got %v, want error on person", err)
	}
	area := &Area{ID: "a", Authorised: []string{"p1", "p2"}}
	if err := x.CheckRefs(area); ErrorField(err) != "authorised" {
		t.Errorf("unknown person in list: got %v, want error on authorised", err)
	}
	in := &Incident{ID: "i", Knowledge: []KnowledgeEvent{{Person: "p1"}, {Person: "p7"}}}
	if err := x.CheckRefs(in); ErrorField(err) != "knowledge[1].person" {
		t.Errorf("unknown person in a knowledge event: got %v (field %q), want error on knowledge[1].person", err, ErrorField(err))
	}
	ev := &AccessEvent{ID: "e", Person: "p1", DataSet: "dns"}
	if err := x.CheckAccessEvent(ev); ErrorField(err) != "dataset" {
		t.Errorf("unknown data set: got %v, want error on dataset", err)
	}
}

func TestRegisterListCoversRecords(t *testing.T) {
	// Every field of Records must be a register, and every non-stream
	// register must be a field of Records, so generic code misses nothing.
	seen := map[string]bool{}
	for _, s := range Fields(typeOfRecords) {
		seen[s.Name] = true
		if _, ok := LookupRegister(s.Name); !ok {
			t.Errorf("Records field %q is not in RegisterList", s.Name)
		}
	}
	for _, r := range RegisterList {
		if !r.Stream && !seen[r.Name] {
			t.Errorf("register %q has no field in Records", r.Name)
		}
	}
}

func TestPseudonym(t *testing.T) {
	p := NewPseudonymizer([]byte("k1"))
	a, b := p.Pseudonym("09012345678"), p.Pseudonym("09012345678")
	if a != b || len(a) != 36 {
		t.Errorf("got %q and %q, want equal 36-character pseudonyms", a, b)
	}
	if !IsPseudonym(a) {
		t.Errorf("IsPseudonym(%q) = false for a pseudonym", a)
	}
	for _, raw := range []string{"09012345678", "sub_", "sub_xyz", a + "0", a[:35]} {
		if IsPseudonym(raw) {
			t.Errorf("IsPseudonym(%q) = true", raw)
		}
	}
	if q := NewPseudonymizer([]byte("k2")).Pseudonym("09012345678"); q == a {
		t.Errorf("different keys gave the same pseudonym %q", q)
	}
}

func TestDeskWeeklyHours(t *testing.T) {
	c := DeskChannel{Kind: "phone", WeekdayHours: "09:00-18:00", SaturdayHours: "10:00-17:00"}
	if got := c.WeeklyHours(); got != 52 {
		t.Errorf("got %v hours, want 52", got)
	}
	if got := (&DeskChannel{AlwaysOpen: Yes}).WeeklyHours(); got != 168 {
		t.Errorf("always open: got %v, want 168", got)
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"a", true}, {"ev-000000000001", true}, {"p-00077@sys-cdr", true}, {"x.y_z:w/v", true},
		{"", false}, {"-a", false}, {".a", false}, {"a b", false}, {"a,b", false}, {"ａ", false},
		{"é", false}, {strings.Repeat("a", 128), true}, {strings.Repeat("a", 129), false},
	}
	for _, tc := range tests {
		if got := ValidID(tc.id); got != tc.want {
			t.Errorf("ValidID(%q): got %v, want %v", tc.id, got, tc.want)
		}
	}
}

func TestFactJSON(t *testing.T) {
	for _, c := range []struct {
		name string
		f    Fact
		json string
	}{{"yes", Yes, "true"}, {"no", No, "false"}, {"unknown", Unknown, "null"}} {
		t.Run(c.name, func(t *testing.T) {
			b, err := c.f.MarshalJSON()
			if err != nil || string(b) != c.json {
				t.Errorf("MarshalJSON(%v) = %s, %v; want %s", c.f, b, err, c.json)
			}
			var got Fact = 7
			if err := got.UnmarshalJSON([]byte(c.json)); err != nil || got != c.f {
				t.Errorf("UnmarshalJSON(%s) = %v, %v; want %v", c.json, got, err, c.f)
			}
		})
	}
	var f Fact
	if err := f.UnmarshalJSON([]byte(`"yes"`)); err == nil {
		t.Errorf(`UnmarshalJSON("yes") succeeded; want an error`)
	}
}

// TestNormalizeSubscriber: one number written in the usual ways gives one
// form, so one pseudonym; values that are not phone numbers stay as they are.
func TestNormalizeSubscriber(t *testing.T) {
	cases := []struct{ in, want string }{
		{"090-1234-5678", "09012345678"},
		{"09012345678", "09012345678"},
		{"+819012345678", "09012345678"},
		{"+81 90 1234 5678", "09012345678"},
		{"+81-90-1234-5678", "09012345678"},
		{"+81(0)90-1234-5678", "09012345678"},
		{"008190-1234-5678", "09012345678"},
		{"０９０－１２３４－５６７８", "09012345678"},
		{"＋８１　９０ー１２３４ー５６７８", "09012345678"},
		{"(03) 1234-5678", "0312345678"},
		{"+1 415 555 0100", "+14155550100"},
		{"AOBA-ISP-00001234", "AOBA-ISP-00001234"},
		{"cust 12", "cust 12"},
		{"", ""},
		{"+", "+"},
	}
	for _, c := range cases {
		if got := NormalizeSubscriber(c.in); got != c.want {
			t.Errorf("NormalizeSubscriber(%q): got %q, want %q", c.in, got, c.want)
		}
	}
	p := NewPseudonymizer([]byte("0123456789abcdef"))
	want := p.Pseudonym("09012345678")
	for _, in := range []string{"090-1234-5678", "+819012345678", "０９０１２３４５６７８"} {
		if got := p.Pseudonym(in); got != want {
			t.Errorf("Pseudonym(%q): got %s, want %s (as 09012345678)", in, got, want)
		}
	}
}

func TestSeenOn(t *testing.T) {
	d := Date{Year: 2026, Month: 6, Day: 1}
	for _, c := range []struct {
		name string
		v    any
		want bool
	}{
		{"granted the day before", &Grant{GrantedOn: Date{Year: 2026, Month: 5, Day: 31}}, true},
		{"granted that day", &Grant{GrantedOn: d}, true},
		{"granted the day after", &Grant{GrantedOn: Date{Year: 2026, Month: 6, Day: 2}}, false},
		{"consent given that evening in Japan", &Consent{GivenAt: time.Date(2026, 6, 1, 14, 59, 0, 0, time.UTC)}, true},
		{"consent given after midnight in Japan", &Consent{GivenAt: time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC)}, false},
		{"person with no joining day", &Person{}, true},
		{"organisation (no asof field)", &Organisation{ContractStart: Date{Year: 2027, Month: 1, Day: 1}}, true},
	} {
		if got := SeenOn(c.v, d); got != c.want {
			t.Errorf("%s: SeenOn = %v, want %v", c.name, got, c.want)
		}
	}
}
