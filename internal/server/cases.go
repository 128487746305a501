package server

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/procedure"
)

// The regulator's case files (issue 9): the carrier's own view of its
// cases (/c/{carrier}/cases: what was asked, what was answered, what is
// due; its officers record answers, plans and progress reports), the
// regulator's view across the carriers it is granted (/regulator/cases),
// and the same under /api/v1. The regulator reads the carrier's records
// and writes only its own case records; which step a person may record is
// decided by the side of the step (himitsu.StepKinds) and the role, and
// whether the step may follow is the procedure's (internal/procedure),
// checked by the store inside the step's transaction.

// Role sets of the case routes.
var (
	// caseReaders see case files: the carrier's compliance side (its
	// administrator, officers and internal auditors) and the regulator.
	// The desk and the engineers have no business in them.
	caseReaders = []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleAuditor, himitsu.RoleRegulator}
	// caseWriters record steps: the regulator those of the regulator, the
	// carrier's administrator and officers those of the carrier.
	caseWriters   = []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleRegulator}
	regulatorOnly = []himitsu.Role{himitsu.RoleRegulator}
)

func init() {
	messageSets = append(messageSets, func() map[string]msg {
		return map[string]msg{
			"case_cases":          {"事案（行政手続）", "Cases (regulator's procedure)"},
			"case_all":            {"担当事業者の事案", "Cases across carriers"},
			"case_open":           {"事案を開始", "Open a case"},
			"case_id":             {"事案ID", "Case ID"},
			"case_title":          {"件名", "Title"},
			"case_origin":         {"端緒", "Origin"},
			"case_opened_on":      {"開始日", "Opened on"},
			"case_opened_by":      {"開始した者", "Opened by"},
			"case_summary":        {"概要", "Summary"},
			"case_stage":          {"段階", "Stage"},
			"case_carrier":        {"事業者", "Carrier"},
			"case_links":          {"関連する記録（参照のみ）", "Records the case rests on (linked, not copied)"},
			"case_incidents":      {"事故（ID、カンマ区切り）", "Incidents (IDs, comma-separated)"},
			"case_reports":        {"当局への報告（ID）", "Reports to the authorities (IDs)"},
			"case_complaints":     {"苦情（ID）", "Complaints (IDs)"},
			"case_run":            {"評価結果の番号", "Assessment run number"},
			"case_findings":       {"所見（規則ID又は項目、カンマ区切り）", "Findings (rule IDs or items, comma-separated)"},
			"case_none":           {"事案はありません。", "No cases."},
			"case_steps":          {"手続の経過", "Steps"},
			"case_no_steps":       {"まだ手続はありません。", "No step yet."},
			"case_due":            {"事業者に求められている事項", "What is due from the carrier"},
			"case_nothing_due":    {"求められている事項はありません。", "Nothing is due."},
			"case_next_due":       {"次の期限", "Next due"},
			"case_overdue":        {"期限超過", "Overdue"},
			"case_record_step":    {"手続を記録", "Record a step"},
			"case_possible":       {"現在の段階で可能な手続", "possible at this stage"},
			"case_not_possible":   {"現在の段階では手続上の前提を欠く（記録しようとすると理由が示されます）", "preconditions not met at this stage (recording it shows why)"},
			"case_record":         {"記録", "Record"},
			"case_step_kind":      {"手続", "Step"},
			"case_on":             {"日付", "Date"},
			"case_actor":          {"行った者", "Taken by"},
			"case_reasons":        {"理由", "Reasons"},
			"case_text":           {"内容", "Content"},
			"case_document":       {"文書番号", "Document reference"},
			"case_refers":         {"対応する手続", "In answer to step"},
			"case_due_on":         {"期限", "Deadline"},
			"case_measures":       {"措置（1行に1つ）", "Measures (one per line)"},
			"case_reports_due":    {"報告期限（1行に1つ、YYYY-MM-DD）", "Report deadlines (one per line, YYYY-MM-DD)"},
			"case_reports_due_on": {"報告期限", "Reports due"},
			"case_presiding":      {"主宰した委員", "Presiding Commission members"},
			"case_answered_on":    {"答申日", "Answered on"},
			"case_answer":         {"答申の内容", "The Commission's answer"},
			"case_grade":          {"検討した推奨の評価", "Grade of the recommendation reviewed"},
			"case_follows":        {"推奨に従うか", "Follows the recommendation"},
			"case_yes":            {"従う", "Yes"},
			"case_no":             {"従わない", "No"},
			"case_recorded":       {"記録", "Recorded"},
			"case_basis":          {"根拠", "Basis"},
			"case_refused":        {"この手続は記録されませんでした", "This step was not recorded"},
			"case_step_saved":     {"手続を記録しました。", "The step was recorded."},
			"case_opened":         {"事案を開始しました。", "The case was opened."},
			"case_recommendation": {"評価エンジンの推奨（判断は担当者が行う）", "The engine's recommendation (a person decides)"},
			"case_rec_grade":      {"直近の評価", "Latest assessment"},
			"case_rec_next":       {"推奨される次の手続", "Suggested next step"},
			"case_rec_reasons":    {"理由", "Reasons"},
			"case_rec_caveats":    {"発動指針上の留意点", "The guideline's caveats"},
			"case_met_by":         {"対応", "Met by"},
			"case_status":         {"状況", "Status"},
			"case_step":           {"手続", "Step"},
			"case_side_regulator": {"規制当局", "Regulator"},
			"case_side_carrier":   {"事業者", "Carrier"},
		}
	})
}

