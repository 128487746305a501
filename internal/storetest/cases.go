package storetest

import (
	"context"
	"sync"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

// CaseStore is a store with the regulator's case files.
type CaseStore interface {
	himitsu.Store
	himitsu.CaseService
	himitsu.RunService
	RecordLog(ctx context.Context, carrierID string, f himitsu.RecordLogFilter) ([]himitsu.RecordChange, error)
}

// RunCases runs the conformance suite of the case files. open must return
// a new, empty store for each call.
func RunCases(t *testing.T, open func(t *testing.T) CaseStore) {
	tests := []struct {
		name string
		fn   func(*testing.T, CaseStore)
	}{
		{"OpenAndRead", testCaseOpenAndRead},
		{"LinksMustExist", testCaseLinks},
		{"DuplicateAndUnknown", testCaseDuplicateAndUnknown},
		{"FullProcedure", testCaseFullProcedure},
		{"RefusedStepChangesNothing", testCaseRefusedStep},
		{"WithoutAccessorDenied", testCaseWithoutAccessor},
		{"ConcurrentStepsNumbered", testCaseConcurrentSteps},
		{"SurvivesReimportAndDelete", testCaseSurvives},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			rec, ev := Fixture("a")
			replace(t, s, rec, ev)
			tt.fn(t, s)
		})
	}
}

func caseDay(s string) himitsu.Date {
	d, err := himitsu.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func sampleCase(id string) himitsu.Case {
	return himitsu.Case{ID: id, CarrierID: "a", Title: "通話明細の誤送付", Origin: himitsu.OriginReport, OpenedOn: caseDay("2025-06-10"),
		Summary: "第28条報告を端緒とする", Incidents: []string{"inc-1"}, RegulatorReports: []string{"rep-1"}, Complaints: []string{"cmp-1"}}
}

func regulatorCtx() context.Context {
	return himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "user:examiner", Purpose: "case work"})
}

func testCaseOpenAndRead(t *testing.T, s CaseStore) {
	ctx := regulatorCtx()
	changes := len(changeLog(t, s, "a"))
	got, err := s.OpenCase(ctx, sampleCase("case-1"))
	if err != nil {
		t.Fatalf("OpenCase: %v", err)
	}
	if got.OpenedBy != "user:examiner" {
		t.Errorf("OpenedBy: got %q, want the accessor", got.OpenedBy)
	}
	reads := len(readLog(t, s, "a"))
	f, err := s.CaseFile(ctx, "a", "case-1")
	if err != nil {
		t.Fatalf("CaseFile: %v", err)
	}
	if d := Diff(f.Case, got); d != "" {
		t.Errorf("CaseFile returned %s", d)
	}
	if len(f.Steps) != 0 {
		t.Errorf("a new case has %d steps", len(f.Steps))
	}
	list, err := s.Cases(ctx, "a")
	if err != nil || len(list) != 1 || list[0].ID != "case-1" {
		t.Fatalf("Cases: got %v, %v", list, err)
	}
	if _, err := s.AddCaseStep(ctx, "a", "case-1", caseSteps()[0]); err != nil {
		t.Fatal(err)
	}
	c2 := sampleCase("case-2")
	c2.OpenedOn = caseDay("2025-07-01")
	if _, err := s.OpenCase(ctx, c2); err != nil {
		t.Fatal(err)
	}
	reads2 := len(readLog(t, s, "a"))
	files, err := s.CaseFiles(ctx, "a")
	if err != nil || len(files) != 2 || files[0].Case.ID != "case-2" || len(files[0].Steps) != 0 || len(files[1].Steps) != 1 || files[1].Steps[0].Seq != 1 {
		t.Fatalf("CaseFiles: got %+v, %v", files, err)
	}
	rl := readLog(t, s, "a")
	if len(rl) != reads2+1 {
		t.Fatalf("CaseFiles logged %d reads, want 1", len(rl)-reads2)
	}
	checkEntry(t, "CaseFiles read", rl[reads2], himitsu.ReadEntry{CarrierID: "a", Actor: "user:examiner", Purpose: "case work", What: "cases", Rows: 3})
	if len(rl) < reads+2 {
		t.Fatalf("read log: got %d new entries, want at least 2", len(rl)-reads)
	}
	checkEntry(t, "CaseFile read", rl[reads], himitsu.ReadEntry{CarrierID: "a", Actor: "user:examiner", Purpose: "case work", What: "cases", Rows: 1})
	cl := changeLog(t, s, "a")
	if len(cl) != changes+3 || cl[changes].Counts["cases"] != 1 || cl[changes+1].Counts["case_steps"] != 1 || cl[changes].Actor != "user:examiner" {
		t.Errorf("change log: got %+v", cl[changes:])
	}
	rcl, err := s.RecordLog(ctx, "a", himitsu.RecordLogFilter{Register: "cases", RecordID: "case-1"})
	if err != nil || len(rcl) != 1 {
		t.Errorf("record log: got %v, %v", rcl, err)
	}
}

