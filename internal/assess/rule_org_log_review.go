package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// OrgLogReview judges 5(3)(i)i. Guidelines §5(3)(i)i: an insufficient
// internal control system. Export and print logs of secrecy data that
// nobody reviews mean that misuse would go unnoticed.
func (ruleSet) OrgLogReview() rule {
	return rule{
		ID:   "org.log-review",
		Item: "5(3)(i)i",
		Summary: tx("持出し・印刷のあったデータセットのログが点検されていない",
			"Logs of data sets with exports or prints were not reviewed"),
		Indicated: "a secrecy data set had export or print events in the last 90 days (opt) but no `log-review` control (subject = data set ID or `all`) within 90 days (medium)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "controls", "datasets"}, Logs: []string{"access_events"}},
		Stream:    func(e *env) any { return &takeoutCountVisitor{e: e, perDS: map[string]int{}} },
		Run:       orgLogReview,
	}
}

func orgLogReview(e *env) []outcome {
	if len(e.rec.DataSets) == 0 {
		return e.ask(tx("データセットの台帳が空である", "The data set register is empty"),
			tx("通信の秘密に係るデータの持出し・印刷のログを定期的（少なくとも90日ごと）に点検しているか。",
				"Are logs of exports and prints of secrecy data reviewed regularly, at least every 90 days?"))
	}
	if len(e.secrecy) == 0 {
		return e.notApplicable(tx("通信の秘密に係るデータセットがない", "No data set holds secrecy"))
	}
	if e.acc.judged == 0 {
		return e.ask(tx("アクセスログがない", "There are no access events"), askAccessEvents)
	}
	s := e.sampler()
	per := map[string]int{}
	w := e.th.LogReviewWindowDays
	takeouts := visitorOf[*takeoutCountVisitor](e, e.cur.ID)
	for id, n := range takeouts.perDS {
		if e.performed(himitsu.ControlLogReview, w, id, "all") == nil {
			per[id] = n
			s.add("datasets", id, "export_print_events", itoa(n), "window_days", itoa(w), "log_review", "none")
		}
	}
	if s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"過去%[1]d日に持出し・印刷のあった通信の秘密に係るデータセット%[2]d件のログが点検されていない（%[3]s）",
			"Secrecy data sets with exports or prints in the last %[1]d days but no log review: %[2]d (%[3]s)", w, s.total, topCounts(per, 5, e.dsName)))}
	}
	return []outcome{e.fine(tf("過去%[1]d日に持出し・印刷のあったデータセット%[2]d件はいずれもログが点検されている",
		"All %[2]d data sets with exports or prints in the last %[1]d days had their logs reviewed", w, len(takeouts.perDS)))}
}

// org.log-review needs the export and print events per secrecy data set
// within the review window.
type takeoutCountVisitor struct {
	e     *env
	perDS map[string]int
}

func (v *takeoutCountVisitor) visitAccess(ev *himitsu.AccessEvent, day himitsu.Date) {
	if ev.Action.TakesOut() && v.e.secrecy[ev.DataSet] && v.e.within(day, v.e.th.LogReviewWindowDays) {
		v.perDS[ev.DataSet] += ev.N() // a row can stand for many
	}
}
