package report

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/himitsu-oss/himitsu/internal/textwidth"
)

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
func isWide(r rune) bool { return textwidth.RuneWidth(r) == 2 }

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
		!strings.Contains(s, "  ") && textwidth.Width(first)+textwidth.Width(s) <= width {
		return []string{strings.TrimRight(first+s, " ")}
	}
	var lines []string
	var line strings.Builder
	prefix := first
	line.WriteString(prefix)
	col := textwidth.Width(prefix)
	empty := true
	newLine := func() {
		lines = append(lines, strings.TrimRight(line.String(), " "))
		line.Reset()
		prefix = rest
		line.WriteString(prefix)
		col = textwidth.Width(prefix)
		empty = true
	}
	for _, u := range units(s) {
		u.text = glueReplacer.Replace(u.text)
		w := textwidth.Width(u.text)
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
			rw := textwidth.RuneWidth(r)
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
