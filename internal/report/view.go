package report

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/catalog"
	"github.com/himitsu-oss/himitsu/internal/safetext"
)

// maxEvidence is how many evidence references a human-readable report
// shows per finding before "… and N more".
const maxEvidence = 5

// view is an assessment made ready for a reader in one language: every
// label resolved, every list in its final order. The text, Markdown and
// HTML renderers all draw from it, so they cannot disagree.
type view struct {
	Lang           string
	Title          string
	CarrierName    string
	CarrierID      string
	Registration   string
	Bureau         string
	AsOf           string
	CatalogVersion string
	CatalogTitle   string

	Examined, Indicated, AtRisk, Attest, Total int

	Overall        gradeView
	Reasons        []string
	Categories     []categoryRow
	Sections       []sectionView
	Questions      []questionView
	Top            []findingView
	Subject        subjectView
	Services       []serviceView
	Incidents      []incidentView
	Counts         []countRow
	ComplaintStats []countRow // the desk's figures (5(4)); empty without complaints or desk
	Parameters     []paramRow
	Principles     []string
	Thresholds     []thresholdRow
	Grades         []gradeView // every grade of the ladder, lowest first, with its meaning
	SeverityPoints []countRow
	AtRiskFactor   string
	Source         string
	Chart          chart
}

type gradeView struct {
	ID, Label, Meaning string
	Rank               int // 0 = lowest; -1 unknown
}

type categoryRow struct {
	ID, Section, Title string
	Grade              gradeView
	Score              float64
	ScoreText          string
	Findings           int
}

type sectionView struct {
	ID, Section, Title string
	Findings           []findingView
}

type findingView struct {
	Item, Code, Rule, Title   string
	Status, StatusLabel, Mark string
	Severity, SeverityLabel   string
	Summary, Remediation      string
	Question                  string
	Evidence                  []evidenceView
	More                      int    // evidence not shown
	MoreText                  string // "… and N more", or ""
	Serious                   bool   // indicated or at-risk
	Category                  string
}

type evidenceView struct {
	Register, RegisterLabel, ID, Values string
}

type questionView struct {
	Item, Code, Title, Question string
}

type subjectView struct {
	Label, Reason string
	Subject       bool
}

type serviceView struct {
	Service, Flags, Reason string
}

type incidentView struct {
	Incident  string
	Classes   string
	Reasons   []string
	Deadlines []deadlineView
}

type deadlineView struct {
	Law, Stage, Due, Filed, State, StateLabel, Late, Note, Convention string
}

type countRow struct {
	Key, Label, Value string
}

type paramRow struct {
	Name, Value, Origin string
}

type thresholdRow struct {
	Grade    gradeView
	MinScore string
}

// statusMark is the fixed-width mark of a status in the text report;
// ASCII so that no terminal disagrees about its width.
func statusMark(s himitsu.Status) string {
	switch s {
	case himitsu.StatusIndicated:
		return "[X]"
	case himitsu.StatusAtRisk:
		return "[!]"
	case himitsu.StatusNotIndicated:
		return "[+]"
	case himitsu.StatusNeedsAttestation:
		return "[?]"
	case himitsu.StatusNotApplicable:
		return "[-]"
	}
	return "[ ]"
}

// severityRank orders severities, most serious first when sorted descending.
func severityRank(s himitsu.Severity) int {
	switch s {
	case himitsu.SeverityHigh:
		return 3
	case himitsu.SeverityMedium:
		return 2
	case himitsu.SeverityLow:
		return 1
	}
	return 0
}

func statusRank(s himitsu.Status) int {
	switch s {
	case himitsu.StatusIndicated:
		return 2
	case himitsu.StatusAtRisk:
		return 1
	}
	return 0
}

func isSerious(s himitsu.Status) bool {
	return s == himitsu.StatusIndicated || s == himitsu.StatusAtRisk
}

