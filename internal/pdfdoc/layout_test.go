package pdfdoc

import (
	"testing"
	"unicode/utf8"
)

// FuzzLayout lays arbitrary text out: no panic, every drawn string is
// valid UTF-8 the font can draw, and it stays on the page. Emitting the
// laid-out strings with gopdf is covered by TestRenderNastyText; it is
// left out here because parsing the embedded font for every input would
// make each run take a good part of a second.
func FuzzLayout(f *testing.F) {
	f.Add("電気通信事業法第28条", "（報告）", 1.0)
	f.Add("\x00\xff\t", "😀", -3.0)
	f.Fuzz(func(t *testing.T, a, b string, w float64) {
		if len(a)+len(b) > 4000 {
			return
		}
		m, err := loadMetrics()
		if err != nil {
			t.Fatal(err)
		}
		l := layoutDocument(Document{Blocks: []Block{
			Heading{Level: 2, Text: a},
			Paragraph{Text: b},
			Table{Header: []string{a}, Rows: [][]string{{b, a}, {}}, Widths: []float64{w, 1}},
			Space(w),
		}}, m)
		for _, page := range l.pages {
			for _, o := range page {
				if o.line || o.fill {
					continue
				}
				if !utf8.ValidString(o.text) {
					t.Fatalf("invalid UTF-8 drawn: %q", o.text)
				}
				for _, r := range o.text {
					if m.advance(r) < 0 {
						t.Fatalf("%q drawn, which the font lacks", r)
					}
				}
				if o.y < 0 || o.y > pageH {
					t.Fatalf("text at y=%v, off the page", o.y)
				}
			}
		}
	})
}
