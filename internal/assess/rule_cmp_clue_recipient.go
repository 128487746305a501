package assess

import (
	"slices"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// CmpClueRecipient judges 5(4)ii from the side of the desk's own rule:
// where leak clues must go. Guidelines §5(4)ii find the case where clues
// of leaks in complaints are overlooked; a clue is not overlooked only when
// it reaches those who can act on it (the secrecy officer, the incident
// team), and the carrier's complaint rule is what says who they are and how
// fast (guideline 5(4) on complaint handling asks the carrier to set the
// procedure, including escalation, in its internal rules). So the rule
// reads the desk's record: the function its rule names for clues
// (`desk.clue_functions`, or `desk.clue_recipient` when that is a function)
// and `desk.escalation_days`, and checks each leak clue (the agent's
// `leak_clue` or himitsu's screening of `text`) against it.
//
// It finds what cmp.leak-clue-escalation does not: a desk rule that names
// no function for clues while clues come in (nobody can tell whether a clue
// reached the right place), and clues whose record shows an escalation but
// not to whom (the record cannot prove the clue reached the named
// function). Clues escalated late, to another function, or not at all are
// findings of cmp.leak-clue-escalation and are not counted twice here; the
// fine outcome says how many clues reached the named function in time.
func (ruleSet) CmpClueRecipient() rule {
	return rule{
		ID:   "cmp.clue-recipient",
		Item: "5(4)ii",
		Summary: tx("漏えいの端緒の上申先が窓口の規程で定まっていない、又は上申先が記録されていない",
			"The desk rule names no recipient for leak clues, or escalations do not record the recipient"),
		Indicated: "none: the late, missing or misdirected escalations themselves are found by cmp.leak-clue-escalation",
		AtRisk:    "leak clues (either reading) came in while `desk.clue_functions` is empty and `desk.clue_recipient` names no function; or leak clues were escalated with `escalated_to` empty although the desk rule names functions",
		Inputs:    inputs{Registers: []string{"attestations", "complaints", "desk"}},
		Run:       cmpClueRecipient,
	}
}

// clueFunctions is the desk rule's list of functions clues go to:
// clue_functions, else clue_recipient when it names a function.
func clueFunctions(d *himitsu.Desk) []himitsu.Function {
	if len(d.ClueFunctions) > 0 {
		return d.ClueFunctions
	}
	if slices.Contains(himitsu.Function("").Values(), d.ClueRecipient) {
		return []himitsu.Function{himitsu.Function(d.ClueRecipient)}
	}
	return nil
}

// orNone shows an empty value as "none" in evidence.
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func cmpClueRecipient(e *env) []outcome {
	if len(e.rec.Complaints) == 0 {
		return e.ask(tx("苦情が登録されていない", "No complaint is registered"), askComplaints)
	}
	days := e.rec.Desk.EscalationDays
	if days <= 0 {
		days = defaultEscalationDays
	}
	limit := time.Duration(days) * 24 * time.Hour
	asOfEnd := e.asOf.AddDays(1).Time()
	fns := clueFunctions(&e.rec.Desk)
	noRule, noRecipient := e.sampler(), e.sampler()
	clues, reached := 0, 0
	for i := range e.rec.Complaints {
		c := &e.rec.Complaints[i]
		if !c.ReceivedAt.Before(asOfEnd) {
			continue
		}
		v, reading := e.screening(c)
		if !c.LeakClue.True() && !v.Clue {
			continue
		}
		clues++
		escalated := !c.EscalatedAt.IsZero() && c.EscalatedAt.Before(asOfEnd)
		both := []string{"agent_reading", agentReading(c), "screening_reading", reading}
		switch {
		case len(fns) == 0:
			noRule.add("complaints", c.ID, append([]string{"received_at", ts(c.ReceivedAt), "escalated_to", orNone(string(c.EscalatedTo)),
				"desk_clue_functions", "none", "desk_clue_recipient", orNone(e.rec.Desk.ClueRecipient)}, both...)...)
		case escalated && c.EscalatedTo == "":
			noRecipient.add("complaints", c.ID, append([]string{"received_at", ts(c.ReceivedAt), "escalated_at", ts(c.EscalatedAt),
				"escalated_to", "none", "desk_clue_functions", join(functionNames(fns))}, both...)...)
		case escalated && slices.Contains(fns, c.EscalatedTo) && c.EscalatedAt.Sub(c.ReceivedAt) <= limit:
			reached++
		}
	}
	if clues == 0 {
		return []outcome{e.fine(tf("苦情%[1]d件に、担当者も himitsu の読み取りも漏えいの端緒としたものはない",
			"None of %[1]d complaints is a leak clue, by the agent's reading or by himitsu's", len(e.rec.Complaints)))}
	}
	var out []outcome
	if noRule.total > 0 {
		out = append(out, e.atRisk(noRule, tf("漏えいの端緒となる苦情%[1]d件があるが、窓口の規程は端緒の上申先の機能を定めていない（clue_recipient: %[2]s）。端緒が責任者に届いたかを確かめられない",
			"%[1]d leak-clue complaints came in, but the desk rule names no function that clues go to (clue_recipient: %[2]s); whether they reached those who can act cannot be shown", noRule.total, orNone(e.rec.Desk.ClueRecipient))))
	}
	if noRecipient.total > 0 {
		out = append(out, e.atRisk(noRecipient, tf("漏えいの端緒となる苦情%[1]d件が上申されているが、上申先が記録されていない。規程の定める上申先（%[2]s）に届いたことを示せない",
			"%[1]d leak-clue complaints were escalated without recording to whom; that they reached the function the desk rule names (%[2]s) cannot be shown", noRecipient.total, join(functionNames(fns)))))
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("漏えいの端緒となる苦情%[1]d件のうち%[2]d件が、規程の定める上申先（%[3]s）に%[4]d日以内に届いている（それ以外は cmp.leak-clue-escalation で判定）",
			"%[2]d of %[1]d leak-clue complaints reached the function the desk rule names (%[3]s) within %[4]d days (the others are judged by cmp.leak-clue-escalation)", clues, reached, join(functionNames(fns)), days)))
	}
	return out
}