// formatScore prints a score without trailing zeros ("4", "4.5").
func formatScore(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func gradeOf(cat *catalog.Catalog, id, lang string) gradeView {
	g := gradeView{ID: id, Label: lbl(groupGrade, id, lang), Rank: cat.Judgement.GradeRank(id)}
	if cg, ok := cat.Grade(id); ok {
		g.Label = cg.Label.In(lang)
		g.Meaning = cg.Meaning.In(lang)
	}
	return g
}

// itemOrder gives each catalog item its position, and each category its
// position, so that findings sort in guideline order.
type itemOrder struct {
	item     map[string]int
	category map[string]int
}

func newItemOrder(cat *catalog.Catalog) itemOrder {
	o := itemOrder{item: make(map[string]int, len(cat.Items)), category: make(map[string]int, len(cat.Categories))}
	for i, it := range cat.Items {
		o.item[it.ID] = i
	}
	for i, c := range cat.Categories {
		o.category[c.ID] = i
	}
	return o
}

// rank returns a finding's place: catalog position of its item, then the
// position of its rule within the item's rules. Unknown items go last.
func (o itemOrder) rank(f *himitsu.Finding, cat *catalog.Catalog) (int, int) {
	i, ok := o.item[f.Item]
	if !ok {
		return len(o.item), 0
	}
	it := cat.Items[i]
	r := slices.Index(it.Rules, f.Rule)
	if r < 0 {
		r = len(it.Rules)
	}
	return i, r
}

// sortedFindings returns the findings in catalog order, ties broken by
// code, rule and status so that input order never shows.
func sortedFindings(a *himitsu.Assessment, cat *catalog.Catalog) []*himitsu.Finding {
	o := newItemOrder(cat)
	fs := make([]*himitsu.Finding, len(a.Findings))
	for i := range a.Findings {
		fs[i] = &a.Findings[i]
	}
	slices.SortStableFunc(fs, func(x, y *himitsu.Finding) int {
		xi, xr := o.rank(x, cat)
		yi, yr := o.rank(y, cat)
		return cmp.Or(cmp.Compare(xi, yi), cmp.Compare(x.Item, y.Item), cmp.Compare(xr, yr),
			cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Code, y.Code),
			-cmp.Compare(statusRank(x.Status), statusRank(y.Status)))
	})
	return fs
}

// collapseClean keeps one line per item for the rules that found nothing:
// an item with a problem shows only its problem findings, and an item whose
// rules all came out clean shows one finding naming every rule checked.
// fs is sorted by item.
func collapseClean(fs []*himitsu.Finding) []*himitsu.Finding {
	clean := func(f *himitsu.Finding) bool {
		return f.Status == himitsu.StatusNotIndicated || f.Status == himitsu.StatusNotApplicable
	}
	out := make([]*himitsu.Finding, 0, len(fs))
	for start := 0; start < len(fs); {
		end := start + 1
		for end < len(fs) && fs[end].Item == fs[start].Item {
			end++
		}
		group := fs[start:end]
		start = end
		if !slices.ContainsFunc(group, func(f *himitsu.Finding) bool { return !clean(f) }) {
			merged := *group[0]
			rules := make([]string, len(group))
			for i, f := range group {
				rules[i] = f.Rule
				if f.Status == himitsu.StatusNotIndicated {
					merged.Status = himitsu.StatusNotIndicated
				}
			}
			merged.Rule = strings.Join(rules, ", ")
			out = append(out, &merged)
			continue
		}
		for _, f := range group {
			if !clean(f) {
				out = append(out, f)
			}
		}
	}
	return out
}

func evidenceOf(e himitsu.Evidence, lang string) evidenceView {
	keys := slices.Sorted(maps.Keys(e.Values))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + e.Values[k]
	}
	return evidenceView{Register: e.Register, RegisterLabel: lbl(groupRegister, e.Register, lang), ID: e.ID, Values: strings.Join(parts, ", ")}
}

func findingOf(f *himitsu.Finding, cat *catalog.Catalog, lang string) findingView {
	v := findingView{
		Item: f.Item, Code: f.Code, Rule: f.Rule,
		Status: string(f.Status), StatusLabel: lbl(groupStatus, string(f.Status), lang), Mark: statusMark(f.Status),
		Severity: string(f.Severity), SeverityLabel: lbl(groupSeverity, string(f.Severity), lang),
		Summary:  f.Summary.In(lang),
		Question: f.Question.In(lang),
		Serious:  isSerious(f.Status),
	}
	if it, ok := cat.Item(f.Item); ok {
		v.Title = it.Title.In(lang)
		v.Category = it.Category
		v.Remediation = it.Remediation.In(lang)
		if v.Code == "" {
			v.Code = it.Code
		}
	}
	if r := f.Remediation.In(lang); r != "" {
		v.Remediation = r
	}
	n := min(len(f.Evidence), maxEvidence)
	for _, e := range f.Evidence[:n] {
		v.Evidence = append(v.Evidence, evidenceOf(e, lang))
	}
	v.More = max(f.EvidenceTotal, len(f.Evidence)) - n
	if v.More > 0 {
		v.MoreText = "… " + strings.Replace(ui("more", lang), "%d", groupDigits(v.More), 1)
	}
	return v
}

