package assess

import (
	"slices"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/clue"
)

// CmpLeakClueEscalation judges 5(4)ii. Guidelines §5(4)ii: the complaint
// desk has lost substance, and important information that is a clue to
// accidents such as leaks is frequently overlooked. The rule reads two
// readings of each complaint side by side: the agent's (`leak_clue`) and
// himitsu's own, which screens what the person wrote (`text`, else
// `summary`) with the leak-clue rules of internal/clue. A complaint that
// either reading calls a clue and that was closed without escalation, or
// escalated late, is a missed clue. "Frequently" asks for repetition:
// one missed clue is a weakness (at risk), two or more are the case.
func (ruleSet) CmpLeakClueEscalation() rule {
	return rule{
		ID:   "cmp.leak-clue-escalation",
		Item: "5(4)ii",
		Summary: tx("漏えいの端緒となる苦情が上申されていない、又は遅れている",
			"Leak-clue complaints were not escalated, or late"),
		Indicated: "two or more complaints with `leak_clue`, or whose `text` (else `summary`) the leak-clue screening reads as a clue, were closed without `escalated_at`, or escalated later than `desk.escalation_days` (default 2) (medium; high when ≥ 3); the evidence shows the agent's reading and the screening's side by side; a clue escalated to a function (`escalated_to`) that `desk.clue_functions` does not name counts as not escalated",
		AtRisk:    "one such complaint; or a leak-clue complaint (either reading) is open and not escalated; or 3 or more similar complaints (clues or weak signals of the screening, at least one weak) received within 7 days of each other, none escalated",
		Inputs:    inputs{Registers: []string{"attestations", "complaints", "desk"}},
		Run:       cmpLeakClueEscalation,
	}
}

// screening returns the screening's reading of a complaint: its verdict
// and a one-line account of it ("stranger-knows: 知らない人, 知って, 電話"),
// or "no clue".
func (e *env) screening(c *himitsu.Complaint) (clue.Verdict, string) {
	text := c.Text
	if text == "" {
		text = c.Summary
	}
	if text == "" || e.opts.Screening == nil {
		return clue.Verdict{}, "no text"
	}
	// Screened once per distinct text: the rule and the statistics both
	// read it, and desks repeat summaries.
	if r, ok := e.screened[text]; ok {
		return r.v, r.reading
	}
	v, reading := e.screen(text)
	if e.screened == nil {
		e.screened = map[string]screenedText{}
	}
	e.screened[text] = screenedText{v, reading}
	return v, reading
}

// screenedText is a cached reading of one text.
type screenedText struct {
	v       clue.Verdict
	reading string
}

func (e *env) screen(text string) (clue.Verdict, string) {
	v := e.opts.Screening.Screen(text)
	if !v.Clue {
		return v, "no clue"
	}
	var words []string
	for _, r := range v.Reasons {
		if r.Kind != v.Kind {
			continue
		}
		for _, m := range r.Matches {
			words = append(words, m.Text)
		}
		break
	}
	return v, "clue " + v.Kind + " (" + v.Reasons[0].Rule + ": " + strings.Join(words, ", ") + ")"
}

func agentReading(c *himitsu.Complaint) string {
	if c.LeakClue.True() {
		return "clue"
	}
	return "no clue"
}

