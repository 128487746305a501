// Package safetext neutralises text that came from a carrier's files
// before a person reads it: in a terminal, a report or a spreadsheet.
// Record texts cannot hold control characters (the root package refuses
// them), but they can hold the invisible characters that reorder a line
// (bidirectional controls such as U+202E RIGHT-TO-LEFT OVERRIDE), so that
// "txt.exe" can show as "exe.txt" and a finding can read as its opposite;
// and messages about bad input echo what the input held. Reports show
// such characters as a visible mark (⟨U+202E⟩) instead of obeying them.
package safetext

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// IsBidiControl reports whether r is one of the Unicode bidirectional
// formatting characters (UAX #9): the embeddings, overrides and isolates
// U+202A–U+202E and U+2066–U+2069, and the marks U+200E, U+200F and
// U+061C. The marks are harmless alone, but together with the others they
// build the same deceptions, and no register text needs them.
func IsBidiControl(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}

// isControl reports whether r is a C0 or C1 control character or DEL.
func isControl(r rune) bool { return r < 0x20 || r >= 0x7f && r <= 0x9f }

// visible is the mark a neutralised character is shown as.
func visible(r rune) string { return fmt.Sprintf("⟨U+%04X⟩", r) }

// Bidi returns s with every bidirectional control shown as a visible mark
// (⟨U+202E⟩), so that it cannot reorder what follows it. It returns s
// itself, without allocating, when there is nothing to change.
func Bidi(s string) string {
	if !hasAny(s, false) {
		return s
	}
	return replace(s, false)
}

// Report is Bidi for text shown in a report: besides bidirectional
// controls, the control characters other than tab and line breaks (which
// a record can no longer hold, but an old database might) become visible
// marks, and invalid UTF-8 becomes U+FFFD.
func Report(s string) string {
	if !hasAny(s, true) {
		return s
	}
	return replace(s, true)
}

func hasAny(s string, controls bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if controls && isControl(rune(c)) && c != '\t' && c != '\n' && c != '\r' {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if IsBidiControl(r) || r == utf8.RuneError && n == 1 || controls && isControl(r) {
			return true
		}
		i += n
	}
	return false
}

func replace(s string, controls bool) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		switch {
		case IsBidiControl(r):
			b.WriteString(visible(r))
		case controls && isControl(r) && r != '\t' && r != '\n' && r != '\r':
			b.WriteString(visible(r))
		default:
			b.WriteRune(r) // invalid UTF-8 was decoded as U+FFFD
		}
	}
	return b.String()
}

// Echo returns s for a message that repeats a piece of bad input: control
// characters and bidirectional controls as Go escapes (\x1b, \u202e), and
// invalid bytes as \xff, so that an unknown column name or key cannot
// move the cursor, recolour or reorder the terminal it is printed on. It
// adds no quotes; see Quote.
func Echo(s string) string {
	if !needsEcho(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f:
			switch r {
			case '\n':
				b.WriteString(`\n`)
			case '\t':
				b.WriteString(`\t`)
			case '\r':
				b.WriteString(`\r`)
			default:
				fmt.Fprintf(&b, `\x%02x`, r)
			}
		case r >= 0x80 && r <= 0x9f, IsBidiControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsEcho(s string) bool {
	for _, r := range s {
		if r < 0x20 || r >= 0x7f && r <= 0x9f || IsBidiControl(r) || r == utf8.RuneError {
			return true
		}
	}
	return false
}

// Quote is Echo in double quotes, with a double quote and a backslash in s
// escaped, for English messages; Japanese messages put Echo in 「」.
func Quote(s string) string {
	return `"` + Echo(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)) + `"`
}

// Strings applies Report to every string reachable from ptr (a pointer to
// a struct) through exported struct fields, slices, arrays and pointers,
// in place. A report's view is built from records first and neutralised
// once here, so no renderer can forget a field.
func Strings(ptr any) {
	walk(reflect.ValueOf(ptr))
}

func walk(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walk(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() || f.Kind() == reflect.Slice || f.Kind() == reflect.Pointer {
				if v.Type().Field(i).IsExported() {
					walk(f)
				}
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walk(v.Index(i))
		}
	case reflect.String:
		if v.CanSet() {
			if s := Report(v.String()); s != v.String() {
				v.SetString(s)
			}
		}
	}
}
