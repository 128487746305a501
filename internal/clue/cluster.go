package clue

import (
	"fmt"
	"slices"
	"time"
	"unicode"

	"github.com/himitsu-oss/himitsu/internal/textnorm"
)

// Screened is a complaint with its verdict and, when known, the time it
// was received.
type Screened struct {
	ID      string
	Text    string
	At      time.Time
	Verdict Verdict
}

// ClusterParams sets how similar complaints are grouped. Zero values take
// the defaults: a 7-day window, at least 3 complaints, a character-bigram
// similarity of 0.25.
type ClusterParams struct {
	Window     time.Duration
	MinSize    int
	Similarity float64
}

func (p ClusterParams) withDefaults() ClusterParams {
	if p.Window <= 0 {
		p.Window = 7 * 24 * time.Hour
	}
	if p.MinSize <= 0 {
		p.MinSize = 3
	}
	if p.Similarity <= 0 {
		p.Similarity = 0.25
	}
	return p
}

// Cluster is a group of similar complaints received close together. It is
// a signal even when each complaint alone is weak: several people
// describing the same thing in one week point to one cause.
type Cluster struct {
	Kind    string    `json:"kind,omitempty"`
	IDs     []string  `json:"ids"`
	Clues   int       `json:"clues"`
	Weak    int       `json:"weak"`
	From    time.Time `json:"from,omitzero"`
	To      time.Time `json:"to,omitzero"`
	Message Text      `json:"message"`
}

// Clusters groups the complaints that are clues or weak signals: two are
// linked when they were received within the window of each other (or
// either has no time) and they are of the same kind, or one has no kind
// yet and their texts are similar. Groups of at least MinSize are returned, largest first.
func Clusters(items []Screened, p ClusterParams) []Cluster {
	p = p.withDefaults()
	var idx []int
	for i, it := range items {
		if it.Verdict.Clue || it.Verdict.Weak {
			idx = append(idx, i)
		}
	}
	grams := make([]map[string]bool, len(idx))
	for k, i := range idx {
		grams[k] = bigrams(items[i].Text)
	}
	parent := make([]int, len(idx))
	for k := range parent {
		parent[k] = k
	}
	var find func(int) int
	find = func(k int) int {
		for parent[k] != k {
			parent[k] = parent[parent[k]]
			k = parent[k]
		}
		return k
	}
	for a := range idx {
		for b := a + 1; b < len(idx); b++ {
			x, y := items[idx[a]], items[idx[b]]
			if !x.At.IsZero() && !y.At.IsZero() {
				d := x.At.Sub(y.At)
				if d < 0 {
					d = -d
				}
				if d > p.Window {
					continue
				}
			}
			// Complaints of different kinds are never linked, so that
			// a cluster stays one story; a weak signal without a kind
			// joins by likeness of text.
			kx, ky := x.Verdict.Kind, y.Verdict.Kind
			sameKind := kx != "" && kx == ky
			similar := (kx == "" || ky == "" || kx == ky) && jaccard(grams[a], grams[b]) >= p.Similarity
			if sameKind || similar {
				parent[find(a)] = find(b)
			}
		}
	}
	groups := map[int][]int{}
	for k := range idx {
		r := find(k)
		groups[r] = append(groups[r], idx[k])
	}
	var out []Cluster
	for _, g := range groups {
		if len(g) < p.MinSize {
			continue
		}
		slices.Sort(g)
		c := Cluster{}
		kinds := map[string]int{}
		for _, i := range g {
			it := items[i]
			c.IDs = append(c.IDs, it.ID)
			if it.Verdict.Clue {
				c.Clues++
			} else {
				c.Weak++
			}
			if it.Verdict.Kind != "" {
				kinds[it.Verdict.Kind]++
			}
			if !it.At.IsZero() {
				if c.From.IsZero() || it.At.Before(c.From) {
					c.From = it.At
				}
				if it.At.After(c.To) {
					c.To = it.At
				}
			}
		}
		best := 0
		for _, k := range slices.Sorted(mapKeys(kinds)) {
			if kinds[k] > best {
				best, c.Kind = kinds[k], k
			}
		}
		c.Message = Text{
			EN: fmt.Sprintf("%d similar complaints close together (%d clues, %d weak signals): together they point to one cause; look at them as one possible leak", len(g), c.Clues, c.Weak),
			JA: fmt.Sprintf("近い時期に似た苦情が%d件（端緒%d件、弱い兆候%d件）: まとめて一つの原因を示している可能性があり、一件の漏えいの疑いとして調べること", len(g), c.Clues, c.Weak),
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Cluster) int {
		if len(a.IDs) != len(b.IDs) {
			return len(b.IDs) - len(a.IDs)
		}
		return cmpString(a.IDs[0], b.IDs[0])
	})
	return out
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func mapKeys(m map[string]int) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// bigrams returns the set of adjacent letter pairs of the folded text,
// ignoring punctuation and spaces: a measure of likeness that needs no
// word segmentation, so it works for Japanese as for English.
func bigrams(s string) map[string]bool {
	var rs []rune
	for _, r := range textnorm.String(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, r)
		}
	}
	out := map[string]bool{}
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
