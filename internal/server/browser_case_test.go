package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auth"
)

// TestBrowserCase takes a case through the regulator's procedure in the
// browser, as the "done when" says: from the carrier's Art. 28
// report through a request for reports, two rounds of guidance, the
// decision to pursue an order, the consultation, the hearing and the
// order, to the improvement plan, progress reports and closure. The
// regulator and the carrier's administrator each work in a browser of
// their own. Two refused steps (an order without consultation and
// hearing; a progress report on a closed case) show their message and
// change nothing.
func TestBrowserCase(t *testing.T) {
	chrome, shots, st := browserSetup(t)
	ctx0 := context.Background()
	cfg := Defaults()
	cfg.Password = auth.TestParams()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg.Now = func() time.Time { return time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC) }
	srv, err := New(cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	srv.SetBaseURL(hs.URL)
	link, err := srv.SetupLink(ctx0)
	if err != nil {
		t.Fatal(err)
	}

	shot := func(ctx context.Context, name string) {
		t.Helper()
		b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func(ctx context.Context, sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	do := func(ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for i, st := range steps {
			sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err := chromedp.Do(sctx, st)
			cancel()
			if err != nil {
				if b, serr := chromedp.Run(ctx, chromedp.CaptureScreenshot()); serr == nil {
					os.WriteFile(filepath.Join(shots, "case-failed.png"), b, 0o644)
				}
				t.Fatalf("%s, step %d: %v", what, i+1, err)
			}
		}
	}
	count := func(ctx context.Context, sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	// The carrier's administrator sets up, imports the example and runs
	// an assessment, so that the engine's recommendation has a grade.
	carrier := browser(t, chrome)
	do(carrier, "viewport", chromedp.EmulateViewport(1366, 900))
	do(carrier, "setup", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#setup-submit")),
		chromedp.SetValue(chromedp.CSS("#name"), "admin"), chromedp.SetValue(chromedp.CSS("#display_name"), "法務 次郎"),
		chromedp.SetValue(chromedp.CSS("#password"), "correct horse battery staple"), chromedp.SetValue(chromedp.CSS("#lang"), "ja"),
		chromedp.Click(chromedp.CSS("#setup-submit")), chromedp.WaitVisible(chromedp.CSS("#logout")))
	do(carrier, "upload", chromedp.Navigate(hs.URL+"/import"), chromedp.WaitVisible(chromedp.CSS("#bundle-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#bundle-file"), []string{zipExample(t)}),
		chromedp.Click(chromedp.CSS("#upload")), chromedp.WaitVisible(chromedp.CSS("#import-done")))
	base := hs.URL + "/c/minato-mobile"
	do(carrier, "assess", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#run-assessment")),
		chromedp.Click(chromedp.CSS("#run-assessment")), chromedp.WaitVisible(chromedp.CSS("#findings")))

	// The regulator, in a browser context of its own.
	if _, err := srv.CreateUser(ctx0, NewUser{Name: "mic", DisplayName: "総務 一郎", Password: "a long regulator password", Role: himitsu.RoleRegulator, Lang: "ja", Carriers: []string{"minato-mobile"}}); err != nil {
		t.Fatal(err)
	}
	reg, cancel := chromedp.NewContext(carrier, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(reg); err != nil {
		t.Fatal(err)
	}
	do(reg, "regulator login", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(hs.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#login-submit")),
		chromedp.SetValue(chromedp.CSS("#name"), "mic"), chromedp.SetValue(chromedp.CSS("#password"), "a long regulator password"),
		chromedp.Click(chromedp.CSS("#login-submit")), chromedp.WaitVisible(chromedp.CSS("#logout")))

	// The regulator opens the case from the Art. 28 report.
	do(reg, "open case", chromedp.Navigate(base+"/cases"), chromedp.WaitVisible(chromedp.CSS("#open-case")),
		chromedp.SetValue(chromedp.CSS("#case-id"), "kanto-2026-017"), chromedp.SetValue(chromedp.CSS("#case-opened-on"), "2026-08-25"),
		chromedp.SetValue(chromedp.CSS("#case-title"), "通信履歴の漏えい（第28条報告）"), chromedp.SetValue(chromedp.CSS("#case-origin"), "tba-28-report"),
		chromedp.SetValue(chromedp.CSS("#case-incidents"), "inc-2026-01"), chromedp.SetValue(chromedp.CSS("#case-reports"), "rep-001"),
		chromedp.Click(chromedp.CSS("#case-open-submit")), chromedp.WaitVisible(chromedp.CSS("#case")))
	caseURL := base + "/cases/kanto-2026-017"
	if got := text(reg, "#case"); !strings.Contains(got, "inc-2026-01") || !strings.Contains(got, "rep-001") {
		t.Errorf("the case does not link the incident and the report: %q", got)
	}
	shot(reg, "case-opened-ja")

	// step records one step through the form of its kind and waits for
	// it to be listed as step number seq.
	nSteps := 0
	step := func(ctx context.Context, kind string, fields map[string]string) {
		t.Helper()
		nSteps++
		acts := []chromedp.Action[chromedp.Void]{chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.CSS("#step-forms")),
			chromedp.Click(chromedp.CSS("#form-" + kind + " > summary"))}
		for f, v := range fields {
			acts = append(acts, chromedp.SetValue(chromedp.CSS("#f-"+kind+"-"+f), v))
		}
		acts = append(acts, chromedp.Click(chromedp.CSS("#submit-"+kind)), chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#step-%d", nSteps))))
		do(ctx, fmt.Sprintf("step %d (%s)", nSteps, kind), acts...)
		if got := text(ctx, fmt.Sprintf("#step-%d", nSteps)); got == "" {
			t.Fatalf("step %d is not shown", nSteps)
		}
	}
	step(reg, "report-request", map[string]string{"on": "2026-08-28", "document": "総基通第17号", "text": "漏えいの経緯、原因及び影響の範囲", "due_on": "2026-09-11", "reasons": "第28条の報告を受け、事実関係を確認するため"})
	step(carrier, "answer", map[string]string{"on": "2026-09-10", "text": "経緯と原因、影響を受けた利用者数を報告する"})
	step(reg, "guidance", map[string]string{"on": "2026-09-18", "measures": "アクセス権限の見直し\n委託先の監督の強化", "reports_due": "2026-09-30", "reasons": "報告から安全管理措置の不備が認められるため"})
	step(carrier, "progress-report", map[string]string{"on": "2026-09-29", "text": "権限の棚卸しを完了した"})
	step(reg, "guidance", map[string]string{"on": "2026-10-02", "measures": "再発防止策の実効性の検証", "reports_due": "2026-10-09", "reasons": "一回目の指導後も委託先の監督が不十分であるため"})
	do(reg, "recommendation", chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.CSS("#recommendation")))
	if got := text(reg, "#rec-caveats"); !strings.Contains(got, "発動指針5") {
		t.Errorf("the recommendation does not carry the guideline's caveats: %q", got)
	}
	shot(reg, "case-recommendation-ja")
	step(reg, "recommendation-reviewed", map[string]string{"on": "2026-10-10", "follows": "no", "reasons": "二回の指導に対する報告が期限を過ぎており、命令の検討が必要と判断した"})
	step(reg, "decide-order", map[string]string{"on": "2026-10-10", "reasons": "二回の行政指導によっても改善されないため"})

	// Refused: the order before the consultation and the hearing.
	do(reg, "refused order", chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.CSS("#step-forms")),
		chromedp.Click(chromedp.CSS("#form-order > summary")),
		chromedp.SetValue(chromedp.CSS("#f-order-on"), "2026-10-12"), chromedp.SetValue(chromedp.CSS("#f-order-measures"), "体制の見直し"),
		chromedp.SetValue(chromedp.CSS("#f-order-reasons"), "改善が見られないため"),
		chromedp.Click(chromedp.CSS("#submit-order")), chromedp.WaitVisible(chromedp.CSS("#case-error")))
	if got := text(reg, "#case-error"); !strings.Contains(got, "諮問") || !strings.Contains(got, "聴聞") {
		t.Errorf("refused order: got %q, want the missing consultation and hearing named", got)
	}
	if n := count(reg, "#steps tr.step"); n != nSteps {
		t.Errorf("after the refused order: %d steps shown, want %d", n, nSteps)
	}
	if got, err := chromedp.Run(reg, chromedp.Value(chromedp.CSS("#f-order-measures"))); err != nil || got != "体制の見直し" {
		t.Errorf("the refused form does not keep what was typed: %q, %v", got, err)
	}
	shot(reg, "case-refused-order-ja")

	step(reg, "consultation", map[string]string{"on": "2026-10-13", "answered_on": "2026-10-16", "answer": "命令を発出することは相当である", "reasons": "第160条により諮問する"})
	step(reg, "hearing", map[string]string{"on": "2026-10-19", "presiding": "電気通信紛争処理委員会 委員 花子", "text": "事業者の意見を聴取した", "reasons": "第161条により聴聞を行う"})
	step(reg, "order", map[string]string{"on": "2026-10-20", "document": "総基通第99号", "measures": "アクセス権限管理の体制の整備\n委託先の監督体制の整備",
		"due_on": "2026-10-25", "reports_due": "2026-10-30", "reasons": "通信の秘密の確保に支障があるため（第29条第1項第1号）"})
	step(carrier, "improvement-plan", map[string]string{"on": "2026-10-24", "measures": "権限管理の自動化", "text": "業務改善計画を提出する"})
	step(carrier, "progress-report", map[string]string{"on": "2026-10-29", "text": "計画の第一段階を完了した"})

	// The carrier's view: what was asked and answered, what is due.
	do(carrier, "carrier view", chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.CSS("#due")))
	if n := count(carrier, "#due tr.due-met"); n < 4 {
		t.Errorf("the carrier's view shows %d items met, want the answer, the guidance report, the plan and the progress report", n)
	}
	shot(carrier, "case-carrier-ja")

	// The carrier has the page open when the regulator closes the case.
	do(carrier, "stale page", chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.CSS("#step-forms")))
	step(reg, "closure", map[string]string{"on": "2026-10-31", "reasons": "命令に基づく措置の実施が確認されたため"})
	if got := text(reg, "#case-stage"); got != "終結" {
		t.Errorf("stage after closure: got %q", got)
	}
	shot(reg, "case-closed-ja")
	do(carrier, "refused progress report", chromedp.Click(chromedp.CSS("#form-progress-report > summary")),
		chromedp.SetValue(chromedp.CSS("#f-progress-report-on"), "2026-11-01"),
		chromedp.SetValue(chromedp.CSS("#f-progress-report-text"), "追加の報告"),
		chromedp.Click(chromedp.CSS("#submit-progress-report")), chromedp.WaitVisible(chromedp.CSS("#case-error")))
	if got := text(carrier, "#case-error"); !strings.Contains(got, "終結") {
		t.Errorf("refused progress report: got %q, want the closure named", got)
	}
	if n := count(carrier, "#steps tr.step"); n != nSteps {
		t.Errorf("after the refused progress report: %d steps shown, want %d", n, nSteps)
	}
	shot(carrier, "case-refused-progress-ja")

	// The store holds exactly the steps recorded, and the reads of the
	// case are in the read log under the users who read it.
	rctx := himitsu.WithAccessor(ctx0, himitsu.Accessor{Actor: "test", Purpose: "check"})
	f, err := st.CaseFile(rctx, "minato-mobile", "kanto-2026-017")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Steps) != nSteps {
		t.Errorf("stored steps: got %d, want %d", len(f.Steps), nSteps)
	}
	reads, err := st.ReadLog(ctx0, "minato-mobile")
	if err != nil {
		t.Fatal(err)
	}
	readers := map[string]bool{}
	for _, e := range reads {
		if e.What == "cases" {
			readers[e.Actor] = true
		}
	}
	if !readers["user:mic"] || !readers["user:admin"] {
		t.Errorf("case reads logged for %v, want both the regulator and the carrier", readers)
	}

	// The regulator's view across carriers lists the case.
	do(reg, "regulator view", chromedp.Navigate(hs.URL+"/regulator/cases"), chromedp.WaitVisible(chromedp.CSS("#regulator-cases")))
	if got := text(reg, "#regulator-cases"); !strings.Contains(got, "kanto-2026-017") || !strings.Contains(got, "終結") {
		t.Errorf("regulator's view: %q", got)
	}
	shot(reg, "cases-regulator-ja")

	// The same case in English.
	do(reg, "english", chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.CSS("#lang-select")),
		chromedp.SetValue(chromedp.CSS("#lang-select"), "en"), chromedp.Submit(chromedp.CSS("#lang-select")),
		chromedp.Sleep(300*time.Millisecond), chromedp.WaitVisible(chromedp.CSS("#steps")))
	if got := text(reg, "#steps h2"); got != "Steps" {
		t.Errorf("English case page: got heading %q", got)
	}
	if got := text(reg, "#step-10"); !strings.Contains(got, "Business improvement order") || !strings.Contains(got, "TBA Art. 29(1)(i)") {
		t.Errorf("English step: %q", got)
	}
	shot(reg, "case-en")
	t.Logf("screenshots in %s", shots)
}
