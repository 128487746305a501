package assess

import (
	"strings"

	"github.com/himitsu-oss/himitsu"
)

// OrgRulesOfficer judges 5(3)(i)i. Guidelines §5(3)(i)i: the internal
// control system for secrecy, including compliance with the laws
// protecting it and risk management, is insufficient, so that secrecy is
// handled inappropriately. The base of such a system is a secrecy rule and
// an officer answerable for it.
func (ruleSet) OrgRulesOfficer() rule {
	return rule{
		ID:   "org.rules-officer",
		Item: "5(3)(i)i",
		Summary: tx("通信の秘密の取扱規程又は責任者がない",
			"No secrecy rule or no secrecy officer"),
		Indicated: "no `secrecy-rule` control (nor internal-rule policy) or no `secrecy-officer` control (medium)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "controls", "policies"}},
		Run:       orgRulesOfficer,
	}
}

func orgRulesOfficer(e *env) []outcome {
	if len(e.rec.Controls) == 0 && len(e.rec.Policies) == 0 {
		return e.ask(tx("統制と方針の台帳が空である", "The control and policy registers are empty"),
			tx("通信の秘密の取扱規程を定め、その遵守に責任を負う者（責任者）を任命しているか。",
				"Has the carrier adopted a rule on handling secrecy and appointed an officer responsible for it?"))
	}
	rule := e.performed(himitsu.ControlSecrecyRule, 0)
	var internal *himitsu.Policy
	for i := range e.rec.Policies {
		if e.rec.Policies[i].Kind == himitsu.PolicyInternalRule {
			internal = &e.rec.Policies[i]
			break
		}
	}
	officer := e.performed(himitsu.ControlSecrecyOfficer, 0)
	if (rule != nil || internal != nil) && officer != nil {
		return []outcome{e.fine(tx("通信の秘密の取扱規程があり、責任者が任命されている", "A secrecy rule is in place and a secrecy officer is appointed"))}
	}
	s := e.sampler()
	var miss []himitsu.Text
	var kinds []string
	if rule == nil && internal == nil {
		kinds = append(kinds, "secrecy-rule")
		miss = append(miss, tx("通信の秘密の取扱規程", "a secrecy rule"))
	}
	if officer == nil {
		kinds = append(kinds, "secrecy-officer")
		miss = append(miss, tx("責任者の任命", "an appointed secrecy officer"))
	}
	s.add("carrier", e.rec.Carrier.ID, "missing_controls", join(kinds), "controls", itoa(len(e.rec.Controls)))
	m := joinText(miss)
	return []outcome{e.indicated(himitsu.SeverityMedium, s, tf("記録上、%[1]sがない", "The records show no %[2]s",
		strings.ReplaceAll(m.JA, "。", "及び"), strings.ReplaceAll(m.EN, "; ", " and ")))}
}
