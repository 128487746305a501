package catalog

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func mustDefault(t testing.TB) *Catalog {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatalf("Default() error: %v", err)
	}
	return c
}

func TestDefaultLoads(t *testing.T) {
	c := mustDefault(t)
	if c.Version == "" || c.Published == "" {
		t.Errorf("got version %q published %q, want both set", c.Version, c.Published)
	}
	for _, s := range []string{"not legal advice"} {
		if !strings.Contains(c.Source.EN, s) {
			t.Errorf("Source.EN does not contain %q", s)
		}
	}
	if !strings.Contains(c.Source.JA, "法的助言では") {
		t.Errorf("Source.JA does not carry the disclaimer")
	}
	again, err := Default()
	if err != nil || again != c {
		t.Errorf("second Default() = %p, %v; want the cached %p", again, err, c)
	}
}

// assumedCases is the contract with the assessment engine: the 27 assumed
// cases of §5 in guideline order, with their codes and rule IDs.
var assumedCases = []struct {
	id, code string
	rules    []string
}{
	{"5(1)i", "POL-UNCLEAR", []string{"pol.plain-language", "pol.foreign-handling"}},
	{"5(1)ii", "POL-ACCESS", []string{"pol.reachable"}},
	{"5(1)iii", "POL-EXCESS-CONDITION", []string{"pol.mandatory-beyond-necessity"}},
	{"5(1)iv", "POL-WAIVER", []string{"pol.waiver-clause", "pol.no-opt-out"}},
	{"5(1)v", "POL-NO-RESPONSIBILITY", []string{"pol.leak-responsibility"}},
	{"5(2)i", "USE-STANDING-CONSENT", []string{"use.terms-consent"}},
	{"5(2)ii", "USE-NO-PROPER-CONSENT", []string{"use.consent-quality", "use.event-without-consent", "use.purpose-mismatch"}},
	{"5(2)iii", "USE-BEYOND-LAWFUL", []string{"use.lawful-business-scope"}},
	{"5(2)iv", "USE-UNLIMITED", []string{"use.no-withdrawal"}},
	{"5(3)(i)i", "ORG-INTERNAL-CONTROL", []string{"org.rules-officer", "org.audits", "org.unapproved-reentrustment", "org.log-review", "org.late-report"}},
	{"5(3)(i)ii", "ORG-SYSTEM-RISK", []string{"org.system-risk-assessment"}},
	{"5(3)(i)iii", "ORG-CONCEALMENT", []string{"org.attestation-contradicted", "org.leak-denied"}},
	{"5(3)(i)iv", "ORG-ROOT-CAUSE", []string{"org.root-cause"}},
	{"5(3)(ii)i", "HUM-TRAINING", []string{"hum.training-coverage"}},
	{"5(3)(ii)ii", "HUM-TERMINAL-TAKEOUT", []string{"hum.repeated-takeout"}},
	{"5(3)(ii)iii", "HUM-DISCLOSURE", []string{"hum.disclosure-incident"}},
	{"5(3)(iii)i", "PHY-AREAS", []string{"phy.area-control"}},
	{"5(3)(iii)ii", "PHY-EQUIPMENT", []string{"phy.entry-records"}},
	{"5(3)(iii)iii", "PHY-RETENTION", []string{"phy.retention-exceeded", "phy.no-retention-rule"}},
	{"5(3)(iv)i", "TECH-CHANGE-MALFUNCTION", []string{"tech.change-control"}},
	{"5(3)(iv)ii", "TECH-THREATS", []string{"tech.security-protections", "tech.environmental"}},
	{"5(3)(iv)iii", "TECH-STALE-ACCESS", []string{"tech.stale-grants", "tech.shared-accounts"}},
	{"5(3)(iv)iv", "TECH-EXFIL-BACKUP", []string{"tech.extract-exposure", "tech.unapproved-export"}},
	{"5(4)i", "CMP-DYSFUNCTION", []string{"cmp.rules", "cmp.backlog"}},
	{"5(4)ii", "CMP-MISSED-CLUES", []string{"cmp.leak-clue-escalation", "cmp.clue-recipient"}},
	{"5(4)iii", "CMP-POOR-RESPONSE", []string{"cmp.user-notification"}},
	{"5(4)iv", "CMP-ACCESSIBILITY", []string{"cmp.desk-channels"}},
}

