package assess

import (
	"fmt"
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/jpcal"
)

// DueSourceName names the items DueItems makes on a deadline board.
const DueSourceName = "assess"

// DueRegisters are the registers DueItems reads (with the carrier): a
// store may load only these for the board. Services decide whether an
// outage is serious (data sets feed the service determinations made on
// the way); complaints linked to an incident are clues of when it was
// known.
// TestDueRegistersSuffice keeps the list honest.
var DueRegisters = []string{"services", "datasets", "risk_assessments", "incidents", "recurrence_measures", "regulator_reports", "notifications", "complaints"}

// DueItems lists what the carrier of rec owes as of opts.AsOf, for the
// deadline board (himitsu.Board): every report its incidents call for,
// with the days the determinations compute (deadline.go: the same
// knowledge start, day count and administrative holidays as an
// assessment, so the board and the report never disagree); every
// recurrence measure with a due_on; the notice to users that
// cmp.user-notification expects of a secrecy incident affecting users;
// and the next risk assessment the latest one schedules. soonDays is the
// window of "due soon" (himitsu.DefaultSoonDays when not positive).
//
// It runs the determinations only, not the rules: no catalog and no log
// is read. Errors: KindInvalid for bad options.
func DueItems(rec *himitsu.Records, opts Options, soonDays int) ([]himitsu.DueItem, error) {
	const op = "assess.DueItems"
	if rec == nil {
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Msg: "records are required"}
	}
	if opts.AsOf.IsZero() {
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "as_of", Msg: "the day judged is required", MsgJA: "判断する日が必要である"}
	}
	switch opts.DayCount {
	case "":
		opts.DayCount = ExcludeFirstDay
	case ExcludeFirstDay, IncludeFirstDay:
	default:
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "day_count",
			Msg: fmt.Sprintf("must be %s or %s, got %q", ExcludeFirstDay, IncludeFirstDay, opts.DayCount)}
	}
	opts.Thresholds = opts.Thresholds.withDefaults()
	if opts.Calendar == nil {
		cal, err := jpcal.Default()
		if err != nil {
			return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInternal, Msg: "loading the holiday calendar", Err: err}
		}
		opts.Calendar = cal
	}
	if soonDays <= 0 {
		soonDays = himitsu.DefaultSoonDays
	}
	e := newEnv(himitsu.VisibleOn(rec, opts.AsOf), opts)
	e.determine()
	var out []himitsu.DueItem
	for _, d := range e.dets.Incidents {
		for _, dl := range d.Deadlines {
			out = append(out, e.reportItem(d.Incident, dl, soonDays))
		}
	}
	out = append(out, e.measureItems(soonDays)...)
	out = append(out, e.noticeItems(soonDays)...)
	out = append(out, e.riskAssessmentItems(soonDays)...)
	return out, nil
}

// reportWhat names each report a deadline is for.
var reportWhat = map[himitsu.ReportStage]himitsu.Text{
	himitsu.StageFirst:       {JA: "電気通信事業法第28条の報告（速報）", EN: "TBA Art. 28 report (first)"},
	himitsu.StageDetailed:    {JA: "電気通信事業法第28条の報告（詳細報告）", EN: "TBA Art. 28 report (detailed)"},
	himitsu.StagePreliminary: {JA: "個人情報保護法第26条の報告（速報）", EN: "APPI Art. 26 report (preliminary)"},
	himitsu.StageFinal:       {JA: "個人情報保護法第26条の報告（確報）", EN: "APPI Art. 26 report (final)"},
}

var reportBasis = map[himitsu.ReportStage]himitsu.Text{
	himitsu.StageFirst:       {JA: "電気通信事業法第28条第1項、施行規則第57条", EN: "TBA Art. 28(1); Ordinance Art. 57"},
	himitsu.StageDetailed:    {JA: "電気通信事業法第28条第1項、施行規則第57条", EN: "TBA Art. 28(1); Ordinance Art. 57"},
	himitsu.StagePreliminary: {JA: "個人情報保護法第26条第1項、個人情報保護委員会規則第8条第1項", EN: "APPI Art. 26(1); PPC Rules Art. 8(1)"},
	himitsu.StageFinal:       {JA: "個人情報保護法第26条第1項、個人情報保護委員会規則第8条第2項", EN: "APPI Art. 26(1); PPC Rules Art. 8(2)"},
}

