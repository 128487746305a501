package bundle

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func addExampleSeeds(f *testing.F, ext string) {
	entries, err := os.ReadDir(exampleDir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ext {
			b, err := os.ReadFile(filepath.Join(exampleDir, e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
}

// FuzzCSVRow checks that the CSV reader never panics, agrees with
// encoding/csv on every input (same records, and an error exactly when
// encoding/csv reports one), and that reading the input as a register or
// as the access event log fails cleanly.
func FuzzCSVRow(f *testing.F) {
	addExampleSeeds(f, ".csv")
	f.Add([]byte("id,kind,employer\np1,\"a\nb\",o1\r\n\r\n\"x\"\"y\",,\n"))
	f.Add([]byte("a,\"b\nc"))
	f.Add([]byte("a\"b,c\n"))
	// Formula cells, their guard, controls and names outside the format.
	f.Add([]byte("id,kind,employer,name\np1,employee,o1,=cmd|' /C calc'!A0\np2,employee,o1,'=x\np3,employee,o1,''=y\np4,employee,o1,-5\n"))
	f.Add([]byte("id,kind,employer,col\x1b[31m\np1,employee,o1,\"\t@x\"\n"))
	f.Add([]byte("id,at,person,dataset,action,subscriber\ne1,2026-01-01T00:00:00+09:00,p1,ds1,read,'+81 90 1234 5678\ne1,2026-01-01T00:00:00Z,p1,ds1,read,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ours := newCSVReader(bytes.NewReader(data))
		std := csv.NewReader(bytes.NewReader(data))
		std.FieldsPerRecord = -1
		for {
			want, werr := std.Read()
			got, _, gerr := ours.Read()
			if werr == io.EOF || gerr == io.EOF {
				if werr != gerr {
					t.Fatalf("end of input: got %v, encoding/csv %v", gerr, werr)
				}
				break
			}
			if werr != nil || gerr != nil {
				var pe *csv.ParseError
				if gerr == nil || werr == nil || !errors.As(werr, &pe) {
					t.Fatalf("got error %v, encoding/csv %v", gerr, werr)
				}
				var se *csvSyntaxError
				if !errors.As(gerr, &se) || se.Line != pe.StartLine && se.Line != pe.Line {
					t.Fatalf("error line: got %v, encoding/csv %v", gerr, werr)
				}
				break
			}
			if len(got) != len(want) {
				t.Fatalf("got %q, encoding/csv %q", got, want)
			}
			for i := range got {
				if string(got[i]) != want[i] {
					t.Fatalf("field %d: got %q, encoding/csv %q", i, got[i], want[i])
				}
			}
		}

		for _, name := range []string{"persons.csv", "access_events.csv"} {
			dir := writeBundle(t, map[string]string{name: string(data)})
			readAll(dir) // must return, with or without an error, and not panic
		}
	})
}

// FuzzCarrierYAML checks that parsing carrier.yaml never panics, and that
// whatever it accepts is written and read back to the same bytes.
func FuzzCarrierYAML(f *testing.F) {
	addExampleSeeds(f, ".yaml")
	f.Add([]byte(baseYAML))
	f.Add([]byte("format: himitsu-bundle/2\ncarrier: &a {id: c, name: n}\nx: *a\n"))
	// Values the decoder used to convert, tags, and the shapes that made
	// the parser or decoder blow up (issue 11).
	for _, v := range []string{"1.9", `"48200"`, "0x10", "1e3", "0o17", "1_000", "+5", "012", ".inf", "true", "!!binary /w==", "!!str 5", "!custom x", "[1]", "{a: b}"} {
		f.Add([]byte(strings.Replace(baseYAML, "  head_office_bureau: kanto\n", "  head_office_bureau: kanto\n  subscribers: "+v+"\n", 1)))
		f.Add([]byte(strings.Replace(baseYAML, "    name: CDR\n", "    name: "+v+"\n", 1)))
	}
	f.Add([]byte(baseYAML + "x: " + strings.Repeat("[", 64) + strings.Repeat("]", 64) + "\n"))
	f.Add([]byte(baseYAML + "x:\n  " + strings.Repeat("- ", 64) + "x\n"))
	f.Add([]byte(baseYAML + "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"))
	f.Add([]byte(baseYAML + "services:\n  - <<: {id: s}\n"))
	f.Add([]byte(baseYAML + "\"k\\e[31m\": 1\n"))
	f.Add([]byte(baseYAML + "incidents:\n  - id: i1\n    title: t\n    kind: leak\n    known_at: 2026-01-01T10:00:00+09:00\n   summary: x\n"))
	f.Add([]byte(strings.Replace(baseYAML, "  name: テスト通信\n", "  name: \"a\u202eb\\xff\"\n", 1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, _, err := parseCarrier(data)
		if err != nil {
			return
		}
		out, err := marshalCarrier(rec)
		if err != nil {
			return // values a table cannot hold are refused, not mangled
		}
		rec2, _, err := parseCarrier(out)
		if err != nil {
			t.Fatalf("written carrier.yaml does not read back: %v\n%s", err, out)
		}
		out2, err := marshalCarrier(rec2)
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("round trip changed the bytes (%v):\n%s\n---\n%s", err, out, out2)
		}
	})
}
