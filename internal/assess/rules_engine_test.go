package assess

import (
	"slices"
	"strings"
	"testing"
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
