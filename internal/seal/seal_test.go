package seal

import (
	"strings"
	"testing"
)

const (
	hexA = "3f1c9a0b7e2d4c5a6b8f90e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f"
	hexB = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f91"
)

func TestSealOpenRotate(t *testing.T) {
	old, err := Parse([]byte("k1 " + hexA + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := old.Seal("隣人が私の通話先を知っていた", "c1\x00complaints\x00cp-1")
	if err != nil {
		t.Fatal(err)
	}
	if !IsSealed(s) || KeyID(s) != "k1" || strings.Contains(s, "通話") {
		t.Fatalf("sealed value %q", s)
	}
	// After a rotation the new key seals and the old one still opens.
	rotated, err := Parse([]byte("# rotated 2026-12\nk2 " + hexB + "\n\nk1 " + hexA + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if rotated.Current() != "k2" {
		t.Fatalf("current %q, want k2", rotated.Current())
	}
	if got, err := rotated.Open(s, "c1\x00complaints\x00cp-1"); err != nil || got != "隣人が私の通話先を知っていた" {
		t.Fatalf("open after rotation: %q, %v", got, err)
	}
	s2, _ := rotated.Seal("x", "a")
	if KeyID(s2) != "k2" {
		t.Errorf("new seal under %q, want k2", KeyID(s2))
	}
	// Moved to another record, changed, or under a retired key: refused.
	if _, err := rotated.Open(s, "c1\x00complaints\x00cp-2"); err == nil {
		t.Error("a sealed value moved to another record opened")
	}
	bad := s[:len(s)-2] + "AA"
	if _, err := rotated.Open(bad, "c1\x00complaints\x00cp-1"); err == nil {
		t.Error("a changed sealed value opened")
	}
	onlyNew, _ := Parse([]byte("k2 " + hexB))
	if _, err := onlyNew.Open(s, "c1\x00complaints\x00cp-1"); err == nil || !strings.Contains(err.Error(), `"k1"`) {
		t.Errorf("open under a missing key: %v, want it to name k1", err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "holds no key"},
		{"# only a comment\n", "holds no key"},
		{"k1", ":1: a key line"},
		{"K1 " + hexA, "key identifier"},
		{"k1 abcd", "64 hexadecimal digits"},
		{"k1 " + hexA + "\nk1 " + hexB, ":2: key identifier \"k1\" appears twice"},
		{"k1 " + hexA + "\nk2 " + strings.ToUpper(hexA), "same key"},
	} {
		_, err := Parse([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q): %v, want %q", c.in, err, c.want)
		}
	}
	if k, err := ParseEnv("k2 " + hexB + ",k1 " + hexA); err != nil || len(k.IDs()) != 2 {
		t.Errorf("ParseEnv: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("k1 " + hexA + "\nk2 " + hexB))
	f.Add([]byte("# x\n\nk1 zz"))
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := Parse(b)
		if err != nil {
			return
		}
		s, err := k.Seal("text", "aad")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := k.Open(s, "aad"); err != nil || got != "text" {
			t.Fatalf("round trip: %q %v", got, err)
		}
	})
}
