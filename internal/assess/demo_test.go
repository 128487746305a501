package assess_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/assess"
	"github.com/himitsu-oss/himitsu/internal/catalog"
	"github.com/himitsu-oss/himitsu/internal/demo"
)

// TestDemoCarrierFindsExactlyThePlantedWeaknesses assesses the generated
// mid-size carrier (1,000,000 access events) and checks both directions:
// every planted weakness is found with its records as evidence, and no
// indicated or at-risk finding, nor any evidence, exists that was not planted.
func TestDemoCarrierFindsExactlyThePlantedWeaknesses(t *testing.T) {
	if testing.Short() {
		t.Skip("assesses 1,000,000 generated access events")
	}
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	c, err := demo.Generate(demo.Options{Seed: 1, Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	a, err := assess.Run(context.Background(), cat, c.Records, c.Events, assess.Options{AsOf: demo.DefaultAsOf(), MaxEvidence: 100_000})
	if err != nil {
		t.Fatal(err)
	}

	// planted[rule] is the set of "register/id" the generator put there.
	planted := map[string]map[string]bool{}
	for _, w := range c.Weaknesses {
		if planted[w.Rule] == nil {
			planted[w.Rule] = map[string]bool{}
		}
		for _, id := range w.IDs {
			planted[w.Rule][w.Register+"/"+id] = true
		}
	}
	// asked[rule] is the set of "register/id" whose facts the generator
	// left unknown on purpose: the only questions the rules may ask.
	asked := map[string]map[string]bool{}
	for _, q := range c.Questions {
		if asked[q.Rule] == nil {
			asked[q.Rule] = map[string]bool{}
		}
		for _, id := range q.IDs {
			asked[q.Rule][q.Register+"/"+id] = true
		}
	}
	found := map[string]map[string]bool{}
	gotAsked := map[string]map[string]bool{}
	for _, f := range a.Findings {
		switch f.Status {
		case himitsu.StatusIndicated, himitsu.StatusAtRisk:
		case himitsu.StatusNeedsAttestation:
			if asked[f.Rule] == nil {
				t.Errorf("%s: needs attestation (%s), but the demo carrier left no fact of it unknown", f.Rule, f.Question.EN)
				continue
			}
			gotAsked[f.Rule] = map[string]bool{}
			for _, e := range f.Evidence {
				gotAsked[f.Rule][e.Register+"/"+e.ID] = true
			}
			continue
		default:
			continue
		}
		if _, ok := planted[f.Rule]; !ok {
			t.Errorf("%s (%s) is %s, but nothing was planted for it: %s", f.Rule, f.Item, f.Status, f.Summary.EN)
			continue
		}
		if len(f.Evidence) == 0 {
			t.Errorf("%s is %s without evidence", f.Rule, f.Status)
		}
		if f.EvidenceTotal != len(f.Evidence) {
			t.Errorf("%s: %d of %d evidence records returned; raise MaxEvidence", f.Rule, len(f.Evidence), f.EvidenceTotal)
		}
		if found[f.Rule] == nil {
			found[f.Rule] = map[string]bool{}
		}
		for _, e := range f.Evidence {
			found[f.Rule][e.Register+"/"+e.ID] = true
		}
	}
	for _, rule := range slices.Sorted(maps.Keys(planted)) {
		if found[rule] == nil {
			t.Errorf("%s: planted %d records, but the rule found nothing", rule, len(planted[rule]))
			continue
		}
		var missing, extra []string
		for ref := range planted[rule] {
			if !found[rule][ref] {
				missing = append(missing, ref)
			}
		}
		for ref := range found[rule] {
			if !planted[rule][ref] {
				extra = append(extra, ref)
			}
		}
		slices.Sort(missing)
		slices.Sort(extra)
		if len(missing) > 0 {
			t.Errorf("%s: planted but not in the evidence: %s", rule, head(missing))
		}
		if len(extra) > 0 {
			t.Errorf("%s: in the evidence but not planted: %s", rule, head(extra))
		}
	}
	for _, rule := range slices.Sorted(maps.Keys(asked)) {
		if !maps.Equal(gotAsked[rule], asked[rule]) {
			t.Errorf("%s: asked about %v, want exactly the unknown facts of %v", rule, slices.Sorted(maps.Keys(gotAsked[rule])), slices.Sorted(maps.Keys(asked[rule])))
		}
	}
	if got := a.Counts["access_events"]; got != c.Counts["access_events"] {
		t.Errorf("judged %d access events, want %d", got, c.Counts["access_events"])
	}
	// A carrier this weak, in this many categories, with a false attestation
	// about shared accounts, is what the order-risk grade is for.
	if a.Judgement.Overall != "order-risk" {
		t.Errorf("got overall %s, want order-risk; categories %+v", a.Judgement.Overall, a.Judgement.Categories)
	}
}

func head(refs []string) string {
	if len(refs) > 8 {
		return fmt.Sprintf("%s … (%d in all)", strings.Join(refs[:8], ", "), len(refs))
	}
	return strings.Join(refs, ", ")
}
