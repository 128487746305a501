package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// The read log: a store reads a carrier's records only for a stated actor
// and purpose, and records every read (see himitsu.Store).

// recordCount is the number of records Records returns for rec: every
// element of every register, the carrier and the desk counting one each.
func recordCount(rec *himitsu.Records) int {
	n := 0
	rv := reflect.ValueOf(rec).Elem()
	for i := range rv.NumField() {
		if f := rv.Field(i); f.Kind() == reflect.Slice {
			n += f.Len()
		} else {
			n++
		}
	}
	return n
}

func readLog(t *testing.T, s himitsu.Store, carrierID string) []himitsu.ReadEntry {
	t.Helper()
	got, err := s.ReadLog(context.Background(), carrierID)
	if err != nil {
		t.Fatalf("ReadLog(%q): %v", carrierID, err)
	}
	if got == nil {
		t.Fatalf("ReadLog(%q): got nil, want a slice", carrierID)
	}
	return got
}

// checkEntry compares an entry with want, ignoring ID and At, which the
// store assigns; the caller checks those.
func checkEntry(t *testing.T, what string, got, want himitsu.ReadEntry) {
	t.Helper()
	got.ID, got.At = 0, time.Time{}
	if got != want {
		t.Errorf("%s: got entry %+v, want %+v", what, got, want)
	}
}

func testReadWithoutAccessor(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("a")
	replace(t, s, rec, ev)
	contexts := []struct {
		name string
		ctx  context.Context
	}{
		{"no accessor", context.Background()},
		{"no purpose", himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "storetest"})},
		{"no actor", himitsu.WithAccessor(context.Background(), himitsu.Accessor{Purpose: "conformance test"})},
		{"control character in actor", himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "store\ntest", Purpose: "conformance test"})},
	}
	for _, c := range contexts {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Records(c.ctx, "a")
			if got != nil {
				t.Errorf("Records: got records, want nil")
			}
			wantKind(t, "Records", err, himitsu.KindPermission)
			called := 0
			err = s.Events("a").AccessEvents(c.ctx, func(*himitsu.AccessEvent) error { called++; return nil })
			wantKind(t, "AccessEvents", err, himitsu.KindPermission)
			err = s.Events("a").EntryLogs(c.ctx, func(*himitsu.EntryLog) error { called++; return nil })
			wantKind(t, "EntryLogs", err, himitsu.KindPermission)
			if called != 0 {
				t.Errorf("got %d rows handed to a callback, want 0", called)
			}
			// Replace from the store's own stream reads too.
			_, err = s.Replace(c.ctx, rec, s.Events("a"))
			wantKind(t, "Replace from own stream", err, himitsu.KindPermission)
		})
	}
	// The reads above were refused, and the imports record nothing.
	if got := readLog(t, s, "a"); len(got) != 0 {
		t.Errorf("got %d read log entries after refused reads, want 0: %+v", len(got), got)
	}
	// The refused Replace changed nothing either.
	checkCarrier(t, s, "a", wantState(rec, ev))
}

func testReadLogOfRecords(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("a")
	replace(t, s, rec, ev)
	a := himitsu.Accessor{Actor: "auditor 監査担当", Purpose: "quarterly review / 四半期点検", Tool: "storetest"}
	before := time.Now().UTC().Truncate(time.Microsecond)
	if _, err := s.Records(himitsu.WithAccessor(context.Background(), a), "a"); err != nil {
		t.Fatalf("Records: %v", err)
	}
	after := time.Now().UTC()
	got := readLog(t, s, "a")
	if len(got) != 1 {
		t.Fatalf("got %d entries, want 1: %+v", len(got), got)
	}
	checkEntry(t, "Records", got[0], himitsu.ReadEntry{CarrierID: "a", Actor: a.Actor, Purpose: a.Purpose,
		Tool: a.Tool, What: himitsu.ReadRecords, Rows: recordCount(rec)})
	if got[0].ID <= 0 {
		t.Errorf("got ID %d, want a positive ID", got[0].ID)
	}
	if at := got[0].At; at.Before(before) || at.After(after) || at.Location() != time.UTC {
		t.Errorf("got at %v (%v), want between %v and %v in UTC", at, at.Location(), before, after)
	}
	// An unknown carrier read nothing, so nothing is recorded.
	if _, err := s.Records(readCtx(), "unknown"); himitsu.ErrorKind(err) != himitsu.KindNotFound {
		t.Errorf("Records of an unknown carrier: got %v, want KindNotFound", err)
	}
	if got := readLog(t, s, "unknown"); len(got) != 0 {
		t.Errorf("got %d entries for an unknown carrier, want 0", len(got))
	}
}

func testReadLogOfFullStreams(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("a")
	const n = 1234
	replace(t, s, rec, &genEvents{n: n, entries: ev.Entries})
	ctx := readCtx()
	src := s.Events("a")
	rows := 0
	if err := src.AccessEvents(ctx, func(*himitsu.AccessEvent) error { rows++; return nil }); err != nil {
		t.Fatalf("AccessEvents: %v", err)
	}
	if err := src.EntryLogs(ctx, func(*himitsu.EntryLog) error { return nil }); err != nil {
		t.Fatalf("EntryLogs: %v", err)
	}
	if rows != n {
		t.Fatalf("streamed %d access events, want %d", rows, n)
	}
	got := readLog(t, s, "a")
	if len(got) != 2 {
		t.Fatalf("got %d entries, want 2 (one per stream): %+v", len(got), got)
	}
	a, _ := himitsu.AccessorFrom(ctx)
	checkEntry(t, "AccessEvents", got[0], himitsu.ReadEntry{CarrierID: "a", Actor: a.Actor, Purpose: a.Purpose,
		What: himitsu.ReadAccessEvents, Rows: n})
	checkEntry(t, "EntryLogs", got[1], himitsu.ReadEntry{CarrierID: "a", Actor: a.Actor, Purpose: a.Purpose,
		What: himitsu.ReadEntryLogs, Rows: len(ev.Entries)})
	if got[1].ID <= got[0].ID {
		t.Errorf("got IDs %d then %d, want increasing", got[0].ID, got[1].ID)
	}
}

