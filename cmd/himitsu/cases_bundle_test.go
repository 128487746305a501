package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/bundle"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// TestCasesRoundTrip: the regulator's case files go out with the export
// (cases.json) and come back with the import into another database as
// they were, who opened and recorded each step and when included; a
// second import adds nothing, and a bundle that rewrites a recorded step
// is refused, naming the case.
func TestCasesRoundTrip(t *testing.T) {
	for name, newDB := range databases(t) {
		t.Run(name, func(t *testing.T) {
			ctx := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "user:examiner", Purpose: "case work"})
			day := func(s string) himitsu.Date {
				d, err := himitsu.ParseDate(s)
				if err != nil {
					t.Fatal(err)
				}
				return d
			}
			db1 := newDB(t)
			must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db1, exampleDir(t)))
			s1, err := sqlstore.Open(ctx, db1)
			if err != nil {
				t.Fatal(err)
			}
			defer s1.Close()
			if _, err := s1.OpenCase(ctx, himitsu.Case{ID: "kanto-2026-001", CarrierID: "minato-mobile", Title: "端末位置の表示事案", Origin: himitsu.OriginReport,
				OpenedOn: day("2026-09-01"), Summary: "第28条報告を端緒とする", Incidents: []string{"inc-2026-01"}}); err != nil {
				t.Fatal(err)
			}
			req := himitsu.CaseStep{Kind: himitsu.StepReportRequest, On: day("2026-09-02"), Actor: "総務 一郎", Reasons: "原因の確認", Text: "経緯と原因", DueOn: day("2026-09-16")}
			ans := himitsu.CaseStep{Kind: himitsu.StepAnswer, On: day("2026-09-10"), Actor: "法務 次郎", Text: "回答書", Refers: 1}
			for _, st := range []himitsu.CaseStep{req, ans} {
				if _, err := s1.AddCaseStep(ctx, "minato-mobile", "kanto-2026-001", st); err != nil {
					t.Fatal(err)
				}
			}
			want, err := s1.CaseFiles(ctx, "minato-mobile")
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "out")
			must(t, himitsuCmd(t, nil, "export", "--purpose", "test", "--db", db1, out))
			if _, err := os.Stat(filepath.Join(out, bundle.CasesFile)); err != nil {
				t.Fatalf("the export has no %s: %v", bundle.CasesFile, err)
			}

			db2 := newDB(t)
			must(t, himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db2, out))
			s2, err := sqlstore.Open(ctx, db2)
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Close()
			got, err := s2.CaseFiles(ctx, "minato-mobile")
			if err != nil {
				t.Fatal(err)
			}
			if d := storetest.Diff(got, want); d != "" {
				t.Errorf("case files after the round trip differ: %s", d)
			}
			if len(got) != 1 || len(got[0].Steps) != 2 || got[0].Steps[1].RecordedBy != "user:examiner" {
				t.Errorf("case files after the round trip: %+v", got)
			}
			// Exporting the second database gives the same bundle.
			out2 := filepath.Join(t.TempDir(), "out2")
			must(t, himitsuCmd(t, nil, "export", "--purpose", "test", "--db", db2, out2))
			compareTrees(t, out2, out)

			// Importing again adds nothing.
			r := himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db2, out)
			must(t, r)
			if !strings.Contains(r.stdout, "0 new") {
				t.Errorf("a second import reports new cases: %s", r.stdout)
			}
			// A rewritten step is refused, naming the case; the file stays.
			path := filepath.Join(out, bundle.CasesFile)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(strings.Replace(string(b), "回答書", "書き換えた回答", 1)), 0o600); err != nil {
				t.Fatal(err)
			}
			r = himitsuCmd(t, nil, "import", "--purpose", "test", "--db", db2, out)
			if r.code == exitOK || !strings.Contains(r.stderr, "kanto-2026-001") || !strings.Contains(r.stderr, bundle.CasesFile) {
				t.Errorf("a rewritten step: exit %d, stderr %s", r.code, r.stderr)
			}
			after, err := s2.CaseFiles(ctx, "minato-mobile")
			if err != nil {
				t.Fatal(err)
			}
			if d := storetest.Diff(after, want); d != "" {
				t.Errorf("the refused import changed the case file: %s", d)
			}
		})
	}
}
