package bundle

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	himitsu "github.com/himitsu-oss/himitsu"
)

// pipelineBundle writes a bundle whose access event log has n rows (many
// batches of the pipeline), with bad rows at the given 1-based row
// numbers, replaced by the given cells of that row.
func pipelineBundle(t *testing.T, n int, bad map[int]string) string {
	t.Helper()
	dir := writeBundle(t, map[string]string{"access_events.csv": del, "accounts.csv": "id,system,person\na1,crm,p1\n"})
	var sb strings.Builder
	sb.WriteString("id,at,account,person,dataset,action,purpose,subscriber,records,count\n")
	for i := 1; i <= n; i++ {
		if row, ok := bad[i]; ok {
			sb.WriteString(row + "\n")
			continue
		}
		fmt.Fprintf(&sb, "ev-%d,2026-01-01T09:00:00+09:00,a1,p1,ds1,read,pu1,sub_%032x,1,\n", i, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "access_events.csv"), []byte(sb.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestPipelineOrderAndErrors: rows are handed over in file order, the
// errors of rows in different batches come in line order with their
// lines and fields, and no event is handed over once a row has failed.
func TestPipelineOrderAndErrors(t *testing.T) {
	const n = 20_000
	dir := pipelineBundle(t, n, map[int]string{
		2_500:  "ev-2500,yesterday,a1,p1,ds1,read,pu1,,1,",
		9_000:  "ev-9000,2026-01-01T09:00:00+09:00,a1,p1,ds9,read,pu1,,1,",
		15_000: "ev-15000,2026-01-01T09:00:00+09:00,a1,p1,ds1,read,pu1,sub_NOTHEX,1,",
		16_000: "ev-16000,2026-01-01T09:00:00+09:00,a1,p1,ds1,erase,pu1,,1,",
		19_999: "ev-19999,2026-01-01T09:00:00+09:00,a1,p1,ds1,read,pu1,,1",
	})
	b, err := Read(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	next := 1
	err = b.AccessEvents(context.Background(), func(e *himitsu.AccessEvent) error {
		if want := fmt.Sprintf("ev-%d", next); e.ID != want {
			t.Fatalf("got %s, want %s", e.ID, want)
		}
		next++
		return nil
	})
	if next != 2_500 {
		t.Errorf("events handed over: %d, want the 2,499 before the first bad row", next-1)
	}
	var errs himitsu.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("got %v, want the list of errors", err)
	}
	want := []string{
		`access_events.csv:2501: at: `,
		`access_events.csv:9001: dataset: refers to unknown datasets "ds9"`,
		`access_events.csv:15001: subscriber: is not a pseudonym`,
		`access_events.csv:16001: action: "erase" is not one of`,
		`access_events.csv:20000: `,
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(errs), len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(errs[i].Error(), w) {
			t.Errorf("error %d: got %q, want prefix %q", i, errs[i].Error(), w)
		}
	}
}

// TestPipelineStops: an error of fn, a cancelled context and a count that
// is not a number end the stream at their row, and leave no goroutine.
func TestPipelineStops(t *testing.T) {
	const n = 30_000
	dir := pipelineBundle(t, n, map[int]string{20_000: "ev-20000,2026-01-01T09:00:00+09:00,a1,p1,ds1,read,pu1,,1,many"})
	b, err := Read(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	stop := errors.New("stop")
	rows := 0
	err = b.AccessEvents(context.Background(), func(*himitsu.AccessEvent) error {
		rows++
		if rows == 7_000 {
			return stop
		}
		return nil
	})
	if err != stop || rows != 7_000 {
		t.Errorf("fn's error: got %v after %d rows, want stop after 7000", err, rows)
	}
	ctx, cancel := context.WithCancel(context.Background())
	rows = 0
	err = b.AccessEvents(ctx, func(*himitsu.AccessEvent) error {
		rows++
		if rows == 5_000 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || rows > 5_000+4096 {
		t.Errorf("cancelled: got %v after %d rows", err, rows)
	}
	rows = 0
	err = b.AccessEvents(context.Background(), func(*himitsu.AccessEvent) error { rows++; return nil })
	if err == nil || !strings.HasPrefix(err.Error(), "access_events.csv:20001: count: ") || rows != 19_999 {
		t.Errorf("bad count: got %v after %d rows", err, rows)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		t.Errorf("%d goroutines left running after the streams ended (%d before)", g-before, before)
	}
}
