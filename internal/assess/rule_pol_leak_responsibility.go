package assess

import (
	"github.com/himitsu-oss/himitsu"
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
		Indicated: "a public policy `disclaims_leak_liability` (medium)",
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
	s, u := e.sampler(), e.sampler()
	states, unknownStates := 0, 0
	for _, p := range ps {
		if p.DisclaimsLeakLiability.True() {
			s.add("policies", p.ID, "kind", string(p.Kind), "disclaims_leak_liability", "true")
		}
		if p.StatesLeakResponsibility.True() && p.Public.True() {
			states++
		}
		if unk := unknownOf(fact{"disclaims_leak_liability", p.DisclaimsLeakLiability}, fact{"states_leak_responsibility", p.StatesLeakResponsibility}, fact{"public", p.Public}); unk != "" {
			u.add("policies", p.ID, "kind", string(p.Kind), "unknown", unk)
			if !p.StatesLeakResponsibility.False() && !p.Public.False() {
				unknownStates++
			}
		}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"利用者向けの文書%[1]d件が漏えい時の責任を否認している", "User-facing documents disclaiming liability for leaks: %[1]d", s.total)))
	}
	if states == 0 && unknownStates == 0 {
		r := e.sampler()
		for _, p := range ps {
			r.add("policies", p.ID, "kind", string(p.Kind), "states_leak_responsibility", "false")
		}
		out = append(out, e.atRisk(r, tx("公開の文書のいずれも、漏えい時にどのように責任を負うかを述べていない",
			"No public document states how the carrier takes responsibility for leaks")))
	}
	if u.total > 0 {
		out = append(out, e.askUnknown(u, tf("利用者向けの文書%[1]d件について、漏えい時の責任の記載、免責条項又は公表の有無が記録されていない",
			"For %[1]d user-facing documents the records do not say whether they state responsibility for leaks, disclaim it, or are public", u.total),
			tx("記録にない文書は公表されており、漏えい時にどのように責任を負うかを述べ、責任を否認していないか。",
				"Are the documents whose records do not say so public, do they state how the carrier takes responsibility for leaks, and are they free of any disclaimer?"))...)
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("公開の文書%[1]d件が漏えい時の責任を述べ、否認するものはない",
			"%[1]d public documents state the carrier's responsibility for leaks and none disclaims it", states)))
	}
	return out
}