// reportItem turns one deadline of the determinations into a board item.
// The engine's states map to the board's: met → done; late → done-late;
// overdue → late; pending → upcoming or due-soon. A duty without a fixed
// day (the first report "without delay", the APPI preliminary report
// "promptly") gets a target day — the days the assessment treats as
// plainly in time (first_report_met_days) or the PPC's guidance
// (appi_preliminary_late_days) — and is due-soon from its start until the
// engine finds it overdue or past the guidance, when it is late. A filing
// after the guidance is done, not done-late, as the engine holds: the
// guidance is not a statutory period. Under include-first-day a day only
// the Civil Code's reading makes timely ("unclear") is judged by the day
// the chosen count gives, and the engine's note says why.
func (e *env) reportItem(incident string, dl himitsu.Deadline, soonDays int) himitsu.DueItem {
	it := himitsu.DueItem{
		Key:      fmt.Sprintf("%s/incidents/%s/%s/%s", DueSourceName, incident, dl.Law, dl.Stage),
		Kind:     himitsu.DueReport,
		What:     reportWhat[dl.Stage],
		Register: "incidents", Record: incident, Incident: incident,
		Basis: reportBasis[dl.Stage], DueText: dl.DueText, Due: dl.Due, Firm: !dl.Due.IsZero(),
		Source: DueSourceName,
	}
	if dl.Law == himitsu.LawSpecifiedUserInfo || it.What.EN == "" {
		it.What = himitsu.Text{JA: fmt.Sprintf("%s の報告（%s）", dl.Law, dl.Stage), EN: fmt.Sprintf("%s report (%s)", dl.Law, dl.Stage)}
	}
	if !it.Firm {
		days := e.th.FirstReportMetDays
		if dl.Stage == himitsu.StagePreliminary {
			days = e.th.APPIPreliminaryLateDays
		}
		it.Due = dl.From.AddDays(days)
	}
	if !dl.FiledAt.IsZero() {
		it.DoneOn = himitsu.DateOf(dl.FiledAt)
	}
	it.State, it.DaysLate = himitsu.DueStateOf(it.Due, it.DoneOn, e.asOf, soonDays)
	switch dl.State {
	case stateMet, stateAfterGuidance:
		it.State, it.DaysLate = himitsu.DueDone, 0
	case stateLate:
		it.State = himitsu.DueDoneLate
	case stateOverdue, statePastGuidance:
		it.State = himitsu.DueLate
	case statePending:
		if !it.Firm || it.State == himitsu.DueLate {
			// Running without a fixed day, or past the target but not yet
			// what the engine calls late: act now.
			it.State, it.DaysLate = himitsu.DueSoon, 0
		}
	}
	it.HowComputed = howComputed(dl)
	return it
}

// howComputed states the start, the count and the engine's notes.
func howComputed(dl himitsu.Deadline) himitsu.Text {
	ja := fmt.Sprintf("起算日 %s（%s）。数え方：%s。評価上の状態：%s。", dl.From, dl.Basis, dl.Convention, dl.State)
	en := fmt.Sprintf("Counted from %s (%s). Count: %s. Engine state: %s.", dl.From, dl.Basis, dl.Convention, dl.State)
	if dl.Note.JA != "" || dl.Note.EN != "" {
		ja += dl.Note.JA
		en += " " + dl.Note.EN
	}
	return himitsu.Text{JA: ja, EN: en}
}

// measureItems are the recurrence measures with a due day (guideline
// 5(3)(i)iv asks for measures carried out, not planned): done when
// done_on is recorded, late when due_on has passed without it. A measure
// without due_on has no day to be late on and is not on the board.
func (e *env) measureItems(soonDays int) []himitsu.DueItem {
	var out []himitsu.DueItem
	for i := range e.rec.RecurrenceMeasures {
		m := &e.rec.RecurrenceMeasures[i]
		if m.DueOn.IsZero() {
			continue
		}
		it := himitsu.DueItem{
			Key:      fmt.Sprintf("%s/recurrence_measures/%s/done", DueSourceName, m.ID),
			Kind:     himitsu.DueMeasure,
			What:     tf("再発防止策 %[1]s の実施", "Recurrence measure %[1]s put in place", m.ID),
			Register: "recurrence_measures", Record: m.ID, Incident: m.Incident,
			Basis: tx("発動指針5(3)(i)iv（再発防止策の実施）。期限は記録上の due_on", "Guidelines 5(3)(i)iv (recurrence prevention carried out); the day is the recorded due_on"),
			Due:   m.DueOn, Firm: true, DoneOn: m.DoneOn,
			DueText:     tf("%[1]s まで（会社が定めた期限）", "by %[1]s (the carrier's own date)", m.DueOn.String()),
			HowComputed: tx("再発防止策の記録の due_on と done_on による。", "From the measure's recorded due_on and done_on."),
			Source:      DueSourceName,
		}
		it.State, it.DaysLate = himitsu.DueStateOf(it.Due, it.DoneOn, e.asOf, soonDays)
		out = append(out, it)
	}
	return out
}