func TestAssumedCases(t *testing.T) {
	c := mustDefault(t)
	got := c.AssumedCases()
	if len(got) != len(assumedCases) {
		t.Fatalf("got %d assumed cases, want %d", len(got), len(assumedCases))
	}
	for i, want := range assumedCases {
		it := got[i]
		t.Run(want.id, func(t *testing.T) {
			if it.ID != want.id || it.Code != want.code {
				t.Errorf("position %d: got %s %s, want %s %s", i, it.ID, it.Code, want.id, want.code)
			}
			if !slices.Equal(it.Rules, want.rules) {
				t.Errorf("rules: got %v, want %v", it.Rules, want.rules)
			}
			if it.Kind != KindAssumedCase {
				t.Errorf("kind: got %q, want %q", it.Kind, KindAssumedCase)
			}
			for name, txt := range map[string]Text{"title": it.Title, "statement": it.Statement, "citation": it.Citation, "remediation": it.Remediation} {
				if txt.JA == "" || txt.EN == "" {
					t.Errorf("%s: got ja %q en %q, want both non-empty", name, txt.JA, txt.EN)
				}
			}
			if n := len(it.Signals); n < 2 || n > 4 {
				t.Errorf("signals: got %d, want 2..4", n)
			}
			if it.Weight < 1 || it.Weight > 3 {
				t.Errorf("weight: got %d, want 1..3", it.Weight)
			}
			if !slices.Contains(it.LegalBasis, "tba-4") && !slices.Contains(it.LegalBasis, "tba-29-1-i") {
				t.Errorf("legal_basis: got %v, want tba-4 and/or tba-29-1-i", it.LegalBasis)
			}
			if len(it.Evidence) == 0 {
				t.Errorf("evidence: got none, want at least one register")
			}
			// The citation must name the exact section and item.
			item := strings.TrimPrefix(it.ID, it.Section)
			if want := "§" + it.Section + " item " + item; !strings.Contains(it.Citation.EN, want) {
				t.Errorf("citation.en: got %q, want it to contain %q", it.Citation.EN, want)
			}
			if want := it.Section + " " + item; !strings.Contains(it.Citation.JA, want) {
				t.Errorf("citation.ja: got %q, want it to contain %q", it.Citation.JA, want)
			}
		})
	}
}

func TestWeights(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		id   string
		want int
	}{
		{"5(3)(i)iii", 3}, // concealment weighs most
		{"5(3)(iv)iii", 2},
		{"5(1)i", 1},
		{"tba-4", 0}, // provisions carry no weight
	}
	for _, tt := range tests {
		it, ok := c.Item(tt.id)
		if !ok {
			t.Fatalf("Item(%q) not found", tt.id)
		}
		if it.Weight != tt.want {
			t.Errorf("%s weight: got %d, want %d", tt.id, it.Weight, tt.want)
		}
	}
}

