package assess

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/catalog"
)

// ruleCase is one file under testdata/rules/<rule-id>/: the records, the
// logs and the findings that must be among the results.
type ruleCase struct {
	AsOf         himitsu.Date          `json:"as_of"`
	DayCount     string                `json:"day_count,omitempty"`
	Records      himitsu.Records       `json:"records"`
	AccessEvents []himitsu.AccessEvent `json:"access_events,omitempty"`
	EntryLogs    []himitsu.EntryLog    `json:"entry_logs,omitempty"`
	// AbsentFacts "false" makes every yes/no fact the case leaves out
	// false, as the cases written before facts could be unknown meant
	// them; by default a fact left out is unknown, as in a bundle.
	AbsentFacts string        `json:"absent_facts,omitempty"`
	Want        []wantFinding `json:"want"`
}

type wantFinding struct {
	Rule     string           `json:"rule"`
	Item     string           `json:"item,omitempty"` // when the finding falls on another item than the rule's
	Status   himitsu.Status   `json:"status"`
	Severity himitsu.Severity `json:"severity,omitempty"`
	Evidence []string         `json:"evidence,omitempty"`
	// Total, when set, is the exact number of records behind the
	// finding, so that a case can also show what must not be evidence.
	Total int `json:"evidence_total,omitempty"`
	// Says, when set, must appear in the English summary, so that a case
	// can pin a count the finding reports (rows that stand for many).
	Says string `json:"says,omitempty"`
}

func loadCase(t testing.TB, path string) ruleCase {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c ruleCase
	if err := yaml.UnmarshalWithOptions(b, &c, yaml.Strict()); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	switch c.AbsentFacts {
	case "", "unknown":
	case "false":
		absentFactsFalse(reflect.ValueOf(&c).Elem())
	default:
		t.Fatalf("%s: absent_facts is %q; want false or unknown", path, c.AbsentFacts)
	}
	validateRecords(t, path, &c)
	return c
}

// absentFactsFalse sets every unknown fact in v to false.
func absentFactsFalse(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				absentFactsFalse(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			absentFactsFalse(v.Index(i))
		}
	case reflect.Uint8:
		if v.Type() == reflect.TypeFor[himitsu.Fact]() && v.Uint() == uint64(himitsu.Unknown) {
			v.SetUint(uint64(himitsu.No))
		}
	}
}

// validateRecords runs every record's Validate, so that a typo in an
// enumeration makes the case fail instead of silently testing nothing.
func validateRecords(t testing.TB, path string, c *ruleCase) {
	t.Helper()
	type validator interface{ Validate() error }
	check := func(name string, v reflect.Value) {
		for i := range v.Len() {
			if x, ok := v.Index(i).Addr().Interface().(validator); ok {
				if err := x.Validate(); err != nil {
					t.Fatalf("%s: %s[%d]: %v", path, name, i, err)
				}
			}
		}
	}
	rv := reflect.ValueOf(&c.Records).Elem()
	for i := range rv.NumField() {
		if f := rv.Field(i); f.Kind() == reflect.Slice {
			check(rv.Type().Field(i).Name, f)
		}
	}
	check("access_events", reflect.ValueOf(c.AccessEvents))
	check("entry_logs", reflect.ValueOf(c.EntryLogs))
	if err := c.Records.Desk.Validate(); err != nil {
		t.Fatalf("%s: desk: %v", path, err)
	}
}

func mustCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Default()
	if err != nil {
		t.Fatalf("catalog: %v", err)
	}
	return cat
}

func runCase(t testing.TB, cat *catalog.Catalog, c *ruleCase) *himitsu.Assessment {
	t.Helper()
	a, err := Run(context.Background(), cat, &c.Records,
		&himitsu.EventSlices{Access: c.AccessEvents, Entries: c.EntryLogs},
		Options{AsOf: c.AsOf, DayCount: c.DayCount})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return a
}

func caseFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "rules", "*", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no case files under testdata/rules")
	}
	return files
}

