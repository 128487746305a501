package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// PhyRetentionExceeded judges 5(3)(iii)iii. Guidelines §5(3)(iii)iii:
// although a retention period for secrecy-related information was set,
// information was kept without need after it lapsed. The rule compares
// holdings with their retention rules.
func (ruleSet) PhyRetentionExceeded() rule {
	return rule{
		ID:   "phy.retention-exceeded",
		Item: "5(3)(iii)iii",
		Summary: tx("保存期間を超えて情報を保有している",
			"Information is held beyond its retention period"),
		Indicated: "a holding's oldest record is older than its rule's `max_days` on `observed_on` (medium; high when more than twice the period)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "datasets", "holdings", "retention_rules"}},
		Run:       phyRetentionExceeded,
	}
}

func phyRetentionExceeded(e *env) []outcome {
	if len(e.rec.Holdings) == 0 {
		return e.ask(tx("保有状況の記録がない", "No holding is recorded"),
			tx("各データセットについて、実際に保有している最古のデータが定めた保存期間内であることを確認しているか。",
				"For each data set, has the carrier checked that the oldest data it actually holds is within the retention period it set?"))
	}
	maxDays := map[string]int{}
	for i := range e.rec.RetentionRules {
		rr := &e.rec.RetentionRules[i]
		if m, ok := maxDays[rr.DataSet]; !ok || rr.MaxDays < m {
			maxDays[rr.DataSet] = rr.MaxDays // the strictest rule applies
		}
	}
	s := e.sampler()
	sev := himitsu.SeverityMedium
	checked := 0
	per := map[string]int{}
	for i := range e.rec.Holdings {
		h := &e.rec.Holdings[i]
		m, ok := maxDays[h.DataSet]
		if !ok {
			continue
		}
		checked++
		age := h.Oldest.DaysUntil(h.ObservedOn)
		if age <= m {
			continue
		}
		if age > 2*m {
			sev = himitsu.SeverityHigh
		}
		per[h.DataSet]++
		s.add("holdings", h.ID, "dataset", h.DataSet, "oldest", h.Oldest.String(), "observed_on", h.ObservedOn.String(),
			"age_days", itoa(age), "max_days", itoa(m), "location", h.Location)
	}
	if s.total > 0 {
		return []outcome{e.indicated(sev, s, tf("保有状況%[1]d件が保存期間を超えている（データセット別：%[2]s）",
			"Holdings keeping data beyond the retention period: %[1]d (by data set: %[2]s)", s.total, topCounts(per, 5, e.dsName)))}
	}
	return []outcome{e.fine(tf("保存期間の定めがある保有状況%[1]d件はいずれも期間内である",
		"All %[1]d holdings with a retention rule are within their period", checked))}
}
