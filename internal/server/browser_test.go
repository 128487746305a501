package server

import (
	"archive/zip"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/examples"
	"github.com/himitsu-oss/himitsu/internal/auth"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
)

// The browser tests drive Debian's headless Chromium through what a new
// compliance team does first. Locally they skip when Chromium is absent;
// in CI (CI=true) they are required, and .ci/run installs Chromium.
// HIMITSU_SCREENSHOTS names a directory for screenshots of the main pages
// in both languages (a temporary directory otherwise).

func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is required in CI: .ci/run installs it with apt-get install chromium fonts-ipaexfont-gothic")
	}
	t.Skip("Chromium is not installed: skipping the browser tests (apt-get install chromium fonts-ipaexfont-gothic)")
	return ""
}

// browser starts a headless Chromium with a fresh profile and returns a
// context for its first tab.
func browser(t *testing.T, path string) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.NoFirstRun,
		chromedp.Flag("lang", "ja-JP"),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	// The first run allocates the browser and binds it to ctx; later
	// steps may then use shorter-lived child contexts.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// zipExample writes the example bundle as a ZIP, as a user would upload it.
func zipExample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "minato-mobile")
	if err := examples.Extract(examples.MinatoMobile, src); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "minato-mobile.zip")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		_, err = io.Copy(w, in)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return out
}

