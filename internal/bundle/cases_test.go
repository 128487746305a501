package bundle

import (
	"context"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

// TestCasesFile: cases.json is read when present, and its faults are
// located by file, line or field.
func TestCasesFile(t *testing.T) {
	good := `{"cases": [{"case": {"id": "k-1", "carrier_id": "c1", "title": "事案", "origin": "complaints", "opened_on": "2026-02-01"},
  "steps": [{"seq": 1, "case_id": "k-1", "kind": "report-request", "on": "2026-02-02", "actor": "総務 一郎", "reasons": "確認"}]}]}`
	b, err := Read(context.Background(), writeBundle(t, map[string]string{CasesFile: good}))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Cases) != 1 || b.Cases[0].Case.ID != "k-1" || len(b.Cases[0].Steps) != 1 || b.Cases[0].Steps[0].Kind != himitsu.StepReportRequest {
		t.Errorf("cases read: %+v", b.Cases)
	}
	if b, err := Read(context.Background(), writeBundle(t, nil)); err != nil || len(b.Cases) != 0 {
		t.Errorf("a bundle without cases.json: %v, %d cases", err, len(b.Cases))
	}
	for _, c := range []struct{ name, body, want string }{
		{"unknown field", strings.Replace(good, `"origin"`, `"colour": "red", "origin"`, 1), `unknown field "colour"`},
		{"syntax", "{\n\"cases\": [\n}", "cases.json:3"},
		{"steps out of order", strings.Replace(good, `"seq": 1`, `"seq": 2`, 1), "steps[0].seq"},
		{"unknown step", strings.Replace(good, `"report-request"`, `"arrest"`, 1), "steps[0].kind"},
		{"no title", strings.Replace(good, `"title": "事案"`, `"title": ""`, 1), "case.title"},
		{"link to no incident", strings.Replace(good, `"opened_on"`, `"incidents": ["inc-9"], "opened_on"`, 1), "case.incidents[0]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(context.Background(), writeBundle(t, map[string]string{CasesFile: c.body}))
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), CasesFile) {
				t.Errorf("got %v, want an error naming %s and %q", err, CasesFile, c.want)
			}
		})
	}
}
