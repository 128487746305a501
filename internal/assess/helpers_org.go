package assess

import (
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
)

func join(s []string) string { return strings.Join(s, ",") }

// performed reports whether a control of kind was performed (result other
// than not-performed) within days before as_of, for one of subjects (any
// subject when none are given).
func (e *env) performed(kind himitsu.ControlKind, days int, subjects ...string) *himitsu.Control {
	var best *himitsu.Control
	for i := range e.rec.Controls {
		c := &e.rec.Controls[i]
		if c.Kind != kind || c.Result == himitsu.ResultNotPerformed {
			continue
		}
		if days > 0 && !e.within(c.PerformedOn, days) || days == 0 && c.PerformedOn.After(e.asOf) {
			continue
		}
		if len(subjects) > 0 && !slices.Contains(subjects, c.Subject) {
			continue
		}
		if best == nil || c.PerformedOn.After(best.PerformedOn) {
			best = c
		}
	}
	return best
}

var askIncidents = tx("事故の台帳が空である。過去1年間に、通信の秘密の漏えい・窃用・知得、個人データの漏えい又は重大な事故を知ったことはなく、知った場合はすべて記録しているか。",
	"The incident register is empty. Is it true that in the past year the carrier learned of no leak, unauthorised use or obtaining of secrecy, personal-data leak or serious accident, and that it records every one it learns of?")

// naNoIncidents answers the rules that judge how incidents were handled
// when none is registered. Whether the empty register is complete is asked
// once, under the concealment case (org.leak-denied), rather than
// under every incident rule.
var naNoIncidents = tx("事故が登録されていないため、対応の適否を判断する対象がない（台帳が網羅的かどうかは 5(3)(i)iii で確認する）",
	"No incident is registered, so there is no handling to judge (whether the register is complete is asked under 5(3)(i)iii)")

func (e *env) riskAssessed(service string, systems []string) bool {
	for i := range e.rec.RiskAssessments {
		ra := &e.rec.RiskAssessments[i]
		if !e.within(ra.PerformedOn, riskAssessmentWindow) {
			continue
		}
		if ra.Subject == service || slices.Contains(systems, ra.Subject) {
			return true
		}
	}
	return false
}
