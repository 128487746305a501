package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// TestIncidentWorkspace takes an incident through the workspace's forms:
// opened from a complaint by the desk, facts recorded and corrected,
// knowledge, classification, a measure verified, a notice, closure; and
// each invalid step refused with its message and nothing changed.
func TestIncidentWorkspace(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "fixture"})
	recv := time.Date(2025, 6, 2, 1, 0, 0, 0, time.UTC)
	if _, err := e.store.Complaints().Create(ctx, "a", himitsu.Complaint{ID: "cmp-9", ReceivedAt: recv, Channel: himitsu.ChannelPhone,
		Category: himitsu.ComplaintLeakSuspicion, LeakClue: himitsu.Yes, Summary: "知らない人が通話先を知っていた"}); err != nil {
		t.Fatal(err)
	}
	deskCk, deskCSRF := e.session(himitsu.RoleDesk)
	ck, csrf := e.session(himitsu.RoleOfficer)
	audCk, audCSRF := e.session(himitsu.RoleAuditor)
	page := func(path string) string {
		t.Helper()
		w := e.get(ck, path)
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, w.Code, firstLine(w.Body.String()))
		}
		return w.Body.String()
	}
	incident := func() himitsu.Stored[himitsu.Incident] {
		t.Helper()
		st, err := e.store.Incidents().Get(ctx, "a", "inc-cmp-9")
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	const base = "/c/a/incidents/inc-cmp-9"
	step := func(ck *http.Cookie, csrf, path string, form url.Values, want int) string {
		t.Helper()
		form.Set("csrf", csrf)
		w := e.post(ck, path, form)
		if w.Code != want {
			t.Fatalf("POST %s %v: got %d (%s), want %d", path, form, w.Code, firstLine(w.Body.String()), want)
		}
		return w.Body.String()
	}

	// The complaint page offers the button to the desk.
	if body := e.get(deskCk, "/c/a/complaints/cmp-9").Body.String(); !strings.Contains(body, `id="open-incident"`) {
		t.Fatal("the complaint page shows the desk no button to open an incident")
	}
	step(deskCk, deskCSRF, "/c/a/complaints/cmp-9/open-incident", url.Values{}, http.StatusSeeOther)
	in := incident().Record
	if in.Origin != himitsu.OriginComplaint || in.OriginRef != "cmp-9" || len(in.Knowledge) != 2 || in.Knowledge[0].At != recv ||
		in.Knowledge[0].Step != himitsu.KnowledgeClue || len(in.Evidence) != 1 || in.Evidence[0].Ref != "cmp-9" || in.Kind != himitsu.IncidentSuspicion {
		t.Fatalf("incident opened from the complaint: %+v", in)
	}
	cmp, _ := e.store.Complaints().Get(ctx, "a", "cmp-9")
	if cmp.Record.Incident != "inc-cmp-9" || cmp.Record.EscalatedAt.IsZero() {
		t.Errorf("complaint after opening: incident %q, escalated %v", cmp.Record.Incident, cmp.Record.EscalatedAt)
	}
	if body := e.get(deskCk, "/c/a/complaints/cmp-9").Body.String(); !strings.Contains(body, `id="open-incident-linked"`) || strings.Contains(body, `id="open-incident"`) {
		t.Error("the linked complaint's page does not link its incident instead of the button")
	}
	// A second time is refused: the complaint already has its incident.
	step(deskCk, deskCSRF, "/c/a/complaints/cmp-9/open-incident", url.Values{}, http.StatusConflict)
	// The desk reads the workspace but may not write it.
	step(deskCk, deskCSRF, base+"/knowledge", url.Values{}, http.StatusForbidden)
	step(audCk, audCSRF, base+"/classification", url.Values{"to": {"leak"}}, http.StatusForbidden)

	// Facts: the occurrence, known at the complaint's escalation.
	v := incident().Version
	facts := url.Values{"version": {v}, "title": {"通話先の漏えいの疑い"}, "occurred_at": {"2025-05-30T10:00"}, "known_at": {"2025-06-02T12:00"},
		"origin": {"complaint"}, "origin_ref": {"cmp-9"}, "cause": {"不明"}}
	step(ck, csrf, base+"/facts", facts, http.StatusSeeOther)

	// Knowledge before the occurrence: refused, shown, nothing changed.
	before := incident()
	var body string
	body = step(ck, csrf, base+"/knowledge", url.Values{"version": {before.Version}, "at": {"2025-05-29T09:00"}, "step": {"detected"}, "function": {"security"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, `id="knowledge-error"`) || !strings.Contains(body, "occurred_at") {
		t.Errorf("the refused knowledge event shows no message at its form: %s", firstLine(body))
	}
	if after := incident(); after.Version != before.Version {
		t.Errorf("a refused step changed the incident: %s → %s", before.Version, after.Version)
	}
	step(ck, csrf, base+"/knowledge", url.Values{"version": {before.Version}, "at": {"2025-06-02T15:00"}, "step": {"confirmed"}, "function": {"security"}, "learned": {"ログで確認"}}, http.StatusSeeOther)

	// Data involved: the call records, so the inventory proposes secrecy.
	step(ck, csrf, base+"/data", url.Values{"dataset": {"ds-cdr"}}, http.StatusSeeOther)
	if body := page(base); !strings.Contains(body, "identifier") || !strings.Contains(body, `id="proposal-kind"`) {
		t.Errorf("the page shows no proposal from the inventory")
	}
	step(ck, csrf, base+"/secrecy", url.Values{"secrecy_involved": {"true"}, "classes": {"proposal"}}, http.StatusSeeOther)
	if in := incident().Record; !in.SecrecyInvolved.True() || len(in.Classes) == 0 {
		t.Errorf("secrecy confirmed: %v %v", in.SecrecyInvolved, in.Classes)
	}

	// Persons affected per kind of data; a count without its data is refused.
	body = step(ck, csrf, base+"/affected", url.Values{"count": {"3"}, "unit": {"persons"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, `id="affected-error"`) {
		t.Errorf("the refused count shows no message at its form")
	}
	step(ck, csrf, base+"/affected", url.Values{"data": {"通話明細"}, "class": {"identifier"}, "count": {"3"}, "unit": {"persons"}, "estimated": {"true"}}, http.StatusSeeOther)
	if a := incident().Record.Affected; len(a) != 1 || a[0].Count != 3 || !a[0].Estimated.True() {
		t.Errorf("affected: %+v", a)
	}

	// Evidence: an unknown complaint is refused.
	body = step(ck, csrf, base+"/evidence", url.Values{"kind": {"complaint"}, "ref": {"cmp-404"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "cmp-404") {
		t.Errorf("unknown evidence: no message naming it")
	}
	step(ck, csrf, base+"/evidence", url.Values{"kind": {"audit-log"}, "ref": {"7"}, "note": {"ログ"}}, http.StatusSeeOther)

	// Classification: departing from the proposal needs a reason.
	step(ck, csrf, base+"/classification", url.Values{"to": {"near-miss"}}, http.StatusUnprocessableEntity)
	if k := incident().Record.Kind; k != himitsu.IncidentSuspicion {
		t.Errorf("a refused classification changed the kind to %s", k)
	}
	step(ck, csrf, base+"/classification", url.Values{"to": {"leak"}}, http.StatusSeeOther)
	step(ck, csrf, base+"/classification", url.Values{"to": {"unauthorized-obtaining"}, "reason": {"従業者の閲覧と判明"}}, http.StatusSeeOther)
	hist, err := e.store.IncidentClassifications().List(ctx, "a", himitsu.ListOptions{Filter: map[string]string{"incident": "inc-cmp-9"}})
	if err != nil || len(hist.Items) != 2 || hist.Items[1].Record.From != himitsu.IncidentLeak || hist.Items[1].Record.By != e.users[himitsu.RoleOfficer].Name {
		t.Fatalf("classification history: %+v %v", hist.Items, err)
	}

	// A fact edited after it was recorded shows as such.
	facts.Set("version", incident().Version)
	facts.Set("cause", "従業者の私的な閲覧")
	step(ck, csrf, base+"/facts", facts, http.StatusSeeOther)
	body = page(base)
	if !strings.Contains(body, `class="edited"`) || !strings.Contains(body, "従業者の私的な閲覧") {
		t.Errorf("the corrected cause is not shown as edited after the fact")
	}

	// A measure: verified before done is refused; then done and verified.
	step(ck, csrf, base+"/measures", url.Values{"description": {"閲覧権限の限定"}, "owner": {"per-1"}, "due_on": {"2025-07-31"}, "removes_root_cause": {"true"}}, http.StatusSeeOther)
	mid := "inc-cmp-9.rm-1"
	step(ck, csrf, base+"/measures", url.Values{"measure": {mid}, "status": {"verified"}, "verified_on": {"2025-07-20"}}, http.StatusUnprocessableEntity)
	step(ck, csrf, base+"/measures", url.Values{"measure": {mid}, "status": {"verified"}, "done_on": {"2025-07-10"}, "verified_on": {"2025-07-20"},
		"verification": {"翌月の閲覧記録を確認"}, "verification_result": {"effective"}}, http.StatusSeeOther)
	m, _ := e.store.RecurrenceMeasures().Get(ctx, "a", mid)
	if m.Record.Status != himitsu.MeasureVerified || m.Record.Owner != "per-1" || !m.Record.RemovesRootCause.True() {
		t.Errorf("measure after verification: %+v", m.Record)
	}

	// A notice; one dated before anyone knew is refused.
	step(ck, csrf, base+"/notices", url.Values{"kind": {"individual-letter"}, "channel": {"mail"}, "sent_at": {"2025-05-01T10:00"}, "recipients": {"3"}}, http.StatusUnprocessableEntity)
	step(ck, csrf, base+"/notices", url.Values{"kind": {"individual-letter"}, "channel": {"mail"}, "sent_at": {"2025-06-20T10:00"}, "recipients": {"3"},
		"explains_cause": {"true"}, "explains_what_to_do": {"true"}, "what_to_do": {" 不審な電話には応じないでください "}}, http.StatusSeeOther)
	if n, err := e.store.Notifications().Get(ctx, "a", "inc-cmp-9.n-1"); err != nil || n.Record.WhatToDo != "不審な電話には応じないでください" {
		t.Errorf("the notice's words on what to do: %+v %v", n.Record, err)
	}

	// Secondary damage and what users should do, in the officer's words.
	facts.Set("version", incident().Version)
	facts.Set("secondary_damage", "二次被害は確認されていない")
	facts.Set("user_advice", "心当たりのない連絡は窓口へ")
	step(ck, csrf, base+"/facts", facts, http.StatusSeeOther)
	if in := incident().Record; in.SecondaryDamage != "二次被害は確認されていない" || in.UserAdvice != "心当たりのない連絡は窓口へ" {
		t.Errorf("secondary damage and advice: %q, %q", in.SecondaryDamage, in.UserAdvice)
	}
	if body := page(base); !strings.Contains(body, `id="incident-secondary-damage">二次被害は確認されていない<`) || !strings.Contains(body, "不審な電話には応じないでください") {
		t.Error("the page does not show the secondary damage and the notice's words")
	}

	// Closing needs containment and the root cause.
	body = step(ck, csrf, base+"/close", url.Values{"closed_at": {"2025-08-01T10:00"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, `id="close-error"`) {
		t.Errorf("the refused closure shows no message at its form")
	}
	facts.Set("version", incident().Version)
	facts.Set("contained_at", "2025-06-01T10:00") // before anyone knew
	body = step(ck, csrf, base+"/facts", facts, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "contained_at") {
		t.Errorf("containment before knowledge: no message")
	}
	facts.Set("contained_at", "2025-06-03T10:00")
	facts.Set("root_cause", "閲覧権限が業務上の必要より広かった")
	step(ck, csrf, base+"/facts", facts, http.StatusSeeOther)
	step(ck, csrf, base+"/close", url.Values{"closed_at": {"2025-08-01T10:00"}}, http.StatusSeeOther)
	if in := incident().Record; in.ClosedAt.IsZero() || in.ClosedBy != e.users[himitsu.RoleOfficer].Name {
		t.Errorf("closed: %v by %q", in.ClosedAt, in.ClosedBy)
	}
	// The English page.
	if body := page(base); !strings.Contains(body, "Facts edited after the fact") || !strings.Contains(body, "Unauthorized obtaining") {
		t.Errorf("the English page lacks its words")
	}

	// The API: the workspace, and a classification with its reason.
	tok := e.tokens[himitsu.RoleOfficer]
	req := httptest.NewRequest("GET", "/api/v1/carriers/a/incidents/inc-cmp-9/workspace", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	w := e.do(req)
	var ws incIncidentWorkspace
	if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &ws) != nil || len(ws.Classification) != 2 || len(ws.EditedAfter) == 0 {
		t.Fatalf("API workspace: %d %s", w.Code, firstLine(w.Body.String()))
	}
	req = httptest.NewRequest("POST", "/api/v1/carriers/a/incidents/inc-cmp-9/classification", strings.NewReader(`{"to":"leak"}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	if w := e.do(req); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"field":"reason"`) {
		t.Errorf("API classification without a reason: %d %s", w.Code, w.Body.String())
	}
}

// BenchmarkIncidentWorkspace measures the workspace page and its API
// answer (the handler alone) on the benchmark carrier: each request reads
// the carrier's registers for the data inventory, the incident's
// measures, notices and classification history, and its record log.
//
//	go test ./internal/server -run '^$' -bench IncidentWorkspace
func BenchmarkIncidentWorkspace(b *testing.B) {
	srv, ck, tok := benchEnv(b)
	h := srv.Handler()
	for _, ep := range []endpoint{{"page", "/c/a/incidents/inc-1"}, {"api", "/api/v1/carriers/a/incidents/inc-1/workspace"}} {
		b.Run(ep.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", ep.path, nil)
				if ep.name == "api" {
					req.Header.Set("Authorization", "Bearer "+tok)
				} else {
					req.AddCookie(ck)
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d %s", ep.path, w.Code, firstLine(w.Body.String()))
				}
			}
		})
	}
}

// TestIncidentWorkspaceReadLog: the workspace reads the registers it
// shows and the data inventory, not every register, and the read log
// names exactly those (no "records" entry, which shows as all registers).
func TestIncidentWorkspaceReadLog(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	ck, _ := e.session(himitsu.RoleOfficer)
	before, err := e.store.ReadLog(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	if w := e.get(ck, "/c/a/incidents/inc-1"); w.Code != http.StatusOK {
		t.Fatalf("GET the workspace: %d %s", w.Code, firstLine(w.Body.String()))
	}
	after, err := e.store.ReadLog(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range after[len(before):] {
		got[r.What] = true
	}
	want := map[string]bool{"incidents": true, "datasets": true, "incident_classifications": true,
		"recurrence_measures": true, "regulator_reports": true, "notifications": true}
	for w := range want {
		if !got[w] {
			t.Errorf("the read log names no read of %s; it names %v", w, got)
		}
	}
	for g := range got {
		if !want[g] {
			t.Errorf("the workspace read %s, which it does not show; the read log names %v", g, got)
		}
	}
}
