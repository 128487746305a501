package clue

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

type labelledJSON struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Lang   string `json:"lang"`
	Labels struct {
		Clue bool   `json:"clue"`
		Kind string `json:"kind"`
	} `json:"labels"`
}

func readSet(t testing.TB, path string) []Labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []Labelled
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var l labelledJSON
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, Labelled{ID: l.ID, Text: l.Text, Clue: l.Labels.Clue, Kind: l.Labels.Kind})
	}
	return out
}

// TestMeasuredFigures guards the precision and recall stated in
// docs/screening.md. The floors are the figures measured when the rules
// were written, rounded down a little; the held-out figures were measured
// once, after the rules were frozen, on complaints the rules never saw
// while being tuned.
func TestMeasuredFigures(t *testing.T) {
	tests := []struct {
		name                    string
		file                    string
		minPrecision, minRecall float64
	}{
		{"tuning", "testdata/complaints-tune.jsonl", 0.98, 0.98},
		{"held-out", "testdata/complaints-heldout.jsonl", 0.95, 0.91},
		// A second held-out set, written on 2026-12-08 before that day's
		// rule changes and never used to tune them: recall 0.458 before,
		// 0.750 after.
		{"held-out 2", "testdata/complaints-heldout2.jsonl", 0.95, 0.74},
		// A third held-out set, written blind on 2026-12-08 by an engineer
		// who had not seen the rules, lexicons or other sets. Reported
		// only: its floors stay at 0 until the lead has measured it and
		// set them; a malformed line still fails in readSet.
		{"held-out 3", "testdata/complaints-heldout3.jsonl", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := readSet(t, tt.file)
			ev := Default().Evaluate(set)
			t.Logf("%s: %d complaints, clue %v", tt.name, len(set), ev.Clue)
			for _, k := range Default().kindNames() {
				t.Logf("%s: kind %s %v", tt.name, k, ev.Kinds[k])
			}
			if got := ev.Clue.Precision(); got < tt.minPrecision {
				t.Errorf("precision = %.3f, want >= %.2f; false alarms %v", got, tt.minPrecision, ev.Clue.FalseAlarms)
			}
			if got := ev.Clue.Recall(); got < tt.minRecall {
				t.Errorf("recall = %.3f, want >= %.2f; misses %v", got, tt.minRecall, ev.Clue.Misses)
			}
		})
	}
}

func TestSetsAreLargeEnough(t *testing.T) {
	tune := readSet(t, "testdata/complaints-tune.jsonl")
	held := readSet(t, "testdata/complaints-heldout.jsonl")
	if n := len(tune) + len(held); n < 300 {
		t.Errorf("%d labelled complaints, want at least 300", n)
	}
	ids := map[string]bool{}
	for _, l := range append(tune, held...) {
		if ids[l.ID] {
			t.Errorf("duplicate id %s", l.ID)
		}
		ids[l.ID] = true
	}
}

func BenchmarkScreen(b *testing.B) {
	set := readSet(b, "testdata/complaints-tune.jsonl")
	rs := Default()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		rs.Screen(set[i%len(set)].Text)
	}
}