// caseLabels name the values the case pages show.
func caseLabel(group, value, lang string) string {
	labels := map[string]map[string]msg{
		"origin": {
			"tba-28-report": {"第28条の報告", "Art. 28 report"}, "complaints": {"苦情", "Complaints"},
			"press-report": {"報道", "Press report"}, "inspection": {"検査", "Inspection"}, "other": {"その他", "Other"},
		},
		"stage": {
			"opened": {"開始", "Opened"}, "investigating": {"報告徴収・検査", "Requests and inspections"}, "guidance": {"行政指導", "Guidance"},
			"pursuing-order": {"命令の手続中", "Pursuing an order"}, "ordered": {"命令発出済み", "Order issued"},
			"order-violated": {"命令違反", "Order violated"}, "referred": {"告発等", "Referred for penalty"}, "closed": {"終結", "Closed"},
		},
		"due": {
			"due": {"期限前", "Due"}, "due-soon": {"期限間近", "Due soon"}, "overdue": {"期限超過", "Overdue"},
			"met": {"期限内に対応", "Met"}, "met-late": {"期限後に対応", "Met late"}, "closed": {"終結により不要", "Closed"},
		},
	}
	if m, ok := labels[group][value]; ok {
		return m.in(lang)
	}
	return value
}

// caseService is the store's case service; every backend of `himitsu
// serve` (internal/sqlstore) has one.
func (s *Server) caseService() (himitsu.CaseService, error) {
	cs, ok := s.store.(himitsu.CaseService)
	if !ok {
		return nil, &himitsu.Error{Op: "server", Kind: himitsu.KindNotImplemented, Msg: "this store keeps no case files", MsgJA: "このストアは事案を保持しない"}
	}
	return cs, nil
}

// caseCfg is the procedure's configuration.
func (s *Server) caseCfg() procedure.Config {
	if s.cfg.Cases == (procedure.Config{}) {
		return procedure.DefaultConfig()
	}
	return s.cfg.Cases
}

func (s *Server) today() himitsu.Date { return himitsu.DateOf(s.cfg.Now()) }

// sideOf is the side of the procedure a role records steps for; empty
// for roles that record none.
func sideOf(r himitsu.Role) himitsu.CaseSide {
	switch r {
	case himitsu.RoleRegulator:
		return himitsu.SideRegulator
	case himitsu.RoleAdmin, himitsu.RoleOfficer:
		return himitsu.SideCarrier
	}
	return ""
}

// CaseDue lists what the open cases of a carrier ask of it, for the
// deadline board: every item still open, across the carrier's cases. The
// reads are logged under the call's purpose.
func (s *Server) CaseDue(c *call) ([]procedure.DueItem, error) {
	cs, err := s.caseService()
	if err != nil {
		return nil, err
	}
	files, err := cs.CaseFiles(c.ctx, c.carrier)
	if err != nil {
		return nil, err
	}
	out := []procedure.DueItem{}
	for _, f := range files {
		out = append(out, procedure.OpenDue(f, s.caseCfg(), s.today())...)
	}
	return out, nil
}

// caseRow is a case in a list, with its stage and what is due.
type caseRow struct {
	himitsu.Case
	CarrierName string
	Stage       procedure.Stage
	NextDue     *procedure.DueItem
	Overdue     int
}

