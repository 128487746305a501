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

// TestBrowserRegisters drives Chromium through the set-up registers: a new
// organisation whose country is refused inline (htmx) and again on save,
// then accepted; a data element added to a data set in the form's blank
// row; and a protections filter that updates the list without reloading
// the page (htmx), while the same filter form works as a plain GET.
func TestBrowserRegisters(t *testing.T) {
	chrome, shots, st := browserSetup(t)
	ctx0 := context.Background()
	rec, ev := storetest.Fixture("a")
	actx := himitsu.WithAccessor(ctx0, himitsu.Accessor{Actor: "test", Purpose: "test"})
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
	srv.SetBaseURL(hs.URL)
	if _, err := srv.CreateUser(ctx0, NewUser{Name: "eng", DisplayName: "技術 一郎", Password: "a long enough password", Role: himitsu.RoleAdmin, Lang: "ja", Carriers: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, chrome)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for i, st := range steps {
			sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err := chromedp.Do(sctx, st)
			cancel()
			if err != nil {
				if b, serr := chromedp.Run(ctx, chromedp.CaptureScreenshot()); serr == nil {
					os.WriteFile(filepath.Join(shots, "registers-failed.png"), b, 0o644)
				}
				t.Fatalf("%s, step %d: %v", what, i+1, err)
			}
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	eval := func(js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](js)); err != nil {
			t.Fatalf("%s: %v", js, err)
		}
	}
	// change fires the change event a person's edit would.
	change := func(sel string) string {
		return `document.querySelector('` + sel + `').dispatchEvent(new Event('change', {bubbles: true}))`
	}
	shot := func(name string) {
		b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err == nil {
			os.WriteFile(filepath.Join(shots, name+".png"), b, 0o644)
		}
	}
	do("login", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(hs.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#login-submit")),
		chromedp.SetValue(chromedp.CSS("#name"), "eng"), chromedp.SetValue(chromedp.CSS("#password"), "a long enough password"),
		chromedp.Click(chromedp.CSS("#login-submit")), chromedp.WaitVisible(chromedp.CSS("#logout")))
	base := hs.URL + "/c/a"

	// A new organisation: a country that is no ISO code is refused next to
	// the field as soon as it is entered, and again when saved.
	do("new organisation", chromedp.Navigate(base+"/organisations"), chromedp.WaitVisible(chromedp.CSS("#records")),
		chromedp.Click(chromedp.CSS("#new-record")), chromedp.WaitVisible(chromedp.CSS("#record-form")),
		chromedp.SetValue(chromedp.CSS("#f-id"), "org-dc"), chromedp.SetValue(chromedp.CSS("#f-name"), "データセンター運営株式会社"),
		chromedp.SetValue(chromedp.CSS("#f-kind"), "contractor"), chromedp.SetValue(chromedp.CSS("#f-handles_secrecy"), "true"),
		chromedp.SetValue(chromedp.CSS("#f-country"), "japan"))
	eval(change("#f-country"))
	do("inline message", chromedp.WaitVisible(chromedp.CSS("#err-country")))
	if got := text("#err-country"); !strings.Contains(got, "ISO 3166-1") {
		t.Errorf("inline message for the country: got %q", got)
	}
	shot("registers-inline-ja")
	do("save refused", chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#form-error")))
	if got := text(".field.has-error .err"); !strings.Contains(got, "ISO 3166-1") {
		t.Errorf("message next to the country after saving: got %q", got)
	}
	do("save accepted", chromedp.SetValue(chromedp.CSS("#f-country"), "JP"), chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#record")))
	if got := text("#record"); !strings.Contains(got, "データセンター運営株式会社") || !strings.Contains(got, "はい") {
		t.Errorf("the new organisation: got %q", got)
	}

	// A data set gets a third element in the blank row of its elements.
	do("edit data set", chromedp.Navigate(base+"/datasets/ds-cdr/edit"), chromedp.WaitVisible(chromedp.CSS("#f-elements")),
		chromedp.SetValue(chromedp.CSS(`[name="elements.2.name"]`), "imei"),
		chromedp.SetValue(chromedp.CSS(`[name="elements.2.class"]`), "identifier"))
	shot("registers-subrecords-ja")
	do("save data set", chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#record")))
	if got := text("#record"); !strings.Contains(got, "imei") || !strings.Contains(got, "caller") {
		t.Errorf("the data set's elements after the edit: got %q", got)
	}

	// The protections list filtered by status, in place: the page is not
	// reloaded (a value set on the window survives) and the address follows.
	do("protections", chromedp.Navigate(base+"/protections"), chromedp.WaitVisible(chromedp.CSS("#records")))
	all := text("#records tbody")
	eval(`window.notReloaded = true`)
	do("filter", chromedp.SetValue(chromedp.CSS(`[name="f.status"]`), "missing"))
	eval(change(`[name="f.status"]`))
	deadline := time.Now().Add(10 * time.Second)
	for {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && strings.Contains(loc, "f.status=missing") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the filter did not update the address: %q", loc)
		}
		time.Sleep(100 * time.Millisecond)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.notReloaded === true`))
	if err != nil || !kept {
		t.Errorf("the filter reloaded the page (%v)", err)
	}
	filtered := text("#records tbody")
	if filtered == all {
		t.Errorf("the filtered list is the whole list: %q", filtered)
	}
	shot("registers-filter-ja")
}
