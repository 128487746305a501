package policytext

import (
	_ "embed"

	"github.com/himitsu-oss/himitsu/internal/clue"
)

//go:embed labels.yaml
var labelRules []byte

// Label names, as in the JSON output of 'himitsu policy check'.
const (
	LabelDisclaims = "disclaims-leak-responsibility"
	LabelBlanket   = "blanket-consent"
	LabelCondition = "condition-of-use"
)

// DefaultLabels returns the embedded label rules. They use the rule engine
// of the complaint screening (package clue), so a compliance officer
// extends both in the same way.
func DefaultLabels() *clue.Rules {
	rs, err := clue.Load("labels.yaml", labelRules)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return rs
}