func (s *Server) caseRows(c *call, carrierID, carrierName string) ([]caseRow, error) {
	cs, err := s.caseService()
	if err != nil {
		return nil, err
	}
	files, err := cs.CaseFiles(c.ctx, carrierID)
	if err != nil {
		return nil, err
	}
	var out []caseRow
	for _, f := range files {
		row := caseRow{Case: f.Case, CarrierName: carrierName, Stage: procedure.StageOf(f.Steps)}
		for _, it := range procedure.OpenDue(f, s.caseCfg(), s.today()) {
			if it.Status == procedure.DueOverdue {
				row.Overdue++
			}
			if row.NextDue == nil || it.Due.Before(row.NextDue.Due) {
				it := it
				row.NextDue = &it
			}
		}
		out = append(out, row)
	}
	return out, nil
}

func (s *Server) cases(w http.ResponseWriter, r *http.Request, c *call) error {
	rows, err := s.caseRows(c, c.carrier, "")
	if err != nil {
		return err
	}
	v := s.newView(r, c, s.t("case_cases", c.lang), "cases")
	return s.page(w, http.StatusOK, v, "cases", map[string]any{
		"Rows": rows, "CanOpen": c.user.Role == himitsu.RoleRegulator, "Today": s.today().String(),
		"Origins": himitsu.CaseOrigin("").Values(), "L": caseLabeler(c.lang),
	})
}

func (s *Server) regulatorCases(w http.ResponseWriter, r *http.Request, c *call) error {
	all, err := s.store.Carriers(r.Context())
	if err != nil {
		return err
	}
	var rows []caseRow
	for _, ca := range all {
		if !c.user.Sees(ca.ID) {
			continue
		}
		cr, err := s.caseRows(c, ca.ID, ca.Name)
		if err != nil {
			return err
		}
		rows = append(rows, cr...)
	}
	v := s.newView(r, c, s.t("case_all", c.lang), "cases")
	return s.page(w, http.StatusOK, v, "cases_all", map[string]any{"Rows": rows, "L": caseLabeler(c.lang)})
}

// caseLabeler is the template's access to the case labels.
type caseLabeler string

func (l caseLabeler) Of(group string, value any) string {
	return caseLabel(group, fmt.Sprint(value), string(l))
}

func (l caseLabeler) Kind(k himitsu.CaseStepKind) string {
	if i, ok := k.Info(); ok {
		return i.Label.In(string(l))
	}
	return string(k)
}

func (l caseLabeler) Basis(k himitsu.CaseStepKind) string {
	i, _ := k.Info()
	return i.Basis.In(string(l))
}

func (l caseLabeler) Text(t himitsu.Text) string { return t.In(string(l)) }

// splitList reads a comma- or line-separated list of a form.
func splitList(v string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\n' || r == '、' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func formDate(r *http.Request, field string, required bool) (himitsu.Date, error) {
	v := strings.TrimSpace(r.PostFormValue(field))
	if v == "" {
		if required {
			return himitsu.Date{}, himitsu.FieldErrorJA(field, "is required (YYYY-MM-DD)", "必須である（YYYY-MM-DD）")
		}
		return himitsu.Date{}, nil
	}
	d, err := himitsu.ParseDate(v)
	if err != nil {
		return d, himitsu.FieldErrorJA(field, "is a date YYYY-MM-DD", "YYYY-MM-DD 形式の日付である")
	}
	return d, nil
}

func (s *Server) openCase(w http.ResponseWriter, r *http.Request, c *call) error {
	k, err := caseFromForm(r, c.carrier)
	if err == nil {
		err = s.openCaseWith(c, &k)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/c/"+c.carrier+"/cases/"+url.PathEscape(k.ID)+"?flash=case_opened")
}

func caseFromForm(r *http.Request, carrier string) (himitsu.Case, error) {
	k := himitsu.Case{CarrierID: carrier, ID: strings.TrimSpace(r.PostFormValue("id")), Title: strings.TrimSpace(r.PostFormValue("title")),
		Origin: himitsu.CaseOrigin(r.PostFormValue("origin")), Summary: strings.TrimSpace(r.PostFormValue("summary")),
		Incidents: splitList(r.PostFormValue("incidents")), RegulatorReports: splitList(r.PostFormValue("regulator_reports")),
		Complaints: splitList(r.PostFormValue("complaints")), Findings: splitList(r.PostFormValue("findings"))}
	d, err := formDate(r, "opened_on", true)
	if err != nil {
		return k, err
	}
	k.OpenedOn = d
	if v := strings.TrimSpace(r.PostFormValue("assessment_run")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return k, himitsu.FieldErrorJA("assessment_run", "is the number of an assessment run", "評価結果の番号である")
		}
		k.AssessmentRun = n
	}
	return k, nil
}

