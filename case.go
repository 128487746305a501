package himitsu

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The regulator's procedure: the case file. When MIC looks into a carrier's
// handling of the secrecy of communications, it opens a matter (a Case) and
// works it in steps the Telecommunications Business Act provides: it asks
// for reports or inspects (Art. 166), gives administrative guidance in
// writing (in every published case so far, often more than once), and only
// where that fails decides to pursue a business improvement order under
// Art. 29(1)(i), which needs the Telecommunications Dispute Settlement
// Commission to be consulted (Art. 160) and a hearing presided over by its
// members (Art. 161) before the order can issue. The carrier answers,
// submits an improvement plan and reports progress; the case closes, or,
// where an order is violated, is referred for the penalty of Art. 186(iii).
//
// A case links the records it rests on by ID (incidents, regulator reports,
// complaints, findings of an assessment run) and copies none of them: the
// carrier's registers stay the one source of those facts. Steps are
// append-only: a step once recorded is never changed or removed, so the
// file is the history of the procedure. Which step may follow which is
// decided by internal/procedure, a pure state machine; the store applies it
// inside the transaction that records the step.

// CaseOrigin is how the matter came to the regulator's attention.
type CaseOrigin string

const (
	OriginReport     CaseOrigin = "tba-28-report" // the carrier's own report under Act Art. 28
	OriginComplaints CaseOrigin = "complaints"    // complaints or consultations from users
	OriginPress      CaseOrigin = "press-report"  // a press report
	OriginInspection CaseOrigin = "inspection"    // found in an inspection or a periodic review
	OriginOther      CaseOrigin = "other"         // anything else, described in the summary
)

func (CaseOrigin) Values() []string {
	return []string{"tba-28-report", "complaints", "press-report", "inspection", "other"}
}

// CaseSide says who records a step: the regulator (MIC and its regional
// bureaus) or the carrier.
type CaseSide string

const (
	SideRegulator CaseSide = "regulator"
	SideCarrier   CaseSide = "carrier"
)

func (CaseSide) Values() []string { return []string{"regulator", "carrier"} }

// CaseStepKind is what a step of the procedure is. The legal basis of
// each is in StepKinds.
type CaseStepKind string

const (
	StepReportRequest  CaseStepKind = "report-request"          // 報告徴収, Act Art. 166(1)
	StepInspection     CaseStepKind = "inspection"              // 立入検査, Act Art. 166(1)
	StepAnswer         CaseStepKind = "answer"                  // the carrier's answer to a request or guidance
	StepGuidance       CaseStepKind = "guidance"                // 文書による行政指導 (Administrative Procedure Act Arts. 2(6), 35)
	StepReview         CaseStepKind = "recommendation-reviewed" // a person's decision on the engine's recommendation
	StepDecideOrder    CaseStepKind = "decide-order"            // decision to pursue an order under Art. 29(1)(i)
	StepConsultation   CaseStepKind = "consultation"            // 諮問 of the Dispute Settlement Commission, Art. 160, with its answer (答申)
	StepHearing        CaseStepKind = "hearing"                 // 聴聞, Art. 161, presided over by Commission members
	StepOrder          CaseStepKind = "order"                   // 業務改善命令, Art. 29(1)(i)
	StepPlan           CaseStepKind = "improvement-plan"        // the carrier's improvement plan
	StepProgress       CaseStepKind = "progress-report"         // the carrier's report on the measures
	StepOrderViolation CaseStepKind = "order-violation"         // the finding that an order was not complied with
	StepReferral       CaseStepKind = "referral"                // referral for the penalty of Art. 186(iii)
	StepClosure        CaseStepKind = "closure"                 // the case is closed, with its reasons
)

func (CaseStepKind) Values() []string {
	return []string{"report-request", "inspection", "answer", "guidance", "recommendation-reviewed", "decide-order",
		"consultation", "hearing", "order", "improvement-plan", "progress-report", "order-violation", "referral", "closure"}
}

// StepKindInfo describes a kind of step: who records it, its basis in law
// and its name in both languages.
type StepKindInfo struct {
	Kind  CaseStepKind `json:"kind"`
	Side  CaseSide     `json:"side"`
	Label Text         `json:"label"`
	Basis Text         `json:"basis"`
}

