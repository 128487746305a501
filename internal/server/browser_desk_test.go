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
	"github.com/himitsu-oss/himitsu/internal/seal"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// TestBrowserDesk: a person sends the public form (no sign-in), first with
// an error and then right, and gets a reception number; a desk agent finds
// the complaint at the head of the queue flagged as a leak clue, reads the
// screening's reasons, escalates it to the function the desk rule names
// and closes it; the person then sees it closed. The store seals the text.
func TestBrowserDesk(t *testing.T) {
	chrome, shots, st := browserSetup(t)
	ctx0 := context.Background()
	keys, err := seal.Parse([]byte("k1 3f1c9a0b7e2d4c5a6b8f90e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f"))
	if err != nil {
		t.Fatal(err)
	}
	st.UseTextKeys(keys)
	actx := himitsu.WithAccessor(ctx0, himitsu.Accessor{Actor: "test", Purpose: "fixture"})
	rec, ev := storetest.Fixture("a")
	rec.Desk.ClueFunctions = []himitsu.Function{himitsu.FunctionSecrecyOfficer}
	rec.Desk.ClueRecipient = "通信の秘密管理責任者"
	if _, err := st.Replace(actx, rec, ev); err != nil {
		t.Fatal(err)
	}
	cfg := Defaults()
	cfg.Password = auth.TestParams()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	if _, err := srv.CreateUser(ctx0, NewUser{Name: "desk", DisplayName: "窓口 花子", Password: "another long password", Role: himitsu.RoleDesk, Lang: "ja", Carriers: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, chrome)
	do := func(ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for i, s := range steps {
			sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err := chromedp.Do(sctx, s)
			cancel()
			if err != nil {
				if b, serr := chromedp.Run(ctx, chromedp.CaptureScreenshot()); serr == nil {
					os.WriteFile(filepath.Join(shots, "desk-failed.png"), b, 0o644)
				}
				t.Fatalf("%s, step %d: %v", what, i+1, err)
			}
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
	shot := func(ctx context.Context, name string) {
		if b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(shots, name+".png"), b, 0o644)
		}
	}
	do(ctx, "viewport", chromedp.EmulateViewport(1200, 900))

	// The person: the form in English first, sent without the text.
	form := hs.URL + "/p/a/complaint"
	do(ctx, "open form", chromedp.Navigate(form+"?lang=en"), chromedp.WaitVisible(chromedp.CSS("#complaint-submit")))
	if got := text(ctx, "label[for=f-text]"); !strings.Contains(got, "What happened") {
		t.Errorf("English form label: %q", got)
	}
	do(ctx, "send empty", chromedp.SetValue(chromedp.CSS("#f-category"), "leak-suspicion"),
		chromedp.Click(chromedp.CSS("#complaint-submit")), chromedp.WaitVisible(chromedp.CSS("#err-text")))
	if desc, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#f-text"), "aria-describedby")); err != nil || !strings.Contains(desc.Value, "err-text") {
		t.Errorf("the error is not tied to the text field: %q %v", desc.Value, err)
	}
	shot(ctx, "desk-form-error-en")
	// Switch to Japanese and send it right.
	do(ctx, "japanese", chromedp.Click(chromedp.CSS("#public-lang")), chromedp.WaitVisible(chromedp.CSS("#complaint-submit")))
	if got := text(ctx, "main h1"); got != "ご意見・ご相談の受付" {
		t.Errorf("Japanese heading: %q", got)
	}
	do(ctx, "send", chromedp.SetValue(chromedp.CSS("#f-category"), "leak-suspicion"),
		chromedp.SetValue(chromedp.CSS("#f-text"), leakText),
		chromedp.Click(chromedp.CSS("#complaint-submit")), chromedp.WaitVisible(chromedp.CSS("#reception-number")))
	number := text(ctx, "#reception-number")
	if !strings.HasPrefix(number, "W") {
		t.Fatalf("reception number %q", number)
	}
	shot(ctx, "desk-receipt-ja")

	// The desk agent, in a browser context of their own.
	ctx2, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(ctx2); err != nil {
		t.Fatal(err)
	}
	do(ctx2, "desk login", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(hs.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#login-submit")),
		chromedp.SetValue(chromedp.CSS("#name"), "desk"), chromedp.SetValue(chromedp.CSS("#password"), "another long password"),
		chromedp.Click(chromedp.CSS("#login-submit")), chromedp.WaitVisible(chromedp.CSS("#logout")))
	do(ctx2, "queue", chromedp.Navigate(hs.URL+"/c/a/"), chromedp.WaitVisible(chromedp.CSS("#nav-desk")),
		chromedp.Click(chromedp.CSS("#nav-desk")), chromedp.WaitVisible(chromedp.CSS("#desk-queue")))
	first, err := chromedp.Run(ctx2, chromedp.AttributeValue(chromedp.CSS("#desk-queue tbody tr"), "data-id"))
	if err != nil || first.Value != number {
		t.Fatalf("first in the queue: %q (%v), want %s", first.Value, err, number)
	}
	if got := text(ctx2, "#desk-queue tbody tr .engine-reading"); !strings.Contains(got, "漏えいの端緒") {
		t.Errorf("the web complaint is not flagged as a leak clue: %q", got)
	}
	shot(ctx2, "desk-queue-ja")
	do(ctx2, "open item", chromedp.Click(chromedp.CSS("#desk-queue tbody tr a")), chromedp.WaitVisible(chromedp.CSS("#screening-reasons")))
	if got := text(ctx2, "#complaint-text"); got != leakText {
		t.Errorf("the desk reads %q", got)
	}
	if got := text(ctx2, "#screening-reasons"); !strings.Contains(got, "誰に電話") {
		t.Errorf("the reasons do not quote the words: %q", got)
	}
	sel, err := chromedp.Run(ctx2, chromedp.Value(chromedp.CSS("#f-escalated_to")))
	if err != nil || sel != "secrecy-officer" {
		t.Errorf("the escalation form proposes %q, want the desk rule's secrecy-officer", sel)
	}
	shot(ctx2, "desk-item-ja")
	do(ctx2, "escalate", chromedp.Click(chromedp.CSS("#escalate")), chromedp.WaitVisible(chromedp.CSS("#escalated-to")))
	if got := text(ctx2, "#escalated-to"); !strings.Contains(got, "secrecy-officer") {
		t.Errorf("escalated to %q", got)
	}
	do(ctx2, "close", chromedp.SetValue(chromedp.CSS("#f-resolution"), "管理責任者が調査し、本人に回答した"),
		chromedp.Click(chromedp.CSS("#close")), chromedp.WaitVisible(chromedp.CSS("#resolution")))
	shot(ctx2, "desk-closed-ja")
	do(ctx2, "queue after", chromedp.Navigate(hs.URL+"/c/a/desk"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if n, err := chromedp.Run(ctx2, chromedp.Evaluate[int](`document.querySelectorAll('tr[data-id="`+number+`"]').length`)); err != nil || n != 0 {
		t.Errorf("the closed complaint is still in the open queue (%d, %v)", n, err)
	}

	// The person checks the status with the number.
	do(ctx, "status", chromedp.Navigate(form+"/status?lang=ja"), chromedp.WaitVisible(chromedp.CSS("#status-submit")),
		chromedp.SetValue(chromedp.CSS("#f-number"), number), chromedp.Click(chromedp.CSS("#status-submit")),
		chromedp.WaitVisible(chromedp.CSS("#complaint-status")))
	if got := text(ctx, "#complaint-status"); !strings.Contains(got, "完了") {
		t.Errorf("status: %q", got)
	}
}
