package assess

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/catalog"
)

// rule is one rule of docs/rules.md. Each lives in its own file,
// rule_<id>.go, as a method of ruleSet whose doc comment says what the
// Guidelines mean by the item and cites it; docs/rules.md is generated
// from those comments and these values (rulesdoc_test.go).
//
// Adding a rule touches three places: its file, its cases under
// testdata/rules/<id>/, and its ID in the catalog item's rules.
type rule struct {
	ID   string // e.g. "tech.stale-grants"
	Item string // the catalog item it judges, e.g. "5(3)(iv)iii"
	// Summary says in one line what indicates the assumed case.
	Summary himitsu.Text
	// Indicated and AtRisk are the conditions of docs/rules.md (English,
	// with the severity in brackets); "—" when the rule never gives the
	// status.
	Indicated, AtRisk string
	Inputs            inputs
	// Stream, for a rule over the logs, makes its visitor: the one
	// streaming pass feeds it every event, and Run reads what it counted
	// through visitorOf. A rule over a log thus needs no edit elsewhere.
	Stream func(*env) any
	Run    func(*env) []outcome
}

// inputs are what a rule reads. The registers and logs are checked
// against the code by TestRuleInputsMatchCode; the results of other rules
// are handed to a rule only when declared here, and the rules it names
// run before it.
type inputs struct {
	// Registers are the bundle names of the registers read (docs/bundle.md).
	Registers []string
	// Logs are "access_events" and/or "entry_logs".
	Logs []string
	// Rules are the rules whose outcomes this rule reads.
	Rules []string
	// Recurrence: the rule reads the recurrences of incidents (an
	// incident of a cause that recurred after a measure against it was
	// done; recurrence.go).
	Recurrence bool
}

// ruleSet gathers the rules: every exported method of it returning a rule
// is one. Methods rather than a list mean that a new rule needs no edit of
// a shared file; reflection finds them.
type ruleSet struct{}

// allRules returns every rule, in no particular order.
func allRules() []rule {
	v := reflect.ValueOf(ruleSet{})
	out := make([]rule, 0, v.NumMethod())
	for i := range v.NumMethod() {
		if f, ok := v.Method(i).Interface().(func() rule); ok {
			out = append(out, f())
		}
	}
	return out
}

// orderRules puts rules in the catalog's order (item, then the item's
// list of rules) and then moves each rule after the rules it reads, so
// that every declared result exists when a rule runs. Errors: a rule
// reading an unknown rule, or a cycle.
func orderRules(cat *catalog.Catalog, rs []rule) ([]rule, error) {
	pos := map[string]int{}
	n := 0
	for _, it := range cat.Items {
		for _, r := range it.Rules {
			pos[r] = n
			n++
		}
	}
	rs = slices.Clone(rs)
	slices.SortStableFunc(rs, func(a, b rule) int {
		pa, oka := pos[a.ID]
		pb, okb := pos[b.ID]
		switch {
		case oka && okb:
			return pa - pb
		case oka:
			return -1
		case okb:
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	known := make(map[string]bool, len(rs))
	for _, r := range rs {
		known[r.ID] = true
	}
	for _, r := range rs {
		for _, d := range r.Inputs.Rules {
			if !known[d] {
				return nil, fmt.Errorf("rule %s reads rule %s, which does not exist", r.ID, d)
			}
		}
	}
	out := make([]rule, 0, len(rs))
	done := make(map[string]bool, len(rs))
	for len(out) < len(rs) {
		progress := false
		for _, r := range rs {
			if done[r.ID] || !allDone(r.Inputs.Rules, done) {
				continue
			}
			out = append(out, r)
			done[r.ID] = true
			progress = true
			break // restart, so that catalog order wins among ready rules
		}
		if !progress {
			return nil, fmt.Errorf("the rules' declared inputs form a cycle")
		}
	}
	return out, nil
}

func allDone(ids []string, done map[string]bool) bool {
	for _, id := range ids {
		if !done[id] {
			return false
		}
	}
	return true
}

// result returns the outcomes of another rule, which the running rule
// must have declared in Inputs.Rules; reading an undeclared rule is a
// defect that Run reports as an internal error.
func (e *env) result(id string) []outcome {
	if !slices.Contains(e.cur.Inputs.Rules, id) {
		e.undeclared = append(e.undeclared, e.cur.ID+" reads "+id)
		return nil
	}
	return e.results[id]
}
