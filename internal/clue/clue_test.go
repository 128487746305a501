package clue

import (
	"errors"
	"strings"
	"testing"

	himitsu "github.com/himitsu-oss/himitsu"
)

func TestScreenExplains(t *testing.T) {
	rs := Default()
	tests := []struct {
		name  string
		text  string
		clue  bool
		kind  string
		rule  string
		quote string
	}{
		{"half-width login not made", "ﾛｸﾞｲﾝ通知がきたけど自分じゃない", true, "unauthorised-change", "change-not-made-by-user", "ﾛｸﾞｲﾝ"},
		{"own forwarding setting", "転送電話の設定を解除したいです。以前出張のときに自分で設定しました。", false, "", "", ""},
		{"sales call", "毎日のように光回線の営業電話がかかってきてうるさいです。", false, "", "", ""},
		{"english stranger", "A stranger called me and listed the people I had phoned.", true, "stranger-knows", "stranger-knows-communications", "stranger"},
		{"full-width SIM", "ＳＩＭを勝手に再発行された", true, "unauthorised-change", "change-not-made-by-user", "ＳＩＭ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := rs.Screen(tt.text)
			if v.Clue != tt.clue || v.Kind != tt.kind {
				t.Fatalf("got clue %v kind %q, want %v %q (reasons %+v)", v.Clue, v.Kind, tt.clue, tt.kind, v.Reasons)
			}
			if tt.rule == "" {
				return
			}
			if len(v.Reasons) == 0 || v.Reasons[0].Rule != tt.rule {
				t.Fatalf("got reasons %+v, want rule %s first", v.Reasons, tt.rule)
			}
			var quotes []string
			for _, m := range v.Reasons[0].Matches {
				quotes = append(quotes, m.Text)
			}
			if !strings.Contains(strings.Join(quotes, "|"), tt.quote) {
				t.Errorf("got quotes %v, want one to be %q as written", quotes, tt.quote)
			}
		})
	}
}

func TestWeakSignal(t *testing.T) {
	// Two of the three lists of the stranger rule match: a stranger and a
	// call, but nothing they know.
	v := Default().Screen("見知らぬ人から何度も電話が来る")
	if v.Clue || !v.Weak {
		t.Errorf("got clue %v weak %v, want a weak signal that is not a clue", v.Clue, v.Weak)
	}
}

const minimal = `version: "1"
kinds:
  k: {en: kind, ja: 種類}
lists:
  a: [foo]
rules:
  - id: r
    kind: k
    weight: 1
    all: [a]
    about: {en: about, ja: 説明}
`

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		line      int
		field, in string
	}{
		{"bad pattern", strings.Replace(minimal, "[foo]", "\n    - foo\n    - \"(\"", 1), 7, "lists.a[1]", "bad pattern"},
		{"unknown list", strings.Replace(minimal, "all: [a]", "all: [a, b]", 1), 7, "rules[0]", "unknown list"},
		{"unknown kind", strings.Replace(minimal, "kind: k", "kind: x", 1), 7, "rules[0].kind", "unknown kind"},
		{"zero weight", strings.Replace(minimal, "weight: 1", "weight: 0", 1), 7, "rules[0].weight", "zero"},
		{"missing japanese", strings.Replace(minimal, ", ja: 説明", "", 1), 7, "rules[0].about", "English and Japanese"},
		{"unknown field", strings.Replace(minimal, "weight: 1", "weight: 1\n    wieght: 2", 1), 10, "", "unknown field"},
		{"no version", strings.Replace(minimal, `version: "1"`, "", 1), 1, "version", "missing"},
		{"empty-matching pattern", strings.Replace(minimal, "[foo]", `["x*"]`, 1), 5, "lists.a[0]", "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("my-rules.yaml", []byte(tt.src))
			var he *himitsu.Error
			if !errors.As(err, &he) {
				t.Fatalf("got %v, want a *himitsu.Error", err)
			}
			if he.File != "my-rules.yaml" || he.Line != tt.line || he.Field != tt.field || !strings.Contains(he.Msg, tt.in) || he.MsgJA == "" {
				t.Errorf("got %s:%d field %q msg %q (ja %q), want line %d field %q msg containing %q and a Japanese message",
					he.File, he.Line, he.Field, he.Msg, he.MsgJA, tt.line, tt.field, tt.in)
			}
		})
	}
	if _, err := Load("ok.yaml", []byte(minimal)); err != nil {
		t.Errorf("minimal rule file: %v", err)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add(DefaultSource())
	f.Add([]byte("rules: [1, 2]"))
	f.Add([]byte("lists: {a: [{x: 1}]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := Load("f.yaml", data)
		if err != nil {
			var he *himitsu.Error
			if !errors.As(err, &he) {
				t.Fatalf("error %v is not a *himitsu.Error", err)
			}
			return
		}
		rs.Screen("知らない人に通話履歴を知られていた")
	})
}
