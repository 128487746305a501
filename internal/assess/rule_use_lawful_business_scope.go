package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// UseLawfulBusinessScope judges 5(2)iii. Guidelines §5(2)iii: secrecy is
// obtained or used beyond the scope assumed for a lawful act or lawful
// business act, without a justification such as consent. The rule reads
// accesses to secrecy data sets with no purpose, or under a
// lawful-business purpose that does not cover the data set.
func (ruleSet) UseLawfulBusinessScope() rule {
	return rule{
		ID:   "use.lawful-business-scope",
		Item: "5(2)iii",
		Summary: tx("目的のない、又は正当業務行為の範囲外の通信の秘密へのアクセスがある",
			"Accesses to secrecy with no purpose or outside the lawful business purpose"),
		Indicated: "an access event on a secrecy data set has no purpose, or a lawful-business purpose that does not list the data set (medium; high when ≥ 100 events)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "datasets", "purposes"}, Logs: []string{"access_events"}},
		Run:       useLawfulBusinessScope,
	}
}

func useLawfulBusinessScope(e *env) []outcome {
	if len(e.rec.DataSets) == 0 {
		return e.ask(tx("データセットの台帳が空である", "The data set register is empty"),
			tx("通信の秘密に係る情報へのアクセスは、すべて定められた目的（正当業務行為の範囲）に基づいて行われているか。",
				"Does every access to secrecy-related information happen under a defined purpose within the scope of a lawful business act?"))
	}
	if len(e.secrecy) == 0 {
		return e.notApplicable(tx("通信の秘密に係るデータセットがない", "No data set holds secrecy"))
	}
	if e.acc.judged == 0 {
		return e.ask(tx("アクセスログがない", "There are no access events"), askAccessEvents)
	}
	v := e.acc.lawful
	if v.n > 0 {
		sev := himitsu.SeverityMedium
		if v.n >= lawfulScopeHighCount {
			sev = himitsu.SeverityHigh
		}
		return []outcome{e.indicated(sev, v.s, tf(
			"通信の秘密に係るデータセットへのアクセス%[1]d件が、目的なし（%[2]d件）又は正当業務行為の目的の範囲外である（データセット別：%[3]s）",
			"%[1]d accesses to secrecy data sets had no purpose (%[2]d) or a lawful-business purpose that does not cover the data set (by data set: %[3]s)",
			v.n, v.noPurp, topCounts(v.perDS, 5, e.dsName)))}
	}
	return []outcome{e.fine(tf("通信の秘密に係るデータセットへのアクセス%[1]d件はいずれも目的の範囲内である",
		"All %[1]d accesses to secrecy data sets were within a purpose that covers them", v.checked))}
}