func (s *Server) openCaseWith(c *call, k *himitsu.Case) error {
	cs, err := s.caseService()
	if err != nil {
		return err
	}
	k.CarrierID = c.carrier
	opened, err := cs.OpenCase(c.ctx, *k)
	if err != nil {
		return err
	}
	*k = opened
	return nil
}

// stepFromForm reads a step of the form; which fields apply depends on
// the kind, and the procedure checks what the kind needs.
func stepFromForm(r *http.Request) (himitsu.CaseStep, error) {
	st := himitsu.CaseStep{Kind: himitsu.CaseStepKind(r.PostFormValue("kind")), Actor: strings.TrimSpace(r.PostFormValue("actor")),
		Reasons: strings.TrimSpace(r.PostFormValue("reasons")), Text: strings.TrimSpace(r.PostFormValue("text")),
		Document: strings.TrimSpace(r.PostFormValue("document")), Presiding: strings.TrimSpace(r.PostFormValue("presiding")),
		Answer: strings.TrimSpace(r.PostFormValue("answer")), Grade: strings.TrimSpace(r.PostFormValue("grade"))}
	for _, l := range strings.Split(r.PostFormValue("measures"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			st.Measures = append(st.Measures, l)
		}
	}
	var err error
	if st.On, err = formDate(r, "on", true); err != nil {
		return st, err
	}
	if st.DueOn, err = formDate(r, "due_on", false); err != nil {
		return st, err
	}
	if st.AnsweredOn, err = formDate(r, "answered_on", false); err != nil {
		return st, err
	}
	for i, l := range splitList(r.PostFormValue("reports_due")) {
		d, err := himitsu.ParseDate(l)
		if err != nil {
			return st, himitsu.FieldErrorJA(fmt.Sprintf("reports_due[%d]", i), "is a date YYYY-MM-DD", "YYYY-MM-DD 形式の日付である")
		}
		st.ReportsDue = append(st.ReportsDue, d)
	}
	if v := r.PostFormValue("refers"); v != "" && v != "0" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return st, himitsu.FieldErrorJA("refers", "is the number of a step", "手続の番号である")
		}
		st.Refers = n
	}
	switch r.PostFormValue("follows") {
	case "yes":
		st.Follows = himitsu.Yes
	case "no":
		st.Follows = himitsu.No
	}
	return st, nil
}

// addStep records a step for the caller's side of the procedure.
func (s *Server) addStep(c *call, caseID string, st himitsu.CaseStep) (himitsu.CaseStep, error) {
	cs, err := s.caseService()
	if err != nil {
		return st, err
	}
	side := sideOf(c.user.Role)
	if ks := st.Kind.Side(); ks != "" && ks != side {
		return st, &himitsu.Error{Op: "server", Kind: himitsu.KindPermission, Field: "kind",
			Msg:   fmt.Sprintf("your role (%s) does not record steps of the %s", c.user.Role, ks),
			MsgJA: fmt.Sprintf("あなたの役割（%s）では%sの手続は記録できない", roleLabel(c.user.Role, "ja"), caseSideJA(ks))}
	}
	return cs.AddCaseStep(c.ctx, c.carrier, caseID, st)
}

func caseSideJA(s himitsu.CaseSide) string {
	if s == himitsu.SideRegulator {
		return "規制当局"
	}
	return "事業者"
}

func (s *Server) caseStep(w http.ResponseWriter, r *http.Request, c *call) error {
	id := r.PathValue("id")
	st, err := stepFromForm(r)
	if err == nil {
		_, err = s.addStep(c, id, st)
	}
	if err != nil {
		if k := himitsu.ErrorKind(err); k == himitsu.KindInvalid || k == himitsu.KindConflict || k == himitsu.KindPermission && himitsu.ErrorField(err) == "kind" {
			// Show the refusal on the case itself, with the file as it
			// stands: nothing was recorded.
			return s.casePage(w, r, c, id, httpStatus(err), errMessage(err, c.lang), string(st.Kind))
		}
		return err
	}
	return redirect(w, r, "/c/"+c.carrier+"/cases/"+url.PathEscape(id)+"?flash=case_step_saved#steps")
}

