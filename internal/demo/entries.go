package demo

import (
	"context"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// areaPlan is who passes an area's door and how long they stay.
type areaPlan struct {
	id       string
	weight   int
	method   string
	staff    []string // authorised and engaged for the whole window
	escorted []string // staff not authorised: always escorted
	visitors []string // always escorted
	minDur   int      // minutes
	maxDur   int
}

type plantedEntry struct {
	pair   int64
	area   string
	person string
}

// entrySource streams the door logs: pair j is an entry and, one line
// later, its exit; a planted pair has no exit line (the person left
// behind someone else).
type entrySource struct {
	k1, k2  uint64
	pairs   int64
	lines   int64
	slots   slots
	areas   []areaPlan
	cum     []int
	planted []plantedEntry // sorted by pair
}

var entryProfile = [24]float64{0.02, 0.02, 0.02, 0.02, 0.02, 0.05, 0.2, 1.0, 3.0, 2.0, 0.8, 0.8, 1.2, 1.5, 0.8, 0.8, 0.8, 1.5, 1.0, 0.5, 0.1, 0.1, 0.1, 0.05}

var vendorVisitors = []string{
	"保守ベンダー技術者 (vendor field engineer), 株式会社みやぎ通信工業",
	"空調保守 (HVAC maintenance), 東北空調サービス株式会社",
	"消防設備点検 (fire equipment inspection), 仙台防災設備株式会社",
	"回線事業者立会い (host network engineer), ホスト網事業者",
}

func (g *gen) entrySource() {
	r := g.rand("entries")
	s := &entrySource{
		k1:    mix64(uint64(g.opts.Seed) ^ 0xd00e),
		k2:    mix64(uint64(g.opts.Seed) ^ 0x1065),
		pairs: int64(baseEntryPairs) * int64(g.scale),
	}
	s.slots = newSlots(g.winStart.Time(), s.pairs, hourWeights(g, "entry-hours", entryProfile, 0.3))
	authorised := map[string]map[string]bool{}
	for _, a := range g.rec.Areas {
		authorised[a.ID] = map[string]bool{}
		for _, p := range a.Authorised {
			authorised[a.ID][p] = true
		}
	}
	mr := areaPlan{id: areaMRSendai, weight: 12, method: "card+biometric", visitors: vendorVisitors, minDur: 20, maxDur: 240}
	cc := areaPlan{id: areaCallCtr, weight: 58, method: "card", minDur: 60, maxDur: 540}
	bo := areaPlan{id: areaBilling, weight: 30, method: "card", minDur: 60, maxDur: 540}
	for _, p := range g.persons {
		if !g.throughout(p) {
			continue
		}
		switch {
		case authorised[areaMRSendai][p.id]:
			mr.staff = append(mr.staff, p.id)
		case p.t.key == "general":
			mr.escorted = append(mr.escorted, p.id)
		}
		if authorised[areaCallCtr][p.id] {
			cc.staff = append(cc.staff, p.id)
		}
		if authorised[areaBilling][p.id] {
			bo.staff = append(bo.staff, p.id)
		}
	}
	s.areas = []areaPlan{mr, cc, bo}
	sum := 0
	for _, a := range s.areas {
		sum += a.weight
		s.cum = append(s.cum, sum)
	}

	// Planted: a subcontractor's engineer, not authorised, enters the
	// Sendai machine room alone three times with a temporary card.
	intruder := g.byKey["sub"][7]
	var ids []string
	for _, back := range []int{55, 33, 12} {
		d := windowDays - back
		for wd := g.winStart.AddDays(d).Time().Weekday(); wd == time.Saturday || wd == time.Sunday; wd = g.winStart.AddDays(d).Time().Weekday() {
			d++
		}
		k := d*24 + 14
		c := max(s.slots.start[k+1]-s.slots.start[k], 1)
		s.planted = append(s.planted, plantedEntry{pair: s.slots.start[k] + r.Int64N(c), area: areaMRSendai, person: intruder.id})
	}
	for n, pe := range s.planted {
		ids = append(ids, string(appendID(nil, "el-", 2*pe.pair-int64(n), 10)))
	}
	s.lines = 2*s.pairs - int64(len(s.planted))
	g.entry = s
	g.plant(Weakness{Rule: "phy.area-control", Item: "5(3)(iii)i", Register: "entry_logs", IDs: ids,
		Description: himitsu.Text{
			JA: "入室権限のない再委託先の保守員が、仙台のマシンルームに付添いなしで3回入室した（仮カード使用）。",
			EN: "A subcontractor's engineer without authorisation entered the Sendai machine room three times unescorted, on a temporary card.",
		}})
}

func (s *entrySource) each(ctx context.Context, fn func(*himitsu.EntryLog) error) error {
	var e himitsu.EntryLog
	buf := make([]byte, 0, 16)
	line := int64(0)
	emit := func() error {
		buf = appendID(buf[:0], "el-", line, 10)
		e.ID = string(buf)
		line++
		return fn(&e)
	}
	k, pl := 0, 0
	for j := int64(0); j < s.pairs; j++ {
		if j&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		for j >= s.slots.start[k+1] {
			k++
		}
		p := newPRNG(s.k1, s.k2, uint64(j))
		in := s.slots.at(j, k, p.unit())
		if pl < len(s.planted) && s.planted[pl].pair == j {
			e = himitsu.EntryLog{Area: s.planted[pl].area, Person: s.planted[pl].person, Direction: "in", At: in, Method: "temp-card", Escorted: himitsu.No}
			pl++
			if err := emit(); err != nil {
				return err
			}
			continue
		}
		x := p.n(s.cum[len(s.cum)-1])
		a := &s.areas[0]
		for ai := range s.cum {
			if x < s.cum[ai] {
				a = &s.areas[ai]
				break
			}
		}
		e = himitsu.EntryLog{Area: a.id, Direction: "in", At: in, Method: a.method, Escorted: himitsu.No}
		switch y := p.n(100); {
		case len(a.visitors) > 0 && y >= 85:
			e.Visitor, e.Escorted, e.Method = a.visitors[p.n(len(a.visitors))], himitsu.Yes, "visitor-card"
		case len(a.escorted) > 0 && y >= 70:
			e.Person, e.Escorted, e.Method = a.escorted[p.n(len(a.escorted))], himitsu.Yes, "visitor-card"
		default:
			e.Person = a.staff[p.n(len(a.staff))]
		}
		stay := time.Duration(a.minDur+p.n(a.maxDur-a.minDur)) * time.Minute
		if err := emit(); err != nil {
			return err
		}
		e.Direction, e.At = "out", in.Add(stay)
		if err := emit(); err != nil {
			return err
		}
	}
	return ctx.Err()
}
