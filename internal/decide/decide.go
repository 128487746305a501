// Package decide is himitsu's decision point: before anyone obtains or
// uses secrecy-of-communications information, a carrier's system asks
// Decide whether this actor may handle these data elements about these
// subscribers for this purpose now. The answer allows with the legal basis
// that justifies the handling (TBA Art. 4; Penal Code Arts. 35–37: act
// under law, lawful business act, valid consent, self-defence, necessity)
// or denies with the reason, and names the rule and the record it rests on.
//
// Decisions are pure functions of the request and an immutable Snapshot of
// the carrier's records; a Holder swaps snapshots atomically when the
// records change, so readers never lock. The package uses only the
// standard library and the root vocabulary.
package decide

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/himitsu-oss/himitsu"
)

// Request asks whether an act may happen. Person or Account names the
// actor (a system account acts without a person). Elements are element
// names of DataSet; empty means every element of the data set. Subjects
// are the subscribers concerned, as pseudonyms; Count gives their number
// for a bulk request that does not list them (consent cannot then be
// checked, so a consent-based bulk request must list them).
type Request struct {
	Person   string         `json:"person,omitempty"`
	Account  string         `json:"account,omitempty"`
	DataSet  string         `json:"dataset"`
	Elements []string       `json:"elements,omitempty"`
	Action   himitsu.Action `json:"action,omitempty"`
	Subjects []string       `json:"subjects,omitempty"`
	Count    int            `json:"count,omitempty"`
	Purpose  string         `json:"purpose"`
	At       time.Time      `json:"at"`
	// Warrant names the warrant for a purpose whose basis is law.
	Warrant string `json:"warrant,omitempty"`
	// Justification is the written reason required for self-defence or
	// necessity.
	Justification string `json:"justification,omitempty"`
	// SecondApprover is the person who approved a bulk request over the
	// actor's limit.
	SecondApprover string `json:"second_approver,omitempty"`
}

// maxSubjects bounds one request; larger sets are split by the caller.
const maxSubjects = 10000

// Validate checks the request's form (not whether it is allowed) and names
// the field at fault, in English and Japanese.
func (r *Request) Validate() error {
	if r.Person == "" && r.Account == "" {
		return himitsu.FieldErrorJA("person", "or account is required: who asks", "または account が必要である(誰が求めるか)")
	}
	for _, f := range []struct{ name, v string }{{"person", r.Person}, {"account", r.Account}, {"dataset", r.DataSet}, {"purpose", r.Purpose},
		{"warrant", r.Warrant}, {"second_approver", r.SecondApprover}} {
		if !utf8.ValidString(f.v) || len(f.v) > 200 {
			return himitsu.FieldErrorJA(f.name, "is not valid UTF-8 of at most 200 bytes", "200バイト以内の UTF-8 ではない")
		}
	}
	if r.DataSet == "" {
		return himitsu.FieldErrorJA("dataset", "is required", "必須である")
	}
	if r.Purpose == "" {
		return himitsu.FieldErrorJA("purpose", "is required", "必須である")
	}
	if r.At.IsZero() {
		return himitsu.FieldErrorJA("at", "is required: when the act happens", "必須である(行為の日時)")
	}
	if r.Action != "" && !validAction(r.Action) {
		return himitsu.FieldErrorJA("action", "is %q, not one of %s", "%q は %s のいずれでもない", string(r.Action), strings.Join(himitsu.Action("").Values(), ", "))
	}
	if r.Count < 0 {
		return himitsu.FieldErrorJA("count", "is negative", "負の値である")
	}
	if len(r.Subjects) > maxSubjects {
		return himitsu.FieldErrorJA("subjects", "lists %d subscribers, at most %d allowed", "%d人の加入者を含み、上限の%d人を超えている", len(r.Subjects), maxSubjects)
	}
	for _, s := range r.Subjects {
		if !himitsu.IsPseudonym(s) {
			return himitsu.FieldErrorJA("subjects", "holds a value that is not a subscriber pseudonym (sub_ and 32 hex digits)",
				"加入者の仮名(sub_ と16進32桁)でない値を含んでいる")
		}
	}
	return nil
}

