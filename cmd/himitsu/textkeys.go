package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"slices"
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
	line := textKeyHeader + "text-" + time.Now().UTC().Format("20060102") + " " + hex.EncodeToString(key[:]) + "\n"
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

// textKeyHeader opens every key file himitsu writes.
const textKeyHeader = "# himitsu complaint-text keys (AES-256-GCM); back this file up apart from the database / 苦情本文の鍵。データベースとは別に保管すること\n"

// plainTextsRefused is serve's answer on a server database with no text
// key: what people write to the desk would lie in the database, and in its
// backups and replicas, readable by anyone who reads those.
func plainTextsRefused(dsn string) error {
	return &himitsu.Error{Op: "serve", Kind: himitsu.KindInvalid, Field: "HIMITSU_TEXT_KEY_FILE",
		Msg: fmt.Sprintf("no complaint-text key is configured for the database %s, so what people write to the desk would be stored unencrypted. "+
			"Create a key file with 'himitsu complaint keygen /etc/himitsu/text.keys', keep it apart from the database and its backups, "+
			"and set HIMITSU_TEXT_KEY_FILE=/etc/himitsu/text.keys (or HIMITSU_TEXT_KEYS) for every himitsu command on this database. "+
			"To store the texts plain all the same (a trial, or encryption below the database), start with --allow-plain-texts: "+
			"every start then logs that choice. See docs/configuration.md", redactDSN(dsn)),
		MsgJA: fmt.Sprintf("データベース %s に苦情本文の鍵が設定されていないため、窓口に寄せられた本文が暗号化されずに保存される。"+
			"'himitsu complaint keygen /etc/himitsu/text.keys' で鍵ファイルを作り、データベースとそのバックアップとは別に保管し、"+
			"このデータベースを使う全ての himitsu コマンドに HIMITSU_TEXT_KEY_FILE=/etc/himitsu/text.keys（又は HIMITSU_TEXT_KEYS）を設定すること。"+
			"それでも平文で保存する場合（試用、又はデータベースの下層で暗号化している場合）は --allow-plain-texts を付けて起動する。"+
			"その選択は起動のたびに記録される。docs/configuration.md 参照", redactDSN(dsn))}
}

// serverDatabase reports whether dsn names a database that keeps what it
// stores beyond the process and cannot have a key file of its own beside
// it: PostgreSQL. A SQLite file gets DB.textkeys; an in-memory database
// keeps nothing at rest.
func serverDatabase(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// runComplaintKeygen writes a new complaint-text key: a new key file, or
// with --rotate a new first key in front of the keys of an existing file,
// which stay to open older texts until 'himitsu complaint reseal'.
func runComplaintKeygen(e *env, args []string) error {
	fs := newFlagSet(e, "complaint keygen", "[--rotate] [--id ID] FILE",
		`Create a complaint-text key file FILE (mode 0600) with one new random
AES-256 key, for HIMITSU_TEXT_KEY_FILE. With --rotate, FILE exists: a new key
is put first (it encrypts from the next start of each command) and the old
keys stay below it to open older texts; after restarting the servers, run
'himitsu complaint reseal' and then remove the old lines. Keep the file apart
from the database and its backups.`,
		"himitsu complaint keygen /etc/himitsu/text.keys")
	rotate := fs.Bool("rotate", false, "put a new key in front of the keys of an existing FILE")
	id := fs.String("id", "", "the new key's identifier (1-32 of a-z 0-9 - _); default text-YYYYMMDD-HHMMSS (UTC)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("expected one key file, got %d arguments", fs.NArg())
	}
	path := fs.Arg(0)
	if *id == "" {
		*id = "text-" + time.Now().UTC().Format("20060102-150405")
	}
	var key [32]byte
	if _, err := rand.Read(key[:]); err != nil {
		return err
	}
	line := *id + " " + hex.EncodeToString(key[:]) + "\n"
	// The new line must parse as a key on its own (the identifier's syntax).
	if _, err := seal.ParseEnv(strings.TrimSuffix(line, "\n")); err != nil {
		return usagef("--id %q: %v", *id, err)
	}
	var body string
	if *rotate {
		old, err := seal.LoadFile(path)
		if err != nil {
			return err
		}
		if slices.Contains(old.IDs(), *id) {
			return usagef("--id %q: the key file already holds a key with that identifier", *id)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rest := strings.TrimPrefix(string(data), textKeyHeader)
		body = textKeyHeader + line + rest
		if !strings.HasSuffix(body, "\n") {
			body += "\n"
		}
	} else {
		body = textKeyHeader + line
	}
	if err := writeKeyFile(path, body, *rotate); err != nil {
		return err
	}
	if langDefault(e) == "ja" {
		fmt.Fprintf(e.stdout, "鍵 %s を %s に書いた（モード0600）。データベースとそのバックアップとは別に保管すること。\n", *id, path)
		if *rotate {
			fmt.Fprintln(e.stdout, "各サーバを再起動した後、himitsu complaint reseal を実行してから旧鍵の行を削除すること。")
		} else {
			fmt.Fprintf(e.stdout, "全ての himitsu コマンドに HIMITSU_TEXT_KEY_FILE=%s を設定すること。\n", path)
		}
	} else {
		fmt.Fprintf(e.stdout, "wrote key %s to %s (mode 0600); keep it apart from the database and its backups.\n", *id, path)
		if *rotate {
			fmt.Fprintln(e.stdout, "Restart the servers, run 'himitsu complaint reseal', then remove the old lines.")
		} else {
			fmt.Fprintf(e.stdout, "Set HIMITSU_TEXT_KEY_FILE=%s for every himitsu command on the database.\n", path)
		}
	}
	return nil
}

// writeKeyFile writes a key file whole: a new file only if none exists;
// a replacement through a temporary file renamed over the old one, so that
// a crash leaves the old keys or the new, never half a file.
func writeKeyFile(path, body string, replace bool) error {
	target := path
	if replace {
		target = path + ".new"
	}
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return &himitsu.Error{Op: "complaint keygen", Kind: himitsu.KindInvalid, File: target, Err: err,
			Msg: "cannot create the key file (it may exist already: use --rotate to add a key to it)", MsgJA: "鍵ファイルを作成できない（既にある場合は --rotate で鍵を加える）"}
	}
	_, err = f.WriteString(body)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && replace {
		err = os.Rename(target, path)
	}
	if err != nil {
		os.Remove(target)
		return &himitsu.Error{Op: "complaint keygen", Kind: himitsu.KindInternal, File: path, Err: err}
	}
	return nil
}

// plainTextsActor names the account that started a server with
// --allow-plain-texts, for the log line that records the choice.
func plainTextsActor() string {
	a, err := osActor(user.LookupId, user.Current, os.Getuid)
	if err != nil {
		return "unknown"
	}
	return a
}
