package assess

import (
	"sort"
)

// PhyNoRetentionRule judges 5(3)(iii)iii. Guidelines §5(3)(iii)iii
// presupposes a retention period set for secrecy-related information; a
// secrecy data set with none cannot be held to one, which is a weakness
// rather than the case itself.
func (ruleSet) PhyNoRetentionRule() rule {
	return rule{
		ID:   "phy.no-retention-rule",
		Item: "5(3)(iii)iii",
		Summary: tx("通信の秘密に係るデータセットに保存期間の定めがない",
			"A secrecy data set has no retention rule"),
		Indicated: "—",
		AtRisk:    "a secrecy data set has no retention rule",
		Inputs:    inputs{Registers: []string{"attestations", "datasets", "retention_rules"}},
		Run:       phyNoRetentionRule,
	}
}

func phyNoRetentionRule(e *env) []outcome {
	if len(e.rec.DataSets) == 0 {
		return e.ask(tx("データセットの台帳が空である", "The data set register is empty"),
			tx("通信の秘密に係るデータセットのすべてに保存期間を定めているか。", "Has the carrier set a retention period for every data set holding secrecy?"))
	}
	if len(e.secrecy) == 0 {
		return e.notApplicable(tx("通信の秘密に係るデータセットがない", "No data set holds secrecy"))
	}
	has := map[string]bool{}
	for i := range e.rec.RetentionRules {
		has[e.rec.RetentionRules[i].DataSet] = true
	}
	s := e.sampler()
	var ids []string
	for id := range e.secrecy {
		if !has[id] {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		s.add("datasets", id, "retention_rule", "none", "name", e.ds[id].Name)
	}
	if s.total > 0 {
		return []outcome{e.atRisk(s, tf("通信の秘密に係るデータセット%[1]d件中%[2]d件（%[3]s）に保存期間の定めがない",
			"%[2]d of %[1]d secrecy data sets have no retention rule: %[3]s", len(e.secrecy), s.total, list(ids, 5)))}
	}
	return []outcome{e.fine(tf("通信の秘密に係るデータセット%[1]d件のすべてに保存期間の定めがある",
		"All %[1]d secrecy data sets have a retention rule", len(e.secrecy)))}
}
