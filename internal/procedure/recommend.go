package procedure

import (
	"fmt"

	"github.com/himitsu-oss/himitsu"
)

// Grade is one grade of the engine's ladder (the catalog's judgement
// grades), as the recommendation names it.
type Grade struct {
	ID      string       `json:"id"`
	Label   himitsu.Text `json:"label"`
	Meaning himitsu.Text `json:"meaning"`
}

// Recommendation is what the engine says beside a case: the grade of the
// carrier's latest assessment with its reasons, the next steps the grade
// and the state of the case point to, what in the case weighs, and the
// guideline's caveats. It decides nothing: the official decides and
// records the decision with its reasons (a recommendation-reviewed step,
// or the step itself).
type Recommendation struct {
	// Grade is the overall grade of the assessment run (empty when the
	// carrier has no run); Run and AsOf identify it.
	Grade   Grade                  `json:"grade"`
	Run     int64                  `json:"run,omitempty"`
	AsOf    himitsu.Date           `json:"as_of,omitzero"`
	Stage   Stage                  `json:"stage"`
	Next    []himitsu.CaseStepKind `json:"next"`
	Reasons []himitsu.Text         `json:"reasons"`
	Caveats []himitsu.Text         `json:"caveats"`
}

// Caveats are the guideline's limits on reading a grade, in the project's
// own words.
var Caveats = []himitsu.Text{
	{JA: "想定事例に該当する行為が一つあるだけで業務改善命令が発出されるとは限らない。支障の有無は第29条第1項第1号に照らし個別に、全体を見て判断される（発動指針5柱書）。",
		EN: "One act matching an assumed case does not by itself lead to an order: whether there is a hindrance is judged case by case under Art. 29(1)(i), looking at the whole (Guidelines §5, opening)."},
	{JA: "第4条第1項の通信の秘密の侵害が現に認められれば、原則として通信の秘密の確保に支障があるものとされる（発動指針4(2)）。",
		EN: "An established infringement of secrecy under Art. 4(1) is in principle a hindrance (Guidelines §4(2))."},
	{JA: "業務の方法は社内規程の文言ではなく実際の運用（委託先を含む）で判断される（発動指針3）。",
		EN: "The means of conducting operations are judged by actual practice, contractors included, not by written rules alone (Guidelines §3)."},
	{JA: "命令の前には電気通信紛争処理委員会への諮問（第160条）と委員が主宰する聴聞（第161条）が必要である。",
		EN: "Before an order, the Dispute Settlement Commission must be consulted (Art. 160) and a hearing presided over by its members held (Art. 161)."},
	{JA: "この評価は本プロジェクトの読み方であり、総務省の判断を予測するものではない。判断とその理由は担当者が記録する。",
		EN: "The grade is this project's reading, not a prediction of MIC's decision; the official decides and records the reasons."},
}

// Recommend puts the engine's view beside a case. run is the carrier's
// latest assessment run with its result, or nil; grades is the ladder,
// lowest first.
func Recommend(f himitsu.CaseFile, run *himitsu.AssessmentRun, grades []Grade, cfg Config, today himitsu.Date) Recommendation {
	r := Recommendation{Stage: StageOf(f.Steps), Caveats: Caveats, Next: []himitsu.CaseStepKind{}, Reasons: []himitsu.Text{}}
	if run != nil && run.Assessment != nil {
		r.Run, r.AsOf = run.ID, run.AsOf
		r.Grade = Grade{ID: run.Assessment.Judgement.Overall}
		for _, g := range grades {
			if g.ID == r.Grade.ID {
				r.Grade = g
			}
		}
		r.Reasons = append(r.Reasons, run.Assessment.Judgement.Reasons...)
	} else {
		r.Reasons = append(r.Reasons, himitsu.Text{JA: "この事業者の評価結果がない。評価を実行すると推奨が示される。",
			EN: "The carrier has no assessment run; run one to see the engine's grade."})
	}

	// What in the case weighs: guidance already given, deadlines missed.
	var guidance, requests int
	for _, s := range f.Steps {
		switch s.Kind {
		case himitsu.StepGuidance:
			guidance++
		case himitsu.StepReportRequest, himitsu.StepInspection:
			requests++
		}
	}
	var overdue, late, overdueOrder int
	lastOrder := lastOf(f.Steps, himitsu.StepOrder)
	for _, it := range Due(f, cfg, today) {
		switch it.Status {
		case DueOverdue:
			overdue++
			if lastOrder >= 0 && it.Step == f.Steps[lastOrder].Seq {
				overdueOrder++
			}
		case DueMetLate:
			late++
		}
	}
	if guidance > 0 {
		r.Reasons = append(r.Reasons, himitsu.Text{JA: fmt.Sprintf("この事案では既に %d 回の行政指導が行われている。", guidance),
			EN: fmt.Sprintf("Guidance has been given %d time(s) in this case.", guidance)})
	}
	if overdue+late > 0 {
		r.Reasons = append(r.Reasons, himitsu.Text{JA: fmt.Sprintf("事業者の回答・報告のうち期限超過が %d 件、遅れて提出されたものが %d 件ある。", overdue, late),
			EN: fmt.Sprintf("Of what the carrier owes, %d item(s) are overdue and %d came late.", overdue, late)})
	}

	switch r.Stage {
	case StageClosed:
		return r
	case StageReferred:
		r.Next = []himitsu.CaseStepKind{himitsu.StepClosure}
		return r
	case StageViolated:
		r.Next = []himitsu.CaseStepKind{himitsu.StepReferral}
		return r
	case StageOrdered:
		r.Next = []himitsu.CaseStepKind{himitsu.StepClosure}
		if overdueOrder > 0 {
			// What the order asks is overdue: whether that is a violation
			// is the official's finding.
			r.Next = []himitsu.CaseStepKind{himitsu.StepOrderViolation}
		}
		return r
	case StagePursuingOrder:
		d := pendingDecision(f.Steps)
		if lastOf(f.Steps, himitsu.StepConsultation) < d {
			r.Next = append(r.Next, himitsu.StepConsultation)
		}
		if lastOf(f.Steps, himitsu.StepHearing) < d {
			r.Next = append(r.Next, himitsu.StepHearing)
		}
		if len(r.Next) == 0 {
			r.Next = []himitsu.CaseStepKind{himitsu.StepOrder}
		}
		return r
	}
	switch r.Grade.ID {
	case "order-risk":
		// Guidance first, as in every published case; an order when
		// guidance was given and its asks are not met.
		switch {
		case guidance > 0 && overdue+late > 0:
			r.Next = []himitsu.CaseStepKind{himitsu.StepDecideOrder}
		case requests == 0:
			r.Next = []himitsu.CaseStepKind{himitsu.StepReportRequest, himitsu.StepGuidance}
		default:
			r.Next = []himitsu.CaseStepKind{himitsu.StepGuidance}
		}
	case "guidance":
		if requests == 0 {
			r.Next = []himitsu.CaseStepKind{himitsu.StepReportRequest}
		} else {
			r.Next = []himitsu.CaseStepKind{himitsu.StepGuidance}
		}
	case "advice", "no-concern":
		if overdue == 0 {
			r.Next = []himitsu.CaseStepKind{himitsu.StepClosure}
		}
	default:
		r.Next = []himitsu.CaseStepKind{himitsu.StepReportRequest}
	}
	return r
}
