// Package storetest is the conformance suite of himitsu.Store: every store
// implementation (SQLite and PostgreSQL through internal/sqlstore) runs the
// same tests, so that the engines cannot drift apart in behaviour.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// Run runs the suite. open must return a new, empty store for each call and
// arrange its cleanup with t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) himitsu.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, func(*testing.T) himitsu.Store)
	}{
		{"ReplaceThenLoad", testReplaceThenLoad},
		{"ReplaceTwiceIsIdempotent", testReplaceTwice},
		{"ReplaceRemovesRecordsNoLongerPresent", testReplaceShrinks},
		{"OtherCarriersUntouched", testOtherCarriersUntouched},
		{"CarriersInIDOrder", testCarriersInIDOrder},
		{"UnknownCarrier", testUnknownCarrier},
		{"InvalidInputChangesNothing", testInvalidInput},
		{"DuplicateID", testDuplicateID},
		{"SourceErrorPropagated", testSourceError},
		{"EventsInIDOrder", testEventsInIDOrder},
		{"ManyEvents", testManyEvents},
		{"TimesStoredInUTC", testTimesUTC},
		{"ReplaceFromOwnEventStream", testReplaceFromOwnStream},
		{"DeleteCarrier", testDeleteCarrier},
		{"ConcurrentReplaceOfOneCarrier", testConcurrentReplace},
		{"ReadWithoutAccessorDenied", testReadWithoutAccessor},
		{"ReadLogOfRecords", testReadLogOfRecords},
		{"ReadLogOfFullStreams", testReadLogOfFullStreams},
		{"ReadLogOfStreamStoppedEarly", testReadLogOfStreamStoppedEarly},
		{"ReadLogOfReplaceFromOwnStream", testReadLogOfReplaceFromOwnStream},
		{"ReadLogPerCarrier", testReadLogPerCarrier},
		{"ReadLogSurvivesDeleteCarrier", testReadLogSurvivesDelete},
		{"ChangeWithoutAccessorDenied", testChangeWithoutAccessor},
		{"ChangeLogOfReplace", testChangeLogOfReplace},
		{"ChangeLogOfFailedReplace", testChangeLogOfFailedReplace},
		{"ChangeLogOfDeleteSurvives", testChangeLogOfDelete},
		{"ChangeLogInOrder", testChangeLogInOrder},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open) })
	}
}

// readCtx returns the context every read and change of the suite uses:
// the store refuses to read or change without a stated actor and purpose.
func readCtx() context.Context {
	return himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "storetest", Purpose: "conformance test"})
}

// CarrierState is everything a store holds for one carrier.
type CarrierState struct {
	Records *himitsu.Records
	Access  []himitsu.AccessEvent
	Entries []himitsu.EntryLog
}

// State is everything a store holds.
type State struct {
	Carriers  []himitsu.Carrier
	ByCarrier map[string]CarrierState
}

// Snapshot reads the whole content of s.
func Snapshot(t testing.TB, s himitsu.Store) State {
	t.Helper()
	ctx := readCtx()
	cs, err := s.Carriers(ctx)
	if err != nil {
		t.Fatalf("Carriers: %v", err)
	}
	st := State{Carriers: cs, ByCarrier: make(map[string]CarrierState)}
	for _, c := range cs {
		st.ByCarrier[c.ID] = carrierState(t, s, c.ID)
	}
	return st
}

func carrierState(t testing.TB, s himitsu.Store, id string) CarrierState {
	t.Helper()
	ctx := readCtx()
	rec, err := s.Records(ctx, id)
	if err != nil {
		t.Fatalf("Records(%q): %v", id, err)
	}
	cs := CarrierState{Records: rec}
	cs.Access, cs.Entries = collect(t, s.Events(id))
	return cs
}

// collect reads both logs of an EventSource into slices.
func collect(t testing.TB, src himitsu.EventSource) ([]himitsu.AccessEvent, []himitsu.EntryLog) {
	t.Helper()
	ctx := readCtx()
	var a []himitsu.AccessEvent
	var e []himitsu.EntryLog
	if err := src.AccessEvents(ctx, func(x *himitsu.AccessEvent) error { a = append(a, *x); return nil }); err != nil {
		t.Fatalf("AccessEvents: %v", err)
	}
	if err := src.EntryLogs(ctx, func(x *himitsu.EntryLog) error { e = append(e, *x); return nil }); err != nil {
		t.Fatalf("EntryLogs: %v", err)
	}
	return a, e
}

