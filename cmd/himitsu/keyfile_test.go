package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

const testKeyHex = "5f0e6b2a9c31d84477a2c0de19f3b6e8"

// TestPseudonymKeyFile reproduces issue 11's key defects: a trailing space
// made a different key, and a key of 16 NUL bytes and a key file others
// can read were accepted.
func TestPseudonymKeyFile(t *testing.T) {
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
		wantErr string // "" when accepted
	}{
		{"hex with a newline", testKeyHex + "\n", 0o600, ""},
		{"hex with CRLF and spaces around", "  " + testKeyHex + " \r\n", 0o600, ""},
		{"upper-case hex", strings.ToUpper(testKeyHex), 0o400, ""},
		{"readable by the group", testKeyHex, 0o640, "chmod 600"},
		{"readable by everyone", testKeyHex, 0o644, "chmod 600"},
		{"16 NUL bytes", strings.Repeat("00", 16), 0o600, "does not look random"},
		{"all-same bytes", strings.Repeat("ab", 32), 0o600, "does not look random"},
		{"counting sequence", "000102030405060708090a0b0c0d0e0f", 0o600, "does not look random"},
		{"short pattern repeated", strings.Repeat("0102", 8), 0o600, "does not look random"},
		{"raw text, not hex", "a carrier secret of some length", 0o600, "hexadecimal digits only"},
		{"space inside the digits", testKeyHex[:16] + " " + testKeyHex[16:], 0o600, "hexadecimal digits only"},
		{"odd number of digits", testKeyHex + "a", 0o600, "odd number"},
		{"15 bytes", testKeyHex[:30], 0o600, "use 16 to 64"},
		{"65 bytes", strings.Repeat(testKeyHex, 4) + "ab", 0o600, "use 16 to 64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "key")
			if err := os.WriteFile(p, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(p, tt.mode); err != nil {
				t.Fatal(err)
			}
			key, err := loadPseudonymKey(p)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("got %v, want the key accepted", err)
				}
				if got := keyFingerprint(key); got != keyFingerprint(mustHex(t, testKeyHex)) {
					t.Errorf("got fingerprint %s, want that of %s: whitespace or case changed the key", got, testKeyHex)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("got %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	k, err := parsePseudonymKey([]byte(s), func(msg, _ string, _ error) error { return himitsu.Errorf(himitsu.KindInvalid, "%s", msg) })
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestAnotherKeyRefused: importing the same carrier with another key is
// refused on every engine, and the database keeps only the fingerprint.
func TestAnotherKeyRefused(t *testing.T) {
	dir := exampleDir(t)
	for name, newDB := range databases(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			keys := t.TempDir()
			write := func(name, hexKey string) string {
				p := filepath.Join(keys, name)
				if err := os.WriteFile(p, []byte(hexKey+"\n"), 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			first := write("first", testKeyHex)
			same := write("same", " "+testKeyHex+"  \n")
			other := write("other", "c4a1e09d7b3f2856e1d0a9bc4f7e3261")
			must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, "--pseudonym-key", first, dir))
			must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, "--pseudonym-key", same, dir))
			r := himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, "--pseudonym-key", other, dir)
			if r.code != exitFail || !strings.Contains(r.stderr, "another pseudonym key") {
				t.Errorf("another key: got exit %d and stderr:\n%s\nwant exit 1 naming another pseudonym key", r.code, r.stderr)
			}
			r = himitsuCmd(t, map[string]string{"HIMITSU_LANG": "ja"}, "import", "--purpose", "test", "--db", db, "--pseudonym-key", other, dir)
			if !strings.Contains(r.stderr, "別の仮名化鍵") {
				t.Errorf("another key in Japanese: got stderr:\n%s", r.stderr)
			}
			if n := len(storeChangeLog(t, db)); n != 2 {
				t.Errorf("got %d change-log entries, want 2 (the refused import changed nothing)", n)
			}
		})
	}
}
