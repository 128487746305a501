package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// plantedEvents places the weak access events at fixed indices of the
// stream: a contractor's unapproved DNS exports, and marketing queries on
// subscribers who had withdrawn their consent.
func (g *gen) plantedEvents() {
	r := g.rand("planted-events")
	s := g.acc
	used := map[int64]bool{}
	place := func(day, hour int) int64 {
		k := day*24 + hour
		c := max(s.slots.start[k+1]-s.slots.start[k], 1)
		i := s.slots.start[k] + r.Int64N(c)
		for used[i] || i >= s.n {
			i--
		}
		used[i] = true
		return i
	}

	// A monitoring operator of the network contractor, with read access to
	// the DNS log only, exports from it about every other day for 80 days.
	x := g.byKey["nocx"][15]
	g.dnsExporter = x
	account := g.accIDs[x.id+"|sys-dns"]
	days := r.Perm(80)[:40]
	slices.Sort(days)
	var exportIDs []int64
	for _, d := range days {
		i := place(windowDays-80+d, 10+r.IntN(8))
		s.specials = append(s.specials, special{idx: i, ev: himitsu.AccessEvent{At: s.timeOf(i), Person: x.id, Account: account,
			DataSet: dsDNS, Action: himitsu.ActionExport, Purpose: purNetops, Records: 2000 + r.IntN(60000)}})
		exportIDs = append(exportIDs, i)
	}
	g.plant(Weakness{Rule: "tech.unapproved-export", Item: "5(3)(iv)iv", Register: "access_events", IDs: eventIDs(exportIDs),
		Description: himitsu.Text{
			JA: fmt.Sprintf("委託先の運用監視員が、持出し権限なしにDNS問い合わせログから %d 回エクスポートした。", len(exportIDs)),
			EN: fmt.Sprintf("A contractor's monitoring operator exported from the DNS query log %d times without an export grant.", len(exportIDs)),
		}})

	// A marketing analyst queries the session records of 25 subscribers
	// after they withdrew their consent (the withdrawal never reached the
	// analytics mart).
	analyst := g.byKey["marketing"][2]
	account = g.accIDs[analyst.id+"|sys-pgw"]
	cutoff := g.winStart.AddDays(-30).Time()
	var candidates []int
	for _, c := range g.marketingCs {
		if cs := &g.rec.Consents[c]; cs.GivenAt.Before(cutoff) && cs.WithdrawnAt.IsZero() {
			candidates = append(candidates, c)
		}
	}
	var consentIDs []string
	var noConsent []int64
	for _, pi := range r.Perm(len(candidates))[:25] {
		c := candidates[pi]
		d1 := windowDays - 120 + r.IntN(110)
		d2 := min(d1+1+r.IntN(9), windowDays-1)
		i1, i2 := place(d1, 9+r.IntN(9)), place(d2, 9+r.IntN(9))
		cs := &g.rec.Consents[c]
		first := s.timeOf(min(i1, i2))
		cs.WithdrawnAt = first.Add(-time.Duration(2+r.IntN(20))*24*time.Hour - time.Duration(r.IntN(8))*time.Hour)
		consentIDs = append(consentIDs, cs.ID)
		for _, i := range []int64{i1, i2} {
			act := himitsu.ActionQuery
			if r.IntN(2) == 0 {
				act = himitsu.ActionRead
			}
			s.specials = append(s.specials, special{idx: i, ev: himitsu.AccessEvent{At: s.timeOf(i), Person: analyst.id, Account: account,
				DataSet: dsGTP, Action: act, Purpose: purMarketing, Subscriber: cs.Subscriber, Records: 1 + r.IntN(40)}})
			noConsent = append(noConsent, i)
		}
	}
	slices.Sort(consentIDs)
	g.plant(Weakness{Rule: "use.event-without-consent", Item: "5(2)ii", Register: "access_events", IDs: eventIDs(noConsent),
		Description: himitsu.Text{
			JA: "マーケティング分析の目的で、同意を撤回済みの契約者25名のデータ通信記録が参照された。撤回された同意: " + strings.Join(consentIDs, ", "),
			EN: "Under the marketing analytics purpose, data session records of 25 subscribers were used after they withdrew consent. Withdrawn consents: " + strings.Join(consentIDs, ", "),
		}})
}

func eventIDs(idx []int64) []string {
	idx = slices.Clone(idx)
	slices.Sort(idx)
	out := make([]string, len(idx))
	for n, i := range idx {
		out[n] = EventID(i)
	}
	return out
}
