// Package seal encrypts free text at rest: what a person wrote to the
// complaint desk is kept in the database only as AES-256-GCM ciphertext,
// under a key kept outside the database (a key file named by
// configuration). A keyring holds the current key, which seals every new
// or changed text, and older keys, which still open texts sealed before a
// rotation; re-sealing under the current key lets an old key be retired.
//
// A sealed value is text, so that it fits the same column on SQLite and
// PostgreSQL:
//
//	hxt1:<key id>:<base64url of nonce (12 bytes) || ciphertext || tag>
//
// The additional data binds a sealed value to its place (the caller passes
// carrier, register and record ID), so a value copied into another row does
// not open.
package seal

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/himitsu-oss/himitsu"
)

// Prefix starts every sealed value. Plain text that starts with it is
// refused by the store when no keyring is configured, so that a stored
// value is never ambiguous.
const Prefix = "hxt1:"

const (
	keyBytes   = 32 // AES-256
	nonceBytes = 12
	maxKeyID   = 32
	// maxFile bounds the key file read: a keyring is a few lines.
	maxFile = 64 << 10
)

// Keyring is the set of text keys: Current seals, all open.
type Keyring struct {
	current string
	aeads   map[string]cipher.AEAD
	order   []string
}

// Current returns the identifier of the key that seals new texts.
func (k *Keyring) Current() string { return k.current }

// IDs returns the key identifiers, current first.
func (k *Keyring) IDs() []string { return append([]string(nil), k.order...) }

// IsSealed reports whether v has the form of a sealed value.
func IsSealed(v string) bool { return strings.HasPrefix(v, Prefix) }

// KeyID returns the identifier of the key that sealed v, or "" when v is
// not sealed.
func KeyID(v string) string {
	if !IsSealed(v) {
		return ""
	}
	rest := v[len(Prefix):]
	if i := strings.IndexByte(rest, ':'); i > 0 {
		return rest[:i]
	}
	return ""
}

// Seal encrypts plain under the current key, bound to aad.
func (k *Keyring) Seal(plain, aad string) (string, error) {
	nonce := make([]byte, nonceBytes, nonceBytes+len(plain)+16)
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := k.aeads[k.current].Seal(nonce, nonce, []byte(plain), []byte(aad))
	return Prefix + k.current + ":" + base64.RawURLEncoding.EncodeToString(out), nil
}

// Open decrypts a sealed value bound to aad. A value sealed under a key
// the keyring does not hold, or changed, or moved to another place, gives
// an error naming the key.
func (k *Keyring) Open(sealed, aad string) (string, error) {
	id := KeyID(sealed)
	if id == "" {
		return "", himitsu.Errorf(himitsu.KindInvalid, "the stored text is not a sealed value")
	}
	a, ok := k.aeads[id]
	if !ok {
		return "", &himitsu.Error{Op: "seal.Open", Kind: himitsu.KindPermission,
			Msg:   fmt.Sprintf("the text was encrypted with key %q, which the text keyring does not hold; add the old key to the key file (keys are removed only after 'himitsu complaint reseal')", id),
			MsgJA: fmt.Sprintf("本文は鍵 %q で暗号化されているが、本文鍵ファイルにその鍵がない。旧鍵を鍵ファイルに加えること（旧鍵は 'himitsu complaint reseal' の後にのみ外せる）", id)}
	}
	raw, err := base64.RawURLEncoding.DecodeString(sealed[len(Prefix)+len(id)+1:])
	if err != nil || len(raw) < nonceBytes+a.Overhead() {
		return "", corrupt(id)
	}
	plain, err := a.Open(nil, raw[:nonceBytes], raw[nonceBytes:], []byte(aad))
	if err != nil {
		return "", corrupt(id)
	}
	return string(plain), nil
}

func corrupt(id string) error {
	return &himitsu.Error{Op: "seal.Open", Kind: himitsu.KindInvalid,
		Msg:   fmt.Sprintf("an encrypted text (key %q) does not open: it was changed, or moved from another record", id),
		MsgJA: fmt.Sprintf("暗号化された本文（鍵 %q）を復号できない。改変されたか、他の記録から移されたものである", id)}
}

