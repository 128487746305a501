package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/examples"
)

// result is what one command line did.
type result struct {
	code           int
	stdout, stderr string
}

// himitsuCmd runs one command line in-process with the given environment.
func himitsuCmd(t *testing.T, envVars map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(k string) string { return envVars[k] }}
	code := run(context.Background(), e, args)
	return result{code, out.String(), errOut.String()}
}

// databases returns the DSNs the end-to-end tests run against: a SQLite
// file always, and PostgreSQL when HIMITSU_TEST_POSTGRES is set.
func databases(t *testing.T) map[string]func(t *testing.T) string {
	dbs := map[string]func(t *testing.T) string{
		"sqlite": func(t *testing.T) string { return filepath.Join(t.TempDir(), "himitsu.db") },
	}
	if dsn := os.Getenv("HIMITSU_TEST_POSTGRES"); dsn != "" {
		dbs["postgres"] = func(t *testing.T) string { return freshPostgres(t, dsn) }
	}
	return dbs
}

func exampleDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := examples.Extract(examples.MinatoMobile, dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestHelpForEveryCommand(t *testing.T) {
	for _, c := range commands() {
		if c.run == nil {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			r := himitsuCmd(t, nil, "help", c.name)
			if r.code != exitOK {
				t.Fatalf("got exit %d, want 0; stderr:\n%s", r.code, r.stderr)
			}
			text := r.stdout + r.stderr
			if !strings.Contains(text, "Usage: himitsu "+c.name) || !strings.Contains(text, "Example:") {
				t.Errorf("help for %s lacks a usage line or an example:\n%s", c.name, text)
			}
			if !strings.ContainsFunc(text, func(r rune) bool { return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) }) {
				t.Errorf("help for %s has no Japanese:\n%s", c.name, text)
			}
		})
	}
	if r := himitsuCmd(t, nil, "help"); r.code != exitOK || !strings.Contains(r.stdout, "quickstart") {
		t.Errorf("himitsu help: got exit %d and\n%s", r.code, r.stdout)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "Usage: himitsu COMMAND"},
		{"unknown command", []string{"asess"}, `unknown command "asess"`},
		{"serve with an argument", []string{"serve", "extra"}, "takes no arguments"},
		{"import without bundle", []string{"import"}, "expected one bundle directory"},
		{"bad flag", []string{"assess", "--colour", "x"}, "flag provided but not defined"},
		{"bad language", []string{"assess", "--lang", "fr", "x"}, "--lang must be ja or en"},
		{"bad date", []string{"assess", "--as-of", "2026-13-01", "x"}, "--as-of"},
		{"bad format", []string{"assess", "--format", "pdf", "x"}, "--format must be one of"},
		{"catalog without command", []string{"catalog"}, "missing command"},
		{"catalog unknown command", []string{"catalog", "lst"}, `unknown command "lst"`},
		{"catalog bad flag", []string{"catalog", "list", "--colour"}, "flag provided but not defined"},
		{"catalog bad language", []string{"catalog", "list", "--lang", "fr"}, "--lang must be one of en, ja"},
		{"catalog show without id", []string{"catalog", "show"}, "exactly one item ID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := himitsuCmd(t, nil, tc.args...)
			if r.code != exitUsage {
				t.Errorf("got exit %d, want %d", r.code, exitUsage)
			}
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, r.stderr)
			}
		})
	}
}

