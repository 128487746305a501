package decide

import (
	"time"

	"github.com/himitsu-oss/himitsu"
)

// Fixture returns a small carrier's records that exercise every rule of
// Decide: used by the tests here, by the server's tests and by the
// differential benchmark against OPA. Subscribers are pseudonyms
// Fixture's subs[i]; warrants are returned as Options.
func Fixture() (*himitsu.Records, Options, []string) {
	ps := himitsu.NewPseudonymizer([]byte("decide-fixture-key"))
	subs := make([]string, 6)
	for i := range subs {
		subs[i] = ps.Pseudonym("0901234000" + string(rune('0'+i)))
	}
	d := func(s string) himitsu.Date { x, _ := himitsu.ParseDate(s); return x }
	t := func(s string) time.Time { x, _ := time.Parse(time.RFC3339, s); return x }
	rec := &himitsu.Records{
		Carrier: himitsu.Carrier{ID: "demo"},
		DataSets: []himitsu.DataSet{
			{ID: "cdr", Name: "CDR", Elements: []himitsu.DataElement{
				{Name: "calling_number", Class: himitsu.ClassIdentifier},
				{Name: "called_number", Class: himitsu.ClassIdentifier},
				{Name: "start_time", Class: himitsu.ClassDateTime},
				{Name: "cell_id", Class: himitsu.ClassPlace},
				{Name: "charge", Class: himitsu.ClassOther},
			}},
			{ID: "mail", Name: "Mail", Elements: []himitsu.DataElement{
				{Name: "body", Class: himitsu.ClassContent},
				{Name: "sender", Class: himitsu.ClassIdentifier},
			}},
		},
		Purposes: []himitsu.Purpose{
			{ID: "billing", Name: "Billing", Basis: himitsu.BasisLawfulBusiness, LawfulBusiness: "billing", DataSets: []string{"cdr"},
				Classes: []himitsu.SecrecyClass{himitsu.ClassIdentifier, himitsu.ClassDateTime, himitsu.ClassOther}},
			{ID: "research", Name: "Research", Basis: himitsu.BasisLawfulBusiness, LawfulBusiness: "other"},
			{ID: "ads", Name: "Ads", Basis: himitsu.BasisConsent, DataSets: []string{"cdr"}, Classes: []himitsu.SecrecyClass{himitsu.ClassPlace, himitsu.ClassDateTime}, WithdrawalChannel: "app"},
			{ID: "spam", Name: "Spam filter", Basis: himitsu.BasisConsent, WithdrawalChannel: "settings page"},
			{ID: "investigation", Name: "Investigation", Basis: himitsu.BasisLaw},
			{ID: "rescue", Name: "Rescue", Basis: himitsu.BasisNecessity},
		},
		Persons: []himitsu.Person{
			{ID: "P1", Kind: "employee", Employer: "demo"},
			{ID: "P2", Kind: "employee", Employer: "demo"},
			{ID: "P3", Kind: "employee", Employer: "demo", LeftOn: d("2026-06-01")},
		},
		Accounts: []himitsu.Account{
			{ID: "a-p1", System: "billing", Person: "P1"},
			{ID: "a-shared", System: "billing"},
			{ID: "a-batch", System: "billing", Person: "P1"},
			{ID: "a-old", System: "billing", Person: "P2", DisabledOn: d("2026-01-01")},
		},
		Grants: []himitsu.Grant{
			{ID: "G1", Person: "P1", DataSet: "cdr", Scope: himitsu.ScopeRead, GrantedOn: d("2026-01-01")},
			{ID: "G2", Person: "P2", DataSet: "cdr", Scope: himitsu.ScopeRead, GrantedOn: d("2026-01-01"), RevokedOn: d("2026-09-01")},
			{ID: "G3", Person: "P2", DataSet: "mail", Scope: himitsu.ScopeExport, GrantedOn: d("2026-01-01"), ExpiresOn: d("2026-03-31")},
			{ID: "G4", Account: "a-batch", DataSet: "cdr", Scope: himitsu.ScopeRead, Purpose: "billing", GrantedOn: d("2026-01-01")},
			{ID: "G5", Person: "P1", DataSet: "mail", Scope: himitsu.ScopeRead, Purpose: "rescue", GrantedOn: d("2026-01-01")},
			{ID: "G6", Person: "P3", DataSet: "cdr", Scope: himitsu.ScopeRead, GrantedOn: d("2026-01-01")},
		},
		Consents: []himitsu.Consent{
			{ID: "C0", Subscriber: subs[0], Purpose: "ads", Method: himitsu.ConsentSeparateScreen,
				GivenAt: t("2026-02-01T00:00:00Z")},
			{ID: "C1", Subscriber: subs[1], Purpose: "ads", Method: himitsu.ConsentSeparateScreen, Elements: []string{"cell_id"},
				GivenAt: t("2026-02-01T00:00:00Z"), WithdrawnAt: t("2026-07-01T00:00:00Z")},
			{ID: "C2", Subscriber: subs[2], Purpose: "ads", Method: himitsu.ConsentTermsBundled, GivenAt: t("2026-02-01T00:00:00Z")},
			{ID: "C3", Subscriber: subs[3], Purpose: "ads", Method: himitsu.ConsentPreTicked, GivenAt: t("2026-02-01T00:00:00Z")},
			{ID: "C4", Subscriber: subs[4], Purpose: "spam", Method: himitsu.ConsentTermsBundled, GivenAt: t("2026-02-01T00:00:00Z")},
			{ID: "C5", Subscriber: subs[0], Purpose: "billing", Method: himitsu.ConsentSeparateScreen,
				GivenAt: t("2026-02-01T00:00:00Z")},
		},
	}
	// Yes/no fields are set through setFacts, which works whether they are
	// bool or three-valued facts.
	for _, id := range []int{0, 1, 5} {
		setFacts(&rec.Consents[id], true, "SpecificPurpose", "ElementsListed", "SeparateFromTerms", "Affirmative")
	}
	setFacts(&rec.Consents[2], false, "SpecificPurpose", "ElementsListed", "SeparateFromTerms", "Affirmative")
	setFacts(&rec.Consents[3], true, "SeparateFromTerms")
	setFacts(&rec.Consents[4], false, "SeparateFromTerms", "Affirmative")
	setFacts(&rec.Purposes[3], true, "DefaultOn", "OptOut")
	setFacts(&rec.Accounts[1], true, "Shared")
	for _, id := range []int{0, 2, 3} {
		setFacts(&rec.Accounts[id], false, "Shared")
	}
	rec.LawEnforcementRequests = []himitsu.LawEnforcementRequest{
		{ID: "W1", Kind: himitsu.RequestWarrant, ReceivedAt: t("2026-04-30T09:00:00Z"), Subjects: []string{subs[5]}, DataSets: []string{"cdr"},
			Elements: []string{"calling_number", "called_number", "start_time"}, ValidFrom: t("2026-05-01T00:00:00Z"), ValidUntil: t("2026-05-31T23:59:59Z"),
			Answer: himitsu.AnswerDisclosedWithinScope, AnsweredAt: t("2026-05-02T00:00:00Z")},
		// An inquiry is not a warrant: it gives no basis under law.
		{ID: "Q1", Kind: himitsu.RequestInquiry, ReceivedAt: t("2026-04-30T09:00:00Z"), Subjects: []string{subs[5]}, DataSets: []string{"cdr"},
			ValidFrom: t("2026-05-01T00:00:00Z"), ValidUntil: t("2026-05-31T23:59:59Z"), Answer: himitsu.AnswerRefusedPendingWarrant},
		// A warrant recorded without the end of its validity allows nothing.
		{ID: "W2", Kind: himitsu.RequestWarrant, ReceivedAt: t("2026-04-30T09:00:00Z"), Subjects: []string{subs[5]}, DataSets: []string{"cdr"},
			Answer: himitsu.AnswerPending},
	}
	opt := Options{BulkLimit: 3, BulkLimits: map[string]int{"P2": 1}}
	return rec, opt, subs
}
