package assess

import (
	"github.com/himitsu-oss/himitsu"
	"slices"
)

// OrgAttestationContradicted judges 5(3)(i)iii. Guidelines §5(3)(i)iii:
// the carrier knew of the possibility of an accident such as a leak and
// concealed or falsified it. The rule compares each attestation that
// claims a control with the results of the rules that judge that control.
func (ruleSet) OrgAttestationContradicted() rule {
	return rule{
		ID:   "org.attestation-contradicted",
		Item: "5(3)(i)iii",
		Summary: tx("統制があるとの証明が記録と矛盾する",
			"An attestation claims a control the records contradict"),
		Indicated: "an attestation answers `yes` to a claim the records contradict (high): usb-control vs export/print events without export grant or unapproved take-outs; logs-reviewed vs org.log-review; no-shared-accounts vs shared accounts; entry-records-kept vs controlled areas without entry logs; retention-enforced vs holdings beyond retention; training-complete vs untrained persons; leak-clues-escalated vs unescalated clues; access-reviewed vs stale grants; changes-tested vs untested changes; dlp, encryption-at-rest, portal-rate-limiting, portal-bot-detection and shared-identity-platform vs protections of that kind recorded as missing (and encryption-at-rest also vs unencrypted extracts of secrecy data); access-recertified vs stale grants or no access recertification within the audit window; retention-audited vs holdings beyond retention or no retention audit within the audit window",
		AtRisk:    "—",
		Inputs: inputs{
			Registers: []string{"areas", "attestations", "controls", "datasets", "extracts", "protections", "takeouts"},
			Logs:      []string{"entry_logs"},
			Rules: []string{"tech.unapproved-export", "org.log-review", "tech.shared-accounts", "phy.retention-exceeded",
				"hum.training-coverage", "cmp.leak-clue-escalation", "tech.stale-grants", "tech.change-control"},
		},
		Run: orgAttestationContradicted,
	}
}

// orgAttestationContradicted compares each "yes" claim with the results
// of the rules that judge the same control, which ran before it.
func orgAttestationContradicted(e *env) []outcome {
	claims := 0
	s := e.sampler()
	for i := range e.rec.Attestations {
		a := &e.rec.Attestations[i]
		if a.Claim == "" || a.Claim == "none" || a.Answer != "yes" {
			continue
		}
		claims++
		if by, n := e.contradiction(a.Claim); n > 0 {
			s.add("attestations", a.ID, "claim", string(a.Claim), "answer", "yes", "by", a.By, "on", a.On.String(),
				"contradicted_by", by, "records", itoa(n))
		}
	}
	if claims == 0 {
		return e.notApplicable(tx("統制の存在を肯定する証明はない", "No attestation claims a control"))
	}
	if s.total > 0 {
		return []outcome{e.indicated(himitsu.SeverityHigh, s, tf(
			"統制があるとの証明%[1]d件中%[2]d件が記録と矛盾する", "Attested controls contradicted by the records: %[2]d of %[1]d", claims, s.total))}
	}
	return []outcome{e.fine(tf("統制があるとの証明%[1]d件はいずれも記録と矛盾しない", "None of %[1]d attested controls is contradicted by the records", claims))}
}

// count returns how many records the outcomes of rule with one of the
// statuses named.
func (e *env) count(rule string, statuses ...himitsu.Status) int {
	n := 0
	for _, o := range e.result(rule) {
		if slices.Contains(statuses, o.status) && o.ev != nil {
			n += o.ev.total
		}
	}
	return n
}

// contradiction names the evidence against a claim and how many records.
func (e *env) contradiction(c himitsu.Claim) (string, int) {
	ind := himitsu.StatusIndicated
	risk := himitsu.StatusAtRisk
	switch c {
	case "usb-control":
		n := e.count("tech.unapproved-export", ind)
		for i := range e.rec.Takeouts {
			t := &e.rec.Takeouts[i]
			if t.Approved.False() && e.within(himitsu.DateOf(t.TakenAt), takeoutWindowDays) {
				n++
			}
		}
		return "tech.unapproved-export,takeouts", n
	case "logs-reviewed":
		return "org.log-review", e.count("org.log-review", ind)
	case "no-shared-accounts":
		return "tech.shared-accounts", e.count("tech.shared-accounts", ind)
	case "entry-records-kept":
		n := 0
		for i := range e.rec.Areas {
			a := &e.rec.Areas[i]
			if a.Kind == himitsu.AreaControlled && (a.EntryLog.False() || a.EntryLog.True() && e.ent.records.lines[a.ID] == 0) {
				n++
			}
		}
		return "phy.entry-records", n
	case "retention-enforced":
		return "phy.retention-exceeded", e.count("phy.retention-exceeded", ind)
	case "training-complete":
		return "hum.training-coverage", e.count("hum.training-coverage", ind, risk)
	case "leak-clues-escalated":
		return "cmp.leak-clue-escalation", e.count("cmp.leak-clue-escalation", ind, risk)
	case "access-reviewed":
		return "tech.stale-grants", e.count("tech.stale-grants", ind)
	case "changes-tested":
		return "tech.change-control", e.count("tech.change-control", ind, risk)
	case "dlp", "portal-rate-limiting", "portal-bot-detection", "shared-identity-platform":
		kind := map[himitsu.Claim]himitsu.ProtectionKind{"dlp": "dlp", "portal-rate-limiting": "rate-limiting",
			"portal-bot-detection": "bot-detection", "shared-identity-platform": "shared-identity-platform"}[c]
		return "protections", e.missingProtections(kind)
	case "encryption-at-rest":
		n := e.missingProtections("encryption-at-rest")
		for i := range e.rec.Extracts {
			x := &e.rec.Extracts[i]
			if e.secrecy[x.DataSet] && x.Encrypted.False() && (x.DeletedOn.IsZero() || x.DeletedOn.After(e.asOf)) {
				n++
			}
		}
		return "protections,extracts", n
	case "access-recertified":
		n := e.count("tech.stale-grants", ind)
		if e.performed(himitsu.ControlAccessRecertification, e.th.AuditWindowDays) == nil {
			n++
		}
		return "tech.stale-grants,controls", n
	case "retention-audited":
		n := e.count("phy.retention-exceeded", ind)
		if e.performed(himitsu.ControlRetentionAudit, e.th.AuditWindowDays) == nil {
			n++
		}
		return "phy.retention-exceeded,controls", n
	}
	return "", 0
}

// missingProtections counts the safeguards of kind recorded as missing.
func (e *env) missingProtections(kind himitsu.ProtectionKind) int {
	n := 0
	for i := range e.rec.Protections {
		if p := &e.rec.Protections[i]; p.Kind == kind && p.Status == himitsu.ProtectionMissing {
			n++
		}
	}
	return n
}
