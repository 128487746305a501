package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// OrgAudits judges 5(3)(i)i. Guidelines §5(3)(i)i: an insufficient
// internal control system. Contractors handling secrecy that are never
// audited, or no internal audit at all, leave the carrier's controls
// unchecked.
func (ruleSet) OrgAudits() rule {
	return rule{
		ID:   "org.audits",
		Item: "5(3)(i)i",
		Summary: tx("通信の秘密を扱う委託先が監査されていない",
			"Contractors handling secrecy were not audited"),
		Indicated: "a contractor or subcontractor that `handles_secrecy` had no `contractor-audit` (subject = its ID) within 365 days (opt) (medium)",
		AtRisk:    "no `internal-audit` within 365 days",
		Inputs:    inputs{Registers: []string{"attestations", "controls", "organisations"}},
		Run:       orgAudits,
	}
}

func orgAudits(e *env) []outcome {
	if len(e.rec.Controls) == 0 && len(e.rec.Organisations) == 0 {
		return e.ask(tx("統制と組織の台帳が空である", "The control and organisation registers are empty"),
			tx("過去1年以内に内部監査を行い、通信の秘密を扱う委託先をすべて監査したか。",
				"Within the past year, has the carrier run an internal audit and audited every contractor that handles secrecy?"))
	}
	s, u := e.sampler(), e.sampler()
	var names []string
	handlers := 0
	for i := range e.rec.Organisations {
		o := &e.rec.Organisations[i]
		// Roles count: a group company doing contract work is audited
		// as a contractor.
		if !o.HasRole(himitsu.OrgContractor) && !o.HasRole(himitsu.OrgSubcontractor) || o.HandlesSecrecy.False() {
			continue
		}
		if !o.ContractEnd.IsZero() && o.ContractEnd.Before(e.asOf.AddDays(-e.th.AuditWindowDays)) {
			continue // the contract ended before the audit window
		}
		if !o.HandlesSecrecy.Known() {
			if e.performed(himitsu.ControlContractorAudit, e.th.AuditWindowDays, o.ID) == nil {
				u.add("organisations", o.ID, "kind", string(o.Kind), "last_audit_within_days", "none", "unknown", "handles_secrecy")
			}
			continue
		}
		handlers++
		if e.performed(himitsu.ControlContractorAudit, e.th.AuditWindowDays, o.ID) == nil {
			names = append(names, o.Name)
			s.add("organisations", o.ID, "kind", string(o.Kind), "handles_secrecy", "true", "last_audit_within_days", "none")
		}
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"通信の秘密を扱う委託先%[1]d社中%[2]d社（%[3]s）に過去%[4]d日以内の監査がない",
			"%[2]d of %[1]d contractors handling secrecy had no audit within %[4]d days: %[3]s", handlers, s.total, list(names, 5), e.th.AuditWindowDays)))
	}
	if e.performed(himitsu.ControlInternalAudit, e.th.AuditWindowDays) == nil {
		r := e.sampler()
		r.add("carrier", e.rec.Carrier.ID, "missing_controls", "internal-audit", "window_days", itoa(e.th.AuditWindowDays))
		out = append(out, e.atRisk(r, tf("過去%[1]d日以内に内部監査の記録がない", "No internal audit within %[1]d days", e.th.AuditWindowDays)))
	}
	out = append(out, e.askUnknown(u, tf("監査の記録のない委託先%[1]d社について、通信の秘密を扱うかが記録されていない",
		"For %[1]d contractors without an audit the records do not say whether they handle secrecy", u.total),
		tx("記録にない委託先は通信の秘密を扱わないか（扱う場合は過去1年以内に監査したか）。", "Do the contractors whose records do not say so handle no secrecy (or, if they do, were they audited within the year)?"))...)
	if len(out) == 0 {
		out = append(out, e.fine(tf("通信の秘密を扱う委託先%[1]d社はいずれも過去%[2]d日以内に監査され、内部監査も行われている",
			"All %[1]d contractors handling secrecy were audited within %[2]d days, and an internal audit took place", handlers, e.th.AuditWindowDays)))
	}
	return out
}
