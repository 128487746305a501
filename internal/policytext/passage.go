package policytext

import (
	"slices"

	"github.com/himitsu-oss/himitsu/internal/clue"
	"github.com/himitsu-oss/himitsu/internal/measure"
)

// Checker holds the label rules and the lexicon.
type Checker struct {
	Labels  *clue.Rules
	Lexicon *Lexicon
}

// NewChecker returns a checker with the embedded rules and lexicon.
func NewChecker() *Checker { return &Checker{Labels: DefaultLabels(), Lexicon: DefaultLexicon()} }

// PassageVerdict is the judgement of one passage: each label with the
// rules and words that set it, and the readability behind Clear.
type PassageVerdict struct {
	Lang           string        `json:"lang"`
	Disclaims      bool          `json:"disclaims_leak_responsibility"`
	BlanketConsent bool          `json:"blanket_consent"`
	ConditionOfUse bool          `json:"condition_of_use"`
	Clear          bool          `json:"clear"`
	Reasons        []clue.Reason `json:"reasons,omitempty"`
	Readability    Readability   `json:"readability"`
}

// Judge labels one passage; lang may be empty.
func (c *Checker) Judge(text, lang string) PassageVerdict {
	if lang == "" {
		lang = Lang(text)
	}
	v := c.Labels.Screen(text)
	rd := c.Lexicon.Measure(text, lang)
	return PassageVerdict{
		Lang:           lang,
		Disclaims:      slices.Contains(v.Kinds, LabelDisclaims),
		BlanketConsent: slices.Contains(v.Kinds, LabelBlanket),
		ConditionOfUse: slices.Contains(v.Kinds, LabelCondition),
		Clear:          rd.Clear,
		Reasons:        v.Reasons,
		Readability:    rd,
	}
}

// LabelledPassage is a passage with a person's labels.
type LabelledPassage struct {
	ID, Text, Lang                   string
	Disclaims, BlanketConsent, Clear bool
	Kind                             string
}

// PassageEvaluation compares the checker with labelled passages.
type PassageEvaluation struct {
	Disclaims, BlanketConsent, Unclear, ConditionOfUse measure.Counts
}

// Evaluate judges every labelled passage and counts the agreements.
// Clarity is counted as the finding "unclear", the thing a lawyer acts on.
// Condition of use is counted against the passages whose kind is
// "condition-of-use".
func (c *Checker) Evaluate(set []LabelledPassage) PassageEvaluation {
	var ev PassageEvaluation
	for _, p := range set {
		v := c.Judge(p.Text, p.Lang)
		ev.Disclaims.Add(p.ID, v.Disclaims, p.Disclaims)
		ev.BlanketConsent.Add(p.ID, v.BlanketConsent, p.BlanketConsent)
		ev.Unclear.Add(p.ID, !v.Clear, !p.Clear)
		ev.ConditionOfUse.Add(p.ID, v.ConditionOfUse, p.Kind == "condition-of-use")
	}
	return ev
}
