package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// Services is a store with per-record services and a record log.
type Services interface {
	himitsu.Store
	himitsu.RecordServices
	RecordLog(ctx context.Context, carrierID string, f himitsu.RecordLogFilter) ([]himitsu.RecordChange, error)
}

// RunServices runs the conformance suite of the per-record services.
// open must return a new, empty store for each call.
func RunServices(t *testing.T, open func(t *testing.T) Services) {
	tests := []struct {
		name string
		fn   func(*testing.T, Services)
	}{
		{"CreateGetList", testCreateGetList},
		{"CreateDuplicateConflicts", testCreateDuplicate},
		{"InvalidFieldNamed", testInvalidField},
		{"UnknownReferenceNamed", testUnknownReference},
		{"UnknownCarrierAndRecord", testUnknownCarrierAndRecord},
		{"UpdateWithStaleVersionConflicts", testStaleUpdate},
		{"ConcurrentUpdatesOneWins", testConcurrentUpdates},
		{"DeleteWhereTheLawAllows", testDeleteRules},
		{"FiledReportFrozen", testFiledReportFrozen},
		{"ChangesLogged", testChangesLogged},
		{"ReadsLogged", testReadsLogged},
		{"WithoutAccessorDenied", testServicesWithoutAccessor},
		{"ListFiltersAndPages", testListFiltersAndPages},
		{"AccessEventPages", testAccessEventPages},
		{"AccessEventTimePages", testAccessEventTimePages},
		{"IncidentHistory", testIncidentHistory},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			rec, ev := Fixture("a")
			replace(t, s, rec, ev)
			tt.fn(t, s)
		})
	}
}

func newComplaint(id string) himitsu.Complaint {
	return himitsu.Complaint{ID: id, ReceivedAt: time.Date(2025, 5, 1, 1, 0, 0, 0, time.UTC),
		Channel: "phone", Category: "privacy", Summary: "通話履歴の開示について"}
}

func wantErr(t *testing.T, what string, err error, kind himitsu.Kind, field string) {
	t.Helper()
	if got := himitsu.ErrorKind(err); err == nil || got != kind {
		t.Fatalf("%s: got error %v (kind %v), want kind %v", what, err, got, kind)
	}
	if field != "" {
		if got := himitsu.ErrorField(err); got != field {
			t.Errorf("%s: got field %q, want %q", what, got, field)
		}
	}
}

func testCreateGetList(t *testing.T, s Services) {
	ctx := readCtx()
	c := newComplaint("cmp-2")
	st, err := s.Complaints().Create(ctx, "a", c)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	c.CarrierID = "a"
	if d := Diff(st.Record, c); d != "" {
		t.Errorf("Create returned %s", d)
	}
	if st.Version == "" || st.Version != himitsu.VersionOf(c) {
		t.Errorf("got version %q, want %q", st.Version, himitsu.VersionOf(c))
	}
	got, err := s.Complaints().Get(ctx, "a", "cmp-2")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if d := Diff(got.Record, c); d != "" {
		t.Errorf("Get: %s", d)
	}
	if got.Version != st.Version {
		t.Errorf("Get: got version %q, want %q", got.Version, st.Version)
	}
	page, err := s.Complaints().List(ctx, "a", himitsu.ListOptions{})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	var ids []string
	for _, it := range page.Items {
		ids = append(ids, it.Record.ID)
	}
	if fmt.Sprint(ids) != "[cmp-1 cmp-2]" || page.Next != "" {
		t.Errorf("List: got %v next %q, want [cmp-1 cmp-2] and no next", ids, page.Next)
	}
	// The bulk path sees the record too: both paths share the tables.
	all, err := s.Records(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(all.Complaints); n != 2 {
		t.Errorf("Records: got %d complaints, want 2", n)
	}
	// The same service through the untyped form the UI and API use.
	u, ok := s.RecordService("complaints")
	if !ok {
		t.Fatal(`RecordService("complaints"): not found`)
	}
	ug, err := u.Get(ctx, "a", "cmp-2")
	if err != nil || ug.Version != st.Version {
		t.Errorf("untyped Get: got %v, %v; want version %q", ug.Version, err, st.Version)
	}
	if _, ok := s.RecordService("access_events"); ok {
		t.Error(`RecordService("access_events"): got a writable service, want none`)
	}
}

func testCreateDuplicate(t *testing.T, s Services) {
	_, err := s.Complaints().Create(readCtx(), "a", newComplaint("cmp-1"))
	wantErr(t, "Create of an existing ID", err, himitsu.KindConflict, "id")
}

func testInvalidField(t *testing.T, s Services) {
	before := Snapshot(t, s)
	tests := []struct {
		name  string
		c     himitsu.Complaint
		field string
	}{
		{"bad category", func() himitsu.Complaint { c := newComplaint("cmp-9"); c.Category = "nonsense"; return c }(), "category"},
		{"closed before received", func() himitsu.Complaint {
			c := newComplaint("cmp-9")
			c.ClosedAt = c.ReceivedAt.Add(-time.Hour)
			return c
		}(), "closed_at"},
		{"bad id", newComplaint("?bad"), "id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Complaints().Create(readCtx(), "a", tt.c)
			wantErr(t, "Create", err, himitsu.KindInvalid, tt.field)
		})
	}
	if d := Diff(Snapshot(t, s), before); d != "" {
		t.Errorf("a refused create changed the store: %s", d)
	}
}

