package decide

import (
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDecide(t *testing.T) {
	rec, opt, subs := Fixture()
	s := Build(rec, opt, 7, at("2026-08-01T00:00:00Z"))
	june := at("2026-06-15T10:00:00Z")
	many := []string{subs[0], subs[1], subs[2], subs[3], subs[4]}
	tests := []struct {
		name   string
		req    Request
		allow  bool
		reason string
		basis  himitsu.Basis
		record string
		review bool
	}{
		{"lawful business within purpose", Request{Person: "P1", DataSet: "cdr", Elements: []string{"calling_number", "charge"}, Purpose: "billing", Subjects: subs[:1], At: june},
			true, ReasonAllowed, himitsu.BasisLawfulBusiness, "billing", false},
		{"lawful business beyond purpose's elements", Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "billing", Subjects: subs[:1], At: june},
			false, ReasonPurposeElements, "", "billing", false},
		{"lawful business whole data set beyond purpose", Request{Person: "P1", DataSet: "cdr", Purpose: "billing", Subjects: subs[:1], At: june},
			false, ReasonPurposeElements, "", "billing", false},
		{"operation not on the list", Request{Person: "P1", DataSet: "cdr", Purpose: "research", Count: 1, At: june},
			false, ReasonNotLawfulOp, "", "research", false},
		{"system account with purpose-bound grant", Request{Account: "a-batch", DataSet: "cdr", Elements: []string{"charge"}, Purpose: "billing", Count: 2, At: june},
			true, ReasonAllowed, himitsu.BasisLawfulBusiness, "billing", false},
		{"system account grant for another purpose", Request{Account: "a-batch", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "ads", Subjects: subs[:1], At: june},
			false, ReasonGrantPurpose, "", "G4", false},
		{"shared account", Request{Account: "a-shared", DataSet: "cdr", Purpose: "billing", Count: 1, At: june},
			false, ReasonSharedAccount, "", "a-shared", false},
		{"disabled account", Request{Account: "a-old", DataSet: "cdr", Purpose: "billing", Count: 1, At: june},
			false, ReasonAccountDisabled, "", "a-old", false},
		{"account of another person", Request{Person: "P2", Account: "a-p1", DataSet: "cdr", Purpose: "billing", Count: 1, At: june},
			false, ReasonActorMismatch, "", "a-p1", false},
		{"unknown person", Request{Person: "P9", DataSet: "cdr", Purpose: "billing", Count: 1, At: june},
			false, ReasonUnknownPerson, "", "P9", false},
		{"person who left", Request{Person: "P3", DataSet: "cdr", Purpose: "billing", Count: 1, At: june},
			false, ReasonPersonLeft, "", "P3", false},
		{"revoked grant", Request{Person: "P2", DataSet: "cdr", Elements: []string{"charge"}, Purpose: "billing", Count: 1, At: at("2026-09-02T00:00:00Z")},
			false, ReasonGrantRevoked, "", "G2", false},
		{"revoked grant, before revocation", Request{Person: "P2", DataSet: "cdr", Elements: []string{"charge"}, Purpose: "billing", Count: 1, At: june},
			true, ReasonAllowed, himitsu.BasisLawfulBusiness, "billing", false},
		{"expired grant", Request{Person: "P2", DataSet: "mail", Purpose: "rescue", Count: 1, At: june, Justification: "x"},
			false, ReasonGrantExpired, "", "G3", false},
		{"grant does not allow export", Request{Person: "P1", DataSet: "cdr", Action: himitsu.ActionExport, Elements: []string{"charge"}, Purpose: "billing", Count: 1, At: june},
			false, ReasonGrantScope, "", "G1", false},
		{"no grant", Request{Person: "P2", DataSet: "mail", Purpose: "billing", Count: 1, At: at("2025-06-01T00:00:00Z")},
			false, ReasonGrantNotYet, "", "G3", false},
		{"no grant at all", Request{Person: "P3", DataSet: "mail", Purpose: "billing", Count: 1, At: at("2026-02-01T00:00:00Z")},
			false, ReasonGrantMissing, "", "", false},
		{"bulk over limit", Request{Person: "P1", DataSet: "cdr", Elements: []string{"charge"}, Purpose: "billing", Count: 4, At: june},
			false, ReasonBulkOverLimit, "", "P1", false},
		{"bulk over limit with second approver", Request{Person: "P1", DataSet: "cdr", Elements: []string{"charge"}, Purpose: "billing", Count: 4, SecondApprover: "P2", At: june},
			true, ReasonAllowed, himitsu.BasisLawfulBusiness, "billing", false},
		{"bulk approver is the actor", Request{Person: "P1", DataSet: "cdr", Elements: []string{"charge"}, Purpose: "billing", Count: 4, SecondApprover: "P1", At: june},
			false, ReasonBadApprover, "", "P1", false},
		{"per-person limit", Request{Person: "P2", DataSet: "cdr", Elements: []string{"charge"}, Purpose: "billing", Count: 2, At: june},
			false, ReasonBulkOverLimit, "", "P2", false},
		{"valid consent", Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "ads", Subjects: subs[:1], At: june},
			true, ReasonAllowed, himitsu.BasisConsent, "C0", false},
		{"consent withdrawn", Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "ads", Subjects: subs[1:2], At: june.AddDate(0, 1, 0)},
			false, ReasonConsentWithdrawn, "", "C1", false},
		{"consent before withdrawal", Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "ads", Subjects: subs[1:2], At: june},
			true, ReasonAllowed, himitsu.BasisConsent, "C1", false},
		{"element the consent does not cover", Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id", "start_time"}, Purpose: "ads", Subjects: subs[1:2], At: june},
			false, ReasonConsentElements, "", "C1", false},
		{"element within the purpose, consent lists none", Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id", "start_time"}, Purpose: "ads", Subjects: subs[:1], At: june},
			true, ReasonAllowed, himitsu.BasisConsent, "C0", false},
		{"consent bundled in terms", Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "ads", Subjects: subs[2:3], At: june},
			false, ReasonConsentInvalid, "", "C2", false},
		{"consent pre-ticked", Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "ads", Subjects: subs[3:4], At: june},
			false, ReasonConsentInvalid, "", "C3", false},
		{"consent not yet given", Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "ads", Subjects: subs[:1], At: at("2026-01-15T00:00:00Z")},
			false, ReasonConsentNotYet, "", "C0", false},
		{"consent to another purpose does not count", Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "ads", Subjects: subs[4:5], At: june},
			false, ReasonNoConsent, "", "", false},
		{"consent beyond purpose's elements", Request{Person: "P1", DataSet: "cdr", Elements: []string{"calling_number"}, Purpose: "ads", Subjects: subs[:1], At: june},
			false, ReasonPurposeElements, "", "ads", false},
		{"one subscriber without consent denies all", Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "ads", Subjects: many[:3], SecondApprover: "P2", At: june},
			false, ReasonConsentInvalid, "", "C2", false},
		{"consent bulk without list", Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "ads", Count: 2, At: june},
			false, ReasonConsentNeedsList, "", "ads", false},
		{"default-on with notice", Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "spam", Subjects: subs[4:5], At: june},
			true, ReasonAllowed, himitsu.BasisConsent, "C4", false},
		{"warrant in scope", Request{Person: "P1", DataSet: "cdr", Elements: []string{"calling_number"}, Purpose: "investigation", Warrant: "W1", Subjects: subs[5:6], At: at("2026-05-10T00:00:00Z")},
			true, ReasonAllowed, himitsu.BasisLaw, "W1", false},
		{"warrant expired", Request{Person: "P1", DataSet: "cdr", Elements: []string{"calling_number"}, Purpose: "investigation", Warrant: "W1", Subjects: subs[5:6], At: june},
			false, ReasonWarrantExpired, "", "W1", false},
		{"warrant element out of scope", Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "investigation", Warrant: "W1", Subjects: subs[5:6], At: at("2026-05-10T00:00:00Z")},
			false, ReasonWarrantScope, "", "W1", false},
		{"warrant subscriber out of scope", Request{Person: "P1", DataSet: "cdr", Elements: []string{"calling_number"}, Purpose: "investigation", Warrant: "W1", Subjects: subs[:1], At: at("2026-05-10T00:00:00Z")},
			false, ReasonWarrantScope, "", "W1", false},
		{"an inquiry is not a warrant", Request{Person: "P1", DataSet: "cdr", Elements: []string{"calling_number"}, Purpose: "investigation", Warrant: "Q1", Subjects: subs[5:6], At: at("2026-05-10T00:00:00Z")},
			false, ReasonWarrantMissing, "", "Q1", false},
		{"a warrant without an end allows nothing", Request{Person: "P1", DataSet: "cdr", Elements: []string{"calling_number"}, Purpose: "investigation", Warrant: "W2", Subjects: subs[5:6], At: at("2026-05-10T00:00:00Z")},
			false, ReasonWarrantExpired, "", "W2", false},
		{"no warrant", Request{Person: "P1", DataSet: "cdr", Purpose: "investigation", Subjects: subs[5:6], At: june},
			false, ReasonWarrantMissing, "", "", false},
		{"necessity with justification", Request{Person: "P1", DataSet: "mail", Purpose: "rescue", Subjects: subs[:1], Justification: "caller reported a person in danger at 10:02", At: june},
			true, ReasonJustifiedByReview, himitsu.BasisNecessity, "rescue", true},
		{"necessity without justification", Request{Person: "P1", DataSet: "mail", Purpose: "rescue", Subjects: subs[:1], Justification: "  ", At: june},
			false, ReasonNoJustification, "", "rescue", false},
		{"unknown purpose", Request{Person: "P1", DataSet: "cdr", Purpose: "nope", Count: 1, At: june},
			false, ReasonUnknownPurpose, "", "nope", false},
		{"unknown element", Request{Person: "P1", DataSet: "cdr", Elements: []string{"imsi"}, Purpose: "billing", Count: 1, At: june},
			false, ReasonUnknownElement, "", "cdr", false},
		{"malformed: raw phone number", Request{Person: "P1", DataSet: "cdr", Purpose: "billing", Subjects: []string{"09012345678"}, At: june},
			false, ReasonInvalidRequest, "", "subjects", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Decide(&tt.req)
			if got.Allow != tt.allow || got.Reason != tt.reason || got.Basis != tt.basis || got.Record != tt.record || got.Review != tt.review {
				t.Errorf("got allow=%v reason=%s basis=%s record=%s review=%v, want allow=%v reason=%s basis=%s record=%s review=%v",
					got.Allow, got.Reason, got.Basis, got.Record, got.Review, tt.allow, tt.reason, tt.basis, tt.record, tt.review)
			}
			if got.Version != 7 {
				t.Errorf("got version %d, want 7", got.Version)
			}
			en, ja := got.Explain()
			if !strings.Contains(en, "rule "+got.Rule) || !strings.Contains(ja, "規則 "+got.Rule) {
				t.Errorf("explanation %q / %q does not name rule %s", en, ja, got.Rule)
			}
		})
	}
}

