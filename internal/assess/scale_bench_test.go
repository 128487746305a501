package assess_test

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/assess"
	"github.com/himitsu-oss/himitsu/internal/catalog"
	"github.com/himitsu-oss/himitsu/internal/demo"
)

var demoScales = flag.String("demo.scales", "1", "comma-separated demo-carrier scales for BenchmarkAssessDemo (1 = 1,000,000 access events)")

// BenchmarkAssessDemo measures the assessment of the generated carrier at
// several scales, to show that its cost grows linearly. Each scale reports
// the time of one pass of the generator alone ("gen-s") and of the
// generator feeding the engine ("total-s") in the same run, so the engine's
// own cost is their difference; and the peak heap while assessing.
//
//	go test ./internal/assess -run '^$' -bench AssessDemo -benchtime 1x -demo.scales 1,10,100
func BenchmarkAssessDemo(b *testing.B) {
	cat, err := catalog.Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range strings.Split(*demoScales, ",") {
		scale, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			b.Fatalf("-demo.scales: %v", err)
		}
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			c, err := demo.Generate(demo.Options{Seed: 1, Scale: scale})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			var gen, total time.Duration
			var peak uint64
			for b.Loop() {
				start := time.Now()
				n := 0
				if err := c.Events.AccessEvents(ctx, func(*himitsu.AccessEvent) error { n++; return nil }); err != nil {
					b.Fatal(err)
				}
				if err := c.Events.EntryLogs(ctx, func(*himitsu.EntryLog) error { return nil }); err != nil {
					b.Fatal(err)
				}
				gen += time.Since(start)

				stop := sampleHeap(&peak)
				start = time.Now()
				a, err := assess.Run(ctx, cat, c.Records, c.Events, assess.Options{AsOf: demo.DefaultAsOf()})
				total += time.Since(start)
				stop()
				if err != nil {
					b.Fatal(err)
				}
				if a.Counts["access_events"] != n {
					b.Fatalf("judged %d events, generated %d", a.Counts["access_events"], n)
				}
			}
			events := float64(c.Counts["access_events"])
			b.ReportMetric(gen.Seconds()/float64(b.N), "gen-s")
			b.ReportMetric(total.Seconds()/float64(b.N), "total-s")
			b.ReportMetric((total-gen).Seconds()/float64(b.N), "engine-s")
			b.ReportMetric(events*float64(b.N)/(total-gen).Seconds(), "engine-events/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// sampleHeap records the peak of HeapInuse every 20 ms until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	var done atomic.Bool
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		for !done.Load() {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > *peak {
				*peak = m.HeapInuse
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	return func() { done.Store(true); <-finished }
}
