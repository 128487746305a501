// Package procedure is the regulator's procedure as a pure state machine
// over a case file (himitsu.CaseFile): which step may follow which, what
// each step must carry, what is due from the carrier and by when, and the
// engine's graded recommendation beside the case. Nothing here reads a
// clock or a database: the caller passes the file, the step and today.
//
// The order of the procedure follows the Telecommunications Business Act:
// requests for reports and inspections (Art. 166) and written
// administrative guidance may come at any time while the case is open and
// may repeat; an order under Art. 29(1)(i) needs a decision to pursue it
// and, after that decision, the consultation of the Telecommunications
// Dispute Settlement Commission with its answer (Art. 160) and a hearing
// presided over by its members (Art. 161); a referral for the penalty of
// Art. 186(iii) needs an order and a recorded violation of it. Whether the
// consultation must precede the hearing is not fixed here [verify]: both
// must precede the order.
package procedure

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// Stage is where a case stands, derived from its steps.
type Stage string

const (
	StageOpened        Stage = "opened"        // no step yet
	StageInvestigating Stage = "investigating" // requests or inspections, no guidance yet
	StageGuidance      Stage = "guidance"      // guidance given
	StagePursuingOrder Stage = "pursuing-order"
	StageOrdered       Stage = "ordered"
	StageViolated      Stage = "order-violated"
	StageReferred      Stage = "referred"
	StageClosed        Stage = "closed"
)

// Stages lists the stages in the order of the procedure.
var Stages = []Stage{StageOpened, StageInvestigating, StageGuidance, StagePursuingOrder, StageOrdered, StageViolated, StageReferred, StageClosed}

// StageOf is the stage of a case with these steps.
func StageOf(steps []himitsu.CaseStep) Stage {
	st := StageOpened
	for _, s := range steps {
		switch s.Kind {
		case himitsu.StepReportRequest, himitsu.StepInspection:
			if st == StageOpened {
				st = StageInvestigating
			}
		case himitsu.StepGuidance:
			if st == StageOpened || st == StageInvestigating {
				st = StageGuidance
			}
		case himitsu.StepDecideOrder:
			st = StagePursuingOrder
		case himitsu.StepOrder:
			st = StageOrdered
		case himitsu.StepOrderViolation:
			st = StageViolated
		case himitsu.StepReferral:
			st = StageReferred
		case himitsu.StepClosure:
			st = StageClosed
		}
	}
	return st
}

// refusal is the error of a step the procedure does not allow.
func refusal(field, en, ja string, args ...any) *himitsu.Error {
	e := himitsu.FieldErrorJA(field, en, ja, args...)
	e.Op = "procedure"
	return e
}

// refuse is refusal with messages already formatted.
func refuse(field, en, ja string) *himitsu.Error {
	return &himitsu.Error{Op: "procedure", Kind: himitsu.KindInvalid, Field: field, Msg: en, MsgJA: ja}
}

// find returns the step with sequence number seq.
func find(steps []himitsu.CaseStep, seq int) (himitsu.CaseStep, bool) {
	for _, s := range steps {
		if s.Seq == seq {
			return s, true
		}
	}
	return himitsu.CaseStep{}, false
}

// lastOf returns the index of the last step of one of the kinds, or -1.
func lastOf(steps []himitsu.CaseStep, kinds ...himitsu.CaseStepKind) int {
	for i := len(steps) - 1; i >= 0; i-- {
		if slices.Contains(kinds, steps[i].Kind) {
			return i
		}
	}
	return -1
}

// pendingDecision returns the index of a decision to pursue an order that
// no order has followed yet, or -1.
func pendingDecision(steps []himitsu.CaseStep) int {
	d := lastOf(steps, himitsu.StepDecideOrder)
	if d < 0 || lastOf(steps, himitsu.StepOrder) > d {
		return -1
	}
	return d
}

// refersKinds are the kinds of step that refer to an earlier one, and the
// kinds they may refer to.
var refersKinds = map[himitsu.CaseStepKind][]himitsu.CaseStepKind{
	himitsu.StepAnswer:         {himitsu.StepReportRequest, himitsu.StepInspection, himitsu.StepGuidance},
	himitsu.StepPlan:           {himitsu.StepOrder, himitsu.StepGuidance},
	himitsu.StepProgress:       {himitsu.StepOrder, himitsu.StepGuidance},
	himitsu.StepOrderViolation: {himitsu.StepOrder},
}

