package textnorm

import "testing"

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"half-width katakana with voiced marks", "ﾊﾟｽﾜｰﾄﾞ", "ぱすわーど"},
		{"full-width latin", "ＳＩＭ　再発行", "sim 再発行"},
		{"katakana to hiragana", "メール", "めーる"},
		{"spaces collapse", "a \t\n b", "a b"},
		{"english lower", "SIM Swap", "sim swap"},
		{"small ke kept", "ヶ月", "ヶ月"},
		{"circled digit", "①", "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := String(tt.in); got != tt.want {
				t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestOriginal(t *testing.T) {
	f := Fold("急にﾛｸﾞｲﾝ通知が")
	want := "ﾛｸﾞｲﾝ"
	i := len("急に")
	j := i + len("ろぐいん")
	if f.Text[i:j] != "ろぐいん" {
		t.Fatalf("folded = %q", f.Text)
	}
	if got := f.Original(i, j); got != want {
		t.Errorf("Original = %q, want %q", got, want)
	}
}

func TestIsJapanese(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{{"hello", false}, {"ﾛｸﾞｲﾝ", true}, {"SIM再発行", true}, {"", false}} {
		if got := IsJapanese(tt.in); got != tt.want {
			t.Errorf("IsJapanese(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"ﾊﾟｽﾜｰﾄﾞ", "ＳＩＭ", "\xff\xfe", "ﾞ", "aﾟ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fo := Fold(s)
		if len(fo.orig) != len(fo.Text)+1 {
			t.Fatalf("offsets %d for %d bytes", len(fo.orig), len(fo.Text))
		}
		_ = fo.Original(0, len(fo.Text))
	})
}
