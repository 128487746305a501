package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// CmpRules judges 5(4)i. Guidelines §5(4)i: because the internal rules for
// secrecy complaints are deficient, the complaint desk does not function
// while complaints are frequent. The rule reads whether a
// complaint-handling rule exists.
func (ruleSet) CmpRules() rule {
	return rule{
		ID:   "cmp.rules",
		Item: "5(4)i",
		Summary: tx("苦情処理の規程がない",
			"No complaint-handling rule"),
		Indicated: "no `complaint-rule` policy and no `desk.complaint_rule` (medium)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "desk", "policies"}},
		Run:       cmpRules,
	}
}

func cmpRules(e *env) []outcome {
	if len(e.rec.Policies) == 0 && e.rec.Desk.ComplaintRule == "" && len(e.rec.Desk.Channels) == 0 {
		return e.ask(tx("方針と窓口の記録がない", "No policy and no desk are recorded"),
			tx("苦情・相談の処理手順（受付、記録、上申、回答の期限）を規程として定めているか。",
				"Has the carrier adopted a written rule for handling complaints and consultations (intake, records, escalation, response times)?"))
	}
	for i := range e.rec.Policies {
		if p := &e.rec.Policies[i]; p.Kind == himitsu.PolicyComplaintRule {
			return []outcome{e.fine(tf("苦情処理の規程（%[1]s）がある", "A complaint rule is in place (%[1]s)", p.ID))}
		}
	}
	if e.rec.Desk.ComplaintRule != "" {
		return []outcome{e.fine(tf("窓口の苦情処理規程（%[1]s）がある", "The desk names a complaint rule (%[1]s)", e.rec.Desk.ComplaintRule))}
	}
	s := e.sampler()
	s.add("desk", e.rec.Carrier.ID, "complaint_rule", "none", "complaint_rule_policies", "0")
	return []outcome{e.indicated(himitsu.SeverityMedium, s, tx("苦情処理の規程がなく、窓口も規程を定めていない", "There is no complaint-rule policy and the desk names no complaint rule"))}
}
