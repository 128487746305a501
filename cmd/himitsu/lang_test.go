package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// badBundle is the example bundle with one bad date on line 2 of
// persons.csv.
func badBundle(t *testing.T) string {
	t.Helper()
	dir := exampleDir(t)
	path := filepath.Join(dir, "persons.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), "2019-01-15", "2019-13-15", 1)
	if bad == string(data) {
		t.Fatal("the example persons.csv no longer holds 2019-01-15")
	}
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestImportErrorLanguage(t *testing.T) {
	const (
		en = `himitsu import: persons.csv:2: joined_on: "2019-13-15" is not a date of the form YYYY-MM-DD` + "\n"
		ja = "himitsu import: persons.csv:2: joined_on: 「2019-13-15」は YYYY-MM-DD 形式の日付ではない\n"
	)
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"HIMITSU_LANG=ja", map[string]string{"HIMITSU_LANG": "ja"}, ja},
		{"no language set", nil, en},
		{"HIMITSU_LANG=en", map[string]string{"HIMITSU_LANG": "en"}, en},
		{"Japanese LANG", map[string]string{"LANG": "ja_JP.UTF-8"}, ja},
		{"Japanese LC_ALL", map[string]string{"LC_ALL": "ja_JP.UTF-8", "LANG": "C"}, ja},
		{"LC_ALL overrides a Japanese LANG", map[string]string{"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"}, en},
		{"HIMITSU_LANG=en overrides a Japanese LANG", map[string]string{"HIMITSU_LANG": "en", "LANG": "ja_JP.UTF-8"}, en},
		{"HIMITSU_LANG=ja overrides an English LANG", map[string]string{"HIMITSU_LANG": "ja", "LANG": "en_US.UTF-8"}, ja},
	}
	dir := badBundle(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := himitsuCmd(t, tc.env, "import", "--purpose", "test", "--db", filepath.Join(t.TempDir(), "himitsu.db"), dir)
			if r.code != exitFail {
				t.Errorf("got exit status %d, want %d", r.code, exitFail)
			}
			if r.stderr != tc.want {
				t.Errorf("got stderr %q, want %q", r.stderr, tc.want)
			}
		})
	}
}

// TestCatalogFollowsTheOtherCommands: "himitsu catalog" uses the exit
// statuses, the usage line and the message language of every command,
// and its --lang defaults to the language of messages.
func TestCatalogFollowsTheOtherCommands(t *testing.T) {
	ja := map[string]string{"HIMITSU_LANG": "ja"}
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		stderr string // exact, when set
		stdout string // contained
	}{
		{"usage error in Japanese", ja, []string{"catalog", "show"}, exitUsage,
			"himitsu catalog: show には項目の ID 又はコードを一つだけ指定する（指定は 0 個）\n使い方は 'himitsu catalog -h' で表示される。\n", ""},
		{"usage error in English", nil, []string{"catalog", "list", "--format", "xml"}, exitUsage,
			"himitsu catalog: --format must be one of text, json, yaml, got \"xml\"\nRun 'himitsu catalog -h' for usage.\n", ""},
		{"unknown item is a failure, in Japanese", ja, []string{"catalog", "show", "9(9)ix"}, exitFail,
			"himitsu catalog: ID 又はコードが「9(9)ix」の項目はない\n", ""},
		{"unknown item in English", nil, []string{"catalog", "show", "9(9)ix"}, exitFail,
			"himitsu catalog: no item with ID or code \"9(9)ix\"\n", ""},
		{"--lang follows HIMITSU_LANG", ja, []string{"catalog", "list", "--kind", "assumed-case"}, exitOK, "", "27 項目"},
		{"--lang follows the locale", map[string]string{"LANG": "ja_JP.UTF-8"}, []string{"catalog", "show", "5(1)i"}, exitOK, "", "平易"},
		{"--lang given wins", ja, []string{"catalog", "list", "--lang", "en", "--kind", "assumed-case"}, exitOK, "", "27 items"},
		{"help", nil, []string{"help", "catalog"}, exitOK, "", "Usage: himitsu catalog COMMAND"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := himitsuCmd(t, tc.env, tc.args...)
			if r.code != tc.code {
				t.Errorf("got exit %d, want %d; stderr:\n%s", r.code, tc.code, r.stderr)
			}
			if tc.stderr != "" && r.stderr != tc.stderr {
				t.Errorf("got stderr %q, want %q", r.stderr, tc.stderr)
			}
			if !strings.Contains(r.stdout, tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, r.stdout)
			}
		})
	}
}
