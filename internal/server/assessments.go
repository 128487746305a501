package server

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/assess"
	"github.com/himitsu-oss/himitsu/internal/report"
)

// runAssess judges the records the store holds now as of asOf and keeps
// the result.
func (s *Server) runAssess(c *call, asOf himitsu.Date) (himitsu.AssessmentRun, error) {
	rec, err := s.store.Records(c.ctx, c.carrier)
	if err != nil {
		return himitsu.AssessmentRun{}, err
	}
	a, err := assess.Run(c.ctx, s.cat, rec, s.store.Events(c.carrier), assess.Options{AsOf: asOf})
	if err != nil {
		return himitsu.AssessmentRun{}, err
	}
	return s.store.SaveRun(c.ctx, himitsu.AssessmentRun{CarrierID: c.carrier, Actor: c.user.Name, At: s.cfg.Now().UTC(), Assessment: a})
}

func (s *Server) asOf(v string) (himitsu.Date, error) {
	if v == "" {
		return himitsu.DateOf(s.cfg.Now()), nil
	}
	d, err := himitsu.ParseDate(v)
	if err != nil {
		return d, himitsu.FieldErrorJA("as_of", "is a date YYYY-MM-DD", "YYYY-MM-DD 形式の日付である")
	}
	return d, nil
}

func (s *Server) runAssessment(w http.ResponseWriter, r *http.Request, c *call) error {
	d, err := s.asOf(r.PostFormValue("as_of"))
	if err != nil {
		return err
	}
	run, err := s.runAssess(c, d)
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/c/%s/assessments/%d", c.carrier, run.ID))
}

func (s *Server) assessments(w http.ResponseWriter, r *http.Request, c *call) error {
	runs, err := s.store.Runs(r.Context(), c.carrier, 100)
	if err != nil {
		return err
	}
	v := s.newView(r, c, s.t("assessments", c.lang), "assessments")
	return s.page(w, http.StatusOK, v, "assessments", map[string]any{
		"Runs": runs, "CanRun": slices.Contains(officers, c.user.Role), "Today": himitsu.DateOf(s.cfg.Now()).String(),
		"Trend": trendSVG(runs, c.lang),
	})
}

func (s *Server) loadRun(r *http.Request, c *call, idText string) (himitsu.AssessmentRun, error) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return himitsu.AssessmentRun{}, &himitsu.Error{Kind: himitsu.KindNotFound, Field: "id", Msg: "no such assessment run", MsgJA: "その評価結果は存在しない"}
	}
	return s.store.Run(c.ctx, c.carrier, id)
}

// findingRow is a finding with the catalog's title of its item.
type findingRow struct {
	himitsu.Finding
	Title string
}

func (s *Server) findingRows(a *himitsu.Assessment, lang string, open bool) []findingRow {
	var out []findingRow
	for _, f := range a.Findings {
		if open && f.Status != himitsu.StatusIndicated && f.Status != himitsu.StatusAtRisk {
			continue
		}
		title := f.Item
		if it, ok := s.cat.Item(f.Item); ok {
			title = it.Title.In(lang)
		}
		out = append(out, findingRow{f, title})
	}
	sevRank := map[himitsu.Severity]int{himitsu.SeverityHigh: 0, himitsu.SeverityMedium: 1, himitsu.SeverityLow: 2, himitsu.SeverityNone: 3}
	statRank := map[himitsu.Status]int{himitsu.StatusIndicated: 0, himitsu.StatusAtRisk: 1, himitsu.StatusNeedsAttestation: 2, himitsu.StatusNotIndicated: 3, himitsu.StatusNotApplicable: 4}
	slices.SortStableFunc(out, func(a, b findingRow) int {
		if d := statRank[a.Status] - statRank[b.Status]; d != 0 {
			return d
		}
		return sevRank[a.Severity] - sevRank[b.Severity]
	})
	return out
}

type categoryRow struct {
	ID, Title, Grade, GradeLabel string
	Score                        float64
	Findings                     int
	Bar                          template.HTML
}

func (s *Server) categoryRows(a *himitsu.Assessment, lang string) []categoryRow {
	var out []categoryRow
	max := 1.0
	for _, cj := range a.Judgement.Categories {
		if cj.Score > max {
			max = cj.Score
		}
	}
	for _, cj := range a.Judgement.Categories {
		row := categoryRow{ID: cj.Category, Title: cj.Category, Grade: cj.Grade, Score: cj.Score, Findings: cj.Findings, GradeLabel: s.gradeLabel(cj.Grade, lang)}
		if cat, ok := s.cat.Category(cj.Category); ok {
			row.Title = cat.Section + " " + cat.Title.In(lang)
		}
		row.Bar = barSVG(cj.Score/max, cj.Grade)
		out = append(out, row)
	}
	return out
}