// newView resolves a into the reader's language.
func newView(a *himitsu.Assessment, cat *catalog.Catalog, o Options) *view {
	lang := o.Lang
	v := &view{
		Lang:           lang,
		Title:          ui("title", lang),
		CarrierName:    a.Carrier.Name,
		CarrierID:      a.Carrier.ID,
		Registration:   lbl(groupRegistration, string(a.Carrier.Registration), lang),
		Bureau:         lbl(groupBureau, string(a.Carrier.HeadOfficeBureau), lang),
		AsOf:           formatDate(a.AsOf, o),
		CatalogVersion: a.CatalogVersion,
		CatalogTitle:   cat.Title.In(lang),
		Overall:        gradeOf(cat, a.Judgement.Overall, lang),
		Source:         cat.Source.In(lang),
		AtRiskFactor:   formatScore(cat.Judgement.AtRiskFactor),
	}
	if lang != "ja" && a.Carrier.NameEN != "" {
		v.CarrierName = a.Carrier.NameEN
	}
	if a.Carrier.RegistrationNumber != "" {
		v.Registration += " " + a.Carrier.RegistrationNumber
	}
	if v.CatalogVersion == "" {
		v.CatalogVersion = cat.Version
	}
	for _, r := range a.Judgement.Reasons {
		v.Reasons = append(v.Reasons, r.In(lang))
	}

	v.Categories = categoryRows(a, cat, lang)
	order := newItemOrder(cat)

	// Findings, grouped by category in catalog order.
	// The header counts assumed cases (catalog items), not findings: an
	// item with several rules, or a rule with a finding and a question,
	// is one case, counted once by its gravest status.
	examined := map[string]bool{}
	caseStatus := map[string]int{} // item → 3 indicated, 2 at risk, 1 needs attestation
	bySection := map[string]*sectionView{}
	var sectionOrder []string
	for _, f := range collapseClean(sortedFindings(a, cat)) {
		fv := findingOf(f, cat, lang)
		examined[f.Item] = true
		v.Total++
		switch f.Status {
		case himitsu.StatusIndicated:
			caseStatus[f.Item] = max(caseStatus[f.Item], 3)
		case himitsu.StatusAtRisk:
			caseStatus[f.Item] = max(caseStatus[f.Item], 2)
		case himitsu.StatusNeedsAttestation:
			caseStatus[f.Item] = max(caseStatus[f.Item], 1)
			v.Questions = append(v.Questions, questionView{Item: f.Item, Code: fv.Code, Title: fv.Title, Question: fv.Question})
		}
		key := fv.Category
		s, ok := bySection[key]
		if !ok {
			s = &sectionView{ID: key, Title: ui("other-items", lang)}
			if cc, ok := cat.Category(key); ok {
				s.Section, s.Title = cc.Section, cc.Title.In(lang)
			}
			bySection[key] = s
			sectionOrder = append(sectionOrder, key)
		}
		s.Findings = append(s.Findings, fv)
		if fv.Serious {
			v.Top = append(v.Top, fv)
		}
	}
	v.Examined = len(examined)
	for _, st := range caseStatus {
		switch st {
		case 3:
			v.Indicated++
		case 2:
			v.AtRisk++
		case 1:
			v.Attest++
		}
	}
	// Sections follow the category table, so that a category with a grade
	// but no findings still gets its heading.
	for _, c := range v.Categories {
		if _, ok := bySection[c.ID]; !ok {
			bySection[c.ID] = &sectionView{ID: c.ID, Section: c.Section, Title: c.Title}
			sectionOrder = append(sectionOrder, c.ID)
		}
	}
	slices.SortStableFunc(sectionOrder, func(x, y string) int {
		xi, xok := order.category[x]
		yi, yok := order.category[y]
		if !xok {
			xi = len(order.category)
		}
		if !yok {
			yi = len(order.category)
		}
		return cmp.Or(cmp.Compare(xi, yi), cmp.Compare(x, y))
	})
	for _, k := range sectionOrder {
		v.Sections = append(v.Sections, *bySection[k])
	}

	// The most serious findings: severity, then indicated before at risk,
	// then the most evidence, then catalog order (already the input order).
	slices.SortStableFunc(v.Top, func(x, y findingView) int {
		return cmp.Or(
			-cmp.Compare(severityRank(himitsu.Severity(x.Severity)), severityRank(himitsu.Severity(y.Severity))),
			-cmp.Compare(statusRank(himitsu.Status(x.Status)), statusRank(himitsu.Status(y.Status))),
			-cmp.Compare(len(x.Evidence)+x.More, len(y.Evidence)+y.More))
	})
	v.Top = v.Top[:min(3, len(v.Top))]

	v.determinations(a, o)
	v.counts(a)
	for _, r := range a.ComplaintStats.Table(v.Lang) {
		v.ComplaintStats = append(v.ComplaintStats, countRow{Label: r.Label.In(v.Lang), Value: r.Value})
	}
	for _, p := range a.Parameters {
		origin := ui("origin-set", lang)
		if p.Default {
			origin = ui("origin-default", lang)
		}
		v.Parameters = append(v.Parameters, paramRow{Name: p.Name, Value: p.Value, Origin: origin})
	}
	v.judgementScheme(cat)
	v.Chart = newChart(v.Categories, cat, lang)
	// Names and summaries come from the carrier's files: a right-to-left
	// override in one must show as a mark, not reorder the report.
	safetext.Strings(v)
	return v
}

