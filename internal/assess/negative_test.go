package assess

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/catalog"
	"github.com/himitsu-oss/himitsu/internal/report"
)

// TestNegativeControls: a well-run carrier with one small, promptly
// handled mishap comes out "no concern" or "self-correction" (the grade
// with ID advice), in the judgement and in what a reader sees: the text
// report, the JSON and the HTML, in both languages. Every fixture under
// testdata/judgement is such a carrier.
func TestNegativeControls(t *testing.T) {
	cat := mustCatalog(t)
	files, err := filepath.Glob(filepath.Join("testdata", "judgement", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2 {
		t.Fatalf("got %d negative controls, want at least 2", len(files))
	}
	allowed := []string{catalog.GradeNoConcern, catalog.GradeAdvice}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".yaml"), func(t *testing.T) {
			c := loadCase(t, path)
			a := runCase(t, cat, &c)
			got := a.Judgement.Overall
			if got != catalog.GradeNoConcern && got != catalog.GradeAdvice {
				t.Fatalf("got overall %s, want no-concern or advice (indicated %v; reasons %v)", got, indicatedRules(a), a.Judgement.Reasons)
			}
			for _, f := range a.Findings {
				if f.Status == himitsu.StatusNeedsAttestation {
					t.Errorf("%s: needs attestation (%s); a negative control must be decidable", f.Rule, f.Question.EN)
				}
			}
			for _, lang := range []string{"ja", "en"} {
				want, ok := cat.Grade(got)
				if !ok {
					t.Fatalf("catalog has no grade %s", got)
				}
				label := want.Label.JA
				if lang == "en" {
					label = want.Label.EN
				}
				var others []string
				for _, g := range cat.Judgement.Grades {
					if g.ID == catalog.GradeGuidance || g.ID == catalog.GradeOrderRisk {
						others = append(others, g.Label.JA, g.Label.EN)
					}
				}

				text := render(t, a, cat, "text", lang)
				head := map[string]string{"ja": "総合評価: ", "en": "Overall grade: "}[lang]
				if line := lineWith(text, head); line != head+label {
					t.Errorf("%s text: got %q, want %q", lang, line, head+label)
				}

				var doc struct {
					Assessment struct {
						Judgement struct {
							Overall string `json:"overall"`
						} `json:"judgement"`
					} `json:"assessment"`
				}
				if err := json.Unmarshal([]byte(render(t, a, cat, "json", lang)), &doc); err != nil {
					t.Fatalf("%s json: %v", lang, err)
				}
				if doc.Assessment.Judgement.Overall != got || !contains(allowed, doc.Assessment.Judgement.Overall) {
					t.Errorf("%s json: got overall %q, want %q", lang, doc.Assessment.Judgement.Overall, got)
				}

				html := render(t, a, cat, "html", lang)
				verdict := `<div class="verdict g-` + got + `">`
				if !strings.Contains(html, verdict) || !strings.Contains(html, `<strong class="name">`+label+`</strong>`) {
					t.Errorf("%s html: no verdict %s labelled %q", lang, verdict, label)
				}
				for _, o := range others {
					if strings.Contains(html, `<strong class="name">`+o+`</strong>`) {
						t.Errorf("%s html: shows the verdict %q", lang, o)
					}
				}
			}
		})
	}
}

func render(t *testing.T, a *himitsu.Assessment, cat *catalog.Catalog, format, lang string) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.Render(&b, a, cat, report.Options{Format: format, Lang: lang}); err != nil {
		t.Fatalf("%s %s: %v", format, lang, err)
	}
	return b.String()
}

func lineWith(s, prefix string) string {
	for l := range strings.Lines(s) {
		if strings.HasPrefix(l, prefix) {
			return strings.TrimRight(l, "\n")
		}
	}
	return ""
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