func (s *Server) gradeLabel(g, lang string) string {
	if gr, ok := s.cat.Grade(g); ok {
		return gr.Label.In(lang)
	}
	return report.Label("grade", g, lang)
}

type deadlineRow struct {
	Incident string
	himitsu.Deadline
}

func deadlines(a *himitsu.Assessment) (all, late []deadlineRow) {
	for _, inc := range a.Determinations.Incidents {
		for _, d := range inc.Deadlines {
			row := deadlineRow{inc.Incident, d}
			all = append(all, row)
			if d.State == "late" || d.State == "overdue" {
				late = append(late, row)
			}
		}
	}
	return all, late
}

func (s *Server) assessment(w http.ResponseWriter, r *http.Request, c *call) error {
	run, err := s.loadRun(r, c, r.PathValue("id"))
	if err != nil {
		return err
	}
	runs, err := s.store.Runs(r.Context(), c.carrier, 100)
	if err != nil {
		return err
	}
	var prev int64
	for i, x := range runs {
		if x.ID == run.ID && i+1 < len(runs) {
			prev = runs[i+1].ID
		}
	}
	all, _ := deadlines(run.Assessment)
	v := s.newView(r, c, s.t("assessments", c.lang)+" #"+strconv.FormatInt(run.ID, 10), "assessments")
	return s.page(w, http.StatusOK, v, "assessment", map[string]any{
		"Run": run, "Grade": s.gradeLabel(run.Overall, c.lang), "Categories": s.categoryRows(run.Assessment, c.lang),
		"Findings": s.findingRows(run.Assessment, c.lang, false), "Deadlines": all, "Prev": prev,
		"Reasons": run.Assessment.Judgement.Reasons,
	})
}

func (s *Server) download(w http.ResponseWriter, r *http.Request, c *call) error {
	run, err := s.loadRun(r, c, r.PathValue("id"))
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "html"
	}
	if !slices.Contains(report.Formats(), format) {
		return himitsu.FieldErrorJA("format", "is one of %s", "%s のいずれかである", strings.Join(report.Formats(), ", "))
	}
	lang := r.URL.Query().Get("lang")
	if lang != "en" && lang != "ja" {
		lang = c.lang
	}
	ext := map[string]string{"text": "txt", "json": "json", "markdown": "md", "html": "html", "oscal": "oscal.json"}[format]
	ctype := map[string]string{"text": "text/plain", "json": "application/json", "markdown": "text/markdown", "html": "text/html", "oscal": "application/json"}[format]
	w.Header().Set("Content-Type", ctype+"; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="himitsu-%s-%s-%d.%s"`, c.carrier, run.AsOf, run.ID, ext))
	// The downloaded HTML report carries its own inline styles; it is
	// opened as a file, not under this site's CSP.
	return report.Render(w, run.Assessment, s.cat, report.Options{Format: format, Lang: lang})
}

// change is one finding that differs between two runs.
type change struct {
	Key, Item, Title string
	Old, New         *himitsu.Finding
}

func findingKey(f himitsu.Finding) string { return f.Rule + " " + f.Item }