// Prepare fills what a step may leave to the procedure: a step that
// refers to an earlier one and names none refers to the latest step it may
// refer to (an answer to the latest request or guidance, a plan or
// progress report to the latest order, else guidance, that asked for one).
// Check still decides whether the step is allowed.
func Prepare(f himitsu.CaseFile, s himitsu.CaseStep) himitsu.CaseStep {
	kinds, ok := refersKinds[s.Kind]
	if !ok || s.Refers != 0 {
		return s
	}
	for _, k := range kinds { // in order of preference
		for i := len(f.Steps) - 1; i >= 0; i-- {
			t := f.Steps[i]
			if t.Kind != k {
				continue
			}
			if s.Kind == himitsu.StepProgress && len(t.ReportsDue) == 0 {
				continue
			}
			s.Refers = t.Seq
			return s
		}
	}
	return s
}

// Check decides whether step s may be appended to file f today (the
// calendar day of now in Tokyo). It returns nil or a *himitsu.Error of kind
// KindInvalid whose Field names what is wrong and whose messages, in
// English and Japanese, say why; it changes nothing.
func Check(f himitsu.CaseFile, s himitsu.CaseStep, now time.Time) error {
	if err := s.Validate(); err != nil {
		return err
	}
	steps := f.Steps
	info, _ := s.Kind.Info()
	today := himitsu.DateOf(now)

	if c := lastOf(steps, himitsu.StepClosure); c >= 0 {
		return refusal("kind", "the case was closed on %s (step %d); nothing can be added to a closed case",
			"この事案は %s に終結している（手続 %d）。終結した事案には手続を追加できない", steps[c].On, steps[c].Seq)
	}
	if r := lastOf(steps, himitsu.StepReferral); r >= 0 && s.Kind != himitsu.StepClosure {
		return refusal("kind", "the case was referred for the penalty on %s; only its closure can follow",
			"この事案は %s に罰則適用のため告発等がされている。以後は終結のみ記録できる", steps[r].On)
	}
	if s.On.Before(f.Case.OpenedOn) {
		return refusal("on", "the step is dated %s, before the case was opened on %s",
			"手続の日付 %s が事案の開始日 %s より前である", s.On, f.Case.OpenedOn)
	}
	if n := len(steps); n > 0 && s.On.Before(steps[n-1].On) {
		return refusal("on", "the step is dated %s, before the previous step (%d, %s); steps are recorded in the order they happened",
			"手続の日付 %s が直前の手続（%d、%s）より前である。手続は行われた順に記録すること", s.On, steps[n-1].Seq, steps[n-1].On)
	}
	if s.On.After(today) {
		return refusal("on", "the step is dated %s, after today (%s)", "手続の日付 %s が今日（%s）より後である", s.On, today)
	}
	switch info.Side {
	case himitsu.SideRegulator:
		if strings.TrimSpace(s.Reasons) == "" {
			return refusal("reasons", "a step of the regulator records its reasons", "規制当局の手続には理由を記録すること")
		}
	case himitsu.SideCarrier:
		if strings.TrimSpace(s.Text) == "" {
			return refusal("text", "the carrier's step records what it says (the answer, the plan, the progress)",
				"事業者の手続には内容（回答、計画、実施状況）を記録すること")
		}
	}
	if !s.DueOn.IsZero() && s.DueOn.Before(s.On) {
		return refusal("due_on", "the deadline %s is before the step's date %s", "期限 %s が手続の日付 %s より前である", s.DueOn, s.On)
	}
	for i, d := range s.ReportsDue {
		if d.Before(s.On) {
			return refusal(fmt.Sprintf("reports_due[%d]", i), "the report deadline %s is before the step's date %s",
				"報告期限 %s が手続の日付 %s より前である", d, s.On)
		}
	}
	if s.Kind == himitsu.StepProgress && len(lastAsked(steps)) == 0 {
		return refusal("kind", "no order or guidance has asked for progress reports yet",
			"実施状況の報告を求める命令又は行政指導がまだない")
	}
	if kinds, ok := refersKinds[s.Kind]; ok {
		if err := checkRefers(steps, s, kinds); err != nil {
			return err
		}
	} else if s.Refers != 0 {
		return refusal("refers", "this kind of step refers to no earlier step", "この種類の手続は他の手続を参照しない")
	}

	switch s.Kind {
	case himitsu.StepReportRequest:
		if s.DueOn.IsZero() {
			return refusal("due_on", "a request for reports under Art. 166 sets the day the answer is due",
				"第166条の報告徴収には回答の期限を定めること")
		}
		if strings.TrimSpace(s.Text) == "" {
			return refusal("text", "a request for reports says what is asked", "報告徴収には求める事項を記載すること")
		}
	case himitsu.StepGuidance:
		if len(s.Measures) == 0 {
			return refusal("measures", "written guidance names the measures it asks for", "文書による行政指導には求める措置を記載すること")
		}
	case himitsu.StepReview:
		if strings.TrimSpace(s.Grade) == "" {
			return refusal("grade", "name the grade of the recommendation that was reviewed", "判断の対象とした推奨の評価を記録すること")
		}
		if !s.Follows.Known() {
			return refusal("follows", "say whether the recommendation is followed", "推奨に従うか否かを記録すること")
		}
	case himitsu.StepDecideOrder:
		if d := pendingDecision(steps); d >= 0 {
			return refusal("kind", "an order is already being pursued (decided on %s, step %d); no order has followed it yet",
				"既に業務改善命令の発出方針が決定されている（%s、手続 %d）。その命令はまだ発出されていない", steps[d].On, steps[d].Seq)
		}
	case himitsu.StepConsultation, himitsu.StepHearing:
		if pendingDecision(steps) < 0 {
			return refusal("kind", "a consultation of the Commission or a hearing comes after a decision to pursue an order; none is pending",
				"委員会への諮問及び聴聞は、業務改善命令の発出方針の決定の後に行う。未了の決定がない")
		}
		if s.Kind == himitsu.StepConsultation {
			if s.AnsweredOn.IsZero() || strings.TrimSpace(s.Answer) == "" {
				return refusal("answer", "record the Commission's answer to the consultation and its date",
					"諮問に対する委員会の答申とその日付を記録すること")
			}
			if s.AnsweredOn.Before(s.On) || s.AnsweredOn.After(today) {
				return refusal("answered_on", "the answer's date %s must lie between the consultation (%s) and today",
					"答申の日付 %s は諮問の日（%s）から今日までの間であること", s.AnsweredOn, s.On)
			}
		} else if strings.TrimSpace(s.Presiding) == "" {
			return refusal("presiding", "a hearing under Art. 161 is presided over by members of the Commission; name them",
				"第161条の聴聞は委員会の委員が主宰する。主宰した委員を記録すること")
		}
	case himitsu.StepOrder:
		d := pendingDecision(steps)
		var missing []string
		var missingJA []string
		if d < 0 {
			missing, missingJA = append(missing, "a decision to pursue it"), append(missingJA, "命令の発出方針の決定")
		}
		consult := lastOf(steps, himitsu.StepConsultation)
		if d < 0 || consult < d {
			missing, missingJA = append(missing, "the consultation of the Dispute Settlement Commission (Art. 160)"), append(missingJA, "電気通信紛争処理委員会への諮問（第160条）")
		}
		hearing := lastOf(steps, himitsu.StepHearing)
		if d < 0 || hearing < d {
			missing, missingJA = append(missing, "a hearing presided over by its members (Art. 161)"), append(missingJA, "委員会の委員が主宰する聴聞（第161条）")
		}
		if len(missing) > 0 {
			return refuse("kind", "a business improvement order under Art. 29(1)(i) cannot issue yet: missing "+strings.Join(missing, ", "),
				"第29条第1項第1号の業務改善命令はまだ発出できない。次が行われていない："+strings.Join(missingJA, "、"))
		}
		if s.On.Before(steps[consult].AnsweredOn) {
			return refusal("on", "the order is dated %s, before the Commission answered (%s)",
				"命令の日付 %s が委員会の答申（%s）より前である", s.On, steps[consult].AnsweredOn)
		}
		if len(s.Measures) == 0 {
			return refusal("measures", "an order names the measures it orders", "命令には命ずる措置を記載すること")
		}
	case himitsu.StepReferral:
		v := lastOf(steps, himitsu.StepOrderViolation)
		if lastOf(steps, himitsu.StepOrder) < 0 || v < 0 {
			return refusal("kind", "a referral for the penalty of Art. 186(iii) needs an order and a recorded violation of it",
				"第186条第3号の罰則のための告発等には、命令とその違反の認定の記録が必要である")
		}
	}
	return nil
}

