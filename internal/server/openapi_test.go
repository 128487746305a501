package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestOpenAPI keeps the OpenAPI document true: every API route is in it
// and nothing else is; every answer the API gives to a set of calls
// (successes and errors) has a status the document declares for the
// operation and a body that validates against the schema it names.
func TestOpenAPI(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			e := newEnv(t, eng.dsn(t))
			w := e.do(httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
			if w.Code != 200 {
				t.Fatalf("openapi.json: got %d", w.Code)
			}
			var doc map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if doc["openapi"] != "3.1.0" {
				t.Errorf("got openapi %v, want 3.1.0", doc["openapi"])
			}
			paths := doc["paths"].(map[string]any)
			// Routes ⇔ document.
			want := map[string]bool{}
			for _, rt := range e.srv.routes {
				if !rt.api {
					continue
				}
				key := strings.ToLower(rt.method) + " " + strings.TrimPrefix(rt.pattern, "/api/v1")
				want[key] = true
			}
			got := map[string]bool{}
			for p, item := range paths {
				for m := range item.(map[string]any) {
					got[m+" "+p] = true
				}
			}
			for k := range want {
				if !got[k] {
					t.Errorf("route %s is missing from the document", k)
				}
			}
			for k := range got {
				if !want[k] {
					t.Errorf("the document has %s, which is no route", k)
				}
			}
			// Compile the document's schemas.
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
			// The calls: every GET route, and writes that succeed and fail.
			type callCase struct {
				method, path, body string
				hdr                map[string]string
				role               himitsu.Role
			}
			var calls []callCase
			for _, rt := range e.srv.routes {
				if rt.api && rt.method == "GET" {
					calls = append(calls, callCase{method: "GET", path: e.pathFor(&rt), role: himitsu.RoleAdmin})
				}
			}
			cmp := `{"record":{"id":"api-1","received_at":"2025-05-01T00:00:00Z","channel":"web","category":"privacy","summary":"照会"}}`
			calls = append(calls,
				callCase{method: "POST", path: "/api/v1/carriers/a/complaints", body: cmp, role: himitsu.RoleDesk},
				callCase{method: "POST", path: "/api/v1/carriers/a/complaints", body: cmp, role: himitsu.RoleDesk},
				callCase{method: "POST", path: "/api/v1/carriers/a/complaints", body: `{"record":{"id":"x","colour":1}}`, role: himitsu.RoleDesk},
				callCase{method: "POST", path: "/api/v1/carriers/a/complaints", body: cmp, role: himitsu.RoleAuditor},
				callCase{method: "PUT", path: "/api/v1/carriers/a/complaints/api-1", body: `{"record":{"received_at":"2025-05-01T00:00:00Z","channel":"web","category":"privacy"},"version":"old"}`, role: himitsu.RoleDesk},
				callCase{method: "DELETE", path: "/api/v1/carriers/a/complaints/api-1?version=x", role: himitsu.RoleDesk},
				callCase{method: "POST", path: "/api/v1/carriers/a/persons", body: `{"record":{"id":"per-x","kind":"employee","employer":"org-carrier"}}`, role: himitsu.RoleEngineer},
				callCase{method: "GET", path: "/api/v1/carriers/a/complaints?f.colour=red", role: himitsu.RoleAdmin},
				callCase{method: "GET", path: "/api/v1/carriers/b/complaints", role: himitsu.RoleAdmin},
				callCase{method: "GET", path: "/api/v1/carriers/a/access_events?limit=1", role: himitsu.RoleAdmin},
				callCase{method: "GET", path: "/api/v1/carriers", role: ""},
				callCase{method: "POST", path: "/api/v1/carriers/a/assessments", body: `{"as_of":"2025-06-01"}`, role: himitsu.RoleOfficer},
			)
			// The person just created, deleted with its version.
			for _, cc := range calls {
				t.Run(cc.method+" "+cc.path+" as "+string(cc.role), func(t *testing.T) {
					req := httptest.NewRequest(cc.method, cc.path, strings.NewReader(cc.body))
					if cc.role != "" {
						req.Header.Set("Authorization", "Bearer "+e.tokens[cc.role])
					}
					w := e.do(req)
					checkAnswer(t, doc, schemaOf, e.srv.routes, cc.method, req.URL.Path, w)
				})
			}
			// Delete with the version the API gave.
			req := httptest.NewRequest("GET", "/api/v1/carriers/a/persons/per-x", nil)
			req.Header.Set("Authorization", "Bearer "+e.tokens[himitsu.RoleEngineer])
			var st struct{ Version string }
			json.Unmarshal(e.do(req).Body.Bytes(), &st)
			req = httptest.NewRequest("DELETE", "/api/v1/carriers/a/persons/per-x", nil)
			req.Header.Set("Authorization", "Bearer "+e.tokens[himitsu.RoleEngineer])
			req.Header.Set("If-Match", `"`+st.Version+`"`)
			w = e.do(req)
			if w.Code != http.StatusNoContent {
				t.Errorf("DELETE person: got %d %s", w.Code, w.Body)
			}
			checkAnswer(t, doc, schemaOf, e.srv.routes, "DELETE", "/api/v1/carriers/a/persons/per-x", w)
		})
	}
}

// checkAnswer finds the operation of the answer's route and checks the
// status and the body against the document.
func checkAnswer(t *testing.T, doc map[string]any, schemaOf func(string) *jsonschema.Schema, routes []route, method, path string, w *httptest.ResponseRecorder) {
	t.Helper()
	var pattern string
	for _, rt := range routes {
		if rt.api && rt.method == method && matchPattern(rt.pattern, path) {
			if pattern == "" || !strings.Contains(rt.pattern, "{id}") {
				pattern = rt.pattern
			}
		}
	}
	if pattern == "" {
		t.Fatalf("no route for %s %s", method, path)
	}
	op := doc["paths"].(map[string]any)[strings.TrimPrefix(pattern, "/api/v1")].(map[string]any)[strings.ToLower(method)].(map[string]any)
	resp, ok := op["responses"].(map[string]any)[strconv.Itoa(w.Code)].(map[string]any)
	if !ok {
		t.Fatalf("status %d is not declared for %s %s (body %s)", w.Code, method, pattern, w.Body)
	}
	content, ok := resp["content"].(map[string]any)
	if !ok {
		if w.Body.Len() > 0 {
			t.Errorf("status %d declares no body, got %s", w.Code, w.Body)
		}
		return
	}
	schema := content["application/json"].(map[string]any)["schema"].(map[string]any)
	ref, _ := schema["$ref"].(string)
	if ref == "" {
		return
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	if err := schemaOf(ref).Validate(inst); err != nil {
		t.Errorf("%d body does not match %s: %v\n%s", w.Code, ref, err, w.Body)
	}
}

func matchPattern(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i := range ps {
		if ps[i] != xs[i] && !(strings.HasPrefix(ps[i], "{") && strings.HasSuffix(ps[i], "}")) {
			return false
		}
	}
	return true
}
