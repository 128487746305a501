package procedure

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

func day(s string) himitsu.Date {
	d, err := himitsu.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// now is the clock of the tests: 2026-06-30 in Tokyo.
var now = time.Date(2026, 6, 30, 3, 0, 0, 0, time.UTC)

func newCase() himitsu.Case {
	return himitsu.Case{ID: "case-1", CarrierID: "a", Title: "通話明細の誤送付", Origin: himitsu.OriginReport, OpenedOn: day("2026-01-10")}
}

// regStep is a well-formed step of the regulator of kind k on day on.
func regStep(k himitsu.CaseStepKind, on string) himitsu.CaseStep {
	s := himitsu.CaseStep{Kind: k, On: day(on), Actor: "総務 一郎", Reasons: "理由"}
	switch k {
	case himitsu.StepReportRequest:
		s.Text, s.DueOn = "経緯と原因", day(on).AddDays(14)
	case himitsu.StepGuidance:
		s.Measures, s.ReportsDue = []string{"再発防止策の実施"}, []himitsu.Date{day(on).AddDays(30)}
	case himitsu.StepReview:
		s.Grade, s.Follows = "guidance", himitsu.Yes
	case himitsu.StepConsultation:
		s.AnsweredOn, s.Answer = day(on), "命令は相当"
	case himitsu.StepHearing:
		s.Presiding = "委員 花子"
	case himitsu.StepOrder:
		s.Measures, s.DueOn, s.ReportsDue = []string{"体制の見直し"}, day(on).AddDays(30), []himitsu.Date{day(on).AddDays(60)}
	}
	return s
}

// carStep is a well-formed step of the carrier referring to refers.
func carStep(k himitsu.CaseStepKind, on string, refers int) himitsu.CaseStep {
	return himitsu.CaseStep{Kind: k, On: day(on), Actor: "法務 次郎", Text: "回答の内容", Refers: refers}
}

// fullPath is the procedure the issue describes: from an Art. 28 report
// through a request, two rounds of guidance, an order with its
// consultation and hearing, to progress reports and closure.
func fullPath() []himitsu.CaseStep {
	steps := []himitsu.CaseStep{
		regStep(himitsu.StepReportRequest, "2026-01-15"), // 1
		carStep(himitsu.StepAnswer, "2026-01-28", 1),     // 2
		regStep(himitsu.StepGuidance, "2026-02-10"),      // 3
		carStep(himitsu.StepProgress, "2026-03-05", 3),   // 4
		regStep(himitsu.StepGuidance, "2026-03-20"),      // 5
		regStep(himitsu.StepReview, "2026-04-25"),        // 6
		regStep(himitsu.StepDecideOrder, "2026-04-25"),   // 7
		regStep(himitsu.StepConsultation, "2026-05-01"),  // 8
		regStep(himitsu.StepHearing, "2026-05-08"),       // 9
		regStep(himitsu.StepOrder, "2026-05-15"),         // 10
		carStep(himitsu.StepPlan, "2026-06-01", 10),      // 11
		carStep(himitsu.StepProgress, "2026-06-10", 10),  // 12
		regStep(himitsu.StepClosure, "2026-06-20"),       // 13
	}
	for i := range steps {
		steps[i].Seq = i + 1
		steps[i].CaseID = "case-1"
	}
	return steps
}

func file(steps []himitsu.CaseStep) himitsu.CaseFile {
	return himitsu.CaseFile{Case: newCase(), Steps: steps}
}

// TestFullPathAllowed: every step of the full procedure is allowed after
// the ones before it, and Allowed offers it.
func TestFullPathAllowed(t *testing.T) {
	steps := fullPath()
	for i, s := range steps {
		f := file(steps[:i])
		if err := Check(f, s, now); err != nil {
			t.Errorf("step %d (%s): refused: %v", s.Seq, s.Kind, err)
		}
		if side := s.Kind.Side(); !slices.Contains(Allowed(f, side), s.Kind) {
			t.Errorf("step %d (%s): Allowed(%s) = %v, does not offer it", s.Seq, s.Kind, side, Allowed(f, side))
		}
	}
	if got := StageOf(steps); got != StageClosed {
		t.Errorf("stage after closure: got %s", got)
	}
}

// TestCheck covers every kind of step, allowed and refused, with the
// field the refusal names and words of its message in both languages.
func TestCheck(t *testing.T) {
	p := fullPath()
	upTo := func(seq int) []himitsu.CaseStep { return p[:seq] }
	withSeq := func(steps []himitsu.CaseStep, extra ...himitsu.CaseStep) []himitsu.CaseStep {
		out := slices.Clone(steps)
		for _, e := range extra {
			e.Seq = len(out) + 1
			out = append(out, e)
		}
		return out
	}
	mod := func(s himitsu.CaseStep, fn func(*himitsu.CaseStep)) himitsu.CaseStep { fn(&s); return s }
	violation := mod(regStep(himitsu.StepOrderViolation, "2026-06-20"), func(s *himitsu.CaseStep) { s.Refers = 10 })
	tests := []struct {
		name   string
		steps  []himitsu.CaseStep
		step   himitsu.CaseStep
		field  string // "" when allowed
		en, ja string // words of the refusal
	}{
		// Report requests and inspections.
		{"request on an open case", nil, regStep(himitsu.StepReportRequest, "2026-01-15"), "", "", ""},
		{"request without deadline", nil, mod(regStep(himitsu.StepReportRequest, "2026-01-15"), func(s *himitsu.CaseStep) { s.DueOn = himitsu.Date{} }), "due_on", "answer is due", "回答の期限"},
		{"request without what is asked", nil, mod(regStep(himitsu.StepReportRequest, "2026-01-15"), func(s *himitsu.CaseStep) { s.Text = "" }), "text", "what is asked", "求める事項"},
		{"request without reasons", nil, mod(regStep(himitsu.StepReportRequest, "2026-01-15"), func(s *himitsu.CaseStep) { s.Reasons = " " }), "reasons", "reasons", "理由"},
		{"deadline before the step", nil, mod(regStep(himitsu.StepReportRequest, "2026-01-15"), func(s *himitsu.CaseStep) { s.DueOn = day("2026-01-14") }), "due_on", "before the step's date", "より前"},
		{"inspection", upTo(2), regStep(himitsu.StepInspection, "2026-02-01"), "", "", ""},
		// Dates.
		{"dated before the case opened", nil, regStep(himitsu.StepReportRequest, "2026-01-09"), "on", "before the case was opened", "事案の開始日"},
		{"dated before the previous step", upTo(2), regStep(himitsu.StepGuidance, "2026-01-27"), "on", "before the previous step", "直前の手続"},
		{"dated in the future", nil, regStep(himitsu.StepReportRequest, "2026-07-01"), "on", "after today", "今日"},
		{"step without a date", nil, mod(regStep(himitsu.StepReportRequest, "2026-01-15"), func(s *himitsu.CaseStep) { s.On = himitsu.Date{} }), "on", "date", "日付"},
		{"unknown kind", nil, mod(regStep(himitsu.StepReportRequest, "2026-01-15"), func(s *himitsu.CaseStep) { s.Kind = "warning" }), "kind", "unknown kind", "定義されていない"},
		// Answers.
		{"answer to the request", upTo(1), carStep(himitsu.StepAnswer, "2026-01-28", 1), "", "", ""},
		{"answer named by default", upTo(1), Prepare(file(upTo(1)), carStep(himitsu.StepAnswer, "2026-01-28", 0)), "", "", ""},
		{"answer with nothing to answer", nil, carStep(himitsu.StepAnswer, "2026-01-28", 0), "refers", "no request for reports", "報告徴収"},
		{"answer to an answer", upTo(2), carStep(himitsu.StepAnswer, "2026-02-01", 2), "refers", "step 2 is not", "手続 2"},
		{"answer without text", upTo(1), mod(carStep(himitsu.StepAnswer, "2026-01-28", 1), func(s *himitsu.CaseStep) { s.Text = "" }), "text", "what it says", "内容"},
		// Guidance.
		{"first guidance", upTo(2), regStep(himitsu.StepGuidance, "2026-02-10"), "", "", ""},
		{"second guidance", upTo(4), regStep(himitsu.StepGuidance, "2026-03-20"), "", "", ""},
		{"guidance without measures", upTo(2), mod(regStep(himitsu.StepGuidance, "2026-02-10"), func(s *himitsu.CaseStep) { s.Measures = nil }), "measures", "measures", "措置"},
		{"report deadline before the guidance", upTo(2), mod(regStep(himitsu.StepGuidance, "2026-02-10"), func(s *himitsu.CaseStep) { s.ReportsDue = []himitsu.Date{day("2026-02-01")} }), "reports_due[0]", "before the step's date", "より前"},
		// Progress reports.
		{"progress report under guidance", upTo(3), carStep(himitsu.StepProgress, "2026-03-05", 3), "", "", ""},
		{"progress report before anyone asked", upTo(2), carStep(himitsu.StepProgress, "2026-02-05", 0), "kind", "no order or guidance", "命令又は行政指導"},
		{"progress report to a request", upTo(3), carStep(himitsu.StepProgress, "2026-02-15", 1), "refers", "step 1 is not", "手続 1"},
		{"progress report to guidance that asked none", withSeq(upTo(3), mod(regStep(himitsu.StepGuidance, "2026-02-12"), func(s *himitsu.CaseStep) { s.ReportsDue = nil })),
			carStep(himitsu.StepProgress, "2026-03-05", 4), "refers", "step 4 asked for no progress reports", "報告を求めていない"},
		{"progress report on a closed case", p, carStep(himitsu.StepProgress, "2026-06-25", 10), "kind", "closed", "終結"},
		// The recommendation reviewed.
		{"recommendation reviewed", upTo(5), regStep(himitsu.StepReview, "2026-04-25"), "", "", ""},
		{"review without grade", upTo(5), mod(regStep(himitsu.StepReview, "2026-04-25"), func(s *himitsu.CaseStep) { s.Grade = "" }), "grade", "grade", "評価"},
		{"review without follows", upTo(5), mod(regStep(himitsu.StepReview, "2026-04-25"), func(s *himitsu.CaseStep) { s.Follows = himitsu.Unknown }), "follows", "followed", "従うか"},
		// The decision to pursue an order.
		{"decision to pursue", upTo(6), regStep(himitsu.StepDecideOrder, "2026-04-25"), "", "", ""},
		{"decision twice", upTo(7), regStep(himitsu.StepDecideOrder, "2026-04-26"), "kind", "already being pursued", "既に"},
		{"decision without reasons", upTo(6), mod(regStep(himitsu.StepDecideOrder, "2026-04-25"), func(s *himitsu.CaseStep) { s.Reasons = "" }), "reasons", "reasons", "理由"},
		// Consultation and hearing.
		{"consultation", upTo(7), regStep(himitsu.StepConsultation, "2026-05-01"), "", "", ""},
		{"consultation without a decision", upTo(5), regStep(himitsu.StepConsultation, "2026-04-01"), "kind", "decision to pursue", "発出方針の決定"},
		{"consultation without the answer", upTo(7), mod(regStep(himitsu.StepConsultation, "2026-05-01"), func(s *himitsu.CaseStep) { s.Answer = "" }), "answer", "Commission's answer", "答申"},
		{"answer before the consultation", upTo(7), mod(regStep(himitsu.StepConsultation, "2026-05-01"), func(s *himitsu.CaseStep) { s.AnsweredOn = day("2026-04-30") }), "answered_on", "between", "答申の日付"},
		{"hearing first", upTo(7), regStep(himitsu.StepHearing, "2026-05-01"), "", "", ""},
		{"hearing without a decision", upTo(5), regStep(himitsu.StepHearing, "2026-04-01"), "kind", "decision to pursue", "発出方針の決定"},
		{"hearing without presiding members", upTo(8), mod(regStep(himitsu.StepHearing, "2026-05-08"), func(s *himitsu.CaseStep) { s.Presiding = "" }), "presiding", "presided over", "主宰"},
		// The order.
		{"order after consultation and hearing", upTo(9), regStep(himitsu.StepOrder, "2026-05-15"), "", "", ""},
		{"order without consultation and hearing", upTo(7), regStep(himitsu.StepOrder, "2026-05-15"), "kind", "consultation of the Dispute Settlement Commission (Art. 160), a hearing", "諮問（第160条）、委員会の委員が主宰する聴聞"},
		{"order without a decision", upTo(5), regStep(himitsu.StepOrder, "2026-04-01"), "kind", "a decision to pursue it", "発出方針の決定"},
		{"order without hearing", upTo(8), regStep(himitsu.StepOrder, "2026-05-15"), "kind", "missing a hearing", "聴聞"},
		{"order without consultation", withSeq(upTo(7), regStep(himitsu.StepHearing, "2026-05-08")), regStep(himitsu.StepOrder, "2026-05-15"), "kind", "missing the consultation", "諮問"},
		{"order before the Commission answered", withSeq(upTo(7), mod(regStep(himitsu.StepConsultation, "2026-05-01"), func(s *himitsu.CaseStep) { s.AnsweredOn = day("2026-05-20") }), regStep(himitsu.StepHearing, "2026-05-08")),
			regStep(himitsu.StepOrder, "2026-05-15"), "on", "before the Commission answered", "答申"},
		{"order without measures", upTo(9), mod(regStep(himitsu.StepOrder, "2026-05-15"), func(s *himitsu.CaseStep) { s.Measures = nil }), "measures", "measures", "措置"},
		{"second order without a new decision", upTo(10), regStep(himitsu.StepOrder, "2026-05-20"), "kind", "a decision to pursue it", "発出方針の決定"},
		// Plan, violation, referral.
		{"improvement plan under the order", upTo(10), carStep(himitsu.StepPlan, "2026-06-01", 10), "", "", ""},
		{"improvement plan named by default", upTo(10), Prepare(file(upTo(10)), carStep(himitsu.StepPlan, "2026-06-01", 0)), "", "", ""},
		{"improvement plan with nothing asked", upTo(2), carStep(himitsu.StepPlan, "2026-02-01", 0), "refers", "no business improvement order or administrative guidance", "業務改善命令又は"},
		{"violation of the order", upTo(12), violation, "", "", ""},
		{"violation without an order", upTo(5), mod(regStep(himitsu.StepOrderViolation, "2026-04-01"), func(s *himitsu.CaseStep) { s.Refers = 3 }), "refers", "not a business improvement order", "業務改善命令ではない"},
		{"referral after a violation", withSeq(upTo(12), violation), regStep(himitsu.StepReferral, "2026-06-25"), "", "", ""},
		{"referral without a violation", upTo(12), regStep(himitsu.StepReferral, "2026-06-25"), "kind", "recorded violation", "違反の認定"},
		{"referral without an order", upTo(5), regStep(himitsu.StepReferral, "2026-04-01"), "kind", "needs an order", "命令とその違反"},
		{"guidance after referral", withSeq(upTo(12), violation, regStep(himitsu.StepReferral, "2026-06-25")), regStep(himitsu.StepGuidance, "2026-06-26"), "kind", "only its closure", "終結のみ"},
		{"closure after referral", withSeq(upTo(12), violation, regStep(himitsu.StepReferral, "2026-06-25")), regStep(himitsu.StepClosure, "2026-06-26"), "", "", ""},
		// Closure.
		{"closure", upTo(12), regStep(himitsu.StepClosure, "2026-06-20"), "", "", ""},
		{"closure without reasons", upTo(12), mod(regStep(himitsu.StepClosure, "2026-06-20"), func(s *himitsu.CaseStep) { s.Reasons = "" }), "reasons", "reasons", "理由"},
		{"closure twice", p, regStep(himitsu.StepClosure, "2026-06-25"), "kind", "closed", "終結"},
		{"a step naming another where none is referred to", upTo(2), mod(regStep(himitsu.StepGuidance, "2026-02-10"), func(s *himitsu.CaseStep) { s.Refers = 1 }), "refers", "refers to no earlier step", "参照しない"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := file(tt.steps)
			before := len(f.Steps)
			err := Check(f, tt.step, now)
			if len(f.Steps) != before {
				t.Fatal("Check changed the file")
			}
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("allowed, want refusal on %s", tt.field)
			}
			if got := himitsu.ErrorKind(err); got != himitsu.KindInvalid {
				t.Errorf("kind: got %v, want invalid", got)
			}
			if got := himitsu.ErrorField(err); got != tt.field {
				t.Errorf("field: got %q, want %q (%v)", got, tt.field, err)
			}
			var he interface{ Localized(string) string }
			he = err.(interface{ Localized(string) string })
			if en := he.Localized("en"); !strings.Contains(en, tt.en) {
				t.Errorf("English: %q does not say %q", en, tt.en)
			}
			if ja := he.Localized("ja"); !strings.Contains(ja, tt.ja) {
				t.Errorf("Japanese: %q does not say %q", ja, tt.ja)
			}
		})
	}
}

// TestAllowedOnClosed: nothing is offered on a closed case.
func TestAllowedOnClosed(t *testing.T) {
	f := file(fullPath())
	for _, side := range []himitsu.CaseSide{himitsu.SideRegulator, himitsu.SideCarrier} {
		if got := Allowed(f, side); len(got) != 0 {
			t.Errorf("%s: got %v, want nothing", side, got)
		}
	}
	if got := Allowed(file(nil), himitsu.SideRegulator); slices.Contains(got, himitsu.StepOrder) || slices.Contains(got, himitsu.StepHearing) {
		t.Errorf("open case offers %v", got)
	}
}

func TestStageOf(t *testing.T) {
	p := fullPath()
	for _, tt := range []struct {
		n    int
		want Stage
	}{{0, StageOpened}, {1, StageInvestigating}, {3, StageGuidance}, {7, StagePursuingOrder}, {10, StageOrdered}, {13, StageClosed}} {
		if got := StageOf(p[:tt.n]); got != tt.want {
			t.Errorf("after %d steps: got %s, want %s", tt.n, got, tt.want)
		}
	}
}
