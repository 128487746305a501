package server

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auth"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// TestBrowserDeadlines: a compliance officer opens the deadline board from
// the navigation, sees the late report first and marked, sorts by due
// date, follows the late one to its incident, and reads the board in
// English.
func TestBrowserDeadlines(t *testing.T) {
	chrome, shots, st := browserSetup(t)
	ctx0 := context.Background()
	rec, ev := storetest.Fixture("a")
	if _, err := st.Replace(himitsu.WithAccessor(ctx0, himitsu.Accessor{Actor: "test", Purpose: "fixture"}), rec, ev); err != nil {
		t.Fatal(err)
	}
	cfg := Defaults()
	cfg.Password = auth.TestParams()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	// On 2025-05-08 the fixture's detailed report of inc-1 (due
	// 2025-05-07 after Golden Week) is one day late.
	cfg.Now = func() time.Time { return time.Date(2025, 5, 8, 1, 0, 0, 0, time.UTC) }
	srv, err := New(cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	srv.SetBaseURL(hs.URL)
	if _, err := srv.CreateUser(ctx0, NewUser{Name: "officer", DisplayName: "法務 一郎", Password: "a long enough password", Role: himitsu.RoleOfficer, Lang: "ja", Carriers: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, chrome)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for i, s := range steps {
			sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err := chromedp.Do(sctx, s)
			cancel()
			if err != nil {
				if b, serr := chromedp.Run(ctx, chromedp.CaptureScreenshot()); serr == nil {
					os.WriteFile(filepath.Join(shots, "deadlines-failed.png"), b, 0o644)
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
	eval := func(js string) []string {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return out
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}

	do("viewport", chromedp.EmulateViewport(1366, 900))
	do("login", chromedp.Navigate(hs.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#login-submit")),
		chromedp.SetValue(chromedp.CSS("#name"), "officer"), chromedp.SetValue(chromedp.CSS("#password"), "a long enough password"),
		chromedp.Click(chromedp.CSS("#login-submit")), chromedp.WaitVisible(chromedp.CSS("#logout")))

	// The dashboard counts what is late and links to the board.
	do("dashboard", chromedp.Navigate(hs.URL+"/c/a/"), chromedp.WaitVisible(chromedp.CSS("#due-summary")))
	if got := text("#due-summary-late"); got != "1" {
		t.Errorf("dashboard: %s late, want 1", got)
	}
	do("open the board", chromedp.Click(chromedp.CSS("#nav-deadlines")), chromedp.WaitVisible(chromedp.CSS("#due-board")))
	states := eval(`Array.from(document.querySelectorAll("#due-board tr.due-row")).map(r => r.dataset.state)`)
	keys := eval(`Array.from(document.querySelectorAll("#due-board tr.due-row")).map(r => r.dataset.key)`)
	if len(states) < 3 || states[0] != "late" || keys[0] != fixtureDetailed {
		t.Fatalf("the board does not start with the late detailed report: %v %v", states, keys)
	}
	if got := text("#due-board tr.due-row .due-late-mark"); !strings.Contains(got, "期限超過") {
		t.Errorf("the late row's mark: %q", got)
	}
	if got := text("main h1"); got != "期限一覧" {
		t.Errorf("heading %q", got)
	}
	shot("deadlines-ja")

	// Sorted by due date alone.
	do("sort by due", chromedp.SetValue(chromedp.CSS("#due-sort"), "due"), chromedp.Click(chromedp.CSS("#due-apply")),
		chromedp.Sleep(500*time.Millisecond), chromedp.Poll[chromedp.Void](`location.search.includes("sort=due") && document.readyState === "complete" && document.querySelector("#due-board") !== null`))
	dues := eval(`Array.from(document.querySelectorAll("#due-board tr.due-row td:first-child")).map(td => td.textContent.trim().slice(0, 10))`)
	if !slices.IsSorted(dues) || len(dues) != len(states) {
		t.Errorf("sorted by due date: %v", dues)
	}

	// The late one leads to its incident.
	do("back to late first", chromedp.Navigate(hs.URL+"/c/a/deadlines"), chromedp.WaitVisible(chromedp.CSS("#due-board")))
	do("follow the link", chromedp.Click(chromedp.CSS(`#due-board tr.due-row[data-state="late"] a[href="/c/a/incidents/inc-1"]`)),
		chromedp.WaitVisible(chromedp.CSS("#record")))
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || !strings.HasSuffix(loc, "/c/a/incidents/inc-1") {
		t.Errorf("the late row links to %q, want the incident", loc)
	}

	// In English.
	do("switch", chromedp.Navigate(hs.URL+"/c/a/deadlines"), chromedp.WaitVisible(chromedp.CSS("#lang-select")),
		chromedp.SetValue(chromedp.CSS("#lang-select"), "en"), chromedp.Submit(chromedp.CSS("#lang-select")),
		chromedp.Sleep(300*time.Millisecond), chromedp.WaitVisible(chromedp.CSS("#due-board")))
	if got := text("main h1"); got != "Deadline board" {
		t.Errorf("English heading %q", got)
	}
	if got := text("#due-board tr.due-row .due-late-mark"); !strings.Contains(got, "LATE") {
		t.Errorf("English late mark %q", got)
	}
	shot("deadlines-en")
}
