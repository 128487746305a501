package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// The change log: a store changes a carrier's records only for a stated
// actor and purpose, and writes the entry of every change inside the
// change's own transaction (see himitsu.Store).

func changeLog(t testing.TB, s himitsu.Store, carrierID string) []himitsu.ChangeEntry {
	t.Helper()
	got, err := s.ChangeLog(context.Background(), carrierID)
	if err != nil {
		t.Fatalf("ChangeLog(%q): %v", carrierID, err)
	}
	if got == nil {
		t.Fatalf("ChangeLog(%q): got nil, want a slice", carrierID)
	}
	return got
}

// checkChange compares an entry with want, ignoring ID and At, which the
// store assigns; the caller checks those.
func checkChange(t *testing.T, what string, got, want himitsu.ChangeEntry) {
	t.Helper()
	got.ID, got.At = 0, time.Time{}
	if d := Diff(got, want); d != "" {
		t.Errorf("%s: %s", what, d)
	}
}

// countingEvents is an EventSource that counts how often it was asked for
// rows, to show that a refused change did not even read its input.
type countingEvents struct {
	himitsu.EventSource
	calls int
}

func (c *countingEvents) AccessEvents(ctx context.Context, fn func(*himitsu.AccessEvent) error) error {
	c.calls++
	return c.EventSource.AccessEvents(ctx, fn)
}

func (c *countingEvents) EntryLogs(ctx context.Context, fn func(*himitsu.EntryLog) error) error {
	c.calls++
	return c.EventSource.EntryLogs(ctx, fn)
}

func testChangeWithoutAccessor(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("a")
	replace(t, s, rec, ev)
	before := Snapshot(t, s)
	changes := changeLog(t, s, "a")
	if len(changes) != 1 {
		t.Fatalf("got %d change entries after one Replace, want 1", len(changes))
	}
	contexts := []struct {
		name string
		ctx  context.Context
	}{
		{"no accessor", context.Background()},
		{"no purpose", himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "storetest"})},
		{"no actor", himitsu.WithAccessor(context.Background(), himitsu.Accessor{Purpose: "conformance test"})},
		{"escape sequence in purpose", himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "storetest", Purpose: "test\x1b[2K"})},
	}
	for _, c := range contexts {
		t.Run(c.name, func(t *testing.T) {
			small := &himitsu.Records{Carrier: rec.Carrier, Desk: himitsu.Desk{CarrierID: "a"}}
			src := &countingEvents{EventSource: &himitsu.EventSlices{}}
			_, err := s.Replace(c.ctx, small, src)
			wantKind(t, "Replace", err, himitsu.KindPermission)
			if src.calls != 0 {
				t.Errorf("got %d calls of the event source, want 0: a refused change reads nothing", src.calls)
			}
			recN, evN := Fixture("new")
			_, err = s.Replace(c.ctx, recN, evN)
			wantKind(t, "Replace of a new carrier", err, himitsu.KindPermission)
			// The permission is checked before the records are: invalid
			// input from an unnamed caller is refused for the caller.
			_, err = s.Replace(c.ctx, &himitsu.Records{}, nil)
			wantKind(t, "Replace of invalid records", err, himitsu.KindPermission)
			wantKind(t, "DeleteCarrier", s.DeleteCarrier(c.ctx, "a"), himitsu.KindPermission)
			wantKind(t, "DeleteCarrier of an unknown carrier", s.DeleteCarrier(c.ctx, "unknown"), himitsu.KindPermission)
		})
	}
	if d := Diff(Snapshot(t, s), before); d != "" {
		t.Errorf("store changed by refused changes: %s", d)
	}
	if d := Diff(changeLog(t, s, "a"), changes); d != "" {
		t.Errorf("change log changed by refused changes: %s", d)
	}
	if got := changeLog(t, s, "new"); len(got) != 0 {
		t.Errorf("got change entries %+v for a carrier whose import was refused, want none", got)
	}
}

func testChangeLogOfReplace(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("a")
	a := himitsu.Accessor{Actor: "importer 取込担当", Purpose: "monthly HR import / 月次人事取込", Tool: "storetest"}
	before := time.Now().UTC().Truncate(time.Microsecond)
	sum, err := s.Replace(himitsu.WithAccessor(context.Background(), a), rec, ev)
	if err != nil {
		t.Fatalf("Replace: %v", err)
	}
	after := time.Now().UTC()
	got := changeLog(t, s, "a")
	if len(got) != 1 {
		t.Fatalf("got %d entries, want 1: %+v", len(got), got)
	}
	if len(sum.Counts) == 0 {
		t.Fatal("got an empty import summary, want counts per register")
	}
	checkChange(t, "Replace", got[0], himitsu.ChangeEntry{CarrierID: "a", Actor: a.Actor, Purpose: a.Purpose,
		Tool: a.Tool, Action: himitsu.ChangeReplace, Counts: sum.Counts})
	if got[0].ID <= 0 {
		t.Errorf("got ID %d, want a positive ID", got[0].ID)
	}
	if at := got[0].At; at.Before(before) || at.After(after) || at.Location() != time.UTC {
		t.Errorf("got at %v (%v), want between %v and %v in UTC", at, at.Location(), before, after)
	}
	// A change is not a read: it leaves nothing in the read log.
	if n := len(readLog(t, s, "a")); n != 0 {
		t.Errorf("got %d read log entries after a Replace, want 0", n)
	}
	if got := changeLog(t, s, "never-imported"); len(got) != 0 {
		t.Errorf("got entries %+v for a carrier never imported, want none", got)
	}
}

