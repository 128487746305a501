package safetext

import "testing"

func TestBidiAndReport(t *testing.T) {
	cases := []struct {
		name, in, bidi, report string
	}{
		{"plain", "株式会社みなと通信", "株式会社みなと通信", "株式会社みなと通信"},
		{"override", "a\u202Eb", "a⟨U+202E⟩b", "a⟨U+202E⟩b"},
		{"isolate and mark", "\u2067x\u2069\u200F", "⟨U+2067⟩x⟨U+2069⟩⟨U+200F⟩", "⟨U+2067⟩x⟨U+2069⟩⟨U+200F⟩"},
		{"escape", "a\x1b[31mb", "a\x1b[31mb", "a⟨U+001B⟩[31mb"},
		{"line breaks stay", "a\nb\tc\r\n", "a\nb\tc\r\n", "a\nb\tc\r\n"},
		{"C1", "a\u009bb", "a\u009bb", "a⟨U+009B⟩b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Bidi(c.in); got != c.bidi {
				t.Errorf("Bidi: got %q, want %q", got, c.bidi)
			}
			if got := Report(c.in); got != c.report {
				t.Errorf("Report: got %q, want %q", got, c.report)
			}
		})
	}
}

func TestEchoAndQuote(t *testing.T) {
	cases := []struct {
		name, in, echo, quote string
	}{
		{"plain", "colour", "colour", `"colour"`},
		{"escape sequence", "col\x1b]0;pwned\x07", `col\x1b]0;pwned\x07`, `"col\x1b]0;pwned\x07"`},
		{"newline", "a\nb", `a\nb`, `"a\nb"`},
		{"override", "a\u202Eb", `a\u202eb`, `"a\u202eb"`},
		{"invalid UTF-8", "a\xffb", `a\xffb`, `"a\xffb"`},
		{"quote and backslash", `a"b\c`, `a"b\c`, `"a\"b\\c"`},
		{"japanese", "項目", "項目", `"項目"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Echo(c.in); got != c.echo {
				t.Errorf("Echo: got %q, want %q", got, c.echo)
			}
			if got := Quote(c.in); got != c.quote {
				t.Errorf("Quote: got %q, want %q", got, c.quote)
			}
		})
	}
}

func TestStrings(t *testing.T) {
	type inner struct{ A string }
	type outer struct {
		Name  string
		List  []inner
		Ptr   *inner
		count int
	}
	v := &outer{Name: "x\u202E", List: []inner{{"\u2066"}}, Ptr: &inner{"ok"}, count: 1}
	Strings(v)
	if v.Name != "x⟨U+202E⟩" || v.List[0].A != "⟨U+2066⟩" || v.Ptr.A != "ok" {
		t.Errorf("got %+v %+v, want every string neutralised", v, v.Ptr)
	}
}