func cmpLeakClueEscalation(e *env) []outcome {
	if len(e.rec.Complaints) == 0 {
		return e.ask(tx("苦情が登録されていない", "No complaint is registered"), askComplaints)
	}
	days := e.rec.Desk.EscalationDays
	if days <= 0 {
		days = defaultEscalationDays
	}
	limit := time.Duration(days) * 24 * time.Hour
	asOfEnd := e.asOf.AddDays(1).Time()
	s, r := e.sampler(), e.sampler()
	clues, engineOnly, missedEngineOnly := 0, 0, 0
	var screened []clue.Screened
	byID := map[string]*himitsu.Complaint{}
	for i := range e.rec.Complaints {
		c := &e.rec.Complaints[i]
		if !c.ReceivedAt.Before(asOfEnd) {
			continue
		}
		v, reading := e.screening(c)
		if v.Clue || v.Weak {
			screened = append(screened, clue.Screened{ID: c.ID, Text: c.Text + c.Summary, At: c.ReceivedAt, Verdict: v})
			byID[c.ID] = c
		}
		if !c.LeakClue.True() && !v.Clue {
			continue
		}
		clues++
		if !c.LeakClue.True() {
			engineOnly++
		}
		both := []string{"agent_reading", agentReading(c), "screening_reading", reading}
		closed := !c.ClosedAt.IsZero() && c.ClosedAt.Before(asOfEnd)
		escalated := !c.EscalatedAt.IsZero() && c.EscalatedAt.Before(asOfEnd)
		// Escalated to a function the desk rule does not send clues to:
		// the clue has not reached where it must go.
		if escalated && c.EscalatedTo != "" && len(e.rec.Desk.ClueFunctions) > 0 && !slices.Contains(e.rec.Desk.ClueFunctions, c.EscalatedTo) {
			s.add("complaints", c.ID, append([]string{"received_at", ts(c.ReceivedAt), "escalated_at", ts(c.EscalatedAt),
				"escalated_to", string(c.EscalatedTo), "desk_clue_functions", join(functionNames(e.rec.Desk.ClueFunctions))}, both...)...)
			if !c.LeakClue.True() {
				missedEngineOnly++
			}
			continue
		}
		switch {
		case escalated && c.EscalatedAt.Sub(c.ReceivedAt) > limit:
			s.add("complaints", c.ID, append([]string{"received_at", ts(c.ReceivedAt), "escalated_at", ts(c.EscalatedAt),
				"hours_to_escalate", itoa(int(c.EscalatedAt.Sub(c.ReceivedAt).Hours())), "limit_days", itoa(days)}, both...)...)
		case closed && !escalated:
			s.add("complaints", c.ID, append([]string{"received_at", ts(c.ReceivedAt), "closed_at", ts(c.ClosedAt), "escalated_at", "none"}, both...)...)
		case !closed && !escalated:
			r.add("complaints", c.ID, append([]string{"received_at", ts(c.ReceivedAt), "state", "open", "escalated_at", "none"}, both...)...)
		default:
			continue
		}
		if !c.LeakClue.True() {
			missedEngineOnly++
		}
	}
	// Weak signals that cluster (similar complaints received close
	// together) are a signal even when none alone is a clue: a cluster
	// with a weak signal and no escalated member is a weakness.
	w := e.sampler()
	weakClusters := 0
	for _, cl := range clue.Clusters(screened, clue.ClusterParams{}) {
		if cl.Weak == 0 {
			continue
		}
		escalated := false
		for _, id := range cl.IDs {
			if c := byID[id]; !c.EscalatedAt.IsZero() && c.EscalatedAt.Before(asOfEnd) {
				escalated = true
			}
		}
		if escalated {
			continue
		}
		weakClusters++
		for _, id := range cl.IDs {
			c := byID[id]
			v, reading := e.screening(c)
			weak := "clue"
			if !v.Clue {
				weak = "weak signal"
			}
			w.add("complaints", id, "received_at", ts(c.ReceivedAt), "cluster_size", itoa(len(cl.IDs)), "screening", weak, "screening_reading", reading, "agent_reading", agentReading(c))
		}
	}
	if clues == 0 && weakClusters == 0 {
		return []outcome{e.fine(tf("苦情%[1]d件に、担当者も himitsu の読み取りも漏えいの端緒としたものはない",
			"None of %[1]d complaints is a leak clue, by the agent's reading or by himitsu's", len(e.rec.Complaints)))}
	}
	var out []outcome
	dayWord := "days" // English only: "more than 1 day", "more than 3 days"
	if days == 1 {
		dayWord = "day"
	}
	if s.total == 1 {
		msg := tf("漏えいの端緒となる苦情%[1]d件中1件が上申されずに終了し、又は%[2]d日を超えて上申された（1件のみであり、見落としが頻発しているとまではいえない）",
			"One of %[1]d leak-clue complaints was closed without escalation or escalated after more than %[2]d %[3]s (a single miss, not yet frequent)", clues, days, dayWord)
		if missedEngineOnly > 0 {
			msg = tf("漏えいの端緒となる苦情%[1]d件中1件が上申されずに終了し、又は%[2]d日を超えて上申された（1件のみであり、見落としが頻発しているとまではいえない。担当者は端緒としておらず、himitsu の読み取りによる）",
				"One of %[1]d leak-clue complaints was closed without escalation or escalated after more than %[2]d %[3]s (a single miss, not yet frequent; not marked by the agent but read as a clue by himitsu)", clues, days, dayWord)
		}
		out = append(out, e.atRisk(s, msg))
	}
	if s.total > 1 {
		sev := himitsu.SeverityMedium
		if s.total >= leakClueHighCount {
			sev = himitsu.SeverityHigh
		}
		msg := tf("漏えいの端緒となる苦情%[1]d件中%[2]d件が上申されずに終了し、又は%[3]d日を超えて上申された",
			"Leak-clue complaints closed without escalation or escalated after more than %[3]d %[5]s: %[2]d of %[1]d", clues, s.total, days, 0, dayWord)
		if missedEngineOnly > 0 {
			msg = tf("漏えいの端緒となる苦情%[1]d件中%[2]d件が上申されずに終了し、又は%[3]d日を超えて上申された（うち%[4]d件は担当者が端緒としておらず、himitsu の読み取りによる。根拠に両方の読み取りを示す）",
				"Leak-clue complaints closed without escalation or escalated after more than %[3]d %[5]s: %[2]d of %[1]d (%[4]d of them not marked by the agent but read as clues by himitsu; the evidence shows both readings)", clues, s.total, days, missedEngineOnly, dayWord)
		}
		out = append(out, e.indicated(sev, s, msg))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("漏えいの端緒となる苦情%[1]d件が未処理のまま上申されていない", "Leak-clue complaints open and not escalated: %[1]d", r.total)))
	}
	if weakClusters > 0 {
		out = append(out, e.atRisk(w, tf("近い時期の似た苦情のまとまり%[1]d件（苦情%[2]d件、弱い兆候を含む）がいずれも上申されていない。一件ずつでは端緒に見えなくても、まとめて漏えいの兆候として確認すること",
			"Clusters of similar complaints received close together, with weak signals, none escalated: %[1]d (%[2]d complaints); together they may point to a leak even when none alone does", weakClusters, w.total)))
	}
	if len(out) == 0 {
		msg := tf("漏えいの端緒となる苦情%[1]d件はいずれも%[2]d日以内に上申されている",
			"All %[1]d leak-clue complaints were escalated within %[2]d days", clues, days)
		if engineOnly > 0 {
			msg = tf("漏えいの端緒となる苦情%[1]d件（うち himitsu の読み取りのみによるもの%[3]d件）はいずれも%[2]d日以内に上申されている",
				"All %[1]d leak-clue complaints (%[3]d of them read as clues by himitsu only) were escalated within %[2]d days", clues, days, engineOnly)
		}
		out = append(out, e.fine(msg))
	}
	return out
}

func functionNames(fs []himitsu.Function) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}
