package server

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auth"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// env is a server over a real store holding the fixture carriers "a" and
// "b", with one user per role granted carrier "a" only.
type env struct {
	t     *testing.T
	srv   *Server
	store *sqlstore.Store
	h     http.Handler
	users map[himitsu.Role]himitsu.User
	// tokens are write-scoped API tokens per role.
	tokens map[himitsu.Role]string
	runID  int64
}

var engines = []struct {
	name string
	dsn  func(t *testing.T) string
}{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "himitsu.db") }},
	{"postgres", func(t *testing.T) string { return storetest.PostgresDSN(t) }},
}

func newEnv(t *testing.T, dsn string) *env {
	t.Helper()
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	actx := himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "test", Purpose: "fixture"})
	for _, id := range []string{"a", "b"} {
		rec, ev := storetest.Fixture(id)
		if _, err := st.Replace(actx, rec, ev); err != nil {
			t.Fatal(err)
		}
	}
	cfg := Defaults()
	cfg.Password = auth.TestParams()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg.LoginBurst = 1000
	srv, err := New(cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, srv: srv, store: st, h: srv.Handler(), users: map[himitsu.Role]himitsu.User{}, tokens: map[himitsu.Role]string{}}
	for _, r := range himitsu.Roles {
		u, err := srv.CreateUser(ctx, NewUser{Name: "u-" + string(r), Password: "a long enough password", Role: r, Lang: "en", Carriers: []string{"a"}})
		if err != nil {
			t.Fatal(err)
		}
		e.users[r] = u
		secret := auth.NewSecret("hmt_")
		if _, err := st.CreateToken(ctx, himitsu.APIToken{UserID: u.ID, Name: "test", Prefix: secret[:8], Hash: auth.HashSecret(secret), Scope: himitsu.TokenWrite}); err != nil {
			t.Fatal(err)
		}
		e.tokens[r] = secret
	}
	run, err := st.SaveRun(actx, himitsu.AssessmentRun{CarrierID: "a", Actor: "test",
		Assessment: &himitsu.Assessment{AsOf: himitsu.Date{Year: 2025, Month: 6, Day: 1}, Judgement: himitsu.Judgement{Overall: "advice"}}})
	if err != nil {
		t.Fatal(err)
	}
	e.runID = run.ID
	return e
}

// session signs a user in directly through the store and returns the
// cookie and the CSRF token of the new session.
func (e *env) session(r himitsu.Role) (*http.Cookie, string) {
	e.t.Helper()
	secret := auth.NewSecret("hms_")
	csrf := auth.NewSecret("")
	now := time.Now().UTC()
	if err := e.store.CreateSession(context.Background(), himitsu.Session{Hash: auth.HashSecret(secret), UserID: e.users[r].ID, CSRF: csrf, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		e.t.Fatal(err)
	}
	return &http.Cookie{Name: sessionCookie, Value: secret}, csrf
}

func (e *env) do(req *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	return w
}

// pathFor fills a route's pattern with values that exist.
func (e *env) pathFor(rt *route) string {
	p := strings.TrimSuffix(rt.pattern, "{$}")
	ids := map[string]string{"complaints": "cmp-1", "incidents": "inc-1", "recurrence_measures": "rm-1", "regulator_reports": "rep-1",
		"notifications": "n-1", "persons": "per-1", "grants": "gr-1", "consents": "con-1"}
	repl := map[string]string{"{carrier}": "a", "{item}": "5(4)i", "{file}": "app.css", "{token}": "nope", "{report}": "tba-28-first"}
	switch {
	case strings.Contains(p, "/incidents/{id}/"):
		repl["{id}"] = "inc-1"
	case strings.Contains(p, "/assessments/{id}"):
		repl["{id}"] = fmt.Sprint(e.runID)
	case strings.Contains(p, "/settings/tokens/{id}"):
		repl["{id}"] = "999999" // revoking the caller's own token would end the walk
	case strings.Contains(p, "/cases/{id}"):
		repl["{id}"] = "case-1"
	case strings.Contains(p, "/admin/users/{id}"):
		repl["{id}"] = fmt.Sprint(e.users[himitsu.RoleAuditor].ID)
	default:
		repl["{id}"] = ids[rt.register]
		if repl["{id}"] == "" {
			repl["{id}"] = fixtureID(rt.register)
		}
	}
	for k, v := range repl {
		p = strings.ReplaceAll(p, k, url.PathEscape(v))
	}
	return p
}

var roleDenied = regexp.MustCompile(`your role \([a-z-]+\) may not do this`)

// TestRouteRoles walks every route with every role and checks that the
// route admits exactly the roles it states.
func TestRouteRoles(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			e := newEnv(t, eng.dsn(t))
			for i := range e.srv.routes {
				rt := &e.srv.routes[i]
				if rt.public {
					continue
				}
				for _, role := range himitsu.Roles {
					t.Run(rt.method+" "+rt.pattern+" as "+string(role), func(t *testing.T) {
						path := e.pathFor(rt)
						var req *http.Request
						if rt.api {
							var body io.Reader
							if rt.mutates() {
								body = strings.NewReader(`{}`)
							}
							req = httptest.NewRequest(rt.method, path, body)
							req.Header.Set("Authorization", "Bearer "+e.tokens[role])
						} else {
							ck, csrf := e.session(role)
							form := url.Values{"csrf": {csrf}}
							req = httptest.NewRequest(rt.method, path, strings.NewReader(form.Encode()))
							req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
							req.AddCookie(ck)
						}
						w := e.do(req)
						body := w.Body.String()
						denied := w.Code == http.StatusForbidden && roleDenied.MatchString(body)
						want := rt.allows(role)
						switch {
						case want && (denied || w.Code == http.StatusUnauthorized):
							t.Errorf("got %d (%s), want the route to admit %s", w.Code, firstLine(body), role)
						case !want && !denied:
							t.Errorf("got %d (%s), want 403 for role %s", w.Code, firstLine(body), role)
						case want && w.Code >= 500:
							t.Errorf("got %d: %s", w.Code, firstLine(body))
						}
					})
				}
			}
		})
	}
}