func replace(t testing.TB, s himitsu.Store, rec *himitsu.Records, ev himitsu.EventSource) himitsu.ImportSummary {
	t.Helper()
	sum, err := s.Replace(readCtx(), rec, ev)
	if err != nil {
		t.Fatalf("Replace(%q): %v", rec.Carrier.ID, err)
	}
	return sum
}

// wantState is what a store must return for a carrier given rec and ev.
func wantState(rec *himitsu.Records, ev *himitsu.EventSlices) CarrierState {
	return CarrierState{Records: rec, Access: ev.Access, Entries: ev.Entries}
}

func checkCarrier(t *testing.T, s himitsu.Store, id string, want CarrierState) {
	t.Helper()
	got := carrierState(t, s, id)
	if d := Diff(got, want); d != "" {
		t.Errorf("carrier %q after load: %s", id, d)
	}
}

func testReplaceThenLoad(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("c1")
	sum := replace(t, s, rec, ev)
	checkCarrier(t, s, "c1", wantState(rec, ev))

	want := himitsu.ImportSummary{Carrier: "c1", Counts: map[string]int{}}
	rv := reflect.ValueOf(rec).Elem()
	for i := range rv.NumField() {
		name, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("json"), ",")
		if f := rv.Field(i); f.Kind() == reflect.Slice {
			want.Counts[name] = f.Len()
		} else {
			want.Counts[name] = 1
		}
	}
	want.Counts["access_events"] = len(ev.Access)
	want.Counts["entry_logs"] = len(ev.Entries)
	if d := Diff(sum, want); d != "" {
		t.Errorf("summary: %s", d)
	}
}

func testReplaceTwice(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("c1")
	first := replace(t, s, rec, ev)
	second := replace(t, s, rec, ev)
	if d := Diff(second, first); d != "" {
		t.Errorf("second summary: %s", d)
	}
	checkCarrier(t, s, "c1", wantState(rec, ev))
	cs, err := s.Carriers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 {
		t.Errorf("got %d carriers, want 1", len(cs))
	}
}

func testReplaceShrinks(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("c1")
	unfile(rec) // a filed report outlives a bundle without it (FiledReportFrozen)
	replace(t, s, rec, ev)
	small := &himitsu.Records{Carrier: rec.Carrier, Desk: himitsu.Desk{CarrierID: "c1"}}
	small.Carrier.Name = "改名後 / renamed"
	replace(t, s, small, &himitsu.EventSlices{})
	checkCarrier(t, s, "c1", CarrierState{Records: small})
}

func testOtherCarriersUntouched(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	for _, id := range []string{"a", "b", "c"} {
		rec, ev := Fixture(id)
		replace(t, s, rec, ev)
	}
	before := Snapshot(t, s)
	rec, ev := Fixture("b")
	rec.Persons = rec.Persons[:1]
	rec.Persons[0].Name = "変更後"
	rec.Grants[0].Approver = ""
	rec.Grants[1].Members = []string{"per-1"}
	rec.Accounts[1].Users = []string{"per-1"}
	rec.SystemChanges[0].Approver = ""
	rec.Incidents[0].ActorPerson = ""
	rec.Incidents[0].Persons = []string{"per-1"}
	rec.Areas[0].Authorised = []string{"per-1"}
	ev.Access = ev.Access[:2]
	replace(t, s, rec, ev)
	after := Snapshot(t, s)
	for _, id := range []string{"a", "c"} {
		if d := Diff(after.ByCarrier[id], before.ByCarrier[id]); d != "" {
			t.Errorf("carrier %q changed by replacing b: %s", id, d)
		}
	}
	if d := Diff(after.ByCarrier["b"], wantState(rec, ev)); d != "" {
		t.Errorf("carrier b: %s", d)
	}
}

func testCarriersInIDOrder(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	ids := []string{"m", "B", "a", "a.1", "Z9"}
	for _, id := range ids {
		rec, ev := Fixture(id)
		replace(t, s, rec, ev)
	}
	cs, err := s.Carriers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.ID)
	}
	want := slices.Clone(ids)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("got carriers %q, want %q", got, want)
	}
	rec, _ := Fixture("m")
	if d := Diff(cs[slices.Index(got, "m")], rec.Carrier); d != "" {
		t.Errorf("carrier m: %s", d)
	}
}

