package assess

import (
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/catalog"
)

// ladder ranks the catalog's grades, lowest first.
type ladder struct{ ids []string }

func newLadder(cat *catalog.Catalog) ladder {
	l := ladder{}
	for _, g := range cat.Judgement.Grades {
		l.ids = append(l.ids, g.ID)
	}
	return l
}

func (l ladder) rank(id string) int {
	for i, g := range l.ids {
		if g == id {
			return i
		}
	}
	return -1
}

func (l ladder) max(a, b string) string {
	if l.rank(b) > l.rank(a) {
		return b
	}
	return a
}

func (e *env) violations() []*himitsu.Incident {
	var out []*himitsu.Incident
	for i := range e.rec.Incidents {
		in := &e.rec.Incidents[i]
		if isViolation(in) && e.within(himitsu.DateOf(in.KnownAt), violationWindowDays) {
			out = append(out, in)
		}
	}
	return out
}

// remedied: an incident reported on time (no duty late, overdue or
// unclear, and every "without delay" report filed), whose root cause was
// established and whose recurrence measures are all done.
func (e *env) remedied(in *himitsu.Incident) bool {
	for _, dl := range e.deadline[in.ID] {
		switch dl.State {
		case stateLate, stateOverdue, stateUnclear:
			return false
		}
		if dl.Due.IsZero() && dl.FiledAt.IsZero() {
			return false
		}
	}
	if in.RootCauseDoneOn.IsZero() || in.RootCauseDoneOn.After(e.asOf) {
		return false
	}
	ms := e.measures[in.ID]
	if len(ms) == 0 {
		return false
	}
	for _, m := range ms {
		if m.DoneOn.IsZero() || m.DoneOn.After(e.asOf) {
			return false
		}
	}
	return true
}

// onlyRemedied reports whether every record behind a finding is a
// promptly remedied incident.
func onlyRemedied(f *himitsu.Finding, remedied map[string]bool) bool {
	if f.EvidenceTotal == 0 || f.EvidenceTotal != len(f.Evidence) {
		return false
	}
	for _, x := range f.Evidence {
		if x.Register != "incidents" || !remedied[x.ID] {
			return false
		}
	}
	return true
}

