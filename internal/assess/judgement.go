package assess

import (
	"slices"
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

// deliberate: the records show intent: staff acting intentionally, an
// improper purpose (whoever acted, a contractor included), or
// unauthorised use (窃用), which is using secrecy for one's own ends.
func deliberate(in *himitsu.Incident) bool {
	return in.CauseCategory == himitsu.CauseEmployeeIntentional || in.ImproperPurpose.True() || in.Kind == himitsu.IncidentUnauthorizedUse
}

// small: few persons affected, and neither sensitive data nor a risk of
// financial damage (the APPI Art. 26 aggravating facts).
func small(in *himitsu.Incident, maxPersons int) bool {
	return maxPersons > 0 && in.PersonsAffected <= maxPersons && in.SensitiveData.False() && in.FinancialRisk.False()
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

// acts counts the acts behind findings (the single-act principle counts
// acts, not findings): each record of evidence is an act, except that
// every record about one incident (its reports, measures, notices) is
// that incident's act, so one failure that trips several rules is one
// act. A finding without evidence is one act of its own; records beyond
// the evidence kept count as acts of their own.
func acts(fs []*himitsu.Finding) int {
	roots := map[string]bool{}
	extra := 0
	for _, f := range fs {
		if len(f.Evidence) == 0 {
			extra++
			continue
		}
		extra += f.EvidenceTotal - len(f.Evidence)
		for _, x := range f.Evidence {
			switch in := x.Values["incident"]; {
			case in != "":
				roots["incidents/"+in] = true
			default:
				roots[x.Register+"/"+x.ID] = true
			}
		}
	}
	return len(roots) + extra
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
	label := func(id string) himitsu.Text {
		if g, ok := cat.Grade(id); ok {
			return text(g.Label)
		}
		return tx(id, id)
	}
	adv, gui, ord := label(advice), label(guidance), label(order)
	var reasons []himitsu.Text
	principle := func(id string) string {
		for _, p := range j.Principles {
			if p.ID == id {
				return p.ID
			}
		}
		return id
	}

	// Prompt remedy lowers only small incidents that nobody caused on
	// purpose; a deliberate sale of call records reported on time is not
	// "self-correction".
	remedied := map[string]bool{}
	var notLowered []string
	viol := e.violations()
	for _, in := range viol {
		if !e.remedied(in) {
			continue
		}
		if small(in, j.SmallIncidentMaxPersons) && !deliberate(in) {
			remedied[in.ID] = true
		} else {
			notLowered = append(notLowered, in.ID)
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
	var catOrder []string
	for _, it := range cat.AssumedCases() {
		itemCat[it.ID] = it.Category
		weight[it.ID] = it.Weight
		if byCat[it.Category] == nil {
			byCat[it.Category] = &acc{floor: low}
			catOrder = append(catOrder, it.Category)
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
	minSerious := j.SeverityPoints[j.Breadth.MinSeverity]
	var ind, serious []*himitsu.Finding
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
			ind = append(ind, f)
			if concealItems[f.Item] {
				concealment = true
			}
		}
		if f.Status == himitsu.StatusIndicated && onlyRemedied(f, remedied) {
			// prompt-remedy: a promptly reported and fully remedied
			// small incident counts as self-correction, never more.
			c.floor = l.max(c.floor, advice)
			continue
		}
		if f.Status == himitsu.StatusIndicated && minSerious > 0 && j.SeverityPoints[string(f.Severity)] >= minSerious {
			serious = append(serious, f)
		}
		pts := float64(j.SeverityPoints[string(f.Severity)] * weight[f.Item])
		if f.Status == himitsu.StatusAtRisk {
			pts *= j.AtRiskFactor
		}
		c.score += pts
	}
	nActs := acts(ind)

	out := himitsu.Judgement{Categories: []himitsu.CategoryJudgement{}}
	overall := low
	atGuidance := 0
	concealOther := false
	for _, id := range catOrder {
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
	top := label(overall)
	reasons = append(reasons, tf("分野別の評価のうち最も高いものは「%[1]s」である（該当する所見%[3]d件、行為としては%[4]d件）。",
		"The highest category grade is %[2]s (indicated findings: %[3]d, from %[4]d acts).", top.JA, top.EN, len(ind), nActs))

	if concealment {
		overall = l.max(overall, guidance)
		reasons = append(reasons, tf("［%[1]s］隠蔽・改ざんの想定事例（%[2]s）に該当する所見があるため、少なくとも「%[3]s」とする。",
			"[%[1]s] The concealment case %[2]s is indicated, so the grade is at least %[4]s.",
			principle(catalog.PrincipleConcealment), strings.Join(concealList, ", "), gui.JA, gui.EN))
	}
	if concealment && concealOther && overall != order {
		// Concealing while another area of control is also failing shows
		// that the carrier's own efforts do not function: the very case
		// in which the guidelines expect an order.
		overall = order
		reasons = append(reasons, tf("［%[1]s］隠蔽・改ざんの所見に加え、他の分野も「%[2]s」以上であり、自律的な取組が機能していないため「%[4]s」とする。",
			"[%[1]s] Concealment is indicated and another category is at %[3]s or above: the carrier's own efforts do not function, so the grade is %[5]s.",
			principle(catalog.PrincipleConcealment), gui.JA, gui.EN, ord.JA, ord.EN))
	}
	if len(viol) > 0 {
		var open []*himitsu.Incident
		for _, in := range viol {
			if !remedied[in.ID] {
				open = append(open, in)
			}
		}
		switch {
		case len(open) > 0:
			// Guidelines §4(2): an infringement of Art. 4(1) is in
			// principle a hindrance, the requirement of an order.
			overall = l.max(overall, guidance)
			reasons = append(reasons, tf("［%[1]s］過去%[2]d日以内に通信の秘密の侵害（%[3]s）が現にあり、原則として支障に当たるため（発動指針4(2)）、少なくとも「%[4]s」とする。",
				"[%[1]s] An established infringement of secrecy within %[2]d days (%[3]s) is in principle a hindrance (Guidelines §4(2)), so the grade is at least %[5]s.",
				principle(catalog.PrincipleViolationIsHindrance), violationWindowDays, incidentIDs(open), gui.JA, gui.EN))
		default:
			overall = l.max(overall, advice)
			reasons = append(reasons, tf("［%[1]s］過去%[2]d日以内に通信の秘密の侵害（%[3]s）があるため、少なくとも「%[4]s」とする。",
				"[%[1]s] An infringement of secrecy within %[2]d days (%[3]s) makes the grade at least %[5]s.",
				principle(catalog.PrincipleViolationIsHindrance), violationWindowDays, incidentIDs(viol), adv.JA, adv.EN))
		}
	}
	if len(remedied) > 0 {
		reasons = append(reasons, tf("［%[1]s］侵害%[2]d件（%[3]s）は小規模・過失によるもので、期限内に報告され、原因究明と再発防止策を終えているため、「%[4]s」を超えて評価に加えない。",
			"[%[1]s] Small, unintentional infringements reported on time, with root cause and recurrence measures done, add nothing beyond %[5]s: %[2]d (%[3]s).",
			principle(catalog.PrinciplePromptRemedy), len(remedied), mapIDs(remedied), adv.JA, adv.EN))
	}
	if len(notLowered) > 0 {
		reasons = append(reasons, tf("［%[1]s］侵害（%[2]s）は期限内に報告され是正されているが、故意によるもの又は小規模でないため、評価を軽くしない。",
			"[%[1]s] Infringements reported on time and remedied (%[2]s) are deliberate or not small, so they are not lowered.",
			principle(catalog.PrinciplePromptRemedy), list(notLowered, 5)))
	}

	// Breadth raises (the cumulative principle): serious findings across
	// many categories, from more than one act, are more than the sum of
	// their category scores.
	seriousCats := map[string]bool{}
	for _, f := range serious {
		seriousCats[itemCat[f.Item]] = true
	}
	seriousActs := acts(serious)
	if b := j.Breadth; b.GuidanceCategories > 0 && len(seriousCats) >= b.GuidanceCategories && seriousActs > 1 && l.rank(overall) < l.rank(guidance) {
		overall = guidance
		reasons = append(reasons, tf("［%[1]s］重大度%[2]s以上の該当所見が%[3]d分野（%[4]s）に及ぶため、少なくとも「%[5]s」とする。",
			"[%[1]s] Indicated findings of severity %[2]s or above span %[3]d categories (%[4]s), so the grade is at least %[6]s.",
			principle(catalog.PrincipleCumulative), b.MinSeverity, len(seriousCats), list(mapKeys(seriousCats), 8), gui.JA, gui.EN))
	}
	if b := j.Breadth; b.OrderRiskCategories > 0 && atGuidance >= b.OrderRiskCategories && nActs > 1 && overall != order {
		overall = order
		reasons = append(reasons, tf("［%[1]s］%[2]d分野が「%[3]s」以上であり、所見の広がりから「%[5]s」とする。",
			"[%[1]s] %[2]d categories are at %[4]s or above; the breadth of the findings makes the grade %[6]s.",
			principle(catalog.PrincipleCumulative), atGuidance, gui.JA, gui.EN, ord.JA, ord.EN))
	}
	if nActs == 1 && !concealment && l.rank(overall) > l.rank(guidance) {
		overall = guidance
		reasons = append(reasons, tf("［%[1]s］該当する行為は1件のみであり（所見%[2]d件）、単一の行為だけでは命令を意味しないため、「%[3]s」を上限とする。",
			"[%[1]s] The indicated findings (%[2]d) come from one act; a single act does not by itself mean an order, so the grade is capped at %[4]s.",
			principle(catalog.PrincipleSingleAct), len(ind), gui.JA, gui.EN))
	}
	if overall == order {
		switch {
		case atGuidance >= 2:
			reasons = append(reasons, tf("［%[1]s］%[2]d分野が「%[3]s」以上であり、所見が累積している。",
				"[%[1]s] %[2]d categories are at %[4]s or above: the findings are cumulative.", principle(catalog.PrincipleCumulative), atGuidance, gui.JA, gui.EN))
		case concealment && concealOther:
			reasons = append(reasons, tf("［%[1]s］隠蔽に加え、他の分野も「%[2]s」以上である。",
				"[%[1]s] Concealment together with another category at %[3]s or above.", principle(catalog.PrincipleCumulative), gui.JA, gui.EN))
		case len(e.recur) > 0:
			reasons = append(reasons, tf("［%[1]s］再発防止策の実施後に同じ原因で事故が再発しており、是正が機能していない。",
				"[%[1]s] An incident recurred from the same cause after its measure was done: the correction did not work.", principle(catalog.PrincipleCumulative)))
		default:
			overall = guidance
			reasons = append(reasons, tf("［%[1]s］「%[2]s」は、複数分野の累積、隠蔽と他分野の問題、又は是正されない再発がある場合に限るため、「%[4]s」にとどめる。",
				"[%[1]s] %[3]s needs two or more categories at %[5]s, concealment with another category at %[5]s, or an uncorrected recurrence; none applies, so the grade is capped at %[5]s.",
				principle(catalog.PrincipleCumulative), ord.JA, ord.EN, gui.JA, gui.EN))
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

func mapIDs(m map[string]bool) string { return list(mapKeys(m), 5) }

func mapKeys(m map[string]bool) []string {
	ids := make([]string, 0, len(m))
	for k := range m {
		ids = append(ids, k)
	}
	slices.Sort(ids)
	return ids
}
