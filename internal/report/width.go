package report

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// wideRanges are the East Asian Wide and Fullwidth blocks that matter for
// the report's text: CJK, kana, Hangul, fullwidth forms and common emoji.
// East Asian Ambiguous characters count as narrow, as most terminals
// outside a CJK locale show them.
var wideRanges = [...][2]rune{
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
	{0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
	{0xA000, 0xA4CF}, {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
	{0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6},
	{0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
}

// runeWidth is the number of terminal columns r occupies.
func runeWidth(r rune) int {
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

// displayWidth is the number of terminal columns s occupies.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// padRight pads s with spaces to width columns.
func padRight(s string, width int) string {
	if d := width - displayWidth(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// padLeft right-aligns s in width columns.
func padLeft(s string, width int) string {
	if d := width - displayWidth(s); d > 0 {
		return strings.Repeat(" ", d) + s
	}
	return s
}

// Kinsoku shori: characters that must not begin a line (closing brackets,
// punctuation, small kana, the prolonged sound mark) and characters that
// must not end one (opening brackets).
const (
	noLineStart = "、。，．・：；？！゛゜ヽヾゝゞ々ー‐–—〜～…‥）〕］｝〉》」』】〙〗〟’”ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ,.:;!?)]}%"
	noLineEnd   = "（〔［｛〈《「『【〘〖〝‘“([{"
)

// nbsp is a space that never breaks: the wrapper keeps its neighbours on
// one line and prints it as a plain space.
const nbsp = '\u00a0'

// wordJoiner forbids a break where it stands and prints as nothing.
const wordJoiner = '\u2060'

// glueReplacer turns the two glue characters into what a terminal shows.
var glueReplacer = strings.NewReplacer(string(nbsp), " ", string(wordJoiner), "")

// isWide reports whether r is a character after or before which a line may
// break without a space (CJK scripts).
func isWide(r rune) bool { return runeWidth(r) == 2 }

// unit is a piece of text that is never broken, and whether a space
// separated it from the previous unit.
type unit struct {
	text  string
	space bool
}

// units splits s into breakable pieces: each wide character alone, each
// run of narrow non-space characters as a word. Kinsoku characters are
// glued to their neighbour so that no line starts or ends with them.
func units(s string) []unit {
	var out []unit
	space := false
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			out = append(out, unit{word.String(), space})
			word.Reset()
			space = false
		}
	}
	for _, r := range s {
		switch {
		case r == nbsp || r == wordJoiner:
			word.WriteRune(r)
		case unicode.IsSpace(r):
			flush()
			if len(out) > 0 {
				space = true
			}
		case isWide(r):
			flush()
			out = append(out, unit{string(r), space})
			space = false
		default:
			word.WriteRune(r)
		}
	}
	flush()
	// Glue: a unit starting with a no-line-start character joins the unit
	// before it, and a unit ending with a no-line-end character joins the
	// unit after it, when no space separates them.
	glued := out[:0:0]
	for _, u := range out {
		if len(glued) > 0 && !u.space {
			prev := &glued[len(glued)-1]
			first, _ := utf8.DecodeRuneInString(u.text)
			last, _ := utf8.DecodeLastRuneInString(prev.text)
			if strings.ContainsRune(noLineStart, first) || strings.ContainsRune(noLineEnd, last) ||
				first == nbsp || last == nbsp || first == wordJoiner || last == wordJoiner {
				prev.text += u.text
				continue
			}
		}
		glued = append(glued, u)
	}
	return glued
}

// wrap breaks s into lines of at most width columns. The first line starts
// with first, the others with rest (a hanging indent); both count towards
// the width. A unit wider than the room left is split by character.
func wrap(s string, width int, first, rest string) []string {
	// Most texts fit: skip the line breaking when there is nothing to break.
	if !strings.ContainsAny(s, "\n\t\u00a0\u2060") && !strings.HasPrefix(s, " ") && !strings.HasSuffix(s, " ") &&
		!strings.Contains(s, "  ") && displayWidth(first)+displayWidth(s) <= width {
		return []string{strings.TrimRight(first+s, " ")}
	}
	var lines []string
	var line strings.Builder
	prefix := first
	line.WriteString(prefix)
	col := displayWidth(prefix)
	empty := true
	newLine := func() {
		lines = append(lines, strings.TrimRight(line.String(), " "))
		line.Reset()
		prefix = rest
		line.WriteString(prefix)
		col = displayWidth(prefix)
		empty = true
	}
	for _, u := range units(s) {
		u.text = glueReplacer.Replace(u.text)
		w := displayWidth(u.text)
		sep := 0
		if u.space && !empty {
			sep = 1
		}
		if !empty && col+sep+w > width {
			newLine()
			sep = 0
		}
		if sep == 1 {
			line.WriteByte(' ')
			col++
		}
		if col+w <= width {
			line.WriteString(u.text)
			col += w
			empty = false
			continue
		}
		// Too long for any line: split it by character.
		for _, r := range u.text {
			rw := runeWidth(r)
			if !empty && col+rw > width {
				newLine()
			}
			line.WriteRune(r)
			col += rw
			empty = false
		}
	}
	if !empty || len(lines) == 0 {
		lines = append(lines, strings.TrimRight(line.String(), " "))
	}
	return lines
}