func TestRuleCases(t *testing.T) {
	cat := mustCatalog(t)
	for _, path := range caseFiles(t) {
		rule := filepath.Base(filepath.Dir(path))
		name := rule + "/" + strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(name, func(t *testing.T) {
			c := loadCase(t, path)
			if len(c.Want) == 0 {
				t.Fatal("case has no want")
			}
			a := runCase(t, cat, &c)
			if b := runCase(t, cat, &c); !reflect.DeepEqual(a, b) {
				t.Error("two runs on the same records differ")
			}
			for _, msg := range caseErrors(a.Findings, rule, c.Want) {
				t.Error(msg)
			}
			checkTexts(t, a)
		})
	}
}

// checkTexts fails on a text that a person would read broken: a format
// verb without its value ("%!d(MISSING)") or an empty language.
func checkTexts(t *testing.T, a *himitsu.Assessment) {
	t.Helper()
	check := func(where string, x himitsu.Text) {
		if x.JA == "" || x.EN == "" {
			t.Errorf("%s: a language is empty: %+v", where, x)
		}
		if strings.Contains(x.JA, "%!") || strings.Contains(x.EN, "%!") {
			t.Errorf("%s: broken format: %+v", where, x)
		}
	}
	for _, f := range a.Findings {
		check(f.Rule+" summary", f.Summary)
		if f.Status == himitsu.StatusNeedsAttestation {
			check(f.Rule+" question", f.Question)
		}
	}
	for _, r := range a.Judgement.Reasons {
		check("judgement reason", r)
	}
	for _, d := range a.Determinations.Incidents {
		for _, r := range d.Reasons {
			check("incident "+d.Incident, r)
		}
	}
}

// caseErrors compares the findings with a case's wants: each want must
// match a finding of its own, and a finding the case does not expect fails
// it: every indicated or at-risk finding of the case's rule, and of any
// rule the case names, must be wanted.
func caseErrors(fs []himitsu.Finding, rule string, wants []wantFinding) []string {
	var errs []string
	used := make([]bool, len(fs))
	named := map[string]bool{rule: true}
	for _, w := range wants {
		named[w.Rule] = true
		i, err := match(fs, used, w)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%v\ngot findings of %s:\n%s", err, w.Rule, describe(fs, w.Rule)))
			continue
		}
		used[i] = true
	}
	for i, f := range fs {
		if used[i] || !named[f.Rule] {
			continue
		}
		if f.Status == himitsu.StatusIndicated || f.Status == himitsu.StatusAtRisk {
			errs = append(errs, fmt.Sprintf("unexpected %s %s finding (%s): %s", f.Rule, f.Status, f.Item, f.Summary.EN))
		}
	}
	return errs
}

// match finds a finding not yet used of the wanted rule and status (and
// severity) whose evidence includes every wanted ID, and returns its index.
func match(fs []himitsu.Finding, used []bool, w wantFinding) (int, error) {
	for i, f := range fs {
		if used[i] || f.Rule != w.Rule || f.Status != w.Status || w.Item != "" && f.Item != w.Item {
			continue
		}
		if w.Severity != "" && f.Severity != w.Severity {
			return -1, fmt.Errorf("%s %s: got severity %s, want %s", w.Rule, w.Status, f.Severity, w.Severity)
		}
		var ids []string
		for _, e := range f.Evidence {
			ids = append(ids, e.ID)
		}
		for _, id := range w.Evidence {
			if !slices.Contains(ids, id) {
				return -1, fmt.Errorf("%s %s: got evidence %v, want it to include %s", w.Rule, w.Status, ids, id)
			}
		}
		if w.Total > 0 && f.EvidenceTotal != w.Total {
			return -1, fmt.Errorf("%s %s: got %d records of evidence %v, want %d", w.Rule, w.Status, f.EvidenceTotal, ids, w.Total)
		}
		if f.Summary.JA == "" || f.Summary.EN == "" {
			return -1, fmt.Errorf("%s %s: summary lacks a language: %+v", w.Rule, w.Status, f.Summary)
		}
		if w.Says != "" && !strings.Contains(f.Summary.EN, w.Says) {
			return -1, fmt.Errorf("%s %s: summary %q does not say %q", w.Rule, w.Status, f.Summary.EN, w.Says)
		}
		if f.Status == himitsu.StatusNeedsAttestation && (f.Question.JA == "" || f.Question.EN == "") {
			return -1, fmt.Errorf("%s: needs-attestation without a bilingual question", w.Rule)
		}
		return i, nil
	}
	if w.Item != "" {
		return -1, fmt.Errorf("no %s finding with status %s on item %s", w.Rule, w.Status, w.Item)
	}
	return -1, fmt.Errorf("no %s finding with status %s", w.Rule, w.Status)
}

