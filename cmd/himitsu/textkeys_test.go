package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu/internal/seal"
)

// TestTextKeysRotation goes through what docs/configuration.md tells an
// operator to do, on every engine: import with a key (texts sealed; the
// export is still a full round trip), rotate (new key first, old kept),
// reseal, retire the old key; and a database with sealed texts refuses to
// be read without the key instead of showing ciphertext.
func TestTextKeysRotation(t *testing.T) {
	const (
		k1 = "k1 3f1c9a0b7e2d4c5a6b8f90e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f\n"
		k2 = "k2 a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f91\n"
	)
	for name, newDB := range databases(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			keyFile := filepath.Join(dir, "text.keys")
			write := func(s string, mode os.FileMode) {
				t.Helper()
				if err := os.WriteFile(keyFile, []byte(s), mode); err != nil {
					t.Fatal(err)
				}
				os.Chmod(keyFile, mode)
			}
			env := map[string]string{"HIMITSU_TEXT_KEY_FILE": keyFile}
			// The example records no texts; give one complaint the text
			// the person wrote.
			bundle := exampleDir(t)
			cf := filepath.Join(bundle, "complaints.csv")
			b, err := os.ReadFile(cf)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(b), "\n")
			for i, l := range lines {
				if strings.HasPrefix(l, "cp-002,") && strings.HasSuffix(l, ",,,,") {
					lines[i] = strings.TrimSuffix(l, ",,,,") + ",,知人が私の通話相手と時刻を知っていました,,"
				}
			}
			if err := os.WriteFile(cf, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
				t.Fatal(err)
			}
			db := newDB(t)
			write(k1, 0o644)
			if r := himitsuCmd(t, env, "import", "--purpose", "test", "--db", db, exampleDir(t)); r.code == exitOK || !strings.Contains(r.stderr, "chmod 600") {
				t.Fatalf("a key file others may read: exit %d, %s", r.code, r.stderr)
			}
			write(k1, 0o600)
			must(t, himitsuCmd(t, env, "import", "--purpose", "test", "--db", db, bundle))
			first := filepath.Join(dir, "first")
			must(t, himitsuCmd(t, env, "export", "--purpose", "test", "--db", db, first))
			db2 := newDB(t)
			must(t, himitsuCmd(t, env, "import", "--purpose", "test", "--db", db2, first))
			second := filepath.Join(dir, "second")
			must(t, himitsuCmd(t, env, "export", "--purpose", "test", "--db", db2, second))
			compareTrees(t, first, second)
			if b, _ := os.ReadFile(filepath.Join(first, "complaints.csv")); !strings.Contains(string(b), "知人が私の通話相手と時刻を知っていました") {
				t.Error("the export lacks the plain text")
			}

			if r := himitsuCmd(t, nil, "export", "--purpose", "test", "--db", db, filepath.Join(dir, "nokey")); r.code == exitOK || !strings.Contains(r.stderr, "HIMITSU_TEXT_KEY_FILE") {
				t.Errorf("export without the key: exit %d, %s", r.code, r.stderr)
			}
			write(k2+k1, 0o600)
			r := himitsuCmd(t, env, "complaint", "reseal", "--purpose", "rotation", "--db", db)
			must(t, r)
			if !strings.Contains(r.stdout, "under key k2") || strings.Contains(r.stdout, "re-encrypted 0 ") {
				t.Errorf("reseal: %q", r.stdout)
			}
			write(k2, 0o600)
			third := filepath.Join(dir, "third")
			must(t, himitsuCmd(t, env, "export", "--purpose", "test", "--db", db, third))
			compareTrees(t, first, third)
		})
	}
}

// TestTextKeysBesideSQLite: with no key configured, serve's first start
// makes DB.textkeys (mode 0600, one key) beside a SQLite file; a second
// start keeps it; later commands on that database use it, so the texts
// are sealed; a configured key, PostgreSQL and in-memory databases get
// none.
func TestTextKeysBesideSQLite(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "himitsu.db")
	none := &env{getenv: func(string) string { return "" }}
	kf, err := ensureTextKeys(none, db)
	if err != nil || kf != db+".textkeys" {
		t.Fatalf("first start: got %q, %v", kf, err)
	}
	fi, err := os.Stat(kf)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v; want mode 0600", fi, err)
	}
	before, _ := os.ReadFile(kf)
	if again, err := ensureTextKeys(none, db); err != nil || again != "" {
		t.Errorf("second start: got %q, %v; want the file kept", again, err)
	}
	if after, _ := os.ReadFile(kf); string(after) != string(before) {
		t.Error("the second start changed the key file")
	}
	keys, err := loadTextKeys(none, "file:"+db+"?_pragma=busy_timeout(5000)")
	if err != nil || keys == nil {
		t.Fatalf("a later command: got %v, %v; want the key beside the database", keys, err)
	}
	for _, dsn := range []string{"postgres://u@127.0.0.1/test", "file::memory:?cache=shared", ""} {
		if got := textKeysBeside(dsn); got != "" {
			t.Errorf("textKeysBeside(%q) = %q, want none", dsn, got)
		}
	}
	configured := &env{getenv: func(k string) string {
		if k == "HIMITSU_TEXT_KEYS" {
			return "k1 3f1c9a0b7e2d4c5a6b8f90e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f"
		}
		return ""
	}}
	if kf, err := ensureTextKeys(configured, filepath.Join(dir, "other.db")); err != nil || kf != "" {
		t.Errorf("with a configured key: got %q, %v; want no file", kf, err)
	}

	// End to end: the import into that database seals what people wrote.
	bundle := exampleDir(t)
	cf := filepath.Join(bundle, "complaints.csv")
	b, err := os.ReadFile(cf)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "cp-002,") && strings.HasSuffix(l, ",,,,") {
			lines[i] = strings.TrimSuffix(l, ",,,,") + ",,知人が私の通話相手と時刻を知っていました,,"
		}
	}
	if err := os.WriteFile(cf, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, bundle))
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if wal, err := os.ReadFile(db + "-wal"); err == nil {
		raw = append(raw, wal...)
	}
	if strings.Contains(string(raw), "知人が私の通話相手と時刻を知っていました") {
		t.Error("the database holds the complaint text in plain")
	}
	out := filepath.Join(dir, "out")
	must(t, himitsuCmd(t, nil, "export", "--purpose", "test", "--db", db, out))
	if b, _ := os.ReadFile(filepath.Join(out, "complaints.csv")); !strings.Contains(string(b), "知人が私の通話相手と時刻を知っていました") {
		t.Error("the export with the key beside the database lacks the text")
	}
}

