package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/pdftext"
)

func TestIncidentDrafts(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	officer, _ := e.session(himitsu.RoleOfficer)
	regulator, _ := e.session(himitsu.RoleRegulator)

	before, _ := e.store.ReadLog(context.Background(), "a")
	w := e.get(officer, "/c/a/incidents/inc-1/drafts/tba-28-first")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("html draft: got %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	for _, want := range []string{"通信の秘密の漏えいに関する報告（第一報）", "テスト通信 a", "通話明細の誤送付"} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("the HTML draft lacks %q", want)
		}
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script") {
		t.Errorf("the draft's CSP is %q, want one that allows no script", csp)
	}
	after, _ := e.store.ReadLog(context.Background(), "a")
	var logged bool
	for _, r := range after[len(before):] {
		logged = logged || (r.Actor == "user:u-compliance-officer" && r.Purpose == "incident report draft")
	}
	if !logged {
		t.Errorf("the draft's read is not in the read log with the user and purpose: %+v", after[len(before):])
	}

	w = e.get(regulator, "/c/a/incidents/inc-1/drafts/tba-28-detailed?format=pdf&lang=en")
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf draft: got %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	doc, err := pdftext.Extract("draft.pdf", w.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if flat := strings.ReplaceAll(doc.Text(), "\n", ""); !strings.Contains(flat, "電気通信事業法第28条") || !strings.Contains(flat, "(detailed report)") {
		t.Errorf("the PDF's text lacks the law or the English:\n%s", doc.Text())
	}

	for path, code := range map[string]int{
		"/c/a/incidents/inc-1/drafts/tba-28-third":          http.StatusBadRequest,
		"/c/a/incidents/inc-none/drafts/tba-28-first":       http.StatusNotFound,
		"/c/a/incidents/inc-1/drafts/appi-final?format=doc": http.StatusBadRequest,
		"/c/a/incidents/inc-1/drafts/appi-final?lang=fr":    http.StatusBadRequest,
	} {
		if w := e.get(officer, path); w.Code != code {
			t.Errorf("%s: got %d, want %d", path, w.Code, code)
		}
	}

	req := httptest.NewRequest("GET", "/api/v1/carriers/a/incidents/inc-1/drafts/user-notice", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[himitsu.RoleAuditor])
	w = e.do(req)
	var d struct {
		Report string `json:"report"`
		Items  []struct {
			Key     string `json:"key"`
			Missing bool   `json:"missing"`
		} `json:"items"`
	}
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &d) != nil || d.Report != "user-notice" || len(d.Items) == 0 {
		t.Fatalf("api draft: got %d %s", w.Code, w.Body.String())
	}
}

func TestFilingFreezesReports(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	file := func(body string) (int, map[string]any) {
		req := httptest.NewRequest("POST", "/api/v1/carriers/a/incidents/inc-1/filings", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+e.tokens[himitsu.RoleOfficer])
		req.Header.Set("Content-Type", "application/json")
		w := e.do(req)
		var out map[string]any
		json.Unmarshal(w.Body.Bytes(), &out)
		return w.Code, out
	}
	reports := func() int {
		p, err := e.store.RegulatorReports().List(readCtx(), "a", himitsu.ListOptions{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return len(p.Items)
	}
	n0, log0 := reports(), len(changes(t, e))

	// Refused: before the occurrence, before the carrier knew, unknown report.
	for _, body := range []string{
		`{"report":"tba-28-detailed","submitted_at":"2025-04-05T01:00:00Z"}`,
		`{"report":"tba-28-detailed","submitted_at":"2025-04-05T02:00:00Z"}`,
		`{"report":"tba-28-third","submitted_at":"2025-04-20T02:00:00Z"}`,
	} {
		code, out := file(body)
		if code != http.StatusBadRequest {
			t.Errorf("%s: got %d %v, want 400", body, code, out)
		}
	}
	if reports() != n0 || len(changes(t, e)) != log0 {
		t.Fatalf("a refused filing changed the records or the change log")
	}

	// The fixture already holds version 1 of the first report: the next
	// first report is version 2, then 3.
	code, v2 := file(`{"report":"tba-28-first","submitted_at":"2025-04-06T10:00:00+09:00","reference":"R7-1"}`)
	if code != http.StatusCreated {
		t.Fatalf("filing: got %d %v", code, v2)
	}
	rec2 := v2["record"].(map[string]any)
	if rec2["version"] != float64(2) || rec2["id"] != "inc-1-tba-28-first-v2" {
		t.Errorf("first filing: got version %v id %v", rec2["version"], rec2["id"])
	}
	log := changes(t, e)
	if last := log[len(log)-1]; last.Digests["inc-1-tba-28-first-v2"] != rec2["document_sha256"] || rec2["document_sha256"] == "" {
		t.Errorf("the change log does not hold the filed document's hash: %+v", last)
	}
	code, v3 := file(`{"report":"tba-28-first","submitted_at":"2025-04-07T10:00:00+09:00"}`)
	if code != http.StatusCreated || v3["record"].(map[string]any)["version"] != float64(3) {
		t.Fatalf("second filing: got %d %v", code, v3)
	}
	st, err := e.store.RegulatorReports().Get(readCtx(), "a", "inc-1-tba-28-first-v2")
	if err != nil || st.Version != v2["version"] || st.Record.Reference != "R7-1" {
		t.Errorf("version 2 changed after version 3 was filed: %v %+v", err, st)
	}

	// The frozen report cannot be edited through the API.
	req := httptest.NewRequest("PUT", "/api/v1/carriers/a/regulator_reports/inc-1-tba-28-first-v2", strings.NewReader(`{"record":`+mustJSON(t, st.Record)+`,"version":"`+st.Version+`"}`))
	req.Header.Set("Authorization", "Bearer "+e.tokens[himitsu.RoleOfficer])
	if w := e.do(req); w.Code != http.StatusForbidden {
		t.Errorf("editing a frozen report: got %d %s", w.Code, w.Body.String())
	}

	// The page's form records a filing and shows the frozen report.
	ck, csrf := e.session(himitsu.RoleOfficer)
	w := e.post(ck, "/c/a/incidents/inc-1/filings", url.Values{"csrf": {csrf}, "report": {"appi-preliminary"}, "submitted_at": {"2025-04-06T12:00"}})
	if w.Code != http.StatusSeeOther || !strings.HasSuffix(w.Header().Get("Location"), "/regulator_reports/inc-1-appi-preliminary-v1") {
		t.Errorf("form filing: got %d to %q", w.Code, w.Header().Get("Location"))
	}
}

func changes(t *testing.T, e *env) []himitsu.ChangeEntry {
	t.Helper()
	log, err := e.store.ChangeLog(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	return log
}

func readCtx() context.Context {
	return himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "check"})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
