package main

import (
	"context"
	"fmt"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/seal"
)

// The complaint-text keys (issue 10): what people wrote to the desk is
// stored encrypted with AES-256-GCM. HIMITSU_TEXT_KEY_FILE names a key
// file (mode 0600; one "ID HEX" line per key, the first one current), or
// HIMITSU_TEXT_KEYS holds the same lines separated by commas, for
// deployments that inject secrets as environment variables. See
// docs/configuration.md for rotation.
func loadTextKeys(e *env) (*seal.Keyring, error) {
	file, inline := e.getenv("HIMITSU_TEXT_KEY_FILE"), e.getenv("HIMITSU_TEXT_KEYS")
	switch {
	case file != "" && inline != "":
		return nil, usagef("set HIMITSU_TEXT_KEY_FILE or HIMITSU_TEXT_KEYS, not both")
	case file != "":
		return seal.LoadFile(file)
	case inline != "":
		return seal.ParseEnv(inline)
	}
	return nil, nil
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
	keys, err := loadTextKeys(e)
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
