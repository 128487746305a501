package server

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/procedure"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestCaseAPI works a case through the API with the roles of both sides:
// the regulator opens it and records its steps, the carrier's officer
// answers; each side is refused the other's steps and the procedure
// refuses an order without consultation and hearing. Every answer is
// checked against the OpenAPI document.
func TestCaseAPI(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			e := newEnv(t, eng.dsn(t))
			var doc map[string]any
			if err := json.Unmarshal(e.do(httptest.NewRequest("GET", "/api/v1/openapi.json", nil)).Body.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			c := jsonschema.NewCompiler()
			if err := c.AddResource("openapi.json", doc); err != nil {
				t.Fatal(err)
			}
			schemaOf := func(ref string) *jsonschema.Schema {
				s, err := c.Compile("openapi.json#" + strings.TrimPrefix(ref, "#"))
				if err != nil {
					t.Fatalf("compile %s: %v", ref, err)
				}
				return s
			}
			const cases = "/api/v1/carriers/a/cases"
			const steps = cases + "/kanto-1/steps"
			openBody := `{"id":"kanto-1","title":"通話明細の誤送付","origin":"tba-28-report","opened_on":"2025-06-10","incidents":["inc-1"],"regulator_reports":["rep-1"]}`
			for _, tt := range []struct {
				name         string
				role         himitsu.Role
				method, path string
				body         string
				status       int
				field, words string // of an error answer
			}{
				{"regulator opens", himitsu.RoleRegulator, "POST", cases, openBody, 201, "", ""},
				{"officer may not open", himitsu.RoleOfficer, "POST", cases, openBody, 403, "", "may not"},
				{"opened twice", himitsu.RoleRegulator, "POST", cases, openBody, 409, "id", "exists"},
				{"unknown incident", himitsu.RoleRegulator, "POST", cases,
					`{"id":"kanto-2","title":"t","origin":"complaints","opened_on":"2025-06-10","incidents":["inc-9"]}`, 400, "incidents[0]", "no record"},
				{"unknown field", himitsu.RoleRegulator, "POST", cases, `{"id":"kanto-3","colour":1}`, 400, "colour", ""},
				{"request for reports", himitsu.RoleRegulator, "POST", steps,
					`{"kind":"report-request","on":"2025-06-12","actor":"総務 一郎","text":"経緯","due_on":"2025-06-26","reasons":"第28条報告を受けて"}`, 201, "", ""},
				{"regulator may not answer for the carrier", himitsu.RoleRegulator, "POST", steps,
					`{"kind":"answer","on":"2025-06-20","actor":"x","text":"回答"}`, 403, "kind", "carrier"},
				{"officer answers", himitsu.RoleOfficer, "POST", steps, `{"kind":"answer","on":"2025-06-20","actor":"法務 次郎","text":"回答する"}`, 201, "", ""},
				{"officer may not give guidance", himitsu.RoleOfficer, "POST", steps,
					`{"kind":"guidance","on":"2025-06-21","actor":"x","measures":["m"],"reasons":"r"}`, 403, "kind", "regulator"},
				{"decision to pursue", himitsu.RoleRegulator, "POST", steps, `{"kind":"decide-order","on":"2025-07-01","actor":"総務 一郎","reasons":"改善が見られない"}`, 201, "", ""},
				{"order without consultation and hearing", himitsu.RoleRegulator, "POST", steps,
					`{"kind":"order","on":"2025-07-02","actor":"総務 一郎","measures":["体制の整備"],"reasons":"支障がある"}`, 400, "kind", "consultation"},
				{"auditor records nothing", himitsu.RoleAuditor, "POST", steps, `{"kind":"answer","on":"2025-07-02","actor":"x","text":"y"}`, 403, "", "may not"},
				{"auditor reads the case", himitsu.RoleAuditor, "GET", cases + "/kanto-1", "", 200, "", ""},
				{"desk reads no case", himitsu.RoleDesk, "GET", cases, "", 403, "", "may not"},
				{"regulator's list", himitsu.RoleRegulator, "GET", "/api/v1/regulator/cases", "", 200, "", ""},
				{"carrier's list", himitsu.RoleOfficer, "GET", cases, "", 200, "", ""},
				{"unknown case", himitsu.RoleOfficer, "GET", cases + "/kanto-9", "", 404, "id", ""},
			} {
				t.Run(tt.name, func(t *testing.T) {
					req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
					req.Header.Set("Authorization", "Bearer "+e.tokens[tt.role])
					w := e.do(req)
					if w.Code != tt.status {
						t.Fatalf("got %d (%s), want %d", w.Code, firstLine(w.Body.String()), tt.status)
					}
					checkAnswer(t, doc, schemaOf, e.srv.routes, tt.method, req.URL.Path, w)
					if tt.status < 400 {
						return
					}
					var ae APIError
					if err := json.Unmarshal(w.Body.Bytes(), &ae); err != nil {
						t.Fatal(err)
					}
					if tt.field != "" && ae.Error.Field != tt.field {
						t.Errorf("field: got %q, want %q", ae.Error.Field, tt.field)
					}
					if !strings.Contains(ae.Error.Message, tt.words) || ae.Error.MessageJA == "" {
						t.Errorf("message %q / %q does not say %q in both languages", ae.Error.Message, ae.Error.MessageJA, tt.words)
					}
				})
			}
			// The case as the carrier sees it: three steps (the refused
			// order left nothing), the answer met the request, and the engine's
			// grade beside it.
			req := httptest.NewRequest("GET", cases+"/kanto-1", nil)
			req.Header.Set("Authorization", "Bearer "+e.tokens[himitsu.RoleOfficer])
			var got caseAnswer
			if err := json.Unmarshal(e.do(req).Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if len(got.Steps) != 3 || got.Steps[1].Refers != 1 || got.Steps[0].RecordedBy != "user:u-regulator" {
				t.Errorf("steps: %+v", got.Steps)
			}
			if got.Stage != "pursuing-order" || len(got.Due) != 1 || got.Due[0].Status != "met" || got.Due[0].MetBy != 2 {
				t.Errorf("stage %s, due %+v", got.Stage, got.Due)
			}
			if got.Recommendation.Grade.ID != "advice" || len(got.Recommendation.Caveats) == 0 {
				t.Errorf("recommendation: %+v", got.Recommendation)
			}
			// Every read of a case is in the read log under its reader.
			reads, err := e.store.ReadLog(t.Context(), "a")
			if err != nil {
				t.Fatal(err)
			}
			readers := map[string]bool{}
			for _, r := range reads {
				if r.What == "cases" {
					readers[r.Actor] = true
				}
			}
			for _, who := range []string{"user:u-regulator", "user:u-internal-auditor", "user:u-compliance-officer"} {
				if !readers[who] {
					t.Errorf("no read of the case logged for %s (logged: %v)", who, readers)
				}
			}
		})
	}
}

