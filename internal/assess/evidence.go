package assess

import (
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/catalog"
)

// sampler counts the records that triggered a rule and keeps the first max
// of them in (register, ID) order. Keeping the smallest keys rather than
// the first seen makes the evidence independent of the order in which a
// log is streamed, and bounds memory whatever the log's size.
type sampler struct {
	max   int
	total int
	ev    []himitsu.Evidence // sorted by register, then ID; at most max
}

func newSampler(max int) *sampler { return &sampler{max: max} }

func evLess(reg, id string, e *himitsu.Evidence) bool {
	if reg != e.Register {
		return reg < e.Register
	}
	return id < e.ID
}

// accept counts one triggering record and reports whether it would be
// kept, so that callers build the evidence values only for kept records.
func (s *sampler) accept(reg, id string) bool {
	s.total++
	if len(s.ev) < s.max {
		return true
	}
	return evLess(reg, id, &s.ev[len(s.ev)-1])
}

// put inserts evidence that accept admitted.
func (s *sampler) put(e himitsu.Evidence) {
	i, _ := slices.BinarySearchFunc(s.ev, e, func(a, b himitsu.Evidence) int {
		if c := strings.Compare(a.Register, b.Register); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	s.ev = slices.Insert(s.ev, i, e)
	if len(s.ev) > s.max {
		s.ev = s.ev[:s.max]
	}
}

// add counts and keeps one record with key/value pairs.
func (s *sampler) add(reg, id string, kv ...string) {
	if s.accept(reg, id) {
		s.put(ev(reg, id, kv...))
	}
}

func (s *sampler) list() []himitsu.Evidence {
	if len(s.ev) == 0 {
		return nil
	}
	return slices.Clone(s.ev)
}

// ev builds evidence from key/value pairs, leaving out empty values.
func ev(reg, id string, kv ...string) himitsu.Evidence {
	e := himitsu.Evidence{Register: reg, ID: id}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		if e.Values == nil {
			e.Values = make(map[string]string, len(kv)/2)
		}
		e.Values[kv[i]] = kv[i+1]
	}
	return e
}

// outcome is what a rule concluded; apply turns it into a Finding.
type outcome struct {
	status   himitsu.Status
	severity himitsu.Severity
	summary  himitsu.Text
	ev       *sampler
	question himitsu.Text
	// item, when set, is the catalog item the finding falls on instead
	// of the rule's own: a self-attestation the records contradict is a
	// finding on the item the claim concerns.
	item catalog.Item
}
