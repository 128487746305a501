package procedure

import (
	"testing"

	"github.com/himitsu-oss/himitsu"
)

func TestDue(t *testing.T) {
	cfg := DefaultConfig()
	p := fullPath()
	type item struct {
		step   int
		what   himitsu.CaseStepKind
		due    string
		status DueStatus
		metBy  int
	}
	tests := []struct {
		name  string
		steps []himitsu.CaseStep
		today string
		want  []item
	}{
		{"nothing asked", nil, "2026-01-20", nil},
		{"request due soon", p[:1], "2026-01-25", []item{{1, himitsu.StepAnswer, "2026-01-29", DueSoon, 0}}},
		{"request far ahead", p[:1], "2026-01-15", []item{{1, himitsu.StepAnswer, "2026-01-29", DueOpen, 0}}},
		{"request overdue", p[:1], "2026-01-30", []item{{1, himitsu.StepAnswer, "2026-01-29", DueOverdue, 0}}},
		{"request answered", p[:2], "2026-01-30", []item{{1, himitsu.StepAnswer, "2026-01-29", DueMet, 2}}},
		{"guidance report open", p[:3], "2026-02-11", []item{
			{1, himitsu.StepAnswer, "2026-01-29", DueMet, 2},
			{3, himitsu.StepProgress, "2026-03-12", DueOpen, 0}}},
		{"second guidance", p[:5], "2026-04-25", []item{
			{1, himitsu.StepAnswer, "2026-01-29", DueMet, 2},
			{3, himitsu.StepProgress, "2026-03-12", DueMet, 4},
			{5, himitsu.StepProgress, "2026-04-19", DueOverdue, 0}}},
		{"order: plan and reports", p[:12], "2026-06-12", []item{
			{1, himitsu.StepAnswer, "2026-01-29", DueMet, 2},
			{3, himitsu.StepProgress, "2026-03-12", DueMet, 4},
			{5, himitsu.StepProgress, "2026-04-19", DueOverdue, 0},
			{10, himitsu.StepPlan, "2026-06-14", DueMet, 11},
			{10, himitsu.StepProgress, "2026-07-14", DueMet, 12}}},
		{"closed: what was open is no longer due", p, "2026-06-30", []item{
			{1, himitsu.StepAnswer, "2026-01-29", DueMet, 2},
			{3, himitsu.StepProgress, "2026-03-12", DueMet, 4},
			{5, himitsu.StepProgress, "2026-04-19", DueWithdrawn, 0},
			{10, himitsu.StepPlan, "2026-06-14", DueMet, 11},
			{10, himitsu.StepProgress, "2026-07-14", DueMet, 12}}},
		{"answered late", []himitsu.CaseStep{p[0], func() himitsu.CaseStep { s := p[1]; s.On = day("2026-02-02"); return s }()}, "2026-02-03",
			[]item{{1, himitsu.StepAnswer, "2026-01-29", DueMetLate, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Due(file(tt.steps), cfg, day(tt.today))
			if len(got) != len(tt.want) {
				t.Fatalf("got %d items %+v, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Step != w.step || g.What != w.what || g.Due != day(w.due) || g.Status != w.status || g.MetBy != w.metBy || g.CaseID != "case-1" || g.CarrierID != "a" {
					t.Errorf("item %d: got %+v, want %+v", i, g, w)
				}
			}
			open := OpenDue(file(tt.steps), cfg, day(tt.today))
			n := 0
			for _, w := range tt.want {
				if w.status.Open() {
					n++
				}
			}
			if len(open) != n {
				t.Errorf("OpenDue: got %d, want %d", len(open), n)
			}
		})
	}
}

func TestDefaultDue(t *testing.T) {
	cfg := Config{RequestAnswerDays: 10, GuidanceReportDays: 20, OrderPlanDays: 40}
	on := day("2026-01-01")
	for k, want := range map[himitsu.CaseStepKind]string{
		himitsu.StepReportRequest: "2026-01-11", himitsu.StepGuidance: "2026-01-21", himitsu.StepOrder: "2026-02-10", himitsu.StepClosure: "",
	} {
		got := cfg.DefaultDue(k, on)
		if want == "" {
			if !got.IsZero() {
				t.Errorf("%s: got %s, want none", k, got)
			}
		} else if got != day(want) {
			t.Errorf("%s: got %s, want %s", k, got, want)
		}
	}
}

func TestRecommend(t *testing.T) {
	grades := []Grade{{ID: "no-concern"}, {ID: "advice"}, {ID: "guidance", Label: himitsu.Text{JA: "行政指導のおそれ", EN: "Guidance likely"}}, {ID: "order-risk"}}
	run := func(grade string) *himitsu.AssessmentRun {
		return &himitsu.AssessmentRun{ID: 7, AsOf: day("2026-01-01"), Assessment: &himitsu.Assessment{Judgement: himitsu.Judgement{
			Overall: grade, Reasons: []himitsu.Text{{JA: "漏えいが認められる", EN: "a leak is established"}}}}}
	}
	p := fullPath()
	tests := []struct {
		name   string
		steps  []himitsu.CaseStep
		run    *himitsu.AssessmentRun
		today  string
		next   []himitsu.CaseStepKind
		reason string
	}{
		{"no run", nil, nil, "2026-01-11", []himitsu.CaseStepKind{himitsu.StepReportRequest}, "no assessment run"},
		{"guidance grade, nothing asked yet", nil, run("guidance"), "2026-01-11", []himitsu.CaseStepKind{himitsu.StepReportRequest}, "a leak is established"},
		{"guidance grade after a request", p[:2], run("guidance"), "2026-02-01", []himitsu.CaseStepKind{himitsu.StepGuidance}, "a leak is established"},
		{"ordered, plan overdue", p[:10], run("order-risk"), "2026-06-15", []himitsu.CaseStepKind{himitsu.StepOrderViolation}, ""},
		{"order risk, guidance given, report overdue", p[:5], run("order-risk"), "2026-04-25", []himitsu.CaseStepKind{himitsu.StepDecideOrder}, "Guidance has been given 2 time(s)"},
		{"order risk, no guidance yet", p[:2], run("order-risk"), "2026-02-01", []himitsu.CaseStepKind{himitsu.StepGuidance}, ""},
		{"order risk, nothing yet", nil, run("order-risk"), "2026-01-11", []himitsu.CaseStepKind{himitsu.StepReportRequest, himitsu.StepGuidance}, ""},
		{"decision pending", p[:7], run("order-risk"), "2026-04-26", []himitsu.CaseStepKind{himitsu.StepConsultation, himitsu.StepHearing}, ""},
		{"consulted", p[:8], run("order-risk"), "2026-05-02", []himitsu.CaseStepKind{himitsu.StepHearing}, ""},
		{"ready to order", p[:9], run("order-risk"), "2026-05-09", []himitsu.CaseStepKind{himitsu.StepOrder}, ""},
		{"ordered, on track", p[:12], run("order-risk"), "2026-06-12", []himitsu.CaseStepKind{himitsu.StepClosure}, ""},
		{"advice grade", p[:2], run("advice"), "2026-02-01", []himitsu.CaseStepKind{himitsu.StepClosure}, ""},
		{"closed", p, run("order-risk"), "2026-06-30", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Recommend(file(tt.steps), tt.run, grades, DefaultConfig(), day(tt.today))
			if len(r.Next) != len(tt.next) {
				t.Fatalf("next: got %v, want %v", r.Next, tt.next)
			}
			for i := range tt.next {
				if r.Next[i] != tt.next[i] {
					t.Fatalf("next: got %v, want %v", r.Next, tt.next)
				}
			}
			if len(r.Caveats) == 0 {
				t.Error("no caveats")
			}
			if tt.reason != "" {
				found := false
				for _, x := range r.Reasons {
					if x.EN != "" && contains(x.EN, tt.reason) {
						found = true
					}
				}
				if !found {
					t.Errorf("reasons %v do not say %q", r.Reasons, tt.reason)
				}
			}
			if tt.run != nil && tt.run.Assessment.Judgement.Overall == "guidance" && r.Grade.Label.EN != "Guidance likely" {
				t.Errorf("grade label: got %+v", r.Grade)
			}
		})
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