func TestBrowser(t *testing.T) {
	chrome, shots, st := browserSetup(t)
	ctx0 := context.Background()
	cfg := Defaults()
	cfg.Password = auth.TestParams()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	// The example's records lead up to 2026-11-01.
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
	ctx := browser(t, chrome)
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
	// Each step has 30 seconds, so that a page that never shows what is
	// awaited fails with the step named instead of hanging the test.
	do := func(ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for i, st := range steps {
			sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err := chromedp.Do(sctx, st)
			cancel()
			if err != nil {
				if b, serr := chromedp.Run(ctx, chromedp.CaptureScreenshot()); serr == nil {
					os.WriteFile(filepath.Join(shots, "failed.png"), b, 0o644)
				}
				t.Fatalf("%s, step %d: %v", what, i+1, err)
			}
		}
	}
	do(ctx, "viewport", chromedp.EmulateViewport(1366, 900))

	// First login through the setup link.
	do(ctx, "setup", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#setup-submit")),
		chromedp.SetValue(chromedp.CSS("#name"), "admin"), chromedp.SetValue(chromedp.CSS("#display_name"), "監査 太郎"),
		chromedp.SetValue(chromedp.CSS("#password"), "correct horse battery staple"), chromedp.SetValue(chromedp.CSS("#lang"), "ja"),
		chromedp.Click(chromedp.CSS("#setup-submit")), chromedp.WaitVisible(chromedp.CSS("#logout")))

	// Upload the example bundle.
	bundleZip := zipExample(t)
	do(ctx, "upload", chromedp.Navigate(hs.URL+"/import"), chromedp.WaitVisible(chromedp.CSS("#bundle-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#bundle-file"), []string{bundleZip}),
		chromedp.Click(chromedp.CSS("#upload")), chromedp.WaitVisible(chromedp.CSS("#import-done")))
	if got := text(ctx, "#import-done"); !strings.Contains(got, "minato-mobile") {
		t.Fatalf("import: got %q, want the carrier imported", got)
	}
	shot(ctx, "import-ja")

	// Run an assessment from the dashboard.
	base := hs.URL + "/c/minato-mobile"
	do(ctx, "run", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#run-assessment")),
		chromedp.Click(chromedp.CSS("#run-assessment")), chromedp.WaitVisible(chromedp.CSS("#findings")))
	if got := text(ctx, "#overall-grade"); got == "" {
		t.Error("the assessment page shows no overall grade")
	}
	shot(ctx, "assessment-ja")
	do(ctx, "dashboard", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#overall-grade")))
	shot(ctx, "dashboard-ja")

	// Open a finding and its evidence.
	// The first finding whose evidence includes a record with a page of its
	// own (a complaint, an incident, a grant …).
	do(ctx, "finding", chromedp.Click(chromedp.CSS("a.finding-link")), chromedp.WaitVisible(chromedp.CSS(".finding")))
	shot(ctx, "finding-ja")
	do(ctx, "assessment", chromedp.Navigate(base+"/assessments/1"), chromedp.WaitVisible(chromedp.CSS("#findings")))
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("a.finding-link")).map(a => a.href)`))
	if err != nil || len(links) == 0 {
		t.Fatalf("no findings listed: %v", err)
	}
	found := false
	for _, l := range links {
		do(ctx, "finding "+l, chromedp.Navigate(l), chromedp.WaitVisible(chromedp.CSS("main h1")))
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("a.evidence-link").length`))
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			found = true
			break
		}
	}
	if !found {
		t.Fatal("no finding cites a record with a page of its own")
	}
	do(ctx, "evidence", chromedp.Click(chromedp.CSS("a.evidence-link")), chromedp.WaitVisible(chromedp.CSS("#record")))
	shot(ctx, "evidence-ja")

	// Register pages.
	do(ctx, "complaints", chromedp.Navigate(base+"/complaints"), chromedp.WaitVisible(chromedp.CSS("#records")))
	shot(ctx, "complaints-ja")
	do(ctx, "catalog", chromedp.Navigate(base+"/catalog"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	shot(ctx, "catalog-ja")
	do(ctx, "log", chromedp.Navigate(base+"/log"), chromedp.WaitVisible(chromedp.CSS("#record-log")))
	shot(ctx, "log-ja")

	// A second person, in a browser context of their own, a desk agent.
	if _, err := srv.CreateUser(ctx0, NewUser{Name: "desk", DisplayName: "窓口 花子", Password: "another long password", Role: himitsu.RoleDesk, Lang: "ja", Carriers: []string{"minato-mobile"}}); err != nil {
		t.Fatal(err)
	}
	ctx2, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(ctx2); err != nil {
		t.Fatal(err)
	}
	do(ctx2, "desk login", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(hs.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#login-submit")),
		chromedp.SetValue(chromedp.CSS("#name"), "desk"), chromedp.SetValue(chromedp.CSS("#password"), "another long password"),
		chromedp.Click(chromedp.CSS("#login-submit")), chromedp.WaitVisible(chromedp.CSS("#logout")))

	// Both open the same complaint; the desk saves first, the admin second.
	do(ctx, "list", chromedp.Navigate(base+"/complaints"), chromedp.WaitVisible(chromedp.CSS("#records")))
	href, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#records tbody tr td a"), "href"))
	if err != nil || !href.Exists {
		t.Fatalf("no complaint to edit: %v", err)
	}
	edit := hs.URL + href.Value + "/edit"
	do(ctx, "admin opens", chromedp.Navigate(edit), chromedp.WaitVisible(chromedp.CSS("#f-resolution")))
	do(ctx2, "desk opens", chromedp.Navigate(edit), chromedp.WaitVisible(chromedp.CSS("#f-resolution")))
	do(ctx2, "desk saves", chromedp.SetValue(chromedp.CSS("#f-resolution"), "窓口で回答済み"), chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#record")))
	do(ctx, "admin saves", chromedp.SetValue(chromedp.CSS("#f-resolution"), "管理者の追記"), chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#conflict")))
	if got := text(ctx, "#conflict"); !strings.Contains(got, "窓口で回答済み") {
		t.Errorf("the conflict does not show the stored value: %q", got)
	}
	shot(ctx, "conflict-ja")

	// A user without the role is refused: the desk may not import.
	do(ctx2, "desk import", chromedp.Navigate(hs.URL+"/import"), chromedp.WaitVisible(chromedp.CSS("#error-message")))
	if got := text(ctx2, "#error-message"); !strings.Contains(got, "役割") {
		t.Errorf("desk at /import: got %q, want a refusal naming the role", got)
	}
	shot(ctx2, "refused-ja")

	// Switch language; the pages follow the user.
	do(ctx, "switch", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#lang-select")),
		chromedp.SetValue(chromedp.CSS("#lang-select"), "en"),
		chromedp.Submit(chromedp.CSS("#lang-select")),
		chromedp.Sleep(300*time.Millisecond), chromedp.WaitVisible(chromedp.CSS("#overall-grade")))
	if got := text(ctx, "main h1"); got != "Dashboard" {
		t.Errorf("after switching to English: got heading %q", got)
	}
	shot(ctx, "dashboard-en")
	for _, p := range []struct{ path, sel, name string }{
		{"/complaints", "#records", "complaints-en"},
		{"/catalog", "main h1", "catalog-en"},
		{"/log", "#record-log", "log-en"},
	} {
		do(ctx, p.name, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.sel)))
		shot(ctx, p.name)
	}
	do(ctx, "assessment en", chromedp.Navigate(base+"/assessments/1"), chromedp.WaitVisible(chromedp.CSS("#findings")))
	shot(ctx, "assessment-en")
	do(ctx, "edit en", chromedp.Navigate(edit), chromedp.WaitVisible(chromedp.CSS("#record-form")))
	shot(ctx, "form-en")
	t.Logf("screenshots in %s", shots)
}

// browserSetup is what every browser test starts with: it skips with
// -short, finds Chromium (failing under CI=true when it is missing), makes
// the screenshot directory (HIMITSU_SCREENSHOTS, or a temporary one) and
// opens a fresh SQLite store closed at the end of the test.
func browserSetup(t *testing.T) (chrome, shots string, st *sqlstore.Store) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests skip with -short; the full run (CI) requires them")
	}
	chrome = chromium(t)
	shots = os.Getenv("HIMITSU_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	st, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "himitsu.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return chrome, shots, st
}
