package report

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/textwidth"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite golden files")

var goldenExt = map[string]string{"text": "txt", "json": "json", "markdown": "md", "html": "html", "oscal": "oscal.json"}

func render(t testing.TB, a *himitsu.Assessment, o Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, a, loadCatalog(t), o); err != nil {
		t.Fatalf("Render(%+v): %v", o, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	a := sampleAssessment(t)
	type tc struct {
		name string
		opts Options
	}
	var cases []tc
	for _, f := range Formats() {
		for _, l := range []string{"ja", "en"} {
			cases = append(cases, tc{fmt.Sprintf("sample.%s.%s", l, goldenExt[f]), Options{Format: f, Lang: l}})
		}
	}
	cases = append(cases, tc{"sample.ja-era.txt", Options{Format: "text", Lang: "ja", Era: true}})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := render(t, a, c.opts)
			path := filepath.Join("testdata", c.name)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; got %d bytes, want %d (run with -update after checking the change)", c.name, len(got), len(want))
			}
		})
	}
}

// TestDeterministic renders the sample with every list reversed: the
// output must not depend on the order the engine produced things in.
func TestDeterministic(t *testing.T) {
	a := sampleAssessment(t)
	b := sampleAssessment(t)
	slices.Reverse(b.Findings)
	slices.Reverse(b.Judgement.Categories)
	slices.Reverse(b.Determinations.Services)
	slices.Reverse(b.Determinations.Incidents)
	for _, f := range Formats() {
		if f == "json" {
			continue // JSON is the assessment itself, in the engine's order.
		}
		for _, l := range []string{"ja", "en"} {
			o := Options{Format: f, Lang: l}
			if x, y := render(t, a, o), render(t, b, o); !bytes.Equal(x, y) {
				t.Errorf("%s/%s: output depends on input order", f, l)
			}
		}
	}
}