// StepKinds lists every kind of step in the order of the procedure. The
// articles are the Telecommunications Business Act's; points the project
// has not confirmed against the current text are marked [verify].
var StepKinds = []StepKindInfo{
	{StepReportRequest, SideRegulator, Text{"報告徴収", "Request for reports"}, Text{"電気通信事業法第166条第1項", "TBA Art. 166(1)"}},
	{StepInspection, SideRegulator, Text{"立入検査", "On-site inspection"}, Text{"電気通信事業法第166条第1項", "TBA Art. 166(1)"}},
	{StepAnswer, SideCarrier, Text{"事業者の回答・報告", "Carrier's answer"}, Text{"報告徴収又は行政指導への回答", "Answer to a request or to guidance"}},
	{StepGuidance, SideRegulator, Text{"文書による行政指導", "Administrative guidance in writing"}, Text{"行政手続法第2条第6号・第35条", "Administrative Procedure Act Arts. 2(6), 35"}},
	{StepReview, SideRegulator, Text{"評価の推奨に対する判断", "Decision on the recommendation"}, Text{"判断は担当者が行い、理由を記録する", "A person decides and records the reasons"}},
	{StepDecideOrder, SideRegulator, Text{"業務改善命令の発出方針の決定", "Decision to pursue an order"}, Text{"電気通信事業法第29条第1項第1号", "TBA Art. 29(1)(i)"}},
	{StepConsultation, SideRegulator, Text{"電気通信紛争処理委員会への諮問・答申", "Consultation of the Dispute Settlement Commission"}, Text{"電気通信事業法第160条 [要確認]", "TBA Art. 160 [verify]"}},
	{StepHearing, SideRegulator, Text{"聴聞（委員会の委員が主宰）", "Hearing (presided over by Commission members)"}, Text{"電気通信事業法第161条 [要確認]", "TBA Art. 161 [verify]"}},
	{StepOrder, SideRegulator, Text{"業務改善命令", "Business improvement order"}, Text{"電気通信事業法第29条第1項第1号", "TBA Art. 29(1)(i)"}},
	{StepPlan, SideCarrier, Text{"業務改善計画", "Improvement plan"}, Text{"命令又は行政指導に基づく", "Under the order or guidance"}},
	{StepProgress, SideCarrier, Text{"実施状況の報告", "Progress report"}, Text{"命令又は行政指導が求める報告", "As the order or guidance asks"}},
	{StepOrderViolation, SideRegulator, Text{"命令違反の認定", "Order violation found"}, Text{"電気通信事業法第29条第1項第1号の命令に違反", "Violation of an order under TBA Art. 29(1)(i)"}},
	{StepReferral, SideRegulator, Text{"罰則適用のための告発等", "Referral for the penalty"}, Text{"電気通信事業法第186条第3号 [要確認]", "TBA Art. 186(iii) [verify]"}},
	{StepClosure, SideRegulator, Text{"事案の終結", "Closure"}, Text{"終結の理由を記録する", "Reasons recorded"}},
}

// Info returns the description of a kind of step; ok is false for an
// unknown kind.
func (k CaseStepKind) Info() (StepKindInfo, bool) {
	for _, i := range StepKinds {
		if i.Kind == k {
			return i, true
		}
	}
	return StepKindInfo{}, false
}

// Side is who records a step of this kind; empty for an unknown kind.
func (k CaseStepKind) Side() CaseSide {
	i, _ := k.Info()
	return i.Side
}

// Case is one matter the regulator pursues with one carrier.
type Case struct {
	ID        string     `json:"id" doc:"the case's identifier, e.g. a file number of the bureau"`
	CarrierID string     `json:"carrier_id"`
	Title     string     `json:"title" doc:"what the matter is about, in a line"`
	Origin    CaseOrigin `json:"origin" doc:"how the matter came to the regulator's attention"`
	OpenedOn  Date       `json:"opened_on" doc:"the day the case was opened; no step may be dated before it"`
	OpenedBy  string     `json:"opened_by,omitempty" doc:"who opened it (set by the store from the accessor)"`
	Summary   string     `json:"summary,omitempty"`
	// Links to the records the case rests on, by ID; nothing is copied.
	Incidents        []string `json:"incidents,omitempty" doc:"IDs of incidents"`
	RegulatorReports []string `json:"regulator_reports,omitempty" doc:"IDs of reports filed with the authorities"`
	Complaints       []string `json:"complaints,omitempty" doc:"IDs of complaints"`
	// AssessmentRun and Findings link findings of one kept assessment
	// run; a finding is named by its rule or its catalog item.
	AssessmentRun int64    `json:"assessment_run,omitempty"`
	Findings      []string `json:"findings,omitempty" doc:"rules or catalog items of findings of the assessment run"`
}