func wantKind(t *testing.T, what string, err error, kind himitsu.Kind) *himitsu.Error {
	t.Helper()
	var he *himitsu.Error
	if !errors.As(err, &he) {
		t.Fatalf("%s: got error %v (%T), want a *himitsu.Error of kind %s", what, err, err, kind)
	}
	if got := himitsu.ErrorKind(err); got != kind {
		t.Errorf("%s: got kind %s, want %s (%v)", what, got, kind, err)
	}
	return he
}

func testUnknownCarrier(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	ctx := readCtx()
	cs, err := s.Carriers(ctx)
	if err != nil || len(cs) != 0 {
		t.Errorf("Carriers of an empty store: got %v, %v; want none, nil", cs, err)
	}
	rec, ev := Fixture("known")
	replace(t, s, rec, ev)
	got, err := s.Records(ctx, "unknown")
	if got != nil {
		t.Errorf("Records: got %v, want nil", got)
	}
	wantKind(t, "Records", err, himitsu.KindNotFound)
	err = s.Events("unknown").AccessEvents(ctx, func(*himitsu.AccessEvent) error { return nil })
	wantKind(t, "AccessEvents", err, himitsu.KindNotFound)
	err = s.Events("unknown").EntryLogs(ctx, func(*himitsu.EntryLog) error { return nil })
	wantKind(t, "EntryLogs", err, himitsu.KindNotFound)
	wantKind(t, "DeleteCarrier", s.DeleteCarrier(ctx, "unknown"), himitsu.KindNotFound)
}

// genEvents is an EventSource that makes n access events on the fly, valid
// against Fixture, with IDs "ae-000001"…; edit may change event i.
type genEvents struct {
	n       int
	edit    func(i int, e *himitsu.AccessEvent)
	entries []himitsu.EntryLog
	err     error // returned by AccessEvents after n events, if set
}

// EventID is the ID genEvents gives event i (from 0).
func eventID(i int) string { return fmt.Sprintf("ae-%06d", i+1) }

// event returns event i as the generator makes it.
func (g *genEvents) event(i int) himitsu.AccessEvent {
	base := time.Date(2025, time.June, 1, 0, 0, 0, 0, time.UTC)
	e := himitsu.AccessEvent{ID: eventID(i), At: base.Add(time.Duration(i) * 1001 * time.Microsecond), Account: "acc-1",
		Person: "per-1", DataSet: "ds-cdr", Action: himitsu.ActionRead, Purpose: "pur-billing", Records: i % 7}
	if g.edit != nil {
		g.edit(i, &e)
	}
	return e
}

func (g *genEvents) AccessEvents(ctx context.Context, fn func(*himitsu.AccessEvent) error) error {
	for i := range g.n {
		e := g.event(i)
		if err := fn(&e); err != nil {
			return err
		}
	}
	if g.err != nil {
		return g.err
	}
	return ctx.Err()
}

func (g *genEvents) EntryLogs(ctx context.Context, fn func(*himitsu.EntryLog) error) error {
	return (&himitsu.EventSlices{Entries: g.entries}).EntryLogs(ctx, fn)
}

// invalidCount is enough events to be past a first bulk write on either
// engine before the bad one, so rollback of written rows is exercised.
const invalidCount = 9000

