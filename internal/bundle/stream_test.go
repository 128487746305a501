package bundle

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	himitsu "github.com/himitsu-oss/himitsu"
)

// TestMillionRows streams a real 1,000,000-row access_events.csv whose row
// 876,543 has a bad action, and checks the error names its physical line.
func TestMillionRows(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 45 MB file")
	}
	dir := writeBundle(t, map[string]string{"access_events.csv": del})
	f, err := os.Create(filepath.Join(dir, "access_events.csv"))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("id,at,person,dataset,action\n")
	var buf []byte
	for i := 1; i <= 1_000_000; i++ {
		buf = append(buf[:0], 'e')
		buf = strconv.AppendInt(buf, int64(i), 10)
		buf = append(buf, ",2026-01-01T09:00:00+09:00,p1,ds1,"...)
		if i == 876_543 {
			buf = append(buf, "erase\n"...)
		} else {
			buf = append(buf, "read\n"...)
		}
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	start := time.Now()
	b, err := Read(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	err = b.AccessEvents(context.Background(), func(*himitsu.AccessEvent) error { rows++; return nil })
	elapsed := time.Since(start)
	want := "access_events.csv:876544: action: \"erase\" is not one of"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("got %v, want prefix %q", err, want)
	}
	if rows != 876_542 {
		t.Errorf("rows before the error: got %d, want 876542", rows)
	}
	t.Logf("%d rows streamed in %v (%.0f rows/s)", rows, elapsed, float64(rows)/elapsed.Seconds())
}

// writeEventsFile writes n realistic access events for the base bundle.
func writeEventsFile(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("id,at,account,person,dataset,action,purpose,subscriber,records\n")
	actions := []string{"read", "query", "read", "export", "read", "print"}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var buf []byte
	for i := range n {
		buf = append(buf[:0], "ev-"...)
		buf = strconv.AppendInt(buf, int64(i), 10)
		buf = append(buf, ',')
		buf = base.Add(time.Duration(i)*time.Second).In(himitsu.Tokyo).AppendFormat(buf, time.RFC3339)
		buf = append(buf, ",a1,p1,ds1,"...)
		buf = append(buf, actions[i%len(actions)]...)
		buf = append(buf, ",pu1,"...)
		buf = fmt.Appendf(buf, "sub_%032x", uint64(i)*2654435761)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(i%500), 10)
		buf = append(buf, '\n')
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
}

// BenchmarkReadAccessEvents streams access events through the bundle
// (parse, validate, check references) and reads the same file with plain
// encoding/csv in the same iteration, reporting both rates and their ratio.
func BenchmarkReadAccessEvents(b *testing.B) {
	const n = 200_000
	dir := writeBundle(b, map[string]string{"access_events.csv": del, "accounts.csv": "id,system,person\na1,crm,p1\n"})
	path := filepath.Join(dir, "access_events.csv")
	writeEventsFile(b, path, n)
	bun, err := Read(context.Background(), dir)
	if err != nil {
		b.Fatal(err)
	}
	var ms runtime.MemStats
	mallocs := func() uint64 { runtime.ReadMemStats(&ms); return ms.Mallocs }
	var tBundle, tCSV time.Duration
	var aBundle, aCSV uint64
	for b.Loop() {
		m0, t0 := mallocs(), time.Now()
		rows := 0
		if err := bun.AccessEvents(context.Background(), func(*himitsu.AccessEvent) error { rows++; return nil }); err != nil || rows != n {
			b.Fatalf("got %d rows, %v", rows, err)
		}
		tBundle += time.Since(t0)
		aBundle += mallocs() - m0

		m0, t0 = mallocs(), time.Now()
		f, _ := os.Open(path)
		cr := csv.NewReader(bufio.NewReaderSize(f, 256<<10))
		cr.ReuseRecord = true
		rows = 0
		for {
			_, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rows++
		}
		f.Close()
		tCSV += time.Since(t0)
		aCSV += mallocs() - m0
	}
	iters := float64(b.N)
	b.ReportMetric(n*iters/tBundle.Seconds(), "bundle-rows/s")
	b.ReportMetric(n*iters/tCSV.Seconds(), "csv-rows/s")
	b.ReportMetric(tCSV.Seconds()/tBundle.Seconds(), "ratio")
	b.ReportMetric(float64(aBundle)/(n*iters), "bundle-allocs/row")
	b.ReportMetric(float64(aCSV)/(n*iters), "csv-allocs/row")
}
