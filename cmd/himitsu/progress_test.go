package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestProgressOnlyOnATerminal: assess and import say nothing about progress
// when stderr is not a terminal (here a buffer), and show it, in the
// command's language, when HIMITSU_PROGRESS=1 forces it as a terminal
// would.
func TestProgressOnlyOnATerminal(t *testing.T) {
	dir := exampleDir(t)
	db := filepath.Join(t.TempDir(), "h.db")
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string // "" = no progress at all
	}{
		{"assess, not a terminal", nil, []string{"assess", "--as-of", "2026-11-01", dir}, ""},
		{"assess, CI", map[string]string{"CI": "true"}, []string{"assess", "--as-of", "2026-11-01", dir}, ""},
		{"assess, en", map[string]string{"HIMITSU_PROGRESS": "1"}, []string{"assess", "--as-of", "2026-11-01", "--lang", "en", dir}, "assess: "},
		{"assess, ja", map[string]string{"HIMITSU_PROGRESS": "1"}, []string{"assess", "--as-of", "2026-11-01", "--lang", "ja", dir}, "評価: "},
		{"import, not a terminal", nil, []string{"import", "--db", db, "--purpose", "test", dir}, ""},
		{"import, ja", map[string]string{"HIMITSU_PROGRESS": "1", "HIMITSU_LANG": "ja"}, []string{"import", "--db", db, "--purpose", "test", dir}, "取込み: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := himitsuCmd(t, tt.env, tt.args...)
			must(t, r)
			if tt.want == "" {
				if strings.Contains(r.stderr, "rows") || strings.Contains(r.stderr, "行") || strings.Contains(r.stderr, "\r") {
					t.Errorf("progress where none belongs: %q", r.stderr)
				}
				return
			}
			done := "rows in"
			if strings.HasPrefix(tt.want, "評価") || strings.HasPrefix(tt.want, "取込み") {
				done = "行を"
			}
			if !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, done) {
				t.Errorf("got stderr %q, want a progress line with %q and %q", r.stderr, tt.want, done)
			}
			if strings.Contains(r.stdout, "\r") {
				t.Error("progress reached stdout")
			}
		})
	}
}