func describe(fs []himitsu.Finding, rule string) string {
	var b strings.Builder
	for _, f := range fs {
		if f.Rule == rule {
			fmt.Fprintf(&b, "  %s %s %d evidence %v: %s\n", f.Status, f.Severity, f.EvidenceTotal, f.Evidence, f.Summary.EN)
		}
	}
	return b.String()
}

// TestEveryRuleHasCases: each rule has a positive case (indicated or
// at-risk) and a negative one (not-indicated) in its own directory.
func TestEveryRuleHasCases(t *testing.T) {
	pos, neg := map[string]int{}, map[string]int{}
	for _, path := range caseFiles(t) {
		rule := filepath.Base(filepath.Dir(path))
		c := loadCase(t, path)
		for _, w := range c.Want {
			if w.Rule != rule {
				continue
			}
			switch w.Status {
			case himitsu.StatusIndicated, himitsu.StatusAtRisk:
				pos[rule]++
			case himitsu.StatusNotIndicated:
				neg[rule]++
			}
		}
	}
	known := map[string]bool{}
	for _, r := range Rules() {
		known[r.ID] = true
		if pos[r.ID] == 0 {
			t.Errorf("rule %s: no positive case file", r.ID)
		}
		if neg[r.ID] == 0 {
			t.Errorf("rule %s: no negative case file", r.ID)
		}
	}
	for r := range pos {
		if !known[r] {
			t.Errorf("testdata/rules/%s names no rule", r)
		}
	}
}

// TestRulesMatchCatalog: Rules() and the catalog's Item.Rules name the
// same set, each rule under the item the catalog lists it for.
func TestRulesMatchCatalog(t *testing.T) {
	cat := mustCatalog(t)
	fromCat := map[string]string{}
	for _, it := range cat.Items {
		for _, r := range it.Rules {
			if prev, dup := fromCat[r]; dup {
				t.Errorf("rule %s listed by items %s and %s", r, prev, it.ID)
			}
			fromCat[r] = it.ID
		}
	}
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("rule %s defined twice", r.ID)
		}
		seen[r.ID] = true
		item, ok := fromCat[r.ID]
		switch {
		case !ok:
			t.Errorf("rule %s (item %s) is not in the catalog", r.ID, r.Item)
		case item != r.Item:
			t.Errorf("rule %s: got item %s, catalog lists it under %s", r.ID, r.Item, item)
		}
		if r.Description.JA == "" || r.Description.EN == "" {
			t.Errorf("rule %s: description lacks a language", r.ID)
		}
	}
	for r, item := range fromCat {
		if !seen[r] {
			t.Errorf("catalog item %s lists rule %s, which the engine lacks", item, r)
		}
	}
}

// TestEveryRuleReports: every rule yields at least one finding for any
// carrier, even an empty one, so a report shows that each item was examined.
func TestEveryRuleReports(t *testing.T) {
	cat := mustCatalog(t)
	c := ruleCase{AsOf: himitsu.Date{Year: 2026, Month: 11, Day: 1}}
	c.Records.Carrier = himitsu.Carrier{ID: "c1", Name: "空", Registration: himitsu.Registered}
	a := runCase(t, cat, &c)
	got := map[string]bool{}
	for _, f := range a.Findings {
		got[f.Rule] = true
		if f.Code == "" || f.Item == "" {
			t.Errorf("%s: finding without item or code", f.Rule)
		}
		if f.Status == himitsu.StatusNeedsAttestation && f.Remediation.EN == "" {
			t.Errorf("%s: needs-attestation without remediation", f.Rule)
		}
	}
	for _, r := range Rules() {
		if !got[r.ID] {
			t.Errorf("rule %s produced no finding for an empty carrier", r.ID)
		}
	}
}