func testCaseLinks(t *testing.T, s CaseStore) {
	ctx := regulatorCtx()
	for _, tt := range []struct {
		name  string
		mod   func(*himitsu.Case)
		field string
	}{
		{"unknown incident", func(c *himitsu.Case) { c.Incidents = []string{"inc-1", "inc-9"} }, "incidents[1]"},
		{"unknown report", func(c *himitsu.Case) { c.RegulatorReports = []string{"rep-9"} }, "regulator_reports[0]"},
		{"unknown complaint", func(c *himitsu.Case) { c.Complaints = []string{"cmp-9"} }, "complaints[0]"},
		{"unknown run", func(c *himitsu.Case) { c.AssessmentRun = 99 }, "assessment_run"},
		{"findings without run", func(c *himitsu.Case) { c.Findings = []string{"org.late-report"} }, "assessment_run"},
		{"bad origin", func(c *himitsu.Case) { c.Origin = "rumour" }, "origin"},
		{"no title", func(c *himitsu.Case) { c.Title = "" }, "title"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := sampleCase("case-x")
			tt.mod(&c)
			changes := len(changeLog(t, s, "a"))
			_, err := s.OpenCase(ctx, c)
			wantErr(t, "OpenCase", err, himitsu.KindInvalid, tt.field)
			if n := len(changeLog(t, s, "a")); n != changes {
				t.Errorf("a refused case left %d change entries", n-changes)
			}
			if _, err := s.CaseFile(ctx, "a", "case-x"); himitsu.ErrorKind(err) != himitsu.KindNotFound {
				t.Errorf("a refused case was kept: %v", err)
			}
		})
	}
	// A finding of a kept run links; one the run does not hold does not.
	run, err := s.SaveRun(ctx, himitsu.AssessmentRun{CarrierID: "a", Actor: "storetest", AsOf: caseDay("2025-06-01"),
		Assessment: &himitsu.Assessment{Findings: []himitsu.Finding{{Item: "5(3)(i)i", Rule: "org.late-report"}},
			Judgement: himitsu.Judgement{Overall: "guidance"}}})
	if err != nil {
		t.Fatal(err)
	}
	c := sampleCase("case-f")
	c.AssessmentRun, c.Findings = run.ID, []string{"org.late-report", "5(3)(i)i"}
	if _, err := s.OpenCase(ctx, c); err != nil {
		t.Fatalf("linking findings: %v", err)
	}
	c.ID, c.Findings = "case-g", []string{"tech.stale-grants"}
	_, err = s.OpenCase(ctx, c)
	wantErr(t, "unknown finding", err, himitsu.KindInvalid, "findings[0]")
}

func testCaseDuplicateAndUnknown(t *testing.T, s CaseStore) {
	ctx := regulatorCtx()
	if _, err := s.OpenCase(ctx, sampleCase("case-1")); err != nil {
		t.Fatal(err)
	}
	_, err := s.OpenCase(ctx, sampleCase("case-1"))
	wantErr(t, "duplicate", err, himitsu.KindConflict, "id")
	c := sampleCase("case-2")
	c.CarrierID = "nobody"
	_, err = s.OpenCase(ctx, c)
	wantErr(t, "unknown carrier", err, himitsu.KindNotFound, "")
	_, err = s.CaseFile(ctx, "a", "case-9")
	wantErr(t, "unknown case", err, himitsu.KindNotFound, "id")
	_, err = s.Cases(ctx, "nobody")
	wantErr(t, "cases of unknown carrier", err, himitsu.KindNotFound, "")
	_, err = s.CaseFiles(ctx, "nobody")
	wantErr(t, "case files of unknown carrier", err, himitsu.KindNotFound, "")
	_, err = s.AddCaseStep(ctx, "a", "case-9", himitsu.CaseStep{Kind: himitsu.StepClosure, On: caseDay("2025-07-01"), Actor: "x", Reasons: "y"})
	wantErr(t, "step of unknown case", err, himitsu.KindNotFound, "id")
}