// TestServePlainTextsOnPostgres: on PostgreSQL with no text key, serve
// refuses to start, says in both languages how to make a key and how to
// choose plain storage; with --allow-plain-texts it starts and logs the
// choice. The refusal comes before any connection, so it is tested
// without a server.
func TestServePlainTextsOnPostgres(t *testing.T) {
	for lang, words := range map[string][]string{
		"en": {"himitsu complaint keygen", "HIMITSU_TEXT_KEY_FILE", "--allow-plain-texts", "stored unencrypted"},
		"ja": {"himitsu complaint keygen", "HIMITSU_TEXT_KEY_FILE", "--allow-plain-texts", "鍵ファイルを作り"},
	} {
		r := himitsuCmd(t, map[string]string{"HIMITSU_LANG": lang}, "serve", "--example=false", "--addr", "127.0.0.1:0", "--db", "postgres://nobody@127.0.0.1:1/none")
		for _, want := range words {
			if r.code == exitOK || !strings.Contains(r.stderr, want) {
				t.Errorf("no key (%s): exit %d, stderr lacks %q:\n%s", lang, r.code, want, r.stderr)
			}
		}
	}
	// With a key the gate lets it through (the connection then fails).
	withKey := map[string]string{"HIMITSU_TEXT_KEYS": "k1 3f1c9a0b7e2d4c5a6b8f90e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f"}
	if r := himitsuCmd(t, withKey, "serve", "--example=false", "--addr", "127.0.0.1:0", "--db", "postgres://nobody@127.0.0.1:1/none"); r.code == exitOK || strings.Contains(r.stderr, "allow-plain-texts") || !strings.Contains(r.stderr, "cannot open the database") {
		t.Errorf("with a key: exit %d, want the connection's error, not the refusal:\n%s", r.code, r.stderr)
	}
	dsn := os.Getenv("HIMITSU_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("HIMITSU_TEST_POSTGRES not set: the start with --allow-plain-texts is not tried")
	}
	db := freshPostgres(t, dsn)
	var stderr syncBuffer
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr, getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, e, []string{"serve", "--example=false", "--allow-plain-texts", "--addr", "127.0.0.1:0", "--db", db})
	}()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(stderr.String(), "/setup/") {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve --allow-plain-texts did not start:\n%s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if out := stderr.String(); !strings.Contains(out, "allow_plain_texts=true") || !strings.Contains(out, "os_user=") {
		t.Errorf("the choice of plain storage is not logged with the account:\n%s", out)
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("serve exited with %d:\n%s", code, stderr.String())
	}
}

// TestComplaintKeygen: a new key file (0600, one key that the keyring
// loads), never over an existing file; --rotate puts a new key first and
// keeps the old ones; a taken or malformed identifier is refused and
// leaves the file as it was.
func TestComplaintKeygen(t *testing.T) {
	kf := filepath.Join(t.TempDir(), "text.keys")
	if r := himitsuCmd(t, nil, "complaint", "keygen", "--id", "k2026a", kf); r.code != exitOK || !strings.Contains(r.stdout, "k2026a") {
		t.Fatalf("create: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	fi, err := os.Stat(kf)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v, want mode 0600", fi, err)
	}
	keys, err := seal.LoadFile(kf)
	if err != nil || keys.Current() != "k2026a" || len(keys.IDs()) != 1 {
		t.Fatalf("loaded %v, %v; want one key k2026a", keys, err)
	}
	if r := himitsuCmd(t, nil, "complaint", "keygen", kf); r.code == exitOK || !strings.Contains(r.stderr, "--rotate") {
		t.Errorf("second create over the file: exit %d %s; want a refusal naming --rotate", r.code, r.stderr)
	}
	if r := himitsuCmd(t, nil, "complaint", "keygen", "--rotate", "--id", "k2026b", kf); r.code != exitOK {
		t.Fatalf("rotate: exit %d %s", r.code, r.stderr)
	}
	keys, err = seal.LoadFile(kf)
	if err != nil || !slices.Equal(keys.IDs(), []string{"k2026b", "k2026a"}) {
		t.Fatalf("after rotation: %v, %v; want k2026b then k2026a", keys, err)
	}
	before, _ := os.ReadFile(kf)
	for _, id := range []string{"k2026a", "Bad ID!"} {
		if r := himitsuCmd(t, nil, "complaint", "keygen", "--rotate", "--id", id, kf); r.code == exitOK {
			t.Errorf("--id %q: accepted, want a refusal", id)
		}
	}
	if after, _ := os.ReadFile(kf); string(after) != string(before) {
		t.Error("a refused rotation changed the key file")
	}
	if _, err := os.Stat(kf + ".new"); err == nil {
		t.Error("a temporary file was left behind")
	}
}
