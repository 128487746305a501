package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestComplaintScreen(t *testing.T) {
	jsonl := writeTemp(t, "c.jsonl", `{"id":"a","text":"ﾛｸﾞｲﾝ通知がきたけど自分じゃない"}
{"id":"b","text":"毎日のように光回線の営業電話がかかってきてうるさいです。","lang":"ja"}
`)
	csvFile := writeTemp(t, "c.csv", "id,text\na,SIM was reissued and I never asked for it\nb,My bill is too high\n")
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"text en", []string{"complaint", "screen", "--lang", "en", jsonl}, 0, []string{"a  LEAK CLUE  unauthorised-change", `"ﾛｸﾞｲﾝ"`, "b  no clue", "2 complaints: 1 leak clues"}},
		{"text ja", []string{"complaint", "screen", "--lang", "ja", jsonl}, 0, []string{"a  漏えいの端緒", "規則 change-not-made-by-user", "苦情2件"}},
		{"csv", []string{"complaint", "screen", "--lang", "en", csvFile}, 0, []string{"a  LEAK CLUE", "b  no clue"}},
		{"bad format", []string{"complaint", "screen", "--format", "xml", jsonl}, 2, nil},
		{"no subcommand", []string{"complaint"}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := himitsuCmd(t, nil, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %s", r.code, tt.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

func TestComplaintScreenJSON(t *testing.T) {
	p := writeTemp(t, "c.jsonl", `{"id":"x1","text":"知らない人に通話履歴を知られていた","labels":{"clue":true,"kind":"stranger-knows"}}
{"id":"x2","text":"請求額が高い","labels":{"clue":false,"kind":"billing"}}
`)
	r := himitsuCmd(t, nil, "complaint", "screen", "--format", "json", p)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want one JSON object per complaint:\n%s", len(lines), r.stdout)
	}
	var got []screenJSON
	for _, l := range lines {
		var o screenJSON
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		got = append(got, o)
	}
	if got[0].ID != "x1" || !got[0].Clue || got[0].Kind != "stranger-knows" || len(got[0].Reasons) == 0 || got[0].Label == nil || !got[0].Label.Agree {
		t.Errorf("first object = %+v, want id x1, a stranger-knows clue with reasons agreeing with its label", got[0])
	}
	if got[1].ID != "x2" || got[1].Clue {
		t.Errorf("second object = %+v, want id x2 without a clue", got[1])
	}
}

func TestComplaintScreenBadInput(t *testing.T) {
	p := writeTemp(t, "bad.jsonl", `{"id":"1","text":"x"}`+"\n"+`{"id":"2","text":""}`+"\n")
	r := himitsuCmd(t, map[string]string{"HIMITSU_LANG": "ja"}, "complaint", "screen", p)
	if r.code != 1 || !strings.Contains(r.stderr, "bad.jsonl:2: text: 未記入") {
		t.Errorf("exit %d stderr %q, want 1 and the file, line and field in Japanese", r.code, r.stderr)
	}
	rules := writeTemp(t, "rules.yaml", "version: \"1\"\nrules: []\n")
	r = himitsuCmd(t, nil, "complaint", "screen", "--rules", rules, p)
	if r.code != 1 || !strings.Contains(r.stderr, "rules.yaml:1: rules: no rules") {
		t.Errorf("exit %d stderr %q, want 1 and the rule file's error", r.code, r.stderr)
	}
}