func testReadLogOfStreamStoppedEarly(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	rec, ev := Fixture("a")
	replace(t, s, rec, &genEvents{n: 500, entries: ev.Entries})
	stop := errors.New("enough")
	const delivered = 7
	calls := 0
	err := s.Events("a").AccessEvents(readCtx(), func(*himitsu.AccessEvent) error {
		calls++
		if calls == delivered {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("got error %v, want the callback's error", err)
	}
	// A stream stopped by its context is recorded too, with the rows it
	// delivered before the cancellation was noticed.
	ctx, cancel := context.WithCancel(readCtx())
	cancelled := 0
	err = s.Events("a").EntryLogs(ctx, func(*himitsu.EntryLog) error {
		cancelled++
		cancel()
		return ctx.Err()
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("EntryLogs: got error %v, want context.Canceled", err)
	}
	got := readLog(t, s, "a")
	if len(got) != 2 {
		t.Fatalf("got %d entries, want 2: %+v", len(got), got)
	}
	checkEntry(t, "stopped AccessEvents", got[0], himitsu.ReadEntry{CarrierID: "a", Actor: "storetest",
		Purpose: "conformance test", What: himitsu.ReadAccessEvents, Rows: delivered})
	checkEntry(t, "cancelled EntryLogs", got[1], himitsu.ReadEntry{CarrierID: "a", Actor: "storetest",
		Purpose: "conformance test", What: himitsu.ReadEntryLogs, Rows: cancelled})
}

// testReadLogOfReplaceFromOwnStream checks that an import reading the
// store's own stream records that read once the import is done, whether it
// committed or failed, and does not wait on itself to do so.
func testReadLogOfReplaceFromOwnStream(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	for _, id := range []string{"a", "b"} {
		rec, ev := Fixture(id)
		replace(t, s, rec, ev)
	}
	recA, evA := Fixture("a")
	replace(t, s, recA, s.Events("a"))
	// Copying a's stream into b fails at its first event, which belongs to
	// a; the one row read is recorded all the same.
	recB, _ := Fixture("b")
	_, err := s.Replace(readCtx(), recB, s.Events("a"))
	wantKind(t, "Replace of b from a's stream", err, himitsu.KindInvalid)

	got := readLog(t, s, "a")
	want := []himitsu.ReadEntry{
		{CarrierID: "a", Actor: "storetest", Purpose: "conformance test", What: himitsu.ReadAccessEvents, Rows: len(evA.Access)},
		{CarrierID: "a", Actor: "storetest", Purpose: "conformance test", What: himitsu.ReadEntryLogs, Rows: len(evA.Entries)},
		{CarrierID: "a", Actor: "storetest", Purpose: "conformance test", What: himitsu.ReadAccessEvents, Rows: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d entries, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		checkEntry(t, "entry "+want[i].What, got[i], want[i])
	}
	if n := len(readLog(t, s, "b")); n != 0 {
		t.Errorf("got %d entries for b, whose records were written, not read; want 0", n)
	}
	checkCarrier(t, s, "a", wantState(recA, evA))
}

func testReadLogPerCarrier(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	for _, id := range []string{"a", "b"} {
		rec, ev := Fixture(id)
		replace(t, s, rec, ev)
	}
	for range 3 {
		if _, err := s.Records(readCtx(), "a"); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(readLog(t, s, "a")); n != 3 {
		t.Errorf("got %d entries for a, want 3", n)
	}
	if got := readLog(t, s, "b"); len(got) != 0 {
		t.Errorf("got entries for b after reading a: %+v", got)
	}
	// Reading the read log is not itself recorded.
	if n := len(readLog(t, s, "a")); n != 3 {
		t.Errorf("got %d entries for a after reading the log again, want 3", n)
	}
	if _, err := s.Records(readCtx(), "b"); err != nil {
		t.Fatal(err)
	}
	if got := readLog(t, s, "b"); len(got) != 1 || got[0].CarrierID != "b" {
		t.Errorf("got entries %+v for b, want one for b", got)
	}
	if got := readLog(t, s, "never-imported"); len(got) != 0 {
		t.Errorf("got entries %+v for a carrier never imported, want none", got)
	}
}

func testReadLogSurvivesDelete(t *testing.T, open func(*testing.T) himitsu.Store) {
	s := open(t)
	ctx := readCtx()
	rec, ev := Fixture("a")
	replace(t, s, rec, ev)
	if _, err := s.Records(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	collect(t, s.Events("a"))
	before := readLog(t, s, "a")
	if len(before) != 3 {
		t.Fatalf("got %d entries before the delete, want 3", len(before))
	}
	if err := s.DeleteCarrier(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if d := Diff(readLog(t, s, "a"), before); d != "" {
		t.Errorf("read log changed by DeleteCarrier: %s", d)
	}
	// A carrier imported again under the same ID continues the log.
	replace(t, s, rec, ev)
	if _, err := s.Records(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	after := readLog(t, s, "a")
	if len(after) != 4 || after[3].ID <= before[2].ID {
		t.Errorf("got entries %+v after re-import and read, want the 3 old ones and a later one", after)
	}
}