func TestRequiredItems(t *testing.T) {
	c := mustDefault(t)
	want := map[string]string{
		"2": KindScope, "3": KindScope, "4(1)": KindScope, "4(2)": KindPrinciple,
		"5-consent": KindPrinciple, "5-single-act": KindPrinciple,
	}
	for _, id := range []string{
		"tba-1", "tba-2", "tba-4", "tba-9", "tba-16-1", "tba-28", "tba-29-1-i", "tba-160", "tba-161",
		"tba-164", "tba-166", "tba-179", "tba-186-iii", "penal-35", "penal-36", "penal-37",
		"pi-guideline-comms-history", "pi-guideline-location", "appi-26",
	} {
		want[id] = KindProvision
	}
	for id, kind := range want {
		it, ok := c.Item(id)
		if !ok {
			t.Errorf("Item(%q): not found", id)
			continue
		}
		if it.Kind != kind {
			t.Errorf("Item(%q).Kind: got %q, want %q", id, it.Kind, kind)
		}
	}
	ch, _ := c.Item("pi-guideline-comms-history")
	if !strings.Contains(ch.Citation.EN, "Art. 32") || !strings.Contains(ch.Statement.EN, "to be verified") {
		t.Errorf("comms history: want the 2017 Art. 32 citation and a to-be-verified note, got %q / %q", ch.Citation.EN, ch.Statement.EN)
	}
	wantCats := []string{"scope", "policies", "obtaining-use", "org-security", "human-security",
		"physical-security", "technical-security", "complaints", "provisions"}
	var gotCats []string
	for _, cat := range c.Categories {
		gotCats = append(gotCats, cat.ID)
	}
	if !slices.Equal(gotCats, wantCats) {
		t.Errorf("categories: got %v, want %v", gotCats, wantCats)
	}
}

func TestItemLookup(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		name, query, wantID string
		wantOK              bool
	}{
		{"by id", "5(3)(iv)iii", "5(3)(iv)iii", true},
		{"by code", "TECH-STALE-ACCESS", "5(3)(iv)iii", true},
		{"by code lower case", "tech-stale-access", "5(3)(iv)iii", true},
		{"provision", "tba-29-1-i", "tba-29-1-i", true},
		{"scope", "2", "2", true},
		{"unknown", "5(9)i", "", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it, ok := c.Item(tt.query)
			if ok != tt.wantOK || it.ID != tt.wantID {
				t.Errorf("Item(%q): got %q, %v; want %q, %v", tt.query, it.ID, ok, tt.wantID, tt.wantOK)
			}
		})
	}
}

func TestJudgement(t *testing.T) {
	c := mustDefault(t)
	for _, id := range gradeIDs {
		if g, ok := c.Grade(id); !ok || g.Label.JA == "" || g.Meaning.EN == "" {
			t.Errorf("Grade(%q): got %+v, %v; want a labelled grade", id, g, ok)
		}
	}
	if _, ok := c.Grade("severe"); ok {
		t.Errorf("Grade(%q): got ok, want not found", "severe")
	}
	for _, id := range requiredPrinciple {
		if p, ok := c.Principle(id); !ok || p.Text.JA == "" || p.Text.EN == "" {
			t.Errorf("Principle(%q): got %+v, %v; want both languages", id, p, ok)
		}
	}
	if got := c.Judgement.SeverityPoints; got["low"] != 1 || got["medium"] != 2 || got["high"] != 3 {
		t.Errorf("severity points: got %v, want low 1, medium 2, high 3", got)
	}
	tests := []struct {
		score float64
		want  string
	}{
		{0, GradeNoConcern},
		{-1, GradeNoConcern},
		{0.5, GradeAdvice},
		{5.5, GradeAdvice},
		{6, GradeGuidance},
		{11.5, GradeGuidance},
		{12, GradeOrderRisk},
		{100, GradeOrderRisk},
	}
	for _, tt := range tests {
		if got := c.Judgement.CategoryGrade(tt.score); got != tt.want {
			t.Errorf("CategoryGrade(%v): got %q, want %q", tt.score, got, tt.want)
		}
	}
	if got := c.Judgement.GradeRank(GradeGuidance); got != 2 {
		t.Errorf("GradeRank(guidance): got %d, want 2", got)
	}
}

func TestTextIn(t *testing.T) {
	txt := Text{JA: "日本語", EN: "English"}
	tests := []struct{ lang, want string }{
		{"ja", "日本語"}, {"ja-JP", "日本語"}, {"en", "English"}, {"", "English"}, {"fr", "English"}, {"jav", "English"},
	}
	for _, tt := range tests {
		if got := txt.In(tt.lang); got != tt.want {
			t.Errorf("In(%q): got %q, want %q", tt.lang, got, tt.want)
		}
	}
}