func validAction(a himitsu.Action) bool {
	for _, v := range a.Values() {
		if string(a) == v {
			return true
		}
	}
	return false
}

// Reason codes of denials (and of allowances that need review).
const (
	ReasonAllowed           = "allowed"
	ReasonInvalidRequest    = "invalid-request"
	ReasonNoSnapshot        = "no-records"
	ReasonUnknownAccount    = "unknown-account"
	ReasonSharedAccount     = "shared-account"
	ReasonAccountDisabled   = "account-disabled"
	ReasonUnknownPerson     = "unknown-person"
	ReasonPersonLeft        = "person-left"
	ReasonActorMismatch     = "actor-mismatch"
	ReasonUnknownPurpose    = "unknown-purpose"
	ReasonUnknownDataSet    = "unknown-dataset"
	ReasonUnknownElement    = "unknown-element"
	ReasonGrantMissing      = "grant-missing"
	ReasonGrantExpired      = "grant-expired"
	ReasonGrantRevoked      = "grant-revoked"
	ReasonGrantNotYet       = "grant-not-yet-valid"
	ReasonGrantScope        = "grant-scope"
	ReasonGrantPurpose      = "grant-purpose"
	ReasonBulkOverLimit     = "bulk-over-limit"
	ReasonBadApprover       = "second-approver-invalid"
	ReasonWarrantMissing    = "warrant-missing"
	ReasonWarrantExpired    = "warrant-not-valid"
	ReasonWarrantScope      = "warrant-scope"
	ReasonNotLawfulOp       = "not-a-listed-lawful-business"
	ReasonPurposeElements   = "elements-beyond-purpose"
	ReasonNoConsent         = "no-consent"
	ReasonConsentWithdrawn  = "consent-withdrawn"
	ReasonConsentNotYet     = "consent-not-yet-given"
	ReasonConsentInvalid    = "consent-not-valid"
	ReasonConsentNeedsList  = "consent-needs-subjects"
	ReasonConsentElements   = "elements-beyond-consent"
	ReasonNoJustification   = "justification-missing"
	ReasonJustifiedByReview = "allowed-subject-to-review"
	ReasonNoBasis           = "no-basis"
)

// Decision is the answer. It holds no pointers into the snapshot, only
// strings the snapshot already holds, so producing it allocates nothing.
type Decision struct {
	Allow bool `json:"allow"`
	// Basis is the legal basis that allowed the act; empty on denial.
	Basis himitsu.Basis `json:"basis,omitempty"`
	// Reason is the reason code (ReasonAllowed, ReasonJustifiedByReview or
	// a denial).
	Reason string `json:"reason"`
	// Rule names the step of the decision that settled it.
	Rule string `json:"rule"`
	// Register and Record name the record the decision rests on.
	Register string `json:"register,omitempty"`
	Record   string `json:"record,omitempty"`
	// Subject is the subscriber pseudonym a consent decision turned on.
	Subject string `json:"subject,omitempty"`
	// Consent is the verdict code of the consent evaluation, when used.
	Consent string `json:"consent,omitempty"`
	// Review is true when a person must review the act afterwards:
	// always for self-defence and necessity.
	Review bool `json:"review,omitempty"`
	// Version is the snapshot version the decision was made on.
	Version uint64 `json:"version"`
}

func deny(s *Snapshot, reason, rule, register, record string) Decision {
	return Decision{Reason: reason, Rule: rule, Register: register, Record: record, Version: s.Version}
}

