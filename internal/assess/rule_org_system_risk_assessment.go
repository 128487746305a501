package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// OrgSystemRiskAssessment judges 5(3)(i)ii. Guidelines §5(3)(i)ii: on a
// system failure or malfunction, the carrier's system risk assessment for
// secrecy was inappropriate and an accident such as a leak resulted. The
// rule reads incidents caused by changes that were not risk-assessed;
// services never risk-assessed are a weakness.
func (ruleSet) OrgSystemRiskAssessment() rule {
	return rule{
		ID:   "org.system-risk-assessment",
		Item: "5(3)(i)ii",
		Summary: tx("リスク評価のないシステム変更や故障が事故につながった",
			"An incident followed a system change that was not risk-assessed"),
		Indicated: "an incident caused by `system-change` or `malfunction` whose change was not `risk_assessed` (high)",
		AtRisk:    "a service with a secrecy data set has no `service-secrecy` or `system-risk` assessment within 365 days",
		Inputs:    inputs{Registers: []string{"attestations", "datasets", "incidents", "risk_assessments", "services", "system_changes"}},
		Run:       orgSystemRisk,
	}
}

func orgSystemRisk(e *env) []outcome {
	if len(e.rec.Services) == 0 && len(e.rec.DataSets) == 0 {
		return e.ask(tx("サービスとデータセットの台帳が空である", "The service and data set registers are empty"),
			tx("通信の秘密に係るデータを扱うサービスとシステムについて、過去1年以内にリスク評価を行い、システム変更の前にもリスクを評価しているか。",
				"Has every service and system handling secrecy data had a risk assessment within the past year, and are system changes risk-assessed before they are made?"))
	}
	s, u := e.sampler(), e.sampler()
	for i := range e.rec.Incidents {
		in := &e.rec.Incidents[i]
		if in.CauseCategory != himitsu.CauseSystemChange && in.CauseCategory != himitsu.CauseMalfunction || in.Change == "" {
			continue
		}
		c, ok := e.changes[in.Change]
		switch {
		case ok && c.RiskAssessed.False():
			s.add("incidents", in.ID, "cause_category", string(in.CauseCategory), "change", c.ID, "system", c.System, "risk_assessed", "false")
		case ok && !c.RiskAssessed.Known():
			u.add("incidents", in.ID, "change", c.ID, "system", c.System, "unknown", "risk_assessed")
		}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityHigh, s, tf(
			"リスク評価をしないシステム変更に起因する事故が%[1]d件ある", "Incidents arising from system changes that were not risk-assessed: %[1]d", s.total)))
	}
	r := e.sampler()
	checked := 0
	for i := range e.rec.Services {
		sv := &e.rec.Services[i]
		var systems []string
		holds := false
		for j := range e.rec.DataSets {
			d := &e.rec.DataSets[j]
			if d.Service == sv.ID && e.secrecy[d.ID] {
				holds = true
				if d.System != "" {
					systems = append(systems, d.System)
				}
			}
		}
		if !holds {
			continue
		}
		checked++
		if !e.riskAssessed(sv.ID, systems) {
			r.add("services", sv.ID, "risk_assessment_within_days", "none", "systems", list(systems, 5))
		}
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("通信の秘密に係るデータを持つサービス%[1]d件中%[2]d件に、過去%[3]d日以内のリスク評価がない",
			"%[2]d of %[1]d services holding secrecy had no risk assessment within %[3]d days", checked, r.total, riskAssessmentWindow)))
	}
	out = append(out, e.askUnknown(u, tf("事故の原因となったシステム変更%[1]d件について、事前にリスク評価したかが記録されていない",
		"For %[1]d system changes that caused incidents the records do not say whether their risk was assessed beforehand", u.total),
		tx("記録にない変更は、実施前にリスクを評価したか。", "Were the changes whose records do not say so risk-assessed before they were made?"))...)
	if len(out) == 0 {
		out = append(out, e.fine(tf("通信の秘密に係るデータを持つサービス%[1]d件はいずれも過去%[2]d日以内にリスク評価されており、リスク評価のない変更に起因する事故はない",
			"All %[1]d services holding secrecy were risk-assessed within %[2]d days, and no incident arose from an unassessed change", checked, riskAssessmentWindow)))
	}
	return out
}
