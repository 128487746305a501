package demo

import (
	"fmt"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// demoKey keys the pseudonymizer. It is public on purpose: the numbers it
// hides are synthetic, and a fixed key keeps pseudonyms stable across runs.
const demoKey = "himitsu demo carrier: Aoba Networks (synthetic numbers only)"

// subscribers derives the pseudonyms of synthetic numbers (the numbers
// themselves are never kept) and the consents of mobile subscribers.
func (g *gen) subscribers() {
	r := g.rand("subscribers")
	n := baseSubscribers * g.scale
	g.nMobile = int(float64(n) * mobileShare)
	ps := himitsu.NewPseudonymizer([]byte(demoKey))
	// An affine map modulo 10^8 with a multiplier prime to 10 is a
	// bijection, so the synthetic numbers never collide.
	off := uint64(g.opts.Seed) % 100000000
	g.subs = make([]string, n)
	prefixes := [...]string{"070", "080", "090"}
	for k := range n {
		v := (uint64(k)*48271 + off) % 100000000
		var num string
		if k < g.nMobile {
			num = fmt.Sprintf("%s%08d", prefixes[k%3], v)
		} else {
			num = fmt.Sprintf("AOBA-ISP-%08d", v)
		}
		g.subs[k] = ps.Pseudonym(num)
	}

	methods := []himitsu.ConsentMethod{"separate-screen", "separate-screen", "separate-screen", "separate-screen",
		"separate-screen", "separate-screen", "in-app-dialog", "in-app-dialog", "in-app-dialog", "paper"}
	add := func(k int, purpose, service, notice, channel string) int {
		day := -1000 + r.IntN(999)
		given := at(g.day(day), 8+r.IntN(14), r.IntN(60))
		c := himitsu.Consent{ID: fmt.Sprintf("cs-%08d", len(g.rec.Consents)+1), Subscriber: g.subs[k], Service: service,
			Purpose: purpose, NoticeVersion: notice, Method: methods[r.IntN(len(methods))], SpecificPurpose: himitsu.Yes,
			ElementsListed: himitsu.Yes, SeparateFromTerms: himitsu.Yes, Affirmative: himitsu.Yes, WithdrawalChannel: channel, GivenAt: given}
		if r.IntN(100) < 7 {
			span := g.asOf.Time().Add(-time.Hour).Sub(given)
			c.WithdrawnAt = given.Add(time.Duration(r.Int64N(int64(span))))
		}
		g.rec.Consents = append(g.rec.Consents, c)
		g.consentSub = append(g.consentSub, int32(k))
		return len(g.rec.Consents) - 1
	}
	want := g.nMobile * 60 / 100
	g.rec.Consents = make([]himitsu.Consent, 0, want)
	g.consentSub = make([]int32, 0, want)
	g.marketingCs = make([]int, 0, g.nMobile*42/100)
	g.locationCs = make([]int, 0, g.nMobile*20/100)
	for k := range g.nMobile {
		if r.IntN(100) < 40 {
			g.marketingCs = append(g.marketingCs, add(k, purMarketing, svcData, "analytics-2024.1", "マイページ (My Page)"))
		}
		if r.IntN(100) < 18 {
			g.locationCs = append(g.locationCs, add(k, purLocation, svcLocation, "location-2024.2", "アプリ設定 (app settings)"))
		}
	}
}
