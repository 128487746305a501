package assess

import (
	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/policytext"
)

// PolLeakResponsibility judges 5(1)v. Guidelines §5(1)v: the carrier does
// not take responsibility for accidents such as leaks of secrecy. A
// user-facing document that disclaims liability for leaks is the case. A
// policy that is silent on responsibility refuses nothing: silence is
// neither the case nor a weakness of this item (the carrier's law-given
// duties stand whatever its policy says).
func (ruleSet) PolLeakResponsibility() rule {
	return rule{
		ID:   "pol.leak-responsibility",
		Item: "5(1)v",
		Summary: tx("利用者向けの文書が漏えいの責任を否認している",
			"A user-facing document disclaims liability for leaks"),
		Indicated: "a public policy `disclaims_leak_liability`, or its `text` has a passage the policy checks read as disclaiming responsibility for leaks (quoted) (medium); a policy that is merely silent is not judged",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "policies"}},
		Run:       polLeakResponsibility,
	}
}

func polLeakResponsibility(e *env) []outcome {
	ps := e.userFacing()
	if len(ps) == 0 {
		return e.ask(tx("利用者向けの方針・約款が登録されていない", "No user-facing policy is registered"), askPolicies)
	}
	s, u := e.sampler(), e.sampler()
	states, textOnly := 0, 0
	for _, p := range ps {
		// The carrier's flag and himitsu's reading of the text, side by
		// side: a disclaimer either finds is evidence, quoted when read.
		quotes := e.passages(p, labelIs(policytext.LabelDisclaims))
		switch {
		case len(quotes) > 0:
			if p.DisclaimsLeakLiability.False() {
				textOnly++
			}
			for _, q := range quotes {
				s.add("policies", p.ID, append([]string{"kind", string(p.Kind), "disclaims_leak_liability", factText(p.DisclaimsLeakLiability)}, q...)...)
			}
		case p.DisclaimsLeakLiability.True():
			reading := "no text"
			if p.Text != "" {
				reading = "no disclaimer found in the text"
			}
			s.add("policies", p.ID, "kind", string(p.Kind), "disclaims_leak_liability", "true", "screening_reading", reading)
		case !p.DisclaimsLeakLiability.Known() && e.policyReading(p) == nil:
			// Neither the records nor a text himitsu could read say
			// whether the document disclaims liability: asked.
			u.add("policies", p.ID, "kind", string(p.Kind), "unknown", "disclaims_leak_liability")
		}
		if p.StatesLeakResponsibility.True() && p.Public.True() {
			states++
		}
	}
	var out []outcome
	if s.total > 0 {
		msg := tf("利用者向けの文書の%[1]d箇所が漏えい時の責任を否認している", "Passages of user-facing documents disclaiming liability for leaks: %[1]d", s.total)
		if textOnly > 0 {
			msg = tf("利用者向けの文書の%[1]d箇所が漏えい時の責任を否認している（うち%[2]d件の文書は事業者の記録では否認なしだが、本文に否認がある。根拠に本文を引用する）",
				"Passages of user-facing documents disclaiming liability for leaks: %[1]d (%[2]d documents recorded as not disclaiming do so in their text, quoted in the evidence)", s.total, textOnly)
		}
		out = append(out, e.indicated(himitsu.SeverityMedium, s, msg))
	}
	out = append(out, e.askUnknown(u, tf("利用者向けの文書%[1]d件について、漏えい時の責任を否認しているかが記録されておらず、本文もない",
		"For %[1]d user-facing documents the records do not say whether they disclaim liability for leaks, and carry no text to read", u.total),
		tx("記録にない文書に、漏えい時の事業者の責任を否認し、又は免責する条項はないか。",
			"Are the documents whose records do not say so free of any clause disclaiming or excluding the carrier's liability for leaks?"))...)
	if len(out) == 0 && states == 0 {
		out = append(out, e.fine(tf("利用者向けの文書%[1]d件に漏えい時の責任を否認するものはない（責任の所在を述べる公開の文書はないが、沈黙は否認ではない）",
			"None of %[1]d user-facing documents disclaims liability for leaks (none states the carrier's responsibility either, but silence is not a disclaimer)", len(ps))))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("公開の文書%[1]d件が漏えい時の責任を述べ、否認するものはない",
			"%[1]d public documents state the carrier's responsibility for leaks and none disclaims it", states)))
	}
	return out
}