// caseSteps is the procedure of the issue, as the store is given it (no
// Seq; refers left to the procedure where it is obvious).
func caseSteps() []himitsu.CaseStep {
	reg := func(k himitsu.CaseStepKind, on string) himitsu.CaseStep {
		return himitsu.CaseStep{Kind: k, On: caseDay(on), Actor: "総務 一郎", Reasons: "漏えいの報告を受けて"}
	}
	car := func(k himitsu.CaseStepKind, on string) himitsu.CaseStep {
		return himitsu.CaseStep{Kind: k, On: caseDay(on), Actor: "法務 次郎", Text: "報告の内容"}
	}
	req := reg(himitsu.StepReportRequest, "2025-06-12")
	req.Text, req.DueOn = "経緯と原因", caseDay("2025-06-26")
	g1 := reg(himitsu.StepGuidance, "2025-07-10")
	g1.Measures, g1.ReportsDue = []string{"再発防止策"}, []himitsu.Date{caseDay("2025-08-10")}
	g2 := reg(himitsu.StepGuidance, "2025-08-20")
	g2.Measures, g2.ReportsDue = []string{"委託先の監督"}, []himitsu.Date{caseDay("2025-09-20")}
	cons := reg(himitsu.StepConsultation, "2025-10-01")
	cons.AnsweredOn, cons.Answer = caseDay("2025-10-15"), "命令は相当"
	hear := reg(himitsu.StepHearing, "2025-10-20")
	hear.Presiding = "委員 花子"
	ord := reg(himitsu.StepOrder, "2025-11-01")
	ord.Measures, ord.DueOn, ord.ReportsDue = []string{"体制の見直し"}, caseDay("2025-12-01"), []himitsu.Date{caseDay("2026-02-01")}
	return []himitsu.CaseStep{req, car(himitsu.StepAnswer, "2025-06-20"), g1, car(himitsu.StepProgress, "2025-08-05"), g2,
		reg(himitsu.StepDecideOrder, "2025-09-25"), cons, hear, ord, car(himitsu.StepPlan, "2025-11-20"),
		car(himitsu.StepProgress, "2026-01-20"), reg(himitsu.StepClosure, "2026-03-01")}
}

func testCaseFullProcedure(t *testing.T, s CaseStore) {
	ctx := regulatorCtx()
	if _, err := s.OpenCase(ctx, sampleCase("case-1")); err != nil {
		t.Fatal(err)
	}
	steps := caseSteps()
	for i, st := range steps {
		got, err := s.AddCaseStep(ctx, "a", "case-1", st)
		if err != nil {
			t.Fatalf("step %d (%s): %v", i+1, st.Kind, err)
		}
		if got.Seq != i+1 || got.CaseID != "case-1" || got.RecordedBy != "user:examiner" || got.RecordedAt.IsZero() {
			t.Errorf("step %d: got seq %d case %q recorded by %q at %v", i+1, got.Seq, got.CaseID, got.RecordedBy, got.RecordedAt)
		}
	}
	f, err := s.CaseFile(ctx, "a", "case-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Steps) != len(steps) {
		t.Fatalf("got %d steps, want %d", len(f.Steps), len(steps))
	}
	// The answer was taken as answering the request (step 1), the plan
	// as following the order (step 9); what was stored is read back.
	if f.Steps[1].Refers != 1 || f.Steps[9].Refers != 9 {
		t.Errorf("refers: answer %d, plan %d", f.Steps[1].Refers, f.Steps[9].Refers)
	}
	if got := f.Steps[8]; len(got.Measures) != 1 || got.DueOn != caseDay("2025-12-01") || len(got.ReportsDue) != 1 {
		t.Errorf("order read back: %+v", got)
	}
	if got := f.Steps[6]; got.Answer != "命令は相当" || got.AnsweredOn != caseDay("2025-10-15") {
		t.Errorf("consultation read back: %+v", got)
	}
	cl := changeLog(t, s, "a")
	if last := cl[len(cl)-1]; last.Counts["case_steps"] != 1 {
		t.Errorf("last change: %+v", last)
	}
	// A progress report on the closed case is refused.
	_, err = s.AddCaseStep(ctx, "a", "case-1", himitsu.CaseStep{Kind: himitsu.StepProgress, On: caseDay("2026-03-02"), Actor: "x", Text: "y"})
	wantErr(t, "progress on closed case", err, himitsu.KindInvalid, "kind")
}