// maxCaseText bounds free text of cases and steps.
const maxCaseText = 4000

// Validate checks the case's own fields; that the linked records exist is
// the store's to check.
func (c *Case) Validate() error {
	var es Errors
	if !ValidID(c.ID) {
		es = append(es, FieldErrorJA("id", "the case needs an ID of letters, digits, '-', '_' or '.'",
			"事案IDには英数字、「-」「_」「.」を使うこと"))
	}
	if strings.TrimSpace(c.Title) == "" {
		es = append(es, FieldErrorJA("title", "the case needs a title", "事案の件名がない"))
	}
	if !slices.Contains(c.Origin.Values(), string(c.Origin)) {
		es = append(es, FieldErrorJA("origin", "unknown origin %q", "端緒 %q は定義されていない", shown(c.Origin)))
	}
	if c.OpenedOn.IsZero() {
		es = append(es, FieldErrorJA("opened_on", "the case needs the day it was opened", "事案の開始日がない"))
	}
	for _, f := range []struct{ name, v string }{{"title", c.Title}, {"summary", c.Summary}} {
		if e := checkCaseText(f.name, f.v); e != nil {
			es = append(es, e)
		}
	}
	for _, l := range []struct {
		f   string
		ids []string
	}{{"incidents", c.Incidents}, {"regulator_reports", c.RegulatorReports}, {"complaints", c.Complaints}} {
		f := l.f
		for i, id := range l.ids {
			if !ValidID(id) {
				es = append(es, FieldErrorJA(f+"["+strconv.Itoa(i)+"]", "not a record ID: %q", "記録のIDではない：「%s」", shown(id)))
			}
		}
	}
	if len(c.Findings) > 0 && c.AssessmentRun == 0 {
		es = append(es, FieldErrorJA("assessment_run", "findings are linked through the assessment run that made them; name the run",
			"所見は、それを示した評価結果を指定して関連付けること"))
	}
	return orNil(es)
}

// CaseStep is one step of a case: who did what, when and why, and the
// step's own data. Which fields a kind needs is checked by
// internal/procedure; a field a kind does not use stays empty.
type CaseStep struct {
	// Seq numbers the steps of a case from 1, in the order recorded; the
	// store assigns it.
	Seq    int          `json:"seq"`
	CaseID string       `json:"case_id"`
	Kind   CaseStepKind `json:"kind"`
	// On is the day the step was taken (the date of the document).
	On Date `json:"on"`
	// Actor is who took the step, as the person recording it names them
	// (an official, the carrier's officer); RecordedBy and RecordedAt are
	// set by the store from the accessor and its clock.
	Actor      string    `json:"actor"`
	RecordedBy string    `json:"recorded_by,omitempty"`
	RecordedAt time.Time `json:"recorded_at,omitzero"`
	// Reasons say why: required of every step of the regulator.
	Reasons string `json:"reasons,omitempty"`
	// Text is what the document says in short: the matters a request asks
	// about, the carrier's answer, plan or progress.
	Text string `json:"text,omitempty"`
	// Document is the document's number or reference (文書番号).
	Document string `json:"document,omitempty"`
	// Refers is the Seq of the step this one answers or concerns: the
	// request or guidance an answer answers, the order or guidance a plan
	// or progress report follows, the order a violation breaks.
	Refers int `json:"refers,omitempty"`
	// DueOn is the deadline the step sets: for a request, the day the
	// answer is due; for an order, the day the improvement plan is due.
	DueOn Date `json:"due_on,omitzero"`
	// Measures are the measures guidance asks for, an order orders, or a
	// plan promises.
	Measures []string `json:"measures,omitempty"`
	// ReportsDue are the days by which guidance or an order asks for
	// reports on the measures; each needs a progress report.
	ReportsDue []Date `json:"reports_due,omitempty"`
	// Presiding names the Commission member(s) presiding over a hearing.
	Presiding string `json:"presiding,omitempty"`
	// AnsweredOn and Answer are the Commission's answer to a consultation.
	AnsweredOn Date   `json:"answered_on,omitzero"`
	Answer     string `json:"answer,omitempty"`
	// Grade is the engine's grade a person had before them when reviewing
	// the recommendation, and Follows whether they follow it.
	Grade   string `json:"grade,omitempty"`
	Follows Fact   `json:"follows,omitzero"`
}

