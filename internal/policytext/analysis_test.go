package policytext

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	himitsu "github.com/himitsu-oss/himitsu"
)

func readDoc(t testing.TB, path string) *Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ReadDocument(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func labels(r Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Item+" "+f.Label)
	}
	return out
}

func TestAnalyseDocuments(t *testing.T) {
	tests := []struct {
		name, file string
		lang       string
		sections   int
		summary    bool
		want       []string
		notWant    []string
	}{
		{"japanese markdown", "testdata/docs/privacy-ja.md", "ja", 6, true,
			[]string{"5(1)iv blanket-consent", "5(1)v disclaims-leak-responsibility", "5(1)i unclear:longest_sentence"},
			[]string{"5(1)i secrecy-late", "5(1)i secrecy-absent"}},
		{"english html", "testdata/docs/terms-en.html", "en", 4, false,
			[]string{"5(1)v disclaims-leak-responsibility", "5(1)iv blanket-consent"},
			[]string{"5(1)i secrecy-absent"}},
	}
	c := NewChecker()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := readDoc(t, tt.file)
			r := c.Analyse(d)
			if r.Lang != tt.lang || len(r.Sections) != tt.sections || r.LayeredSummary != tt.summary {
				t.Errorf("got lang %s, %d sections, summary %v; want %s, %d, %v", r.Lang, len(r.Sections), r.LayeredSummary, tt.lang, tt.sections, tt.summary)
			}
			got := labels(r)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("findings %v lack %q", got, w)
				}
			}
			for _, w := range tt.notWant {
				if slices.Contains(got, w) {
					t.Errorf("findings %v include %q", got, w)
				}
			}
			for _, f := range r.Findings {
				if f.About.EN == "" || f.About.JA == "" {
					t.Errorf("finding %s %s lacks a language: %+v", f.Item, f.Label, f.About)
				}
				if strings.HasPrefix(f.Item, "5(1)i") && f.Item != "5(1)i" && f.Quote == "" {
					t.Errorf("finding %s %s quotes no passage", f.Item, f.Label)
				}
			}
		})
	}
}

// longPolicy builds a Japanese policy of about the given number of pages
// whose only statement about the secrecy of communications stands in the
// last section.
func longPolicy(pages int) string {
	var b strings.Builder
	b.WriteString("# 利用規約\n\n")
	clause := "当社は、料金の計算に必要な範囲で、通話の日時と相手先の番号を記録します。記録は決まった期間が過ぎたら消します。\n"
	n := 0
	for i := 1; n < pages*1200; i++ {
		fmt.Fprintf(&b, "## 第%d条（記録）\n\n", i)
		for range 5 {
			b.WriteString(clause)
			n += len([]rune(clause))
		}
	}
	b.WriteString("## 第999条（通信の秘密）\n\n当社は通信の秘密を守ります。\n")
	return b.String()
}

func TestSecrecyPosition(t *testing.T) {
	d, err := ReadDocument("long.md", []byte(longPolicy(30)))
	if err != nil {
		t.Fatal(err)
	}
	r := NewChecker().Analyse(d)
	if r.Secrecy == nil {
		t.Fatal("no secrecy statement found")
	}
	if r.Pages < 28 || r.Pages > 32 || r.Secrecy.Page != r.Pages {
		t.Errorf("secrecy on page %d of %d, want the last of about 30", r.Secrecy.Page, r.Pages)
	}
	got := labels(r)
	if !slices.Contains(got, "5(1)i secrecy-late") || !slices.Contains(got, "5(1)i no-layered-summary") {
		t.Errorf("findings %v, want secrecy-late and no-layered-summary", got)
	}
	for _, f := range r.Findings {
		if f.Label == "secrecy-late" && !strings.Contains(f.About.EN, fmt.Sprintf("page %d of %d", r.Pages, r.Pages)) {
			t.Errorf("secrecy-late says %q, want the page of pages", f.About.EN)
		}
	}
}

func BenchmarkAnalyse30Pages(b *testing.B) {
	data := []byte(longPolicy(30))
	c := NewChecker()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		d, err := ReadDocument("long.md", data)
		if err != nil {
			b.Fatal(err)
		}
		c.Analyse(d)
	}
}

func TestReadDocumentErrors(t *testing.T) {
	tests := []struct {
		name, file, data string
		kind             himitsu.Kind
	}{
		{"damaged pdf", "p.pdf", "%PDF-1.7", himitsu.KindInvalid},
		{"pdf without text layer", "scan.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] >> endobj\n3 0 obj << /Type /Page /Contents 4 0 R >> endobj\n4 0 obj << /Length 9 >> stream\n/Im1 Do Q\nendstream endobj\ntrailer << /Root 1 0 R >>", himitsu.KindInvalid},
		{"empty", "e.md", " \n", himitsu.KindInvalid},
		{"not utf-8", "b.txt", "\xff\xfe", himitsu.KindInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadDocument(tt.file, []byte(tt.data))
			var he *himitsu.Error
			if !errors.As(err, &he) || he.Kind != tt.kind || he.File != tt.file || he.MsgJA == "" {
				t.Errorf("got %v, want a %v error naming %s in both languages", err, tt.kind, tt.file)
			}
		})
	}
}

func TestHTMLText(t *testing.T) {
	got := htmlText("<html><head><title>x</title></head><body><h2>A &amp; B</h2><p>one<br>two</p><script>bad()</script></body></html>")
	want := "## A & B\n\none\ntwo"
	if got != want {
		t.Errorf("htmlText = %q, want %q", got, want)
	}
}

func FuzzReadDocument(f *testing.F) {
	f.Add("a.html", "<h1>x</h1><p>当社は責任を負いません</p>")
	f.Add("a.md", "# 第1条\n通信の秘密")
	f.Add("a.txt", "Article 1\nWe are not liable for leaks.")
	c := NewChecker()
	f.Fuzz(func(t *testing.T, name, data string) {
		d, err := ReadDocument(name, []byte(data))
		if err != nil {
			return
		}
		c.Analyse(d)
	})
}

func TestLoadLexiconErrors(t *testing.T) {
	tests := []struct {
		name, src, field string
	}{
		{"not yaml", "version: [", ""},
		{"no version", "limits: {}", "version"},
		{"zero limit", "version: x\nlimits: {ja: {sentence_chars: 0}}", "limits"},
		{"unknown key", "version: x\nlimmits: {}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadLexicon("lx.yaml", []byte(tt.src))
			var he *himitsu.Error
			if !errors.As(err, &he) || he.File != "lx.yaml" || he.Field != tt.field || he.MsgJA == "" {
				t.Errorf("got %v, want an error naming lx.yaml and field %q in both languages", err, tt.field)
			}
		})
	}
	if _, err := LoadLexicon("lexicon.yaml", lexiconData); err != nil {
		t.Errorf("embedded lexicon: %v", err)
	}
}
