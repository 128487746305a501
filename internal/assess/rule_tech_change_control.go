package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// TechChangeControl judges 5(3)(iv)i. Guidelines §5(3)(iv)i: the measures
// to minimise system trouble such as malfunctions and wrong settings
// caused by repairs or changes of the system were insufficient. The rule
// reads changes affecting secrecy made without testing, review or a
// rollback plan.
func (ruleSet) TechChangeControl() rule {
	return rule{
		ID:   "tech.change-control",
		Item: "5(3)(iv)i",
		Summary: tx("試験・確認・切戻し計画のない変更が事故につながった",
			"An untested or unreviewed change without rollback led to an incident"),
		Indicated: "a change that `affects_secrecy` without `tested`, `reviewed` or `rollback_plan` is linked to an incident (high)",
		AtRisk:    "such changes exist (count)",
		Inputs:    inputs{Registers: []string{"attestations", "incidents", "system_changes"}},
		Run:       techChangeControl,
	}
}

func techChangeControl(e *env) []outcome {
	if len(e.rec.SystemChanges) == 0 {
		return e.ask(tx("システム変更の記録がない", "No system change is recorded"),
			tx("通信の秘密に影響し得るシステムの修理・変更は、すべて試験、第三者の確認、切戻し計画を経て行っているか。",
				"Is every repair or change of a system that can affect secrecy tested, reviewed by someone else and backed by a rollback plan?"))
	}
	linked := map[string][]string{}
	for i := range e.rec.Incidents {
		if c := e.rec.Incidents[i].Change; c != "" {
			linked[c] = append(linked[c], e.rec.Incidents[i].ID)
		}
	}
	s, r, u := e.sampler(), e.sampler(), e.sampler()
	for i := range e.rec.SystemChanges {
		c := &e.rec.SystemChanges[i]
		if c.AffectsSecrecy.False() || c.Tested.True() && c.Reviewed.True() && c.RollbackPlan.True() {
			continue
		}
		kv := []string{"system", c.System, "kind", string(c.Kind), "tested", factText(c.Tested), "reviewed", factText(c.Reviewed), "rollback_plan", factText(c.RollbackPlan)}
		// Found only on a step recorded as missing from a change recorded
		// as affecting secrecy; otherwise the unknown facts are asked about.
		if !c.AffectsSecrecy.True() || !c.Tested.False() && !c.Reviewed.False() && !c.RollbackPlan.False() {
			u.add("system_changes", c.ID, append(kv, "unknown", unknownOf(fact{"affects_secrecy", c.AffectsSecrecy},
				fact{"tested", c.Tested}, fact{"reviewed", c.Reviewed}, fact{"rollback_plan", c.RollbackPlan}))...)
			continue
		}
		if inc := linked[c.ID]; len(inc) > 0 {
			s.add("system_changes", c.ID, append(kv, "incidents", list(inc, 5))...)
		} else {
			r.add("system_changes", c.ID, kv...)
		}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityHigh, s, tf(
			"試験・確認・切戻し計画のいずれかを欠く変更%[1]d件が事故につながった", "Changes without testing, review or a rollback plan that led to incidents: %[1]d", s.total)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("通信の秘密に影響する変更%[1]d件が試験・確認・切戻し計画のいずれかを欠く",
			"Changes affecting secrecy without testing, review or a rollback plan: %[1]d", r.total)))
	}
	out = append(out, e.askUnknown(u, tf("システム変更%[1]d件について、通信の秘密への影響、試験、確認又は切戻し計画が記録されていない",
		"For %[1]d system changes the records do not say whether they affect secrecy, or were tested, reviewed or backed by a rollback plan", u.total),
		tx("記録にない変更のうち通信の秘密に影響するものは、試験、第三者の確認及び切戻し計画を経たか。",
			"Were the changes whose records do not say so, where they affect secrecy, tested, reviewed and backed by a rollback plan?"))...)
	if len(out) == 0 {
		out = append(out, e.fine(tf("システム変更%[1]d件のうち通信の秘密に影響するものはすべて試験・確認・切戻し計画を経ている",
			"Every change affecting secrecy among %[1]d system changes was tested, reviewed and had a rollback plan", len(e.rec.SystemChanges))))
	}
	return out
}