func testUnknownReference(t *testing.T, s Services) {
	c := newComplaint("cmp-9")
	c.Incident = "inc-404"
	_, err := s.Complaints().Create(readCtx(), "a", c)
	wantErr(t, "Create with unknown incident", err, himitsu.KindInvalid, "incident")
	g := himitsu.Grant{ID: "gr-9", Person: "per-404", DataSet: "ds-cdr", Scope: "read", GrantedOn: himitsu.Date{Year: 2025, Month: 1, Day: 1}}
	_, err = s.Grants().Create(readCtx(), "a", g)
	wantErr(t, "Create grant with unknown person", err, himitsu.KindInvalid, "person")
}

func testUnknownCarrierAndRecord(t *testing.T, s Services) {
	_, err := s.Complaints().Create(readCtx(), "zz", newComplaint("cmp-9"))
	wantErr(t, "Create in unknown carrier", err, himitsu.KindNotFound, "carrier")
	_, err = s.Complaints().Get(readCtx(), "a", "cmp-404")
	wantErr(t, "Get unknown record", err, himitsu.KindNotFound, "id")
	_, err = s.Complaints().List(readCtx(), "zz", himitsu.ListOptions{})
	wantErr(t, "List of unknown carrier", err, himitsu.KindNotFound, "carrier")
	c := newComplaint("cmp-404")
	_, err = s.Complaints().Update(readCtx(), "a", c, "x")
	wantErr(t, "Update unknown record", err, himitsu.KindNotFound, "id")
}

func testStaleUpdate(t *testing.T, s Services) {
	ctx := readCtx()
	cur, err := s.Complaints().Get(ctx, "a", "cmp-1")
	if err != nil {
		t.Fatal(err)
	}
	// Two people read the same version; the first saves.
	first := cur.Record
	first.Resolution = "一人目の記入"
	saved, err := s.Complaints().Update(ctx, "a", first, cur.Version)
	if err != nil {
		t.Fatalf("first Update: %v", err)
	}
	if saved.Version == cur.Version {
		t.Errorf("Update kept version %q, want a new one", saved.Version)
	}
	// The second, based on the old version, is refused.
	second := cur.Record
	second.Resolution = "二人目の記入"
	_, err = s.Complaints().Update(ctx, "a", second, cur.Version)
	wantErr(t, "second Update on a stale version", err, himitsu.KindConflict, "version")
	got, err := s.Complaints().Get(ctx, "a", "cmp-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Record.Resolution != "一人目の記入" {
		t.Errorf("got resolution %q, want the first writer's %q", got.Record.Resolution, "一人目の記入")
	}
	_, err = s.Complaints().Update(ctx, "a", second, "")
	wantErr(t, "Update without version", err, himitsu.KindInvalid, "version")
}