func TestValidateNamesField(t *testing.T) {
	ok := Request{Person: "P1", DataSet: "cdr", Purpose: "billing", At: at("2026-01-01T00:00:00Z")}
	tests := []struct {
		name  string
		edit  func(*Request)
		field string
	}{
		{"no actor", func(r *Request) { r.Person = "" }, "person"},
		{"no dataset", func(r *Request) { r.DataSet = "" }, "dataset"},
		{"no purpose", func(r *Request) { r.Purpose = "" }, "purpose"},
		{"no time", func(r *Request) { r.At = time.Time{} }, "at"},
		{"bad action", func(r *Request) { r.Action = "peek" }, "action"},
		{"negative count", func(r *Request) { r.Count = -1 }, "count"},
		{"raw identifier", func(r *Request) { r.Subjects = []string{"09012345678"} }, "subjects"},
		{"bad utf-8", func(r *Request) { r.Purpose = "\xff" }, "purpose"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok
			tt.edit(&r)
			err := r.Validate()
			if got := himitsu.ErrorField(err); got != tt.field {
				t.Errorf("got field %q (%v), want %q", got, err, tt.field)
			}
		})
	}
	if err := ok.Validate(); err != nil {
		t.Errorf("got %v for a valid request, want nil", err)
	}
}

