package server

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

// recordFormValues is what a browser sends for the record form in page: every
// input, the ticked boxes, each select's chosen option and the text areas.
func recordFormValues(t *testing.T, page string) url.Values {
	t.Helper()
	start := strings.Index(page, `id="record-form"`)
	end := strings.Index(page[max(start, 0):], "</form>")
	if start < 0 || end < 0 {
		t.Fatalf("no record form in the page")
	}
	form := page[start : start+end]
	out := url.Values{}
	attr := func(tag, name string) (string, bool) {
		m := regexp.MustCompile(` ` + name + `="([^"]*)"`).FindStringSubmatch(tag)
		if m == nil {
			return "", false
		}
		return html.UnescapeString(m[1]), true
	}
	for _, tag := range regexp.MustCompile(`<input [^>]*>`).FindAllString(form, -1) {
		name, ok := attr(tag, "name")
		if !ok {
			continue
		}
		typ, _ := attr(tag, "type")
		if typ == "checkbox" && !strings.Contains(tag, " checked") {
			continue
		}
		v, _ := attr(tag, "value")
		out.Add(name, v)
	}
	for _, m := range regexp.MustCompile(`(?s)<select [^>]*name="([^"]*)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(form, -1) {
		chosen := ""
		if o := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[2]); o != nil {
			chosen = html.UnescapeString(o[1])
		}
		out.Set(html.UnescapeString(m[1]), chosen)
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea [^>]*name="([^"]*)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(form, -1) {
		out.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return out
}

// TestFormRoundTripKeepsRecords: opening a record's edit form and saving
// it unchanged keeps the record exactly (its version does not move), for
// every register served with forms. This is what proves the forms carry
// every field: yes/no/unknown facts, lists, enumeration lists and
// sub-records (a data set's elements, an incident's knowledge events).
func TestFormRoundTripKeepsRecords(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	ck, _ := e.session(himitsu.RoleAdmin)
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "test"})
	for _, rc := range registers() {
		if len(rc.write) == 0 {
			continue
		}
		id := fixtureID(rc.name)
		if id == "none-1" {
			continue
		}
		t.Run(rc.name, func(t *testing.T) {
			svc, _ := e.store.RecordService(rc.name)
			before, err := svc.Get(ctx, "a", id)
			if err != nil {
				t.Fatal(err)
			}
			w := e.get(ck, "/c/a/"+rc.name+"/"+url.PathEscape(id)+"/edit")
			if w.Code == http.StatusSeeOther {
				t.Skipf("the register's edit page is its own (not the generic form)")
			}
			if w.Code != http.StatusOK {
				t.Fatalf("edit form: %d", w.Code)
			}
			form := recordFormValues(t, w.Body.String())
			w = e.post(ck, "/c/a/"+rc.name+"/"+url.PathEscape(id), form)
			if w.Code == http.StatusForbidden && rc.name == "regulator_reports" {
				t.Skipf("a filed report is sealed: %s", errorIn(w.Body.String()))
			}
			if w.Code != http.StatusSeeOther {
				t.Fatalf("save unchanged: got %d: %s", w.Code, errorIn(w.Body.String()))
			}
			after, err := svc.Get(ctx, "a", id)
			if err != nil {
				t.Fatal(err)
			}
			if after.Version != before.Version {
				t.Errorf("saving the form unchanged changed the record:\nbefore %+v\nafter  %+v", before.Record, after.Record)
			}
		})
	}
}

// errorIn picks the messages next to the fields out of a form page.
func errorIn(page string) string {
	var out []string
	for _, m := range regexp.MustCompile(`<div class="err"[^>]*>([^<]+)</div>`).FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return strings.Join(out, "; ")
}

// TestSubRecordRows: a data set's elements are rows of the form; a row
// is added in the blank row, taken out with its remove box, and an
// element's error is shown next to the list.
func TestSubRecordRows(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	ck, csrf := e.session(himitsu.RoleEngineer)
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "test"})
	form := url.Values{"csrf": {csrf}, "id": {"ds-new"}, "name": {"位置登録"},
		"elements.0.name": {"cell"}, "elements.0.class": {"location-registration"},
		"elements.1.name": {""}, "elements.1.class": {""}, // the blank row
		"elements.2.name": {"imsi"}, "elements.2.class": {"identifier"},
		"stored_in": {"JP"}}
	if w := e.post(ck, "/c/a/datasets", form); w.Code != http.StatusSeeOther {
		t.Fatalf("create: got %d: %s", w.Code, errorIn(w.Body.String()))
	}
	svc, _ := e.store.RecordService("datasets")
	st, err := svc.Get(ctx, "a", "ds-new")
	if err != nil {
		t.Fatal(err)
	}
	ds := st.Record.(himitsu.DataSet)
	if len(ds.Elements) != 2 || ds.Elements[0].Name != "cell" || ds.Elements[1].Class != himitsu.ClassIdentifier {
		t.Fatalf("elements: got %+v", ds.Elements)
	}
	// Remove the first row, keep the second.
	w := e.get(ck, "/c/a/datasets/ds-new/edit")
	edit := recordFormValues(t, w.Body.String())
	edit.Set("elements.0._remove", "1")
	if w := e.post(ck, "/c/a/datasets/ds-new", edit); w.Code != http.StatusSeeOther {
		t.Fatalf("update: got %d: %s", w.Code, errorIn(w.Body.String()))
	}
	st, _ = svc.Get(ctx, "a", "ds-new")
	if ds := st.Record.(himitsu.DataSet); len(ds.Elements) != 1 || ds.Elements[0].Name != "imsi" {
		t.Fatalf("after removing a row: got %+v", ds.Elements)
	}
	// A row without its class: the message names the list.
	w = e.get(ck, "/c/a/datasets/ds-new/edit")
	edit = recordFormValues(t, w.Body.String())
	edit.Set("elements.1.name", "msisdn")
	w = e.post(ck, "/c/a/datasets/ds-new", edit)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("row without class: got %d, want 422", w.Code)
	}
	if m := regexp.MustCompile(`(?s)<table class="subrecords" id="f-elements">.*?</table>.*?<div class="err" id="err-elements" >([^<]+)</div>`).FindStringSubmatch(w.Body.String()); m == nil {
		t.Errorf("no message next to the elements: %s", errorIn(w.Body.String()))
	}
	// "Add a row" shows the form again with two blank rows, saving nothing.
	edit.Set("_more", "elements")
	edit.Set("elements.1.name", "")
	w = e.post(ck, "/c/a/datasets/ds-new", edit)
	if w.Code != http.StatusOK || strings.Count(w.Body.String(), `<tr class="blank">`) != 2 {
		t.Errorf("add a row: got %d with %d blank rows", w.Code, strings.Count(w.Body.String(), `<tr class="blank">`))
	}
}

// TestFactsInForms: a fact is yes, no or unknown in a form, and unknown
// is stored as unknown, not as no.
func TestFactsInForms(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	ck, csrf := e.session(himitsu.RoleOfficer)
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "test"})
	for _, c := range []struct {
		in   string
		want himitsu.Fact
	}{{"true", himitsu.Yes}, {"false", himitsu.No}, {"", himitsu.Unknown}} {
		id := "org-f" + c.in
		form := url.Values{"csrf": {csrf}, "id": {id}, "name": {"委託先"}, "kind": {"contractor"}, "handles_secrecy": {c.in}}
		if w := e.post(ck, "/c/a/organisations", form); w.Code != http.StatusSeeOther {
			t.Fatalf("%q: got %d: %s", c.in, w.Code, errorIn(w.Body.String()))
		}
		svc, _ := e.store.RecordService("organisations")
		st, err := svc.Get(ctx, "a", id)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Record.(himitsu.Organisation).HandlesSecrecy; got != c.want {
			t.Errorf("%q: stored %v, want %v", c.in, got, c.want)
		}
	}
	// The list filters on it, unknown included.
	w := e.get(ck, "/c/a/organisations?f.handles_secrecy=unknown")
	if body := w.Body.String(); !strings.Contains(body, "org-f<") && !strings.Contains(body, ">org-f</a>") {
		t.Errorf("filter on an unknown fact does not find the record")
	}
	if strings.Contains(w.Body.String(), ">org-ftrue<") {
		t.Errorf("filter on an unknown fact finds a recorded one")
	}
}

// TestInlineCheck: the check endpoint answers the message of a field
// without saving anything, and an empty message box for a good field.
func TestInlineCheck(t *testing.T) {
	e := newEnv(t, engines[0].dsn(t))
	ck, csrf := e.session(himitsu.RoleOfficer)
	w := e.post(ck, "/c/a/organisations/_check", url.Values{"csrf": {csrf}, "id": {"org-x"}, "name": {"x"}, "kind": {"contractor"}, "country": {"japan"}})
	if w.Code != http.StatusOK {
		t.Fatalf("got %d", w.Code)
	}
	body := w.Body.String()
	if !regexp.MustCompile(`<div class="err" id="err-country" hx-swap-oob="true" >[^<]*ISO 3166-1`).MatchString(body) {
		t.Errorf("no message for the country: %s", body)
	}
	if !strings.Contains(body, `<div class="err" id="err-name" hx-swap-oob="true" hidden></div>`) {
		t.Errorf("the name's message box is not emptied")
	}
	svc, _ := e.store.RecordService("organisations")
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "test", Purpose: "test"})
	if _, err := svc.Get(ctx, "a", "org-x"); himitsu.ErrorKind(err) != himitsu.KindNotFound {
		t.Errorf("the check saved the record: %v", err)
	}
	// The desk may not check (or write) organisations.
	ck2, csrf2 := e.session(himitsu.RoleDesk)
	if w := e.post(ck2, "/c/a/organisations/_check", url.Values{"csrf": {csrf2}}); w.Code != http.StatusForbidden {
		t.Errorf("desk: got %d, want 403", w.Code)
	}
}