// LoadFile reads a keyring file: it must be a regular file that only its
// owner may read, as the pseudonym key file.
func LoadFile(path string) (*Keyring, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fileError(path, 0, "cannot be read", "読み込めない", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fileError(path, 0, "is not a regular file", "通常のファイルではない", nil)
	}
	if m := fi.Mode().Perm(); m&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, &himitsu.Error{Op: "text-keys", Kind: himitsu.KindPermission, File: path,
			Msg:   fmt.Sprintf("has mode %04o: other accounts may read the complaint-text keys; run 'chmod 600 %s'", m, path),
			MsgJA: fmt.Sprintf("モードが %04o であり、他のアカウントが苦情本文の鍵を読める。'chmod 600 %s' を実行すること", m, path)}
	}
	if fi.Size() > maxFile {
		return nil, fileError(path, 0, fmt.Sprintf("is %d bytes; a keyring is at most %d", fi.Size(), maxFile),
			fmt.Sprintf("%dバイトある。鍵ファイルは%dバイト以下である", fi.Size(), maxFile), nil)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fileError(path, 0, "cannot be read", "読み込めない", err)
	}
	return parse(path, raw)
}

func fileError(path string, line int, msg, msgJA string, err error) error {
	return &himitsu.Error{Op: "text-keys", Kind: himitsu.KindInvalid, File: path, Line: line, Msg: msg, MsgJA: msgJA, Err: err}
}

// Parse reads a keyring: one key a line, "ID HEX", where ID is 1 to 32
// of a-z, 0-9, '-' and '_', and HEX is 64 hexadecimal digits (32 random
// bytes). The first key is current; the others only open older texts.
// Blank lines and lines starting with '#' are ignored. The same ID or the
// same key twice is refused.
func Parse(raw []byte) (*Keyring, error) { return parse("text keys", raw) }

func parse(name string, raw []byte) (*Keyring, error) {
	k := &Keyring{aeads: map[string]cipher.AEAD{}}
	seen := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 0, 1024), maxFile)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			return nil, fileError(name, n, "a key line is 'ID HEX' (an identifier, a space, 64 hexadecimal digits); make a key with 'openssl rand -hex 32'",
				"鍵の行は「ID 16進数」（識別子、空白、16進数字64桁）である。鍵は 'openssl rand -hex 32' で作成できる", nil)
		}
		id, hx := f[0], f[1]
		if !validID(id) {
			return nil, fileError(name, n, fmt.Sprintf("key identifier %q must be 1 to %d of a-z, 0-9, '-' and '_'", id, maxKeyID),
				fmt.Sprintf("鍵識別子 %q は a-z、0-9、'-'、'_' の1〜%d文字とすること", id, maxKeyID), nil)
		}
		key, err := hex.DecodeString(hx)
		if err != nil || len(key) != keyBytes {
			return nil, fileError(name, n, fmt.Sprintf("key %q must be %d hexadecimal digits (%d bytes, AES-256)", id, 2*keyBytes, keyBytes),
				fmt.Sprintf("鍵 %q は16進数字%d桁（%dバイト、AES-256）とすること", id, 2*keyBytes, keyBytes), nil)
		}
		if _, dup := k.aeads[id]; dup {
			return nil, fileError(name, n, fmt.Sprintf("key identifier %q appears twice", id), fmt.Sprintf("鍵識別子 %q が重複している", id), nil)
		}
		if other, dup := seen[strings.ToLower(hx)]; dup {
			return nil, fileError(name, n, fmt.Sprintf("key %q is the same key as %q", id, other), fmt.Sprintf("鍵 %q は鍵 %q と同じである", id, other), nil)
		}
		seen[strings.ToLower(hx)] = id
		block, _ := aes.NewCipher(key)
		a, _ := cipher.NewGCM(block)
		k.aeads[id] = a
		k.order = append(k.order, id)
		if k.current == "" {
			k.current = id
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fileError(name, n+1, "line too long", "行が長すぎる", err)
	}
	if k.current == "" {
		return nil, fileError(name, 0, "holds no key; write 'ID HEX', e.g. 'k1 ' followed by the output of 'openssl rand -hex 32'",
			"鍵がない。「ID 16進数」の形で記すこと（例：'k1 ' に続けて 'openssl rand -hex 32' の出力）", nil)
	}
	return k, nil
}

// ParseEnv reads a keyring given inline, as in HIMITSU_TEXT_KEYS: the
// same lines as a file, separated by newlines or commas.
func ParseEnv(v string) (*Keyring, error) {
	return parse("HIMITSU_TEXT_KEYS", []byte(strings.ReplaceAll(v, ",", "\n")))
}

func validID(id string) bool {
	if id == "" || len(id) > maxKeyID {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