func TestEvaluateConsent(t *testing.T) {
	good := himitsu.Consent{Method: himitsu.ConsentSeparateScreen, WithdrawalChannel: "web"}
	setFacts(&good, true, "SpecificPurpose", "ElementsListed", "SeparateFromTerms", "Affirmative")
	tests := []struct {
		name  string
		edit  func(*himitsu.Consent, *himitsu.Purpose)
		valid bool
		code  string
	}{
		{"individual, specific and clear", func(*himitsu.Consent, *himitsu.Purpose) {}, true, ConsentValid},
		{"bundled in terms", func(c *himitsu.Consent, _ *himitsu.Purpose) { c.Method = himitsu.ConsentTermsBundled }, false, ConsentBundled},
		{"not separate from terms", func(c *himitsu.Consent, _ *himitsu.Purpose) { setFacts(c, false, "SeparateFromTerms") }, false, ConsentBundled},
		{"pre-ticked", func(c *himitsu.Consent, _ *himitsu.Purpose) { c.Method = himitsu.ConsentPreTicked }, false, ConsentPreTicked},
		{"not affirmative", func(c *himitsu.Consent, _ *himitsu.Purpose) { setFacts(c, false, "Affirmative") }, false, ConsentPreTicked},
		{"purpose not specific", func(c *himitsu.Consent, _ *himitsu.Purpose) { setFacts(c, false, "SpecificPurpose") }, false, ConsentNotSpecific},
		{"elements not listed", func(c *himitsu.Consent, _ *himitsu.Purpose) { setFacts(c, false, "ElementsListed") }, false, ConsentNoElements},
		{"no withdrawal channel", func(c *himitsu.Consent, _ *himitsu.Purpose) { c.WithdrawalChannel = "" }, false, ConsentNoWithdrawal},
		{"withdrawal channel on the purpose", func(c *himitsu.Consent, p *himitsu.Purpose) { c.WithdrawalChannel = ""; p.WithdrawalChannel = "app" }, true, ConsentValid},
		{"default-on with free opt-out", func(c *himitsu.Consent, p *himitsu.Purpose) {
			c.Method = himitsu.ConsentTermsBundled
			setFacts(p, true, "DefaultOn", "OptOut")
			p.WithdrawalChannel = "settings"
		}, true, ConsentDefaultOn},
		{"default-on without opt-out", func(c *himitsu.Consent, p *himitsu.Purpose) {
			c.Method = himitsu.ConsentTermsBundled
			setFacts(p, true, "DefaultOn")
		}, false, ConsentDefaultNoExit},
		{"default-on-with-notice method, told and free to opt out", func(c *himitsu.Consent, _ *himitsu.Purpose) {
			c.Method = himitsu.ConsentDefaultOnWithNotice
			c.AdvanceNotice, c.FreeOptOut = himitsu.Yes, himitsu.Yes
		}, true, ConsentDefaultOn},
		{"default-on-with-notice method, not told in advance", func(c *himitsu.Consent, _ *himitsu.Purpose) {
			c.Method = himitsu.ConsentDefaultOnWithNotice
			c.AdvanceNotice, c.FreeOptOut = himitsu.No, himitsu.Yes
		}, false, ConsentDefaultNoNotice},
		{"default-on-with-notice method, opt-out costs", func(c *himitsu.Consent, _ *himitsu.Purpose) {
			c.Method = himitsu.ConsentDefaultOnWithNotice
			c.AdvanceNotice, c.FreeOptOut = himitsu.Yes, himitsu.No
		}, false, ConsentDefaultNoExit},
		{"default-on-with-notice method, notice not recorded", func(c *himitsu.Consent, _ *himitsu.Purpose) {
			c.Method = himitsu.ConsentDefaultOnWithNotice
			c.FreeOptOut = himitsu.Yes
		}, false, ConsentNotRecorded},
		{"affirmative not recorded", func(c *himitsu.Consent, _ *himitsu.Purpose) { c.Affirmative = himitsu.Unknown }, false, ConsentNotRecorded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, p := good, himitsu.Purpose{}
			tt.edit(&c, &p)
			got := EvaluateConsent(&c, &p)
			if got.Valid != tt.valid || got.Code != tt.code {
				t.Errorf("got %+v, want valid=%v code=%s", got, tt.valid, tt.code)
			}
			if en, ja := ConsentText(got.Code); en == "" || ja == "" {
				t.Errorf("verdict %s has no explanation in both languages", got.Code)
			}
		})
	}
}

