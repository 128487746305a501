package demo

import (
	"context"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// source is the carrier's EventSource. Both streams are computed on the
// fly: event i depends only on the seed, i and the immutable tables built
// by Generate, so iterating twice gives identical events and memory does
// not grow with the number of events.
type source struct {
	acc   *accessSource
	entry *entrySource
}

func (s *source) AccessEvents(ctx context.Context, fn func(*himitsu.AccessEvent) error) error {
	return s.acc.each(ctx, fn)
}

func (s *source) EntryLogs(ctx context.Context, fn func(*himitsu.EntryLog) error) error {
	return s.entry.each(ctx, fn)
}

// prng is a PCG generator seeded per record, with the few draws the
// streams need, so that no allocation happens per event.
type prng struct{ rand.PCG }

func newPRNG(k1, k2, i uint64) prng {
	var p prng
	p.Seed(k1, mix64(i^k2))
	return p
}

// n returns a number in [0, n) for n < 2^32 (Lemire's multiply-shift).
func (p *prng) n(n int) int { return int(((p.Uint64() >> 32) * uint64(n)) >> 32) }

func (p *prng) unit() float64 { return float64(p.Uint64()>>11) / (1 << 53) }

// mix64 is SplitMix64's finaliser: neighbouring indices get unrelated seeds.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// slots spreads n records over the hours of the window in proportion to
// weights, keeping record order equal to time order: slot k (hour k of the
// window) holds records [start[k], start[k+1]).
type slots struct {
	base  time.Time
	start []int64
}

func newSlots(base time.Time, n int64, weights []float64) slots {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	s := slots{base: base, start: make([]int64, len(weights)+1)}
	cum := 0.0
	for k, w := range weights {
		s.start[k] = int64(float64(n) * cum / total)
		cum += w
	}
	s.start[len(weights)] = n
	return s
}

// slotOf returns the slot holding record i: the last k with start[k] <= i.
func (s *slots) slotOf(i int64) int {
	return sort.Search(len(s.start), func(x int) bool { return s.start[x] > i }) - 1
}

// at places record i of slot k within its hour; u in [0,1) is its jitter.
func (s *slots) at(i int64, k int, u float64) time.Time {
	c := s.start[k+1] - s.start[k]
	off := (float64(i-s.start[k]) + u) / float64(c) * float64(time.Hour)
	return s.base.Add(time.Duration(k)*time.Hour + time.Duration(off))
}

// hourWeights returns the relative volume of each hour of the window:
// office hours dominate, nights are quiet, weekends lighter.
func hourWeights(g *gen, section string, profile [24]float64, weekend float64) []float64 {
	r := g.rand(section)
	w := make([]float64, windowDays*24)
	for d := range windowDays {
		f := 0.9 + 0.2*r.Float64()
		if wd := g.winStart.AddDays(d).Time().Weekday(); wd == time.Saturday || wd == time.Sunday {
			f *= weekend
		}
		for h := range 24 {
			w[d*24+h] = profile[h] * f
		}
	}
	return w
}

var accessProfile = [24]float64{0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.4, 0.8, 1.6, 2.2, 2.4, 2.3, 1.6, 2.2, 2.4, 2.3, 2.0, 1.6, 1.0, 0.7, 0.5, 0.4, 0.3, 0.2}

// actor is one grant in use: who acts, through which account, on what,
// for which purpose, on which days [from, to).
type actor struct {
	person, account, dataset, purpose string
	scope                             himitsu.GrantScope
	consent                           int8  // -1: lawful business; else index in accessSource.stable
	subs                              uint8 // subscribers concerned: 0 mobile, 1 ISP, 2 any
	print                             bool  // take-outs are printouts
	night                             bool
	weight                            uint32
	from, to                          himitsu.Date
}

// pick chooses an actor in proportion to weight.
type pick struct {
	actors []int32
	cum    []uint32 // cum[j] = sum of weights of actors[0..j]
}

func (p *pick) choose(r *prng) int32 {
	x := uint32(r.n(int(p.cum[len(p.cum)-1])))
	lo, hi := 0, len(p.cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if p.cum[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return p.actors[lo]
}

type special struct {
	idx int64
	ev  himitsu.AccessEvent
}

type accessSource struct {
	k1, k2   uint64
	n        int64
	slots    slots
	actors   []actor
	days     [][2]*pick // per day of the window: office hours, night
	subs     []string
	nMobile  int
	stable   [2][]int32 // subscribers whose consent covers the whole window
	specials []special  // planted events, by index
}

const (
	consentMarketing = 0
	consentLocation  = 1
)

var datasetSubs = map[string]uint8{
	dsCDR: 0, dsSMS: 0, dsGTP: 0, dsLocation: 0,
	dsRADIUS: 1, dsCGNAT: 1, dsDNS: 1,
	dsBilling: 2, dsSubs: 2, dsTickets: 2,
}

// accessSource builds the tables of the access log: hour slots and the
// grants in use on each day.
func (g *gen) accessSource() {
	s := &accessSource{
		k1:      mix64(uint64(g.opts.Seed) ^ 0xa11ce),
		k2:      mix64(uint64(g.opts.Seed) ^ 0xe7e27),
		n:       int64(baseAccessEvents) * int64(g.scale),
		subs:    g.subs,
		nMobile: g.nMobile,
	}
	s.slots = newSlots(g.winStart.Time(), s.n, hourWeights(g, "access-hours", accessProfile, 0.45))
	for _, p := range g.persons {
		for gj, gi := range p.grants {
			gr := &g.rec.Grants[gi]
			a := actor{person: p.id, account: g.accIDs[p.id+"|"+g.dsByID[gr.DataSet].System], dataset: gr.DataSet,
				purpose: gr.Purpose, scope: gr.Scope, consent: -1, subs: datasetSubs[gr.DataSet], night: p.t.night,
				weight: uint32(p.t.weight * p.weights[gj]), from: maxDate(gr.GrantedOn, p.joined), to: g.asOf.AddDays(1)}
			switch gr.Purpose {
			case purMarketing:
				a.consent = consentMarketing
			case purLocation:
				a.consent = consentLocation
			}
			a.print = a.scope == himitsu.ScopeExport && (gr.DataSet == dsBilling || gr.DataSet == dsTickets)
			if !gr.RevokedOn.IsZero() {
				a.to = minDate(a.to, gr.RevokedOn)
			}
			if !gr.ExpiresOn.IsZero() {
				a.to = minDate(a.to, gr.ExpiresOn.AddDays(1))
			}
			if !p.left.IsZero() {
				a.to = minDate(a.to, p.left)
			}
			if p.moved {
				// The movers stopped using what they kept (planted: the CDR grant).
				a.to = minDate(a.to, g.reorgOn)
			}
			s.actors = append(s.actors, a)
		}
	}
	s.actors = append(s.actors, actor{account: "cdr-ops", dataset: dsCDR, purpose: purNetops, scope: "read", consent: -1,
		subs: 0, night: true, weight: 2, from: g.day(-900), to: g.asOf.AddDays(1)})
	s.days = make([][2]*pick, windowDays)
	var prev [2]*pick
	for d := range windowDays {
		day := g.winStart.AddDays(d)
		var cur [2]*pick
		for shift := range 2 {
			p := &pick{}
			var sum uint32
			for ai := range s.actors {
				a := &s.actors[ai]
				if a.weight == 0 || day.Before(a.from) || !day.Before(a.to) || (shift == 1 && !a.night) {
					continue
				}
				sum += a.weight
				p.actors = append(p.actors, int32(ai))
				p.cum = append(p.cum, sum)
			}
			if prev[shift] != nil && slices.Equal(prev[shift].actors, p.actors) {
				p = prev[shift]
			}
			cur[shift] = p
		}
		s.days[d], prev = cur, cur
	}
	g.acc = s
}

func maxDate(a, b himitsu.Date) himitsu.Date {
	if a.After(b) {
		return a
	}
	return b
}

func minDate(a, b himitsu.Date) himitsu.Date {
	if a.Before(b) {
		return a
	}
	return b
}

// finishAccessSource fixes the consents the events may rely on: given
// before the window and never withdrawn.
func (g *gen) finishAccessSource() {
	start := g.winStart.Time()
	for ci, list := range [2][]int{g.marketingCs, g.locationCs} {
		for _, c := range list {
			cs := &g.rec.Consents[c]
			if cs.GivenAt.Before(start) && cs.WithdrawnAt.IsZero() {
				g.acc.stable[ci] = append(g.acc.stable[ci], g.consentSub[c])
			}
		}
	}
	slices.SortFunc(g.acc.specials, func(a, b special) int { return int(a.idx - b.idx) })
}

// timeOf is the time of event i, as the stream computes it.
func (s *accessSource) timeOf(i int64) time.Time {
	p := newPRNG(s.k1, s.k2, uint64(i))
	return s.slots.at(i, s.slots.slotOf(i), p.unit())
}

// gen writes event i of slot k into ev (all fields but ID).
func (s *accessSource) gen(i int64, k int, ev *himitsu.AccessEvent) {
	p := newPRNG(s.k1, s.k2, uint64(i))
	ev.At = s.slots.at(i, k, p.unit())
	hour := k % 24
	shift := 0
	if hour < 8 || hour >= 20 {
		shift = 1
	}
	pk := s.days[k/24][shift]
	if len(pk.actors) == 0 {
		pk = s.days[k/24][0]
	}
	a := &s.actors[pk.choose(&p)]
	ev.Person, ev.Account, ev.DataSet, ev.Purpose = a.person, a.account, a.dataset, a.purpose
	r := p.n(1000)
	act := himitsu.ActionRead
	switch a.scope {
	case himitsu.ScopeRead:
		if r >= 700 {
			act = himitsu.ActionQuery
		}
	case himitsu.ScopeExport:
		switch {
		case r < 640:
		case r < 975:
			act = himitsu.ActionQuery
		case a.print:
			act = himitsu.ActionPrint
		default:
			act = himitsu.ActionExport
		}
	case himitsu.ScopeAdmin:
		switch {
		case r < 600:
		case r < 940:
			act = himitsu.ActionQuery
		case r < 995:
			act = himitsu.ActionModify
		default:
			act = himitsu.ActionExport
		}
	}
	ev.Action = act
	switch act {
	case himitsu.ActionQuery:
		ev.Records = 1 + p.n(50)
	case himitsu.ActionExport:
		ev.Records = 100 + p.n(20000)
	case himitsu.ActionPrint:
		ev.Records = 1 + p.n(30)
	default:
		ev.Records = 1
	}
	switch {
	case a.consent >= 0:
		list := s.stable[a.consent]
		ev.Subscriber = s.subs[list[p.n(len(list))]]
	case act == himitsu.ActionExport:
		ev.Subscriber = "" // a bulk export concerns many subscribers
	case a.subs == 0:
		ev.Subscriber = s.subs[p.n(s.nMobile)]
	case a.subs == 1:
		ev.Subscriber = s.subs[s.nMobile+p.n(len(s.subs)-s.nMobile)]
	default:
		ev.Subscriber = s.subs[p.n(len(s.subs))]
	}
}

// EventID formats the ID of access event i.
func EventID(i int64) string { return string(appendID(nil, "ev-", i, 12)) }

func appendID(b []byte, prefix string, i int64, width int) []byte {
	b = append(b, prefix...)
	var d [20]byte
	digits := strconv.AppendInt(d[:0], i, 10)
	for range width - len(digits) {
		b = append(b, '0')
	}
	return append(b, digits...)
}

func (s *accessSource) each(ctx context.Context, fn func(*himitsu.AccessEvent) error) error {
	var ev himitsu.AccessEvent
	buf := make([]byte, 0, 16)
	k, sp := 0, 0
	for i := int64(0); i < s.n; i++ {
		if i&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		for i >= s.slots.start[k+1] {
			k++
		}
		if sp < len(s.specials) && s.specials[sp].idx == i {
			ev = s.specials[sp].ev
			sp++
		} else {
			s.gen(i, k, &ev)
		}
		buf = appendID(buf[:0], "ev-", i, 12)
		ev.ID = string(buf)
		if err := fn(&ev); err != nil {
			return err
		}
	}
	return ctx.Err()
}