// Decide decides r. It never changes the snapshot and allocates nothing on
// the paths that do not fail validation.
func (s *Snapshot) Decide(r *Request) Decision {
	if err := r.Validate(); err != nil {
		return Decision{Reason: ReasonInvalidRequest, Rule: "request", Record: himitsu.ErrorField(err), Version: s.Version}
	}
	day := himitsu.DateOf(r.At)
	action := r.Action
	if action == "" {
		action = himitsu.ActionRead
	}

	// 1. Who asks. A shared account cannot be held to account by name, so
	// nothing is decided for it (guideline 5(3)(iv)iii).
	person := r.Person
	var acct *account
	if r.Account != "" {
		acct = s.accounts[r.Account]
		if acct == nil {
			return deny(s, ReasonUnknownAccount, "actor", "accounts", r.Account)
		}
		if acct.shared {
			return deny(s, ReasonSharedAccount, "actor", "accounts", acct.ID)
		}
		if !acct.DisabledOn.IsZero() && !day.Before(acct.DisabledOn) {
			return deny(s, ReasonAccountDisabled, "actor", "accounts", acct.ID)
		}
		if acct.Person != "" {
			if person != "" && person != acct.Person {
				return deny(s, ReasonActorMismatch, "actor", "accounts", acct.ID)
			}
			person = acct.Person
		}
	}
	if person != "" {
		p := s.persons[person]
		if p == nil {
			return deny(s, ReasonUnknownPerson, "actor", "persons", person)
		}
		if !p.LeftOn.IsZero() && !day.Before(p.LeftOn) {
			return deny(s, ReasonPersonLeft, "actor", "persons", p.ID)
		}
	}

	// 2. What for and what: the purpose, the data set and its elements.
	pp := s.purposes[r.Purpose]
	if pp == nil {
		return deny(s, ReasonUnknownPurpose, "purpose", "purposes", r.Purpose)
	}
	ds := s.datasets[r.DataSet]
	if ds == nil {
		return deny(s, ReasonUnknownDataSet, "dataset", "datasets", r.DataSet)
	}
	for _, e := range r.Elements {
		if _, ok := ds.elements[e]; !ok {
			return deny(s, ReasonUnknownElement, "dataset", "datasets", ds.rec.ID)
		}
	}

	// 3. The grant. An account with grants of its own to the data set (a
	// system's batch account) is bounded by them; otherwise the person's
	// own grants apply.
	key := actorKey{id: person, dataset: ds.rec.ID}
	if acct != nil {
		if ak := (actorKey{account: true, id: acct.ID, dataset: ds.rec.ID}); len(s.grants[ak]) > 0 || person == "" {
			key = ak
		}
	}
	if d, ok := s.grant(key, day, action, r.Purpose); !ok {
		return d
	}

	// 4. Bulk volume: over the person's limit needs a second approver.
	n := len(r.Subjects)
	if r.Count > n {
		n = r.Count
	}
	limit := s.opt.BulkLimit
	if l, ok := s.opt.BulkLimits[person]; ok {
		limit = l
	}
	if n > limit {
		if r.SecondApprover == "" {
			return deny(s, ReasonBulkOverLimit, "bulk", "persons", person)
		}
		ap := s.persons[r.SecondApprover]
		if ap == nil || r.SecondApprover == person || (!ap.LeftOn.IsZero() && !day.Before(ap.LeftOn)) {
			return deny(s, ReasonBadApprover, "bulk", "persons", r.SecondApprover)
		}
	}

	// 5. The legal basis of the purpose.
	switch pp.rec.Basis {
	case himitsu.BasisLaw:
		return s.byWarrant(r, ds)
	case himitsu.BasisLawfulBusiness:
		if !pp.lawful {
			return deny(s, ReasonNotLawfulOp, "lawful-business", "purposes", pp.rec.ID)
		}
		if !s.withinPurpose(pp, ds, r.Elements) {
			return deny(s, ReasonPurposeElements, "lawful-business", "purposes", pp.rec.ID)
		}
		return Decision{Allow: true, Basis: himitsu.BasisLawfulBusiness, Reason: ReasonAllowed, Rule: "lawful-business", Register: "purposes", Record: pp.rec.ID, Version: s.Version}
	case himitsu.BasisConsent:
		return s.byConsent(r, pp, ds)
	case himitsu.BasisSelfDefence, himitsu.BasisNecessity:
		if strings.TrimSpace(r.Justification) == "" {
			return deny(s, ReasonNoJustification, string(pp.rec.Basis), "purposes", pp.rec.ID)
		}
		return Decision{Allow: true, Basis: pp.rec.Basis, Reason: ReasonJustifiedByReview, Rule: string(pp.rec.Basis), Register: "purposes", Record: pp.rec.ID, Review: true, Version: s.Version}
	}
	return deny(s, ReasonNoBasis, "basis", "purposes", pp.rec.ID)
}

