package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