// noticeItems are the notices to users cmp.user-notification expects: a
// secrecy incident (or an infringement of Art. 4) with persons affected is
// to be notified within notification_days of when the carrier knew. The
// day is himitsu's threshold, not a statutory period: the knowledge day
// counts as day 1 and the last day is day notification_days, the day the
// rule starts to find the notice missing. An incident whose secrecy
// involvement is unknown is left to the rule's question.
func (e *env) noticeItems(soonDays int) []himitsu.DueItem {
	var out []himitsu.DueItem
	lk := e.links()
	n := e.th.NotificationDays
	for i := range e.rec.Incidents {
		in := &e.rec.Incidents[i]
		if in.Kind == himitsu.IncidentSuspicion || in.PersonsAffected == 0 || !(in.SecrecyInvolved.True() || isViolation(in)) {
			continue
		}
		kn := e.knowledgeOf(in, lk)
		it := himitsu.DueItem{
			Key:      fmt.Sprintf("%s/incidents/%s/notice/first", DueSourceName, in.ID),
			Kind:     himitsu.DueNotice,
			What:     tx("影響を受けた利用者への通知", "Notice to the users affected"),
			Register: "incidents", Record: in.ID, Incident: in.ID,
			Basis: tx("発動指針5(4)iii（利用者への説明・情報提供）。日数は本システムの閾値 notification_days（法定期間ではない）",
				"Guidelines 5(4)iii (explaining and informing users); the days are himitsu's notification_days threshold, not a statutory period"),
			Due: kn.start.day.AddDays(n - 1), Firm: true,
			DueText: tf("知った日から%[1]d日以内（知った日を1日目とする）", "within %[1]d days of the day the carrier knew (that day is day 1)", n),
			HowComputed: tf("起算日 %[1]s（%[2]s）。知った日を1日目として%[3]d日目。最初の通知の日を実施日とする。",
				"Counted from %[1]s (%[2]s), that day being day 1, to day %[3]d. The first notice sent is when it was done.", kn.start.day.String(), kn.start.basis, n),
			Source: DueSourceName,
		}
		ns := slices.Clone(e.notices[in.ID])
		slices.SortFunc(ns, func(a, b *himitsu.Notification) int { return a.SentAt.Compare(b.SentAt) })
		if len(ns) > 0 {
			it.DoneOn, it.DoneBy = himitsu.DateOf(ns[0].SentAt), ns[0].ID
		}
		it.State, it.DaysLate = himitsu.DueStateOf(it.Due, it.DoneOn, e.asOf, soonDays)
		out = append(out, it)
	}
	return out
}

// riskAssessmentItems are the next assessments the latest risk assessment
// of each service or system schedules (next_due; guidelines 5(3)(i)ii on
// assessing the risks of systems). An earlier assessment's next_due is
// discharged by the later one and is not listed.
func (e *env) riskAssessmentItems(soonDays int) []himitsu.DueItem {
	latest := map[string]*himitsu.RiskAssessment{}
	for i := range e.rec.RiskAssessments {
		r := &e.rec.RiskAssessments[i]
		k := string(r.Kind) + "\x00" + r.Subject
		if cur, ok := latest[k]; !ok || cur.PerformedOn.Before(r.PerformedOn) || cur.PerformedOn == r.PerformedOn && cur.ID < r.ID {
			latest[k] = r
		}
	}
	var out []himitsu.DueItem
	for _, r := range latest {
		if r.NextDue.IsZero() {
			continue
		}
		it := himitsu.DueItem{
			Key:      fmt.Sprintf("%s/risk_assessments/%s/next", DueSourceName, r.ID),
			Kind:     himitsu.DueAssessment,
			What:     tf("%[1]s のリスク評価（次回）", "Next risk assessment of %[1]s", r.Subject),
			Register: "risk_assessments", Record: r.ID,
			Basis: tx("発動指針5(3)(i)ii（リスク評価の定期的な実施）。期限は記録上の next_due", "Guidelines 5(3)(i)ii (risk assessed regularly); the day is the recorded next_due"),
			Due:   r.NextDue, Firm: true,
			DueText:     tf("%[1]s まで（会社が定めた期限）", "by %[1]s (the carrier's own date)", r.NextDue.String()),
			HowComputed: tf("最新のリスク評価 %[1]s（%[2]s 実施）の next_due による。", "From next_due of the latest risk assessment, %[1]s (performed %[2]s).", r.ID, r.PerformedOn.String()),
			Source:      DueSourceName,
		}
		it.State, it.DaysLate = himitsu.DueStateOf(it.Due, himitsu.Date{}, e.asOf, soonDays)
		out = append(out, it)
	}
	slices.SortFunc(out, func(a, b himitsu.DueItem) int { return strings.Compare(a.Key, b.Key) })
	return out
}
