package assess

import (
	"time"

	"github.com/himitsu-oss/himitsu"
)

// CmpBacklog judges 5(4)i. Guidelines §5(4)i: the complaint desk does not
// function while complaints about secrecy occur frequently. The rule reads
// how many secrecy-related complaints stay open or take long to close.
func (ruleSet) CmpBacklog() rule {
	return rule{
		ID:   "cmp.backlog",
		Item: "5(4)i",
		Summary: tx("通信の秘密に関する苦情の多くが未処理又は処理に時間を要している",
			"Many secrecy-related complaints are open or slow to close"),
		Indicated: "among ≥ 10 (opt) secrecy, leak-suspicion or privacy complaints in the last 365 days, > 20% (opt) took > 30 days (opt) to close or have been open for > 30 days (a complaint received less than 30 days ago can still close in time) (medium)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "complaints"}},
		Run:       cmpBacklog,
	}
}

func cmpBacklog(e *env) []outcome {
	if len(e.rec.Complaints) == 0 {
		return e.ask(tx("苦情が登録されていない", "No complaint is registered"), askComplaints)
	}
	closeLimit := time.Duration(e.th.ComplaintCloseDays) * 24 * time.Hour
	asOfEnd := e.asOf.AddDays(1).Time()
	// A row can stand for many complaints (count): shares are of complaints.
	var rel, slow int
	s := e.sampler()
	for i := range e.rec.Complaints {
		c := &e.rec.Complaints[i]
		switch c.Category {
		case himitsu.ComplaintSecrecy, himitsu.ComplaintLeakSuspicion, himitsu.ComplaintPrivacy:
		default:
			continue
		}
		if !e.within(himitsu.DateOf(c.ReceivedAt), complaintWindowDays) {
			continue
		}
		rel += c.N()
		open := c.ClosedAt.IsZero() || !c.ClosedAt.Before(asOfEnd)
		// An open complaint counts once it has been open longer than the
		// closing period: one received last week can still close in time.
		switch {
		case open && asOfEnd.Sub(c.ReceivedAt) > closeLimit:
			slow += c.N()
			s.add("complaints", c.ID, "category", string(c.Category), "received_at", ts(c.ReceivedAt), "state", "open")
		case !open && c.ClosedAt.Sub(c.ReceivedAt) > closeLimit:
			slow += c.N()
			s.add("complaints", c.ID, "category", string(c.Category), "received_at", ts(c.ReceivedAt),
				"days_to_close", itoa(int(c.ClosedAt.Sub(c.ReceivedAt).Hours()/24)))
		}
	}
	if rel < e.th.ComplaintMinCount {
		return []outcome{e.fine(tf("過去1年の通信の秘密・漏えいの疑い・プライバシーに関する苦情は%[1]d件で、判断の基準（%[2]d件）に満たない",
			"%[1]d secrecy, leak-suspicion or privacy complaints in the past year, fewer than the %[2]d needed to judge a backlog", rel, e.th.ComplaintMinCount))}
	}
	share := float64(slow) / float64(rel)
	if share > e.th.ComplaintBacklogShare {
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"過去1年の通信の秘密等に関する苦情%[1]d件中%[2]d件（%.0[3]f%%）が%[4]d日を超えて未処理又は処理に%[4]d日超を要した",
			"%[2]d of %[1]d secrecy-related complaints in the past year (%.0[3]f%%) stayed open or took more than %[4]d days to close",
			rel, slow, share*100, e.th.ComplaintCloseDays))}
	}
	return []outcome{e.fine(tf("過去1年の通信の秘密等に関する苦情%[1]d件のうち滞留は%[2]d件で、基準（%.0[3]f%%）以下である",
		"%[2]d of %[1]d secrecy-related complaints in the past year were slow or open, within the %.0[3]f%% threshold", rel, slow, e.th.ComplaintBacklogShare*100))}
}
