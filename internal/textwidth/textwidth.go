// Package textwidth measures the terminal display width of text with East
// Asian wide characters, so that columns of Japanese and English text line
// up in a monospaced terminal.
package textwidth

import (
	"strings"
	"unicode"
)

// wideRanges are the East Asian Wide and Fullwidth blocks that matter for
// himitsu's text: CJK, kana, Hangul, fullwidth forms and common emoji.
// East Asian Ambiguous characters count as narrow, as most terminals
// outside a CJK locale show them. The ranges are sorted so that RuneWidth
// can stop at the first range above r.
var wideRanges = [...][2]rune{
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
	{0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
	{0xA000, 0xA4CF}, {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
	{0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6},
	{0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
}

// RuneWidth is the number of terminal columns r occupies: 0 for control
// characters, combining marks, the zero-width space and variation
// selectors, 2 for wide and fullwidth characters, else 1.
func RuneWidth(r rune) int {
	switch {
	case r == 0 || r < 0x20 || r == 0x7F:
		return 0
	case r < 0x1100:
		if unicode.Is(unicode.Mn, r) {
			return 0
		}
		return 1
	case unicode.Is(unicode.Mn, r) || r == 0x200B || (r >= 0xFE00 && r <= 0xFE0F):
		return 0
	}
	for _, w := range wideRanges {
		if r < w[0] {
			return 1
		}
		if r <= w[1] {
			return 2
		}
	}
	return 1
}

// Width is the number of terminal columns s occupies.
func Width(s string) int {
	n := 0
	for _, r := range s {
		n += RuneWidth(r)
	}
	return n
}

// PadRight left-aligns s in w columns, padding with spaces. A string
// already w columns or wider is returned unchanged.
func PadRight(s string, w int) string {
	if d := w - Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// PadLeft right-aligns s in w columns, padding with spaces. A string
// already w columns or wider is returned unchanged.
func PadLeft(s string, w int) string {
	if d := w - Width(s); d > 0 {
		return strings.Repeat(" ", d) + s
	}
	return s
}

// Truncate shortens s to fit w columns, marking the cut with "..." so that
// a reader sees the text goes on. The cut falls between characters, never
// inside a wide one, and spaces before the mark are dropped. A w below 3
// leaves room for the mark only, so the result is "..." and wider than w.
func Truncate(s string, w int) string {
	if Width(s) <= w {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		rw := RuneWidth(r)
		if n+rw > w-3 {
			break
		}
		b.WriteRune(r)
		n += rw
	}
	return strings.TrimRight(b.String(), " ") + "..."
}
