package auth

import (
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

func TestHashVerify(t *testing.T) {
	h := Hash("正しい馬の電池のホチキス", TestParams())
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("got hash %q, want an argon2id PHC string with its parameters", h)
	}
	tests := []struct {
		name    string
		pw, enc string
		want    bool
	}{
		{"right password", "正しい馬の電池のホチキス", h, true},
		{"wrong password", "正しい馬の電池のホチキ", h, false},
		{"empty", "", h, false},
		{"malformed hash", "x", "$argon2id$v=19$bad", false},
		{"other algorithm", "x", "$2a$10$abcdefghijklmnopqrstuv", false},
		{"zero threads", "x", "$argon2id$v=19$m=1024,t=1,p=0$AAAA$AAAA", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Verify(tt.pw, tt.enc); got != tt.want {
				t.Errorf("Verify: got %v, want %v", got, tt.want)
			}
		})
	}
	if Hash("same", TestParams()) == Hash("same", TestParams()) {
		t.Error("two hashes of one password are equal; want fresh salts")
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		pw   string
		kind himitsu.Kind
	}{
		{"short", himitsu.KindInvalid},
		{"十二文字の日本語のパスワード", himitsu.KindOther},
		{"correct horse battery", himitsu.KindOther},
		{strings.Repeat("x", MaxPassword+1), himitsu.KindInvalid},
	}
	for _, tt := range tests {
		if got := himitsu.ErrorKind(CheckPassword(tt.pw)); got != tt.kind {
			t.Errorf("CheckPassword(%.20q): got %v, want %v", tt.pw, got, tt.kind)
		}
	}
}

func TestSecrets(t *testing.T) {
	a, b := NewSecret("hms_"), NewSecret("hms_")
	if a == b || !strings.HasPrefix(a, "hms_") || len(a) != 4+43 {
		t.Errorf("got secrets %q, %q; want distinct hms_ + 43 characters", a, b)
	}
	if h := HashSecret(a); len(h) != 64 || h == HashSecret(b) {
		t.Errorf("HashSecret: got %q", h)
	}
}
