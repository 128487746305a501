package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
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
