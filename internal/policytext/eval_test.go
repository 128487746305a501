package policytext

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/himitsu-oss/himitsu/internal/measure"
)

func readPassages(t testing.TB, path string) []LabelledPassage {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []LabelledPassage
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var p struct {
			ID, Text, Lang string
			Labels         struct {
				Disclaims bool   `json:"disclaims_leak_responsibility"`
				Blanket   bool   `json:"blanket_consent"`
				Clear     bool   `json:"clear"`
				Kind      string `json:"kind"`
			}
		}
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, LabelledPassage{ID: p.ID, Text: p.Text, Lang: p.Lang, Disclaims: p.Labels.Disclaims,
			BlanketConsent: p.Labels.Blanket, Clear: p.Labels.Clear, Kind: p.Labels.Kind})
	}
	return out
}

// TestMeasuredFigures guards the figures stated in docs/screening.md: the
// floors are the measured figures rounded down a little. The held-out
// figures were measured once, after the rules and limits were frozen.
func TestMeasuredFigures(t *testing.T) {
	type floor struct{ p, r float64 }
	tests := []struct {
		name                        string
		file                        string
		disclaims, blanket, unclear floor
	}{
		{"tuning", "testdata/passages-tune.jsonl", floor{0.98, 0.98}, floor{0.98, 0.98}, floor{0.98, 0.98}},
		// Measured once: disclaimers 1.000/1.000, blanket consent
		// 0.889/1.000, unclear 0.750/0.857 (precision/recall).
		{"held-out", "testdata/passages-heldout.jsonl", floor{0.95, 0.95}, floor{0.88, 0.95}, floor{0.74, 0.85}},
		// A second held-out set on blanket consent, written on 2026-12-08
		// before that day's change (specific, revocable consent is not
		// blanket): blanket consent 0.889/1.000 before, 1.000/1.000 after.
		// Its passages are clear and disclaim nothing (floors of 0 there).
		{"held-out 2", "testdata/passages-heldout2.jsonl", floor{0, 0}, floor{0.95, 0.95}, floor{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := readPassages(t, tt.file)
			ev := NewChecker().Evaluate(set)
			check := func(label string, c measure.Counts, f floor) {
				t.Logf("%s %s: %v", tt.name, label, c)
				if c.Precision() < f.p || c.Recall() < f.r {
					t.Errorf("%s: precision %.3f recall %.3f, want >= %.2f and %.2f; false alarms %v misses %v",
						label, c.Precision(), c.Recall(), f.p, f.r, c.FalseAlarms, c.Misses)
				}
			}
			check("disclaims leak responsibility", ev.Disclaims, tt.disclaims)
			check("blanket consent", ev.BlanketConsent, tt.blanket)
			check("unclear", ev.Unclear, tt.unclear)
			t.Logf("%s condition of use: %v", tt.name, ev.ConditionOfUse)
		})
	}
}

func TestPassageSetIsLargeEnough(t *testing.T) {
	n := len(readPassages(t, "testdata/passages-tune.jsonl")) + len(readPassages(t, "testdata/passages-heldout.jsonl"))
	if n < 150 {
		t.Errorf("%d labelled passages, want at least 150", n)
	}
}