func firstLine(s string) string {
	if m := regexp.MustCompile(`id="error-message">([^<]*)`).FindStringSubmatch(s); m != nil {
		return m[1]
	}
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 160 {
		s = s[:160]
	}
	return s
}

func TestUnauthenticated(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	tests := []struct {
		name, method, path, auth string
		want                     int
		location                 string
	}{
		{"page redirects to sign-in", "GET", "/c/a/complaints", "", http.StatusSeeOther, "/login?next=%2Fc%2Fa%2Fcomplaints"},
		{"api without token", "GET", "/api/v1/carriers", "", http.StatusUnauthorized, ""},
		{"api with a bad token", "GET", "/api/v1/carriers", "Bearer hmt_nope", http.StatusUnauthorized, ""},
		{"api with a session cookie only", "GET", "/api/v1/carriers", "cookie", http.StatusUnauthorized, ""},
		{"health is public", "GET", "/healthz", "", http.StatusOK, ""},
		{"readiness is public", "GET", "/readyz", "", http.StatusOK, ""},
		{"metrics are public", "GET", "/metrics", "", http.StatusOK, ""},
		{"openapi is public", "GET", "/api/v1/openapi.json", "", http.StatusOK, ""},
		{"login form", "GET", "/login", "", http.StatusOK, ""},
		{"unknown setup link", "GET", "/setup/xyz", "", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, nil)
			switch tt.auth {
			case "":
			case "cookie":
				ck, _ := e.session(himitsu.RoleAdmin)
				req.AddCookie(ck)
			default:
				req.Header.Set("Authorization", tt.auth)
			}
			w := e.do(req)
			if w.Code != tt.want {
				t.Errorf("got %d, want %d", w.Code, tt.want)
			}
			if tt.location != "" && w.Header().Get("Location") != tt.location {
				t.Errorf("got Location %q, want %q", w.Header().Get("Location"), tt.location)
			}
		})
	}
}

func TestCarrierGrantAndTokenScope(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	ck, _ := e.session(himitsu.RoleAdmin)
	req := httptest.NewRequest("GET", "/c/b/complaints", nil)
	req.AddCookie(ck)
	if w := e.do(req); w.Code != http.StatusNotFound {
		t.Errorf("carrier not granted: got %d, want 404", w.Code)
	}
	req = httptest.NewRequest("GET", "/api/v1/carriers/b/complaints", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[himitsu.RoleAdmin])
	if w := e.do(req); w.Code != http.StatusNotFound {
		t.Errorf("api, carrier not granted: got %d, want 404", w.Code)
	}
	// A read token may not write, even for an officer.
	secret := auth.NewSecret("hmt_")
	if _, err := e.store.CreateToken(context.Background(), himitsu.APIToken{UserID: e.users[himitsu.RoleOfficer].ID, Name: "ro", Prefix: secret[:8], Hash: auth.HashSecret(secret), Scope: himitsu.TokenRead, CarrierID: "a"}); err != nil {
		t.Fatal(err)
	}
	req = httptest.NewRequest("POST", "/api/v1/carriers/a/complaints", strings.NewReader(`{"record":{}}`))
	req.Header.Set("Authorization", "Bearer "+secret)
	w := e.do(req)
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "may only read") {
		t.Errorf("read token writing: got %d %s, want 403 may only read", w.Code, w.Body)
	}
}

