package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// UsePurposeMismatch judges 5(2)ii. Guidelines §5(2)ii, second half:
// secrecy is used beyond the purpose stated when the user consented. The
// rule reads accesses under a consent-basis purpose to data sets that
// purpose does not list.
func (ruleSet) UsePurposeMismatch() rule {
	return rule{
		ID:   "use.purpose-mismatch",
		Item: "5(2)ii",
		Summary: tx("同意に基づく目的が対象としないデータセットへのアクセスがある",
			"Accesses under a consent-basis purpose to data sets the purpose does not list"),
		Indicated: "an access event under a consent-basis purpose touches a data set the purpose does not list (medium)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "purposes"}, Logs: []string{"access_events"}},
		Stream:    func(e *env) any { return &mismatchVisitor{e: e, s: e.sampler(), perPurpose: map[string]int{}} },
		Run:       usePurposeMismatch,
	}
}

func usePurposeMismatch(e *env) []outcome {
	if out := e.consentEventsUndecidable(); out != nil {
		return out
	}
	v := visitorOf[*mismatchVisitor](e, e.cur.ID)
	if v.n > 0 {
		return []outcome{e.indicated(himitsu.SeverityMedium, v.s, tf(
			"同意に基づく目的のアクセス%[1]d件が、その目的の対象でないデータセットに及んでいる（目的 → データセット：%[2]s）",
			"Accesses under consent-basis purposes to data sets the purpose does not list: %[1]d (purpose → data set: %[2]s)",
			v.n, topCounts(v.perPurpose, 5, nil)))}
	}
	return []outcome{e.fine(tf("同意に基づく目的のアクセス%[1]d件はいずれも目的の対象データセットに限られる",
		"All %[1]d accesses under consent-basis purposes stayed within the purposes' data sets", v.checked))}
}

// use.purpose-mismatch: a consent-basis purpose that does not list the data set.
type mismatchVisitor struct {
	e          *env
	s          *sampler
	checked    int
	perPurpose map[string]int // "purpose → data set" pairs
	n          int            // accesses flagged: the sum of the rows' counts
}

func (v *mismatchVisitor) visitAccess(ev *himitsu.AccessEvent, _ himitsu.Date) {
	p, ok := v.e.purposes[ev.Purpose]
	if !ok || p.Basis != himitsu.BasisConsent {
		return
	}
	v.checked += ev.N()
	if v.e.purposeDS[ev.Purpose][ev.DataSet] {
		return
	}
	v.perPurpose[ev.Purpose+" → "+ev.DataSet] += ev.N()
	v.n += ev.N()
	if v.s.accept("access_events", ev.ID) {
		v.s.put(eventEvidence(ev))
	}
}
