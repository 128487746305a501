package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu/internal/pdftext"
)

func TestIncidentDraft(t *testing.T) {
	dir := exampleDir(t)
	out := filepath.Join(t.TempDir(), "first.pdf")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"html to stdout", []string{"incident", "draft", "inc-2026-01", dir, "--report", "tba-28-first", "--format", "html", "--date", "2026-08-22"},
			0, []string{"通信の秘密の漏えいに関する報告（第一報）", "2026年8月22日", "<html lang=\"ja\">"}, nil},
		{"bundle flag and english", []string{"incident", "draft", "inc-2026-01", "--bundle", dir, "--report", "user-notice", "--lang", "en"},
			0, []string{"Notice about a leak of your information", "お問い合わせ窓口"}, nil},
		{"pdf to file", []string{"incident", "draft", "inc-2026-01", dir, "--report", "tba-28-detailed", "--format", "pdf", "-o", out}, 0, nil, nil},
		{"unknown incident", []string{"incident", "draft", "inc-none", dir, "--report", "tba-28-first"}, 1, nil, []string{"inc-none", "no incident"}},
		{"unknown report", []string{"incident", "draft", "inc-2026-01", dir, "--report", "tba-28-third"}, 1, nil, []string{"unknown report", "appi-final"}},
		{"no report", []string{"incident", "draft", "inc-2026-01", dir}, 2, nil, []string{"--report is required"}},
		{"bad format", []string{"incident", "draft", "inc-2026-01", dir, "--report", "appi-final", "--format", "docx"}, 2, nil, []string{"html or pdf"}},
		{"no source", []string{"incident", "draft", "inc-2026-01", "--report", "appi-final"}, 2, nil, []string{"bundle"}},
		{"unknown subcommand", []string{"incident", "close"}, 2, nil, []string{"expected draft"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := himitsuCmd(t, nil, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %s", r.code, tt.code, r.stderr)
			}
			for _, w := range tt.stdout {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q", w)
				}
			}
			for _, w := range tt.stderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q: %s", w, r.stderr)
				}
			}
		})
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := pdftext.Extract(out, pdf)
	if err != nil {
		t.Fatal(err)
	}
	if flat := strings.ReplaceAll(doc.Text(), "\n", ""); !strings.Contains(flat, "電気通信事業法第28条") || !strings.Contains(flat, "さがすナビ") {
		t.Errorf("the PDF's text lacks the law or the incident:\n%s", doc.Text())
	}
}

func TestIncidentDraftJapaneseErrors(t *testing.T) {
	r := himitsuCmd(t, map[string]string{"HIMITSU_LANG": "ja"}, "incident", "draft", "inc-none", exampleDir(t), "--report", "tba-28-first")
	if r.code != 1 || !strings.Contains(r.stderr, "事案 \"inc-none\" は記録にありません") {
		t.Errorf("exit %d, stderr %s", r.code, r.stderr)
	}
}

// TestIncidentDraftFromDatabase reads the records from the database: the
// read needs a purpose and lands in the read log.
func TestIncidentDraftFromDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db, exampleDir(t)))
	r := himitsuCmd(t, nil, "incident", "draft", "inc-2026-01", "--db", db, "--report", "appi-final")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--purpose") {
		t.Fatalf("without --purpose: exit %d, stderr %s", r.code, r.stderr)
	}
	r = himitsuCmd(t, nil, "incident", "draft", "inc-2026-01", "--db", db, "--purpose", "drafting the final report", "--report", "appi-final")
	if r.code != 0 || !strings.Contains(r.stdout, "個人データの漏えい等の報告（確報）") {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	log := himitsuCmd(t, nil, "log", "--db", db, "--kind", "reads")
	if !strings.Contains(log.stdout, "drafting the final report") {
		t.Errorf("the read is not in the read log:\n%s", log.stdout)
	}
}
