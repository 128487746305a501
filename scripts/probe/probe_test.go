//go:build unix

package main

import "testing"

func TestCountLeaves(t *testing.T) {
	tests := []struct {
		name                string
		out                 string
		wantTried, wantPass int
	}{
		{"none", "=== RUN   TestProbeMalformedBundles\n--- PASS: TestProbeMalformedBundles (0.01s)\n", 0, 0},
		{"flat", `--- PASS: TestProbeMalformedBundles (0.01s)
    --- PASS: TestProbeMalformedBundles/empty_file (0.00s)
    --- FAIL: TestProbeMalformedBundles/huge_line (0.00s)
`, 2, 1},
		{"nested groups count their cases", `--- FAIL: TestProbeMalformedBundles (0.01s)
    --- FAIL: TestProbeMalformedBundles/yaml (0.00s)
        --- PASS: TestProbeMalformedBundles/yaml/anchors (0.00s)
        --- FAIL: TestProbeMalformedBundles/yaml/depth (0.00s)
    --- PASS: TestProbeMalformedBundles/csv_formula (0.00s)
`, 3, 2},
		{"other tests ignored", "    --- PASS: TestOther/x (0.00s)\n", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tried, passed := countLeaves(tt.out)
			if tried != tt.wantTried || passed != tt.wantPass {
				t.Errorf("got %d tried, %d passed; want %d, %d", tried, passed, tt.wantTried, tt.wantPass)
			}
		})
	}
}
