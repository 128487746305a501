package assess

import (
	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/decide"
)

// UseEventWithoutConsent judges 5(2)ii. Guidelines §5(2)ii: secrecy is
// obtained or used without proper consent where consent is the only
// justification. The rule checks each access under a consent-basis purpose
// against the subscriber's consents with the decision point's own consent
// step (decide.ConsentInForce over decide.EvaluateConsent's verdicts): a
// consent given before the access, not withdrawn by then and valid. So an
// access the assessment finds is one the decision point would have denied,
// and a consent that is not valid consent (bundled in the terms, pre-ticked,
// …) does not justify the uses made under it. Access events do not name
// data elements, so the elements a consent covers are not checked here. A
// purpose that runs by default with an opt-out (§5(1)iv accepts giving
// users the opportunity to opt out) needs no consent record: an access is
// judged only when the subscriber had opted out (a withdrawn consent
// record) by then.
func (ruleSet) UseEventWithoutConsent() rule {
	return rule{
		ID:   "use.event-without-consent",
		Item: "5(2)ii",
		Summary: tx("同意に基づく目的のアクセスについて、その時点で有効な同意がない",
			"Accesses under a consent-basis purpose without a valid consent in force at the time"),
		Indicated: "an access event under a consent-basis purpose concerns a subscriber with no valid consent to that purpose in force at the event time, judged as the decision point judges it (never given, withdrawn, or not a valid consent); for a `default_on` purpose with `opt_out`, only a subscriber who had opted out (a withdrawn record and none in force) (high)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "consents", "purposes"}, Logs: []string{"access_events"}},
		Stream: func(e *env) any {
			return &noConsentVisitor{e: e, s: e.sampler(), u: e.sampler(), perPurpose: map[string]int{}}
		},
		Run: useEventWithoutConsent,
	}
}

func useEventWithoutConsent(e *env) []outcome {
	if out := e.consentEventsUndecidable(); out != nil {
		return out
	}
	v := visitorOf[*noConsentVisitor](e, e.cur.ID)
	// Whether a consent record was needed at all turns on default_on and
	// opt_out: where they are unknown, the rule asks rather than finds.
	unknown := e.askUnknown(v.u, tf("同意の記録のないアクセス%[1]d件について、目的が既定で有効かつオプトアウトできるもの（同意の記録を要しないもの）かが記録されていない（目的別：%[2]s）",
		"For %[1]d accesses without a consent record the records do not say whether the purpose runs by default with an opt-out (which needs no consent record) (by purpose: %[2]s)",
		v.unknownN, topCounts(v.perPurposeUnknown, 5, nil)),
		tx("記録にない目的は、既定で有効とし、利用者に事前に通知したうえでいつでも無料でオプトアウトできるものか。そうでなければ、同意の記録のないアクセスは同意なしの利用である。",
			"Do the purposes whose records do not say so run by default with notice given in advance and a free opt-out at any time? If not, the accesses without a consent record are uses without consent."))
	if v.n > 0 {
		return append([]outcome{e.indicated(himitsu.SeverityHigh, v.s, tf(
			"同意に基づく目的のアクセス%[1]d件について、その時点で有効な同意がない（目的別：%[2]s）",
			"Accesses under consent-basis purposes to subscribers with no valid consent in force at the time: %[1]d (by purpose: %[2]s)",
			v.n, topCounts(v.perPurpose, 5, nil)))}, unknown...)
	}
	if unknown != nil {
		return unknown
	}
	return []outcome{e.fine(tf("アクセス%[1]d件を確認し、同意に基づく目的のアクセス%[2]d件はいずれも有効な同意に基づく",
		"Checked %[1]d access events; all %[2]d under consent-basis purposes had a valid consent in force", e.acc.judged, v.checked))}
}

// use.event-without-consent: a consent-basis purpose and no consent of
// the subscriber active at the event's time.
type noConsentVisitor struct {
	e          *env
	s          *sampler
	checked    int
	perPurpose map[string]int
	n          int // accesses flagged: the sum of the rows' counts
	// u holds accesses without a consent record under a purpose whose
	// default_on or opt_out is unknown, so whether one was needed is too.
	u                 *sampler
	unknownN          int
	perPurposeUnknown map[string]int
}

func (v *noConsentVisitor) visitAccess(ev *himitsu.AccessEvent, _ himitsu.Date) {
	p, ok := v.e.purposes[ev.Purpose]
	if !ok || p.Basis != himitsu.BasisConsent || ev.Subscriber == "" {
		return
	}
	v.checked += ev.N()
	cs := v.e.consents[subPurpose{ev.Subscriber, ev.Purpose}]
	got, i := decide.ConsentInForce(cs, ev.At, nil)
	if got == decide.ReasonAllowed {
		return
	}
	reason := "never-given"
	switch got {
	case decide.ReasonConsentWithdrawn:
		reason = "withdrawn"
	case decide.ReasonConsentInvalid:
		reason = "not-valid:" + cs[i].Verdict.Code
	}
	optedOut := false
	for _, c := range cs {
		if !c.Rec.WithdrawnAt.IsZero() && !c.Rec.WithdrawnAt.After(ev.At) {
			optedOut = true
		}
	}
	// A purpose that runs by default with an opt-out needs no consent
	// record: the user is in until opting out, which is recorded as a
	// withdrawal (Guidelines §5(1)iv accepts an opportunity to opt out).
	if p.DefaultOn.True() && p.OptOut.True() && !optedOut {
		return
	}
	if p.DefaultOn.True() && p.OptOut.True() {
		reason = "opted-out"
	}
	// No consent record at all, and default-on with an opt-out is
	// possible but not recorded: a consent record may not have been
	// needed. Asked, not found. (A record that is there but withdrawn or
	// not valid shows that consent was sought.)
	if reason == "never-given" && !p.DefaultOn.False() && !p.OptOut.False() {
		if v.perPurposeUnknown == nil {
			v.perPurposeUnknown = map[string]int{}
		}
		v.perPurposeUnknown[ev.Purpose] += ev.N()
		v.unknownN += ev.N()
		if v.u.accept("access_events", ev.ID) {
			v.u.put(eventEvidence(ev, "consent", reason, "unknown", unknownOf(fact{"purposes.default_on", p.DefaultOn}, fact{"purposes.opt_out", p.OptOut})))
		}
		return
	}
	v.perPurpose[ev.Purpose] += ev.N()
	v.n += ev.N()
	if v.s.accept("access_events", ev.ID) {
		v.s.put(eventEvidence(ev, "consent", reason))
	}
}