func testConcurrentUpdates(t *testing.T, s Services) {
	ctx := readCtx()
	cur, err := s.Complaints().Get(ctx, "a", "cmp-1")
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := cur.Record
			c.Resolution = fmt.Sprintf("writer %d", i)
			_, errs[i] = s.Complaints().Update(ctx, "a", c, cur.Version)
		}()
	}
	wg.Wait()
	ok := 0
	for i, err := range errs {
		switch {
		case err == nil:
			ok++
		case himitsu.ErrorKind(err) != himitsu.KindConflict:
			t.Errorf("writer %d: got %v, want success or a conflict", i, err)
		}
	}
	if ok != 1 {
		t.Errorf("got %d successful concurrent updates of one version, want exactly 1", ok)
	}
}

func testDeleteRules(t *testing.T, s Services) {
	ctx := readCtx()
	cmp, err := s.Complaints().Get(ctx, "a", "cmp-1")
	if err != nil {
		t.Fatal(err)
	}
	err = s.Complaints().Delete(ctx, "a", "cmp-1", cmp.Version)
	wantErr(t, "Delete of a complaint", err, himitsu.KindPermission, "")
	// A person others refer to cannot go.
	p1, err := s.Persons().Get(ctx, "a", "per-1")
	if err != nil {
		t.Fatal(err)
	}
	err = s.Persons().Delete(ctx, "a", "per-1", p1.Version)
	wantErr(t, "Delete of a referenced person", err, himitsu.KindConflict, "id")
	// A person entered by mistake can.
	p := himitsu.Person{ID: "per-9", Kind: "employee", Employer: "org-carrier"}
	st, err := s.Persons().Create(ctx, "a", p)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Persons().Delete(ctx, "a", "per-9", "stale")
	wantErr(t, "Delete on a stale version", err, himitsu.KindConflict, "version")
	if err := s.Persons().Delete(ctx, "a", "per-9", st.Version); err != nil {
		t.Fatalf("Delete of an unreferenced person: %v", err)
	}
	_, err = s.Persons().Get(ctx, "a", "per-9")
	wantErr(t, "Get after Delete", err, himitsu.KindNotFound, "id")
	// A planned measure may be dropped; a done one is evidence.
	m := himitsu.RecurrenceMeasure{ID: "rm-9", Incident: "inc-1", Description: "計画"}
	ms, err := s.RecurrenceMeasures().Create(ctx, "a", m)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RecurrenceMeasures().Delete(ctx, "a", "rm-9", ms.Version); err != nil {
		t.Errorf("Delete of a planned measure: %v", err)
	}
	done, err := s.RecurrenceMeasures().Get(ctx, "a", "rm-1")
	if err != nil {
		t.Fatal(err)
	}
	if done.Record.DoneOn.IsZero() {
		t.Fatal("fixture measure rm-1 is not done; the test needs a done one")
	}
	err = s.RecurrenceMeasures().Delete(ctx, "a", "rm-1", done.Version)
	wantErr(t, "Delete of a done measure", err, himitsu.KindPermission, "")
}

func testChangesLogged(t *testing.T, s Services) {
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "hanako", Purpose: "complaint handling", Tool: "test"})
	before := len(changeLog(t, s, "a"))
	st, err := s.Complaints().Create(ctx, "a", newComplaint("cmp-2"))
	if err != nil {
		t.Fatal(err)
	}
	c := st.Record
	c.Resolution = "回答済み"
	up, err := s.Complaints().Update(ctx, "a", c, st.Version)
	if err != nil {
		t.Fatal(err)
	}
	// A refused change leaves no entry.
	if _, err := s.Complaints().Update(ctx, "a", c, st.Version); err == nil {
		t.Fatal("stale update succeeded")
	}
	changes := changeLog(t, s, "a")[before:]
	if len(changes) != 2 {
		t.Fatalf("got %d change-log entries, want 2 (create, update): %+v", len(changes), changes)
	}
	for i, action := range []string{himitsu.ChangeCreate, himitsu.ChangeUpdate} {
		want := himitsu.ChangeEntry{CarrierID: "a", Actor: "hanako", Purpose: "complaint handling", Tool: "test",
			Action: action, Counts: map[string]int{"complaints": 1}}
		checkChange(t, fmt.Sprintf("change %d", i), changes[i], want)
	}
	rl, err := s.RecordLog(context.Background(), "a", himitsu.RecordLogFilter{Register: "complaints", RecordID: "cmp-2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rl) != 2 {
		t.Fatalf("got %d record-log entries, want 2", len(rl))
	}
	// Newest first.
	if rl[0].Action != himitsu.ChangeUpdate || rl[0].VersionBefore != st.Version || rl[0].VersionAfter != up.Version ||
		rl[1].Action != himitsu.ChangeCreate || rl[1].VersionBefore != "" || rl[1].VersionAfter != st.Version || rl[0].Actor != "hanako" {
		t.Errorf("got record log %+v, want update %s→%s then create →%s by hanako", rl, st.Version, up.Version, st.Version)
	}
}