func TestFlagsAfterArguments(t *testing.T) {
	dir := exampleDir(t)
	a := himitsuCmd(t, nil, "assess", dir, "--as-of", exampleAsOf, "--format", "json")
	b := himitsuCmd(t, nil, "assess", "--as-of", exampleAsOf, "--format", "json", dir)
	if a.code != exitOK || b.code != exitOK {
		t.Fatalf("got exits %d and %d, want 0; stderr:\n%s%s", a.code, b.code, a.stderr, b.stderr)
	}
	if a.stdout != b.stdout {
		t.Errorf("flags after the bundle gave another report than flags before it")
	}
	if r := himitsuCmd(t, nil, "import", "--dry-run", "--", "--not-a-flag"); r.code != exitFail || !strings.Contains(r.stderr, "--not-a-flag") {
		t.Errorf("after --, an argument that looks like a flag must be taken as an argument: got exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

func TestThresholdsFile(t *testing.T) {
	dir := exampleDir(t)
	file := filepath.Join(t.TempDir(), "thresholds.yaml")
	if err := os.WriteFile(file, []byte("extract_max_readers: 500\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := himitsuCmd(t, nil, "assess", "--as-of", exampleAsOf, "--format", "json", dir)
	tuned := himitsuCmd(t, nil, "assess", "--as-of", exampleAsOf, "--format", "json", "--thresholds", file, dir)
	if base.code != exitOK || tuned.code != exitOK {
		t.Fatalf("got exits %d and %d; stderr:\n%s%s", base.code, tuned.code, base.stderr, tuned.stderr)
	}
	var report struct {
		Assessment himitsu.Assessment `json:"assessment"`
	}
	if err := json.Unmarshal([]byte(tuned.stdout), &report); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(report.Assessment.Parameters, himitsu.Parameter{Name: "extract_max_readers", Value: "500"}) {
		t.Errorf("the JSON report does not list the threshold set in the file")
	}
	if base.stdout == tuned.stdout {
		t.Errorf("a threshold from the file changed nothing in the report")
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("extract_readers: 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := himitsuCmd(t, nil, "assess", "--as-of", exampleAsOf, "--thresholds", bad, dir)
	if r.code != exitFail || !strings.Contains(r.stderr, bad+`: [1:1] unknown field "extract_readers"`) {
		t.Errorf("got exit %d and stderr:\n%s", r.code, r.stderr)
	}
}

func TestQuickstart(t *testing.T) {
	db := filepath.Join(t.TempDir(), "himitsu.db")
	for run := 1; run <= 2; run++ { // a second run replaces the carrier: same result
		r := himitsuCmd(t, nil, "quickstart", "--db", db)
		if r.code != exitOK {
			t.Fatalf("run %d: got exit %d, want 0; stderr:\n%s", run, r.code, r.stderr)
		}
		for _, want := range []string{"5(3)(iv)iii", "TECH-STALE-ACCESS", "Overall"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("run %d: report lacks %q", run, want)
			}
		}
		if !strings.Contains(r.stderr, "imported the example carrier") {
			t.Errorf("run %d: stderr lacks the import summary:\n%s", run, r.stderr)
		}
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("quickstart did not leave the database file: %v", err)
	}
	// In Japanese, what quickstart says on the terminal is Japanese too,
	// not only the report.
	r := himitsuCmd(t, nil, "quickstart", "--db", db, "--lang", "ja")
	if r.code != exitOK {
		t.Fatalf("--lang ja: got exit %d; stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"例の事業者 minato-mobile を", "合計", "時点で評価しています"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("--lang ja: stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "imported the example carrier") || strings.Contains(r.stderr, "assessing as of") {
		t.Errorf("--lang ja: stderr still has English lines:\n%s", r.stderr)
	}
}

func TestAssessFormats(t *testing.T) {
	dir := exampleDir(t)
	for _, format := range []string{"text", "json", "markdown", "html", "oscal"} {
		for _, lang := range []string{"en", "ja"} {
			t.Run(format+"/"+lang, func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "report")
				r := himitsuCmd(t, nil, "assess", "--as-of", exampleAsOf, "--format", format, "--lang", lang, "-o", out, dir)
				if r.code != exitOK {
					t.Fatalf("got exit %d; stderr:\n%s", r.code, r.stderr)
				}
				b, err := os.ReadFile(out)
				if err != nil || len(b) == 0 {
					t.Fatalf("report file: %v (%d bytes)", err, len(b))
				}
				again := himitsuCmd(t, nil, "assess", "--as-of", exampleAsOf, "--format", format, "--lang", lang, dir)
				if again.stdout != string(b) {
					t.Errorf("two runs differ: the report is not deterministic")
				}
			})
		}
	}
}

// TestExportImportExport checks, on every engine, that a bundle exported
// from the database imports back to the same state: the second export is
// byte-for-byte the first.
func TestExportImportExport(t *testing.T) {
	for name, newDB := range databases(t) {
		t.Run(name, func(t *testing.T) {
			db1, db2 := newDB(t), newDB(t)
			must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db1, exampleDir(t)))
			first := filepath.Join(t.TempDir(), "first")
			must(t, himitsuCmd(t, nil, "export", "--purpose", "test", "--db", db1, first))
			must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db2, first))
			second := filepath.Join(t.TempDir(), "second")
			must(t, himitsuCmd(t, nil, "export", "--purpose", "test", "--db", db2, second))
			compareTrees(t, first, second)
		})
	}
}

// TestBadRowDeepInLargeFile checks that one bad row deep in a 1,000,000-row
// access log is refused with file:line: field, and that the database is
// exactly as before: the carrier already imported keeps its records.
func TestBadRowDeepInLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and imports a 1,000,000-row file")
	}
	for name, newDB := range databases(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			good := exampleDir(t)
			must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, good))
			before := filepath.Join(t.TempDir(), "before")
			must(t, himitsuCmd(t, nil, "export", "--purpose", "test", "--db", db, before))

			bad := exampleDir(t)
			const rows, badRow = 1_000_000, 876_543
			writeAccessEvents(t, filepath.Join(bad, "access_events.csv"), filepath.Join(good, "access_events.csv"), rows, badRow)
			r := himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, bad)
			if r.code != exitFail {
				t.Fatalf("got exit %d, want %d; stderr:\n%s", r.code, exitFail, r.stderr)
			}
			want := fmt.Sprintf("access_events.csv:%d: action:", badRow+1) // line 1 is the header
			if !strings.Contains(r.stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
			}
			after := filepath.Join(t.TempDir(), "after")
			must(t, himitsuCmd(t, nil, "export", "--purpose", "test", "--db", db, after))
			compareTrees(t, before, after)
		})
	}
}

