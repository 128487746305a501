package sqlstore

import (
	"context"
	"slices"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

func readerCtx() context.Context {
	return himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "tester", Purpose: "snapshot test"})
}

// TestSnapshotIsOneRead reproduces issue 11's mixed export: a reader takes
// the registers, another import commits, and the reader then streams the
// logs. Through a Snapshot the logs are those of the import the registers
// came from; through the old path (Records, then Events) they were the
// new import's.
func TestSnapshotIsOneRead(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			ctx := readerCtx()
			recA, evA := storetest.Fixture("c1")
			if _, err := s.Replace(ctx, recA, evA); err != nil {
				t.Fatal(err)
			}
			snap, err := s.Snapshot(ctx, "c1")
			if err != nil {
				t.Fatal(err)
			}
			defer snap.Close()

			// B: the same carrier with one more consent and the entry logs
			// cut to the first, committed between the two reads.
			recB, evB := storetest.Fixture("c1")
			recB.Consents = append(recB.Consents, recB.Consents[0])
			recB.Consents[len(recB.Consents)-1].ID = "consent-b-only"
			evB.Entries = evB.Entries[:1]
			evB.Access = nil
			if _, err := s.Replace(ctx, recB, evB); err != nil {
				t.Fatal(err)
			}

			var entries []string
			if err := snap.Events().EntryLogs(ctx, func(l *himitsu.EntryLog) error {
				entries = append(entries, l.ID)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			var access int
			if err := snap.Events().AccessEvents(ctx, func(*himitsu.AccessEvent) error { access++; return nil }); err != nil {
				t.Fatal(err)
			}
			var wantEntries []string
			for _, l := range evA.Entries {
				wantEntries = append(wantEntries, l.ID)
			}
			if !slices.Equal(entries, wantEntries) {
				t.Errorf("entry logs through the snapshot: got %v, want A's %v", entries, wantEntries)
			}
			if access != len(evA.Access) {
				t.Errorf("access events through the snapshot: got %d, want A's %d", access, len(evA.Access))
			}
			if got, want := len(snap.Records().Consents), len(recA.Consents); got != want {
				t.Errorf("consents in the snapshot: got %d, want A's %d", got, want)
			}
		})
	}
}

// TestSnapshotLogsBeforeReading checks that the read is on record as soon
// as the snapshot is open, before a single row of a log is streamed, with
// the number of rows the snapshot holds.
func TestSnapshotLogsBeforeReading(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			ctx := readerCtx()
			rec, ev := storetest.Fixture("c1")
			if _, err := s.Replace(ctx, rec, ev); err != nil {
				t.Fatal(err)
			}
			snap, err := s.Snapshot(ctx, "c1")
			if err != nil {
				t.Fatal(err)
			}
			defer snap.Close()
			log, err := s.ReadLog(context.Background(), "c1")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, r := range log {
				got[r.What] = r.Rows
				if r.Actor != "tester" || r.Purpose != "snapshot test" {
					t.Errorf("entry %s: got actor %q purpose %q, want tester / snapshot test", r.What, r.Actor, r.Purpose)
				}
			}
			want := map[string]int{"access_events": len(ev.Access), "entry_logs": len(ev.Entries)}
			for w, n := range want {
				if got[w] != n {
					t.Errorf("read log before streaming: %s: got %d rows, want %d", w, got[w], n)
				}
			}
			if got[himitsu.ReadRecords] == 0 {
				t.Errorf("read log before streaming: got no records entry, want one (log %v)", got)
			}
			// Streams of the snapshot record nothing more.
			if err := snap.Events().EntryLogs(ctx, func(*himitsu.EntryLog) error { return nil }); err != nil {
				t.Fatal(err)
			}
			after, _ := s.ReadLog(context.Background(), "c1")
			if len(after) != len(log) {
				t.Errorf("read log after streaming: got %d entries, want still %d", len(after), len(log))
			}
		})
	}
}

func TestSnapshotNeedsAccessor(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			rec, ev := storetest.Fixture("c1")
			if _, err := s.Replace(readerCtx(), rec, ev); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Snapshot(context.Background(), "c1"); himitsu.ErrorKind(err) != himitsu.KindPermission {
				t.Errorf("without accessor: got %v, want a permission error", err)
			}
			if _, err := s.Snapshot(readerCtx(), "nope"); himitsu.ErrorKind(err) != himitsu.KindNotFound {
				t.Errorf("unknown carrier: got %v, want not found", err)
			}
		})
	}
}