// Validate checks the fields any step needs; what a kind needs and what
// may follow what is internal/procedure's.
func (s *CaseStep) Validate() error {
	var es Errors
	if _, ok := s.Kind.Info(); !ok {
		es = append(es, FieldErrorJA("kind", "unknown kind of step %q", "手続の種類 %q は定義されていない", shown(s.Kind)))
	}
	if s.On.IsZero() {
		es = append(es, FieldErrorJA("on", "the step needs its date", "手続の日付がない"))
	}
	if strings.TrimSpace(s.Actor) == "" {
		es = append(es, FieldErrorJA("actor", "the step needs who took it", "手続を行った者がない"))
	}
	for _, f := range []struct{ name, v string }{{"actor", s.Actor}, {"reasons", s.Reasons}, {"text", s.Text}, {"document", s.Document},
		{"presiding", s.Presiding}, {"answer", s.Answer}, {"grade", s.Grade}} {
		if e := checkCaseText(f.name, f.v); e != nil {
			es = append(es, e)
		}
	}
	for i, m := range s.Measures {
		if e := checkCaseText("measures["+strconv.Itoa(i)+"]", m); e != nil {
			es = append(es, e)
		}
	}
	return orNil(es)
}

// orNil returns es as an error, or nil when it holds none.
func orNil(es Errors) error {
	if len(es) == 0 {
		return nil
	}
	return es
}

func checkCaseText(field, s string) *Error {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxCaseText {
		return FieldErrorJA(field, "text must be valid UTF-8 of at most %d characters", "%d文字以内の正しい文字列とすること", maxCaseText)
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return FieldErrorJA(field, "text holds a control character", "制御文字を含んでいる")
		}
	}
	return nil
}

// CaseFile is a case with its steps, in order.
type CaseFile struct {
	Case  Case       `json:"case"`
	Steps []CaseStep `json:"steps"`
}

// CaseService keeps the regulator's case files. Callers: the server (the
// regulator's and the carrier's views, the API). Every method needs a
// valid Accessor in ctx (KindPermission otherwise). Reads are recorded in
// the read log (What "cases"); OpenCase and AddCaseStep write a change
// entry (Counts {"cases": 1} or {"case_steps": 1}) in their own
// transaction. Errors: KindNotFound for an unknown carrier or case
// (Field "carrier" or "id"); KindInvalid for a bad field or a link to a
// record that does not exist (Field names it), and for a step the
// procedure does not allow at this point (the message says why, in both
// languages); KindConflict for an ID that exists. Nothing is written when
// an error is returned. Cases are never deleted.
type CaseService interface {
	OpenCase(ctx context.Context, c Case) (Case, error)
	// Cases lists the cases of a carrier, newest first, without steps.
	Cases(ctx context.Context, carrierID string) ([]Case, error)
	// CaseFile returns a case with all its steps.
	CaseFile(ctx context.Context, carrierID, id string) (CaseFile, error)
	// CaseFiles returns every case of a carrier with its steps, newest
	// case first, in one read (one read-log entry), for lists and the
	// deadline board.
	CaseFiles(ctx context.Context, carrierID string) ([]CaseFile, error)
	// AddCaseStep appends a step after checking it with the procedure
	// against the file as it stands inside the same transaction, and
	// returns it with Seq, RecordedBy and RecordedAt set.
	AddCaseStep(ctx context.Context, carrierID, caseID string, s CaseStep) (CaseStep, error)
}