func testReadsLogged(t *testing.T, s Services) {
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "auditor", Purpose: "review", Tool: "test"})
	before := len(readLog(t, s, "a"))
	if _, err := s.Complaints().Get(ctx, "a", "cmp-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AccessEvents().List(ctx, "a", himitsu.ListOptions{Limit: 2}); err != nil {
		t.Fatal(err)
	}
	reads := readLog(t, s, "a")[before:]
	if len(reads) != 2 {
		t.Fatalf("got %d reads, want 2", len(reads))
	}
	for i, want := range []struct {
		what string
		rows int
	}{{"complaints", 1}, {"access_events", 2}} {
		r := reads[i]
		if r.What != want.what || r.Rows != want.rows || r.Actor != "auditor" || r.Purpose != "review" {
			t.Errorf("read %d: got %s/%d by %s for %s, want %s/%d by auditor for review", i, r.What, r.Rows, r.Actor, r.Purpose, want.what, want.rows)
		}
	}
}

func testServicesWithoutAccessor(t *testing.T, s Services) {
	ctx := context.Background()
	before := Snapshot(t, s)
	_, err := s.Complaints().Create(ctx, "a", newComplaint("cmp-2"))
	wantErr(t, "Create", err, himitsu.KindPermission, "")
	_, err = s.Complaints().Get(ctx, "a", "cmp-1")
	wantErr(t, "Get", err, himitsu.KindPermission, "")
	_, err = s.AccessEvents().List(ctx, "a", himitsu.ListOptions{})
	wantErr(t, "List", err, himitsu.KindPermission, "")
	if d := Diff(Snapshot(t, s), before); d != "" {
		t.Errorf("refused calls changed the store: %s", d)
	}
}

