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
// were last changed, rounded down by less than one complaint's worth, so
// that a change of the rules that loses a clue or raises a false alarm
// fails here.
//
// None of these sets is held out any more: the misses of the "held-out"
// sets were read and the rules extended for their ways of speaking in
// session 14 (2026-12-08), so all four are tuning data now. A held-out
// figure comes from a set written by someone who has not seen the rules,
// measured once.
func TestMeasuredFigures(t *testing.T) {
	tests := []struct {
		name                    string
		file                    string
		minPrecision, minRecall float64
	}{
		// 177 clues: one miss is 0.994.
		{"tuning", "testdata/complaints-tune.jsonl", 0.99, 0.99},
		// Held out until session 14: recall 0.917 before, 1.000 after
		// (seen while tuning). 48 clues: one miss is 0.979.
		{"held-out (seen while tuning in session 14)", "testdata/complaints-heldout.jsonl", 0.97, 0.97},
		// Held out until session 14: recall 0.458 on the rules of
		// 2026-12-07, 0.750 on those of 2026-12-08, 1.000 after
		// (seen while tuning). 24 clues: one miss is 0.958.
		{"held-out 2 (seen while tuning in session 14)", "testdata/complaints-heldout2.jsonl", 0.95, 0.95},
		// A third held-out set, written blind on 2026-12-08 by an engineer
		// who had not seen the rules, lexicons or other sets. Measured
		// blind once, after the session-14 rule changes: precision 0.945,
		// recall 0.553 (0.936 / 0.468 on the rules before them) — the
		// honest figure of that round. Its misses and false alarms were
		// then read and the rules widened for them (rules 2026-12-08.4),
		// so it is tuning data now: 1.000 / 1.000 after (seen while
		// tuning). 94 clues: one miss is 0.989; 94 alarms: one false
		// alarm is 0.989.
		{"held-out 3 (seen while tuning in session 14)", "testdata/complaints-heldout3.jsonl", 0.98, 0.98},
		// A fourth held-out set, written blind on 2026-12-08 by an engineer
		// who had seen neither the rules nor the other sets, kept out of
		// the tuning engineer's sight, measured once after the rules of
		// round four (see docs/screening.md).
		// Precision 0.891, recall 0.570 on the rules of round four (0.857 /
		// 0.419 on the rules at the start of session 14, 0.872 / 0.477 after
		// round three). The floors guard against a fall below that figure.
		{"held-out 4", "testdata/complaints-heldout4.jsonl", 0.88, 0.56},
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
