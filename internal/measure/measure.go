// Package measure counts how well a yes/no judgement agrees with labels
// written by people: precision, recall and the cases that disagree.
package measure

import "fmt"

// Counts is a confusion matrix of one label.
type Counts struct {
	TP, FP, FN, TN int
	// Misses and FalseAlarms name the items that disagree, for a person
	// who wants to read them.
	Misses, FalseAlarms []string
}

// Add records one item: what the engine said and what the label says.
func (c *Counts) Add(id string, got, want bool) {
	switch {
	case got && want:
		c.TP++
	case got:
		c.FP++
		c.FalseAlarms = append(c.FalseAlarms, id)
	case want:
		c.FN++
		c.Misses = append(c.Misses, id)
	default:
		c.TN++
	}
}

// Precision is TP/(TP+FP); 1 when nothing was flagged, since no flag was wrong.
func (c Counts) Precision() float64 {
	if c.TP+c.FP == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Recall is TP/(TP+FN); 1 when there was nothing to find.
func (c Counts) Recall() float64 {
	if c.TP+c.FN == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// N is the number of items counted.
func (c Counts) N() int { return c.TP + c.FP + c.FN + c.TN }

func (c Counts) String() string {
	return fmt.Sprintf("precision %.3f recall %.3f (tp %d fp %d fn %d tn %d)", c.Precision(), c.Recall(), c.TP, c.FP, c.FN, c.TN)
}
