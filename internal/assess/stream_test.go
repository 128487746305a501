package assess

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// synthCarrier is a carrier with persons, grants and consents sized for n
// events, and a generated log that is never held in memory: one event
// struct is reused, so the test measures the engine, not the fixture.
type synthCarrier struct {
	rec    *himitsu.Records
	events int
	seed   uint64
}

func newSynthCarrier(persons, subscribers, events int) *synthCarrier {
	rec := &himitsu.Records{
		Carrier: himitsu.Carrier{ID: "c1", Name: "合成通信", Registration: himitsu.Registered},
		DataSets: []himitsu.DataSet{
			{ID: "ds-cdr", Name: "CDR", System: "sys-billing", Elements: []himitsu.DataElement{{Name: "a", Class: himitsu.ClassIdentifier}}},
			{ID: "ds-loc", Name: "位置", System: "sys-core", Elements: []himitsu.DataElement{{Name: "cell", Class: himitsu.ClassLocationRegistration}}},
		},
		Purposes: []himitsu.Purpose{
			{ID: "pur-bill", Name: "請求", Basis: himitsu.BasisLawfulBusiness, LawfulBusiness: "billing", DataSets: []string{"ds-cdr"}},
			{ID: "pur-ana", Name: "分析", Basis: himitsu.BasisConsent, DataSets: []string{"ds-cdr"}, WithdrawalChannel: "app"},
		},
		Areas: []himitsu.Area{{ID: "area-dc", Name: "DC", Kind: himitsu.AreaControlled, AccessControl: "card", EntryLog: himitsu.Yes, Authorised: []string{"p0000"}}},
	}
	for i := range persons {
		id := fmt.Sprintf("p%04d", i)
		rec.Persons = append(rec.Persons, himitsu.Person{ID: id, Kind: "employee", Employer: "org-c1"})
		scope := himitsu.ScopeRead
		if i%10 == 0 {
			scope = himitsu.ScopeExport
		}
		rec.Grants = append(rec.Grants, himitsu.Grant{ID: "g-" + id, Person: id, DataSet: "ds-cdr", Scope: scope, GrantedOn: day("2026-01-01")})
	}
	for i := range subscribers {
		if i%5 == 0 {
			continue // a fifth never consented
		}
		rec.Consents = append(rec.Consents, himitsu.Consent{ID: fmt.Sprintf("con-%d", i), Subscriber: fmt.Sprintf("sub_%d", i), Purpose: "pur-ana",
			Method: himitsu.ConsentSeparateScreen, GivenAt: time.Date(2026, 1, 1, 0, 0, 0, 0, himitsu.Tokyo)})
	}
	return &synthCarrier{rec: rec, events: events, seed: 1}
}