func (s *Server) caseDetail(w http.ResponseWriter, r *http.Request, c *call) error {
	return s.casePage(w, r, c, r.PathValue("id"), http.StatusOK, "", "")
}

// stepForm is the form of one kind of step.
type stepForm struct {
	Kind     himitsu.CaseStepKind
	Possible bool
	Fields   []string
	DueOn    string
	Refers   []himitsu.CaseStep
	Grade    string
}

// stepFields are the fields of each kind's form, in order.
var stepFields = map[himitsu.CaseStepKind][]string{
	himitsu.StepReportRequest:  {"on", "actor", "document", "text", "due_on", "reasons"},
	himitsu.StepInspection:     {"on", "actor", "document", "text", "due_on", "reasons"},
	himitsu.StepAnswer:         {"on", "actor", "refers", "document", "text"},
	himitsu.StepGuidance:       {"on", "actor", "document", "measures", "reports_due", "reasons"},
	himitsu.StepReview:         {"on", "actor", "grade", "follows", "reasons"},
	himitsu.StepDecideOrder:    {"on", "actor", "document", "reasons"},
	himitsu.StepConsultation:   {"on", "actor", "document", "answered_on", "answer", "reasons"},
	himitsu.StepHearing:        {"on", "actor", "presiding", "text", "reasons"},
	himitsu.StepOrder:          {"on", "actor", "document", "measures", "due_on", "reports_due", "reasons"},
	himitsu.StepPlan:           {"on", "actor", "refers", "measures", "text"},
	himitsu.StepProgress:       {"on", "actor", "refers", "text"},
	himitsu.StepOrderViolation: {"on", "actor", "refers", "reasons"},
	himitsu.StepReferral:       {"on", "actor", "document", "reasons"},
	himitsu.StepClosure:        {"on", "actor", "reasons"},
}

// caseView is what the case page shows.
type caseView struct {
	File     himitsu.CaseFile
	Stage    procedure.Stage
	Due      []procedure.DueItem
	Rec      procedure.Recommendation
	Forms    []stepForm
	Error    string
	OpenKind string
	// Values are what the person typed into the refused form, shown
	// again so that nothing has to be typed twice.
	Values map[string]string
	Today  string
	L      caseLabeler
}

// Val is the value a field of the form of kind shows: what was typed into
// it when that form was refused, else def.
func (cv caseView) Val(kind himitsu.CaseStepKind, field, def string) string {
	if string(kind) == cv.OpenKind && cv.Values != nil {
		if v, ok := cv.Values[field]; ok {
			return v
		}
	}
	return def
}

func (s *Server) caseFileView(c *call, id string) (caseView, error) {
	cs, err := s.caseService()
	if err != nil {
		return caseView{}, err
	}
	f, err := cs.CaseFile(c.ctx, c.carrier, id)
	if err != nil {
		return caseView{}, err
	}
	cfg, today := s.caseCfg(), s.today()
	cv := caseView{File: f, Stage: procedure.StageOf(f.Steps), Due: procedure.Due(f, cfg, today), Today: today.String(), L: caseLabeler(c.lang)}
	cv.Rec, err = s.recommendation(c, f)
	if err != nil {
		return cv, err
	}
	if side := sideOf(c.user.Role); side != "" && cv.Stage != procedure.StageClosed {
		allowed := procedure.Allowed(f, side)
		for _, i := range himitsu.StepKinds {
			if i.Side != side {
				continue
			}
			sf := stepForm{Kind: i.Kind, Possible: slices.Contains(allowed, i.Kind), Fields: stepFields[i.Kind], Grade: cv.Rec.Grade.ID}
			if d := cfg.DefaultDue(i.Kind, today); !d.IsZero() {
				sf.DueOn = d.String()
			}
			for _, st := range f.Steps {
				switch i.Kind {
				case himitsu.StepAnswer:
					if st.Kind == himitsu.StepReportRequest || st.Kind == himitsu.StepInspection || st.Kind == himitsu.StepGuidance {
						sf.Refers = append(sf.Refers, st)
					}
				case himitsu.StepPlan, himitsu.StepProgress:
					if st.Kind == himitsu.StepOrder || st.Kind == himitsu.StepGuidance {
						sf.Refers = append(sf.Refers, st)
					}
				case himitsu.StepOrderViolation:
					if st.Kind == himitsu.StepOrder {
						sf.Refers = append(sf.Refers, st)
					}
				}
			}
			slices.Reverse(sf.Refers) // the latest first, as the default
			cv.Forms = append(cv.Forms, sf)
		}
		// The possible steps first.
		slices.SortStableFunc(cv.Forms, func(a, b stepForm) int {
			switch {
			case a.Possible == b.Possible:
				return 0
			case a.Possible:
				return -1
			}
			return 1
		})
	}
	return cv, nil
}

