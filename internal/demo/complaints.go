package demo

import (
	"fmt"
	"slices"
	"time"

	"github.com/himitsu-oss/himitsu"
)

var complaintSummaries = map[himitsu.ComplaintCategory][]string{
	"billing": {
		"請求額が想定より高い / The bill is higher than expected",
		"明細の通話先に覚えがない / A number on the itemised bill is not recognised",
		"口座振替ができていない / Direct debit failed",
	},
	"quality": {
		"夕方に通信速度が遅い / Data is slow in the evening",
		"光回線が時々切れる / The fibre line drops now and then",
		"圏外になる場所がある / No coverage in some places",
	},
	"other": {
		"プラン変更の方法 / How to change plan",
		"解約手続きについて / How to cancel",
		"SIMの再発行 / SIM replacement",
	},
	"privacy": {
		"広告メールを止めたい / Wants marketing e-mails to stop",
		"自分の情報の開示請求 / Asks for disclosure of own data",
	},
	"secrecy": {
		"通話履歴を家族に見られたくない / Does not want family to see call history",
		"通信内容を見ているのか / Asks whether communications are monitored",
	},
	"leak-suspicion": {
		"他人の明細が届いた / Received someone else's bill details",
		"自分の通話先を第三者が知っていた / A third party knew whom the user called",
		"身に覚えのないログイン通知 / Login notice the user did not make",
	},
}

// tagged is a complaint before IDs are given in order of receipt.
type tagged struct {
	c       himitsu.Complaint
	planted bool
}

// complaints writes about 2,000 complaints a year per scale unit. Leak
// clues are escalated within hours; sensitive complaints close within 25
// days; (planted) four leak clues were closed without escalation.
func (g *gen) complaints() {
	r := g.rand("complaints")
	n := baseComplaints * g.scale
	start := g.day(-365).Time()
	span := g.asOf.Time().Sub(start)
	end := g.asOf.Time().Add(-time.Minute)
	channels := []himitsu.Channel{"phone", "phone", "phone", "phone", "phone", "phone", "web", "web", "email", "mail"}
	list := make([]tagged, 0, n+32)
	for range n {
		x := r.IntN(100)
		cat := himitsu.ComplaintCategory("billing")
		switch {
		case x < 38:
		case x < 68:
			cat = "quality"
		case x < 86:
			cat = "other"
		case x < 93:
			cat = "privacy"
		case x < 97:
			cat = "secrecy"
		default:
			cat = "leak-suspicion"
		}
		sums := complaintSummaries[cat]
		c := himitsu.Complaint{ReceivedAt: start.Add(time.Duration(r.Int64N(int64(span)))), Channel: channels[r.IntN(len(channels))],
			Category: cat, Summary: sums[r.IntN(len(sums))]}
		if r.IntN(10) < 8 {
			c.Subscriber = g.subs[r.IntN(len(g.subs))]
		}
		sensitive := cat == "secrecy" || cat == "leak-suspicion" || cat == "privacy"
		c.LeakClue = himitsu.FactOf(cat == "leak-suspicion" && r.IntN(10) < 7 || cat == "secrecy" && r.IntN(10) < 2)
		// Every leak-suspicion summary is a leak clue to the screening
		// of what people wrote (5(4)ii), so the desk of a well-run demo
		// carrier escalates all of them; the three in ten the agent did
		// not mark are escalated an hour later without drawing on the
		// random stream, which keeps the rest of the data unchanged.
		if cat == "leak-suspicion" && !c.LeakClue.True() {
			c.EscalatedAt = c.ReceivedAt.Add(time.Hour)
			if c.EscalatedAt.After(end) {
				c.EscalatedAt = end
			}
		}
		if c.LeakClue.True() {
			c.EscalatedAt = c.ReceivedAt.Add(time.Duration(20+r.IntN(1200)) * time.Minute)
		} else if cat == "leak-suspicion" {
			// The well-run desk escalates every leak suspicion, also those
			// the agent did not mark as a clue: what the person wrote is one
			// (himitsu's screening reads it so). The delay is derived, not
			// drawn, so the random stream, and all else generated, stays.
			c.EscalatedAt = c.ReceivedAt.Add(time.Duration(60+c.ReceivedAt.Minute()*10) * time.Minute)
		}
		if !c.EscalatedAt.IsZero() && c.EscalatedAt.After(end) {
			c.EscalatedAt = end
		}
		if !c.EscalatedAt.IsZero() {
			// The desk rule sends clues to the secrecy officer (governance.go).
			c.EscalatedTo = himitsu.FunctionSecrecyOfficer
		}
		days := 1 + r.IntN(45)
		if sensitive {
			days = 1 + r.IntN(25)
		}
		if closed := c.ReceivedAt.Add(time.Duration(days)*24*time.Hour + time.Duration(r.IntN(480))*time.Minute); closed.Before(end) {
			c.ClosedAt = closed
			c.Resolution = "説明し了承を得た / Explained; the user accepted"
			if c.LeakClue.True() {
				c.Resolution = "調査の結果、漏えいは確認されず / Investigated; no leak found"
			}
		}
		list = append(list, tagged{c: c})
	}
	for k, d := range []int{-280, -190, -110, -45} {
		rc := at(g.day(d), 10+r.IntN(7), r.IntN(60))
		list = append(list, tagged{planted: true, c: himitsu.Complaint{ReceivedAt: rc, Channel: "phone", Category: "leak-suspicion",
			Subscriber: g.subs[r.IntN(len(g.subs))], Summary: complaintSummaries["leak-suspicion"][k%3],
			LeakClue: himitsu.Yes, ClosedAt: rc.Add(time.Duration(3+r.IntN(7)) * 24 * time.Hour),
			Resolution: "窓口で説明して終了 / Closed at the desk after an explanation"}})
	}
	list = append(list, g.incidentComplaints(r)...)
	slices.SortStableFunc(list, func(a, b tagged) int { return a.c.ReceivedAt.Compare(b.c.ReceivedAt) })
	var planted []string
	for k := range list {
		list[k].c.ID = fmt.Sprintf("cmp-%07d", k+1)
		if list[k].planted {
			planted = append(planted, list[k].c.ID)
		}
		g.rec.Complaints = append(g.rec.Complaints, list[k].c)
	}
	g.plant(Weakness{Rule: "cmp.leak-clue-escalation", Item: "5(4)ii", Register: "complaints", IDs: planted,
		Description: himitsu.Text{
			JA: "漏えいの手がかりを含む苦情4件が、エスカレーションされずに窓口で完了とされた。",
			EN: "Four complaints carrying leak clues were closed at the desk without escalation.",
		}})
}
