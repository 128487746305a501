package main

import (
	"strings"
	"testing"
)

// TestVersionNamesTheData: the version names the catalog and the holiday
// calendar, the two data sets a report depends on besides the code.
func TestVersionNamesTheData(t *testing.T) {
	r := himitsuCmd(t, nil, "version")
	if r.code != exitOK {
		t.Fatalf("got exit %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"catalog ", "holidays 2026-12-07 (2016-2027)", "bundle format himitsu-bundle/2 (reads himitsu-bundle/1)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("got\n%s\nwant a line with %q", r.stdout, want)
		}
	}
}
