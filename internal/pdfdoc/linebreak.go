package pdfdoc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Japanese line breaking (禁則処理). Japanese text has no spaces between
// words, so a line may break between almost any two characters; what it
// may not do is start a line with closing punctuation, small kana or a
// prolonged sound mark, nor end one with opening brackets (JIS X 4051
// gives the classes; we use the common subset that Japanese word
// processors apply by default). Latin words and numbers stay whole.
//
// Where the rules cannot be met without leaving a line empty, the text
// wins over the rule: no character is ever dropped.

// noStart are the characters that may not begin a line (行頭禁則).
const noStart = "、。，．,.・：；？！:;?!)]}）〕］｝〉》」』】〙〗〟’”｠»" +
	"ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～" +
	"ヽヾ%％‰℃"

// noEnd are the characters that may not end a line (行末禁則).
const noEnd = "([{（〔［｛〈《「『【〘〖〝‘“｟«"

// hangable punctuation may hang past the right margin (ぶら下げ) rather
// than pull a character down to the next line.
const hangable = "、。，．,."

func isNoStart(r rune) bool { return strings.ContainsRune(noStart, r) }
func isNoEnd(r rune) bool   { return strings.ContainsRune(noEnd, r) }
func isHangable(r rune) bool {
	return strings.ContainsRune(hangable, r)
}

// unit is the smallest piece the breaker moves: one CJK character, one
// Latin word (with any trailing punctuation attached by the rules), or a
// run of spaces, which is where Latin text may break.
type unit struct {
	text  string
	width float64
	space bool
}

// wordRune reports whether r belongs in a Latin word that must not be
// split: letters and digits outside the CJK blocks, and the joiners that
// appear inside words and numbers.
func wordRune(r rune) bool {
	if r < 0x80 {
		return r > ' ' && r != 0x7f
	}
	if isCJK(r) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isCJK reports whether r is written without spaces between words, so a
// line may break before or after it.
func isCJK(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x11FF, // Hangul Jamo
		r >= 0x2E80 && r <= 0x9FFF, // radicals, punctuation, kana, CJK
		r >= 0xA960 && r <= 0xA97F,
		r >= 0xAC00 && r <= 0xD7FF, // Hangul
		r >= 0xF900 && r <= 0xFAFF, // compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFFEF, // full- and half-width forms
		r >= 0x20000 && r <= 0x3FFFF:
		return true
	}
	return false
}

// split cuts one line of text (no newlines) into units.
func split(s string, width func(string) float64) []unit {
	var us []unit
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		switch {
		case r == ' ':
			for j < len(s) && s[j] == ' ' {
				j++
			}
			us = append(us, unit{text: s[i:j], space: true})
		case wordRune(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !wordRune(r2) {
					break
				}
				j += n2
			}
			us = append(us, unit{text: s[i:j]})
		default:
			us = append(us, unit{text: s[i:j]})
		}
		i = j
	}
	for k := range us {
		us[k].width = width(us[k].text)
	}
	return us
}

// BreakLines breaks text into lines no wider than maxWidth, measured
// with width, following the kinsoku rules above. Newlines in text are
// kept as line breaks; spaces at a break are dropped. A word wider than
// the line is cut between characters. maxWidth ≤ 0 gives one line per
// paragraph.
func BreakLines(text string, maxWidth float64, width func(string) float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, breakParagraph(para, maxWidth, width)...)
	}
	return out
}

func breakParagraph(para string, maxWidth float64, width func(string) float64) []string {
	if para == "" {
		return []string{""}
	}
	if maxWidth <= 0 {
		return []string{para}
	}
	units := split(para, width)
	// Cut words wider than a line into characters, so they can wrap.
	var us []unit
	for _, u := range units {
		if !u.space && u.width > maxWidth && utf8.RuneCountInString(u.text) > 1 {
			for _, r := range u.text {
				c := string(r)
				us = append(us, unit{text: c, width: width(c)})
			}
			continue
		}
		us = append(us, u)
	}

	var lines []string
	var cur []unit
	curW := 0.0
	flush := func() {
		for len(cur) > 0 && cur[len(cur)-1].space {
			cur = cur[:len(cur)-1]
		}
		var b strings.Builder
		for _, u := range cur {
			b.WriteString(u.text)
		}
		lines = append(lines, b.String())
		cur, curW = nil, 0
	}
	for _, u := range us {
		if u.space && len(cur) == 0 && len(lines) > 0 {
			continue // a space at a break disappears
		}
		if len(cur) == 0 || curW+u.width <= maxWidth || u.space {
			cur = append(cur, u)
			curW += u.width
			continue
		}
		first, _ := utf8.DecodeRuneInString(u.text)
		if isHangable(first) && utf8.RuneCountInString(u.text) == 1 {
			cur = append(cur, u) // ぶら下げ: the comma hangs in the margin
			flush()
			continue
		}
		// u opens the next line. Pull characters down from this line
		// while the next line would start with a forbidden character or
		// this one would end with one (追い出し), keeping at least one
		// unit here.
		carry := []unit{u}
		if head, _ := utf8.DecodeRuneInString(u.text); isNoStart(head) {
			// Move down the shortest tail of this line that starts with
			// a character allowed at the start of a line, if there is one.
			for k := len(cur) - 1; k >= 1 && !cur[k].space; k-- {
				if r, _ := utf8.DecodeRuneInString(cur[k].text); !isNoStart(r) {
					carry = append(append([]unit(nil), cur[k:]...), carry...)
					cur = cur[:k]
					break
				}
			}
		}
		// A line that would end with an opening bracket after the pull
		// gives it away too, if anything is left.
		for len(cur) > 1 {
			tail, _ := utf8.DecodeLastRuneInString(cur[len(cur)-1].text)
			if !isNoEnd(tail) {
				break
			}
			carry = append([]unit{cur[len(cur)-1]}, carry...)
			cur = cur[:len(cur)-1]
		}
		flush()
		for _, c := range carry {
			cur = append(cur, c)
			curW += c.width
		}
		// A carried run wider than the line (a long run of forbidden
		// characters) is broken where it must be.
		for curW > maxWidth && len(cur) > 1 {
			var keep []unit
			w := 0.0
			i := 0
			for ; i < len(cur); i++ {
				if i > 0 && w+cur[i].width > maxWidth {
					break
				}
				keep = append(keep, cur[i])
				w += cur[i].width
			}
			rest := append([]unit(nil), cur[i:]...)
			cur = keep
			flush()
			for _, c := range rest {
				cur = append(cur, c)
				curW += c.width
			}
		}
	}
	if len(cur) > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}
