package assess

import (
	"slices"
	"sort"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// CmpUserNotification judges 5(4)iii. Guidelines §5(4)iii: on an accident
// such as a leak, explanations and information to users were insufficient,
// so relief did not work and the damage grew. The rule reads notifications
// to affected users.
func (ruleSet) CmpUserNotification() rule {
	return rule{
		ID:   "cmp.user-notification",
		Item: "5(4)iii",
		Summary: tx("事故の影響を受けた利用者への通知がない、又は遅い",
			"Affected users were not notified, or late"),
		Indicated: "a secrecy incident with persons affected has no notification 30 days (opt) after the carrier knew (the earliest knowledge event or `known_at`, as for the report deadlines), or the first came later than that (medium)",
		AtRisk:    "notifications without `explains_cause`",
		Inputs:    inputs{Registers: []string{"attestations", "complaints", "incidents", "notifications"}},
		Run:       cmpUserNotification,
	}
}

func cmpUserNotification(e *env) []outcome {
	if len(e.rec.Incidents) == 0 {
		return e.notApplicable(naNoIncidents)
	}
	s, r, u := e.sampler(), e.sampler(), e.sampler()
	relevant := 0
	limit := time.Duration(e.th.NotificationDays) * 24 * time.Hour
	asOfEnd := e.asOf.AddDays(1).Time()
	lk := e.links()
	for i := range e.rec.Incidents {
		in := &e.rec.Incidents[i]
		if in.SecrecyInvolved.False() && !isViolation(in) || in.PersonsAffected == 0 {
			continue
		}
		// The days run from when the carrier knew, the same start as the
		// report deadlines: the earliest knowledge of any part of it,
		// which may precede the known_at compliance recorded.
		kn := e.knowledgeOf(in, lk)
		knew := kn.at
		if !knew.Before(asOfEnd) {
			continue
		}
		from := []string{"known_at", ts(in.KnownAt)}
		if !knew.Equal(in.KnownAt) {
			from = append(from, "knew_at", ts(knew), "knew_basis", kn.start.basis)
		}
		// Whether secrecy was involved may be unknown: such an incident
		// is asked about only where it would be found.
		scopeKnown := in.SecrecyInvolved.True() || isViolation(in)
		if scopeKnown {
			relevant++
		}
		ns := slices.Clone(e.notices[in.ID])
		sort.Slice(ns, func(a, b int) bool { return ns[a].SentAt.Before(ns[b].SentAt) })
		var first *himitsu.Notification
		if len(ns) > 0 && ns[0].SentAt.Before(asOfEnd) {
			first = ns[0]
		}
		found := u
		if scopeKnown {
			found = s
		}
		switch {
		case first == nil && asOfEnd.Sub(knew) > limit:
			found.add("incidents", in.ID, append(from, "persons_affected", itoa(in.PersonsAffected), "notifications", "0", "secrecy_involved", factText(in.SecrecyInvolved))...)
		case first != nil && first.SentAt.Sub(knew) > limit:
			found.add("incidents", in.ID, append(from, "first_notification", first.ID,
				"days_to_notify", itoa(int(first.SentAt.Sub(knew).Hours()/24)), "secrecy_involved", factText(in.SecrecyInvolved))...)
		}
		for _, n := range ns {
			if !n.SentAt.Before(asOfEnd) {
				continue
			}
			switch {
			case n.ExplainsCause.False() && scopeKnown:
				r.add("notifications", n.ID, "incident", in.ID, "explains_cause", "false")
			case !n.ExplainsCause.Known() || n.ExplainsCause.False():
				u.add("notifications", n.ID, "incident", in.ID, "unknown", unknownOf(fact{"explains_cause", n.ExplainsCause}, fact{"secrecy_involved", in.SecrecyInvolved}))
			}
		}
	}
	unknown := e.askUnknown(u, tf("事故又は通知%[1]d件について、通信の秘密が関係したか、通知が原因を説明しているかが記録されていない",
		"For %[1]d incidents or notifications the records do not say whether secrecy was involved or whether the notice explains the cause", u.total),
		tx("記録にない事故のうち通信の秘密に係るものは、知ってから速やかに、原因を説明して利用者に通知したか。",
			"Were users affected by the incidents whose records do not say so notified promptly, with the cause explained, where secrecy was involved?"))
	if relevant == 0 && unknown != nil {
		return unknown
	}
	if relevant == 0 {
		return []outcome{e.fine(tf("事故%[1]d件に、利用者に影響した通信の秘密の事故はない", "None of %[1]d incidents is a secrecy incident affecting users", len(e.rec.Incidents)))}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"利用者に影響した通信の秘密の事故%[1]d件中%[2]d件で、知ってから%[3]d日以内に利用者へ通知していない",
			"%[2]d of %[1]d secrecy incidents affecting users had no notification within %[3]d days of knowledge", relevant, s.total, e.th.NotificationDays)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("利用者への通知%[1]d件が原因を説明していない", "Notifications to users that do not explain the cause: %[1]d", r.total)))
	}
	out = append(out, unknown...)
	if len(out) == 0 {
		out = append(out, e.fine(tf("利用者に影響した通信の秘密の事故%[1]d件はいずれも%[2]d日以内に原因を説明して通知されている",
			"All %[1]d secrecy incidents affecting users were notified within %[2]d days, explaining the cause", relevant, e.th.NotificationDays)))
	}
	return out
}
