package assess

import (
	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/policytext"
)

// PolWaiverClause judges 5(1)iv. Guidelines §5(1)iv: as a condition of the
// service, users are made to give up their right to secrecy in substance,
// with no chance to consent or opt out. A waiver clause in a public
// document is that case.
func (ruleSet) PolWaiverClause() rule {
	return rule{
		ID:   "pol.waiver-clause",
		Item: "5(1)iv",
		Summary: tx("公開の文書に通信の秘密の放棄条項がある",
			"A public document contains a waiver of secrecy"),
		Indicated: "a public policy has `waiver_clause`, or its `text` has a passage read as a blanket consent to use secrecy data or a waiver of the secrecy (quoted) (high)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "policies"}},
		Run:       polWaiver,
	}
}

func polWaiver(e *env) []outcome {
	ps := e.userFacing()
	if len(ps) == 0 {
		return e.ask(tx("利用者向けの方針・約款が登録されていない", "No user-facing policy is registered"), askPolicies)
	}
	s, u := e.sampler(), e.sampler()
	for _, p := range ps {
		// A blanket consent or a waiver read in the text is quoted beside
		// the carrier's own flag.
		quotes := e.passages(p, labelIs(policytext.LabelBlanket))
		for _, q := range quotes {
			s.add("policies", p.ID, append([]string{"kind", string(p.Kind), "waiver_clause", factText(p.WaiverClause), "title", p.Title}, q...)...)
		}
		if p.WaiverClause.True() && len(quotes) == 0 {
			s.add("policies", p.ID, "kind", string(p.Kind), "waiver_clause", "true", "title", p.Title)
		}
		// Unknown whether it has a waiver, and no text was read to say:
		// ask rather than find or pass.
		if !p.WaiverClause.Known() && len(quotes) == 0 && p.Text == "" {
			u.add("policies", p.ID, "kind", string(p.Kind), "unknown", "waiver_clause")
		}
	}
	unknown := e.askUnknown(u, tf("利用者向けの文書%[1]d件について、通信の秘密の放棄条項の有無が記録されておらず、本文もない",
		"For %[1]d user-facing documents the records do not say whether they contain a waiver of secrecy, and no text was given", u.total),
		tx("記録にない文書に、利用者に通信の秘密を放棄させる条項はないか。", "Are the documents whose records do not say so free of any clause by which users waive the secrecy of their communications?"))
	if s.total > 0 {
		return append([]outcome{e.indicated(himitsu.SeverityHigh, s, tf(
			"利用者向けの文書に、通信の秘密を事実上放棄させる条項又は包括的な同意が%[1]d箇所ある",
			"Clauses in user-facing documents by which users in effect waive the secrecy of their communications or consent to any use of it: %[1]d", s.total))}, unknown...)
	}
	if unknown != nil {
		return unknown
	}
	return []outcome{e.fine(tf("利用者向けの文書%[1]d件に放棄条項はない", "None of %[1]d user-facing documents contains a waiver clause", len(ps)))}
}