func testCaseRefusedStep(t *testing.T, s CaseStore) {
	ctx := regulatorCtx()
	if _, err := s.OpenCase(ctx, sampleCase("case-1")); err != nil {
		t.Fatal(err)
	}
	steps := caseSteps()
	for _, st := range steps[:6] { // up to the decision to pursue
		if _, err := s.AddCaseStep(ctx, "a", "case-1", st); err != nil {
			t.Fatal(err)
		}
	}
	changes, reads := len(changeLog(t, s, "a")), len(readLog(t, s, "a"))
	_, err := s.AddCaseStep(ctx, "a", "case-1", steps[8]) // the order, without consultation and hearing
	wantErr(t, "order without consultation and hearing", err, himitsu.KindInvalid, "kind")
	if msg := err.(interface{ Localized(string) string }).Localized("ja"); !containsText(msg, "諮問") || !containsText(msg, "聴聞") {
		t.Errorf("Japanese message names neither consultation nor hearing: %q", msg)
	}
	if n := len(changeLog(t, s, "a")); n != changes {
		t.Errorf("a refused step left %d change entries", n-changes)
	}
	if n := len(readLog(t, s, "a")); n != reads {
		t.Errorf("checking a step logged %d reads", n-reads)
	}
	f, err := s.CaseFile(ctx, "a", "case-1")
	if err != nil || len(f.Steps) != 6 {
		t.Fatalf("after the refusal: %d steps, %v", len(f.Steps), err)
	}
	// Dated before the previous step.
	early := steps[6]
	early.On = caseDay("2025-09-01")
	_, err = s.AddCaseStep(ctx, "a", "case-1", early)
	wantErr(t, "dated before", err, himitsu.KindInvalid, "on")
}

func containsText(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func testCaseWithoutAccessor(t *testing.T, s CaseStore) {
	ctx := context.Background()
	_, err := s.OpenCase(ctx, sampleCase("case-1"))
	wantErr(t, "OpenCase", err, himitsu.KindPermission, "")
	if _, err := s.OpenCase(regulatorCtx(), sampleCase("case-1")); err != nil {
		t.Fatal(err)
	}
	_, err = s.Cases(ctx, "a")
	wantErr(t, "Cases", err, himitsu.KindPermission, "")
	_, err = s.CaseFile(ctx, "a", "case-1")
	wantErr(t, "CaseFile", err, himitsu.KindPermission, "")
	_, err = s.CaseFiles(ctx, "a")
	wantErr(t, "CaseFiles", err, himitsu.KindPermission, "")
	_, err = s.AddCaseStep(ctx, "a", "case-1", caseSteps()[0])
	wantErr(t, "AddCaseStep", err, himitsu.KindPermission, "")
}

// testCaseConcurrentSteps: steps recorded at the same time get distinct
// numbers, or the later one is told to reload; none is lost silently.
func testCaseConcurrentSteps(t *testing.T, s CaseStore) {
	ctx := regulatorCtx()
	if _, err := s.OpenCase(ctx, sampleCase("case-1")); err != nil {
		t.Fatal(err)
	}
	const n = 6
	var wg sync.WaitGroup
	seqs := make([]int, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := caseSteps()[0]
			got, err := s.AddCaseStep(ctx, "a", "case-1", st)
			seqs[i], errs[i] = got.Seq, err
		}()
	}
	wg.Wait()
	seen := map[int]bool{}
	ok := 0
	for i := range n {
		if errs[i] != nil {
			if k := himitsu.ErrorKind(errs[i]); k != himitsu.KindConflict {
				t.Errorf("concurrent step: %v", errs[i])
			}
			continue
		}
		if seen[seqs[i]] {
			t.Errorf("seq %d given twice", seqs[i])
		}
		seen[seqs[i]] = true
		ok++
	}
	f, err := s.CaseFile(ctx, "a", "case-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Steps) != ok || ok == 0 {
		t.Errorf("%d steps stored, %d calls succeeded", len(f.Steps), ok)
	}
}

func testCaseSurvives(t *testing.T, s CaseStore) {
	ctx := regulatorCtx()
	if _, err := s.OpenCase(ctx, sampleCase("case-1")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCaseStep(ctx, "a", "case-1", caseSteps()[0]); err != nil {
		t.Fatal(err)
	}
	rec, ev := Fixture("a")
	replace(t, s, rec, ev)
	f, err := s.CaseFile(ctx, "a", "case-1")
	if err != nil || len(f.Steps) != 1 {
		t.Fatalf("after re-import: %d steps, %v", len(f.Steps), err)
	}
	// The regulator's file outlives the carrier's records.
	if err := s.DeleteCarrier(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	f, err = s.CaseFile(ctx, "a", "case-1")
	if err != nil || len(f.Steps) != 1 {
		t.Fatalf("after DeleteCarrier: %d steps, %v", len(f.Steps), err)
	}
}
