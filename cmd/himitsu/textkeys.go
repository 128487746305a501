package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/seal"
)

// The complaint-text keys (issue 10): what people wrote to the desk is
// stored encrypted with AES-256-GCM. HIMITSU_TEXT_KEY_FILE names a key
// file (mode 0600; one "ID HEX" line per key, the first one current), or
// HIMITSU_TEXT_KEYS holds the same lines separated by commas, for
// deployments that inject secrets as environment variables. See
// docs/configuration.md for rotation.
//
// With neither set, a SQLite database's own key file is used when it
// exists: DB.textkeys beside the database, which "himitsu serve" creates
// on first start (textKeysBeside), so that the quick start keeps what
// people wrote encrypted without any setting.
func loadTextKeys(e *env, dsn string) (*seal.Keyring, error) {
	file, inline := e.getenv("HIMITSU_TEXT_KEY_FILE"), e.getenv("HIMITSU_TEXT_KEYS")
	switch {
	case file != "" && inline != "":
		return nil, usagef("set HIMITSU_TEXT_KEY_FILE or HIMITSU_TEXT_KEYS, not both")
	case file != "":
		return seal.LoadFile(file)
	case inline != "":
		return seal.ParseEnv(inline)
	}
	if beside := textKeysBeside(dsn); beside != "" {
		if _, err := os.Lstat(beside); err == nil {
			return seal.LoadFile(beside)
		}
	}
	return nil, nil
}

// textKeysBeside is the key file kept next to a SQLite database file, or
// "" for PostgreSQL and in-memory databases, whose operators configure
// keys (a key next to a server database would sit with its backups).
func textKeysBeside(dsn string) string {
	if dsn == "" || strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") ||
		strings.Contains(dsn, ":memory:") || strings.Contains(dsn, "mode=memory") {
		return ""
	}
	p, _, _ := strings.Cut(dsn, "?")
	return strings.TrimPrefix(p, "file:") + ".textkeys"
}

// ensureTextKeys creates the SQLite database's own key file with one new
// random key (mode 0600) when no key is configured and none exists yet,
// and says where it is: it must be backed up apart from the database,
// since a copy of the database with its key beside it protects nothing.
func ensureTextKeys(e *env, dsn string) (created string, err error) {
	if e.getenv("HIMITSU_TEXT_KEY_FILE") != "" || e.getenv("HIMITSU_TEXT_KEYS") != "" {
		return "", nil
	}
	beside := textKeysBeside(dsn)
	if beside == "" {
		return "", nil
	}
	var key [32]byte
	if _, err := rand.Read(key[:]); err != nil {
		return "", err
	}
	f, err := os.OpenFile(beside, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return "", nil
	}
	if err != nil {
		return "", &himitsu.Error{Op: "serve", Kind: himitsu.KindInvalid, File: beside, Err: err,
			Msg: "cannot create the complaint-text key file", MsgJA: "苦情本文の鍵ファイルを作成できない"}
	}
	line := "# himitsu complaint-text keys (AES-256-GCM); back this file up apart from the database / 苦情本文の鍵。データベースとは別に保管すること\n" +
		"text-" + time.Now().UTC().Format("20060102") + " " + hex.EncodeToString(key[:]) + "\n"
	if _, err := f.WriteString(line); err != nil {
		f.Close()
		os.Remove(beside)
		return "", &himitsu.Error{Op: "serve", Kind: himitsu.KindInternal, File: beside, Err: err}
	}
	if err := f.Close(); err != nil {
		os.Remove(beside)
		return "", &himitsu.Error{Op: "serve", Kind: himitsu.KindInternal, File: beside, Err: err}
	}
	return beside, nil
}

// runComplaintReseal re-encrypts every complaint text under the current
// text key: texts stored before keys were configured, and texts under an
// older key, which can then be removed from the key file.
func runComplaintReseal(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "complaint reseal", "--purpose TEXT [--db DSN]",
		`Encrypt every complaint text under the current text key (the first line of
HIMITSU_TEXT_KEY_FILE): plain texts written before keys were configured and
texts encrypted under an older key. Run it after adding a new key at the top
of the key file; then the older keys can be removed. The records' content
and versions do not change.`,
		"HIMITSU_TEXT_KEY_FILE=/etc/himitsu/text.keys himitsu complaint reseal --purpose 'key rotation 2026-12'")
	db := dbFlag(e, fs)
	purpose := purposeFlag(fs, "why you re-encrypt the texts")
	shared := sharedDBFlag(e, fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected arguments %v", fs.Args())
	}
	acc, err := accessor(e, *purpose, "himitsu complaint reseal")
	if err != nil {
		return err
	}
	keys, err := loadTextKeys(e, *db)
	if err != nil {
		return err
	}
	if keys == nil {
		return &himitsu.Error{Op: "complaint reseal", Kind: himitsu.KindInvalid,
			Msg:   "no text key is configured: set HIMITSU_TEXT_KEY_FILE (see docs/configuration.md)",
			MsgJA: "本文鍵が設定されていない。HIMITSU_TEXT_KEY_FILE を設定すること（docs/configuration.md 参照）"}
	}
	s, err := openStore(ctx, e, *db, *shared)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.ResealTexts(himitsu.WithAccessor(ctx, acc))
	if err != nil {
		return err
	}
	if langDefault(e) == "ja" {
		fmt.Fprintf(e.stdout, "%d件の苦情本文を鍵 %s で暗号化し直した\n", n, keys.Current())
	} else {
		fmt.Fprintf(e.stdout, "re-encrypted %d complaint texts under key %s\n", n, keys.Current())
	}
	return nil
}
