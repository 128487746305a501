package bundle

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
)

// probe is one malformed bundle: the base bundle with some files replaced
// (or made by setup), the class of defect it belongs to, a piece of the
// English message that shows the right reason, and the offending value
// that the message must echo (quoted, with its controls escaped).
type probe struct {
	class, name string
	files       map[string]string
	setup       func(t *testing.T, dir string) // makes files the map cannot (pipes, links, sparse files)
	want        string                         // part of the first error's English text
	echo        string                         // part of both messages: the value, as quoted
	noLine      bool                           // a whole-file problem: no line to give
}

// probes generates the corpus: every class of malformed input the bundle
// reader knows, several ways each, across carrier.yaml, CSV and JSONL.
func probes() []probe {
	var ps []probe
	add := func(class, name string, files map[string]string, want, echo string) {
		ps = append(ps, probe{class: class, name: name, files: files, want: want, echo: echo})
	}
	yamlRepl := func(old, new string) map[string]string {
		if !strings.Contains(baseYAML, old) {
			panic("probe: " + old)
		}
		return map[string]string{"carrier.yaml": strings.Replace(baseYAML, old, new, 1)}
	}
	carrierKey := func(kv string) map[string]string {
		return yamlRepl("  head_office_bureau: kanto\n", "  head_office_bureau: kanto\n  "+kv+"\n")
	}
	incident := func(lines string) map[string]string {
		return map[string]string{"carrier.yaml": baseYAML + "incidents:\n  - id: i1\n    title: t\n    kind: leak\n" + lines}
	}
	persons := func(body string) map[string]string {
		return map[string]string{"persons.csv": "id,kind,employer,name,joined_on\np1,employee,o1,,\np2,employee,o1,,\n" + body}
	}
	personsJSON := func(line string) map[string]string {
		return map[string]string{"persons.csv": del, "persons.jsonl": `{"id":"p1","kind":"employee","employer":"o1"}` + "\n" + `{"id":"p2","kind":"employee","employer":"o1"}` + "\n" + line + "\n"}
	}
	events := func(rows string) map[string]string {
		return map[string]string{"access_events.csv": "id,at,person,dataset,action,records,subscriber\ne1,2026-01-01T00:00:00Z,p1,ds1,read,,\n" + rows}
	}
	eventsJSON := func(line string) map[string]string {
		return map[string]string{"access_events.csv": del, "access_events.jsonl": `{"id":"e1","at":"2026-01-01T00:00:00Z","person":"p1","dataset":"ds1","action":"read"}` + "\n" + line + "\n"}
	}
	grants := func(row string) map[string]string {
		return map[string]string{"grants.csv": "id,person,dataset,scope,granted_on\ng1,p1,ds1,read,2026-01-01\n" + row + "\n"}
	}

	// Wrong type, and values the YAML decoder used to convert.
	for _, v := range []string{"many", "1.9", `"48200"`, "0x10", "1e3", "true", "0o17", "1_000", "+5", "012", ".inf"} {
		echo := strings.Trim(v, `"`)
		add("wrong type", "yaml int "+v, carrierKey("subscribers: "+v), "whole number", echo)
	}
	add("wrong type", "yaml int list", carrierKey("subscribers: [1]"), "got a list", "")
	add("wrong type", "yaml text float", yamlRepl("    name: CDR\n", "    name: 1.10\n"), "put it in quotes", "1.10")
	add("wrong type", "yaml text bool", yamlRepl("    name: CDR\n", "    name: True\n"), "put it in quotes", "True")
	add("wrong type", "yaml text hex", yamlRepl("    name: CDR\n", "    name: 0x1F\n"), "put it in quotes", "0x1F")
	add("wrong type", "yaml mapping for text", yamlRepl("    name: CDR\n", "    name: {a: b}\n"), "got a mapping", "")
	add("wrong type", "jsonl number for date", personsJSON(`{"id":"p3","kind":"employee","employer":"o1","joined_on":20260101}`), "got a number", "20260101")
	add("wrong type", "jsonl string for int", eventsJSON(`{"id":"e2","at":"2026-01-01T00:00:00Z","person":"p1","dataset":"ds1","action":"read","records":"5"}`), "got a string", "5")
	add("wrong type", "jsonl fraction for int", eventsJSON(`{"id":"e2","at":"2026-01-01T00:00:00Z","person":"p1","dataset":"ds1","action":"read","records":1.5}`), "not a whole number", "1.5")
	add("wrong type", "csv int", events("e2,2026-01-01T00:00:00Z,p1,ds1,read,many,\n"), "not a whole number", "many")
	add("wrong type", "csv negative int", events("e2,2026-01-01T00:00:00Z,p1,ds1,read,-5,\n"), "not a whole number", "-5")
	add("wrong type", "csv bool", map[string]string{"accounts.csv": "id,system,person,shared\na1,crm,p1,yes\n"}, "not a boolean", "yes")

	// YAML tags.
	for _, v := range []string{"!!binary /w==", "!!str 5", "!custom x", "!!int \"5\""} {
		add("yaml tag", v, yamlRepl("    name: CDR\n", "    name: "+v+"\n"), "tags are not accepted", strings.Fields(v)[0])
	}
	add("yaml tag", "merge key", map[string]string{"carrier.yaml": strings.Replace(baseYAML, "organisations:\n  - id: o1\n", "organisations:\n  - &o\n    id: o1\n", 1) + "services:\n  - <<: *o\n    id: s1\n"}, "merge keys", "")

	// Unknown fields and columns.
	add("unknown field", "yaml top-level key", map[string]string{"carrier.yaml": baseYAML + "colour: red\n"}, "unknown field", "colour")
	add("unknown field", "yaml nested key", yamlRepl("        class: identifier\n", "        class: identifier\n        klass: x\n"), "unknown field", "klass")
	add("unknown field", "yaml tabular section", map[string]string{"carrier.yaml": baseYAML + "persons:\n  - id: p1\n"}, "tabular register", "persons")
	add("unknown field", "csv column", map[string]string{"persons.csv": "id,kind,employer,colour\np1,employee,o1,red\n"}, "unknown column", "colour")
	add("unknown field", "jsonl key", personsJSON(`{"id":"p3","kind":"employee","employer":"o1","colour":"red"}`), "unknown field", "colour")
	add("unknown field", "stream csv column", map[string]string{"access_events.csv": "id,at,person,dataset,action,colour\n"}, "unknown column", "colour")
	add("unknown field", "stream jsonl key", eventsJSON(`{"id":"e2","colour":1}`), "unknown field", "colour")

	// Missing required fields and columns.
	add("missing field", "yaml required", yamlRepl("    name: CDR\n", ""), "is required", "")
	add("missing field", "yaml carrier id", yamlRepl("  id: c1\n", ""), "is required", "")
	add("missing field", "csv column", map[string]string{"persons.csv": "id,kind\np1,employee\n"}, "required column is missing", "employer")
	add("missing field", "csv empty cell", persons("p3,employee,,,\n"), "is required", "")
	add("missing field", "jsonl key", personsJSON(`{"id":"p3","kind":"employee"}`), "is required", "")
	add("missing field", "stream cell", events("e2,,p1,ds1,read,,\n"), "is required", "")

	// Broken references.
	add("broken reference", "csv grant dataset", grants("g2,p1,ds9,read,2026-01-01"), "refers to unknown datasets", "ds9")
	add("broken reference", "csv grant person", grants("g2,p9,ds1,read,2026-01-01"), "refers to unknown persons", "p9")
	add("broken reference", "yaml parent", yamlRepl("    kind: carrier\n", "    kind: carrier\n    parent: o9\n"), "refers to unknown organisations", "o9")
	add("broken reference", "yaml into csv", map[string]string{"carrier.yaml": baseYAML + "policies:\n  - id: pol1\n    title: t\n    kind: terms\n    approved_by: p9\n"}, "refers to unknown persons", "p9")
	add("broken reference", "stream dataset", events("e2,2026-01-01T00:00:00Z,p1,ds9,read,,\n"), "refers to unknown datasets", "ds9")
	add("broken reference", "stream jsonl person", eventsJSON(`{"id":"e2","at":"2026-01-01T00:00:00Z","person":"p9","dataset":"ds1","action":"read"}`), "refers to unknown persons", "p9")
	add("broken reference", "entry log area", map[string]string{"entry_logs.csv": "id,area,person,direction,at\nn1,area9,p1,in,2026-01-01T00:00:00Z\n"}, "refers to unknown areas", "area9")

	// Bad dates and times.
	for _, d := range []string{"2026-13-01", "2026-02-30", "2026/01/01", "26-01-01", "2026-1-1"} {
		add("bad date", "csv "+d, grants("g2,p1,ds1,read,"+d), "is not a date", d)
	}
	add("bad date", "yaml", yamlRepl("    kind: carrier\n", "    kind: carrier\n    contract_start: 2026-02-30\n"), "is not a date", "2026-02-30")
	add("bad date", "jsonl", personsJSON(`{"id":"p3","kind":"employee","employer":"o1","joined_on":"2026-02-30"}`), "is not a date", "2026-02-30")
	for _, tm := range []string{"2026-01-01 00:00", "2026-01-01T00:00:00", "2026-01-01t00:00:00z", "2026-01-01T25:00:00Z", "2026-01-01T00:00:00+9:00"} {
		add("bad time", "stream "+tm, events("e2,"+tm+",p1,ds1,read,,\n"), "is not a time", tm)
	}
	add("bad time", "yaml", incident("    known_at: 2026-01-01 10:00\n"), "is not a time", "2026-01-01 10:00")
	add("bad time", "takeouts", map[string]string{"takeouts.csv": "id,person,device,taken_at\nt1,p1,LT-1,2026-01-01T09:00:00\n"}, "is not a time", "2026-01-01T09:00:00")

	// Duplicate keys and IDs.
	add("duplicate key", "yaml mapping key", yamlRepl("  id: c1\n", "  id: c1\n  id: c2\n"), "", "")
	add("duplicate key", "jsonl key", personsJSON(`{"id":"p3","kind":"employee","employer":"o1","id":"p4"}`), "appears twice", "")
	add("duplicate key", "csv column", map[string]string{"persons.csv": "id,kind,employer,kind\np1,employee,o1,employee\n"}, "appears twice", "")
	add("duplicate id", "csv register", persons("p1,employee,o1,,\n"), "duplicate id", "p1")
	add("duplicate id", "yaml section", yamlRepl("    kind: carrier\n", "    kind: carrier\n  - id: o1\n    name: x\n    kind: contractor\n"), "duplicate id", "o1")
	add("duplicate id", "jsonl register", personsJSON(`{"id":"p1","kind":"employee","employer":"o1"}`), "duplicate id", "p1")
	add("duplicate id", "access log csv", events("e2,2026-01-01T00:00:00Z,p1,ds1,read,,\ne1,2026-01-01T00:00:00Z,p1,ds1,read,,\n"), "duplicate id", "e1")
	add("duplicate id", "access log jsonl", eventsJSON(`{"id":"e1","at":"2026-01-01T00:00:00Z","person":"p1","dataset":"ds1","action":"read"}`), "duplicate id", "e1")
	add("duplicate id", "entry log", map[string]string{
		"carrier.yaml":   baseYAML + "areas:\n  - id: a1\n    name: DC\n    kind: controlled\n    access_control: card\n",
		"entry_logs.csv": "id,area,person,direction,at\nn1,a1,p1,in,2026-01-01T00:00:00Z\nn1,a1,p1,out,2026-01-01T01:00:00Z\n"}, "duplicate id", "n1")

	// Values outside their enumeration.
	add("bad enum", "csv person kind", persons("p3,boss,o1,,\n"), "is not one of", "boss")
	add("bad enum", "stream action", events("e2,2026-01-01T00:00:00Z,p1,ds1,erase,,\n"), "is not one of", "erase")
	add("bad enum", "yaml registration", yamlRepl("  registration: notified\n", "  registration: maybe\n"), "is not one of", "maybe")
	add("bad enum", "yaml element class", yamlRepl("class: identifier", "class: adress"), "is not one of", "adress")
	add("bad enum", "jsonl kind", personsJSON(`{"id":"p3","kind":"boss","employer":"o1"}`), "is not one of", "boss")

	// Bad CSV quoting.
	add("bad quoting", "bare quote", persons("p3,emp\"loyee,o1,,\n"), "appears in a cell", "")
	add("bad quoting", "text after quote", persons("p3,\"employee\"x,o1,,\n"), "after the closing quote", "")
	add("bad quoting", "unclosed quote", persons("p3,\"employee,o1,,\n"), "not closed", "")
	add("bad quoting", "cell count", persons("p3,employee\n"), "cells, the header has", "")
	add("bad quoting", "stream bare quote", events("e2,2026\"-01,p1,ds1,read,,\n"), "appears in a cell", "")

	// Text that is not UTF-8.
	add("not utf-8", "yaml", yamlRepl("  name: テスト通信\n", "  name: \xff\xfe\n"), "not valid UTF-8", "")
	add("not utf-8", "csv cell", persons("p3,employee,o1,\xff,\n"), "not valid UTF-8", "")
	add("not utf-8", "csv header", map[string]string{"persons.csv": "id,kind,employer,\xff\np1,employee,o1,x\n"}, "not valid UTF-8", "")
	add("not utf-8", "jsonl", personsJSON("{\"id\":\"p\xff\"}"), "not valid UTF-8", "")
	add("not utf-8", "stream cell", events("e2,2026-01-01T00:00:00Z,p1,ds1,read,,\xff\n"), "not valid UTF-8", "")

	// YAML syntax errors, which must still name the key path.
	add("yaml syntax", "unclosed flow", yamlRepl("  name: テスト通信\n", "  name: [テスト通信\n"), "carrier", "")
	add("yaml syntax", "bad indentation in a list", incident("    known_at: 2026-01-01T10:00:00+09:00\n   summary: x\n"), "incidents", "")
	add("yaml syntax", "unclosed quote", yamlRepl("    name: CDR\n", "    name: \"CDR\n"), "", "")
	add("yaml syntax", "tab indentation", yamlRepl("    name: CDR\n", "\tname: CDR\n"), "", "")
	add("yaml syntax", "two documents", map[string]string{"carrier.yaml": baseYAML + "---\nformat: himitsu-bundle/2\n"}, "exactly one YAML document", "")
	add("yaml syntax", "not a mapping", map[string]string{"carrier.yaml": "- a\n- b\n"}, "must be a mapping", "")
	add("yaml syntax", "unknown format", yamlRepl("format: himitsu-bundle/2\n", "format: himitsu-bundle/3\n"), "unsupported bundle format", "himitsu-bundle/3")
	add("yaml syntax", "no format", yamlRepl("format: himitsu-bundle/2\n", ""), "is required", "")

	// Empty files and names outside the format.
	add("empty file", "yaml", map[string]string{"carrier.yaml": ""}, "the file is empty", "")
	add("empty file", "csv", map[string]string{"persons.csv": ""}, "the file is empty", "")
	add("empty file", "jsonl", map[string]string{"persons.csv": del, "persons.jsonl": "\n"}, "the file is empty", "")
	ps = append(ps,
		probe{class: "unknown file", name: "misspelt register", files: map[string]string{"person.csv": "id\n"}, want: "not a file of the bundle format", noLine: true},
		probe{class: "unknown file", name: "both forms", files: map[string]string{"persons.jsonl": `{"id":"p1","kind":"employee","employer":"o1"}` + "\n"}, want: "both persons.csv and persons.jsonl", noLine: true})

	// Sizes over the limits.
	long := strings.Repeat("あ", maxTextBytes/3+1)
	add("oversize", "yaml scalar", yamlRepl("    name: CDR\n", "    name: "+long+"\n"), "longer than the limit", "")
	add("oversize", "csv cell", persons("p3,employee,o1,"+long+",\n"), "longer than the limit", "")
	add("oversize", "jsonl string", personsJSON(`{"id":"p3","kind":"employee","employer":"o1","name":"`+long+`"}`), "longer than the limit", "")
	add("oversize", "stream cell", events("e2,2026-01-01T00:00:00Z,p1,ds1,read,,"+strings.Repeat("9", maxTextBytes+1)+"\n"), "longer than the limit", "")
	sparse := func(name string, size int64) func(*testing.T, string) {
		return func(t *testing.T, dir string) {
			path := filepath.Join(dir, name)
			os.Remove(path)
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteString("id,kind,employer\n"); err != nil {
				t.Fatal(err)
			}
			if err := f.Truncate(size); err != nil {
				t.Skipf("cannot make a sparse file: %v", err)
			}
		}
	}
	ps = append(ps,
		probe{class: "oversize", name: "carrier.yaml file", setup: sparse(CarrierFile, maxCarrierBytes+1), want: "larger than the limit of 8 MiB", noLine: true},
		probe{class: "oversize", name: "register file", setup: sparse("persons.csv", maxTableBytes+1), want: "larger than the limit of 1 GiB", noLine: true})

	// Deep nesting and alias bombs.
	add("deep nesting", "flow sequences", carrierKey("subscribers: "+strings.Repeat("[", 5000)+strings.Repeat("]", 5000)), "deeper than the limit", "")
	add("deep nesting", "flow mappings", carrierKey("subscribers: "+strings.Repeat("{a: ", 100)+"1"+strings.Repeat("}", 100)), "deeper than the limit", "")
	add("deep nesting", "compact sequences", map[string]string{"carrier.yaml": baseYAML + "x:\n  " + strings.Repeat("- ", 3000) + "x\n"}, "deeper than the limit", "")
	var deep strings.Builder
	deep.WriteString(baseYAML + "x:\n")
	for i := range 40 {
		deep.WriteString(strings.Repeat("  ", i+1) + "k:\n")
	}
	add("deep nesting", "block mappings", map[string]string{"carrier.yaml": deep.String()}, "deeper than the limit", "")
	var bomb strings.Builder
	bomb.WriteString(baseYAML + "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 9; i++ {
		fmt.Fprintf(&bomb, "x%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	add("alias bomb", "billion laughs", map[string]string{"carrier.yaml": bomb.String()}, "aliases expanded", "")
	var records strings.Builder
	records.WriteString(strings.Replace(baseYAML, "    name: CDR\n", "    name: CDR\n    description: &long "+strings.Repeat("x", 4000)+"\n", 1))
	records.WriteString("services:\n")
	for i := range 3000 {
		fmt.Fprintf(&records, "  - {id: s%d, name: n, description: *long}\n", i)
	}
	add("alias bomb", "records by alias", map[string]string{"carrier.yaml": records.String()}, "would be written as", "")
	var deepAlias strings.Builder
	deepAlias.WriteString(baseYAML + "x: &d " + strings.Repeat("{a: ", 20) + "1" + strings.Repeat("}", 20) + "\ny: " + strings.Repeat("{a: ", 20) + "*d" + strings.Repeat("}", 20) + "\n")
	add("alias bomb", "alias under deep nesting", map[string]string{"carrier.yaml": deepAlias.String()}, "deeper than the limit", "")

	// Files that are not regular files of the bundle.
	fifo := func(name string) func(*testing.T, string) {
		return func(t *testing.T, dir string) {
			path := filepath.Join(dir, name)
			os.Remove(path)
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}
	}
	for _, n := range []string{CarrierFile, "persons.csv", "access_events.csv", "grants.jsonl"} {
		if n == "grants.jsonl" {
			ps = append(ps, probe{class: "fifo", name: n, files: map[string]string{"grants.csv": del}, setup: fifo(n), want: "named pipe", noLine: true})
			continue
		}
		ps = append(ps, probe{class: "fifo", name: n, setup: fifo(n), want: "named pipe", noLine: true})
	}
	link := func(name, target string) func(*testing.T, string) {
		return func(t *testing.T, dir string) {
			if target == "" {
				outside := filepath.Join(t.TempDir(), "secret.csv")
				if err := os.WriteFile(outside, []byte("id,kind,employer\nTOP-SECRET-LINE,employee,o1\n"), 0o600); err != nil {
					t.Fatal(err)
				}
				target = outside
			}
			path := filepath.Join(dir, name)
			os.Remove(path)
			if err := os.Symlink(target, path); err != nil {
				t.Skipf("symlink: %v", err)
			}
		}
	}
	ps = append(ps,
		probe{class: "symlink out", name: "carrier.yaml to /etc/passwd", setup: link(CarrierFile, "/etc/passwd"), want: "outside the bundle folder", noLine: true},
		probe{class: "symlink out", name: "persons.csv to a file elsewhere", setup: link("persons.csv", ""), want: "outside the bundle folder", noLine: true},
		probe{class: "symlink out", name: "access_events.csv to /dev/zero", setup: link("access_events.csv", "/dev/zero"), want: "outside the bundle folder", noLine: true},
		probe{class: "symlink out", name: "relative link upwards", setup: func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(filepath.Dir(dir), "beside.csv"), []byte("TOP-SECRET-LINE\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			link("grants.csv", "../beside.csv")(t, dir)
		}, want: "outside the bundle folder", noLine: true},
		probe{class: "symlink out", name: "dangling link", setup: link("persons.csv", "/nonexistent/x"), want: "cannot be resolved", noLine: true},
	)
	device := func(name string) func(*testing.T, string) {
		return func(t *testing.T, dir string) {
			path := filepath.Join(dir, name)
			os.Remove(path)
			if err := syscall.Mknod(path, syscall.S_IFCHR|0o600, 1<<8|5); err != nil { // 1,5 is /dev/zero
				t.Skipf("mknod (needs root): %v", err)
			}
		}
	}
	ps = append(ps,
		probe{class: "device", name: "carrier.yaml", setup: device(CarrierFile), want: "a device", noLine: true},
		probe{class: "device", name: "access_events.csv", setup: device("access_events.csv"), want: "a device", noLine: true},
		probe{class: "device", name: "folder named persons.csv", setup: func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "persons.csv"))
			os.Mkdir(filepath.Join(dir, "persons.csv"), 0o700)
		}, want: "a folder", noLine: true},
	)

	// Control characters and reordering characters in values and names.
	add("control chars", "csv name escape", persons("p3,employee,o1,\"a\x1b[2Jb\",\n"), "control character", "")
	add("control chars", "yaml name escape", yamlRepl("  name: テスト通信\n", "  name: \"a\\e[2Jb\"\n"), "control character", "")
	add("control chars", "jsonl name escape", personsJSON(`{"id":"p3","kind":"employee","employer":"o1","name":"a\u001b]0;x\u0007"}`), "control character", "")
	add("control chars", "csv column escape", map[string]string{"persons.csv": "id,kind,employer,col\x1b[31m\np1,employee,o1,x\n"}, "unknown column", `col\x1b[31m`)
	add("control chars", "jsonl key escape", personsJSON(`{"id":"p3","kind":"employee","employer":"o1","k\u001b[31m":1}`), "unknown field", `k\x1b[31m`)
	add("control chars", "yaml key escape", map[string]string{"carrier.yaml": baseYAML + "\"k\\e[31m\": 1\n"}, "unknown field", `k\x1b[31m`)
	add("control chars", "column with right-to-left override", map[string]string{"persons.csv": "id,kind,employer,a\u202Eb\np1,employee,o1,x\n"}, "unknown column", `a\u202eb`)
	add("control chars", "bad enum with escape", persons("p3,\"boss\x1b[0m\",o1,,\n"), "is not one of", `boss\x1b[0m`)

	// Messages give times with the offset they were written with.
	add("time as written", "yaml incident", incident("    occurred_at: 2026-04-01T10:00:00+09:00\n    known_at: 2026-04-01T09:30:00+09:00\n"), "2026-04-01T09:30:00+09:00 is before occurred_at (2026-04-01T10:00:00+09:00)", "+09:00")
	add("time as written", "csv takeout", map[string]string{"takeouts.csv": "id,person,device,taken_at,returned_at\nt1,p1,LT-1,2026-04-01T10:00:00+09:00,2026-04-01T09:00:00+09:00\n"}, "2026-04-01T09:00:00+09:00 is before taken_at (2026-04-01T10:00:00+09:00)", "+09:00")
	add("time as written", "jsonl takeout", map[string]string{"takeouts.jsonl": `{"id":"t1","person":"p1","device":"LT-1","taken_at":"2026-04-01T10:00:00-05:00","returned_at":"2026-04-01T09:00:00-05:00"}` + "\n"}, "2026-04-01T09:00:00-05:00 is before taken_at (2026-04-01T10:00:00-05:00)", "-05:00")

	return ps
}