func testInvalidInput(t *testing.T, open func(*testing.T) himitsu.Store) {
	bad := invalidCount - 400
	tests := []struct {
		name    string
		carrier string // "a" exists before; "new" does not
		edit    func(rec *himitsu.Records, ev *genEvents)
		field   string
		msg     string // contained in Msg
	}{
		{"bad access event mid-stream", "a", func(_ *himitsu.Records, ev *genEvents) {
			ev.edit = func(i int, e *himitsu.AccessEvent) {
				if i == bad {
					e.Action = "peek"
				}
			}
		}, "action", fmt.Sprintf("access_events %q", eventID(bad))},
		{"access event refers to unknown dataset", "a", func(_ *himitsu.Records, ev *genEvents) {
			ev.edit = func(i int, e *himitsu.AccessEvent) {
				if i == bad {
					e.DataSet = "ds-missing"
				}
			}
		}, "dataset", "ds-missing"},
		{"access event of another carrier", "a", func(_ *himitsu.Records, ev *genEvents) {
			ev.edit = func(i int, e *himitsu.AccessEvent) {
				if i == bad {
					e.CarrierID = "b"
				}
			}
		}, "carrier_id", fmt.Sprintf("access_events %q", eventID(bad))},
		{"entry log refers to unknown area", "a", func(_ *himitsu.Records, ev *genEvents) {
			ev.entries[1].Area = "area-missing"
		}, "area", `entry_logs "el-0002"`},
		{"invalid enum in a register", "a", func(rec *himitsu.Records, _ *genEvents) {
			rec.Persons[1].Kind = "alien"
		}, "kind", `persons "per-2"`},
		{"broken reference in a register", "a", func(rec *himitsu.Records, _ *genEvents) {
			rec.Grants[0].Approver = "per-9"
		}, "approver", `grants "gr-1"`},
		{"invalid nested element", "a", func(rec *himitsu.Records, _ *genEvents) {
			rec.DataSets[0].Elements[1].Class = "bogus"
		}, "elements[1].class", `datasets "ds-cdr"`},
		{"invalid desk channel", "a", func(rec *himitsu.Records, _ *genEvents) {
			rec.Desk.Channels[0].WeekdayHours = "9 to 5"
		}, "channels[0].weekday_hours", "desk"},
		{"record of another carrier", "a", func(rec *himitsu.Records, _ *genEvents) {
			rec.Persons[0].CarrierID = "b"
		}, "carrier_id", `persons "per-1"`},
		{"duplicate id in a register", "a", func(rec *himitsu.Records, _ *genEvents) {
			rec.Training = append(rec.Training, rec.Training[0])
		}, "id", `duplicate id "tr-1" in training`},
		{"new carrier with a bad event", "new", func(_ *himitsu.Records, ev *genEvents) {
			ev.edit = func(i int, e *himitsu.AccessEvent) {
				if i == bad {
					e.Person, e.Account = "", ""
				}
			}
		}, "person", fmt.Sprintf("access_events %q", eventID(bad))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			for _, id := range []string{"a", "b"} {
				rec, ev := Fixture(id)
				replace(t, s, rec, ev)
			}
			before := Snapshot(t, s)
			rec, ev := Fixture(tt.carrier)
			g := &genEvents{n: invalidCount, entries: ev.Entries}
			tt.edit(rec, g)
			changes := changeLog(t, s, tt.carrier)
			_, err := s.Replace(readCtx(), rec, g)
			he := wantKind(t, "Replace", err, himitsu.KindInvalid)
			if got := himitsu.ErrorField(err); got != tt.field {
				t.Errorf("got field %q, want %q (%v)", got, tt.field, err)
			}
			if !strings.Contains(he.Msg, tt.msg) {
				t.Errorf("got message %q, want it to contain %q", he.Msg, tt.msg)
			}
			if d := Diff(Snapshot(t, s), before); d != "" {
				t.Errorf("store changed by a failed Replace: %s", d)
			}
			if d := Diff(changeLog(t, s, tt.carrier), changes); d != "" {
				t.Errorf("change log changed by a failed Replace: %s", d)
			}
		})
	}
}

func testDuplicateID(t *testing.T, open func(*testing.T) himitsu.Store) {
	tests := []struct {
		name string
		src  func(entries []himitsu.EntryLog) himitsu.EventSource
		msg  string
	}{
		{"adjacent access events", func(en []himitsu.EntryLog) himitsu.EventSource {
			return &genEvents{n: 50, entries: en, edit: func(i int, e *himitsu.AccessEvent) {
				if i == 11 {
					e.ID = eventID(10)
				}
			}}
		}, fmt.Sprintf("duplicate id %q in access_events", eventID(10))},
		{"access events far apart", func(en []himitsu.EntryLog) himitsu.EventSource {
			return &genEvents{n: invalidCount, entries: en, edit: func(i int, e *himitsu.AccessEvent) {
				if i == invalidCount-1 {
					e.ID = eventID(3)
				}
			}}
		}, fmt.Sprintf("duplicate id %q in access_events", eventID(3))},
		{"entry logs", func(en []himitsu.EntryLog) himitsu.EventSource {
			en = append(en, en[0])
			return &genEvents{n: 10, entries: en}
		}, `duplicate id "el-0001" in entry_logs`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			rec, ev := Fixture("a")
			replace(t, s, rec, ev)
			before := Snapshot(t, s)
			changes := changeLog(t, s, "a")
			_, err := s.Replace(readCtx(), rec, tt.src(ev.Entries))
			he := wantKind(t, "Replace", err, himitsu.KindInvalid)
			if he.Field != "id" || he.Msg != tt.msg {
				t.Errorf("got field %q, message %q; want %q, %q", he.Field, he.Msg, "id", tt.msg)
			}
			if d := Diff(Snapshot(t, s), before); d != "" {
				t.Errorf("store changed by a failed Replace: %s", d)
			}
			if d := Diff(changeLog(t, s, "a"), changes); d != "" {
				t.Errorf("change log changed by a failed Replace: %s", d)
			}
		})
	}
}

