package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

var (
	publicCSRF   = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	receptionNum = regexp.MustCompile(`id="reception-number">([^<]+)<`)
)

const leakText = "知らない業者から電話があり、私が昨日誰に電話したかを全部知っていました。とても怖いです。"

// publicPost gets the form (for its cookie and token) and sends it.
func publicPost(t *testing.T, e *env, addr string, form url.Values, withCookie bool) *httptest.ResponseRecorder {
	t.Helper()
	g := httptest.NewRequest("GET", "/p/a/complaint?lang=ja", nil)
	g.RemoteAddr = addr
	gw := e.do(g)
	if gw.Code != http.StatusOK {
		t.Fatalf("GET form: %d %s", gw.Code, firstLine(gw.Body.String()))
	}
	m := publicCSRF.FindStringSubmatch(gw.Body.String())
	if m == nil {
		t.Fatal("the form has no CSRF token")
	}
	if form.Get("csrf") == "" {
		form.Set("csrf", m[1])
	}
	req := httptest.NewRequest("POST", "/p/a/complaint", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = addr
	if withCookie {
		for _, ck := range gw.Result().Cookies() {
			req.AddCookie(ck)
		}
	}
	return e.do(req)
}

func TestPublicComplaintForm(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	good := func() url.Values {
		return url.Values{"category": {"leak-suspicion"}, "text": {leakText}, "lang": {"ja"}}
	}
	cases := []struct {
		name       string
		form       url.Values
		cookie     bool
		wantCode   int
		wantInBody string
	}{
		{"no cookie: CSRF refused", good(), false, http.StatusForbidden, "有効期限"},
		{"forged token", func() url.Values { f := good(); f.Set("csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"); return f }(), true, http.StatusForbidden, "有効期限"},
		{"empty text, error tied to the field", url.Values{"category": {"privacy"}, "text": {"  "}}, true, http.StatusBadRequest, `aria-describedby="help-text err-text" aria-invalid="true"`},
		{"no category", url.Values{"text": {"x"}}, true, http.StatusBadRequest, `id="err-category"`},
		{"too long", url.Values{"category": {"other"}, "text": {strings.Repeat("あ", publicTextMax+1)}}, true, http.StatusBadRequest, "4,000"},
		{"received", good(), true, http.StatusCreated, `id="reception-number"`},
	}
	for i, c := range cases {
		w := publicPost(t, e, "192.0.2."+string(rune('1'+i))+":1234", c.form, c.cookie)
		if w.Code != c.wantCode || !strings.Contains(w.Body.String(), c.wantInBody) {
			t.Errorf("%s: got %d, want %d with %q in %s", c.name, w.Code, c.wantCode, c.wantInBody, firstLine(w.Body.String()))
		}
	}
	// The stored complaint: channel web, the text, no subscriber, screened.
	// A subscriber number the form did not ask for (no pseudonym key) is
	// dropped, never stored raw.
	f := good()
	f.Set("subscriber", "090-1234-5678")
	w := publicPost(t, e, "198.51.100.7:1", f, true)
	num := receptionNum.FindStringSubmatch(w.Body.String())
	if num == nil {
		t.Fatalf("no reception number: %d %s", w.Code, firstLine(w.Body.String()))
	}
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "t", Purpose: "test"})
	got, err := e.store.Complaints().Get(ctx, "a", num[1])
	if err != nil {
		t.Fatal(err)
	}
	cp := got.Record
	if cp.Channel != himitsu.ChannelWeb || cp.Text != leakText || cp.Subscriber != "" || !strings.Contains(cp.Summary, "leak clue") || cp.LeakClue != himitsu.Unknown {
		t.Errorf("stored %+v", cp)
	}
	// Status by reception number, and an unknown number.
	for _, c := range []struct{ number, want string }{{num[1], "受け付けました"}, {"W000000-AAAAA-AAAAA", "見つかりません"}} {
		w := e.get(nil, "/p/a/complaint/status?lang=ja&number="+url.QueryEscape(c.number))
		if !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("status of %s: want %q in %s", c.number, c.want, firstLine(w.Body.String()))
		}
	}
	// An unknown carrier is not found; the rate limit answers 429.
	if w := e.get(nil, "/p/nope/complaint"); w.Code != http.StatusNotFound {
		t.Errorf("unknown carrier: %d", w.Code)
	}
	limited := false
	e.srv.cfg.LoginBurst = 3
	for range e.srv.cfg.LoginBurst + 2 {
		if w := publicPost(t, e, "203.0.113.9:1", good(), true); w.Code == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Error("no rate limit on the public form")
	}
}

