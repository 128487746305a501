package assess

import (
	"slices"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

// TestOrderRulesRunsInputsFirst: with the default catalog, every rule runs
// after the rules whose results it declares, and otherwise in catalog
// order.
func TestOrderRulesRunsInputsFirst(t *testing.T) {
	rs, err := orderRules(mustCatalog(t), allRules())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rs), len(allRules()); got != want {
		t.Fatalf("got %d rules, want %d", got, want)
	}
	pos := map[string]int{}
	for i, r := range rs {
		pos[r.ID] = i
	}
	for _, r := range rs {
		for _, d := range r.Inputs.Rules {
			if pos[d] > pos[r.ID] {
				t.Errorf("rule %s runs at %d, before %s (%d) whose results it reads", r.ID, pos[r.ID], d, pos[d])
			}
		}
	}
	if rs[0].ID != "pol.plain-language" {
		t.Errorf("got first rule %s, want pol.plain-language (the catalog's first)", rs[0].ID)
	}
}

func TestOrderRulesRejectsBadInputs(t *testing.T) {
	cat := mustCatalog(t)
	tests := []struct {
		name  string
		rules []rule
		want  string
	}{
		{"unknown rule", []rule{{ID: "a.one", Inputs: inputs{Rules: []string{"a.none"}}}}, "does not exist"},
		{"cycle", []rule{
			{ID: "a.one", Inputs: inputs{Rules: []string{"a.two"}}},
			{ID: "a.two", Inputs: inputs{Rules: []string{"a.one"}}},
		}, "cycle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := orderRules(cat, tt.rules)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestUndeclaredResultIsRecorded: a rule reading a result it did not
// declare gets nothing, and the read is recorded for Run to report.
func TestUndeclaredResultIsRecorded(t *testing.T) {
	e := &env{results: map[string][]outcome{"b.two": {{}}, "c.three": {{}}}}
	e.cur = &rule{ID: "a.one", Inputs: inputs{Rules: []string{"b.two"}}}
	if got := len(e.result("b.two")); got != 1 {
		t.Errorf("declared result: got %d outcomes, want 1", got)
	}
	if got := e.result("c.three"); got != nil {
		t.Errorf("undeclared result: got %v, want nothing", got)
	}
	if want := []string{"a.one reads c.three"}; !slices.Equal(e.undeclared, want) {
		t.Errorf("got undeclared %q, want %q", e.undeclared, want)
	}
}

// TestCaseErrors: the rule-case check fails on a missing finding and on
// an indicated or at-risk finding nobody wanted, of the case's rule or of
// a rule the case names, and ignores other rules.
func TestCaseErrors(t *testing.T) {
	f := func(rule string, st himitsu.Status, ids ...string) himitsu.Finding {
		x := himitsu.Finding{Rule: rule, Status: st, Severity: himitsu.SeverityMedium, Summary: tx("要約", "summary"), EvidenceTotal: len(ids)}
		for _, id := range ids {
			x.Evidence = append(x.Evidence, himitsu.Evidence{Register: "r", ID: id})
		}
		return x
	}
	ind, risk, fine := himitsu.StatusIndicated, himitsu.StatusAtRisk, himitsu.StatusNotIndicated
	tests := []struct {
		name  string
		fs    []himitsu.Finding
		wants []wantFinding
		want  []string // substrings of the errors, in order
	}{
		{"all wanted", []himitsu.Finding{f("a.one", ind, "x1"), f("a.one", risk, "x2")},
			[]wantFinding{{Rule: "a.one", Status: ind, Evidence: []string{"x1"}}, {Rule: "a.one", Status: risk}}, nil},
		{"extra at-risk of the case's rule", []himitsu.Finding{f("a.one", ind, "x1"), f("a.one", risk, "x2")},
			[]wantFinding{{Rule: "a.one", Status: ind}}, []string{"unexpected a.one at-risk"}},
		{"extra of a named rule", []himitsu.Finding{f("a.one", fine), f("b.two", ind, "y1"), f("b.two", ind, "y2")},
			[]wantFinding{{Rule: "a.one", Status: fine}, {Rule: "b.two", Status: ind, Evidence: []string{"y1"}}}, []string{"unexpected b.two indicated"}},
		{"other rules are ignored", []himitsu.Finding{f("a.one", fine), f("c.three", ind, "z1")},
			[]wantFinding{{Rule: "a.one", Status: fine}}, nil},
		{"one finding cannot meet two wants", []himitsu.Finding{f("a.one", ind, "x1")},
			[]wantFinding{{Rule: "a.one", Status: ind}, {Rule: "a.one", Status: ind}}, []string{"no a.one finding with status indicated"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := caseErrors(tt.fs, "a.one", tt.wants)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d errors %q, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if !strings.Contains(got[i], tt.want[i]) {
					t.Errorf("error %d: got %q, want it to contain %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}
