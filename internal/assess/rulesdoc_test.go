package assess

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu/internal/catalog"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md from the rules")

// ruleDocs reads the doc comment of every ruleSet method in the package's
// source, keyed by method name.
func ruleDocs(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
				continue
			}
			if id, ok := fd.Recv.List[0].Type.(*ast.Ident); ok && id.Name == "ruleSet" {
				if fd.Doc == nil {
					t.Errorf("%s: rule %s has no doc comment", name, fd.Name.Name)
					continue
				}
				docs[fd.Name.Name] = fd.Doc.Text()
				if want := "rule_" + snake(fd.Name.Name) + ".go"; name != want {
					t.Errorf("rule %s is in %s, want its own file %s", fd.Name.Name, name, want)
				}
			}
		}
	}
	return docs
}

// snake turns TechStaleGrants into tech_stale_grants.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// methodName turns tech.stale-grants into TechStaleGrants.
func methodName(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		if r == '.' || r == '-' {
			up = true
			continue
		}
		if up && r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		up = false
		b.WriteRune(r)
	}
	return b.String()
}

// rulesMarkdown renders docs/rules.md: the fixed head, the table of every
// rule, one section per rule with its doc comment and inputs, the tail.
func rulesMarkdown(t *testing.T) []byte {
	t.Helper()
	head, err := os.ReadFile(filepath.Join("testdata", "rulesdoc", "head.md"))
	if err != nil {
		t.Fatal(err)
	}
	tail, err := os.ReadFile(filepath.Join("testdata", "rulesdoc", "tail.md"))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := orderRules(mustCatalog(t), allRules())
	if err != nil {
		t.Fatal(err)
	}
	docs := ruleDocs(t)
	if len(docs) != len(rs) {
		// reflection sees only exported methods returning a rule.
		t.Errorf("the source has %d ruleSet methods, allRules finds %d: each must be exported and return a rule", len(docs), len(rs))
	}
	var b strings.Builder
	b.Write(head)
	b.WriteString("| rule | item | indicated when (severity) | at-risk when |\n|---|---|---|---|\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s |\n", r.ID, anchor(r.ID), r.Item, r.Indicated, r.AtRisk)
	}
	b.WriteString("\n## The rules and what the Guidelines mean\n\n")
	b.WriteString("Generated from the rules (internal/assess/rule_*.go): each rule's doc\n" +
		"comment, and the inputs it declares. Regenerate with\n" +
		"`go test ./internal/assess/ -run TestRulesDoc -update`.\n\n")
	for _, r := range rs {
		doc, ok := docs[methodName(r.ID)]
		if !ok {
			t.Errorf("rule %s: no method %s with a doc comment", r.ID, methodName(r.ID))
		}
		// The first sentence only names the rule and its item.
		if _, rest, ok := strings.Cut(doc, ". "); ok {
			doc = rest
		}
		fmt.Fprintf(&b, "### %s\n\n", r.ID)
		fmt.Fprintf(&b, "Item %s — %s / %s\n\n", r.Item, r.Summary.EN, r.Summary.JA)
		b.WriteString(strings.Join(strings.Fields(doc), " ") + "\n\n")
		var in []string
		if len(r.Inputs.Registers) > 0 {
			in = append(in, "registers "+codeList(r.Inputs.Registers))
		}
		if len(r.Inputs.Logs) > 0 {
			in = append(in, "logs "+codeList(r.Inputs.Logs))
		}
		if len(r.Inputs.Rules) > 0 {
			in = append(in, "results of "+codeList(r.Inputs.Rules))
		}
		if r.Inputs.Recurrence {
			in = append(in, "the recurrences of incidents")
		}
		if len(in) == 0 {
			in = append(in, "none")
		}
		fmt.Fprintf(&b, "Reads: %s.\n\n", strings.Join(in, "; "))
	}
	b.Write(tail)
	judgementMarkdown(&b, mustCatalog(t))
	return []byte(b.String())
}

// judgementMarkdown renders the catalog's grading scheme: the grades with
// their labels and meanings, the scoring and every principle, so that the
// documentation says what the engine applies.
func judgementMarkdown(b *strings.Builder, cat *catalog.Catalog) {
	j := cat.Judgement
	b.WriteString("\n## The overall judgement\n\n")
	b.WriteString("Generated from the catalog's `judgement` section (catalog " + cat.Version + ").\n\n")
	b.WriteString("| grade | 日本語 | English | meaning |\n|---|---|---|---|\n")
	for _, g := range j.Grades {
		fmt.Fprintf(b, "| `%s` | %s | %s | %s<br>%s |\n", g.ID, g.Label.JA, g.Label.EN,
			strings.Join(strings.Fields(g.Meaning.EN), " "), g.Meaning.JA)
	}
	fmt.Fprintf(b, "\nSeverity points: low %d, medium %d, high %d; at-risk findings count × %v. Category thresholds:",
		j.SeverityPoints["low"], j.SeverityPoints["medium"], j.SeverityPoints["high"], j.AtRiskFactor)
	for i, t := range j.CategoryThresholds {
		sep := ","
		if i == 0 {
			sep = ""
		}
		g, _ := cat.Grade(t.Grade)
		if i == 0 {
			fmt.Fprintf(b, "%s score 0 → %s", sep, g.Label.EN)
			continue
		}
		fmt.Fprintf(b, "%s score ≥ %v → %s", sep, t.MinScore, g.Label.EN)
	}
	fmt.Fprintf(b, ". Breadth: serious findings (%s or above) in %d categories from more than one act → at least %s; %d categories at %s or above → %s. Prompt remedy applies to incidents affecting at most %d persons.\n\n",
		j.Breadth.MinSeverity, j.Breadth.GuidanceCategories, gradeEN(cat, catalog.GradeGuidance),
		j.Breadth.OrderRiskCategories, gradeEN(cat, catalog.GradeGuidance), gradeEN(cat, catalog.GradeOrderRisk), j.SmallIncidentMaxPersons)
	b.WriteString("The principles; each is cited in the report's reasons when it applies:\n\n")
	for _, p := range j.Principles {
		fmt.Fprintf(b, "- **%s** — %s\n  %s\n", p.ID, strings.Join(strings.Fields(p.Text.EN), " "), p.Text.JA)
	}
}

func gradeEN(cat *catalog.Catalog, id string) string {
	g, _ := cat.Grade(id)
	return g.Label.EN
}

func anchor(id string) string {
	return strings.NewReplacer(".", "", " ", "-").Replace(strings.ToLower(id))
}

func codeList(s []string) string {
	s = slices.Clone(s)
	for i := range s {
		s[i] = "`" + s[i] + "`"
	}
	return strings.Join(s, ", ")
}

// TestRulesDoc: docs/rules.md is what the rules say of themselves.
func TestRulesDoc(t *testing.T) {
	got := rulesMarkdown(t)
	path := filepath.Join("..", "..", "docs", "rules.md")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("docs/rules.md is not generated from the rules; run go test ./internal/assess/ -run TestRulesDoc -update and read the diff")
	}
}
