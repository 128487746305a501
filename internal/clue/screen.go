package clue

import (
	"slices"

	"github.com/himitsu-oss/himitsu/internal/textnorm"
)

// Match is one word of a list found in a complaint, quoted as written.
type Match struct {
	List    string `json:"list"`
	Pattern string `json:"pattern"`
	Text    string `json:"text"`
}

// Reason is a rule that fired, with the words that made it fire.
type Reason struct {
	Rule    string  `json:"rule"`
	Kind    string  `json:"kind,omitempty"`
	Weight  float64 `json:"weight"`
	About   Text    `json:"about"`
	Matches []Match `json:"matches"`
}

// Verdict is the screening of one complaint. Clue is true when the weights
// of the rules that fired reach the threshold for some kind; Kind is the
// kind with the most weight. Weak marks a complaint that is not a clue but came close
// (most lists of a clue rule matched, or a positive score under the
// threshold): alone it says little, in a cluster of similar complaints it
// is a signal.
type Verdict struct {
	Clue  bool    `json:"clue"`
	Kind  string  `json:"kind,omitempty"`
	Score float64 `json:"score"`
	// Kinds lists every kind whose weight reached the threshold.
	Kinds   []string `json:"kinds,omitempty"`
	Weak    bool     `json:"weak,omitempty"`
	Reasons []Reason `json:"reasons,omitempty"`
}

// Screen judges one complaint text.
func (rs *Rules) Screen(text string) Verdict {
	f := textnorm.Fold(text)
	// Several rules share lists; each list is searched once per text.
	type found struct {
		m  Match
		ok bool
	}
	cache := map[string]found{}
	find := func(l string) (Match, bool) {
		if c, ok := cache[l]; ok {
			return c.m, c.ok
		}
		m, ok := rs.find(f, l)
		cache[l] = found{m, ok}
		return m, ok
	}
	var v Verdict
	byKind := map[string]float64{}
	global := 0.0
	for i := range rs.Rules {
		r := &rs.Rules[i]
		var ms []Match
		for _, l := range r.All {
			if m, ok := find(l); ok {
				ms = append(ms, m)
			}
		}
		if len(ms) < len(r.All) {
			if r.Weight > 0 && len(r.All) >= 2 && len(ms) >= 2 && float64(len(ms)) >= rs.WeakShare*float64(len(r.All)) {
				v.Weak = true
			}
			continue
		}
		unless := false
		for _, l := range r.Unless {
			if _, ok := find(l); ok {
				unless = true
				break
			}
		}
		if unless {
			continue
		}
		// A negative rule with a kind counts against that kind only;
		// without a kind it counts against every kind.
		if r.Kind == "" {
			global += r.Weight
		} else {
			byKind[r.Kind] += r.Weight
		}
		v.Reasons = append(v.Reasons, Reason{Rule: r.ID, Kind: r.Kind, Weight: r.Weight, About: r.About, Matches: ms})
	}
	v.Score = global
	for _, k := range rs.kindNames() {
		s := byKind[k] + global
		if byKind[k] > 0 && (v.Kind == "" || s > v.Score) {
			v.Kind, v.Score = k, s
		}
		if byKind[k] > 0 && s >= rs.Threshold {
			v.Kinds = append(v.Kinds, k)
		}
	}
	v.Clue = len(v.Kinds) > 0
	if v.Clue {
		v.Weak = false
	} else {
		v.Weak = v.Weak || v.Score > 0
		if v.Score <= 0 {
			v.Kind = ""
		}
	}
	slices.SortStableFunc(v.Reasons, func(a, b Reason) int {
		switch {
		case a.Weight > b.Weight:
			return -1
		case a.Weight < b.Weight:
			return 1
		}
		return 0
	})
	return v
}

// find returns the leftmost match of any pattern of list l in f.
func (rs *Rules) find(f textnorm.Folded, l string) (Match, bool) {
	best, found := Match{}, false
	at := -1
	for _, p := range rs.Lists[l] {
		loc := p.re.FindStringIndex(f.Text)
		if loc == nil || (found && loc[0] >= at) {
			continue
		}
		at, found = loc[0], true
		best = Match{List: l, Pattern: p.Source, Text: f.Original(loc[0], loc[1])}
	}
	return best, found
}

// KindName returns the name of a kind of clue in lang.
func (rs *Rules) KindName(kind, lang string) string {
	if t, ok := rs.Kinds[kind]; ok {
		return t.In(lang)
	}
	return kind
}