func (s *Server) compare(w http.ResponseWriter, r *http.Request, c *call) error {
	q := r.URL.Query()
	a, err := s.loadRun(r, c, q.Get("a"))
	if err != nil {
		return err
	}
	b, err := s.loadRun(r, c, q.Get("b"))
	if err != nil {
		return err
	}
	if a.ID > b.ID {
		a, b = b, a
	}
	olds := map[string]himitsu.Finding{}
	for _, f := range a.Assessment.Findings {
		olds[findingKey(f)] = f
	}
	var added, resolved, changed []change
	seen := map[string]bool{}
	open := func(f himitsu.Finding) bool {
		return f.Status == himitsu.StatusIndicated || f.Status == himitsu.StatusAtRisk
	}
	title := func(item string) string {
		if it, ok := s.cat.Item(item); ok {
			return it.Title.In(c.lang)
		}
		return item
	}
	for _, f := range b.Assessment.Findings {
		k := findingKey(f)
		seen[k] = true
		nf := f
		o, ok := olds[k]
		switch {
		case open(f) && (!ok || !open(o)):
			added = append(added, change{Key: k, Item: f.Item, Title: title(f.Item), New: &nf})
		case ok && open(o) && !open(f):
			of := o
			resolved = append(resolved, change{Key: k, Item: f.Item, Title: title(f.Item), Old: &of, New: &nf})
		case ok && (o.Status != f.Status || o.Severity != f.Severity || o.EvidenceTotal != f.EvidenceTotal):
			of := o
			changed = append(changed, change{Key: k, Item: f.Item, Title: title(f.Item), Old: &of, New: &nf})
		}
	}
	for k, o := range olds {
		if !seen[k] && open(o) {
			of := o
			resolved = append(resolved, change{Key: k, Item: o.Item, Title: title(o.Item), Old: &of})
		}
	}
	slices.SortFunc(resolved, func(x, y change) int { return strings.Compare(x.Key, y.Key) })
	v := s.newView(r, c, s.t("compare", c.lang), "assessments")
	return s.page(w, http.StatusOK, v, "compare", map[string]any{
		"A": a, "B": b, "GradeA": s.gradeLabel(a.Overall, c.lang), "GradeB": s.gradeLabel(b.Overall, c.lang),
		"Added": added, "Resolved": resolved, "Changed": changed,
	})
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, c *call) error {
	runs, err := s.store.Runs(r.Context(), c.carrier, 30)
	if err != nil {
		return err
	}
	data := map[string]any{"Runs": runs, "Trend": trendSVG(runs, c.lang), "CanRun": slices.Contains(officers, c.user.Role),
		"Today": himitsu.DateOf(s.cfg.Now()).String()}
	if len(runs) > 0 {
		run, err := s.store.Run(c.ctx, c.carrier, runs[0].ID)
		if err != nil {
			return err
		}
		a := run.Assessment
		data["Run"] = run
		data["Grade"] = s.gradeLabel(run.Overall, c.lang)
		data["Categories"] = s.categoryRows(a, c.lang)
		if len(runs) > 1 {
			data["PrevGrade"] = s.gradeLabel(runs[1].Overall, c.lang)
			data["PrevID"] = runs[1].ID
			data["Moved"] = gradeRank(run.Overall) - gradeRank(runs[1].Overall)
		}
		counts := map[himitsu.Severity]int{}
		for _, f := range a.Findings {
			if f.Status == himitsu.StatusIndicated || f.Status == himitsu.StatusAtRisk {
				counts[f.Severity]++
			}
		}
		data["High"], data["Medium"], data["Low"] = counts[himitsu.SeverityHigh], counts[himitsu.SeverityMedium], counts[himitsu.SeverityLow]+counts[himitsu.SeverityNone]
		open := s.findingRows(a, c.lang, true)
		if len(open) > 8 {
			open = open[:8]
		}
		data["Open"] = open
		all, late := deadlines(a)
		var pending []deadlineRow
		for _, d := range all {
			if d.State == "pending" || d.State == "unclear" {
				pending = append(pending, d)
			}
		}
		data["Late"], data["Pending"] = late, pending
	}
	// The recent escalations are read from the complaint register now,
	// not from the last run: the desk escalates between assessments.
	esc, err := s.store.Complaints().List(c.ctx, c.carrier, himitsu.ListOptions{Filter: map[string]string{"escalated_at": "any"}, Desc: true, Limit: 6})
	if err != nil {
		return err
	}
	data["Escalations"] = esc.Items
	openC, err := s.store.Complaints().List(c.ctx, c.carrier, himitsu.ListOptions{Filter: map[string]string{"closed_at": "none"}, Limit: himitsu.MaxPage})
	if err != nil {
		return err
	}
	data["OpenComplaints"] = len(openC.Items)
	data["Due"] = s.dueCounts(c)
	v := s.newView(r, c, s.t("dashboard", c.lang), "dashboard")
	return s.page(w, http.StatusOK, v, "dashboard", data)
}

func gradeRank(g string) int {
	switch g {
	case "no-concern":
		return 0
	case "advice":
		return 1
	case "guidance":
		return 2
	case "order-risk":
		return 3
	}
	return 0
}

var gradeColor = map[string]string{"no-concern": "#2e6b3f", "advice": "#1f4e8c", "guidance": "#b26a00", "order-risk": "#b3261e"}

// barSVG is a horizontal bar of fraction f (0..1) in the grade's colour.
func barSVG(f float64, grade string) template.HTML {
	if f < 0 {
		f = 0
	}
	w := 4 + f*196
	col := gradeColor[grade]
	if col == "" {
		col = "#5b6777"
	}
	return template.HTML(fmt.Sprintf(`<svg class="chart" width="100%%" height="14" viewBox="0 0 200 14" preserveAspectRatio="none" role="img"><rect x="0" y="2" width="200" height="10" rx="3" fill="#eef0f3"/><rect x="0" y="2" width="%.1f" height="10" rx="3" fill="%s"/></svg>`, w, col))
}

