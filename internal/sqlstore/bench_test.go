package sqlstore

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

var benchEvents = flag.Int("events", 1_000_000, "access events imported per Replace in BenchmarkReplaceAccessEvents")

// benchSource makes n access events on the fly, deterministically, into
// one reused struct, as a bundle reader does: the benchmark measures the
// store, not a slice of a million events.
type benchSource struct {
	n    int
	subs []string
}

func newBenchSource(n int) *benchSource {
	p := himitsu.NewPseudonymizer([]byte("bench"))
	subs := make([]string, 1000)
	for i := range subs {
		subs[i] = p.Pseudonym(strconv.Itoa(i))
	}
	return &benchSource{n: n, subs: subs}
}

func (s *benchSource) AccessEvents(ctx context.Context, fn func(*himitsu.AccessEvent) error) error {
	actions := himitsu.Action("").Values()
	base := time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)
	var e himitsu.AccessEvent
	buf := make([]byte, 0, 16)
	for i := range s.n {
		buf = strconv.AppendInt(append(buf[:0], "ae-"...), int64(10_000_000_000+i), 10)
		e = himitsu.AccessEvent{
			ID: string(buf), At: base.Add(time.Duration(i) * 31 * time.Millisecond),
			Account: "acc-1", Person: "per-1", DataSet: "ds-cdr",
			Action: himitsu.Action(actions[i%len(actions)]), Purpose: "pur-billing",
			Subscriber: s.subs[i%len(s.subs)], Records: i % 50,
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (s *benchSource) EntryLogs(context.Context, func(*himitsu.EntryLog) error) error { return nil }

// peakHeap samples HeapInuse every 50 ms until stop is called, and returns
// the highest value seen.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		sample()
		return peak.Load()
	}
}

// cpuTime returns the user and system CPU time of this process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReplaceAccessEvents imports -events access events (default one
// million) into a carrier per iteration; run it with -benchtime=1x. It
// reports rows/s and the peak heap in use, which must not grow with
// -events.
func BenchmarkReplaceAccessEvents(b *testing.B) {
	for _, e := range engines {
		// without-at-index drops the index of migration 0090 first, so one
		// run compares the import with and without it.
		// at-index-per-row keeps the index during the load (as before it
		// was built after the load); with-at-index is what Replace does.
		for _, variant := range []string{"with-at-index", "at-index-per-row", "without-at-index"} {
			b.Run(e.name+"/"+variant, func(b *testing.B) {
				s := e.open(b)
				ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "benchmark", Purpose: "measure import speed"})
				s.keepDateIndex = variant == "at-index-per-row"
				if variant == "without-at-index" {
					if _, err := s.db.ExecContext(ctx, `DROP INDEX access_events_at`); err != nil {
						b.Fatal(err)
					}
				}
				rec, _ := storetest.Fixture("bench")
				src := newBenchSource(*benchEvents)
				runtime.GC()
				cpu0 := cpuTime()
				stop := peakHeap()
				iters := 0
				for b.Loop() {
					sum, err := s.Replace(ctx, rec, src)
					if err != nil {
						b.Fatal(err)
					}
					if got := sum.Counts["access_events"]; got != src.n {
						b.Fatalf("got %d access events imported, want %d", got, src.n)
					}
					iters++
				}
				peak := stop()
				cpu := cpuTime() - cpu0
				b.ReportMetric(float64(iters*src.n)/b.Elapsed().Seconds(), "rows/s")
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
				// CPU time is steadier than wall time on a shared machine; it
				// counts this process only (PostgreSQL's server work is extra).
				b.ReportMetric(float64(iters*src.n)/cpu.Seconds(), "rows/cpu-s")
				b.Logf("%s: %s events per Replace", e.name, fmt.Sprint(src.n))
			})
		}
	}
}

// BenchmarkReImportSecureDelete measures what secure_delete costs on
// SQLite: each iteration re-imports a carrier that already holds -events
// access events, so every old row is deleted (and, with secure_delete,
// overwritten with zeros) before the new ones are written. Compare the
// rows/cpu-s of the two sub-benchmarks; run with -benchtime=3x.
func BenchmarkReImportSecureDelete(b *testing.B) {
	for _, c := range []struct {
		name string
		opts Options
	}{
		{"secure_delete=on", Options{}},
		{"secure_delete=off", Options{NoSecureDelete: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			s, err := OpenWith(context.Background(), filepath.Join(b.TempDir(), "bench.db"), c.opts)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "benchmark", Purpose: "measure secure_delete"})
			rec, _ := storetest.Fixture("bench")
			src := newBenchSource(*benchEvents)
			if _, err := s.Replace(ctx, rec, src); err != nil {
				b.Fatal(err)
			}
			cpu0 := cpuTime()
			iters := 0
			for b.Loop() {
				if _, err := s.Replace(ctx, rec, src); err != nil {
					b.Fatal(err)
				}
				iters++
			}
			cpu := cpuTime() - cpu0
			b.ReportMetric(float64(iters*src.n)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(iters*src.n)/cpu.Seconds(), "rows/cpu-s")
		})
	}
}

// BenchmarkStreamAccessEvents reads -events access events back through a
// Snapshot, as `assess --db` does, into a consumer that only counts them;
// run it with -benchtime=3x. The import before the timer is not measured.
func BenchmarkStreamAccessEvents(b *testing.B) {
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) {
			s := e.open(b)
			ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "benchmark", Purpose: "measure reading the log"})
			rec, _ := storetest.Fixture("bench")
			src := newBenchSource(*benchEvents)
			if _, err := s.Replace(ctx, rec, src); err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			cpu0 := cpuTime()
			iters := 0
			for b.Loop() {
				snap, err := s.Snapshot(ctx, rec.Carrier.ID)
				if err != nil {
					b.Fatal(err)
				}
				n, records := 0, 0
				err = snap.Events().AccessEvents(ctx, func(ev *himitsu.AccessEvent) error {
					n++
					records += ev.Records
					return nil
				})
				snap.Close()
				if err != nil {
					b.Fatal(err)
				}
				if n != src.n {
					b.Fatalf("read %d events, want %d", n, src.n)
				}
				iters++
			}
			cpu := cpuTime() - cpu0
			b.ReportMetric(float64(iters*src.n)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(iters*src.n)/cpu.Seconds(), "rows/cpu-s")
		})
	}
}
