package progress

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

func TestLine(t *testing.T) {
	tests := []struct {
		lang  string
		total int64
		rows  int64
		after time.Duration
		want  string
	}{
		{"en", 10_000_000, 2_500_000, 2 * time.Second, "assess: 2,500,000 of about 10,000,000 rows (25%), 1,250,000 rows/s, about 6s left"},
		{"ja", 10_000_000, 2_500_000, 2 * time.Second, "assess: 2,500,000 / 約 10,000,000 行（25%）、毎秒 1,250,000 行、残り約 6s"},
		{"en", 0, 1234, time.Second, "assess: 1,234 rows, 1,234 rows/s"},
		{"ja", 0, 1234, time.Second, "assess: 1,234 行、毎秒 1,234 行"},
		{"en", 100, 150, time.Second, "assess: 150 rows, 150 rows/s"}, // the estimate was short
		{"en", 100, 0, 0, "assess: 0 of about 100 rows (0%)"},
	}
	for _, tt := range tests {
		m := &Meter{lang: tt.lang, label: "assess", total: tt.total}
		if got := m.Line(tt.rows, tt.after); got != tt.want {
			t.Errorf("%s %d/%d: got %q, want %q", tt.lang, tt.rows, tt.total, got, tt.want)
		}
	}
}

func TestEnabled(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	var buf bytes.Buffer
	tests := []struct {
		name string
		w    any
		env  func(string) string
		want bool
	}{
		{"a buffer", &buf, env(), false},
		{"a pipe", w, env(), false},
		{"/dev/null, a character device but no terminal", devNull, env(), false},
		{"forced on", &buf, env("HIMITSU_PROGRESS", "1"), true},
		{"forced off", &buf, env("HIMITSU_PROGRESS", "0"), false},
		{"CI", w, env("CI", "true"), false},
	}
	for _, tt := range tests {
		if got := Enabled(tt.w.(interface{ Write([]byte) (int, error) }), tt.env); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestSourceCounts: every row streamed is counted, in batches, and the
// meter ends with one line saying so.
func TestSourceCounts(t *testing.T) {
	var out bytes.Buffer
	m := Start(&out, true, "en", "import", 0)
	src := &himitsu.EventSlices{Access: make([]himitsu.AccessEvent, 10_000), Entries: make([]himitsu.EntryLog, 5)}
	s := Source(src, m)
	seen := 0
	if err := s.AccessEvents(context.Background(), func(*himitsu.AccessEvent) error { seen++; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.EntryLogs(context.Background(), func(*himitsu.EntryLog) error { seen++; return nil }); err != nil {
		t.Fatal(err)
	}
	m.Done()
	if seen != 10_005 || m.rows.Load() != 10_005 {
		t.Errorf("seen %d, counted %d, want 10005", seen, m.rows.Load())
	}
	if !strings.Contains(out.String(), "import: 10,005 rows in ") || !strings.HasSuffix(out.String(), "\n") {
		t.Errorf("got %q", out.String())
	}
}

func TestOffIsSilent(t *testing.T) {
	var m *Meter // off
	src := &himitsu.EventSlices{Access: make([]himitsu.AccessEvent, 3)}
	if Source(src, m) != himitsu.EventSource(src) {
		t.Error("an off meter wraps the source")
	}
	m.Add(1)
	m.Done()
}
