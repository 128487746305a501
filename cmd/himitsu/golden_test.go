package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGoldenExampleReports pins the engine's real output on the example
// carrier, so that any change of a rule, a text or a layout shows up as a
// reviewed diff of testdata/ (CI regenerates with -update and fails on a
// difference).
func TestGoldenExampleReports(t *testing.T) {
	dir := exampleDir(t)
	for _, tc := range []struct{ format, lang, file string }{
		{"text", "en", "example.en.txt"},
		{"text", "ja", "example.ja.txt"},
		{"markdown", "ja", "example.ja.md"},
		{"json", "en", "example.json"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r := himitsuCmd(t, nil, "assess", "--as-of", exampleAsOf, "--format", tc.format, "--lang", tc.lang, dir)
			if r.code != exitOK {
				t.Fatalf("got exit %d; stderr:\n%s", r.code, r.stderr)
			}
			golden := filepath.Join("testdata", tc.file)
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(r.stdout), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if r.stdout != string(want) {
				t.Errorf("%s differs from the golden file:\n%s", tc.file, firstDifference(want, []byte(r.stdout)))
			}
		})
	}
}