// FuzzCaseStepForm: whatever a form posts, reading it as a step and
// checking it against the procedure gives a value or an error, never a
// panic.
func FuzzCaseStepForm(f *testing.F) {
	f.Add("order", "2025-07-02", "体制の整備\n監督", "2025-08-01\n2025-09-01", "3", "yes")
	f.Add("progress-report", "2025-13-40", "", "x,,y", "-1", "maybe")
	f.Fuzz(func(t *testing.T, kind, on, measures, reportsDue, refers, follows string) {
		form := url.Values{"kind": {kind}, "on": {on}, "actor": {"a"}, "reasons": {"r"}, "text": {"t"},
			"measures": {measures}, "reports_due": {reportsDue}, "refers": {refers}, "follows": {follows}, "due_on": {on}, "answered_on": {on}}
		req := httptest.NewRequest("POST", "/", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		st, err := stepFromForm(req)
		if err != nil {
			return
		}
		file := himitsu.CaseFile{Case: himitsu.Case{ID: "c", CarrierID: "a", Title: "t", Origin: himitsu.OriginOther, OpenedOn: himitsu.Date{Year: 2025, Month: 1, Day: 1}}}
		file.Steps = []himitsu.CaseStep{{Seq: 1, Kind: himitsu.StepReportRequest, On: himitsu.Date{Year: 2025, Month: 1, Day: 2}, Actor: "a", Reasons: "r", Text: "t", DueOn: himitsu.Date{Year: 2025, Month: 2, Day: 1}}}
		_ = procedure.Check(file, procedure.Prepare(file, st), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	})
}
