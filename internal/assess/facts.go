package assess

import (
	"strings"

	"github.com/himitsu-oss/himitsu"
)

// Unknown is not false. A record that leaves a yes/no fact out does not
// say "no", so a rule finds (indicated, at-risk) only on facts recorded as
// true or false; where a fact it needs is unknown, it asks for an
// attestation about the records that leave it so, naming them and the
// facts. An attestation for the item answers that question as it answers
// the one asked when a register is empty (env.ask).

// fact is one yes/no fact a rule reads, with its field name.
type fact struct {
	name string
	v    himitsu.Fact
}

// unknownOf names the unknown facts among fs, ";"-separated; "" when every
// one is recorded.
func unknownOf(fs ...fact) string {
	var names []string
	for _, f := range fs {
		if !f.v.Known() {
			names = append(names, f.name)
		}
	}
	return strings.Join(names, ";")
}

// askUnknown is the outcome for the records in u, whose facts the rule
// needs are unknown: a question (or the answer of an attestation for the
// item), with those records as evidence. It is nil when u is empty.
func (e *env) askUnknown(u *sampler, why, q himitsu.Text) []outcome {
	if u.total == 0 {
		return nil
	}
	out := e.ask(why, q)
	for i := range out {
		if out[i].status == himitsu.StatusNeedsAttestation && out[i].ev == nil {
			out[i].ev = u
		}
	}
	return out
}

// factText renders a fact for evidence: true, false or unknown.
func factText(f himitsu.Fact) string { return f.String() }