// trendSVG draws the overall grade of the runs (oldest left) as a step
// line over the four grades.
func trendSVG(runs []himitsu.AssessmentRun, lang string) template.HTML {
	if len(runs) == 0 {
		return ""
	}
	const W, H, left, top, bottom = 520.0, 150.0, 118.0, 12.0, 24.0
	grades := []string{"no-concern", "advice", "guidance", "order-risk"}
	y := func(g int) float64 { return top + (H-top-bottom)*(1-float64(g)/3) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %g %g" width="100%%" role="img" aria-label="trend">`, W, H)
	for i, g := range grades {
		fmt.Fprintf(&b, `<line x1="%g" x2="%g" y1="%.1f" y2="%.1f" stroke="#e3e7ec"/>`, left, W-8, y(i), y(i))
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" text-anchor="end">%s</text>`, left-6, y(i)+4, template.HTMLEscapeString(report.Label("grade", g, lang)))
	}
	n := len(runs)
	x := func(i int) float64 {
		if n == 1 {
			return (left + W - 8) / 2
		}
		return left + 10 + float64(i)*(W-8-left-20)/float64(n-1)
	}
	var pts []string
	for i := range n {
		r := runs[n-1-i]
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(gradeRank(r.Overall))))
	}
	fmt.Fprintf(&b, `<polyline fill="none" stroke="#1f4e8c" stroke-width="2" points="%s"/>`, strings.Join(pts, " "))
	for i := range n {
		r := runs[n-1-i]
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"><title>#%d %s</title></circle>`, x(i), y(gradeRank(r.Overall)), gradeColor[r.Overall], r.ID, r.AsOf)
		if i == 0 || i == n-1 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%g" text-anchor="middle">%s</text>`, x(i), H-6, r.AsOf)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// catalogPage lists every assumed case with this carrier's status from the
// latest run.
func (s *Server) catalogPage(w http.ResponseWriter, r *http.Request, c *call) error {
	status := map[string]himitsu.Finding{}
	runs, err := s.store.Runs(r.Context(), c.carrier, 1)
	if err != nil {
		return err
	}
	if len(runs) > 0 {
		run, err := s.store.Run(c.ctx, c.carrier, runs[0].ID)
		if err != nil {
			return err
		}
		rank := map[himitsu.Status]int{himitsu.StatusIndicated: 4, himitsu.StatusAtRisk: 3, himitsu.StatusNeedsAttestation: 2, himitsu.StatusNotIndicated: 1}
		for _, f := range run.Assessment.Findings {
			if cur, ok := status[f.Item]; !ok || rank[f.Status] > rank[cur.Status] {
				status[f.Item] = f
			}
		}
	}
	type itemRow struct {
		ID, Code, Title, Section string
		Status                   himitsu.Status
		Severity                 himitsu.Severity
		Has                      bool
	}
	type catRow struct {
		Title string
		Items []itemRow
	}
	var cats []catRow
	for _, cat := range s.cat.Categories {
		row := catRow{Title: cat.Section + " " + cat.Title.In(c.lang)}
		for _, it := range s.cat.AssumedCases() {
			if it.Category != cat.ID {
				continue
			}
			f, has := status[it.ID]
			row.Items = append(row.Items, itemRow{it.ID, it.Code, it.Title.In(c.lang), it.Section, f.Status, f.Severity, has})
		}
		if len(row.Items) > 0 {
			cats = append(cats, row)
		}
	}
	v := s.newView(r, c, s.t("catalog", c.lang), "catalog")
	return s.page(w, http.StatusOK, v, "catalog", map[string]any{"Categories": cats, "Version": s.cat.Version, "HasRun": len(runs) > 0})
}

func (s *Server) catalogItem(w http.ResponseWriter, r *http.Request, c *call) error {
	it, ok := s.cat.Item(r.PathValue("item"))
	if !ok {
		return &himitsu.Error{Kind: himitsu.KindNotFound, Field: "item", Msg: "no such catalog item", MsgJA: "そのカタログ項目はない"}
	}
	var findings []himitsu.Finding
	runs, err := s.store.Runs(r.Context(), c.carrier, 1)
	if err != nil {
		return err
	}
	if len(runs) > 0 {
		run, err := s.store.Run(c.ctx, c.carrier, runs[0].ID)
		if err != nil {
			return err
		}
		for _, f := range run.Assessment.Findings {
			if f.Item == it.ID {
				findings = append(findings, f)
			}
		}
	}
	var signals []string
	for _, sg := range it.Signals {
		signals = append(signals, sg.In(c.lang))
	}
	linkable := map[string]bool{}
	for _, rc := range registers() {
		if len(rc.write) > 0 {
			linkable[rc.name] = true
		}
	}
	v := s.newView(r, c, it.ID+" "+it.Title.In(c.lang), "catalog")
	return s.page(w, http.StatusOK, v, "item", map[string]any{
		"Item": it, "Title": it.Title.In(c.lang), "Statement": it.Statement.In(c.lang), "Citation": it.Citation.In(c.lang),
		"Remediation": it.Remediation.In(c.lang), "Signals": signals, "Findings": findings, "Linkable": linkable, "HasRun": len(runs) > 0,
	})
}
