package clue

import (
	"github.com/himitsu-oss/himitsu/internal/measure"
)

// Labelled is a complaint with a person's reading of it: whether it is a
// leak clue and of which kind (for a complaint without a clue, Kind names
// the look-alike it is, such as "sales" or "billing").
type Labelled struct {
	ID   string
	Text string
	Clue bool
	Kind string
}

// Evaluation compares the rules with a labelled set: Clue for the yes/no
// verdict, Kinds per kind of clue (a hit needs the right kind).
type Evaluation struct {
	Clue  measure.Counts
	Kinds map[string]*measure.Counts
}

// Evaluate screens every labelled complaint and counts the agreements.
func (rs *Rules) Evaluate(set []Labelled) Evaluation {
	ev := Evaluation{Kinds: map[string]*measure.Counts{}}
	for k := range rs.Kinds {
		ev.Kinds[k] = &measure.Counts{}
	}
	for _, l := range set {
		v := rs.Screen(l.Text)
		ev.Clue.Add(l.ID, v.Clue, l.Clue)
		for k, c := range ev.Kinds {
			c.Add(l.ID, v.Clue && v.Kind == k, l.Clue && l.Kind == k)
		}
	}
	return ev
}
