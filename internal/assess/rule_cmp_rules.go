package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// CmpRules judges 5(4)i. Guidelines §5(4)i: because the internal rules for
// secrecy complaints are deficient, the complaint desk does not function
// while complaints are frequent. The missing rule is the case only together
// with frequent complaints (at least the complaint_min_count secrecy, leak
// or privacy complaints within a year); without them it is a weakness.
func (ruleSet) CmpRules() rule {
	return rule{
		ID:   "cmp.rules",
		Item: "5(4)i",
		Summary: tx("苦情処理の規程がない",
			"No complaint-handling rule"),
		Indicated: "no `complaint-rule` policy and no `desk.complaint_rule`, while ≥ 10 (opt, complaint_min_count) secrecy, leak-suspicion or privacy complaints came in within 365 days (medium)",
		AtRisk:    "no complaint rule, with fewer such complaints",
		Inputs:    inputs{Registers: []string{"attestations", "complaints", "desk", "policies"}},
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
	n := e.secrecyComplaints()
	s := e.sampler()
	s.add("desk", e.rec.Carrier.ID, "complaint_rule", "none", "complaint_rule_policies", "0", "secrecy_complaints_in_year", itoa(n))
	if n >= e.th.ComplaintMinCount {
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tf("苦情処理の規程がなく、窓口も規程を定めていない一方、過去1年に通信の秘密・漏えいの疑い・プライバシーに関する苦情が%[1]d件あった",
			"There is no complaint-rule policy and the desk names no complaint rule, while %[1]d secrecy, leak-suspicion or privacy complaints came in within the year", n))}
	}
	return []outcome{e.atRisk(s, tf("苦情処理の規程がなく、窓口も規程を定めていない（過去1年の通信の秘密等に関する苦情は%[1]d件で、頻発とまではいえない）",
		"There is no complaint-rule policy and the desk names no complaint rule (secrecy-related complaints within the year: %[1]d, not frequent)", n))}
}

// secrecyComplaints counts the secrecy, leak-suspicion and privacy
// complaints received within the complaint window.
func (e *env) secrecyComplaints() int {
	n := 0
	for i := range e.rec.Complaints {
		c := &e.rec.Complaints[i]
		switch c.Category {
		case himitsu.ComplaintSecrecy, himitsu.ComplaintLeakSuspicion, himitsu.ComplaintPrivacy:
			if e.within(himitsu.DateOf(c.ReceivedAt), complaintWindowDays) {
				n++
			}
		}
	}
	return n
}
