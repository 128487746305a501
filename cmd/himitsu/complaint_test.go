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

func TestComplaintImportIntoBundle(t *testing.T) {
	dir := exampleDir(t)
	key := writeTemp(t, "key.hex", "8f3a1c5e9b2d4f6a0c7e1b3d5f7a9c2e\n")
	mbox := writeTemp(t, "in.mbox", "From a@example.jp Mon Nov  2 10:15:00 2026\nFrom: a@example.jp\nSubject: =?UTF-8?B?"+
		"6YCa6Kmx5bGl5q20?=\nDate: Mon, 2 Nov 2026 10:15:00 +0900\nMessage-ID: <m1@example.jp>\n\n知らない人に通話履歴を知られていました。090-1234-5678\n")
	calls := writeTemp(t, "calls.csv", "受付番号,受付日時,受付チャネル,分類,対応結果,申出内容,電話番号\nT-1,2026/11/02 10:15,手話,料金,説明,請求額が高い,090-1111-2222\n")
	out := filepath.Join(dir, "complaints.jsonl")
	if err := os.Remove(filepath.Join(dir, "complaints.csv")); err != nil {
		t.Fatal(err)
	}
	r := himitsuCmd(t, nil, "complaint", "import", "--pseudonym-key", key, "-o", out, mbox, calls)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n != 2 || strings.Contains(string(data), "090-") || !strings.Contains(string(data), `"channel":"sign-language"`) {
		t.Errorf("complaints file:\n%s\nwant 2 lines, numbers redacted, the sign-language channel", data)
	}
	r = himitsuCmd(t, nil, "import", "--dry-run", dir)
	if r.code != 0 {
		t.Fatalf("the bundle with imported complaints does not validate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = himitsuCmd(t, nil, "complaint", "import", "--pseudonym-key", key, "-o", out, mbox)
	if r.code != 1 || !strings.Contains(r.stderr, "exists") {
		t.Errorf("second import onto an existing file: exit %d stderr %q, want a refusal", r.code, r.stderr)
	}
	r = himitsuCmd(t, nil, "complaint", "import", "-o", filepath.Join(t.TempDir(), "c.jsonl"), calls)
	if r.code != 1 || !strings.Contains(r.stderr, "calls.csv:2: caller") {
		t.Errorf("caller without a key: exit %d stderr %q, want calls.csv:2: caller", r.code, r.stderr)
	}
}

// TestComplaintScreenBundleFile screens the example bundle's complaints
// file as it is: the summaries are read and the agent's leak_clue is the
// label the screening is compared with.
func TestComplaintScreenBundleFile(t *testing.T) {
	dir := exampleDir(t)
	r := himitsuCmd(t, nil, "complaint", "screen", "--lang", "en", filepath.Join(dir, "complaints.csv"))
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, w := range []string{"cp-002  LEAK CLUE  stranger-knows", "against the labels: precision"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("output lacks %q:\n%s", w, r.stdout)
		}
	}
}
