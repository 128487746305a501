package bundle

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

var update = flag.Bool("update", false, "rewrite golden files")

const exampleDir = "../../examples/minato-mobile"

const baseYAML = `format: himitsu-bundle/2
carrier:
  id: c1
  name: テスト通信
  registration: notified
  head_office_bureau: kanto
organisations:
  - id: o1
    name: テスト通信
    kind: carrier
datasets:
  - id: ds1
    name: CDR
    elements:
      - name: caller
        class: identifier
purposes:
  - id: pu1
    name: billing
    basis: lawful-business
    lawful_business: billing
`

var baseFiles = map[string]string{
	"carrier.yaml":      baseYAML,
	"persons.csv":       "id,kind,employer\np1,employee,o1\np2,employee,o1\n",
	"grants.csv":        "id,person,dataset,scope,granted_on\ng1,p1,ds1,read,2026-01-01\n",
	"access_events.csv": "id,at,person,dataset,action\ne1,2026-01-01T00:00:00Z,p1,ds1,read\n",
}

// del marks a base file to remove in a test case.
const del = "\x00delete"

// writeBundle writes the base bundle with some files replaced.
func writeBundle(t testing.TB, over map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{}
	for k, v := range baseFiles {
		files[k] = v
	}
	for k, v := range over {
		files[k] = v
	}
	for name, body := range files {
		if body == del {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// readAll reads a bundle and streams its logs.
func readAll(dir string) error {
	b, err := Read(context.Background(), dir)
	if err != nil {
		return err
	}
	return b.Validate(context.Background())
}

func TestBaseBundleIsValid(t *testing.T) {
	if err := readAll(writeBundle(t, nil)); err != nil {
		t.Fatalf("got %v, want no error", err)
	}
}

func TestExample(t *testing.T) {
	b, err := Read(context.Background(), exampleDir)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if err := b.Validate(context.Background()); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	var events, entries int
	b.AccessEvents(context.Background(), func(*himitsu.AccessEvent) error { events++; return nil })
	b.EntryLogs(context.Background(), func(*himitsu.EntryLog) error { entries++; return nil })
	r := b.Records
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"persons", len(r.Persons), 13},
		{"datasets", len(r.DataSets), 5},
		{"complaints", len(r.Complaints), 6},
		{"consents", len(r.Consents), 8},
		{"attestations", len(r.Attestations), 2},
		{"access events", events, 30},
		{"entry logs", entries, 10},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, c.got, c.want)
		}
	}
	if got := r.Incidents[0].KnownAt.Location(); got.String() != "UTC" {
		t.Errorf("known_at location: got %v, want UTC", got)
	}
}

// TestRoundTrip checks that export → import → export gives the same bytes,
// in both tabular forms, and that CSV and JSONL carry the same records.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	write := func(src, form string) string {
		t.Helper()
		b, err := Read(ctx, src)
		if err != nil {
			t.Fatalf("Read %s: %v", src, err)
		}
		out := filepath.Join(t.TempDir(), "bundle")
		if err := Write(ctx, out, b.Records, b, WriteOptions{Tabular: form}); err != nil {
			t.Fatalf("Write: %v", err)
		}
		return out
	}
	first := write(exampleDir, "csv")
	second := write(first, "csv")
	sameFiles(t, first, second)

	j1 := write(exampleDir, "jsonl")
	j2 := write(j1, "jsonl")
	sameFiles(t, j1, j2)
	sameFiles(t, first, write(j1, "csv"))
}

func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	names := func(dir string) []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var n []string
		for _, e := range entries {
			n = append(n, e.Name())
		}
		return n
	}
	na, nb := names(a), names(b)
	if !slices.Equal(na, nb) {
		t.Fatalf("files: got %v, want %v", nb, na)
	}
	if len(na) < 10 {
		t.Fatalf("only %d files written: %v", len(na), na)
	}
	for _, n := range na {
		x, _ := os.ReadFile(filepath.Join(a, n))
		y, _ := os.ReadFile(filepath.Join(b, n))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs after a round trip:\n%s\n---\n%s", n, x, y)
		}
	}
}

func TestWriteRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x"), nil, 0o600)
	err := Write(context.Background(), dir, &himitsu.Records{}, nil, WriteOptions{})
	if himitsu.ErrorKind(err) != himitsu.KindConflict {
		t.Fatalf("got %v, want a conflict error", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary folder %s left behind", e.Name())
		}
	}
}

func TestWriteIntoEmptyDir(t *testing.T) {
	b, err := Read(context.Background(), writeBundle(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := Write(context.Background(), dir, b.Records, b, WriteOptions{}); err != nil {
		t.Fatalf("got %v, want no error", err)
	}
	if err := readAll(dir); err != nil {
		t.Fatalf("reading the written bundle: got %v, want no error", err)
	}
}

func TestBadInput(t *testing.T) {
	yaml := func(old, new string) map[string]string {
		if !strings.Contains(baseYAML, old) {
			panic("test case: " + old)
		}
		return map[string]string{"carrier.yaml": strings.Replace(baseYAML, old, new, 1)}
	}
	cases := []struct {
		name  string
		files map[string]string
		want  string // prefix of the error; "" for no error
	}{
		{"ok with BOM", map[string]string{"persons.csv": "\xef\xbb\xbfid,kind,employer\np1,employee,o1\n"}, ""},
		{"ok with CRLF and quotes", map[string]string{"persons.csv": "id,kind,employer,unit\r\np1,employee,o1,\"A, B \"\"x\"\"\"\r\n"}, ""},
		{"ok persons.jsonl", map[string]string{"persons.csv": del, "persons.jsonl": `{"id":"p1","kind":"employee","employer":"o1"}` + "\n\n" + `{"id":"p2","kind":"employee","employer":"o1","joined_on":null}` + "\n"}, ""},
		{"ok no logs", map[string]string{"access_events.csv": del}, ""},

		{"yaml empty file", map[string]string{"carrier.yaml": ""}, "carrier.yaml:1: the file is empty"},
		{"yaml only comments", map[string]string{"carrier.yaml": "# nothing\n\n"}, "carrier.yaml:1: the file is empty"},
		{"yaml missing file", map[string]string{"carrier.yaml": del}, "carrier.yaml: cannot be read"},
		{"yaml syntax error", yaml("  name: テスト通信\n", "  name: [テスト通信\n"), "carrier.yaml:5: "},
		{"yaml unknown field", yaml("  registration: notified\n", "  colour: red\n  registration: notified\n"), "carrier.yaml:5: carrier.colour: unknown field"},
		{"yaml unknown nested field", yaml("        class: identifier\n", "        class: identifier\n        klass: x\n"), "carrier.yaml:17: datasets[0].elements[0].klass: unknown field"},
		{"yaml tabular section", map[string]string{"carrier.yaml": baseYAML + "persons:\n  - id: p1\n"}, "carrier.yaml:22: persons: unknown field: persons is a tabular register"},
		{"yaml wrong type", yaml("  head_office_bureau: kanto\n", "  head_office_bureau: kanto\n  subscribers: many\n"), "carrier.yaml:7: carrier.subscribers: has the wrong type: want a whole number"},
		{"yaml wrong type list", yaml("    elements:\n      - name: caller\n        class: identifier\n", "    elements: caller\n"), "carrier.yaml:14: datasets[0].elements: has the wrong type"},
		{"yaml missing required", yaml("    name: CDR\n", ""), "carrier.yaml:12: datasets[0].name: is required"},
		{"yaml missing carrier", yaml("carrier:\n  id: c1\n  name: テスト通信\n  registration: notified\n  head_office_bureau: kanto\n", ""), "carrier.yaml:1: carrier.id: is required"},
		{"yaml bad enum", yaml("class: identifier", "class: adress"), "carrier.yaml:16: datasets[0].elements[0].class: \"adress\" is not one of"},
		{"yaml bad date", yaml("    kind: carrier\n", "    kind: carrier\n    contract_start: 2026-02-30\n"), "carrier.yaml:11: organisations[0].contract_start: \"2026-02-30\" is not a date"},
		{"yaml bad time", map[string]string{"carrier.yaml": baseYAML + "incidents:\n  - id: i1\n    title: t\n    kind: leak\n    known_at: 2026-01-01 10:00\n"}, "carrier.yaml:26: incidents[0].known_at: \"2026-01-01 10:00\" is not a time"},
		{"yaml time without offset", map[string]string{"carrier.yaml": baseYAML + "incidents:\n  - id: i1\n    title: t\n    kind: leak\n    known_at: \"2026-01-01T10:00:00\"\n"}, "carrier.yaml:26: incidents[0].known_at:"},
		{"yaml duplicate id", yaml("    kind: carrier\n", "    kind: carrier\n  - id: o1\n    name: x\n    kind: contractor\n"), "carrier.yaml:11: organisations[1].id: duplicate id \"o1\" (first used on line 8)"},
		{"yaml broken reference", yaml("    kind: carrier\n", "    kind: carrier\n    parent: o9\n"), "carrier.yaml:11: organisations[0].parent: refers to unknown organisations \"o9\""},
		{"yaml reference into csv", map[string]string{"carrier.yaml": baseYAML + "policies:\n  - id: pol1\n    title: t\n    kind: terms\n    approved_by: p9\n"}, "carrier.yaml:26: policies[0].approved_by: refers to unknown persons \"p9\""},
		{"yaml format missing", yaml("format: himitsu-bundle/2\n", ""), "carrier.yaml:1: format: is required"},
		{"yaml format unknown", yaml("format: himitsu-bundle/2\n", "format: himitsu-bundle/3\n"), "carrier.yaml:1: format: unsupported bundle format \"himitsu-bundle/3\""},
		{"yaml not utf-8", yaml("  name: テスト通信\n", "  name: \xff\xfe\n"), "carrier.yaml:4: is not valid UTF-8"},
		{"yaml duplicate key", yaml("  id: c1\n", "  id: c1\n  id: c2\n"), "carrier.yaml:4"},
		{"yaml two documents", map[string]string{"carrier.yaml": baseYAML + "---\nformat: himitsu-bundle/2\n"}, "carrier.yaml:1: must hold exactly one YAML document"},
		{"yaml not a mapping", map[string]string{"carrier.yaml": "- a\n- b\n"}, "carrier.yaml:1: must be a mapping"},

		{"csv unknown column", map[string]string{"persons.csv": "id,kind,employer,colour\np1,employee,o1,red\n"}, "persons.csv:1: colour: unknown column"},
		{"csv repeated column", map[string]string{"persons.csv": "id,kind,employer,kind\np1,employee,o1,employee\n"}, "persons.csv:1: kind: the column appears twice"},
		{"csv missing required column", map[string]string{"persons.csv": "id,kind\np1,employee\n"}, "persons.csv:1: employer: required column is missing"},
		{"csv wrong type bool", map[string]string{"accounts.csv": "id,system,person,shared\na1,crm,p1,yes\n"}, "accounts.csv:2: shared: \"yes\" is not a boolean"},
		{"csv wrong type int", map[string]string{"access_events.csv": "id,at,person,dataset,action,records\ne1,2026-01-01T00:00:00Z,p1,ds1,read,many\n"}, "access_events.csv:2: records: \"many\" is not a whole number"},
		{"csv bad date", map[string]string{"grants.csv": "id,person,dataset,scope,granted_on\ng1,p1,ds1,read,2026-13-01\n"}, "grants.csv:2: granted_on: \"2026-13-01\" is not a date"},
		{"csv bad time", map[string]string{"access_events.csv": "id,at,person,dataset,action\ne1,2026-01-01 00:00,p1,ds1,read\n"}, "access_events.csv:2: at: \"2026-01-01 00:00\" is not a time"},
		{"csv bad time in generic reader", map[string]string{"takeouts.csv": "id,person,device,taken_at\nt1,p1,LT-1,2026-01-01T09:00:00\n"}, "takeouts.csv:2: taken_at: \"2026-01-01T09:00:00\" is not a time"},
		{"csv bad enum", map[string]string{"persons.csv": "id,kind,employer\np1,employee,o1\np2,boss,o1\n"}, "persons.csv:3: kind: \"boss\" is not one of"},
		{"csv missing value", map[string]string{"persons.csv": "id,kind,employer\np1,employee,\n"}, "persons.csv:2: employer: is required"},
		{"csv broken reference", map[string]string{"grants.csv": "id,person,dataset,scope,granted_on\ng1,p1,ds9,read,2026-01-01\n"}, "grants.csv:2: dataset: refers to unknown datasets \"ds9\""},
		{"csv duplicate id", map[string]string{"persons.csv": "id,kind,employer\np1,employee,o1\np1,employee,o1\n"}, "persons.csv:3: id: duplicate id \"p1\" (first used on line 2)"},
		{"csv bare quote", map[string]string{"persons.csv": "id,kind,employer\np1,emp\"loyee,o1\n"}, "persons.csv:2: kind: a \" appears in a cell"},
		{"csv text after quote", map[string]string{"persons.csv": "id,kind,employer\np1,\"employee\"x,o1\n"}, "persons.csv:2: kind: unexpected text after the closing quote"},
		{"csv unclosed quote", map[string]string{"persons.csv": "id,kind,employer\np1,employee,o1\np2,\"employee,o1\n"}, "persons.csv:3: kind: a quoted cell is not closed"},
		{"csv cell count", map[string]string{"persons.csv": "id,kind,employer\np1,employee\n"}, "persons.csv:2: the row has 2 cells, the header has 3"},
		{"csv not utf-8", map[string]string{"persons.csv": "id,kind,employer\np1,emp\xffloyee,o1\n"}, "persons.csv:2: kind: is not valid UTF-8"},
		{"csv empty file", map[string]string{"persons.csv": ""}, "persons.csv:1: the file is empty"},
		{"csv error after multi-line cell", map[string]string{"persons.csv": "id,unit,kind,employer\np1,\"a\nb\",boss,o1\n"}, "persons.csv:3: kind: \"boss\" is not one of"},
		{"csv reference after multi-line record", map[string]string{"persons.csv": "id,unit,kind,employer\np1,\"a\nb\nc\",employee,o1\np2,x,employee,o1\n", "grants.csv": "id,person,dataset,scope,granted_on\ng1,p1,ds1,read,2026-01-01\ng2,\"p\n9\",ds1,read,2026-01-01\n"}, "grants.csv:3: person: \"p\\n9\" is not a valid ID"},
		{"both forms", map[string]string{"persons.jsonl": `{"id":"p1","kind":"employee","employer":"o1"}` + "\n"}, "persons.csv: both persons.csv and persons.jsonl exist"},
		{"unknown file", map[string]string{"person.csv": "id\n"}, "person.csv: is not a file of the bundle format"},

		{"jsonl unknown field", map[string]string{"persons.csv": del, "persons.jsonl": `{"id":"p1","kind":"employee","employer":"o1","colour":"red"}` + "\n"}, "persons.jsonl:1: colour: unknown field"},
		{"jsonl wrong type", map[string]string{"persons.csv": del, "persons.jsonl": `{"id":"p1","kind":"employee","employer":"o1","joined_on":20260101}` + "\n"}, "persons.jsonl:1: joined_on: must be a date string, got a number"},
		{"jsonl repeated key", map[string]string{"persons.csv": del, "persons.jsonl": `{"id":"p1","kind":"employee","employer":"o1","id":"p2"}` + "\n"}, "persons.jsonl:1: id: the field appears twice"},
		{"jsonl malformed", map[string]string{"persons.csv": del, "persons.jsonl": `{"id":"p1",` + "\n"}, "persons.jsonl:1: the JSON object is not complete"},
		{"jsonl two objects", map[string]string{"persons.csv": del, "persons.jsonl": `{"id":"p1","kind":"employee","employer":"o1"} {}` + "\n"}, "persons.jsonl:1: a line must hold exactly one JSON object"},
		{"jsonl line after blank", map[string]string{"persons.csv": del, "persons.jsonl": `{"id":"p1","kind":"employee","employer":"o1"}` + "\n\n" + `{"id":"p2","kind":"boss","employer":"o1"}` + "\n"}, "persons.jsonl:3: kind: \"boss\" is not one of"},
		{"jsonl empty", map[string]string{"persons.csv": del, "persons.jsonl": "\n"}, "persons.jsonl:1: the file is empty"},
		{"jsonl not utf-8", map[string]string{"persons.csv": del, "persons.jsonl": "{\"id\":\"p\xff\"}\n"}, "persons.jsonl:1: is not valid UTF-8"},

		{"stream bad action", map[string]string{"access_events.csv": "id,at,person,dataset,action\ne1,2026-01-01T00:00:00Z,p1,ds1,read\ne2,2026-01-01T00:00:00Z,p1,ds1,erase\n"}, "access_events.csv:3: action: \"erase\" is not one of"},
		{"stream missing required", map[string]string{"access_events.csv": "id,at,person,dataset,action\ne1,,p1,ds1,read\n"}, "access_events.csv:2: at: is required"},
		{"stream broken reference", map[string]string{"access_events.csv": "id,at,person,dataset,action\ne1,2026-01-01T00:00:00Z,p1,ds9,read\n"}, "access_events.csv:2: dataset: refers to unknown datasets \"ds9\""},
		{"stream unknown column", map[string]string{"access_events.csv": "id,at,person,dataset,action,colour\n"}, "access_events.csv:1: colour: unknown column"},
		{"stream jsonl bad action", map[string]string{"access_events.csv": del, "access_events.jsonl": `{"id":"e1","at":"2026-01-01T00:00:00Z","person":"p1","dataset":"ds1","action":"erase"}` + "\n"}, "access_events.jsonl:1: action: \"erase\" is not one of"},
		{"stream entry log reference", map[string]string{"entry_logs.csv": "id,area,person,direction,at\nn1,area9,p1,in,2026-01-01T00:00:00Z\n"}, "entry_logs.csv:2: area: refers to unknown areas \"area9\""},
		{"stream entry log bad enum", map[string]string{"entry_logs.jsonl": `{"id":"n1","area":"a","person":"p1","direction":"up","at":"2026-01-01T00:00:00Z"}` + "\n"}, "entry_logs.jsonl:1: direction: \"up\" is not one of"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := readAll(writeBundle(t, c.files))
			if c.want == "" {
				if err != nil {
					t.Fatalf("got %v, want no error", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("got no error, want %q", c.want)
			}
			var he *himitsu.Error
			if !errors.As(err, &he) || he.Kind != himitsu.KindInvalid {
				t.Fatalf("got %T %v, want a *himitsu.Error of kind invalid", err, err)
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("got %q, want prefix %q", err.Error(), c.want)
			}
			// Every input error also reads in Japanese, at the same place.
			if he.MsgJA == "" || he.MsgJA == he.Msg {
				t.Errorf("got Japanese message %q for %q, want a translation", he.MsgJA, he.Msg)
			}
			want := strings.Replace(he.Error(), he.Msg, he.MsgJA, 1)
			if ja := he.Localized("ja"); ja != want {
				t.Errorf("ja: got %q, want %q", ja, want)
			}
		})
	}
}

func TestReadErrorsJapanese(t *testing.T) {
	yaml := func(old, new string) map[string]string {
		if !strings.Contains(baseYAML, old) {
			t.Fatalf("test case: %q is not in the base carrier.yaml", old)
		}
		return map[string]string{"carrier.yaml": strings.Replace(baseYAML, old, new, 1)}
	}
	cases := []struct {
		name  string
		files map[string]string
		want  string // Localized("ja")
	}{
		{"csv bad date", map[string]string{"grants.csv": "id,person,dataset,scope,granted_on\ng1,p1,ds1,read,2026-13-01\n"}, "grants.csv:2: granted_on: 「2026-13-01」は YYYY-MM-DD 形式の日付ではない"},
		{"csv bad enum", map[string]string{"persons.csv": "id,kind,employer\np1,employee,o1\np2,boss,o1\n"}, "persons.csv:3: kind: 「boss」は " + strings.Join(himitsu.PersonKind("").Values(), ", ") + " のいずれでもない"},
		{"csv bad time in stream", map[string]string{"access_events.csv": "id,at,person,dataset,action\ne1,2026-01-01 00:00,p1,ds1,read\n"}, "access_events.csv:2: at: 「2026-01-01 00:00」はオフセット付きの RFC 3339 形式の日時（例 2026-08-21T16:30:00+09:00）ではない"},
		{"csv broken reference", map[string]string{"grants.csv": "id,person,dataset,scope,granted_on\ng1,p1,ds9,read,2026-01-01\n"}, "grants.csv:2: dataset: 参照先の datasets「ds9」が存在しない"},
		{"csv duplicate id", map[string]string{"persons.csv": "id,kind,employer\np1,employee,o1\np1,employee,o1\n"}, "persons.csv:3: id: ID「p1」が重複している（最初の使用は 2 行目）"},
		{"csv newline in a bad value stays on one line", map[string]string{"grants.csv": "id,person,dataset,scope,granted_on\ng1,\"p\n9\",ds1,read,2026-01-01\n"}, `grants.csv:2: person: 「p\n9」は ID として不正である（英数字及び . _ : @ / - からなる128文字以内で、先頭は英数字）`},
		{"csv cell count", map[string]string{"persons.csv": "id,kind,employer\np1,employee\n"}, "persons.csv:2: 行のセル数 2 が見出しの列数 3 と一致しない"},
		{"jsonl wrong type", map[string]string{"persons.csv": del, "persons.jsonl": `{"id":"p1","kind":"employee","employer":"o1","joined_on":20260101}` + "\n"}, "persons.jsonl:1: joined_on: 日付の文字列でなければならないが、数値「20260101」である"},
		{"yaml missing required", yaml("    name: CDR\n", ""), "carrier.yaml:12: datasets[0].name: 必須である"},
		{"yaml tabular section", map[string]string{"carrier.yaml": baseYAML + "persons:\n  - id: p1\n"}, "carrier.yaml:22: persons: 不明な項目である。persons は表形式の台帳であり、persons.csv 又は persons.jsonl に記載する"},
		{"yaml wrong type", yaml("  head_office_bureau: kanto\n", "  head_office_bureau: kanto\n  subscribers: many\n"), "carrier.yaml:7: carrier.subscribers: 型が誤っている（整数でなければならないが、「many」である）"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := readAll(writeBundle(t, c.files))
			var he *himitsu.Error
			if !errors.As(err, &he) {
				t.Fatalf("got %T %v, want a *himitsu.Error", err, err)
			}
			if got := he.Localized("ja"); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestRoundTripIncidentWork: the incident's working fields (origin, data
// and people involved, evidence, root cause, closure), the measures'
// owner, status and verification, the notices' kind, and the
// classification history leave a bundle as they entered it.
func TestRoundTripIncidentWork(t *testing.T) {
	ctx := context.Background()
	rec, ev := storetest.Fixture("a")
	// A bundle holds one carrier and does not repeat its ID in records.
	want := *rec
	want.Incidents = slices.Clone(rec.Incidents)
	want.IncidentClassifications = slices.Clone(rec.IncidentClassifications)
	want.RecurrenceMeasures = slices.Clone(rec.RecurrenceMeasures)
	want.Notifications = slices.Clone(rec.Notifications)
	for i := range want.Incidents {
		want.Incidents[i].CarrierID = ""
	}
	for i := range want.IncidentClassifications {
		want.IncidentClassifications[i].CarrierID = ""
	}
	for i := range want.RecurrenceMeasures {
		want.RecurrenceMeasures[i].CarrierID = ""
	}
	for i := range want.Notifications {
		want.Notifications[i].CarrierID = ""
	}
	for _, form := range []string{"csv", "jsonl"} {
		out := filepath.Join(t.TempDir(), "bundle")
		if err := Write(ctx, out, rec, ev, WriteOptions{Tabular: form}); err != nil {
			t.Fatalf("Write: %v", err)
		}
		b, err := Read(ctx, out)
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		got := b.Records
		for _, c := range []struct {
			name      string
			got, want any
		}{
			{"incidents", got.Incidents, want.Incidents},
			{"incident_classifications", got.IncidentClassifications, want.IncidentClassifications},
			{"recurrence_measures", got.RecurrenceMeasures, want.RecurrenceMeasures},
			{"notifications", got.Notifications, want.Notifications},
		} {
			if d := storetest.Diff(c.got, c.want); d != "" {
				t.Errorf("%s (%s): %s", c.name, form, d)
			}
		}
		if len(got.IncidentClassifications) == 0 || len(got.Incidents[0].Evidence) == 0 || got.RecurrenceMeasures[0].Owner == "" {
			t.Fatalf("%s: the fixture's incident work did not come back: %+v", form, got.IncidentClassifications)
		}
	}
}