// grant finds a grant in force that allows the action for the purpose. On
// failure it names the most telling grant: revoked before expired before
// not yet valid before wrong scope before wrong purpose.
func (s *Snapshot) grant(k actorKey, day himitsu.Date, a himitsu.Action, purpose string) (Decision, bool) {
	best, bestRank := "", 0
	rank := func(id string, r int) {
		if r > bestRank {
			best, bestRank = id, r
		}
	}
	for _, g := range s.grants[k] {
		switch {
		case !g.RevokedOn.IsZero() && !day.Before(g.RevokedOn):
			rank(g.ID, 5)
		case !g.ExpiresOn.IsZero() && day.After(g.ExpiresOn):
			rank(g.ID, 4)
		case day.Before(g.GrantedOn):
			rank(g.ID, 3)
		case !g.Scope.Allows(a):
			rank(g.ID, 2)
		case g.Purpose != "" && g.Purpose != purpose:
			rank(g.ID, 1)
		default:
			return Decision{Register: "grants", Record: g.ID}, true
		}
	}
	reason := [...]string{ReasonGrantMissing, ReasonGrantPurpose, ReasonGrantScope, ReasonGrantNotYet, ReasonGrantExpired, ReasonGrantRevoked}[bestRank]
	return deny(s, reason, "grant", "grants", best), false
}

// withinPurpose reports whether the elements asked for are within what the
// purpose needs: the purpose names the data set (when it names any) and
// every element's class is one of the purpose's classes (when it names
// any). Empty elements ask for the whole data set.
func (s *Snapshot) withinPurpose(pp *purpose, ds *dataset, elems []string) bool {
	if len(pp.datasets) > 0 && !pp.datasets[ds.rec.ID] {
		return false
	}
	if len(pp.classes) == 0 {
		return true
	}
	if len(elems) == 0 {
		for _, e := range ds.rec.Elements {
			if !pp.classes[e.Class] {
				return false
			}
		}
		return true
	}
	for _, e := range elems {
		if !pp.classes[ds.elements[e]] {
			return false
		}
	}
	return true
}

// warrantRegister is the register a warrant decision cites.
const warrantRegister = "law_enforcement_requests"