func (v *view) determinations(a *himitsu.Assessment, o Options) {
	lang := v.Lang
	d := a.Determinations
	v.Subject = subjectView{Subject: d.Subject.SubjectToOrder, Reason: d.Subject.Reason.In(lang)}
	if d.Subject.SubjectToOrder {
		v.Subject.Label = lbl(groupDetermination, "subject-to-order", lang)
	} else {
		v.Subject.Label = lbl(groupDetermination, "not-subject-to-order", lang)
	}
	svcs := slices.Clone(d.Services)
	slices.SortStableFunc(svcs, func(x, y himitsu.ServiceDetermination) int { return cmp.Compare(x.Service, y.Service) })
	sep := ", "
	if lang == "ja" {
		sep = "、"
	}
	for _, s := range svcs {
		var flags []string
		if s.MeansOfOperations {
			flags = append(flags, lbl(groupDetermination, "means-of-operations", lang))
		} else {
			flags = append(flags, lbl(groupDetermination, "not-means", lang))
		}
		if s.HoldsSecrecy {
			flags = append(flags, lbl(groupDetermination, "holds-secrecy", lang))
		}
		if s.Exempt {
			flags = append(flags, lbl(groupDetermination, "exempt", lang))
		}
		if s.IndirectHindrance {
			flags = append(flags, lbl(groupDetermination, "indirect-hindrance", lang))
		}
		v.Services = append(v.Services, serviceView{Service: s.Service, Flags: strings.Join(flags, sep), Reason: s.Reason.In(lang)})
	}
	incs := slices.Clone(d.Incidents)
	slices.SortStableFunc(incs, func(x, y himitsu.IncidentDetermination) int { return cmp.Compare(x.Incident, y.Incident) })
	for _, in := range incs {
		iv := incidentView{Incident: in.Incident}
		var classes []string
		for _, c := range in.Classes {
			classes = append(classes, lbl(groupIncidentClass, c, lang))
		}
		iv.Classes = strings.Join(classes, sep)
		for _, r := range in.Reasons {
			iv.Reasons = append(iv.Reasons, r.In(lang))
		}
		for _, dl := range in.Deadlines {
			dv := deadlineView{
				Law: lbl(groupLaw, string(dl.Law), lang), Stage: lbl(groupStage, string(dl.Stage), lang),
				Due: formatDate(dl.Due, o), Filed: formatTime(dl.FiledAt, o),
				State: dl.State, StateLabel: lbl(groupDeadlineState, dl.State, lang),
				Note: dl.Note.In(lang), Convention: dl.Convention,
			}
			if dv.Due == "" {
				dv.Due = dl.DueText.In(lang)
			} else if t := dl.DueText.In(lang); t != "" {
				dv.Due += paren(t, lang)
			}
			// The day the period runs from and the record that set it
			// (known_at, a knowledge event, occurred_at): a reader checks
			// the deadline from here.
			if !dl.From.IsZero() {
				dv.Due = strings.TrimRight(dv.Due, "。.") + fmt.Sprintf(ui("counted-from", lang), formatDate(dl.From, o), dl.Basis)
			}
			if dv.Filed == "" {
				dv.Filed = ui("not-filed", lang)
			}
			if dl.DaysLate > 0 {
				dv.Late = fmt.Sprintf(ui("days-late", lang), dl.DaysLate)
			}
			iv.Deadlines = append(iv.Deadlines, dv)
		}
		v.Incidents = append(v.Incidents, iv)
	}
}

