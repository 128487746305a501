// Package progress shows how far a long command has got — rows, rate and
// time left — on a terminal, and stays silent everywhere else (a pipe, a
// file, CI). It writes one line that it rewrites in place, a few times a
// second, from its own goroutine; counting a row costs a local increment.
package progress

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/mattn/go-isatty"
)

// Enabled reports whether progress belongs on w: w is a terminal, and the
// environment is not CI (CI set) or a dumb terminal. HIMITSU_PROGRESS=0
// turns it off and =1 on, whatever w is.
func Enabled(w io.Writer, getenv func(string) string) bool {
	switch getenv("HIMITSU_PROGRESS") {
	case "0", "false", "no", "off":
		return false
	case "1", "true", "yes", "on":
		return true
	}
	if getenv("CI") != "" || getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// Meter counts rows and shows them. The zero of a disabled Meter (nil) is
// valid: every method does nothing.
type Meter struct {
	w     io.Writer
	lang  string
	label string
	total int64 // estimated rows; 0 when unknown
	rows  atomic.Int64
	start time.Time
	now   func() time.Time
	stop  chan struct{}
	done  sync.WaitGroup
	mu    sync.Mutex // one line at a time
	width int        // of the last line, to blank it
}

// Start shows progress on w when on is true and returns the meter (nil
// when off). label names the command ("assess", "import"); total is the
// number of rows expected, 0 when not known.
func Start(w io.Writer, on bool, lang, label string, total int64) *Meter {
	if !on {
		return nil
	}
	m := &Meter{w: w, lang: lang, label: label, total: total, start: time.Now(), now: time.Now, stop: make(chan struct{})}
	m.done.Add(1)
	go m.loop(250 * time.Millisecond)
	return m
}

func (m *Meter) loop(every time.Duration) {
	defer m.done.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-t.C:
			m.show(m.Line(m.rows.Load(), m.now().Sub(m.start)))
		}
	}
}

func (m *Meter) show(line string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	pad := ""
	if n := displayWidth(line); n < m.width {
		pad = strings.Repeat(" ", m.width-n)
	}
	fmt.Fprintf(m.w, "\r%s%s", line, pad)
	m.width = displayWidth(line)
}

// Add counts n rows.
func (m *Meter) Add(n int64) {
	if m != nil {
		m.rows.Add(n)
	}
}

// Done stops the meter and leaves one line saying how many rows took how
// long.
func (m *Meter) Done() {
	if m == nil {
		return
	}
	close(m.stop)
	m.done.Wait()
	rows, d := m.rows.Load(), m.now().Sub(m.start)
	line := fmt.Sprintf("%s: %s rows in %s", m.label, group(rows), d.Round(100*time.Millisecond))
	if m.lang == "ja" {
		line = fmt.Sprintf("%s: %s 行を %s で処理した", m.label, group(rows), d.Round(100*time.Millisecond))
	}
	m.show(line)
	fmt.Fprintln(m.w)
}

// Line is the progress line for rows counted after elapsed.
func (m *Meter) Line(rows int64, elapsed time.Duration) string {
	rate := int64(0)
	if s := elapsed.Seconds(); s > 0 {
		rate = int64(float64(rows) / s)
	}
	ja := m.lang == "ja"
	var b strings.Builder
	b.WriteString(m.label + ": ")
	total := m.total
	if total > 0 && rows > total {
		total = 0 // the estimate was short; say what is known
	}
	switch {
	case total > 0 && ja:
		fmt.Fprintf(&b, "%s / 約 %s 行（%d%%）", group(rows), group(total), rows*100/total)
	case total > 0:
		fmt.Fprintf(&b, "%s of about %s rows (%d%%)", group(rows), group(total), rows*100/total)
	case ja:
		fmt.Fprintf(&b, "%s 行", group(rows))
	default:
		fmt.Fprintf(&b, "%s rows", group(rows))
	}
	if rate > 0 {
		if ja {
			fmt.Fprintf(&b, "、毎秒 %s 行", group(rate))
		} else {
			fmt.Fprintf(&b, ", %s rows/s", group(rate))
		}
		if total > 0 {
			left := time.Duration(float64(total-rows) / float64(rate) * float64(time.Second)).Round(time.Second)
			if ja {
				fmt.Fprintf(&b, "、残り約 %s", left)
			} else {
				fmt.Fprintf(&b, ", about %s left", left)
			}
		}
	}
	return b.String()
}

// group writes n with thousands separators: 1,234,567.
func group(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// displayWidth counts a wide (CJK) character as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 || r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// Source counts the rows of src on m as they are streamed. Counting is
// batched so that the hot loop pays a local increment per row.
func Source(src himitsu.EventSource, m *Meter) himitsu.EventSource {
	if m == nil {
		return src
	}
	return &source{src: src, m: m}
}

type source struct {
	src himitsu.EventSource
	m   *Meter
}

const batch = 4096

func (s *source) AccessEvents(ctx context.Context, fn func(*himitsu.AccessEvent) error) error {
	n := int64(0)
	err := s.src.AccessEvents(ctx, func(ev *himitsu.AccessEvent) error {
		if n++; n == batch {
			s.m.Add(n)
			n = 0
		}
		return fn(ev)
	})
	s.m.Add(n)
	return err
}

func (s *source) EntryLogs(ctx context.Context, fn func(*himitsu.EntryLog) error) error {
	n := int64(0)
	err := s.src.EntryLogs(ctx, func(l *himitsu.EntryLog) error {
		if n++; n == batch {
			s.m.Add(n)
			n = 0
		}
		return fn(l)
	})
	s.m.Add(n)
	return err
}
