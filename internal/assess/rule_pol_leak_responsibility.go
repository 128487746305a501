package assess

import (
	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/policytext"
)

// PolLeakResponsibility judges 5(1)v. Guidelines §5(1)v: the carrier does
// not take responsibility for accidents such as leaks of secrecy. A public
// document that disclaims liability for leaks is the case; no document
// stating where responsibility lies is a weakness.
func (ruleSet) PolLeakResponsibility() rule {
	return rule{
		ID:   "pol.leak-responsibility",
		Item: "5(1)v",
		Summary: tx("公開の文書が漏えいの責任を否認している、又は責任の所在を述べていない",
			"A public document disclaims liability for leaks, or none states responsibility"),
		Indicated: "a public policy `disclaims_leak_liability`, or its `text` has a passage the policy checks read as disclaiming responsibility for leaks (quoted) (medium)",
		AtRisk:    "no public policy `states_leak_responsibility`",
		Inputs:    inputs{Registers: []string{"attestations", "policies"}},
		Run:       polLeakResponsibility,
	}
}

func polLeakResponsibility(e *env) []outcome {
	ps := e.userFacing()
	if len(ps) == 0 {
		return e.ask(tx("利用者向けの方針・約款が登録されていない", "No user-facing policy is registered"), askPolicies)
	}
	s := e.sampler()
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
	if states == 0 {
		r := e.sampler()
		for _, p := range ps {
			r.add("policies", p.ID, "kind", string(p.Kind), "states_leak_responsibility", "false")
		}
		out = append(out, e.atRisk(r, tx("公開の文書のいずれも、漏えい時にどのように責任を負うかを述べていない",
			"No public document states how the carrier takes responsibility for leaks")))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("公開の文書%[1]d件が漏えい時の責任を述べ、否認するものはない",
			"%[1]d public documents state the carrier's responsibility for leaks and none disclaims it", states)))
	}
	return out
}