func TestHolderSwap(t *testing.T) {
	rec, opt, subs := Fixture()
	var h Holder
	req := Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "ads", Subjects: subs[:1], At: at("2026-06-15T10:00:00Z")}
	if got := h.Decide(&req); got.Allow || got.Reason != ReasonNoSnapshot {
		t.Fatalf("got %+v before any snapshot, want a denial %s", got, ReasonNoSnapshot)
	}
	h.Store(Build(rec, opt, 1, time.Now()))
	if got := h.Decide(&req); !got.Allow {
		t.Fatalf("got %+v, want allowed", got)
	}
	rec.Consents[0].WithdrawnAt = at("2026-06-01T00:00:00Z")
	if got := h.Decide(&req); !got.Allow {
		t.Fatalf("got %+v: the snapshot changed with the records it was built from", got)
	}
	h.Store(Build(rec, opt, 2, time.Now()))
	if got := h.Decide(&req); got.Allow || got.Reason != ReasonConsentWithdrawn || got.Version != 2 {
		t.Fatalf("got %+v, want denial consent-withdrawn on version 2", got)
	}
}

func TestReasonsExplained(t *testing.T) {
	for _, r := range []string{ReasonAllowed, ReasonJustifiedByReview, ReasonInvalidRequest, ReasonNoSnapshot, ReasonUnknownAccount, ReasonSharedAccount,
		ReasonAccountDisabled, ReasonUnknownPerson, ReasonPersonLeft, ReasonActorMismatch, ReasonUnknownPurpose, ReasonUnknownDataSet, ReasonUnknownElement,
		ReasonGrantMissing, ReasonGrantExpired, ReasonGrantRevoked, ReasonGrantNotYet, ReasonGrantScope, ReasonGrantPurpose, ReasonBulkOverLimit,
		ReasonBadApprover, ReasonWarrantMissing, ReasonWarrantExpired, ReasonWarrantScope, ReasonNotLawfulOp, ReasonPurposeElements, ReasonNoConsent,
		ReasonConsentWithdrawn, ReasonConsentNotYet, ReasonConsentInvalid, ReasonConsentNeedsList, ReasonNoJustification, ReasonNoBasis} {
		if tx, ok := reasonText[r]; !ok || tx[0] == "" || tx[1] == "" {
			t.Errorf("reason %s has no English and Japanese text", r)
		}
	}
}