// failingEntries wraps an EventSource so that its entry log fails.
type failingEntries struct {
	himitsu.EventSource
	after int
	err   error
}

func (f failingEntries) EntryLogs(ctx context.Context, fn func(*himitsu.EntryLog) error) error {
	n := 0
	err := f.EventSource.EntryLogs(ctx, func(e *himitsu.EntryLog) error {
		if n == f.after {
			return f.err
		}
		n++
		return fn(e)
	})
	if err == nil && n < f.after {
		return f.err
	}
	return err
}

func testSourceError(t *testing.T, open func(*testing.T) himitsu.Store) {
	located := &himitsu.Error{Op: "bundle.Read", Kind: himitsu.KindInvalid, File: "access_events.csv", Line: 9002,
		Field: "at", Msg: "not a time"}
	tests := []struct {
		name string
		src  func(en []himitsu.EntryLog) himitsu.EventSource
		want error
	}{
		{"located error after many access events", func(en []himitsu.EntryLog) himitsu.EventSource {
			return &genEvents{n: invalidCount, entries: en, err: located}
		}, located},
		{"wrapped located error", func(en []himitsu.EntryLog) himitsu.EventSource {
			return &genEvents{n: 10, entries: en, err: fmt.Errorf("reading bundle: %w", located)}
		}, located},
		{"plain error from the entry log", func(en []himitsu.EntryLog) himitsu.EventSource {
			return failingEntries{EventSource: &genEvents{n: 10, entries: en}, after: 1, err: io.ErrUnexpectedEOF}
		}, io.ErrUnexpectedEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			rec, ev := Fixture("a")
			replace(t, s, rec, ev)
			before := Snapshot(t, s)
			changes := changeLog(t, s, "a")
			_, err := s.Replace(readCtx(), rec, tt.src(ev.Entries))
			if !errors.Is(err, tt.want) {
				t.Fatalf("got error %v, want %v in its chain", err, tt.want)
			}
			var he *himitsu.Error
			if errors.As(tt.want, &he) {
				var got *himitsu.Error
				errors.As(err, &got)
				if got.File != he.File || got.Line != he.Line || got.Field != he.Field {
					t.Errorf("got location %s:%d %s, want %s:%d %s", got.File, got.Line, got.Field, he.File, he.Line, he.Field)
				}
			}
			if d := Diff(Snapshot(t, s), before); d != "" {
				t.Errorf("store changed by a failed Replace: %s", d)
			}
			if d := Diff(changeLog(t, s, "a"), changes); d != "" {
				t.Errorf("change log changed by a failed Replace: %s", d)
			}
		})
	}
}

func testEventsInIDOrder(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("a")
	// Byte order, as in Go: upper case before lower, "10" before "9".
	ids := []string{"ae-b", "ae-10", "ae-9", "AE-1", "ae-a", "ae-B", "ae-1", "ae_0", "ae.0"}
	tmpl := ev.Access[0]
	ev.Access = nil
	for _, id := range ids {
		e := tmpl
		e.ID = id
		ev.Access = append(ev.Access, e)
	}
	ev.Entries[0].ID, ev.Entries[1].ID = "el-9", "el-10"
	replace(t, s, rec, ev)
	a, e := collect(t, s.Events("a"))
	var got []string
	for _, x := range a {
		got = append(got, x.ID)
	}
	want := slices.Clone(ids)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("got access events in order %q, want %q", got, want)
	}
	if len(e) != 2 || e[0].ID != "el-10" || e[1].ID != "el-9" {
		t.Errorf("got entry logs %v, want el-10 then el-9", e)
	}
}