func (s *Snapshot) byWarrant(r *Request, ds *dataset) Decision {
	w := s.warrants[r.Warrant]
	if r.Warrant == "" || w == nil {
		return deny(s, ReasonWarrantMissing, "law", warrantRegister, r.Warrant)
	}
	if r.At.Before(w.ValidFrom) || r.At.After(w.ValidUntil) {
		return deny(s, ReasonWarrantExpired, "law", warrantRegister, w.ID)
	}
	if !contains(w.DataSets, ds.rec.ID) || len(r.Subjects) == 0 {
		return deny(s, ReasonWarrantScope, "law", warrantRegister, w.ID)
	}
	for _, sub := range r.Subjects {
		if !contains(w.Subjects, sub) {
			return Decision{Reason: ReasonWarrantScope, Rule: "law", Register: warrantRegister, Record: w.ID, Subject: sub, Version: s.Version}
		}
	}
	if len(w.Elements) > 0 {
		if len(r.Elements) == 0 {
			return deny(s, ReasonWarrantScope, "law", warrantRegister, w.ID)
		}
		for _, e := range r.Elements {
			if !contains(w.Elements, e) {
				return deny(s, ReasonWarrantScope, "law", warrantRegister, w.ID)
			}
		}
	}
	return Decision{Allow: true, Basis: himitsu.BasisLaw, Reason: ReasonAllowed, Rule: "law", Register: warrantRegister, Record: w.ID, Version: s.Version}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// byConsent allows only when every subject has a consent to this purpose
// that was given before the act, not withdrawn by then, and is valid. The
// consent must also be within what the purpose covers: a new purpose needs
// new consent, so a consent to another purpose never counts.
func (s *Snapshot) byConsent(r *Request, pp *purpose, ds *dataset) Decision {
	if len(r.Subjects) == 0 || r.Count > len(r.Subjects) {
		return deny(s, ReasonConsentNeedsList, "consent", "purposes", pp.rec.ID)
	}
	if !s.withinPurpose(pp, ds, r.Elements) {
		return deny(s, ReasonPurposeElements, "consent", "purposes", pp.rec.ID)
	}
	var last Decision
	for _, sub := range r.Subjects {
		d := s.consentOf(sub, pp, ds, r.Elements, r.At)
		if !d.Allow {
			return d
		}
		last = d
	}
	return last
}

// consentOf decides the consent step for one subscriber (ConsentInForce)
// and names the consent the answer rests on.
func (s *Snapshot) consentOf(sub string, pp *purpose, ds *dataset, elems []string, at time.Time) Decision {
	cs := s.consents[consentKey{sub, pp.rec.ID}]
	reason, i := ConsentInForce(cs, at, func(c *himitsu.Consent) bool { return covers(c.Elements, ds, elems) })
	d := Decision{Reason: reason, Rule: "consent", Register: "consents", Subject: sub, Version: s.Version}
	if i < 0 {
		return d
	}
	d.Record = cs[i].Rec.ID
	switch reason {
	case ReasonAllowed:
		d.Allow, d.Basis, d.Consent = true, himitsu.BasisConsent, cs[i].Verdict.Code
	case ReasonConsentInvalid, ReasonConsentElements:
		d.Consent = cs[i].Verdict.Code
	}
	return d
}

// ConsentInForce is the decision point's consent step: among one
// subscriber's consents to one purpose, the first that was given by at,
// not withdrawn by then, valid, and covering the elements asked for
// (covers; nil: elements are not checked) allows, and ReasonAllowed is
// returned with its index. Otherwise the reason is of the most telling
// consent, with its index: one that does not cover the elements, before
// one that is not valid, before one withdrawn, before one not yet given;
// ReasonNoConsent and -1 when there is none. The assessment's rule
// use.event-without-consent (guideline 5(2)ii) judges each access by it.
func ConsentInForce(cs []Consented, at time.Time, covers func(*himitsu.Consent) bool) (reason string, index int) {
	reason, index = ReasonNoConsent, -1
	rank := 0
	for i := range cs {
		c := &cs[i]
		switch {
		case c.Rec.GivenAt.After(at):
			if rank < 1 {
				rank, reason, index = 1, ReasonConsentNotYet, i
			}
		case !c.Rec.WithdrawnAt.IsZero() && !at.Before(c.Rec.WithdrawnAt):
			if rank < 2 {
				rank, reason, index = 2, ReasonConsentWithdrawn, i
			}
		case !c.Verdict.Valid:
			if rank < 3 {
				rank, reason, index = 3, ReasonConsentInvalid, i
			}
		case covers != nil && !covers(c.Rec):
			if rank < 4 {
				rank, reason, index = 4, ReasonConsentElements, i
			}
		default:
			return ReasonAllowed, i
		}
	}
	return reason, index
}

// covers reports whether a consent that lists covered elements covers the
// elements asked for; a consent that lists none covers what its purpose
// covers (checked before). Empty elems asks for the whole data set.
func covers(covered []string, ds *dataset, elems []string) bool {
	if len(covered) == 0 {
		return true
	}
	if len(elems) == 0 {
		for _, e := range ds.rec.Elements {
			if !contains(covered, e.Name) {
				return false
			}
		}
		return true
	}
	for _, e := range elems {
		if !contains(covered, e) {
			return false
		}
	}
	return true
}
