package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// UseEventWithoutConsent judges 5(2)ii. Guidelines §5(2)ii: secrecy is
// obtained or used without proper consent where consent is the only
// justification. The rule checks each access under a consent-basis purpose
// against the subscriber's consent in force at the time of the access.
func (ruleSet) UseEventWithoutConsent() rule {
	return rule{
		ID:   "use.event-without-consent",
		Item: "5(2)ii",
		Summary: tx("同意に基づく目的のアクセスについて、その時点で有効な同意がない",
			"Accesses under a consent-basis purpose without a consent active at the time"),
		Indicated: "an access event under a consent-basis purpose concerns a subscriber with no consent to that purpose active at the event time (never given, or withdrawn) (high)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"attestations", "consents", "purposes"}, Logs: []string{"access_events"}},
		Run:       useEventWithoutConsent,
	}
}

func useEventWithoutConsent(e *env) []outcome {
	if out := e.consentEventsUndecidable(); out != nil {
		return out
	}
	v := e.acc.noConsent
	if v.n > 0 {
		return []outcome{e.indicated(himitsu.SeverityHigh, v.s, tf(
			"同意に基づく目的のアクセス%[1]d件について、その時点で有効な同意がない（目的別：%[2]s）",
			"Accesses under consent-basis purposes to subscribers with no consent active at the time: %[1]d (by purpose: %[2]s)",
			v.n, topCounts(v.perPurpose, 5, nil)))}
	}
	return []outcome{e.fine(tf("アクセス%[1]d件を確認し、同意に基づく目的のアクセス%[2]d件はいずれも有効な同意に基づく",
		"Checked %[1]d access events; all %[2]d under consent-basis purposes had an active consent", e.acc.judged, v.checked))}
}