// lastAsked returns the steps that asked for reports (guidance or orders
// with report deadlines).
func lastAsked(steps []himitsu.CaseStep) []himitsu.CaseStep {
	var out []himitsu.CaseStep
	for _, s := range steps {
		if (s.Kind == himitsu.StepGuidance || s.Kind == himitsu.StepOrder) && len(s.ReportsDue) > 0 {
			out = append(out, s)
		}
	}
	return out
}

func checkRefers(steps []himitsu.CaseStep, s himitsu.CaseStep, kinds []himitsu.CaseStepKind) error {
	names, namesJA := kindNames(kinds)
	if s.Refers == 0 {
		return refuse("refers", "there is no "+names+" in this case for this step to follow", "この手続が対応する"+namesJA+"がこの事案にない")
	}
	t, ok := find(steps, s.Refers)
	if !ok || !slices.Contains(kinds, t.Kind) {
		return refuse("refers", fmt.Sprintf("step %d is not a %s of this case", s.Refers, names), fmt.Sprintf("手続 %d はこの事案の%sではない", s.Refers, namesJA))
	}
	if s.Kind == himitsu.StepProgress && len(t.ReportsDue) == 0 {
		return refusal("refers", "step %d asked for no progress reports", "手続 %d は実施状況の報告を求めていない", s.Refers)
	}
	return nil
}

