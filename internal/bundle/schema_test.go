package bundle

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	himitsu "github.com/himitsu-oss/himitsu"
)

const (
	schemaDir = "../../docs/schema"
	docFile   = "../../docs/bundle.md"
	beginMark = "<!-- BEGIN GENERATED -->\n"
	endMark   = "<!-- END GENERATED -->"
)

// TestGolden checks that the committed schemas and the generated part of
// docs/bundle.md are what the types produce; -update rewrites them.
func TestGolden(t *testing.T) {
	schemas := Schemas()
	if *update {
		os.MkdirAll(schemaDir, 0o755)
		for name, b := range schemas {
			if err := os.WriteFile(filepath.Join(schemaDir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir(schemaDir)
	if err != nil {
		t.Fatal(err)
	}
	// Other packages keep their schemas here too; only a file named after
	// a bundle file that the types no longer produce is stale.
	for _, e := range entries {
		stem := strings.TrimSuffix(e.Name(), ".schema.json")
		if _, ok := himitsu.LookupRegister(stem); (ok || stem == "carrier") && schemas[e.Name()] == nil {
			t.Errorf("docs/schema/%s is not generated any more; remove it", e.Name())
		}
	}
	for name, want := range schemas {
		got, err := os.ReadFile(filepath.Join(schemaDir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("docs/schema/%s is stale (err %v); run go test ./internal/bundle -update", name, err)
		}
	}

	doc, err := os.ReadFile(docFile)
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	i, j := strings.Index(s, beginMark), strings.Index(s, endMark)
	if i < 0 || j < i {
		t.Fatalf("docs/bundle.md lacks the generated markers")
	}
	want := s[:i] + beginMark + DocTables() + s[j:]
	if *update {
		if err := os.WriteFile(docFile, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if s != want {
		t.Errorf("the generated tables of docs/bundle.md are stale; run go test ./internal/bundle -update")
	}
}

func compileSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	out := map[string]*jsonschema.Schema{}
	for name, b := range Schemas() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := c.AddResource(name, doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for name := range Schemas() {
		s, err := c.Compile(name)
		if err != nil {
			t.Fatalf("compile %s: %v", name, err)
		}
		out[name] = s
	}
	return out
}

// rowJSON turns a CSV row into the JSON object the schemas describe,
// using only the column's syntax, not Read's parsers, so that the schema
// check is independent of them.
func rowJSON(p *plan, header, row []string) map[string]any {
	obj := map[string]any{}
	for i, cell := range row {
		if cell == "" {
			continue
		}
		c, ok := p.byName[header[i]]
		if !ok {
			obj[header[i]] = cell
			continue
		}
		switch p.cols[c].kind {
		case kFact:
			if b, err := strconv.ParseBool(cell); err == nil && (cell == "true" || cell == "false") {
				obj[header[i]] = b
				continue
			}
		case kInt:
			if n, err := strconv.Atoi(cell); err == nil {
				obj[header[i]] = n
				continue
			}
		case kStrings:
			obj[header[i]] = strings.Split(cell, ";")
			continue
		}
		obj[header[i]] = cell
	}
	return obj
}

func validateJSON(t *testing.T, s *jsonschema.Schema, v any, where string) {
	t.Helper()
	b, _ := json.Marshal(v)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("%s: %v", where, err)
	}
}

// TestExampleMatchesSchemas validates the example bundle, file by file and
// row by row, against the generated schemas, and checks that the schemas
// reject a row Read rejects.
func TestExampleMatchesSchemas(t *testing.T) {
	schemas := compileSchemas(t)
	y, err := os.ReadFile(filepath.Join(exampleDir, CarrierFile))
	if err != nil {
		t.Fatal(err)
	}
	j, err := yaml.YAMLToJSON(y)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(j, &doc); err != nil {
		t.Fatal(err)
	}
	validateJSON(t, schemas["carrier.schema.json"], doc, CarrierFile)

	rows := 0
	for _, r := range himitsu.RegisterList {
		if !r.Tabular {
			continue
		}
		f, err := os.Open(filepath.Join(exampleDir, r.Name+".csv"))
		if err != nil {
			t.Errorf("the example lacks %s.csv", r.Name)
			continue
		}
		cr := csv.NewReader(f)
		header, _ := cr.Read()
		for line := 2; ; line++ {
			row, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			rows++
			validateJSON(t, schemas[r.Name+".schema.json"], rowJSON(planFor(r.Type), header, row), r.Name+".csv:"+strconv.Itoa(line))
		}
		f.Close()
	}
	if rows < 100 {
		t.Errorf("validated %d rows, want the whole example (> 100)", rows)
	}

	bad := map[string]any{"id": "e1", "at": "2026-01-01 00:00", "person": "p1", "dataset": "ds1", "action": "erase"}
	b, _ := json.Marshal(bad)
	inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err := schemas["access_events.schema.json"].Validate(inst); err == nil {
		t.Errorf("the access event schema accepted a bad action and time")
	}
}
