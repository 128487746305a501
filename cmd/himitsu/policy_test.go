package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu/internal/pdfdoc"
)

func TestPolicyCheck(t *testing.T) {
	doc := writeTemp(t, "terms.md", "# 利用規約\n\n## 第1条（責任）\n\n当社は、通信の秘密の漏えいにより生じた損害について、一切責任を負いません。\n")
	passages := writeTemp(t, "p.jsonl", `{"id":"p1","text":"We are not liable for any data breach, however caused."}
{"id":"p2","text":"We keep your communications secret.","lang":"en"}
`)
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"document en", []string{"policy", "check", "--lang", "en", doc}, 0, []string{"secrecy of communications first mentioned on page 1 of 1", "[5(1)v] disclaims-leak-responsibility p.1 第1条（責任）", "一切責任を負いません"}},
		{"document ja", []string{"policy", "check", "--lang", "ja", doc}, 0, []string{"通信の秘密への最初の言及: 1ページ中1ページ目", "事業者の責任を否定している（5(1)v）"}},
		{"passages text", []string{"policy", "check", "--lang", "en", passages}, 0, []string{"p1  DISCLAIMS RESPONSIBILITY FOR LEAKS (5(1)v)", "p2  no finding"}},
		{"damaged pdf", []string{"policy", "check", writeTemp(t, "x.pdf", "%PDF")}, 1, nil},
		{"pdf document", []string{"policy", "check", "--lang", "en", pdfPolicy(t)}, 0, []string{"disclaims-leak-responsibility", "一切責任を負いません"}},
		{"no files", []string{"policy", "check"}, 2, nil},
		{"bad labels file", []string{"policy", "check", "--labels", writeTemp(t, "l.yaml", "version: \"1\"\nrules: []\n"), doc}, 1, nil},
		{"own labels", []string{"policy", "check", "--lang", "en", "--labels", writeTemp(t, "l2.yaml", ownLabels), passages}, 0, []string{"p2  BLANKET CONSENT OR WAIVER (5(1)iv)"}},
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

func TestPolicyCheckPassagesJSON(t *testing.T) {
	p := writeTemp(t, "p.jsonl", `{"id":"a","text":"利用者は、当社が通信履歴を当社が必要と判断する目的のために利用することに同意するものとします。"}
{"id":"b","text":"天災地変その他の不可抗力により本サービスを提供できない場合、当社は責任を負いません。"}
`)
	r := himitsuCmd(t, nil, "policy", "check", "--format", "json", p)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want one object per passage", len(lines))
	}
	var a, b map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &b); err != nil {
		t.Fatal(err)
	}
	if a["id"] != "a" || a["blanket_consent"] != true || a["disclaims_leak_responsibility"] != false || a["clear"] == nil {
		t.Errorf("passage a = %v, want id a, a blanket consent, no disclaimer, a clarity label", a)
	}
	if b["id"] != "b" || b["disclaims_leak_responsibility"] != false {
		t.Errorf("passage b (force majeure) = %v, want no disclaimer of leak responsibility", b)
	}
}

// ownLabels is a label file of a compliance officer's own: it flags the
// word "secret" as a blanket consent, to show the file is used.
const ownLabels = `version: "own-1"
kinds:
  blanket-consent: {en: blanket, ja: 包括}
lists:
  w: [secret]
rules:
  - id: own
    kind: blanket-consent
    weight: 1
    all: [w]
    about: {en: our own rule, ja: 独自の規則}
`

// pdfPolicy writes a policy as a PDF with a text layer, made by pdfdoc.
func pdfPolicy(t *testing.T) string {
	t.Helper()
	pdf, err := pdfdoc.Render(pdfdoc.Document{Blocks: []pdfdoc.Block{
		pdfdoc.Heading{Level: 1, Text: "利用規約"},
		pdfdoc.Heading{Level: 2, Text: "第1条（責任）"},
		pdfdoc.Paragraph{Text: "当社は、通信の秘密に関する情報の漏えいについて、一切責任を負いません。"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "terms.pdf")
	if err := os.WriteFile(name, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestPolicyCheckPDFPages checks that a PDF's real pages count: the
// secrecy of communications first mentioned on the third page of three.
func TestPolicyCheckPDFPages(t *testing.T) {
	long := strings.Repeat("当社は、お客さまの利便性の向上のため、各種のサービスを提供します。", 60)
	pdf, err := pdfdoc.Render(pdfdoc.Document{Blocks: []pdfdoc.Block{
		pdfdoc.Heading{Level: 1, Text: "利用規約"},
		pdfdoc.Paragraph{Text: long},
		pdfdoc.Paragraph{Text: long},
		pdfdoc.Heading{Level: 2, Text: "第9条（通信の秘密）"},
		pdfdoc.Paragraph{Text: "当社は、通信の秘密を守ります。"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "long.pdf")
	if err := os.WriteFile(name, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	r := himitsuCmd(t, nil, "policy", "check", "--lang", "en", name)
	if r.code != 0 || !strings.Contains(r.stdout, "secrecy of communications first mentioned on page 3 of 3") {
		t.Errorf("exit %d; want the mention on page 3 of 3:\n%s%s", r.code, r.stdout, r.stderr)
	}
}