func TestDecideAllocs(t *testing.T) {
	rec, opt, subs := Fixture()
	s := Build(rec, opt, 1, time.Now())
	req := Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "ads", Subjects: subs[:1], At: at("2026-06-15T10:00:00Z")}
	if n := testing.AllocsPerRun(100, func() { s.Decide(&req) }); n > 2 {
		t.Errorf("got %v allocations per decision, want at most 2", n)
	}
}

func BenchmarkDecide(b *testing.B) {
	rec, opt, subs := Fixture()
	s := Build(rec, opt, 1, time.Now())
	req := Request{Person: "P1", DataSet: "cdr", Elements: []string{"cell_id"}, Purpose: "ads", Subjects: subs[:1], At: at("2026-06-15T10:00:00Z")}
	b.ReportAllocs()
	for b.Loop() {
		s.Decide(&req)
	}
}

// TestConsentDefectsAgree walks every method and every combination of
// recorded, unrecorded and false facts, under a plain purpose and a
// default-on one: EvaluateConsent's verdict must be ConsentDefects' first
// defect (ConsentNotRecorded when its fact is unknown), or its valid code
// when there is none, so that the assessment's rules and the decision
// point judge a consent alike.
func TestConsentDefectsAgree(t *testing.T) {
	facts := []string{"SpecificPurpose", "ElementsListed", "SeparateFromTerms", "Affirmative", "AdvanceNotice", "FreeOptOut"}
	plain := &himitsu.Purpose{ID: "p"}
	defaultOn := &himitsu.Purpose{ID: "d", WithdrawalChannel: "app"}
	setFacts(defaultOn, true, "DefaultOn", "OptOut")
	n := 0
	for _, m := range himitsu.ConsentMethod("").Values() {
		for combo := 0; combo < 729; combo++ { // 3^6: unknown, true, false
			c := himitsu.Consent{Method: himitsu.ConsentMethod(m)}
			x := combo
			for _, f := range facts {
				switch x % 3 {
				case 1:
					setFacts(&c, true, f)
				case 2:
					setFacts(&c, false, f)
				}
				x /= 3
			}
			for _, ch := range []string{"", "web"} {
				c.WithdrawalChannel = ch
				for _, p := range []*himitsu.Purpose{nil, plain, defaultOn} {
					n++
					v := EvaluateConsent(&c, p)
					valid, ds := ConsentDefects(&c, p)
					switch {
					case len(ds) == 0:
						if !v.Valid || v.Code != valid {
							t.Fatalf("%+v under %+v: got verdict %+v, defects none (%s)", c, p, v, valid)
						}
					case ds[0].Unknown:
						if v.Valid || v.Code != ConsentNotRecorded {
							t.Fatalf("%+v under %+v: got verdict %+v, first defect %+v unknown", c, p, v, ds[0])
						}
					default:
						if v.Valid || v.Code != ds[0].Code {
							t.Fatalf("%+v under %+v: got verdict %+v, first defect %+v", c, p, v, ds[0])
						}
					}
				}
			}
		}
	}
	if n < 20000 {
		t.Fatalf("checked %d cases, want every combination", n)
	}
}