// replaceOnce edits the embedded catalog for a bad-data case, failing if the
// anchor text is not unique (so the cases cannot silently rot).
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("anchor %q occurs %d times, want 1", old, n)
	}
	return strings.Replace(s, old, new, 1)
}

func TestParseErrors(t *testing.T) {
	base := string(embeddedCatalog)
	const first = "  - id: \"5(1)i\"\n    code: POL-UNCLEAR\n    kind: assumed-case\n    category: policies\n    section: \"5(1)\"\n    weight: 1\n"
	tests := []struct {
		name     string
		edit     func(t *testing.T, s string) string
		wantPath string // must appear in the error
		wantMsg  string // must appear in the error
	}{
		{
			name:     "duplicate id",
			edit:     func(t *testing.T, s string) string { return replaceOnce(t, s, `- id: "5(1)ii"`, `- id: "5(1)i"`) },
			wantPath: "items[7](5(1)i).id",
			wantMsg:  `duplicate item id "5(1)i"`,
		},
		{
			name: "duplicate code",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, "code: POL-ACCESS\n", "code: POL-UNCLEAR\n")
			},
			wantPath: "items[7](5(1)ii).code",
			wantMsg:  "duplicate item code",
		},
		{
			name: "unknown category",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, first, strings.Replace(first, "category: policies", "category: polices", 1))
			},
			wantPath: "items[6](5(1)i).category",
			wantMsg:  `unknown category "polices"`,
		},
		{
			name: "missing ja text",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, "      ja: \"取扱方針等を参照する手段が不十分である\"\n", "")
			},
			wantPath: "items[7](5(1)ii).title.ja",
			wantMsg:  "required field is missing",
		},
		{
			name: "blank ja text",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, "\"取扱方針等を参照する手段が不十分である\"", `"  "`)
			},
			wantPath: "items[7](5(1)ii).title.ja",
			wantMsg:  "does not match pattern",
		},
		{
			name:     "unknown field",
			edit:     func(t *testing.T, s string) string { return replaceOnce(t, s, first, first+"    colour: red\n") },
			wantPath: "items[6](5(1)i).colour",
			wantMsg:  "unknown field",
		},
		{
			name: "bad weight",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, first, strings.Replace(first, "weight: 1", "weight: 7", 1))
			},
			wantPath: "items[6](5(1)i).weight",
			wantMsg:  "maximum",
		},
		{
			name: "missing weight on assumed case",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, first, strings.Replace(first, "    weight: 1\n", "", 1))
			},
			wantPath: "items[6](5(1)i).weight",
			wantMsg:  "out of range 1..3",
		},
		{
			name: "weight on a provision",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, "code: LAW-TBA-1\n", "code: LAW-TBA-1\n    weight: 2\n")
			},
			wantPath: "(tba-1).weight",
			wantMsg:  "only assumed cases carry a weight",
		},
		{
			name: "assumed case without rules",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, "    rules: [pol.plain-language, pol.foreign-handling]\n", "")
			},
			wantPath: "items[6](5(1)i).rules",
			wantMsg:  "at least one rule",
		},
		{
			name: "rule on two items",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, "rules: [pol.reachable]", "rules: [pol.plain-language]")
			},
			wantPath: "items[7](5(1)ii).rules[0]",
			wantMsg:  `already attached to item "5(1)i"`,
		},
		{
			name: "unknown legal basis",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, "[tba-9, tba-16-1,", "[tba-99, tba-16-1,")
			},
			wantPath: "items[0](2).legal_basis[0]",
			wantMsg:  `unknown item "tba-99"`,
		},
		{
			name: "legal basis not a provision",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, "[tba-9, tba-16-1,", "[5(1)i, tba-16-1,")
			},
			wantPath: "items[0](2).legal_basis[0]",
			wantMsg:  "not a provision",
		},
		{
			name: "unknown evidence register",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, "evidence: [carrier, services]", "evidence: [carrier, service]")
			},
			wantPath: "items[0](2).evidence[1]",
			wantMsg:  `unknown evidence register "service"`,
		},
		{
			name: "bad kind",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, first, strings.Replace(first, "kind: assumed-case", "kind: assumed", 1))
			},
			wantPath: "items[6](5(1)i).kind",
			wantMsg:  "assumed-case",
		},
		{
			name: "missing principle",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, "- id: concealment\n", "- id: concealed\n")
			},
			wantPath: "judgement.principles",
			wantMsg:  `required principle "concealment" is missing`,
		},
		{
			name: "threshold with unknown grade",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, "{min_score: 6, grade: guidance}", "{min_score: 6, grade: warning}")
			},
			wantPath: "judgement.category_thresholds[2].grade",
			wantMsg:  `unknown grade "warning"`,
		},
		{
			name: "version and published disagree",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, `version: "2026.12.0"`, `version: "2025.11.0"`)
			},
			wantPath: "version",
			wantMsg:  "does not start with the published year and month",
		},
		{
			name:     "malformed version",
			edit:     func(t *testing.T, s string) string { return replaceOnce(t, s, `version: "2026.12.0"`, `version: "v1"`) },
			wantPath: "catalog: version:",
			wantMsg:  "does not match pattern",
		},
		{
			name:     "duplicate yaml key",
			edit:     func(t *testing.T, s string) string { return replaceOnce(t, s, first, first+"    weight: 2\n") },
			wantPath: "yaml:",
			wantMsg:  `"weight" already defined`,
		},
		{
			name:     "empty document",
			edit:     func(t *testing.T, s string) string { return "" },
			wantPath: "(root)",
			wantMsg:  "got null, want object",
		},
		{
			name:     "not a mapping",
			edit:     func(t *testing.T, s string) string { return "- a\n- b\n" },
			wantPath: "(root)",
			wantMsg:  "want object",
		},
		{
			name: "alias bomb",
			edit: func(t *testing.T, s string) string {
				var b strings.Builder
				b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
				for i := 1; i < 9; i++ {
					fmt.Fprintf(&b, "a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
				}
				return b.String()
			},
			wantPath: "catalog: a",
			wantMsg:  "document too large",
		},
		{
			name: "infinite number",
			edit: func(t *testing.T, s string) string {
				return replaceOnce(t, s, "at_risk_factor: 0.5", "at_risk_factor: .inf")
			},
			wantPath: "judgement.at_risk_factor",
			wantMsg:  "finite",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.edit(t, base)))
			if err == nil {
				t.Fatalf("Parse: got nil error, want one naming %q", tt.wantPath)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.wantPath) || !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("Parse error:\n%s\nwant it to contain path %q and message %q", msg, tt.wantPath, tt.wantMsg)
			}
			var cerr *Error
			if !errors.As(err, &cerr) {
				t.Errorf("Parse error %T: want it to wrap a *catalog.Error", err)
			}
		})
	}
}

func TestParseAcceptsJSON(t *testing.T) {
	c := mustDefault(t)
	b, err := marshalJSON(c)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := Parse(b)
	if err != nil {
		t.Fatalf("Parse(JSON export): %v", err)
	}
	if len(c2.Items) != len(c.Items) || c2.Version != c.Version {
		t.Errorf("round trip: got %d items, version %s; want %d, %s", len(c2.Items), c2.Version, len(c.Items), c.Version)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(embeddedCatalog)
	f.Add([]byte(""))
	f.Add([]byte("version: 1\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("{\"items\": [{\"id\": 1}]}"))
	f.Add([]byte("? [a, b]\n: c\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err == nil && c == nil {
			t.Fatal("Parse: got nil catalog and nil error")
		}
		if err != nil && c != nil {
			t.Fatal("Parse: got both a catalog and an error")
		}
		if c != nil {
			_ = c.AssumedCases()
			if _, err := c.OSCAL(); err != nil {
				t.Fatalf("OSCAL on a valid catalog: %v", err)
			}
		}
	})
}
