package textwidth

import "testing"

func TestRuneWidth(t *testing.T) {
	tests := []struct {
		name string
		r    rune
		want int
	}{
		{"ascii letter", 'a', 1},
		{"nul", 0, 0},
		{"newline", '\n', 0},
		{"delete", 0x7F, 0},
		{"combining acute", '\u0301', 0},
		{"zero-width space", '\u200B', 0},
		{"variation selector", '\uFE0F', 0},
		{"latin-1", 'é', 1},
		{"hiragana", 'あ', 2},
		{"kanji", '秘', 2},
		{"ideographic full stop", '。', 2},
		{"hangul syllable", '한', 2},
		{"hangul jamo extended-a", '\uA960', 2},
		{"fullwidth latin", 'Ａ', 2},
		{"halfwidth katakana", 'ｱ', 1},
		{"fullwidth yen", '￥', 2},
		{"vertical comma", '\uFE10', 2},
		{"small form variant", '\uFE50', 2},
		{"watch emoji", '\u231A', 2},
		{"emoji", '😀', 2},
		{"cjk extension b", '\U00020000', 2},
		{"ambiguous circle", '○', 1},
		{"en dash", '–', 1},
		{"between ranges", '\u2400', 1},
		{"variation selector supplement", '\U000E0100', 0},
		{"above all ranges", '\U000F0000', 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RuneWidth(tt.r); got != tt.want {
				t.Errorf("RuneWidth(%U): got %d, want %d", tt.r, got, tt.want)
			}
		})
	}
}

func TestWidth(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want int
	}{
		{"ascii", "abc", 3},
		{"empty", "", 0},
		{"japanese", "通信の秘密", 10},
		{"halfwidth katakana are narrow", "ｱｲｳ", 3},
		{"fullwidth latin is wide", "ＡＢ", 4},
		{"combining acute", "e\u0301", 1},
		{"catalog id", "5(3)(iv)iii", 11},
		{"mixed", "令和8年", 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Width(tt.s); got != tt.want {
				t.Errorf("Width(%q): got %d, want %d", tt.s, got, tt.want)
			}
		})
	}
}

func TestPad(t *testing.T) {
	tests := []struct {
		name        string
		s           string
		w           int
		right, left string
	}{
		{"ascii", "ab", 4, "ab  ", "  ab"},
		{"wide", "秘密", 6, "秘密  ", "  秘密"},
		{"exact", "秘密", 4, "秘密", "秘密"},
		{"too wide", "秘密", 3, "秘密", "秘密"},
		{"empty", "", 2, "  ", "  "},
		{"negative width", "a", -1, "a", "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PadRight(tt.s, tt.w); got != tt.right {
				t.Errorf("PadRight(%q, %d): got %q, want %q", tt.s, tt.w, got, tt.right)
			}
			if got := PadLeft(tt.s, tt.w); got != tt.left {
				t.Errorf("PadLeft(%q, %d): got %q, want %q", tt.s, tt.w, got, tt.left)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		name string
		s    string
		w    int
		want string
	}{
		{"fits", "abcdef", 6, "abcdef"},
		{"cut", "abcdefgh", 6, "abc..."},
		{"wide fits", "通信の秘密", 10, "通信の秘密"},
		{"wide cut", "通信の秘密", 9, "通信の..."},
		// A wide character that would straddle the limit is left out whole.
		{"wide cut odd", "通信の秘密", 8, "通信..."},
		{"space before mark dropped", "ab  cdefgh", 7, "ab..."},
		{"room for mark only", "abcdef", 3, "..."},
		{"narrower than mark", "abcdef", 1, "..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Truncate(tt.s, tt.w)
			if got != tt.want {
				t.Errorf("Truncate(%q, %d): got %q, want %q", tt.s, tt.w, got, tt.want)
			}
			if tt.w >= 3 && Width(got) > tt.w {
				t.Errorf("Truncate(%q, %d) = %q: got width %d, want at most %d", tt.s, tt.w, got, Width(got), tt.w)
			}
		})
	}
}