func testListFiltersAndPages(t *testing.T, s Services) {
	ctx := readCtx()
	for i := range 5 {
		c := newComplaint(fmt.Sprintf("cmp-%d", i+2))
		c.ReceivedAt = time.Date(2025, 6, i+1, 3, 0, 0, 0, time.UTC)
		if i%2 == 0 {
			c.Category = "billing"
			c.Summary = "Billing Question"
		}
		if _, err := s.Complaints().Create(ctx, "a", c); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		o    himitsu.ListOptions
		want string
	}{
		{"all", himitsu.ListOptions{}, "[cmp-1 cmp-2 cmp-3 cmp-4 cmp-5 cmp-6]"},
		{"category", himitsu.ListOptions{Filter: map[string]string{"category": "billing"}}, "[cmp-2 cmp-4 cmp-6]"},
		{"open", himitsu.ListOptions{Filter: map[string]string{"closed_at": "none"}}, "[cmp-2 cmp-3 cmp-4 cmp-5 cmp-6]"},
		{"closed", himitsu.ListOptions{Filter: map[string]string{"closed_at": "any"}}, "[cmp-1]"},
		{"leak clue", himitsu.ListOptions{Filter: map[string]string{"leak_clue": "true"}}, "[cmp-1]"},
		{"query ignores case", himitsu.ListOptions{Query: "billing q"}, "[cmp-2 cmp-4 cmp-6]"},
		{"query japanese", himitsu.ListOptions{Query: "開示"}, "[cmp-3 cmp-5]"},
		{"query wildcard is literal", himitsu.ListOptions{Query: "%"}, "[]"},
		{"from to (Japan days)", himitsu.ListOptions{From: himitsu.Date{Year: 2025, Month: 6, Day: 2}, To: himitsu.Date{Year: 2025, Month: 6, Day: 4}}, "[cmp-3 cmp-4 cmp-5]"},
		{"first page", himitsu.ListOptions{Limit: 2}, "[cmp-1 cmp-2] next cmp-2"},
		{"second page", himitsu.ListOptions{Limit: 2, After: "cmp-2"}, "[cmp-3 cmp-4] next cmp-4"},
		{"last page", himitsu.ListOptions{Limit: 2, After: "cmp-4"}, "[cmp-5 cmp-6]"},
		{"descending", himitsu.ListOptions{Limit: 2, Desc: true, After: "cmp-4"}, "[cmp-3 cmp-2] next cmp-2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.Complaints().List(ctx, "a", tt.o)
			if err != nil {
				t.Fatal(err)
			}
			ids := []string{}
			for _, it := range p.Items {
				ids = append(ids, it.Record.ID)
			}
			got := fmt.Sprint(ids)
			if p.Next != "" {
				got += " next " + p.Next
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	_, err := s.Complaints().List(ctx, "a", himitsu.ListOptions{Filter: map[string]string{"colour": "red"}})
	wantErr(t, "unknown filter", err, himitsu.KindInvalid, "filter.colour")
	_, err = s.Complaints().List(ctx, "a", himitsu.ListOptions{Filter: map[string]string{"leak_clue": "maybe"}})
	wantErr(t, "bad boolean", err, himitsu.KindInvalid, "filter.leak_clue")
}

func testAccessEventPages(t *testing.T, s Services) {
	ctx := readCtx()
	var all []string
	o := himitsu.ListOptions{Limit: 1}
	for {
		p, err := s.AccessEvents().List(ctx, "a", o)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range p.Items {
			all = append(all, it.Record.ID)
		}
		if p.Next == "" {
			break
		}
		o.After = p.Next
	}
	_, ev := Fixture("a")
	var want []string
	for _, e := range ev.Access {
		want = append(want, e.ID)
	}
	if fmt.Sprint(all) != fmt.Sprint(want) {
		t.Errorf("paging one by one: got %v, want %v", all, want)
	}
	p, err := s.AccessEvents().List(ctx, "a", himitsu.ListOptions{Filter: map[string]string{"person": "per-404"}})
	if err != nil || len(p.Items) != 0 {
		t.Errorf("filter on an unknown person: got %d items, %v; want none", len(p.Items), err)
	}
	if errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}

// testAccessEventTimePages: a list of the access log bounded by a window
// is paged in time order (then ID), in both directions, one record a page,
// with no record lost or repeated; a cursor of the ID order is refused.
func testAccessEventTimePages(t *testing.T, s Services) {
	ctx := readCtx()
	_, ev := Fixture("a")
	from, to := himitsu.Date{Year: 9999}, himitsu.Date{}
	for _, e := range ev.Access {
		d := himitsu.DateOf(e.At.In(himitsu.Tokyo))
		if d.Before(from) {
			from = d
		}
		if to.Before(d) {
			to = d
		}
	}
	want := slices.Clone(ev.Access)
	slices.SortFunc(want, func(a, b himitsu.AccessEvent) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	var wantIDs []string
	for _, e := range want {
		wantIDs = append(wantIDs, e.ID)
	}
	for _, desc := range []bool{false, true} {
		var got []string
		o := himitsu.ListOptions{Limit: 1, From: from, To: to, Desc: desc}
		for range len(want) + 2 {
			p, err := s.AccessEvents().List(ctx, "a", o)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range p.Items {
				got = append(got, it.Record.ID)
			}
			if p.Next == "" {
				break
			}
			o.After = p.Next
		}
		w := slices.Clone(wantIDs)
		if desc {
			slices.Reverse(w)
		}
		if fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("time pages (desc %v): got %v, want %v", desc, got, w)
		}
	}
	_, err := s.AccessEvents().List(ctx, "a", himitsu.ListOptions{From: from, After: wantIDs[0]})
	wantErr(t, "an ID cursor on a time-ordered list", err, himitsu.KindInvalid, "after")
}

// testIncidentHistory: the classification register only grows, and the
// record log keeps the content of an incident before and after each
// edit (so an edit after the fact shows its old and new value), but not
// the content of other registers, such as what a person wrote in a
// complaint. A refused edit changes nothing and logs nothing.
func testIncidentHistory(t *testing.T, s Services) {
	ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "hanako", Purpose: "incident handling", Tool: "test"})
	cls, err := s.IncidentClassifications().Get(ctx, "a", "cls-1")
	if err != nil {
		t.Fatal(err)
	}
	changed := cls.Record
	changed.To = himitsu.IncidentNearMiss
	changed.Reason = "書き換え"
	_, err = s.IncidentClassifications().Update(ctx, "a", changed, cls.Version)
	wantErr(t, "Update of a classification entry", err, himitsu.KindPermission, "")
	err = s.IncidentClassifications().Delete(ctx, "a", "cls-1", cls.Version)
	wantErr(t, "Delete of a classification entry", err, himitsu.KindPermission, "")
	// Departing from the proposal without a reason is refused.
	_, err = s.IncidentClassifications().Create(ctx, "a", himitsu.IncidentClassification{ID: "cls-2", Incident: "inc-1",
		At: time.Date(2025, 5, 6, 0, 0, 0, 0, time.UTC), By: "hanako", From: himitsu.IncidentLeak, To: himitsu.IncidentNearMiss, Proposed: himitsu.IncidentLeak})
	wantErr(t, "classification against the proposal without a reason", err, himitsu.KindInvalid, "reason")

	inc, err := s.Incidents().Get(ctx, "a", "inc-1")
	if err != nil {
		t.Fatal(err)
	}
	bad := inc.Record
	bad.Knowledge = append(bad.Knowledge, himitsu.KnowledgeEvent{At: bad.OccurredAt.Add(-time.Hour), Step: himitsu.KnowledgeDetected, Function: "security"})
	_, err = s.Incidents().Update(ctx, "a", bad, inc.Version)
	wantErr(t, "a knowledge event before the occurrence", err, himitsu.KindInvalid, "knowledge[2].at")
	edited := inc.Record
	edited.Cause = "宛先設定の誤り（訂正）"
	up, err := s.Incidents().Update(ctx, "a", edited, inc.Version)
	if err != nil {
		t.Fatal(err)
	}
	rl, err := s.RecordLog(context.Background(), "a", himitsu.RecordLogFilter{Register: "incidents", RecordID: "inc-1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rl) != 1 {
		t.Fatalf("got %d record-log entries of inc-1, want 1 (the refused edit logs nothing): %+v", len(rl), rl)
	}
	var before, after himitsu.Incident
	if err := json.Unmarshal(rl[0].Before, &before); err != nil {
		t.Fatalf("record log before: %v (%s)", err, rl[0].Before)
	}
	if err := json.Unmarshal(rl[0].After, &after); err != nil {
		t.Fatalf("record log after: %v (%s)", err, rl[0].After)
	}
	if before.Cause != inc.Record.Cause || after.Cause != edited.Cause || rl[0].VersionAfter != up.Version {
		t.Errorf("got record log cause %q → %q (version %s), want %q → %q (%s)", before.Cause, after.Cause, rl[0].VersionAfter,
			inc.Record.Cause, edited.Cause, up.Version)
	}
	st, err := s.Complaints().Create(ctx, "a", newComplaint("cmp-7"))
	if err != nil {
		t.Fatal(err)
	}
	c := st.Record
	c.Text = "知らない人が私の通話先を知っていた"
	if _, err := s.Complaints().Update(ctx, "a", c, st.Version); err != nil {
		t.Fatal(err)
	}
	rl, err = s.RecordLog(context.Background(), "a", himitsu.RecordLogFilter{Register: "complaints", RecordID: "cmp-7"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rl {
		if len(e.Before) > 0 || len(e.After) > 0 {
			t.Errorf("record log of a complaint keeps its content: %s / %s", e.Before, e.After)
		}
	}
}