func TestCSRF(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	ck, csrf := e.session(himitsu.RoleOfficer)
	tests := []struct {
		name   string
		form   url.Values
		header map[string]string
		want   int
	}{
		{"no token", url.Values{}, nil, http.StatusForbidden},
		{"wrong token", url.Values{"csrf": {"x"}}, nil, http.StatusForbidden},
		{"cross-site request", url.Values{"csrf": {csrf}}, map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"other origin", url.Values{"csrf": {csrf}}, map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"same origin with token", url.Values{"csrf": {csrf}, "lang": {"ja"}, "next": {"/settings"}}, map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusSeeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/settings/lang", strings.NewReader(tt.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			req.AddCookie(ck)
			if w := e.do(req); w.Code != tt.want {
				t.Errorf("got %d, want %d", w.Code, tt.want)
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	w := e.do(httptest.NewRequest("GET", "/login", nil))
	for k, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
	} {
		if got := w.Header().Get(k); got != want {
			t.Errorf("%s: got %q, want %q", k, got, want)
		}
	}
	csp := w.Header().Get("Content-Security-Policy")
	for _, want := range []string{"frame-ancestors 'none'", "script-src 'self'", "default-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q allows inline script or style", csp)
	}
	// No template may carry inline script or style, which the CSP blocks.
	for _, name := range e.srv.pages.Templates() {
		var b strings.Builder
		_ = name
		b.WriteString("")
	}
	entries, _ := templateFS.ReadDir("templates")
	for _, en := range entries {
		data, _ := templateFS.ReadFile("templates/" + en.Name())
		if regexp.MustCompile(`<script>|<script [^>]*>[^<]+</script>|<style|\sstyle=|onclick=|onchange=|onsubmit=`).Match(data) {
			t.Errorf("%s has inline script or style, which the CSP refuses", en.Name())
		}
	}
}

func TestBodyLimit(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	big := `{"record":{"id":"` + strings.Repeat("x", 2<<20) + `"}}`
	req := httptest.NewRequest("POST", "/api/v1/carriers/a/complaints", strings.NewReader(big))
	req.Header.Set("Authorization", "Bearer "+e.tokens[himitsu.RoleAdmin])
	w := e.do(req)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("got %d, want 413", w.Code)
	}
}

// post submits a form with the session's cookie and token.
func (e *env) post(ck *http.Cookie, path string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(ck)
	return e.do(req)
}

func (e *env) get(ck *http.Cookie, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	if ck != nil {
		req.AddCookie(ck)
	}
	return e.do(req)
}

var hiddenVersion = regexp.MustCompile(`name="version" value="([^"]+)"`)