// recommendation is the engine's view beside the case, from the carrier's
// latest assessment run (its read is logged).
func (s *Server) recommendation(c *call, f himitsu.CaseFile) (procedure.Recommendation, error) {
	var grades []procedure.Grade
	for _, g := range s.cat.Judgement.Grades {
		grades = append(grades, procedure.Grade{ID: g.ID, Label: himitsu.Text{JA: g.Label.JA, EN: g.Label.EN}, Meaning: himitsu.Text{JA: g.Meaning.JA, EN: g.Meaning.EN}})
	}
	runs, err := s.store.Runs(c.ctx, c.carrier, 1)
	if err != nil {
		return procedure.Recommendation{}, err
	}
	var run *himitsu.AssessmentRun
	if len(runs) > 0 {
		r, err := s.store.Run(c.ctx, c.carrier, runs[0].ID)
		if err != nil {
			return procedure.Recommendation{}, err
		}
		run = &r
	}
	return procedure.Recommend(f, run, grades, s.caseCfg(), s.today()), nil
}

func (s *Server) casePage(w http.ResponseWriter, r *http.Request, c *call, id string, status int, errMsg, openKind string) error {
	cv, err := s.caseFileView(c, id)
	if err != nil {
		return err
	}
	cv.Error, cv.OpenKind = errMsg, openKind
	if openKind != "" && r.PostForm != nil {
		cv.Values = map[string]string{}
		for _, f := range stepFields[himitsu.CaseStepKind(openKind)] {
			cv.Values[f] = r.PostFormValue(f)
		}
	}
	v := s.newView(r, c, cv.File.Case.Title, "cases")
	return s.page(w, status, v, "case", cv)
}

// The API.

// caseAnswer is the API's case: the file, its stage, what is due and
// the engine's recommendation.
type caseAnswer struct {
	himitsu.CaseFile
	Stage          procedure.Stage          `json:"stage"`
	Due            []procedure.DueItem      `json:"due"`
	Recommendation procedure.Recommendation `json:"recommendation"`
}

func (s *Server) apiCases(w http.ResponseWriter, r *http.Request, c *call) error {
	rows, err := s.caseRows(c, c.carrier, "")
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": apiCaseRows(rows)})
}

type apiCaseRow struct {
	himitsu.Case
	Stage   procedure.Stage    `json:"stage"`
	NextDue *procedure.DueItem `json:"next_due,omitempty"`
	Overdue int                `json:"overdue"`
}

func apiCaseRows(rows []caseRow) []apiCaseRow {
	out := []apiCaseRow{}
	for _, r := range rows {
		out = append(out, apiCaseRow{Case: r.Case, Stage: r.Stage, NextDue: r.NextDue, Overdue: r.Overdue})
	}
	return out
}