func testChangeLogOfFailedReplace(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("a")
	replace(t, s, rec, ev)
	want := changeLog(t, s, "a")
	if len(want) != 1 {
		t.Fatalf("got %d entries after one Replace, want 1", len(want))
	}
	bad := invalidCount - 400
	badEvent := func(i int, e *himitsu.AccessEvent) {
		if i == bad {
			e.Action = "peek"
		}
	}
	// Past the first bulk writes, so rows were written before the failure.
	_, err := s.Replace(readCtx(), rec, &genEvents{n: invalidCount, entries: ev.Entries, edit: badEvent})
	wantKind(t, "Replace with a bad event mid-stream", err, himitsu.KindInvalid)
	_, err = s.Replace(readCtx(), rec, failingEntries{EventSource: &genEvents{n: 10, entries: ev.Entries}, after: 1, err: fmt.Errorf("source broke")})
	if err == nil {
		t.Error("Replace with a failing source: got no error")
	}
	if d := Diff(changeLog(t, s, "a"), want); d != "" {
		t.Errorf("change log changed by failed Replaces: %s", d)
	}
	recN, _ := Fixture("new")
	_, err = s.Replace(readCtx(), recN, &genEvents{n: invalidCount, entries: ev.Entries, edit: badEvent})
	wantKind(t, "Replace of a new carrier with a bad event", err, himitsu.KindInvalid)
	if got := changeLog(t, s, "new"); len(got) != 0 {
		t.Errorf("got entries %+v for a new carrier whose import failed, want none", got)
	}
}

func testChangeLogOfDelete(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("a")
	sum := replace(t, s, rec, ev)
	a := himitsu.Accessor{Actor: "officer 担当者", Purpose: "carrier left the service / 退会", Tool: "storetest"}
	if err := s.DeleteCarrier(himitsu.WithAccessor(context.Background(), a), "a"); err != nil {
		t.Fatalf("DeleteCarrier: %v", err)
	}
	// A delete of a carrier that is not there changed nothing.
	wantKind(t, "second DeleteCarrier", s.DeleteCarrier(readCtx(), "a"), himitsu.KindNotFound)
	wantKind(t, "DeleteCarrier of an unknown carrier", s.DeleteCarrier(readCtx(), "unknown"), himitsu.KindNotFound)
	got := changeLog(t, s, "a")
	if len(got) != 2 {
		t.Fatalf("got %d entries, want 2 (the replace and the delete): %+v", len(got), got)
	}
	checkChange(t, "Replace", got[0], himitsu.ChangeEntry{CarrierID: "a", Actor: "storetest", Purpose: "conformance test",
		Action: himitsu.ChangeReplace, Counts: sum.Counts})
	checkChange(t, "DeleteCarrier", got[1], himitsu.ChangeEntry{CarrierID: "a", Actor: a.Actor, Purpose: a.Purpose,
		Tool: a.Tool, Action: himitsu.ChangeDelete})
	if got[1].ID <= got[0].ID {
		t.Errorf("got IDs %d then %d, want increasing", got[0].ID, got[1].ID)
	}
	if n := len(changeLog(t, s, "unknown")); n != 0 {
		t.Errorf("got %d entries for an unknown carrier, want 0", n)
	}
	// The carrier is gone but its change log stays, and a carrier imported
	// again under the same ID continues it.
	replace(t, s, rec, ev)
	after := changeLog(t, s, "a")
	if len(after) != 3 || after[2].ID <= got[1].ID || after[2].Action != himitsu.ChangeReplace {
		t.Errorf("got entries %+v after re-import, want the 2 old ones and a later replace", after)
	}
	if d := Diff(after[:2], got); d != "" {
		t.Errorf("old entries changed by the re-import: %s", d)
	}
}

func testChangeLogInOrder(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("a")
	unfile(rec)
	first := replace(t, s, rec, ev)
	recB, evB := Fixture("b")
	replace(t, s, recB, evB)
	small := &himitsu.Records{Carrier: rec.Carrier, Desk: himitsu.Desk{CarrierID: "a"}}
	second, err := s.Replace(himitsu.WithAccessor(context.Background(),
		himitsu.Accessor{Actor: "storetest", Purpose: "shrink", Tool: "second"}), small, &himitsu.EventSlices{})
	if err != nil {
		t.Fatalf("second Replace: %v", err)
	}
	if first.Counts["persons"] == second.Counts["persons"] {
		t.Fatalf("got %d persons in both summaries, want the two imports to differ", first.Counts["persons"])
	}
	got := changeLog(t, s, "a")
	if len(got) != 2 {
		t.Fatalf("got %d entries, want 2: %+v", len(got), got)
	}
	checkChange(t, "first Replace", got[0], himitsu.ChangeEntry{CarrierID: "a", Actor: "storetest", Purpose: "conformance test",
		Action: himitsu.ChangeReplace, Counts: first.Counts})
	checkChange(t, "second Replace", got[1], himitsu.ChangeEntry{CarrierID: "a", Actor: "storetest", Purpose: "shrink",
		Tool: "second", Action: himitsu.ChangeReplace, Counts: second.Counts})
	if got[1].ID <= got[0].ID || got[1].At.Before(got[0].At) {
		t.Errorf("got ID %d at %v then ID %d at %v, want both increasing", got[0].ID, got[0].At, got[1].ID, got[1].At)
	}
	// Each carrier has its own log.
	if b := changeLog(t, s, "b"); len(b) != 1 || b[0].CarrierID != "b" || b[0].ID <= got[0].ID || b[0].ID >= got[1].ID {
		t.Errorf("got entries %+v for b, want one for b between a's two", b)
	}
}
