package report

import (
	"bytes"
	"html"
	"strings"
	"testing"
)

// TestBidiControlsShownNotObeyed: a right-to-left override (U+202E) or an
// isolate in a carrier's name reaches every human-readable report as a
// visible mark, never as the character itself, which would reorder the
// rest of the line for the reader.
func TestBidiControlsShownNotObeyed(t *testing.T) {
	cat := loadCatalog(t)
	for _, format := range []string{"text", "markdown", "html"} {
		t.Run(format, func(t *testing.T) {
			a := sampleAssessment(t)
			a.Carrier.Name = "Evil\u202Etxt.exe\u2066x\u2069"
			a.Carrier.NameEN = a.Carrier.Name
			var buf bytes.Buffer
			if err := Render(&buf, a, cat, Options{Format: format, Lang: "en"}); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if format == "html" {
				out = html.UnescapeString(out) // html/template writes + as &#43;
			}
			for _, r := range []string{"\u202E", "\u2066", "\u2069"} {
				if strings.Contains(out, r) {
					t.Errorf("got the control %U in the %s report, want it shown as a mark", []rune(r)[0], format)
				}
			}
			if !strings.Contains(out, "⟨U+202E⟩") {
				t.Errorf("got no ⟨U+202E⟩ mark in the %s report", format)
			}
		})
	}
}
