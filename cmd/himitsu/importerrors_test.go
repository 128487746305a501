package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportReportsEveryError: one import run reports the bad values of
// carrier.yaml, of a register and of a log together, in file order, in
// English or Japanese, and leaves the database as it was.
func TestImportReportsEveryError(t *testing.T) {
	db := filepath.Join(t.TempDir(), "himitsu.db")
	good := exampleDir(t)
	must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, good))
	before := filepath.Join(t.TempDir(), "before")
	must(t, himitsuCmd(t, nil, "export", "--purpose", "test", "--db", db, before))

	bad := exampleDir(t)
	edit := func(name, old, new string) {
		t.Helper()
		path := filepath.Join(bad, name)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s has no %q", name, old)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	edit("carrier.yaml", "registration: notified", "registration: maybe")
	edit("persons.csv", ",employee,", ",boss,")
	edit("access_events.csv", ",read,", ",erase,")
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"en", []string{`carrier.yaml:`, `"maybe" is not one of`, `persons.csv:`, `"boss" is not one of`, `access_events.csv:`, `"erase" is not one of`, "(3 errors)"}},
		{"ja", []string{`carrier.yaml:`, `「maybe」は`, `persons.csv:`, `「boss」は`, `access_events.csv:`, `「erase」は`, "（誤り 3 件）"}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			r := himitsuCmd(t, map[string]string{"HIMITSU_LANG": c.lang}, "import", "--purpose", "test", "--db", db, bad)
			if r.code != exitFail {
				t.Fatalf("got exit %d, want %d; stderr:\n%s", r.code, exitFail, r.stderr)
			}
			last := -1
			for _, w := range c.want {
				i := strings.Index(r.stderr, w)
				if i < 0 {
					t.Fatalf("stderr lacks %q:\n%s", w, r.stderr)
				}
				if i < last {
					t.Errorf("%q is out of file order in:\n%s", w, r.stderr)
				}
				last = i
			}
		})
	}
	after := filepath.Join(t.TempDir(), "after")
	must(t, himitsuCmd(t, nil, "export", "--purpose", "test", "--db", db, after))
	compareTrees(t, before, after)
}

// TestImportWarnsOfPhoneNumbers: a phone number in a complaint's summary
// does not stop the import, but is named on standard error with its
// place, in the message language.
func TestImportWarnsOfPhoneNumbers(t *testing.T) {
	dir := exampleDir(t)
	path := filepath.Join(dir, "complaints.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := strings.Replace(string(b), "6月分の通話料が高いとの申出", "6月分の通話料が高いとの申出（折返し 090-1234-5678）", 1)
	if err := os.WriteFile(path, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"en": "himitsu import: warning: complaints.csv:2: summary: holds a phone number", "ja": "himitsu import: 警告: complaints.csv:2: summary: 電話番号を含む"} {
		r := himitsuCmd(t, map[string]string{"HIMITSU_LANG": lang}, "import", "--dry-run", "--purpose", "test", dir)
		must(t, r)
		if !strings.Contains(r.stderr, want) {
			t.Errorf("%s: stderr lacks %q:\n%s", lang, want, r.stderr)
		}
	}
}