// counts lists the registers judged in register order, unknown names after.
func (v *view) counts(a *himitsu.Assessment) {
	seen := map[string]bool{}
	for _, r := range himitsu.RegisterList {
		if n, ok := a.Counts[r.Name]; ok {
			v.Counts = append(v.Counts, countRow{Key: r.Name, Label: lbl(groupRegister, r.Name, v.Lang), Value: groupDigits(n)})
			seen[r.Name] = true
		}
	}
	for _, k := range slices.Sorted(maps.Keys(a.Counts)) {
		if !seen[k] {
			v.Counts = append(v.Counts, countRow{Key: k, Label: lbl(groupRegister, k, v.Lang), Value: groupDigits(a.Counts[k])})
		}
	}
}

func (v *view) judgementScheme(cat *catalog.Catalog) {
	for _, g := range cat.Judgement.Grades {
		v.Grades = append(v.Grades, gradeOf(cat, g.ID, v.Lang))
	}
	for _, p := range cat.Judgement.Principles {
		v.Principles = append(v.Principles, p.Text.In(v.Lang))
	}
	for _, t := range cat.Judgement.CategoryThresholds {
		v.Thresholds = append(v.Thresholds, thresholdRow{Grade: gradeOf(cat, t.Grade, v.Lang), MinScore: formatScore(t.MinScore)})
	}
	for _, k := range himitsu.Severity("").Values() {
		if p, ok := cat.Judgement.SeverityPoints[k]; ok {
			v.SeverityPoints = append(v.SeverityPoints, countRow{Key: k, Label: lbl(groupSeverity, k, v.Lang), Value: strconv.Itoa(p)})
		}
	}
}

func statusOf(s string) himitsu.Status { return himitsu.Status(s) }

// groupDigits writes n with thousands separators ("2,450,381"), as both
// Japanese and English business documents do.
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// paren puts s in parentheses after a text: full-width and unspaced in
// Japanese, spaced in English.
func paren(s, lang string) string {
	if lang == "ja" {
		return "（" + s + "）"
	}
	return " (" + s + ")"
}

// kv joins a label and a value as "label: value" in English and
// "label：value" in Japanese, never broken between the two.
func kv(k, v, lang string) string {
	if lang == "ja" {
		return k + "：" + string(wordJoiner) + v
	}
	return k + ":" + string(nbsp) + v
}

// categoryRows lists the category grades in catalog order, unknown
// categories after, by ID.
func categoryRows(a *himitsu.Assessment, cat *catalog.Catalog, lang string) []categoryRow {
	order := newItemOrder(cat)
	cats := slices.Clone(a.Judgement.Categories)
	slices.SortStableFunc(cats, func(x, y himitsu.CategoryJudgement) int {
		xi, xok := order.category[x.Category]
		yi, yok := order.category[y.Category]
		if !xok {
			xi = len(order.category)
		}
		if !yok {
			yi = len(order.category)
		}
		return cmp.Or(cmp.Compare(xi, yi), cmp.Compare(x.Category, y.Category))
	})
	rows := make([]categoryRow, 0, len(cats))
	for _, c := range cats {
		row := categoryRow{ID: c.Category, Title: c.Category, Grade: gradeOf(cat, c.Grade, lang), Score: c.Score, ScoreText: formatScore(c.Score), Findings: c.Findings}
		if cc, ok := cat.Category(c.Category); ok {
			row.Section, row.Title = cc.Section, cc.Title.In(lang)
		}
		rows = append(rows, row)
	}
	return rows
}
