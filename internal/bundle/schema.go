package bundle

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	himitsu "github.com/himitsu-oss/himitsu"
)

// idPattern mirrors himitsu.ValidID for the schemas.
const idPattern = `^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$`

const schemaBase = "https://himitsu-oss.github.io/schema/bundle/2/"

// Schemas returns the JSON Schemas (draft 2020-12) of the bundle, keyed by
// file name: carrier.schema.json for the whole of carrier.yaml and
// NAME.schema.json for one row or object of each tabular register. They are
// generated from the root package's types, so they cannot drift from what
// Read accepts; docs/schema holds the committed copies.
func Schemas() map[string][]byte {
	out := map[string][]byte{}
	carrier := map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  schemaBase + "carrier.schema.json",
		"title":                "carrier.yaml",
		"description":          "The carrier and its small registers, as one YAML document.",
		"type":                 "object",
		"additionalProperties": false,
		"required":             []string{"format", "carrier"},
	}
	props := map[string]any{
		"format": map[string]any{"const": Format, "description": "Version of the bundle format."},
	}
	for _, r := range himitsu.RegisterList {
		if r.Tabular {
			continue
		}
		f := recordsField(&himitsu.Records{}, r.Name)
		obj := objectSchema(r.Type)
		if f.Kind() == reflect.Slice {
			props[r.Name] = map[string]any{"type": "array", "items": obj, "description": fmt.Sprintf("The %s register.", strings.ReplaceAll(r.Name, "_", " "))}
		} else {
			props[r.Name] = obj
		}
	}
	carrier["properties"] = props
	out["carrier.schema.json"] = marshalSchema(carrier)
	for _, r := range himitsu.RegisterList {
		if !r.Tabular {
			continue
		}
		s := objectSchema(r.Type)
		s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
		s["$id"] = schemaBase + r.Name + ".schema.json"
		s["title"] = r.Name
		s["description"] = fmt.Sprintf("One row of %s.csv or one line of %s.jsonl.", r.Name, r.Name)
		out[r.Name+".schema.json"] = marshalSchema(s)
	}
	return out
}

func marshalSchema(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err) // maps of strings, bools and slices always marshal
	}
	return append(b, '\n')
}

func objectSchema(t reflect.Type) map[string]any {
	p := planFor(t)
	props := map[string]any{}
	var required []string
	for i := range p.cols {
		c := &p.cols[i]
		props[c.Name] = fieldSchema(c)
		if c.Required {
			required = append(required, c.Name)
		}
	}
	s := map[string]any{"type": "object", "additionalProperties": false, "properties": props}
	if required != nil {
		s["required"] = required
	}
	return s
}

func fieldSchema(c *column) map[string]any {
	var s map[string]any
	scalar := func() map[string]any {
		x := map[string]any{"type": "string"}
		switch {
		case c.Enum != nil:
			x["enum"] = c.Enum
		case c.Name == "id" || c.Ref != "":
			x["pattern"] = idPattern
		default:
			x["minLength"] = 1
		}
		return x
	}
	switch c.kind {
	case kString:
		s = scalar()
	case kFact:
		// A fact may be unknown: absent, or null in JSON.
		s = map[string]any{"type": []string{"boolean", "null"}}
	case kInt:
		s = map[string]any{"type": "integer", "minimum": 0}
	case kDate:
		s = map[string]any{"type": "string", "format": "date"}
	case kTime:
		s = map[string]any{"type": "string", "format": "date-time"}
	case kStrings:
		s = map[string]any{"type": "array", "items": scalar()}
	case kStruct:
		s = objectSchema(c.Type)
	case kStructs:
		s = map[string]any{"type": "array", "items": objectSchema(c.Type.Elem())}
	}
	if c.doc != "" {
		s["description"] = c.doc
	}
	if c.Ref != "" {
		s["x-himitsu-ref"] = c.Ref
	}
	return s
}

// typeName is the type of a field as the documentation names it.
func typeName(c *column) string {
	switch c.kind {
	case kFact:
		return "fact (true, false; empty: unknown)"
	case kInt:
		return "integer ≥ 0"
	case kDate:
		return "date"
	case kTime:
		return "time"
	case kStrings:
		if c.Ref != "" {
			return "list of IDs"
		}
		return "list of text"
	case kStruct:
		return "mapping"
	case kStructs:
		return "list of mappings"
	}
	switch {
	case c.Enum != nil:
		return "enum"
	case c.Name == "id" || c.Ref != "":
		return "ID"
	}
	return "text"
}

// DocTables returns the generated part of docs/bundle.md: a table of every
// field of every file of the bundle.
func DocTables() string {
	var b strings.Builder
	b.WriteString("### carrier.yaml\n\n")
	b.WriteString("| Key | Type | Required | Description |\n|---|---|---|---|\n")
	fmt.Fprintf(&b, "| `format` | text | yes | Always `%s`. |\n", Format)
	for _, r := range himitsu.RegisterList {
		if r.Tabular {
			continue
		}
		f := recordsField(&himitsu.Records{}, r.Name)
		kind, req := "list of mappings", "no"
		if f.Kind() != reflect.Slice {
			kind = "mapping"
		}
		if r.Name == "carrier" {
			req = "yes"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | See [%s](#%s). |\n", r.Name, kind, req, r.Name, r.Name)
	}
	b.WriteString("\n")
	seen := map[reflect.Type]bool{}
	for _, r := range himitsu.RegisterList {
		title := "`" + r.Name + "` in carrier.yaml"
		if r.Tabular {
			title = fmt.Sprintf("`%s.csv` or `%s.jsonl`", r.Name, r.Name)
		}
		if r.Stream {
			title += " (streamed log)"
		}
		fmt.Fprintf(&b, "### %s\n\n", r.Name)
		fmt.Fprintf(&b, "File: %s. Go type: `himitsu.%s`.\n\n", title, r.Type.Name())
		writeTable(&b, r.Type, seen)
	}
	return b.String()
}

func writeTable(b *strings.Builder, t reflect.Type, seen map[reflect.Type]bool) {
	p := planFor(t)
	b.WriteString("| Field | Type | Required | Reference | Allowed values | Description |\n|---|---|---|---|---|---|\n")
	var nested []reflect.Type
	for i := range p.cols {
		c := &p.cols[i]
		req, ref, allowed := "", "", ""
		if c.Required {
			req = "yes"
		}
		if c.Ref != "" {
			ref = "`" + c.Ref + "`"
		}
		if c.Enum != nil {
			allowed = "`" + strings.Join(c.Enum, "`, `") + "`"
		}
		switch c.kind {
		case kStruct:
			nested = append(nested, c.Type)
		case kStructs:
			nested = append(nested, c.Type.Elem())
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s | %s |\n", c.Name, typeName(c), req, ref, allowed, c.doc)
	}
	b.WriteString("\n")
	for _, n := range nested {
		if seen[n] {
			continue
		}
		seen[n] = true
		fmt.Fprintf(b, "Each item of a list of `%s` (Go type `himitsu.%s`):\n\n", n.Name(), n.Name())
		writeTable(b, n, seen)
	}
}