// TestDeskQueueActions: a web clue heads the queue with the screening's
// reasons; escalate and close through the forms; roles without the desk
// are refused the queue.
func TestDeskQueueActions(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	w := publicPost(t, e, "198.51.100.8:1", url.Values{"category": {"leak-suspicion"}, "text": {leakText}}, true)
	num := receptionNum.FindStringSubmatch(w.Body.String())[1]
	publicPost(t, e, "198.51.100.8:1", url.Values{"category": {"billing"}, "text": {"今月の請求額が先月より高いので内訳を教えてください。"}}, true)

	ck, csrf := e.session(himitsu.RoleDesk)
	q := e.get(ck, "/c/a/desk")
	body := q.Body.String()
	if q.Code != http.StatusOK {
		t.Fatalf("queue: %d %s", q.Code, firstLine(body))
	}
	rows := regexp.MustCompile(`data-id="([^"]+)"`).FindAllStringSubmatch(body, -1)
	if len(rows) == 0 || rows[0][1] != num {
		t.Fatalf("the web clue %s is not first in the queue: %v", num, rows)
	}
	if !strings.Contains(body, "desk-clue") {
		t.Error("the clue is not flagged")
	}
	item := e.get(ck, "/c/a/desk/"+num).Body.String()
	if !strings.Contains(item, `id="screening-reasons"`) || !strings.Contains(item, leakText) {
		t.Errorf("the item page lacks the text or the reasons: %s", firstLine(item))
	}
	version := func() string {
		m := hiddenVersion.FindStringSubmatch(e.get(ck, "/c/a/desk/"+num).Body.String())
		if m == nil {
			t.Fatal("no version on the item page")
		}
		return m[1]
	}
	// The agent disagrees: the queue shows it.
	if w := e.post(ck, "/c/a/desk/"+num+"/respond", url.Values{"csrf": {csrf}, "version": {version()}, "leak_clue": {"no"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("respond: %d %s", w.Code, regexp.MustCompile(`id="desk-error">[^<]*`).FindString(w.Body.String()))
	}
	if b := e.get(ck, "/c/a/desk?disagree=1").Body.String(); !strings.Contains(b, `data-id="`+num+`"`) {
		t.Error("the disagreement is not in the queue's filter")
	}
	// A stale version is a conflict, not a silent overwrite.
	stale := version()
	e.post(ck, "/c/a/desk/"+num+"/respond", url.Values{"csrf": {csrf}, "version": {stale}, "leak_clue": {"yes"}})
	if w := e.post(ck, "/c/a/desk/"+num+"/escalate", url.Values{"csrf": {csrf}, "version": {stale}, "escalated_to": {"incident-team"}}); w.Code != http.StatusConflict {
		t.Errorf("stale escalate: %d", w.Code)
	}
	if w := e.post(ck, "/c/a/desk/"+num+"/escalate", url.Values{"csrf": {csrf}, "version": {version()}, "escalated_to": {"incident-team"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("escalate: %d %s", w.Code, firstLine(w.Body.String()))
	}
	if w := e.post(ck, "/c/a/desk/"+num+"/close", url.Values{"csrf": {csrf}, "version": {version()}}); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `id="err-resolution"`) {
		t.Errorf("close without resolution: %d", w.Code)
	}
	if w := e.post(ck, "/c/a/desk/"+num+"/close", url.Values{"csrf": {csrf}, "version": {version()}, "resolution": {"調査チームへ引継ぎ、本人へ回答"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("close: %d %s", w.Code, firstLine(w.Body.String()))
	}
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "t", Purpose: "test"})
	got, _ := e.store.Complaints().Get(ctx, "a", num)
	if c := got.Record; c.EscalatedTo != "incident-team" || c.EscalatedAt.IsZero() || c.ClosedAt.IsZero() || c.FirstResponseAt.IsZero() || c.LeakClue != himitsu.Yes {
		t.Errorf("after the actions: %+v", c)
	}
	if b := e.get(ck, "/c/a/desk").Body.String(); strings.Contains(b, `data-id="`+num+`"`) {
		t.Error("a closed complaint is still in the open queue")
	}
	for _, r := range []himitsu.Role{himitsu.RoleAuditor, himitsu.RoleEngineer, himitsu.RoleRegulator} {
		ck, _ := e.session(r)
		if w := e.get(ck, "/c/a/desk/"+num); w.Code != http.StatusForbidden {
			t.Errorf("%s reads the desk item: %d", r, w.Code)
		}
	}
}

// TestPublicFormTwoInstances: behind a load balancer, the form served by
// one instance is sent to another. Both must accept it, as the key of the
// form's CSRF tokens comes from a secret kept in the database they share.
func TestPublicFormTwoInstances(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			dsn := eng.dsn(t)
			a := newEnv(t, dsn)
			b := secondInstance(t, dsn)
			for _, hop := range []struct {
				name        string
				serve, take *env
				addr        string
			}{{"served by a, sent to b", a, b, "198.51.100.21:1"}, {"served by b, sent to a", b, a, "198.51.100.22:1"}} {
				g := httptest.NewRequest("GET", "/p/a/complaint?lang=ja", nil)
				g.RemoteAddr = hop.addr
				gw := hop.serve.do(g)
				m := publicCSRF.FindStringSubmatch(gw.Body.String())
				if gw.Code != http.StatusOK || m == nil {
					t.Fatalf("%s: GET form: %d, token %v", hop.name, gw.Code, m != nil)
				}
				form := url.Values{"category": {"leak-suspicion"}, "text": {leakText}, "lang": {"ja"}, "csrf": {m[1]}}
				req := httptest.NewRequest("POST", "/p/a/complaint", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.RemoteAddr = hop.addr
				for _, ck := range gw.Result().Cookies() {
					req.AddCookie(ck)
				}
				w := hop.take.do(req)
				if w.Code != http.StatusCreated || receptionNum.FindStringSubmatch(w.Body.String()) == nil {
					t.Errorf("%s: got %d %s, want 201 with a reception number", hop.name, w.Code, firstLine(w.Body.String()))
				}
			}
		})
	}
}
