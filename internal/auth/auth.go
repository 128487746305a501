// Package auth holds the secrets of sign-in: argon2id password hashes,
// random session and token secrets, and the SHA-256 under which the store
// keeps them. It knows nothing of HTTP or SQL; internal/server uses it to
// sign users in and cmd/himitsu to create users.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/himitsu-oss/himitsu"
	"golang.org/x/crypto/argon2"
)

// Params are the argon2id costs. The defaults follow RFC 9106's second
// recommended option (64 MiB, 3 passes) scaled to one lane per core of a
// small server; a hash records its own parameters, so raising them later
// does not lock anyone out.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultParams cost about 60 ms on one core of the CI machine; tests use
// TestParams.
func DefaultParams() Params { return Params{Memory: 64 * 1024, Time: 3, Threads: 2} }

// TestParams are cheap parameters for tests only.
func TestParams() Params { return Params{Memory: 1024, Time: 1, Threads: 1} }

// MinPassword is the shortest password accepted, in characters; long
// passphrases (also in Japanese) are welcome, up to MaxPassword bytes.
const (
	MinPassword = 12
	MaxPassword = 1024
)

// CheckPassword gives a KindInvalid error on field "password" for a
// password too short or too long.
func CheckPassword(pw string) error {
	if n := utf8.RuneCountInString(pw); n < MinPassword {
		return himitsu.FieldErrorJA("password", "has %d characters; at least %d are needed", "%d文字しかない。%d文字以上が必要である", n, MinPassword)
	}
	if len(pw) > MaxPassword {
		return himitsu.FieldErrorJA("password", "is longer than %d bytes", "%dバイトを超えている", MaxPassword)
	}
	return nil
}

// Hash returns the PHC-style encoding of an argon2id hash of pw with a
// fresh salt: $argon2id$v=19$m=…,t=…,p=…$salt$hash.
func Hash(pw string, p Params) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	h := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	b := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b.EncodeToString(salt), b.EncodeToString(h))
}

// Verify reports whether pw matches the encoded hash, in constant time
// for a given hash. A malformed hash matches nothing.
func Verify(pw, encoded string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var v int
	var p Params
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil || p.Threads == 0 || p.Time == 0 {
		return false
	}
	b := base64.RawStdEncoding
	salt, err := b.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// NewSecret returns 32 random bytes as URL-safe text, with a prefix that
// tells what the secret is ("hms_" for a session, "hmt_" for an API
// token), so that a leaked one can be recognised by secret scanners.
func NewSecret(prefix string) string {
	b := make([]byte, 32)
	rand.Read(b)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret is what the store keeps of a session cookie or token: its
// SHA-256 in hex. A secret of 256 random bits needs no slow hash.
func HashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}
