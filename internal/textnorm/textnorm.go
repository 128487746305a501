// Package textnorm folds Japanese and English text into one comparable
// form for pattern matching, and keeps a map back to the original so that
// a match can be quoted as the person wrote it.
//
// The fold is: Unicode NFKC (full-width Latin and digits become ASCII,
// half-width katakana become full-width, with their voiced marks joined),
// lower case, katakana folded to hiragana (so メール, ﾒｰﾙ and めーる are the
// same word), and every run of white space (including the ideographic
// space) becomes one ASCII space.
package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Folded is a folded text with, for every byte of Text, the byte offset in
// the original text of the rune it came from.
type Folded struct {
	Text   string
	orig   []int // len(Text)+1 entries; orig[len(Text)] == len(original)
	source string
}

// Fold returns the folded form of s.
func Fold(s string) Folded {
	var b strings.Builder
	b.Grow(len(s))
	orig := make([]int, 0, len(s)+1)
	space := false
	for i := 0; i < len(s); {
		_, n := utf8.DecodeRuneInString(s[i:])
		chunk := s[i : i+n]
		// A half-width kana followed by a half-width voiced or
		// semi-voiced mark composes into one full-width kana only when
		// both are normalised together.
		if n2 := i + n; n2 < len(s) {
			if r2, m := utf8.DecodeRuneInString(s[n2:]); r2 == '\uFF9E' || r2 == '\uFF9F' {
				chunk = s[i : n2+m]
				n += m
			}
		}
		out := norm.NFKC.String(chunk)
		for _, c := range out {
			c = unicode.ToLower(c)
			if c >= 'ァ' && c <= 'ヶ' && c != 'ヵ' && c != 'ヶ' {
				c -= 'ァ' - 'ぁ'
			}
			if unicode.IsSpace(c) {
				if space {
					continue
				}
				space = true
				c = ' '
			} else {
				space = false
			}
			start := b.Len()
			b.WriteRune(c)
			for k := start; k < b.Len(); k++ {
				orig = append(orig, i)
			}
		}
		i += n
	}
	orig = append(orig, len(s))
	return Folded{Text: b.String(), orig: orig, source: s}
}

// Original returns the part of the original text that the folded bytes
// [start, end) came from.
func (f Folded) Original(start, end int) string {
	if start < 0 || end > len(f.Text) || start >= end {
		return ""
	}
	a := f.orig[start]
	// The end is the start of the rune after the last folded byte, so
	// that a whole original rune is quoted.
	z := f.orig[end]
	if z <= a {
		_, n := utf8.DecodeRuneInString(f.source[a:])
		z = a + n
	}
	return f.source[a:z]
}

// OriginalOffset returns the byte offset in the original text of the rune
// that folded byte i came from.
func (f Folded) OriginalOffset(i int) int {
	if i < 0 {
		return 0
	}
	if i >= len(f.orig) {
		return len(f.source)
	}
	return f.orig[i]
}

// String folds s without keeping the offsets; rule patterns are folded
// with it so that they match the folded text however they were typed.
func String(s string) string { return Fold(s).Text }

// IsJapanese reports whether s contains kana or kanji: the language of a
// complaint or passage whose language was not given.
func IsJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}
