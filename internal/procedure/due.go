package procedure

import (
	"slices"

	"github.com/himitsu-oss/himitsu"
)

// Config holds the periods the law leaves to the regulator. Art. 166
// sets no period for an answer and the Act none for reports under
// guidance or an order: each request names its own deadline. These are
// only the defaults a form offers when the official has not yet chosen
// one [verify against the bureaus' practice]; a step always records the
// deadline it actually set.
type Config struct {
	RequestAnswerDays  int // a request for reports: days until the answer is due
	GuidanceReportDays int // guidance: days until the first report on the measures
	OrderPlanDays      int // an order: days until the improvement plan is due
	OrderReportDays    int // an order: days until the first progress report
	// DueSoonDays marks an open item as due soon this many days ahead.
	DueSoonDays int
}

// DefaultConfig is the configuration `himitsu serve` starts from.
func DefaultConfig() Config {
	return Config{RequestAnswerDays: 14, GuidanceReportDays: 30, OrderPlanDays: 30, OrderReportDays: 90, DueSoonDays: 7}
}

// DefaultDue is the deadline a form offers for a step of kind k dated on;
// zero for a kind that sets none.
func (c Config) DefaultDue(k himitsu.CaseStepKind, on himitsu.Date) himitsu.Date {
	switch k {
	case himitsu.StepReportRequest:
		return on.AddDays(c.RequestAnswerDays)
	case himitsu.StepGuidance:
		return on.AddDays(c.GuidanceReportDays)
	case himitsu.StepOrder:
		return on.AddDays(c.OrderPlanDays)
	}
	return himitsu.Date{}
}

// DueStatus is where a due item stands.
type DueStatus string

const (
	DueOpen      DueStatus = "due"      // not yet met, deadline not passed
	DueSoon      DueStatus = "due-soon" // not yet met, deadline within DueSoonDays
	DueOverdue   DueStatus = "overdue"  // not met, deadline passed
	DueMet       DueStatus = "met"      // met on or before the deadline
	DueMetLate   DueStatus = "met-late" // met after the deadline
	DueWithdrawn DueStatus = "closed"   // not met, but the case is closed
)

// Open reports whether the item still waits for the carrier.
func (s DueStatus) Open() bool { return s == DueOpen || s == DueSoon || s == DueOverdue }

// DueItem is one thing the carrier owes in a case, with its deadline.
// The deadline board merges these with the incident deadlines; it
// needs nothing but this value.
type DueItem struct {
	CarrierID string `json:"carrier_id"`
	CaseID    string `json:"case_id"`
	// Step is the Seq of the step that set the deadline; What is the kind
	// of step that meets it.
	Step  int                  `json:"step"`
	What  himitsu.CaseStepKind `json:"what"`
	Label himitsu.Text         `json:"label"`
	Due   himitsu.Date         `json:"due"`
	// Status as of the day Due was computed; MetBy is the Seq of the step
	// that met the item (0 when open) and MetOn its date.
	Status DueStatus    `json:"status"`
	MetBy  int          `json:"met_by,omitempty"`
	MetOn  himitsu.Date `json:"met_on,omitzero"`
}

// Due lists what a case asks of the carrier and whether it was done, in
// the order of the steps that asked: the answer to each request with a
// deadline (met by the first answer to it), the reports guidance asks for
// (each met by the next answer or progress report referring to it), the
// improvement plan an order asks for (met by a plan referring to it) and
// the progress reports it asks for. today decides what is overdue.
func Due(f himitsu.CaseFile, cfg Config, today himitsu.Date) []DueItem {
	closed := lastOf(f.Steps, himitsu.StepClosure) >= 0
	out := []DueItem{}
	add := func(set himitsu.CaseStep, what himitsu.CaseStepKind, label himitsu.Text, due himitsu.Date, met *himitsu.CaseStep) {
		it := DueItem{CarrierID: f.Case.CarrierID, CaseID: f.Case.ID, Step: set.Seq, What: what, Label: label, Due: due}
		switch {
		case met != nil:
			it.MetBy, it.MetOn = met.Seq, met.On
			it.Status = DueMet
			if met.On.After(due) {
				it.Status = DueMetLate
			}
		case closed:
			it.Status = DueWithdrawn
		case today.After(due):
			it.Status = DueOverdue
		case today.DaysUntil(due) <= cfg.DueSoonDays:
			it.Status = DueSoon
		default:
			it.Status = DueOpen
		}
		out = append(out, it)
	}
	// byRefers groups the steps that refer to an earlier one, in order,
	// so that the whole list costs one pass over the steps.
	byRefers := map[int][]himitsu.CaseStep{}
	for _, s := range f.Steps {
		if s.Refers != 0 {
			byRefers[s.Refers] = append(byRefers[s.Refers], s)
		}
	}
	// responses returns the steps of the kinds that refer to seq, in order.
	responses := func(seq int, kinds ...himitsu.CaseStepKind) []himitsu.CaseStep {
		var rs []himitsu.CaseStep
		for _, s := range byRefers[seq] {
			if slices.Contains(kinds, s.Kind) {
				rs = append(rs, s)
			}
		}
		return rs
	}
	nth := func(rs []himitsu.CaseStep, i int) *himitsu.CaseStep {
		if i < len(rs) {
			return &rs[i]
		}
		return nil
	}
	for _, s := range f.Steps {
		switch s.Kind {
		case himitsu.StepReportRequest, himitsu.StepInspection:
			if !s.DueOn.IsZero() {
				add(s, himitsu.StepAnswer, himitsu.Text{JA: "報告徴収への回答", EN: "Answer to the request"}, s.DueOn,
					nth(responses(s.Seq, himitsu.StepAnswer), 0))
			}
		case himitsu.StepGuidance:
			rs := responses(s.Seq, himitsu.StepAnswer, himitsu.StepProgress)
			for i, d := range s.ReportsDue {
				add(s, himitsu.StepProgress, himitsu.Text{JA: "行政指導に基づく報告", EN: "Report under the guidance"}, d, nth(rs, i))
			}
		case himitsu.StepOrder:
			if !s.DueOn.IsZero() {
				add(s, himitsu.StepPlan, himitsu.Text{JA: "業務改善計画の提出", EN: "Improvement plan"}, s.DueOn,
					nth(responses(s.Seq, himitsu.StepPlan), 0))
			}
			rs := responses(s.Seq, himitsu.StepProgress)
			for i, d := range s.ReportsDue {
				add(s, himitsu.StepProgress, himitsu.Text{JA: "命令に基づく実施状況の報告", EN: "Progress report under the order"}, d, nth(rs, i))
			}
		}
	}
	return out
}

// OpenDue returns the items of Due that still wait for the carrier:
// what the deadline board shows.
func OpenDue(f himitsu.CaseFile, cfg Config, today himitsu.Date) []DueItem {
	out := []DueItem{}
	for _, it := range Due(f, cfg, today) {
		if it.Status.Open() {
			out = append(out, it)
		}
	}
	return out
}