func (s *synthCarrier) AccessEvents(ctx context.Context, fn func(*himitsu.AccessEvent) error) error {
	r := rand.New(rand.NewPCG(s.seed, 2))
	persons, subs := len(s.rec.Persons), len(s.rec.Consents)*5/4+1
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, himitsu.Tokyo)
	var ev himitsu.AccessEvent
	for i := range s.events {
		ev = himitsu.AccessEvent{
			ID:      "ev-" + strconv.Itoa(i),
			At:      start.Add(time.Duration(i%(150*24*60)) * time.Minute),
			Person:  s.rec.Persons[r.IntN(persons)].ID,
			DataSet: "ds-cdr",
			Action:  himitsu.ActionRead,
			Purpose: "pur-bill",
		}
		switch r.IntN(100) {
		case 0:
			ev.Action = himitsu.ActionExport
		case 1, 2, 3, 4, 5, 6, 7, 8, 9, 10:
			ev.Purpose, ev.Subscriber = "pur-ana", "sub_"+strconv.Itoa(r.IntN(subs))
		case 11:
			ev.DataSet = "ds-loc"
		}
		if err := fn(&ev); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (s *synthCarrier) EntryLogs(ctx context.Context, fn func(*himitsu.EntryLog) error) error {
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, himitsu.Tokyo)
	for i := range s.events / 100 {
		l := himitsu.EntryLog{ID: "el-" + strconv.Itoa(i), Area: "area-dc", Person: s.rec.Persons[i%len(s.rec.Persons)].ID, Direction: "in", At: start.Add(time.Duration(i) * time.Minute)}
		if err := fn(&l); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// TestEvidenceBoundedAndOrderIndependent: however a log is ordered, a
// finding keeps the MaxEvidence smallest IDs and counts every event.
func TestEvidenceBoundedAndOrderIndependent(t *testing.T) {
	mk := func(order []int) []himitsu.AccessEvent {
		var evs []himitsu.AccessEvent
		for _, i := range order {
			evs = append(evs, himitsu.AccessEvent{ID: fmt.Sprintf("ev-%03d", i), At: time.Date(2026, 10, 1, 10, 0, 0, 0, himitsu.Tokyo),
				Person: "p1", DataSet: "ds-cdr", Action: himitsu.ActionExport})
		}
		return evs
	}
	rec := &himitsu.Records{
		Carrier:  himitsu.Carrier{ID: "c1", Name: "テスト通信", Registration: himitsu.Registered},
		DataSets: []himitsu.DataSet{{ID: "ds-cdr", Name: "CDR", Elements: []himitsu.DataElement{{Name: "a", Class: himitsu.ClassIdentifier}}}},
	}
	order := make([]int, 50)
	for i := range order {
		order[i] = i
	}
	var first []himitsu.Evidence
	for run := range 3 {
		rand.New(rand.NewPCG(uint64(run), 9)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		a, err := Run(context.Background(), mustCatalog(t), rec, &himitsu.EventSlices{Access: mk(order)}, Options{AsOf: day("2026-11-01"), MaxEvidence: 5})
		if err != nil {
			t.Fatal(err)
		}
		var f *himitsu.Finding
		for i := range a.Findings {
			if a.Findings[i].Rule == "tech.unapproved-export" && a.Findings[i].Status == himitsu.StatusIndicated {
				f = &a.Findings[i]
			}
		}
		if f == nil {
			t.Fatal("no tech.unapproved-export finding")
		}
		if f.EvidenceTotal != 50 || len(f.Evidence) != 5 {
			t.Fatalf("got total %d and %d kept, want 50 and 5", f.EvidenceTotal, len(f.Evidence))
		}
		for i, e := range f.Evidence {
			if want := fmt.Sprintf("ev-%03d", i); e.ID != want {
				t.Errorf("run %d: evidence %d is %s, want %s", run, i, e.ID, want)
			}
		}
		if run == 0 {
			first = f.Evidence
		} else if fmt.Sprint(first) != fmt.Sprint(f.Evidence) {
			t.Errorf("evidence depends on log order: %v vs %v", first, f.Evidence)
		}
		if a.Counts["access_events"] != 50 {
			t.Errorf("got access_events count %d, want 50", a.Counts["access_events"])
		}
	}
}

// TestStreamingMemoryFlat: ten times the events must not need ten times
// the memory; the engine keeps nothing per event.
func TestStreamingMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 300,000 events")
	}
	cat := mustCatalog(t)
	peak := func(n int) uint64 {
		s := newSynthCarrier(200, 2000, n)
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		done, exited := make(chan struct{}), make(chan struct{})
		var maxHeap uint64
		go func() {
			defer close(exited)
			for {
				select {
				case <-done:
					return
				default:
				}
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				maxHeap = max(maxHeap, m.HeapInuse)
				time.Sleep(2 * time.Millisecond)
			}
		}()
		if _, err := Run(context.Background(), cat, s.rec, s, Options{AsOf: day("2026-11-01")}); err != nil {
			t.Fatal(err)
		}
		close(done)
		<-exited
		return maxHeap - min(maxHeap, before.HeapInuse)
	}
	small, large := peak(30000), peak(300000)
	t.Logf("heap growth: %d KiB for 30k events, %d KiB for 300k events", small/1024, large/1024)
	if large > 3*small+4<<20 {
		t.Errorf("heap grew from %d KiB to %d KiB for 10× the events: memory is not flat", small/1024, large/1024)
	}
}

func TestRunRejectsBadOptions(t *testing.T) {
	cat := mustCatalog(t)
	rec := &himitsu.Records{Carrier: himitsu.Carrier{ID: "c1"}}
	tests := []struct {
		name string
		opts Options
	}{
		{"no as-of", Options{}},
		{"unknown day count", Options{AsOf: day("2026-11-01"), DayCount: "weekdays"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Run(context.Background(), cat, rec, nil, tt.opts)
			if err == nil || a != nil {
				t.Fatalf("got %v, %v; want an error", a, err)
			}
			if k := himitsu.ErrorKind(err); k != himitsu.KindInvalid {
				t.Errorf("got kind %v, want invalid", k)
			}
		})
	}
	if _, err := Run(context.Background(), nil, rec, nil, Options{AsOf: day("2026-11-01")}); err == nil {
		t.Error("nil catalog: got no error")
	}
}

func TestRunStopsOnStreamError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := newSynthCarrier(10, 10, 100)
	if _, err := Run(ctx, mustCatalog(t), s.rec, s, Options{AsOf: day("2026-11-01")}); err == nil {
		t.Fatal("cancelled context: got no error")
	}
}

var benchEvents = flag.Int("bench.events", 200000, "access events in BenchmarkRun")

// BenchmarkRun assesses a synthetic carrier with -bench.events access
// events (and 1% as many entry log lines) and reports events per second.
func BenchmarkRun(b *testing.B) {
	cat := mustCatalog(b)
	s := newSynthCarrier(1000, 50000, *benchEvents)
	asOf := day("2026-11-01")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(context.Background(), cat, s.rec, s, Options{AsOf: asOf}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(*benchEvents)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