func compileSchema(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("file:///schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("file:///schema.json")
	if err != nil {
		t.Fatalf("compiling %s: %v", path, err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, data []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	return s.Validate(inst)
}

// noFindings is a valid assessment of a carrier with nothing to find.
func noFindings(t testing.TB) *himitsu.Assessment {
	a := sampleAssessment(t)
	a.Findings = nil
	a.Determinations.Services = nil
	a.Determinations.Incidents = nil
	a.Judgement = himitsu.Judgement{Overall: "no-concern"}
	a.Counts = nil
	return a
}

func TestJSONSchema(t *testing.T) {
	s := compileSchema(t, filepath.Join("..", "..", "docs", "schema", "assessment.schema.json"))
	for name, a := range map[string]*himitsu.Assessment{"sample": sampleAssessment(t), "no findings": noFindings(t)} {
		t.Run(name, func(t *testing.T) {
			if err := validate(t, s, render(t, a, Options{Format: "json"})); err != nil {
				t.Errorf("got schema error %v, want none", err)
			}
		})
	}
	// The example bundle's golden JSON report is real engine output, with
	// every kind of deadline field the engine writes.
	t.Run("example golden", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join("..", "..", "cmd", "himitsu", "testdata", "example.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := validate(t, s, data); err != nil {
			t.Errorf("got schema error %v, want none", err)
		}
	})
	// The schema must be able to fail: an unknown status is rejected.
	bad := sampleAssessment(t)
	bad.Findings[0].Status = "maybe"
	if err := validate(t, s, render(t, bad, Options{Format: "json"})); err == nil {
		t.Error("got no schema error for status \"maybe\", want one")
	}
}

func oscalSchemaPath(t *testing.T) string {
	for _, p := range []string{
		filepath.Join("..", "catalog", "testdata", "oscal_complete_schema-1.1.2.json"),
		filepath.Join("testdata", "oscal_complete_schema-1.1.2.json"),
	} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatal("NIST's OSCAL 1.1.2 schema is missing from internal/catalog/testdata and internal/report/testdata")
	return ""
}

func TestOSCALSchema(t *testing.T) {
	s := compileSchema(t, oscalSchemaPath(t))
	cases := map[string]*himitsu.Assessment{"sample": sampleAssessment(t), "no findings": noFindings(t)}
	for name, a := range cases {
		for _, l := range []string{"ja", "en"} {
			t.Run(name+"/"+l, func(t *testing.T) {
				out := render(t, a, Options{Format: "oscal", Lang: l})
				if err := validate(t, s, out); err != nil {
					t.Errorf("got schema error %v, want none", err)
				}
			})
		}
	}
	// The schema must be able to fail: a finding without a target state.
	out := render(t, sampleAssessment(t), Options{Format: "oscal"})
	out = bytes.Replace(out, []byte(`"state": "satisfied"`), []byte(`"state": "fine"`), 1)
	if err := validate(t, s, out); err == nil {
		t.Error("got no schema error for state \"fine\", want one")
	}
}

func TestOSCALContent(t *testing.T) {
	out := string(render(t, sampleAssessment(t), Options{Format: "oscal", Lang: "en"}))
	for _, want := range []string{
		`"target-id": "s5-3-iv-iii"`, `"target-id": "s5-1-i"`, `"type": "objective-id"`,
		`"start": "2026-11-01T00:00:00+09:00"`, `"href": "#"`, `"include-all": {}`, `"oscal-version": "1.1.2"`,
		`"state": "not-satisfied"`, `"state": "satisfied"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("OSCAL output lacks %s", want)
		}
	}
	uuids := regexp.MustCompile(`"(?:uuid|observation-uuid)": "([0-9a-f-]{36})"`).FindAllStringSubmatch(out, -1)
	seen := map[string]int{}
	for _, m := range uuids {
		seen[m[1]]++
		if m[1][14] != '5' {
			t.Errorf("uuid %s: got version %c, want 5", m[1], m[1][14])
		}
	}
	// Each observation UUID appears twice (defined and referenced); every
	// other UUID once.
	for u, n := range seen {
		if n > 2 {
			t.Errorf("uuid %s appears %d times", u, n)
		}
	}
	if len(seen) < 27+8+3 {
		t.Errorf("got %d distinct UUIDs, want at least %d", len(seen), 27+8+3)
	}
}

// tagRE finds start and end tags (not comments, doctype or text).
var tagRE = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(/?)>`)

var voidElements = map[string]bool{"meta": true, "br": true, "hr": true, "img": true, "link": true, "input": true, "col": true, "wbr": true}

// checkBalanced reports the first tag that is closed out of order or left
// open, treating "<x/>" (SVG) and HTML void elements as closed.
func checkBalanced(doc string) error {
	// Text inside <style> holds no tags; drop it so selectors like "a > b"
	// are not read as markup.
	doc = regexp.MustCompile(`(?s)<style>.*?</style>`).ReplaceAllString(doc, "<style></style>")
	var stack []string
	for _, m := range tagRE.FindAllStringSubmatch(doc, -1) {
		closing, name, self := m[1] == "/", strings.ToLower(m[2]), m[3] == "/"
		switch {
		case self || (!closing && voidElements[name]):
		case !closing:
			stack = append(stack, name)
		case len(stack) == 0 || stack[len(stack)-1] != name:
			return fmt.Errorf("</%s> closes %v", name, stack)
		default:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("left open: %v", stack)
	}
	return nil
}

func TestCheckBalanced(t *testing.T) {
	tests := []struct {
		name, doc string
		ok        bool
	}{
		{"nested", "<html><body><p>a<br>b</p><svg><line/></svg></body></html>", true},
		{"crossed", "<div><p></div></p>", false},
		{"open", "<section><table>", false},
		{"style", "<style>a > b { }</style><p></p>", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := checkBalanced(tt.doc); (err == nil) != tt.ok {
				t.Errorf("got error %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestHTML(t *testing.T) {
	for _, l := range []string{"ja", "en"} {
		t.Run(l, func(t *testing.T) {
			doc := string(render(t, sampleAssessment(t), Options{Format: "html", Lang: l}))
			if err := checkBalanced(doc); err != nil {
				t.Errorf("unbalanced HTML: %v", err)
			}
			for _, want := range []string{
				`<html lang="` + l + `">`, "@media print", "break-before: page", `"Hiragino Sans", "Noto Sans JP", "IPAexGothic", "Yu Gothic", sans-serif`,
				"<svg", `class="threshold"`, `id="appendix"`, "INC-2026-004",
			} {
				if !strings.Contains(doc, want) {
					t.Errorf("HTML lacks %q", want)
				}
			}
			for _, bad := range []string{"{{", "<script", "<link", "<img", "src=", "url(", "@import", `href="http`} {
				if strings.Contains(doc, bad) {
					t.Errorf("HTML contains %q; it must be self-contained and fully expanded", bad)
				}
			}
			// The three most serious findings are on the cover.
			cover := doc[:strings.Index(doc, `id="categories"`)]
			if got := strings.Count(cover, "<li><strong>"); got != 3 {
				t.Errorf("got %d top findings on the cover, want 3", got)
			}
		})
	}
}

// TestChartAxis checks that the Y axis starts at zero and that thresholds
// sit where their scores are.
func TestChartAxis(t *testing.T) {
	v := newView(sampleAssessment(t), loadCatalog(t), Options{Lang: "en"})
	c := v.Chart
	if got := c.Ticks[0]; got.Label != "0" || got.Y != c.Bottom {
		t.Errorf("got first tick %+v, want label 0 at y=%d", got, c.Bottom)
	}
	if len(c.Thresholds) != 2 {
		t.Fatalf("got %d threshold lines, want 2 (6 and 12)", len(c.Thresholds))
	}
	// 12 is twice as far from the zero line as 6.
	d6, d12 := c.Bottom-c.Thresholds[0].Y, c.Bottom-c.Thresholds[1].Y
	if d6*12 < d12*6-12 || d6*12 > d12*6+12 {
		t.Errorf("got threshold heights %d and %d, want ratio 6:12", d6, d12)
	}
	for _, b := range c.Bars {
		if b.Y+b.H != c.Bottom {
			t.Errorf("bar %s does not stand on the zero line", b.Label)
		}
	}
}

func TestTemplatesParse(t *testing.T) {
	if _, err := NewRenderer(); err != nil {
		t.Fatalf("NewRenderer: %v", err)
	}
}

func TestEmptyAndLarge(t *testing.T) {
	large := sampleAssessment(t)
	base := large.Findings
	for i := len(base); i < 10000; i++ {
		f := base[i%len(base)]
		f.Rule = fmt.Sprintf("%s#%d", f.Rule, i)
		large.Findings = append(large.Findings, f)
	}
	cases := map[string]*himitsu.Assessment{"zero": {}, "no findings": noFindings(t), "10000 findings": large}
	for name, a := range cases {
		for _, f := range Formats() {
			for _, l := range []string{"ja", "en"} {
				t.Run(name+"/"+f+"/"+l, func(t *testing.T) {
					if out := render(t, a, Options{Format: f, Lang: l}); len(out) == 0 {
						t.Error("got empty output")
					}
				})
			}
		}
	}
}

func TestTextWidth(t *testing.T) {
	for _, o := range []Options{{Lang: "ja"}, {Lang: "en"}, {Lang: "ja", Era: true}} {
		out := string(render(t, sampleAssessment(t), o))
		for i, line := range strings.Split(out, "\n") {
			if w := textwidth.Width(line); w > 100 {
				t.Errorf("%s line %d: got %d columns, want at most 100: %q", o.Lang, i+1, w, line)
			} else if w > textWidth {
				t.Errorf("%s line %d: got %d columns, want at most %d: %q", o.Lang, i+1, w, textWidth, line)
			}
			if first := []rune(strings.TrimLeft(line, " ")); len(first) > 0 && strings.ContainsRune("、。）」』】", first[0]) {
				t.Errorf("%s line %d starts with %q (kinsoku)", o.Lang, i+1, first[0])
			}
		}
	}
}

func TestRenderErrors(t *testing.T) {
	cat := loadCatalog(t)
	tests := []struct {
		name string
		a    *himitsu.Assessment
		opts Options
	}{
		{"unknown format", &himitsu.Assessment{}, Options{Format: "pdf"}},
		{"unknown language", &himitsu.Assessment{}, Options{Lang: "fr"}},
		{"nil assessment", nil, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Render(&buf, tt.a, cat, tt.opts)
			var he *himitsu.Error
			if !errors.As(err, &he) || he.Kind != himitsu.KindInvalid {
				t.Errorf("got %v, want a KindInvalid *himitsu.Error", err)
			}
			if buf.Len() != 0 {
				t.Errorf("got %d bytes written on error, want 0", buf.Len())
			}
		})
	}
}

// BenchmarkRender renders an assessment with 10,000 findings in each format.
func BenchmarkRender(b *testing.B) {
	a := sampleAssessment(b)
	base := a.Findings
	for i := len(base); i < 10000; i++ {
		f := base[i%len(base)]
		f.Rule = fmt.Sprintf("%s#%d", f.Rule, i)
		a.Findings = append(a.Findings, f)
	}
	cat := loadCatalog(b)
	for _, f := range Formats() {
		b.Run(f, func(b *testing.B) {
			var n int
			for b.Loop() {
				var buf bytes.Buffer
				if err := Render(&buf, a, cat, Options{Format: f, Lang: "ja"}); err != nil {
					b.Fatal(err)
				}
				n = buf.Len()
			}
			b.ReportMetric(float64(n), "bytes/report")
		})
	}
}
