package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/remind"
)

func TestDeadlinesCommand(t *testing.T) {
	dir := exampleDir(t)
	// The example's leak was known on 2026-08-21: its first report runs
	// "without delay" (target three days on), the rest is ahead.
	r := himitsuCmd(t, nil, "deadlines", "--as-of", "2026-08-21", "--lang", "ja", "--open", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"期限一覧 みなとモバイル株式会社", "期限間近  2026-08-24（目安）", "電気通信事業法第28条の報告（速報）", "incidents/inc-2026-01", "電気通信事業法第28条の報告（詳細報告）"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text lacks %q:\n%s", want, r.stdout)
		}
	}
	r = himitsuCmd(t, nil, "deadlines", "--as-of", "2026-10-01", "--format", "json", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var b himitsu.Board
	if err := json.Unmarshal([]byte(r.stdout), &b); err != nil {
		t.Fatal(err)
	}
	states := map[string]himitsu.DueState{}
	for _, it := range b.Items {
		states[it.Key] = it.State
	}
	for key, want := range map[string]himitsu.DueState{
		"assess/incidents/inc-2026-01/tba-28/first":    himitsu.DueDone,
		"assess/incidents/inc-2026-01/tba-28/detailed": himitsu.DueDone,
		"assess/recurrence_measures/rm-001/done":       himitsu.DueDone,
	} {
		if states[key] != want {
			t.Errorf("%s: %q, want %q (all: %v)", key, states[key], want, states)
		}
	}
	for _, args := range [][]string{
		{"deadlines", "--format", "pdf", dir},
		{"deadlines", "--as-of", "yesterday", dir},
		{"deadlines"},
	} {
		if r := himitsuCmd(t, nil, args...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, r.code, exitUsage)
		}
	}
}

func TestDeadlinesFromDatabase(t *testing.T) {
	for name, dsn := range databases(t) {
		t.Run(name, func(t *testing.T) {
			db := dsn(t)
			must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, exampleDir(t)))
			if r := himitsuCmd(t, nil, "deadlines", "--db", db, "--as-of", "2026-08-21"); r.code != exitUsage || !strings.Contains(r.stderr, "--purpose") {
				t.Errorf("without --purpose: exit %d %s", r.code, r.stderr)
			}
			r := himitsuCmd(t, nil, "deadlines", "--db", db, "--purpose", "weekly deadline check", "--as-of", "2026-08-21", "--lang", "en")
			if r.code != 0 || !strings.Contains(r.stdout, "TBA Art. 28 report (first)") || !strings.Contains(r.stdout, "due soon") {
				t.Errorf("exit %d:\n%s\n%s", r.code, r.stdout, r.stderr)
			}
			log := himitsuCmd(t, nil, "log", "--db", db, "--kind", "reads")
			if !strings.Contains(log.stdout, "weekly deadline check") {
				t.Errorf("the read is not in the read log:\n%s", log.stdout)
			}
		})
	}
}

func TestServeReminderSettings(t *testing.T) {
	db := t.TempDir() + "/h.db"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--smtp-addr", "mail.example.jp:587", "--smtp-from", "h@example.jp", "--smtp-to", "p@example.jp"}, "--remind-every is 0"},
		{[]string{"--remind-every", "1m", "--smtp-addr", "mail.example.jp", "--smtp-from", "h@example.jp", "--smtp-to", "p@example.jp"}, "smtp-addr"},
		{[]string{"--remind-every", "1m", "--webhook-url", "https://hooks.example.jp/x"}, "webhook-secret"},
		{[]string{"--remind-every", "-1m"}, "negative"},
	} {
		args := append([]string{"serve", "--example=false", "--db", db, "--addr", "127.0.0.1:0"}, tc.args...)
		r := himitsuCmd(t, nil, args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want usage error with %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}

// TestServeSendsReminders starts 'himitsu serve' with reminders every
// 100 ms to a webhook: the example carrier's risk assessments are within
// the 400 days given (or late, later on), so posts arrive, signed, each
// once, and the log says so.
func TestServeSendsReminders(t *testing.T) {
	const secret = "a-shared-secret-of-some-length"
	var mu sync.Mutex
	seen := map[string]int{}
	var bad []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if err := remind.Verify(secret, r.Header.Get(remind.HeaderTimestamp), r.Header.Get(remind.HeaderSignature), body, time.Now(), time.Minute); err != nil {
			bad = append(bad, err.Error())
		}
		seen[r.Header.Get(remind.HeaderDelivery)]++
	}))
	defer hook.Close()
	var stderr syncBuffer
	vars := map[string]string{"HIMITSU_WEBHOOK_SECRET": secret}
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr, getenv: func(k string) string { return vars[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, e, []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "h.db"),
			"--remind-every", "100ms", "--remind-days-before", "400", "--webhook-url", hook.URL})
	}()
	deadline := time.Now().Add(60 * time.Second)
	for {
		mu.Lock()
		n := len(seen)
		mu.Unlock()
		if n > 0 && strings.Contains(stderr.String(), "deadline reminder") {
			break
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no reminder posted:\n%s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // several more ticks
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("serve exited with %d:\n%s", code, stderr.String())
	}
	mu.Lock()
	defer mu.Unlock()
	for id, n := range seen {
		if n != 1 {
			t.Errorf("reminder %s posted %d times, want once", id, n)
		}
		if !strings.HasPrefix(id, "minato-mobile/assess/") {
			t.Errorf("delivery id %q", id)
		}
	}
	if len(bad) > 0 {
		t.Errorf("bad signatures: %v", bad)
	}
}
