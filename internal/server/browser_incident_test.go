package server

import (
	"context"
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
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// TestBrowserIncident works an incident in Chromium as the privacy office
// would, in Japanese: from a complaint with a leak clue to the incident
// opened in one step, a knowledge event dated before the occurrence
// refused with its message and nothing changed, the facts, the data
// involved, the classification confirmed, a measure added, done and
// verified, a notice, and the closure.
func TestBrowserIncident(t *testing.T) {
	chrome, shots, st := browserSetup(t)
	ctx0 := context.Background()
	actx := himitsu.WithAccessor(ctx0, himitsu.Accessor{Actor: "test", Purpose: "fixture"})
	rec, ev := storetest.Fixture("a")
	if _, err := st.Replace(actx, rec, ev); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Complaints().Create(actx, "a", himitsu.Complaint{ID: "cmp-9", ReceivedAt: time.Date(2025, 6, 2, 1, 0, 0, 0, time.UTC),
		Channel: himitsu.ChannelPhone, Category: himitsu.ComplaintLeakSuspicion, LeakClue: himitsu.Yes,
		Summary: "知らない人から、私が誰に電話したかを言われた"}); err != nil {
		t.Fatal(err)
	}
	cfg := Defaults()
	cfg.Password = auth.TestParams()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg.Now = func() time.Time { return time.Date(2025, 6, 5, 3, 0, 0, 0, time.UTC) }
	srv, err := New(cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	srv.SetBaseURL(hs.URL)
	if _, err := srv.CreateUser(ctx0, NewUser{Name: "privacy", DisplayName: "個人情報 保護", Password: "a long enough password", Role: himitsu.RoleOfficer, Lang: "ja", Carriers: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, chrome)
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for i, step := range steps {
			sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err := chromedp.Do(sctx, step)
			cancel()
			if err != nil {
				if b, serr := chromedp.Run(ctx, chromedp.CaptureScreenshot()); serr == nil {
					os.WriteFile(filepath.Join(shots, "incident-failed.png"), b, 0o644)
				}
				t.Fatalf("%s, step %d: %v", what, i+1, err)
			}
		}
	}
	shot := func(name string) {
		t.Helper()
		b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// mark and landed wait for the page a form's submission loads, so that
	// a check does not read the page the form was on.
	mark := chromedp.Evaluate[chromedp.Void]("window.__stale = true")
	landed := chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		for {
			// Evaluating while the page navigates fails; try again.
			ok, err := chromedp.Evaluate[bool]("!window.__stale && document.readyState === 'complete'")(ctx, tg)
			if err == nil && ok {
				return chromedp.Void{}, nil
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	incident := func() himitsu.Stored[himitsu.Incident] {
		t.Helper()
		s, err := st.Incidents().Get(actx, "a", "inc-cmp-9")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	do("login", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(hs.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#login-submit")),
		chromedp.SetValue(chromedp.CSS("#name"), "privacy"), chromedp.SetValue(chromedp.CSS("#password"), "a long enough password"),
		mark, chromedp.Click(chromedp.CSS("#login-submit")), landed, chromedp.WaitVisible(chromedp.CSS("#logout")))

	// The complaint with the clue, and the incident opened from it.
	do("complaint", chromedp.Navigate(hs.URL+"/c/a/complaints/cmp-9"), chromedp.WaitVisible(chromedp.CSS("#open-incident")))
	do("open incident", mark, chromedp.Click(chromedp.CSS("#open-incident")), landed, chromedp.WaitVisible(chromedp.CSS("#timeline")))
	if got := text("#incident-origin"); !strings.Contains(got, "苦情") || !strings.Contains(got, "cmp-9") {
		t.Errorf("origin: got %q, want the complaint", got)
	}
	if got := text("#timeline"); !strings.Contains(got, "手掛かり") {
		t.Errorf("timeline: got %q, want the complaint's receipt as a clue", got)
	}
	shot("incident-opened-ja")

	// The facts: when it occurred and when the carrier knew.
	do("facts", chromedp.Click(chromedp.CSS("#facts summary")), chromedp.WaitVisible(chromedp.CSS("#f-occurred_at")),
		chromedp.SetValue(chromedp.CSS("#f-occurred_at"), "2025-05-30T10:00"), chromedp.SetValue(chromedp.CSS("#f-known_at"), "2025-06-02T12:00"),
		chromedp.SetValue(chromedp.CSS("#f-cause"), "調査中"), mark, chromedp.Click(chromedp.CSS("#save-facts")), landed, chromedp.WaitVisible(chromedp.CSS("#timeline")))

	// A knowledge event before the occurrence: refused, nothing changed.
	before := incident()
	do("knowledge too early", chromedp.Click(chromedp.CSS("#knowledge summary")), chromedp.WaitVisible(chromedp.CSS("#k-at")),
		chromedp.SetValue(chromedp.CSS("#k-at"), "2025-05-29T09:00"), chromedp.SetValue(chromedp.CSS("#k-step"), "detected"),
		chromedp.SetValue(chromedp.CSS("#k-function"), "security"), mark, chromedp.Click(chromedp.CSS("#add-knowledge")), landed, chromedp.WaitVisible(chromedp.CSS("#knowledge-error")))
	if got := text("#knowledge-error"); !strings.Contains(got, "occurred_at") || !strings.Contains(got, "より前") || !strings.Contains(got, "2025-05-29T09:00:00+09:00") {
		t.Errorf("refused knowledge event: got %q, want the field, the reason in Japanese and the time as entered", got)
	}
	if kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#k-at"))); err != nil || kept != "2025-05-29T09:00" {
		t.Errorf("the refused form lost what was entered: %q %v", kept, err)
	}
	if got := text("#step-error"); !strings.Contains(got, "何も変更していません") {
		t.Errorf("refusal banner: got %q", got)
	}
	if after := incident(); after.Version != before.Version || len(after.Record.Knowledge) != len(before.Record.Knowledge) {
		t.Errorf("the refused step changed the incident")
	}
	shot("incident-refused-ja")
	do("knowledge", chromedp.SetValue(chromedp.CSS("#k-at"), "2025-06-02T15:00"), chromedp.SetValue(chromedp.CSS("#k-step"), "confirmed"),
		chromedp.SetValue(chromedp.CSS("#k-function"), "security"), chromedp.SetValue(chromedp.CSS("#k-learned"), "通話明細の閲覧記録で確認"),
		mark, chromedp.Click(chromedp.CSS("#add-knowledge")), landed, chromedp.WaitVisible(chromedp.CSS("#timeline")))
	if got := text("#timeline"); !strings.Contains(got, "通話明細の閲覧記録で確認") || !strings.Contains(got, "起算") {
		t.Errorf("timeline after the knowledge event: %q", got)
	}

	// The data involved: the call records; the inventory proposes secrecy.
	do("data", chromedp.Click(chromedp.CSS(`input[name=dataset][value="ds-cdr"]`)), mark, chromedp.Click(chromedp.CSS("#save-data")), landed, chromedp.WaitVisible(chromedp.CSS("#secrecy-proposal")))
	if got := text("#secrecy-proposal"); got != "はい" {
		t.Errorf("secrecy proposal: got %q, want はい", got)
	}
	do("secrecy", mark, chromedp.Click(chromedp.CSS("#confirm-secrecy")), landed, chromedp.WaitVisible(chromedp.CSS("#incident-secrecy")))

	// The classification: confirm himitsu's proposal.
	proposal := text("#proposal-kind")
	do("classify", mark, chromedp.Click(chromedp.CSS("#confirm-classification")), landed, chromedp.WaitVisible(chromedp.CSS("#classification-history")))
	if got := text("#classification-history"); !strings.Contains(got, proposal) || !strings.Contains(got, "privacy") {
		t.Errorf("classification history: got %q, want %q confirmed by privacy", got, proposal)
	}
	if got := text("#incident-kind"); got != proposal {
		t.Errorf("incident kind: got %q, want %q", got, proposal)
	}

	// A measure, then done and verified.
	do("measure", chromedp.Click(chromedp.CSS("#add-measure summary")), chromedp.WaitVisible(chromedp.CSS("#m-description")),
		chromedp.SetValue(chromedp.CSS("#m-description"), "通話明細の閲覧を業務上必要な者に限る"), chromedp.SetValue(chromedp.CSS("#m-owner"), "per-1"),
		chromedp.SetValue(chromedp.CSS("#m-due"), "2025-07-31"), chromedp.SetValue(chromedp.CSS("#measure-form #f-removes_root_cause"), "true"),
		mark, chromedp.Click(chromedp.CSS("#add-measure-submit")), landed, chromedp.WaitVisible(chromedp.CSS("#measures")))
	const mid = "inc-cmp-9.rm-1"
	sel := func(s string) chromedp.CSS { return chromedp.CSS(`[id="` + s + `"]`) }
	do("verify", chromedp.Click(chromedp.CSS(`[id="measure-`+mid+`"] summary`)), chromedp.WaitVisible(sel("m-status-"+mid)),
		chromedp.SetValue(sel("m-status-"+mid), "verified"), chromedp.SetValue(sel("m-done-"+mid), "2025-07-10"),
		chromedp.SetValue(sel("m-verified-"+mid), "2025-07-20"), chromedp.SetValue(sel("m-verification-"+mid), "翌月の閲覧記録を抽出して確認"),
		chromedp.SetValue(sel("m-result-"+mid), "effective"), mark, chromedp.Click(sel("m-save-"+mid)), landed, chromedp.WaitVisible(sel("measure-status-"+mid)))
	if got := text(`[id="measure-status-` + mid + `"]`); got != "効果を検証済み" {
		t.Errorf("measure status: got %q", got)
	}

	// A notice to the persons affected.
	do("notice", chromedp.Click(chromedp.CSS("#add-notice summary")), chromedp.WaitVisible(chromedp.CSS("#n-kind")),
		chromedp.SetValue(chromedp.CSS("#n-kind"), "individual-letter"), chromedp.SetValue(chromedp.CSS("#n-channel"), "mail"),
		chromedp.SetValue(chromedp.CSS("#n-sent"), "2025-06-20T10:00"), chromedp.SetValue(chromedp.CSS("#n-recipients"), "3"),
		chromedp.SetValue(chromedp.CSS("#notice-form #f-explains_cause"), "true"), chromedp.SetValue(chromedp.CSS("#notice-form #f-explains_what_to_do"), "true"),
		mark, chromedp.Click(chromedp.CSS("#add-notice-submit")), landed, chromedp.WaitVisible(chromedp.CSS("#notice-list")))
	if got := text("#notice-list"); !strings.Contains(got, "個別の通知") || !strings.Contains(got, "3") {
		t.Errorf("notices: got %q", got)
	}

	// The detailed report: its draft read in the browser, then filed from
	// the incident's page, which freezes it as version 1.
	var draftText string
	do("draft", chromedp.Navigate(hs.URL+"/c/a/incidents/inc-cmp-9"), chromedp.WaitVisible(chromedp.CSS("#draft-links")),
		mark, chromedp.Click(chromedp.CSS("#draft-tba-28-detailed-html")), landed, chromedp.WaitReady(chromedp.CSS("body")))
	draftText = text("body")
	if !strings.Contains(draftText, "電気通信事業法") || !strings.Contains(draftText, "第28条") {
		t.Errorf("the detailed report's draft does not read as one: %.200q", draftText)
	}
	do("file", chromedp.Navigate(hs.URL+"/c/a/incidents/inc-cmp-9"), chromedp.WaitVisible(chromedp.CSS("#reports")),
		chromedp.Click(chromedp.CSS("#reports details summary")), chromedp.WaitVisible(chromedp.CSS("#f-report")),
		chromedp.SetValue(chromedp.CSS("#f-report"), "tba-28-detailed"), chromedp.SetValue(chromedp.CSS("#f-to"), "総務省 総合通信基盤局"),
		mark, chromedp.Click(chromedp.CSS("#file-report")), landed, chromedp.WaitReady(chromedp.CSS("body")))
	filed, err := st.RegulatorReports().List(actx, "a", himitsu.ListOptions{Filter: map[string]string{"incident": "inc-cmp-9"}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(filed.Items) != 1 || filed.Items[0].Record.Stage != himitsu.StageDetailed || filed.Items[0].Record.DocumentSHA256 == "" || filed.Items[0].Record.Version != 1 {
		t.Fatalf("filed reports: got %+v, want the detailed report frozen as version 1", filed.Items)
	}
	do("filed", chromedp.Navigate(hs.URL+"/c/a/incidents/inc-cmp-9"), chromedp.WaitVisible(chromedp.CSS("#filed-reports")))
	if got := text("#filed-reports"); !strings.Contains(got, filed.Items[0].Record.ID) || !strings.Contains(got, "凍結済み") {
		t.Errorf("filed reports on the incident page: got %q", got)
	}

	// Contained, root cause found (a correction of the cause shows as an
	// edit after the fact), and closed.
	do("root cause", chromedp.Click(chromedp.CSS("#facts summary")), chromedp.WaitVisible(chromedp.CSS("#f-contained_at")),
		chromedp.SetValue(chromedp.CSS("#f-contained_at"), "2025-06-03T10:00"), chromedp.SetValue(chromedp.CSS("#f-cause"), "従業者の私的な閲覧"),
		chromedp.SetValue(chromedp.CSS("#f-root_cause"), "閲覧権限が業務上の必要より広かった"), mark, chromedp.Click(chromedp.CSS("#save-facts")), landed, chromedp.WaitVisible(chromedp.CSS("#edited-after")))
	if got := text("#edited-after"); !strings.Contains(got, "調査中") || !strings.Contains(got, "従業者の私的な閲覧") || !strings.Contains(got, "privacy") {
		t.Errorf("edited after the fact: got %q, want the old and new cause and who", got)
	}
	do("close", mark, chromedp.Click(chromedp.CSS("#close-incident")), landed, chromedp.WaitVisible(chromedp.CSS("#incident-state")))
	if got := text("#incident-state"); !strings.Contains(got, "終結") {
		t.Errorf("state after closing: got %q", got)
	}
	if in := incident().Record; in.ClosedAt.IsZero() || in.ClosedBy != "privacy" {
		t.Errorf("closed: %v by %q", in.ClosedAt, in.ClosedBy)
	}
	shot("incident-closed-ja")
	t.Logf("screenshots in %s", shots)
}
