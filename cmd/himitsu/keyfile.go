package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/himitsu-oss/himitsu"
)

// The pseudonym key file (--pseudonym-key, HIMITSU_PSEUDONYM_KEY_FILE).
//
// Format: the key written as hexadecimal digits (0-9, a-f, A-F), 32 to 128
// of them (16 to 64 bytes), in one run. Whitespace before and after the
// digits (spaces, tabs, line endings) is ignored, so a trailing newline or
// space added by an editor is not a different key; whitespace between
// digits, any other character, or an odd number of digits is refused.
// Make one with: openssl rand -hex 32 > key && chmod 600 key
//
// The file must be a regular file readable and writable by its owner only
// (no group or other permission bits): whoever reads the key can reverse
// the pseudonyms of guessable identifiers such as phone numbers.
//
// The key must look random: at least half of its bytes distinct (all-same
// bytes or a short repeated pattern are refused) and not a counting
// sequence (00 01 02 …). Random 16 bytes fail these with probability below
// 10^-20; they catch keys typed by hand, not weak random generators.
const (
	minKeyBytes = 16
	maxKeyBytes = 64
)

// keyFingerprintLabel is the message of the fingerprint's HMAC. It starts
// with a NUL byte, which no subscriber identifier does, so the fingerprint
// is never the pseudonym of some identifier.
const keyFingerprintLabel = "\x00himitsu pseudonym-key fingerprint v1"

// loadPseudonymKey reads and checks the key file at path.
func loadPseudonymKey(path string) ([]byte, error) {
	bad := func(msg, msgJA string, err error) error {
		return &himitsu.Error{Op: "pseudonym-key", Kind: himitsu.KindInvalid, File: path, Msg: msg, MsgJA: msgJA, Err: err}
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, bad("cannot be read", "読み込めない", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, bad("is not a regular file", "通常のファイルではない", nil)
	}
	if m := fi.Mode().Perm(); m&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, &himitsu.Error{Op: "pseudonym-key", Kind: himitsu.KindPermission, File: path,
			Msg:   fmt.Sprintf("has mode %04o: other accounts may read the pseudonym key; run 'chmod 600 %s'", m, path),
			MsgJA: fmt.Sprintf("モードが %04o であり、他のアカウントが仮名化鍵を読める。'chmod 600 %s' を実行すること", m, path)}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, bad("cannot be read", "読み込めない", err)
	}
	return parsePseudonymKey(raw, bad)
}

// parsePseudonymKey decodes and checks the content of a key file.
func parsePseudonymKey(raw []byte, bad func(msg, msgJA string, err error) error) ([]byte, error) {
	text := strings.Trim(string(raw), " \t\r\n")
	if i := strings.IndexFunc(text, func(r rune) bool { return !strings.ContainsRune("0123456789abcdefABCDEF", r) }); i >= 0 {
		return nil, bad(fmt.Sprintf("the key must be hexadecimal digits only (character %d is not); make one with 'openssl rand -hex 32'", i+1),
			fmt.Sprintf("鍵は16進数字のみで記すこと（%d文字目が16進数字ではない）。'openssl rand -hex 32' で作成できる", i+1), nil)
	}
	if len(text)%2 != 0 {
		return nil, bad(fmt.Sprintf("the key has %d hexadecimal digits, an odd number", len(text)),
			fmt.Sprintf("鍵の16進数字が%d桁で、奇数である", len(text)), nil)
	}
	key, _ := hex.DecodeString(text)
	if len(key) < minKeyBytes || len(key) > maxKeyBytes {
		return nil, bad(fmt.Sprintf("the key has %d bytes; use %d to %d random bytes (%d to %d hexadecimal digits)", len(key), minKeyBytes, maxKeyBytes, 2*minKeyBytes, 2*maxKeyBytes),
			fmt.Sprintf("鍵が%dバイトである。%d〜%dバイト（16進数字%d〜%d桁）の乱数を使うこと", len(key), minKeyBytes, maxKeyBytes, 2*minKeyBytes, 2*maxKeyBytes), nil)
	}
	if !looksRandom(key) {
		return nil, bad("the key does not look random (repeated bytes or a counting sequence); make one with 'openssl rand -hex 32'",
			"鍵が乱数に見えない（同じバイトの繰返し又は連番である）。'openssl rand -hex 32' で作成すること", nil)
	}
	return key, nil
}

// looksRandom refuses keys with fewer distinct bytes than half their
// length, and arithmetic sequences (each byte the previous plus a
// constant, which includes all-same bytes).
func looksRandom(key []byte) bool {
	seen := map[byte]bool{}
	for _, b := range key {
		seen[b] = true
	}
	if 2*len(seen) < len(key) {
		return false
	}
	step := key[1] - key[0]
	for i := 2; i < len(key); i++ {
		if key[i]-key[i-1] != step {
			return true
		}
	}
	return false
}

// keyFingerprint is what the database keeps of a pseudonym key to
// recognise it: the first 16 bytes of HMAC-SHA-256 under the key, in hex.
// It reveals nothing of the key beyond whether a guessed key is right,
// which a 16-byte random key makes useless.
func keyFingerprint(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(keyFingerprintLabel))
	return "hk1:" + hex.EncodeToString(m.Sum(nil)[:16])
}