// formValues reads the inputs of the record form as a browser would send them.
func formValues(html string) url.Values {
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="(?:text|datetime-local|date|number)" id="f-[a-z_]+" name="([a-z_]+)" value="([^"]*)"`).FindAllStringSubmatch(html, -1) {
		v.Set(m[1], m[2])
	}
	for _, m := range regexp.MustCompile(`<input type="checkbox" id="f-[a-z_]+" name="([a-z_]+)" value="true" checked>`).FindAllStringSubmatch(html, -1) {
		v.Set(m[1], "true")
	}
	for _, m := range regexp.MustCompile(`(?s)<select id="f-([a-z_]+)" name="[a-z_]+">.*?</select>`).FindAllStringSubmatch(html, -1) {
		if s := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[0]); s != nil {
			v.Set(m[1], s[1])
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea id="f-[a-z_]+" name="([a-z_]+)">(.*?)</textarea>`).FindAllStringSubmatch(html, -1) {
		v.Set(m[1], m[2])
	}
	return v
}

// TestEditConflict: two people open the same complaint; the first saves,
// the second is shown the conflict with the current values, and nothing
// of the first is lost.
func TestEditConflict(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			e := newEnv(t, eng.dsn(t))
			ck1, csrf1 := e.session(himitsu.RoleDesk)
			ck2, csrf2 := e.session(himitsu.RoleOfficer)
			f1 := e.get(ck1, "/c/a/complaints/cmp-1/edit").Body.String()
			f2 := e.get(ck2, "/c/a/complaints/cmp-1/edit").Body.String()
			v1, v2 := formValues(f1), formValues(f2)
			v1.Set("version", hiddenVersion.FindStringSubmatch(f1)[1])
			v2.Set("version", hiddenVersion.FindStringSubmatch(f2)[1])
			v1.Set("csrf", csrf1)
			v2.Set("csrf", csrf2)
			v1.Set("resolution", "first writer")
			v2.Set("resolution", "second writer")
			if w := e.post(ck1, "/c/a/complaints/cmp-1", v1); w.Code != http.StatusSeeOther {
				t.Fatalf("first save: got %d: %s", w.Code, firstLine(w.Body.String()))
			}
			w := e.post(ck2, "/c/a/complaints/cmp-1", v2)
			if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), `id="conflict"`) || !strings.Contains(w.Body.String(), "first writer") {
				t.Fatalf("second save: got %d, want 409 with the conflict and the first writer's text: %s", w.Code, firstLine(w.Body.String()))
			}
			page := e.get(ck2, "/c/a/complaints/cmp-1").Body.String()
			if !strings.Contains(page, "first writer") || strings.Contains(page, "second writer") {
				t.Error("the stored complaint is not the first writer's")
			}
			// The form now holds the current version: saving again works.
			v2.Set("version", hiddenVersion.FindStringSubmatch(w.Body.String())[1])
			if w := e.post(ck2, "/c/a/complaints/cmp-1", v2); w.Code != http.StatusSeeOther {
				t.Errorf("save after the conflict: got %d", w.Code)
			}
		})
	}
}

func TestFormValidationNextToField(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	ck, csrf := e.session(himitsu.RoleDesk)
	w := e.post(ck, "/c/a/complaints", url.Values{"csrf": {csrf}, "id": {"cmp-9"}, "received_at": {"2025-05-01T10:00"}, "channel": {"phone"}, "category": {"nonsense"}})
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("got %d, want 422", w.Code)
	}
	m := regexp.MustCompile(`(?s)<div class="field has-error">\s*<select id="f-([a-z_]+)"`).FindStringSubmatch(w.Body.String())
	if m == nil || m[1] != "category" {
		t.Errorf("got the error next to %v, want next to category", m)
	}
	w = e.post(ck, "/c/a/complaints", url.Values{"csrf": {csrf}, "id": {"cmp-9"}, "received_at": {"yesterday"}})
	if !strings.Contains(w.Body.String(), "YYYY-MM-DDTHH:MM") {
		t.Errorf("a bad time is not explained next to its field")
	}
}

func TestLoginLockoutAndSetup(t *testing.T) {
	dsn := engines[0].dsn(t)
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := Defaults()
	cfg.Password = auth.TestParams()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg.BaseURL = "http://himitsu.test"
	srv, err := New(cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	link, err := srv.SetupLink(ctx)
	if err != nil || !strings.HasPrefix(link, "http://himitsu.test/setup/") {
		t.Fatalf("SetupLink: got %q, %v", link, err)
	}
	path := strings.TrimPrefix(link, "http://himitsu.test")
	do := func(method, p string, form url.Values, ck *http.Cookie) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, p, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = "192.0.2.1:1234"
		if ck != nil {
			req.AddCookie(ck)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	if w := do("POST", path, url.Values{"name": {"root"}, "password": {"short"}}, nil); w.Code != http.StatusBadRequest {
		t.Errorf("short password: got %d, want 400", w.Code)
	}
	w := do("POST", path, url.Values{"name": {"root"}, "password": {"a long enough password"}, "lang": {"en"}}, nil)
	if w.Code != http.StatusSeeOther || len(w.Result().Cookies()) == 0 {
		t.Fatalf("setup: got %d, want a redirect with a session", w.Code)
	}
	ck := w.Result().Cookies()[0]
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
		t.Errorf("session cookie: HttpOnly %v SameSite %v, want HttpOnly and Lax", ck.HttpOnly, ck.SameSite)
	}
	if w := do("GET", "/c/a/", nil, ck); w.Code != http.StatusNotFound {
		t.Errorf("admin sees no carrier a (none in the DB): got %d", w.Code)
	}
	if w := do("GET", path, nil, nil); w.Code != http.StatusNotFound {
		t.Errorf("setup link used twice: got %d, want 404", w.Code)
	}
	if l, _ := srv.SetupLink(ctx); l != "" {
		t.Errorf("SetupLink after the first user: got %q, want none", l)
	}
	// Lockout after MaxLoginFailures wrong passwords, even with the right one.
	for range cfg.MaxLoginFailures {
		if w := do("POST", "/login", url.Values{"name": {"root"}, "password": {"wrong password!"}}, nil); w.Code != http.StatusUnauthorized {
			t.Fatalf("wrong password: got %d, want 401", w.Code)
		}
	}
	if w := do("POST", "/login", url.Values{"name": {"root"}, "password": {"a long enough password"}}, nil); w.Code != http.StatusUnauthorized {
		t.Errorf("locked account with the right password: got %d, want 401", w.Code)
	}
	// Rate limit per address.
	limited := false
	for range cfg.LoginBurst + 2 {
		if w := do("POST", "/login", url.Values{"name": {"nobody"}, "password": {"x"}}, nil); w.Code == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Error("no 429 after a burst of logins from one address")
	}
	// Logout everywhere ends the setup session.
	u, _ := st.UserByName(ctx, "root")
	if _, err := st.DeleteUserSessions(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if w := do("GET", "/settings", nil, ck); w.Code != http.StatusSeeOther {
		t.Errorf("after logout everywhere: got %d, want a redirect to sign in", w.Code)
	}
}

func TestMetricsAndLogsHoldNoPersonalData(t *testing.T) {
	var logs strings.Builder
	e := newEnv(t, engines[0].dsn(t))
	e.srv.log = slog.New(slog.NewTextHandler(&logs, nil))
	ck, _ := e.session(himitsu.RoleAdmin)
	e.get(ck, "/c/a/complaints/cmp-1?q=sub_0123456789abcdef0123456789abcdef")
	m := e.get(nil, "/metrics").Body.String()
	if !strings.Contains(m, `himitsu_http_requests_total{route="GET /c/{carrier}/complaints/{id}",code="2xx"} 1`) {
		t.Errorf("metrics lack the request by route pattern:\n%s", m)
	}
	for _, secret := range []string{"cmp-1", "sub_0123", "u-admin"} {
		if strings.Contains(logs.String(), secret) || strings.Contains(m, secret) {
			t.Errorf("the request log or metrics contain %q", secret)
		}
	}
}

func TestReadsRecordedWithUserAndPurpose(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	ck, _ := e.session(himitsu.RoleAuditor)
	before, _ := e.store.ReadLog(context.Background(), "a")
	if w := e.get(ck, "/c/a/complaints/cmp-1"); w.Code != http.StatusOK {
		t.Fatalf("got %d", w.Code)
	}
	req := httptest.NewRequest("GET", "/api/v1/carriers/a/access_events?limit=2", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[himitsu.RoleAuditor])
	req.Header.Set("Himitsu-Purpose", "quarterly access review")
	if w := e.do(req); w.Code != http.StatusOK {
		t.Fatalf("api: got %d", w.Code)
	}
	after, _ := e.store.ReadLog(context.Background(), "a")
	got := after[len(before):]
	var saw []string
	for _, r := range got {
		saw = append(saw, r.Actor+"|"+r.What+"|"+r.Purpose)
	}
	for _, want := range []string{"user:u-internal-auditor|complaints|register work: complaints", "user:u-internal-auditor|access_events|quarterly access review"} {
		if !strings.Contains(strings.Join(saw, "\n"), want) {
			t.Errorf("read log %v lacks %q", saw, want)
		}
	}
}

func TestAPIErrorsAndConflict(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	call := func(method, path, body string, hdr map[string]string) (int, map[string]any) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+e.tokens[himitsu.RoleOfficer])
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		w := e.do(req)
		var out map[string]any
		json.Unmarshal(w.Body.Bytes(), &out)
		return w.Code, out
	}
	errField := func(m map[string]any) string {
		e, _ := m["error"].(map[string]any)
		f, _ := e["field"].(string)
		return f
	}
	tests := []struct {
		name, method, path, body string
		want                     int
		field                    string
	}{
		{"unknown field", "POST", "/api/v1/carriers/a/complaints", `{"record":{"id":"c9","colour":"red"}}`, 400, "colour"},
		{"wrong type", "POST", "/api/v1/carriers/a/complaints", `{"record":{"id":"c9","leak_clue":"yes"}}`, 400, "leak_clue"},
		{"bad enum", "POST", "/api/v1/carriers/a/complaints", `{"record":{"id":"c9","received_at":"2025-05-01T00:00:00Z","channel":"phone","category":"x"}}`, 400, "category"},
		{"duplicate", "POST", "/api/v1/carriers/a/complaints", `{"record":{"id":"cmp-1","received_at":"2025-05-01T00:00:00Z","channel":"phone","category":"privacy"}}`, 409, "id"},
		{"unknown filter", "GET", "/api/v1/carriers/a/complaints?f.colour=red", ``, 400, "filter.colour"},
		{"stale version", "PUT", "/api/v1/carriers/a/complaints/cmp-1", `{"record":{"received_at":"2025-05-01T00:00:00Z","channel":"phone","category":"privacy"},"version":"stale"}`, 409, "version"},
		{"law keeps complaints", "DELETE", "/api/v1/carriers/a/complaints/cmp-1?version=x", ``, 403, ""},
		{"no such record", "GET", "/api/v1/carriers/a/complaints/nope", ``, 404, "id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := call(tt.method, tt.path, tt.body, nil)
			if code != tt.want || errField(body) != tt.field {
				t.Errorf("got %d field %q (%v), want %d field %q", code, errField(body), body, tt.want, tt.field)
			}
		})
	}
	// A create, then an update with If-Match, then a stale one.
	code, body := call("POST", "/api/v1/carriers/a/complaints", `{"record":{"id":"c-new","received_at":"2025-05-01T00:00:00Z","channel":"web","category":"privacy"}}`, nil)
	if code != 201 {
		t.Fatalf("create: got %d %v", code, body)
	}
	v1 := body["version"].(string)
	code, body = call("PUT", "/api/v1/carriers/a/complaints/c-new", `{"record":{"received_at":"2025-05-01T00:00:00Z","channel":"web","category":"privacy","summary":"updated"}}`, map[string]string{"If-Match": `"` + v1 + `"`})
	if code != 200 || body["version"] == v1 {
		t.Fatalf("update: got %d %v", code, body)
	}
	code, _ = call("PUT", "/api/v1/carriers/a/complaints/c-new", `{"record":{"received_at":"2025-05-01T00:00:00Z","channel":"web","category":"privacy"}}`, map[string]string{"If-Match": v1})
	if code != 409 {
		t.Errorf("stale If-Match: got %d, want 409", code)
	}
}

// secondInstance is another server on the database of dsn, as a second
// instance behind a load balancer: its own store connection and its own
// process state, sharing only what the database holds.
func secondInstance(t *testing.T, dsn string) *env {
	t.Helper()
	st, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := Defaults()
	cfg.Password = auth.TestParams()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, srv: srv, store: st, h: srv.Handler()}
}

// TestTwoInstances: two servers on one database (PostgreSQL when
// HIMITSU_TEST_POSTGRES is set, as several instances run; SQLite too)
// share sign-ins and see each other's writes.
func TestTwoInstances(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			dsn := eng.dsn(t)
			a := newEnv(t, dsn)
			second := secondInstance(t, dsn)
			b, st := second.srv, second.store
			// Sign in on instance a through its login form.
			form := url.Values{"name": {"u-compliance-officer"}, "password": {"a long enough password"}}
			req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			w := a.do(req)
			if w.Code != http.StatusSeeOther || len(w.Result().Cookies()) == 0 {
				t.Fatalf("login on a: got %d", w.Code)
			}
			ck := w.Result().Cookies()[0]
			// The session works on instance b.
			req = httptest.NewRequest("GET", "/c/a/complaints/cmp-1/edit", nil)
			req.AddCookie(ck)
			wb := httptest.NewRecorder()
			b.Handler().ServeHTTP(wb, req)
			if wb.Code != http.StatusOK {
				t.Fatalf("the session of a on b: got %d", wb.Code)
			}
			// A write on b is read on a.
			v := formValues(wb.Body.String())
			v.Set("version", hiddenVersion.FindStringSubmatch(wb.Body.String())[1])
			v.Set("resolution", "written through b")
			sess, _ := st.SessionByHash(context.Background(), auth.HashSecret(ck.Value), time.Now())
			v.Set("csrf", sess.CSRF)
			req = httptest.NewRequest("POST", "/c/a/complaints/cmp-1", strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(ck)
			wb = httptest.NewRecorder()
			b.Handler().ServeHTTP(wb, req)
			if wb.Code != http.StatusSeeOther {
				t.Fatalf("write on b: got %d %s", wb.Code, firstLine(wb.Body.String()))
			}
			if page := a.get(ck, "/c/a/complaints/cmp-1").Body.String(); !strings.Contains(page, "written through b") {
				t.Error("instance a does not see the write made on b")
			}
			// Signing out on a ends the session on b.
			a.post(ck, "/logout", url.Values{"csrf": {sess.CSRF}})
			req = httptest.NewRequest("GET", "/settings", nil)
			req.AddCookie(ck)
			wb = httptest.NewRecorder()
			b.Handler().ServeHTTP(wb, req)
			if wb.Code != http.StatusSeeOther {
				t.Errorf("after signing out on a, b: got %d, want a redirect to sign in", wb.Code)
			}
		})
	}
}

// TestImportErrorsLocated uploads the example bundle with one bad value
// and expects the file, the line and the field on the page, and nothing
// imported.
func TestImportErrorsLocated(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	zipPath := zipExample(t)
	// Rewrite the ZIP with a bad category on line 3 of complaints.csv.
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if strings.HasSuffix(f.Name, "complaints.csv") {
			data = bytes.Replace(data, []byte(",phone,leak-suspicion,"), []byte(",phone,gossip,"), 1)
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	zr.Close()
	zw.Close()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	ck, csrf := e.session(himitsu.RoleOfficer)
	mw.WriteField("csrf", csrf)
	fw, _ := mw.CreateFormFile("bundle", "minato-mobile.zip")
	fw.Write(buf.Bytes())
	mw.Close()
	req := httptest.NewRequest("POST", "/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(ck)
	w := e.do(req)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("got %d, want 422", w.Code)
	}
	row := regexp.MustCompile(`<td class="mono">([^<]*)</td><td class="num">([^<]*)</td><td class="mono">([^<]*)</td>`).FindStringSubmatch(w.Body.String())
	if row == nil || row[1] != "complaints.csv" || row[2] != "3" || row[3] != "category" {
		t.Errorf("got error row %q, want complaints.csv line 3 field category", row)
	}
	if cs, _ := e.store.Carriers(context.Background()); len(cs) != 2 {
		t.Errorf("a refused import changed the carriers: %d", len(cs))
	}
}

// TestAssessmentRunDownloadCompare runs two assessments through the
// pages, downloads the reports and compares the runs.
func TestAssessmentRunDownloadCompare(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	ck, csrf := e.session(himitsu.RoleOfficer)
	var ids []string
	for range 2 {
		w := e.post(ck, "/c/a/assessments", url.Values{"csrf": {csrf}, "as_of": {"2025-06-01"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("run: got %d %s", w.Code, firstLine(w.Body.String()))
		}
		loc := w.Header().Get("Location")
		ids = append(ids, loc[strings.LastIndex(loc, "/")+1:])
		if page := e.get(ck, loc); page.Code != 200 || !strings.Contains(page.Body.String(), `id="overall-grade"`) {
			t.Fatalf("run page %s: got %d", loc, page.Code)
		}
		// Between the runs, a complaint with a leak clue closed without
		// escalation: the second run has something new.
		c := himitsu.Complaint{ID: "late-clue", ReceivedAt: time.Date(2025, 5, 1, 1, 0, 0, 0, time.UTC), Channel: "phone",
			Category: "leak-suspicion", LeakClue: himitsu.Yes, ClosedAt: time.Date(2025, 5, 20, 1, 0, 0, 0, time.UTC)}
		e.store.Complaints().Create(himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "t", Purpose: "test"}), "a", c)
	}
	for _, tt := range []struct{ format, ctype, contains string }{
		{"html", "text/html", "<html"},
		{"json", "application/json", `"judgement"`},
		{"oscal", "application/json", `"assessment-results"`},
		{"markdown", "text/markdown", "#"},
	} {
		w := e.get(ck, "/c/a/assessments/"+ids[1]+"/report?format="+tt.format)
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), tt.ctype) || !strings.Contains(w.Body.String(), tt.contains) ||
			!strings.Contains(w.Header().Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: got %d %q, want %s with %q", tt.format, w.Code, w.Header().Get("Content-Type"), tt.ctype, tt.contains)
		}
	}
	if w := e.get(ck, "/c/a/assessments/"+ids[1]+"/report?format=pdf"); w.Code != http.StatusBadRequest {
		t.Errorf("unknown format: got %d, want 400", w.Code)
	}
	w := e.get(ck, "/c/a/assessments/compare?a="+ids[0]+"&b="+ids[1])
	if w.Code != 200 {
		t.Fatalf("compare: got %d", w.Code)
	}
	m := regexp.MustCompile(`<h2>New findings \((\d+)\)</h2>`).FindStringSubmatch(w.Body.String())
	if m == nil || m[1] == "0" {
		t.Errorf("compare shows no new finding after the unescalated leak clue: %v", m)
	}
}

// TestComplaintTextDeskOnly proves that what a person wrote in a complaint
// (issue 10) reaches only the desk roles, in pages and in API answers, and
// that a desk role's read of it is recorded with its purpose.
func TestComplaintTextDeskOnly(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	const text = "別の人の通話明細が同封されていました"
	paths := []struct {
		name, path string
		api        bool
	}{
		{"detail page", "/c/a/complaints/cmp-1", false},
		{"list page", "/c/a/complaints", false},
		{"list page searching", "/c/a/complaints?q=cmp", false},
		{"api one record", "/api/v1/carriers/a/complaints/cmp-1", true},
		{"api list", "/api/v1/carriers/a/complaints", true},
		{"related from incident", "/c/a/incidents/inc-1", false},
	}
	desk := map[himitsu.Role]bool{himitsu.RoleAdmin: true, himitsu.RoleOfficer: true, himitsu.RoleDesk: true}
	for _, role := range himitsu.Roles {
		for _, p := range paths {
			t.Run(string(role)+" "+p.name, func(t *testing.T) {
				var w *httptest.ResponseRecorder
				if p.api {
					req := httptest.NewRequest("GET", p.path, nil)
					req.Header.Set("Authorization", "Bearer "+e.tokens[role])
					w = e.do(req)
				} else {
					ck, _ := e.session(role)
					w = e.get(ck, p.path)
				}
				if w.Code != http.StatusOK {
					t.Fatalf("got %d (%s), want 200", w.Code, firstLine(w.Body.String()))
				}
				shows := strings.Contains(w.Body.String(), text)
				if !desk[role] && shows {
					t.Errorf("got the complaint's text shown to %s, want it withheld", role)
				}
				if desk[role] && p.name == "detail page" && !shows {
					t.Errorf("got no complaint text for %s, want it shown", role)
				}
				if !desk[role] && p.name == "detail page" && !strings.Contains(w.Body.String(), "withheld") {
					t.Errorf("got no withheld notice for %s on the detail page", role)
				}
				if p.api && p.name == "api one record" {
					var st struct{ Record map[string]any }
					if err := json.Unmarshal(w.Body.Bytes(), &st); err != nil {
						t.Fatal(err)
					}
					if _, has := st.Record["text"]; has != desk[role] {
						t.Errorf("got text present=%v for %s, want %v", has, role, desk[role])
					}
				}
			})
		}
	}
	// A filter on the withheld field would reveal it by its answers.
	req := httptest.NewRequest("GET", "/api/v1/carriers/a/complaints?f.text="+url.QueryEscape(text), nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[himitsu.RoleAuditor])
	if w := e.do(req); w.Code != http.StatusForbidden {
		t.Errorf("filter on text as auditor: got %d, want 403", w.Code)
	}
	// Every read of the text is recorded: the desk agent's read of the
	// complaint is in the read log with the route's purpose.
	before, _ := e.store.ReadLog(context.Background(), "a")
	ck, _ := e.session(himitsu.RoleDesk)
	if w := e.get(ck, "/c/a/complaints/cmp-1"); w.Code != http.StatusOK {
		t.Fatalf("got %d", w.Code)
	}
	after, _ := e.store.ReadLog(context.Background(), "a")
	var found bool
	for _, r := range after[len(before):] {
		if r.Actor == "user:u-desk-agent" && r.What == "complaints" && r.Purpose == "register work: complaints" {
			found = true
		}
	}
	if !found {
		t.Errorf("read log %v lacks the desk agent's read of complaints", after[len(before):])
	}
}

// fixtureID is the ID of the fixture carrier's first record of the
// register, or an ID no record has when the fixture holds none.
func fixtureID(register string) string {
	rec, _ := storetest.Fixture("a")
	rv := reflect.Indirect(reflect.ValueOf(rec))
	for i := range rv.NumField() {
		name, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("json"), ",")
		if name == register && rv.Field(i).Kind() == reflect.Slice && rv.Field(i).Len() > 0 {
			return rv.Field(i).Index(0).FieldByName("ID").String()
		}
	}
	return "none-1"
}

// TestDashboardEscalationsLabelled: the dashboard's recent escalations
// name the complaint's category in the reader's language, not by its code.
func TestDashboardEscalationsLabelled(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	ck, _ := e.session(himitsu.RoleOfficer)
	w := e.get(ck, "/c/a/")
	if w.Code != http.StatusOK {
		t.Fatalf("dashboard: %d", w.Code)
	}
	body := w.Body.String()
	if !strings.Contains(body, ">Leak suspicion</td>") {
		t.Errorf("the escalation of cmp-1 does not show its category's label")
	}
	if strings.Contains(body, ">leak-suspicion</td>") {
		t.Errorf("the dashboard shows the category's code")
	}
}