// judge grades each category from its findings and applies the
// principles of the catalog's judgement to reach the overall grade.
func judge(cat *catalog.Catalog, e *env, fs []himitsu.Finding) himitsu.Judgement {
	j := cat.Judgement
	l := newLadder(cat)
	low := ""
	if len(l.ids) > 0 {
		low = l.ids[0]
	}
	const (
		advice   = catalog.GradeAdvice
		guidance = catalog.GradeGuidance
		order    = catalog.GradeOrderRisk
	)
	var reasons []himitsu.Text
	principle := func(id string) string {
		for _, p := range j.Principles {
			if p.ID == id {
				return p.ID
			}
		}
		return id
	}

	remedied := map[string]bool{}
	viol := e.violations()
	for _, in := range viol {
		if e.remedied(in) {
			remedied[in.ID] = true
		}
	}

	type acc struct {
		score    float64
		findings int
		floor    string
	}
	byCat := map[string]*acc{}
	itemCat := map[string]string{}
	weight := map[string]int{}
	var order_ []string
	for _, it := range cat.AssumedCases() {
		itemCat[it.ID] = it.Category
		weight[it.ID] = it.Weight
		if byCat[it.Category] == nil {
			byCat[it.Category] = &acc{floor: low}
			order_ = append(order_, it.Category)
		}
	}
	// The concealment principle names its items, and concealing while
	// another category fails needs the categories those items belong to.
	concealItems := map[string]bool{}
	concealCats := map[string]bool{}
	var concealList []string
	if p, ok := cat.Principle(catalog.PrincipleConcealment); ok {
		concealList = p.Items
		for _, id := range p.Items {
			concealItems[id] = true
			concealCats[itemCat[id]] = true
		}
	}
	indicated := 0
	concealment := false
	for i := range fs {
		f := &fs[i]
		if f.Status != himitsu.StatusIndicated && f.Status != himitsu.StatusAtRisk {
			continue
		}
		c := byCat[itemCat[f.Item]]
		if c == nil {
			continue
		}
		c.findings++
		if f.Status == himitsu.StatusIndicated {
			indicated++
			if concealItems[f.Item] {
				concealment = true
			}
		}
		if f.Status == himitsu.StatusIndicated && onlyRemedied(f, remedied) {
			// prompt-remedy: a promptly reported and fully remedied
			// incident counts as advice, never more.
			c.floor = l.max(c.floor, advice)
			continue
		}
		pts := float64(j.SeverityPoints[string(f.Severity)] * weight[f.Item])
		if f.Status == himitsu.StatusAtRisk {
			pts *= j.AtRiskFactor
		}
		c.score += pts
	}

	out := himitsu.Judgement{Categories: []himitsu.CategoryJudgement{}}
	overall := low
	atGuidance := 0
	concealOther := false
	for _, id := range order_ {
		c := byCat[id]
		g := l.max(j.CategoryGrade(c.score), c.floor)
		out.Categories = append(out.Categories, himitsu.CategoryJudgement{Category: id, Grade: g, Score: c.score, Findings: c.findings})
		overall = l.max(overall, g)
		if l.rank(g) >= l.rank(guidance) {
			atGuidance++
			if !concealCats[id] {
				concealOther = true
			}
		}
	}
	label := func(id string) himitsu.Text {
		if g, ok := cat.Grade(id); ok {
			return text(g.Label)
		}
		return tx(id, id)
	}
	top := label(overall)
	reasons = append(reasons, tf("分野別の評価のうち最も高いものは「%[1]s」である（指摘%[3]d件）。",
		"The highest category grade is %[2]s (indicated findings: %[3]d).", top.JA, top.EN, indicated))

	if concealment && l.rank(overall) < l.rank(guidance) {
		overall = guidance
		reasons = append(reasons, tf("［%[1]s］隠蔽・改ざんの想定事例（%[2]s）に該当する所見があるため、少なくとも「行政指導相当」とする。",
			"[%[1]s] The concealment case %[2]s is indicated, so the grade is at least guidance.", principle(catalog.PrincipleConcealment), strings.Join(concealList, ", ")))
	}
	if concealment && concealOther && overall != order {
		// Concealing while another area of control is also failing shows
		// that the carrier's own efforts do not function: the very case
		// in which the guidelines expect an order.
		overall = order
		reasons = append(reasons, tf("［%[1]s］隠蔽・改ざんの所見に加え、他の分野も「行政指導相当」以上であり、自律的な取組が機能していないため「業務改善命令のおそれ」とする。",
			"[%[1]s] Concealment is indicated and another category is at guidance or above: the carrier's own efforts do not function, so the grade is order risk.", principle(catalog.PrincipleConcealment)))
	}
	if len(viol) > 0 && l.rank(overall) < l.rank(advice) {
		overall = advice
		reasons = append(reasons, tf("［%[1]s］過去%[2]d日以内に通信の秘密の侵害（%[3]s）が現にあるため、少なくとも「助言」とする。",
			"[%[1]s] An actual infringement of secrecy within %[2]d days (%[3]s) is in principle a hindrance, so the grade is at least advice.",
			principle(catalog.PrincipleViolationIsHindrance), violationWindowDays, incidentIDs(viol)))
	}
	if len(remedied) > 0 {
		reasons = append(reasons, tf("［%[1]s］侵害%[2]d件（%[3]s）は期限内に報告され、原因究明と再発防止策を終えているため、「助言」を超えて評価に加えない。",
			"[%[1]s] Infringements reported on time, with root cause and recurrence measures done, add nothing beyond advice: %[2]d (%[3]s).",
			principle(catalog.PrinciplePromptRemedy), len(remedied), mapIDs(remedied)))
	}
	if indicated == 1 && !concealment && l.rank(overall) > l.rank(guidance) {
		overall = guidance
		reasons = append(reasons, tf("［%[1]s］指摘は1件のみであり、単一の行為だけでは命令を意味しないため、「行政指導相当」を上限とする。",
			"[%[1]s] Only one finding is indicated; a single act does not by itself mean an order, so the grade is capped at guidance.", principle(catalog.PrincipleSingleAct)))
	}
	if overall == order {
		switch {
		case atGuidance >= 2:
			reasons = append(reasons, tf("［%[1]s］%[2]d分野が「行政指導相当」以上であり、所見が累積している。",
				"[%[1]s] %[2]d categories are at guidance or above: the findings are cumulative.", principle(catalog.PrincipleCumulative), atGuidance))
		case concealment && concealOther:
			reasons = append(reasons, tf("［%[1]s］隠蔽に加え、他の分野も「行政指導相当」以上である。",
				"[%[1]s] Concealment together with another category at guidance or above.", principle(catalog.PrincipleCumulative)))
		case len(e.recur) > 0:
			reasons = append(reasons, tf("［%[1]s］再発防止策の実施後に同じ原因で事故が再発しており、是正が機能していない。",
				"[%[1]s] An incident recurred from the same cause after its measure was done: the correction did not work.", principle(catalog.PrincipleCumulative)))
		default:
			overall = guidance
			reasons = append(reasons, tf("［%[1]s］「業務改善命令のおそれ」は、複数分野の累積、隠蔽と他分野の問題、又は是正されない再発がある場合に限るため、「行政指導相当」にとどめる。",
				"[%[1]s] Order risk needs two or more categories at guidance, concealment with another category at guidance, or an uncorrected recurrence; none applies, so the grade is capped at guidance.",
				principle(catalog.PrincipleCumulative)))
		}
	}
	final := label(overall)
	reasons = append(reasons, tf("総合評価は「%[1]s」である。", "The overall grade is %[2]s.", final.JA, final.EN))
	out.Overall = overall
	out.Reasons = reasons
	return out
}

func incidentIDs(ins []*himitsu.Incident) string {
	ids := make([]string, len(ins))
	for i, in := range ins {
		ids[i] = in.ID
	}
	return list(ids, 5)
}

func mapIDs(m map[string]bool) string {
	ids := make([]string, 0, len(m))
	for k := range m {
		ids = append(ids, k)
	}
	return list(ids, 5)
}