// kindNames lists kinds in English ("request or guidance") and Japanese.
func kindNames(kinds []himitsu.CaseStepKind) (string, string) {
	var en, ja []string
	for _, k := range kinds {
		i, _ := k.Info()
		en = append(en, strings.ToLower(i.Label.EN))
		ja = append(ja, i.Label.JA)
	}
	return strings.Join(en, " or "), strings.Join(ja, "又は")
}

// Allowed lists the kinds of step that could follow now on the given side,
// for forms: each kind whose structural preconditions hold (Check with a
// well-formed step of that kind dated today would not refuse it for the
// case's state). It is a convenience; Check decides.
func Allowed(f himitsu.CaseFile, side himitsu.CaseSide) []himitsu.CaseStepKind {
	steps := f.Steps
	if lastOf(steps, himitsu.StepClosure) >= 0 {
		return nil
	}
	referred := lastOf(steps, himitsu.StepReferral) >= 0
	var out []himitsu.CaseStepKind
	for _, i := range himitsu.StepKinds {
		if i.Side != side {
			continue
		}
		if referred && i.Kind != himitsu.StepClosure {
			continue
		}
		ok := true
		switch i.Kind {
		case himitsu.StepAnswer, himitsu.StepPlan, himitsu.StepOrderViolation:
			ok = lastOf(steps, refersKinds[i.Kind]...) >= 0
		case himitsu.StepProgress:
			ok = len(lastAsked(steps)) > 0
		case himitsu.StepDecideOrder:
			ok = pendingDecision(steps) < 0
		case himitsu.StepConsultation, himitsu.StepHearing:
			ok = pendingDecision(steps) >= 0
		case himitsu.StepOrder:
			d := pendingDecision(steps)
			ok = d >= 0 && lastOf(steps, himitsu.StepConsultation) > d && lastOf(steps, himitsu.StepHearing) > d
		case himitsu.StepReferral:
			ok = lastOf(steps, himitsu.StepOrderViolation) >= 0
		}
		if ok {
			out = append(out, i.Kind)
		}
	}
	return out
}