func (s *Server) apiRegulatorCases(w http.ResponseWriter, r *http.Request, c *call) error {
	all, err := s.store.Carriers(r.Context())
	if err != nil {
		return err
	}
	var rows []caseRow
	for _, ca := range all {
		if !c.user.Sees(ca.ID) || (c.token != nil && c.token.CarrierID != "" && c.token.CarrierID != ca.ID) {
			continue
		}
		cr, err := s.caseRows(c, ca.ID, ca.Name)
		if err != nil {
			return err
		}
		rows = append(rows, cr...)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": apiCaseRows(rows)})
}

func (s *Server) apiCase(w http.ResponseWriter, r *http.Request, c *call) error {
	cv, err := s.caseFileView(c, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, caseAnswer{CaseFile: cv.File, Stage: cv.Stage, Due: cv.Due, Recommendation: cv.Rec})
}

func (s *Server) apiOpenCase(w http.ResponseWriter, r *http.Request, c *call) error {
	var k himitsu.Case
	if err := decode(r, &k); err != nil {
		return err
	}
	if k.CarrierID != "" && k.CarrierID != c.carrier {
		return himitsu.FieldErrorJA("carrier_id", "differs from the carrier of the path", "パスの事業者と異なる")
	}
	if err := s.openCaseWith(c, &k); err != nil {
		return err
	}
	w.Header().Set("Location", r.URL.Path+"/"+url.PathEscape(k.ID))
	return writeJSON(w, http.StatusCreated, k)
}

func (s *Server) apiCaseStep(w http.ResponseWriter, r *http.Request, c *call) error {
	var st himitsu.CaseStep
	if err := decode(r, &st); err != nil {
		return err
	}
	id := r.PathValue("id")
	if st.CaseID != "" && st.CaseID != id {
		return himitsu.FieldErrorJA("case_id", "differs from the case of the path", "パスの事案と異なる")
	}
	// Seq, RecordedBy and RecordedAt in the body are ignored: the store
	// numbers the step and takes who and when from the call.
	got, err := s.addStep(c, id, st)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, got)
}

// CanCases reports whether the user reads case files (the layout's menu).
func (v *view) CanCases() bool { return v.User != nil && slices.Contains(caseReaders, v.User.Role) }

// IsRegulator reports whether the user is the regulator (the layout's menu).
func (v *view) IsRegulator() bool { return v.User != nil && v.User.Role == himitsu.RoleRegulator }

// caseSchemas are the OpenAPI schemas of the case routes.
func caseSchemas() map[string]any {
	caseRow := recordSchema(reflect.TypeFor[himitsu.Case]())
	props := obj{}
	for k, v := range caseRow["properties"].(obj) {
		props[k] = v
	}
	props["stage"] = obj{"type": "string", "enum": stageNames()}
	props["next_due"] = ref("CaseDueItem")
	props["overdue"] = obj{"type": "integer"}
	return map[string]any{
		"Case":               recordSchema(reflect.TypeFor[himitsu.Case]()),
		"CaseStep":           recordSchema(reflect.TypeFor[himitsu.CaseStep]()),
		"CaseDueItem":        recordSchema(reflect.TypeFor[procedure.DueItem]()),
		"CaseRecommendation": recordSchema(reflect.TypeFor[procedure.Recommendation]()),
		"CaseRow":            obj{"type": "object", "properties": props, "additionalProperties": false},
		"CaseList":           obj{"type": "object", "required": []string{"items"}, "properties": obj{"items": obj{"type": "array", "items": ref("CaseRow")}}},
		"CaseFile": obj{"type": "object", "required": []string{"case", "steps", "stage", "due", "recommendation"}, "additionalProperties": false, "properties": obj{
			"case": ref("Case"), "steps": obj{"type": "array", "items": ref("CaseStep")}, "stage": obj{"type": "string", "enum": stageNames()},
			"due": obj{"type": "array", "items": ref("CaseDueItem")}, "recommendation": ref("CaseRecommendation")}},
	}
}

func stageNames() []string {
	var out []string
	for _, s := range procedure.Stages {
		out = append(out, string(s))
	}
	return out
}

// caseAPIDoc documents one case route.
func caseAPIDoc(rt *route, op, resp obj) {
	js := func(name string) obj { return obj{"application/json": obj{"schema": ref(name)}} }
	switch {
	case rt.method == "GET" && strings.HasSuffix(rt.pattern, "/cases"):
		resp["200"] = obj{"description": "the cases, newest first, with their stage and what is due", "content": js("CaseList")}
	case rt.method == "GET":
		resp["200"] = obj{"description": "the case file: the case, its steps, its stage, what is due and the engine's recommendation", "content": js("CaseFile")}
	case strings.HasSuffix(rt.pattern, "/steps"):
		op["description"] = "The step is checked against the procedure (internal/procedure) in the same transaction that records it; a step the procedure does not allow gives 400 with the reason in English and Japanese and records nothing. The regulator records the regulator's steps, the carrier's officers the carrier's."
		op["requestBody"] = obj{"required": true, "content": js("CaseStep")}
		resp["201"] = obj{"description": "the step as recorded, with its number", "content": js("CaseStep")}
	default:
		op["requestBody"] = obj{"required": true, "content": js("Case")}
		resp["201"] = obj{"description": "the case opened", "content": js("Case")}
	}
}
