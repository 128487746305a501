package pdfdoc_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/himitsu-oss/himitsu/internal/pdfdoc"
	"github.com/himitsu-oss/himitsu/internal/pdftext"
)

// fixed measures every character as one unit, so tests can reason in
// characters.
func fixed(s string) float64 { return float64(utf8.RuneCountInString(s)) }

func TestBreakLinesKinsoku(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"fits", "通信の秘密", 10, []string{"通信の秘密"}},
		{"plain break", "あいうえおかきくけこ", 5, []string{"あいうえお", "かきくけこ"}},
		// 。 would start line 2: it hangs in the margin instead.
		{"full stop hangs", "あいうえお。かきく", 5, []string{"あいうえお。", "かきく"}},
		// 」 may not start a line: お moves down with it.
		{"closing bracket pulls down", "あいう「えお」かき", 6, []string{"あいう「え", "お」かき"}},
		// 「 may not end a line: it moves down.
		{"opening bracket pushed down", "あいうえ「おか」", 5, []string{"あいうえ", "「おか」"}},
		// ッ (small kana) may not start a line.
		{"small kana", "アイウエオッカ", 5, []string{"アイウエ", "オッカ"}},
		{"latin words stay whole", "see Article 28 now", 10, []string{"see", "Article 28", "now"}},
		{"mixed", "電気通信事業法第28条に基づく報告", 8, []string{"電気通信事業法第", "28条に基づく報", "告"}},
		{"newline kept", "一行目\n二行目", 10, []string{"一行目", "二行目"}},
		{"long word cut", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"all forbidden", "」」」」」」", 2, []string{"」」", "」」", "」」"}},
		{"empty", "", 5, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pdfdoc.BreakLines(tt.text, tt.width, fixed)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("BreakLines(%q, %v) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
		})
	}
}

func TestRenderExtractsJapanese(t *testing.T) {
	long := strings.Repeat("電気通信事業者は、通信の秘密の漏えいを知ったときは、遅滞なく総務大臣に報告しなければならない（電気通信事業法第28条）。", 40)
	doc := pdfdoc.Document{
		Title:  "報告書",
		Footer: "himitsu 草案",
		Blocks: []pdfdoc.Block{
			pdfdoc.Heading{Level: 1, Text: "通信の秘密の漏えいに関する報告"},
			pdfdoc.Paragraph{Text: "電気通信事業法第28条第1項に基づき、次のとおり報告します。"},
			pdfdoc.Table{Header: []string{"項目", "内容"}, Widths: []float64{1, 3}, Rows: [][]string{
				{"法人名", "株式会社ひみつテレコム"},
				{"経緯", long},
			}},
			pdfdoc.Paragraph{Text: long},
		},
	}
	pdf, err := pdfdoc.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("output does not start with %%PDF-: %q", pdf[:min(len(pdf), 16)])
	}
	got, err := pdftext.Extract("report.pdf", pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Pages) < 3 {
		t.Errorf("got %d pages, want the long text to run over at least 3", len(got.Pages))
	}
	flat := strings.ReplaceAll(got.Text(), "\n", "")
	for _, want := range []string{"電気通信事業法第28条第1項に基づき", "株式会社ひみつテレコム", "通信の秘密の漏えいに関する報告", "1 / ", "himitsu 草案"} {
		if !strings.Contains(flat, want) {
			t.Errorf("extracted text lacks %q", want)
		}
	}
	// Every character of the long paragraph is there, in order.
	if n := strings.Count(flat, "（電気通信事業法第28条）。"); n < 80 {
		t.Errorf("found the sentence end %d times, want 80 (40 in the table, 40 in the paragraph)", n)
	}
	// No extracted line starts with a character kinsoku forbids there.
	for _, p := range got.Pages {
		for _, ln := range strings.Split(p, "\n") {
			if r, _ := utf8.DecodeRuneInString(ln); strings.ContainsRune("、。）」", r) {
				t.Errorf("line starts with %q: %q", r, ln)
			}
		}
	}
}

func TestCleanReplacesWhatTheFontLacks(t *testing.T) {
	got := pdfdoc.Clean("a\tb\x00c\r\nd\xffe😀")
	want := "a b c\nd?e?"
	if got != want {
		t.Errorf("Clean = %q, want %q", got, want)
	}
}

func FuzzBreakLines(f *testing.F) {
	for _, s := range []string{"あいう「えお」かき", "see Article 28", "」」」", "a b  c", "\n\n", "（（（（"} {
		f.Add(s, 3.0)
	}
	f.Fuzz(func(t *testing.T, s string, width float64) {
		if !utf8.ValidString(s) || width > 1e6 || width != width {
			return
		}
		lines := pdfdoc.BreakLines(s, width, fixed)
		strip := func(x string) string { return strings.NewReplacer(" ", "", "\n", "").Replace(x) }
		if strip(strings.Join(lines, "")) != strip(s) {
			t.Fatalf("characters lost or added: %q → %q", s, lines)
		}
	})
}

func FuzzRender(f *testing.F) {
	f.Add("電気通信事業法第28条", "（報告）")
	f.Add("\x00\xff\t", "😀")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a)+len(b) > 4000 {
			return
		}
		_, err := pdfdoc.Render(pdfdoc.Document{Title: a, Footer: b, Blocks: []pdfdoc.Block{
			pdfdoc.Heading{Level: 2, Text: a},
			pdfdoc.Paragraph{Text: b},
			pdfdoc.Table{Header: []string{a}, Rows: [][]string{{b, a}, {}}},
		}})
		if err != nil {
			t.Fatal(err)
		}
	})
}
