package bundle

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	himitsu "github.com/himitsu-oss/himitsu"
)

// TestFormulaCellsGuarded: a text a spreadsheet would run as a formula is
// exported with an apostrophe in front, read back as the original text,
// and exported again to the same bytes, including texts that already
// start with apostrophes and negative numbers in text fields.
func TestFormulaCellsGuarded(t *testing.T) {
	ctx := context.Background()
	names := []string{
		`=cmd|' /C calc'!A0`, "+81 3 1234", "-5", "@SUM(A1)", "\tx", "\rx",
		"'=already", "''=twice", "'plain", "'", "''", "plain-name", "a=b", "-",
	}
	var csv strings.Builder
	csv.WriteString("id,kind,employer,name\np1,employee,o1,\np2,employee,o1,\n")
	for i, n := range names {
		csv.WriteString("q" + string(rune('a'+i)) + ",employee,o1," + csvQuote(n) + "\n")
	}
	src := writeBundle(t, map[string]string{"persons.csv": csv.String()})
	// The hand-written file has no guard: "'=already" is read as "=already".
	b, err := Read(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	for i := range names {
		b.Records.Persons[2+i].Name = names[i]
	}
	out1 := filepath.Join(t.TempDir(), "b1")
	if err := Write(ctx, out1, b.Records, b, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	written, err := os.ReadFile(filepath.Join(out1, "persons.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{",'=cmd|' /C calc'!A0,", ",'+81 3 1234,", ",'-5,", ",'@SUM(A1),", ",'\tx,", "\"'\rx\"", ",''=already,", ",'''=twice,", ",'plain,", ",a=b,", ",'-,"} {
		if !strings.Contains(string(written), want) {
			t.Errorf("persons.csv: got no %q in\n%s", want, written)
		}
	}
	back, err := Read(ctx, out1)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		if got := back.Records.Persons[2+i].Name; got != n {
			t.Errorf("name %d: got %q after a round trip, want %q", i, got, n)
		}
	}
	out2 := filepath.Join(t.TempDir(), "b2")
	if err := Write(ctx, out2, back.Records, back, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	again, _ := os.ReadFile(filepath.Join(out2, "persons.csv"))
	if string(again) != string(written) {
		t.Errorf("export → import → export changed persons.csv:\n%s\n---\n%s", written, again)
	}
}

func csvQuote(s string) string {
	if strings.ContainsAny(s, ",\"\r\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// TestEchoedInputEscaped: names of unknown columns, JSONL keys and YAML
// keys reach the message with their control characters escaped, so an
// escape sequence in a file cannot act on the terminal that shows it.
func TestEchoedInputEscaped(t *testing.T) {
	const esc = "\x1b]0;pwned\x07\x1b[2J"
	cases := []struct {
		name  string
		files map[string]string
	}{
		{"csv column", map[string]string{"persons.csv": "id,kind,employer," + esc + "\np1,employee,o1,x\n"}},
		{"jsonl key", map[string]string{"persons.csv": del, "persons.jsonl": `{"id":"p1","kind":"employee","employer":"o1","\u001b]0;pwned\u0007":1}` + "\n"}},
		{"yaml key", map[string]string{"carrier.yaml": baseYAML + "\"" + `\e]0;pwned\a` + "\": 1\n"}},
		{"yaml nested key", map[string]string{"carrier.yaml": strings.Replace(baseYAML, "  name: テスト通信\n", "  name: テスト通信\n  \""+`\e[2J`+"\": 1\n", 1)}},
		{"right-to-left override", map[string]string{"persons.csv": "id,kind,employer,a\u202Eb\np1,employee,o1,x\n"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := readAll(writeBundle(t, c.files))
			if err == nil {
				t.Fatal("got no error, want an unknown field")
			}
			for _, lang := range []string{"en", "ja"} {
				msg := localized(err, lang)
				if strings.ContainsAny(msg, "\x1b\x07\u202E") {
					t.Errorf("%s: got a raw control character in %q", lang, msg)
				}
				if !strings.Contains(msg, `\x1b`) && !strings.Contains(msg, `\u202e`) {
					t.Errorf("%s: got %q, want the key with its controls escaped", lang, msg)
				}
			}
		})
	}
}

func localized(err error, lang string) string {
	var es himitsu.Errors
	if errors.As(err, &es) {
		return es.Localized(lang)
	}
	var he *himitsu.Error
	if errors.As(err, &he) {
		return he.Localized(lang)
	}
	return err.Error()
}

// TestFreeTextWarnings: a phone number or an e-mail address in a summary,
// description or note is accepted but warned about, at file:line:field;
// dates, times and amounts are not taken for phone numbers.
func TestFreeTextWarnings(t *testing.T) {
	ctx := context.Background()
	yaml := strings.Replace(baseYAML, "    name: CDR\n", "    name: CDR\n    description: 問い合わせは yamada@example.co.jp まで\n", 1)
	complaints := "id,received_at,channel,category,summary\n" +
		"c1,2026-01-05T10:00:00+09:00,phone,other,お客様（０９０－１２３４－５６７８）から苦情\n" +
		"c2,2026-01-06T10:00:00+09:00,phone,other,\"2026-01-06 10:00 に受付、金額 1,000 円、ID 12345678\"\n" +
		"c3,2026-01-07T10:00:00+09:00,phone,other,+81 3 1234 5678 へ折り返し\n"
	dir := writeBundle(t, map[string]string{"carrier.yaml": yaml, "complaints.csv": complaints})
	b, err := Read(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range b.Warnings {
		got = append(got, fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Field))
	}
	want := []string{"carrier.yaml:14: datasets[0].description", "complaints.csv:2: summary", "complaints.csv:4: summary"}
	if !slices.Equal(got, want) {
		t.Errorf("got warnings %q, want %q", got, want)
	}
	ex, err := Read(ctx, exampleDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ex.Warnings {
		t.Errorf("example bundle: got warning %v, want none", w)
	}
}

// TestYAMLSyntaxErrorNamesPath: a syntax error, which leaves no tree,
// still names the key path of its line from the lines above it.
func TestYAMLSyntaxErrorNamesPath(t *testing.T) {
	var b strings.Builder
	b.WriteString(baseYAML + "incidents:\n")
	for i := range 4 {
		fmt.Fprintf(&b, "  - id: i%d\n    title: t\n    kind: leak\n", i)
	}
	b.WriteString("    known_at: 2026-01-01T10:00:00+09:00\n   summary: [x\n")
	_, _, err := parseCarrier([]byte(b.String()))
	var he *himitsu.Error
	if !errors.As(err, &he) {
		t.Fatalf("got %v, want a located error", err)
	}
	if !strings.HasPrefix(he.Field, "incidents[3].") {
		t.Errorf("got field %q in %q, want incidents[3].…", he.Field, he.Error())
	}
	for _, c := range []struct {
		text string
		line int
		want string
	}{
		{"a:\n  b:\n    c: 1\n", 3, "a.b.c"},
		{"a:\n  - x: 1\n  - x: 2\n    y: 3\n", 4, "a[1].y"},
		{"a:\n- x: 1\n- x: 2\n", 3, "a[1].x"},
		{"a: 1\nb:\n  c: 2\n", 3, "b.c"},
	} {
		if got := pathBeforeLine([]byte(c.text), c.line); got != c.want {
			t.Errorf("pathBeforeLine(%q, %d): got %q, want %q", c.text, c.line, got, c.want)
		}
	}
}

// TestLogDuplicateIDs: a duplicate ID in a log is found while streaming
// and located at file:line: id with the first line, whether the log is
// in ID order (no set is kept then) or not.
func TestLogDuplicateIDs(t *testing.T) {
	row := func(id string) string { return id + ",2026-01-01T00:00:00Z,p1,ds1,read\n" }
	cases := []struct {
		name string
		ids  []string
		want string // "" for no error
	}{
		{"in order", []string{"e1", "e2", "e9", "e10", "e11"}, ""},
		{"out of order, unique", []string{"e3", "e1", "e2", "e10"}, ""},
		{"adjacent", []string{"e1", "e2", "e2"}, `access_events.csv:4: id: duplicate id "e2" (first used on line 3)`},
		{"after disorder", []string{"e5", "e6", "e1", "e7", "e6"}, `access_events.csv:6: id: duplicate id "e6" (first used on line 3)`},
		{"first again", []string{"e1", "e2", "e3", "e1"}, `access_events.csv:5: id: duplicate id "e1" (first used on line 2)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("id,at,person,dataset,action\n")
			for _, id := range c.ids {
				b.WriteString(row(id))
			}
			err := readAll(writeBundle(t, map[string]string{"access_events.csv": b.String()}))
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("got %v, want no error", err)
			case c.want != "" && (err == nil || err.Error() != c.want):
				t.Fatalf("got %v, want %s", err, c.want)
			}
		})
	}
	k := newIDTracker("", "access_events.csv")
	for i, id := range []string{"a-1", "a-2", "a-10", "b-10"} {
		if k.seen(id, i+2) {
			t.Errorf("%s: got seen, want new", id)
		}
	}
	if k.set != nil {
		t.Errorf("got a set for IDs in order, want none kept")
	}
}

// TestErrorLimit: a bundle with more bad rows than the limit reports the
// first maxErrors in file order and says that it stopped.
func TestErrorLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,kind,employer\np1,employee,o1\np2,employee,o1\n")
	for i := range 150 {
		fmt.Fprintf(&b, "x%d,boss,o1\n", i)
	}
	err := readAll(writeBundle(t, map[string]string{"persons.csv": b.String()}))
	var es himitsu.Errors
	if !errors.As(err, &es) {
		t.Fatalf("got %v, want several errors", err)
	}
	if len(es) != maxErrors+1 {
		t.Fatalf("got %d errors, want %d and a note", len(es), maxErrors)
	}
	if es[0].Line != 4 || es[maxErrors-1].Line != 4+maxErrors-1 {
		t.Errorf("got lines %d … %d, want 4 … %d", es[0].Line, es[maxErrors-1].Line, 4+maxErrors-1)
	}
	if !strings.Contains(es[maxErrors].Error(), "stopped after 100 errors") {
		t.Errorf("got last %q, want the note that reading stopped", es[maxErrors].Error())
	}
}