// writeAccessEvents writes rows access events modelled on the template
// file's first data row, with an invalid action on data row bad (1-based).
func writeAccessEvents(t *testing.T, path, template string, rows, bad int) {
	t.Helper()
	tb, err := os.ReadFile(template)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(tb)), "\n")
	header := strings.Split(lines[0], ",")
	sample := strings.Split(lines[1], ",")
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("template lacks column %q", name)
		return -1
	}
	idCol, actionCol := col("id"), col("action")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, lines[0])
	row := append([]string(nil), sample...)
	for i := 1; i <= rows; i++ {
		row[idCol] = fmt.Sprintf("big-%07d", i)
		row[actionCol] = "read"
		if i == bad {
			row[actionCol] = "steal"
		}
		fmt.Fprintln(w, strings.Join(row, ","))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, r result) {
	t.Helper()
	if r.code != exitOK {
		t.Fatalf("got exit %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
}

// compareTrees fails unless directories a and b hold the same files with
// the same bytes.
func compareTrees(t *testing.T, a, b string) {
	t.Helper()
	files := func(root string) map[string][]byte {
		m := map[string][]byte{}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			m[rel], err = os.ReadFile(p)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	fa, fb := files(a), files(b)
	for name, da := range fa {
		db, ok := fb[name]
		switch {
		case !ok:
			t.Errorf("%s is only in the first tree", name)
		case !bytes.Equal(da, db):
			t.Errorf("%s differs:\n%s", name, firstDifference(da, db))
		}
	}
	for name := range fb {
		if _, ok := fa[name]; !ok {
			t.Errorf("%s is only in the second tree", name)
		}
	}
}

func firstDifference(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  first:  %s\n  second: %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths differ: %d and %d lines", len(la), len(lb))
}

// TestPseudonymKey checks that raw subscriber numbers in a bundle are
// refused without the carrier's key, and with it are turned into
// pseudonyms before anything is stored: the exported bundle holds none.
func TestPseudonymKey(t *testing.T) {
	dir := exampleDir(t)
	const raw = "09012345678"
	for _, name := range []string{"consents.csv", "access_events.csv", "complaints.csv"} {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// Replace the first pseudonym of each file with a phone number.
		lines := strings.Split(string(b), "\n")
		n := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "sub_") })
		if n < 0 {
			t.Fatalf("%s: no row names a subscriber", name)
		}
		i := strings.Index(lines[n], "sub_")
		lines[n] = lines[n][:i] + raw + lines[n][i+36:]
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "h.db")
	r := himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, dir)
	if r.code != exitFail || !strings.Contains(r.stderr, "consents.csv:2: subscriber: is not a pseudonym") {
		t.Fatalf("without a key: got exit %d and stderr:\n%s", r.code, r.stderr)
	}
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte("0a1b2c3d\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, "--pseudonym-key", keyFile, dir); r.code != exitFail || !strings.Contains(r.stderr, "use 16 to 64 random bytes") {
		t.Fatalf("short key: got exit %d and stderr:\n%s", r.code, r.stderr)
	}
	const keyHex = "5f0e6b2a9c31d84477a2c0de19f3b6e8"
	key, _ := hex.DecodeString(keyHex)
	if err := os.WriteFile(keyFile, []byte(keyHex+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	must(t, himitsuCmd(t, map[string]string{"HIMITSU_PSEUDONYM_KEY_FILE": keyFile}, "import", "--purpose", "test", "--db", db, dir))
	out := filepath.Join(t.TempDir(), "out")
	must(t, himitsuCmd(t, nil, "export", "--purpose", "test", "--db", db, out))
	want := himitsu.NewPseudonymizer(key).Pseudonym(raw)
	for _, name := range []string{"consents.csv", "access_events.csv", "complaints.csv"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), raw) {
			t.Errorf("%s: the raw number reached the database", name)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s: lacks the pseudonym %s of the raw number", name, want)
		}
	}
}

// TestAssessDatabaseEqualsBundle checks, on every engine, that assessing a
// carrier after import gives byte-for-byte the report of assessing its
// bundle directly: the store loses nothing the engine looks at.
func TestAssessDatabaseEqualsBundle(t *testing.T) {
	dir := exampleDir(t)
	fromBundle := himitsuCmd(t, nil, "assess", "--as-of", exampleAsOf, "--format", "json", dir)
	if fromBundle.code != exitOK {
		t.Fatalf("got exit %d; stderr:\n%s", fromBundle.code, fromBundle.stderr)
	}
	for name, newDB := range databases(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, dir))
			fromDB := himitsuCmd(t, nil, "assess", "--purpose", "test", "--db", db, "--as-of", exampleAsOf, "--format", "json")
			if fromDB.code != exitOK {
				t.Fatalf("got exit %d; stderr:\n%s", fromDB.code, fromDB.stderr)
			}
			if fromDB.stdout != fromBundle.stdout {
				t.Errorf("the report from the database differs from the report from the bundle:\n%s",
					firstDifference([]byte(fromBundle.stdout), []byte(fromDB.stdout)))
			}
		})
	}
}