func testManyEvents(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("a")
	const n = 20_001 // several bulk writes on either engine, and a partial one
	g := &genEvents{n: n, entries: ev.Entries}
	sum := replace(t, s, rec, g)
	if sum.Counts["access_events"] != n {
		t.Errorf("got %d access events in the summary, want %d", sum.Counts["access_events"], n)
	}
	i := 0
	err := s.Events("a").AccessEvents(readCtx(), func(e *himitsu.AccessEvent) error {
		want := g.event(i)
		want.CarrierID = "a"
		if d := Diff(*e, want); d != "" {
			t.Fatalf("event %d: %s", i, d)
		}
		i++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if i != n {
		t.Errorf("streamed %d events, want %d", i, n)
	}
}

func testTimesUTC(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("a")
	jst := time.FixedZone("JST", 9*3600)
	given := time.Date(2025, time.April, 1, 9, 0, 0, 123456789, jst)
	rec.Consents[0].GivenAt = given
	rec.Consents[0].WithdrawnAt = time.Time{}
	ev.Access[0].At = given
	replace(t, s, rec, ev)
	got, err := s.Records(readCtx(), "a")
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2025, time.April, 1, 0, 0, 0, 123456000, time.UTC)
	if g := got.Consents[0].GivenAt; !reflect.DeepEqual(g, want) {
		t.Errorf("got given_at %v (%v), want %v in UTC", g, g.Location(), want)
	}
	if w := got.Consents[0].WithdrawnAt; !w.IsZero() {
		t.Errorf("got withdrawn_at %v, want the zero time", w)
	}
	a, _ := collect(t, s.Events("a"))
	if !reflect.DeepEqual(a[0].At, want) {
		t.Errorf("got event time %v, want %v", a[0].At, want)
	}
}

func testReplaceFromOwnStream(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("a")
	replace(t, s, rec, ev)
	// Re-importing what the store streams must read the old rows while
	// the same carrier's rows are replaced.
	replace(t, s, rec, s.Events("a"))
	checkCarrier(t, s, "a", wantState(rec, ev))
}

func testDeleteCarrier(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	ctx := readCtx()
	for _, id := range []string{"a", "b"} {
		rec, ev := Fixture(id)
		replace(t, s, rec, ev)
	}
	if err := s.DeleteCarrier(ctx, "a"); err != nil {
		t.Fatalf("DeleteCarrier: %v", err)
	}
	_, err := s.Records(ctx, "a")
	wantKind(t, "Records after delete", err, himitsu.KindNotFound)
	err = s.Events("a").AccessEvents(ctx, func(*himitsu.AccessEvent) error { return nil })
	wantKind(t, "AccessEvents after delete", err, himitsu.KindNotFound)
	wantKind(t, "second DeleteCarrier", s.DeleteCarrier(ctx, "a"), himitsu.KindNotFound)
	cs, err := s.Carriers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].ID != "b" {
		t.Errorf("got carriers %v, want only b", cs)
	}
	recB, evB := Fixture("b")
	checkCarrier(t, s, "b", wantState(recB, evB))
	// The carrier's rows are all gone: replacing it anew starts empty.
	recA, evA := Fixture("a")
	replace(t, s, recA, evA)
	checkCarrier(t, s, "a", wantState(recA, evA))
}

// testConcurrentReplace checks that two imports of the same carrier at once
// both succeed, one after the other, rather than tripping over each
// other's rows (which would surface as a false duplicate ID).
func testConcurrentReplace(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("a")
	replace(t, s, rec, ev)
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			r, e := Fixture("a")
			_, err := s.Replace(readCtx(), r, &genEvents{n: 3000, entries: e.Entries})
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Replace: %v", err)
		}
	}
	got := carrierState(t, s, "a")
	if len(got.Access) != 3000 {
		t.Errorf("got %d access events, want 3000", len(got.Access))
	}
	if d := Diff(got.Records, rec); d != "" {
		t.Errorf("records: %s", d)
	}
	// Each committed import has its own entry, with its own counts.
	changes := changeLog(t, s, "a")
	if len(changes) != 3 {
		t.Fatalf("got %d change entries, want 3 (one per Replace): %+v", len(changes), changes)
	}
	for i, c := range changes[1:] {
		if c.Action != himitsu.ChangeReplace || c.Counts["access_events"] != 3000 || c.ID <= changes[i].ID {
			t.Errorf("concurrent entry %d: got %+v, want a replace of 3000 access events after ID %d", i+1, c, changes[i].ID)
		}
	}
}

// unfile makes the fixture's reports ordinary records, not filed with
// their document, for the tests of an import that removes what a bundle
// leaves out: filed reports are kept (see testFiledReportFrozen).
func unfile(rec *himitsu.Records) {
	for i := range rec.RegulatorReports {
		rec.RegulatorReports[i].Document, rec.RegulatorReports[i].DocumentSHA256 = "", ""
	}
}