// formulaProbes are texts that a spreadsheet would run as a formula, and
// texts that look like the guard itself; export must guard the first and
// every one must survive export → import → export byte for byte.
var formulaProbes = []string{
	`=cmd|' /C calc'!A0`, `=HYPERLINK("http://x","y")`, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
	"'=guarded already", "''=two", "'", "'plain", "-", "-5", "a=b",
}

// TestProbeMalformedBundles runs the corpus: every probe must be refused
// with a located error (file, and line where the problem has one) whose
// messages, English and Japanese, echo the offending value escaped and
// hold no raw control or reordering character; a probe that the reader
// alone does not refuse (a bad row of a log, found while streaming) must
// fail the import into a real SQLite store and leave it as it was. With
// -v it logs a table of class, cases tried and cases correct. The probe
// script of the store runs it by name.
func TestProbeMalformedBundles(t *testing.T) {
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "probe.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	actx := himitsu.WithAccessor(ctx, himitsu.Accessor{Actor: "probe", Purpose: "malformed bundle corpus"})
	good, err := Read(ctx, writeBundle(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Replace(actx, good.Records, good); err != nil {
		t.Fatal(err)
	}
	before := storeState(t, store)

	type tally struct{ tried, correct int }
	counts := map[string]*tally{}
	var order []string
	ps := probes()
	if len(ps) < 100 {
		t.Errorf("the corpus has %d cases, want at least 100", len(ps))
	}
	for _, p := range ps {
		if counts[p.class] == nil {
			counts[p.class] = &tally{}
			order = append(order, p.class)
		}
		ok := t.Run(p.class+"/"+p.name, func(t *testing.T) {
			dir := writeBundle(t, p.files)
			if p.setup != nil {
				p.setup(t, dir)
			}
			counts[p.class].tried++
			err := readWithTimeout(t, dir)
			if err == nil {
				b, rerr := Read(ctx, dir)
				if rerr != nil {
					t.Fatalf("the second read failed: %v", rerr)
				}
				_, err = store.Replace(actx, b.Records, b)
				if err == nil {
					t.Fatal("got no error from Read or from the import, want the bundle refused")
				}
				if got := storeState(t, store); got != before {
					t.Errorf("the refused import changed the store: got %s, want %s", got, before)
				}
			}
			checkRefusal(t, p, err)
		})
		if ok {
			counts[p.class].correct++
		}
	}
	counts["formula cell"] = &tally{}
	order = append(order, "formula cell")
	for i, text := range formulaProbes {
		counts["formula cell"].tried++
		if t.Run(fmt.Sprintf("formula cell/%d", i), func(t *testing.T) { checkFormula(t, text) }) {
			counts["formula cell"].correct++
		}
	}
	t.Logf("%-18s %5s %7s", "class", "tried", "correct")
	for _, c := range order {
		t.Logf("%-18s %5d %7d", c, counts[c].tried, counts[c].correct)
	}
	if got := storeState(t, store); got != before {
		t.Errorf("after the corpus the store is %s, want %s", got, before)
	}
}

// readWithTimeout reads and validates a bundle and fails the test if that
// does not return (a named pipe that blocks the reader).
func readWithTimeout(t *testing.T, dir string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		b, err := Read(context.Background(), dir)
		if err == nil {
			err = b.Validate(context.Background())
			if err != nil {
				// Refused while streaming: the store path must see it too.
				err = nil
			}
		}
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(20 * time.Second):
		t.Fatal("reading the bundle did not return within 20 s")
		return nil
	}
}

// checkRefusal checks the error of a refused probe.
func checkRefusal(t *testing.T, p probe, err error) {
	t.Helper()
	var all []*himitsu.Error
	var es himitsu.Errors
	var he *himitsu.Error
	switch {
	case errors.As(err, &es):
		all = es
	case errors.As(err, &he):
		all = []*himitsu.Error{he}
	default:
		t.Fatalf("got %T %v, want a *himitsu.Error", err, err)
	}
	first := all[0]
	t.Logf("%s", first.Error())
	if first.File == "" {
		t.Errorf("got %q, want an error naming the file", first.Error())
	}
	if !p.noLine && first.Line <= 0 {
		t.Errorf("got %q, want an error naming the line", first.Error())
	}
	en, ja := localized(err, "en"), localized(err, "ja")
	if p.want != "" && !strings.Contains(en, p.want) {
		t.Errorf("got %q, want it to say %q", en, p.want)
	}
	if p.echo != "" {
		for lang, msg := range map[string]string{"en": en, "ja": ja} {
			if !strings.Contains(msg, p.echo) {
				t.Errorf("%s: got %q, want the offending value %q echoed", lang, msg, p.echo)
			}
		}
	}
	for lang, msg := range map[string]string{"en": en, "ja": ja} {
		if i := strings.IndexFunc(msg, func(r rune) bool {
			return r < 0x20 && r != '\n' || r >= 0x7f && r <= 0x9f || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
		}); i >= 0 {
			t.Errorf("%s: got a raw control character at byte %d of %q", lang, i, msg)
		}
		if strings.Contains(msg, "%!") {
			t.Errorf("%s: got a formatting fault in %q", lang, msg)
		}
		if strings.Contains(msg, "TOP-SECRET-LINE") || strings.Contains(msg, "root:") {
			t.Errorf("%s: got the content of a linked file in %q", lang, msg)
		}
	}
	if first.MsgJA == "" || first.MsgJA == first.Msg {
		t.Errorf("got Japanese message %q for %q, want a translation", first.MsgJA, first.Msg)
	}
}

// checkFormula exports a person named text, checks the CSV cell is
// guarded when a spreadsheet would run it, and that reading and exporting
// again gives the same bytes.
func checkFormula(t *testing.T, text string) {
	ctx := context.Background()
	b, err := Read(ctx, writeBundle(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	b.Records.Persons[0].Name = text
	out := filepath.Join(t.TempDir(), "x")
	if err := Write(ctx, out, b.Records, b, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(filepath.Join(out, "persons.csv"))
	cell := strings.SplitN(strings.SplitN(string(first), "\n", 3)[1], ",", 3)[1]
	cell = strings.TrimPrefix(cell, `"`)
	if strings.IndexAny(strings.TrimLeft(cell, "'"), "=+-@\t\r") == 0 && !strings.HasPrefix(cell, "'") {
		t.Errorf("cell %q: a spreadsheet would run it, want it guarded", cell)
	}
	back, err := Read(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Records.Persons[0].Name; got != text {
		t.Errorf("got %q after a round trip, want %q", got, text)
	}
	again := filepath.Join(t.TempDir(), "y")
	if err := Write(ctx, again, back.Records, back, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(filepath.Join(again, "persons.csv"))
	if string(first) != string(second) {
		t.Errorf("export → import → export changed persons.csv:\n%s\n---\n%s", first, second)
	}
}

// storeState summarises what the store holds: its carriers and the number
// of change entries of the test carrier.
func storeState(t *testing.T, s *sqlstore.Store) string {
	t.Helper()
	ctx := context.Background()
	cs, err := s.Carriers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	log, err := s.ChangeLog(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("carriers %v, %d changes", ids, len(log))
}
