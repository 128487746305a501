package measure

import "testing"

func TestCounts(t *testing.T) {
	var c Counts
	c.Add("a", true, true)
	c.Add("b", true, false)
	c.Add("c", false, true)
	c.Add("d", false, false)
	c.Add("e", true, true)
	if got, want := c.Precision(), 2.0/3; got != want {
		t.Errorf("precision = %v, want %v", got, want)
	}
	if got, want := c.Recall(), 2.0/3; got != want {
		t.Errorf("recall = %v, want %v", got, want)
	}
	if len(c.Misses) != 1 || c.Misses[0] != "c" || len(c.FalseAlarms) != 1 || c.FalseAlarms[0] != "b" {
		t.Errorf("misses %v false alarms %v, want [c] [b]", c.Misses, c.FalseAlarms)
	}
	var empty Counts
	if empty.Precision() != 1 || empty.Recall() != 1 {
		t.Errorf("empty counts: precision %v recall %v, want 1 1", empty.Precision(), empty.Recall())
	}
}
