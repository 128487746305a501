package assess

import (
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
)

// OrgAttestationContradicted judges 5(3)(i)iii. Guidelines §5(3)(i)iii:
// although the carrier was aware of the possibility of an accident such
// as a leak, it concealed or falsified the fact. A self-attestation that
// the records contradict is, by itself, a finding on the item the claim
// concerns (the control claimed is missing, and the carrier's view of it
// is wrong), not concealment. It becomes evidence of concealment only when
// the records show the carrier knew better on the day it made the claim:
// its own check of the contradicting records had found issues (or a log
// review was recorded as not performed), an incident it already knew of
// involved those records, or the attestation cites as its evidence a
// record that shows the opposite. Edited evidence is not in the records
// model, so it cannot be read [not modelled].
func (ruleSet) OrgAttestationContradicted() rule {
	return rule{
		ID:   "org.attestation-contradicted",
		Item: "5(3)(i)iii",
		Summary: tx("統制があるとの自己申告が記録と矛盾し、申告時に事業者はそれと異なる事実を知っていた",
			"A self-attestation claims a control the records contradict, and the carrier knew better when it made it"),
		Indicated: "an attestation answers `yes` to a claim the records contradict: usb-control vs export/print events without export grant or unapproved take-outs; logs-reviewed vs org.log-review; no-shared-accounts vs shared accounts; entry-records-kept vs controlled areas without entry logs; retention-enforced vs holdings beyond retention; training-complete vs untrained persons; leak-clues-escalated vs unescalated clues; access-reviewed vs stale grants; changes-tested vs untested changes. Concealment under 5(3)(i)iii (high) when, on or before the attestation day, a control on a contradicting record had `issues` (a log review `not-performed`), an incident naming a contradicting person or change was known, or the attestation's `evidence` cites a contradicting record or such a control; otherwise a finding on the item of the rule that contradicts it (low)",
		AtRisk:    "—",
		Inputs: inputs{
			Registers: []string{"areas", "attestations", "controls", "datasets", "extracts", "incidents", "protections", "takeouts"},
			Rules: []string{"tech.unapproved-export", "org.log-review", "tech.shared-accounts", "phy.entry-records", "phy.retention-exceeded",
				"hum.training-coverage", "cmp.leak-clue-escalation", "tech.stale-grants", "tech.change-control"},
		},
		Run: orgAttestationContradicted,
	}
}

// orgAttestationContradicted compares each "yes" claim with the results
// of the rules that judge the same control, which ran before it.
func orgAttestationContradicted(e *env) []outcome {
	claims := 0
	conceal := e.sampler()
	perItem := map[string]*sampler{} // item of the claim → contradicted claims
	var items []string
	for i := range e.rec.Attestations {
		a := &e.rec.Attestations[i]
		if a.Claim == "" || a.Claim == himitsu.ClaimNone || a.Answer != himitsu.AnswerYes {
			continue
		}
		claims++
		c := e.contradiction(a.Claim)
		if len(c.records) == 0 {
			continue
		}
		kv := []string{"claim", string(a.Claim), "answer", "yes", "by", a.By, "on", a.On.String(),
			"contradicted_by", strings.Join(c.rules, ","), "records", itoa(len(c.records))}
		if why, id := e.knewBetter(a, c.records); why != "" {
			conceal.add("attestations", a.ID, append(kv, "knew_better", why, "shown_by", id)...)
			continue
		}
		item := e.ruleItems[c.rules[0]].ID
		if perItem[item] == nil {
			perItem[item] = e.sampler()
			items = append(items, item)
		}
		perItem[item].add("attestations", a.ID, kv...)
	}
	if claims == 0 {
		return e.notApplicable(tx("統制の存在を肯定する自己申告はない", "No attestation claims a control"))
	}
	var out []outcome
	if conceal.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityHigh, conceal, tf(
			"統制があるとの自己申告%[1]d件中%[2]d件が記録と矛盾し、申告の時点で事業者は、自らの点検、既知の事故又は申告に添えた記録により、それと異なる事実を知っていた",
			"%[2]d of %[1]d attested controls are contradicted by the records, and when it made them the carrier knew better from its own check, an incident it knew of, or the very record it cited",
			claims, conceal.total)))
	}
	slices.Sort(items)
	for _, item := range items {
		s := perItem[item]
		o := e.indicated(himitsu.SeverityLow, s, tf(
			"この項目の統制があるとの自己申告%[1]d件が記録と矛盾する（申告時に異なる事実を知っていたことを示す記録はなく、隠蔽とはしない）",
			"%[1]d self-attestations claiming this item's control are contradicted by the records (nothing shows the carrier knew better when it made them, so this is not concealment)",
			s.total))
		o.item = e.ruleItems[e.ruleOfItem(item)]
		out = append(out, o)
	}
	if conceal.total == 0 {
		out = append(out, e.fine(tf("記録と矛盾する自己申告について、申告時に事業者がそれと異なる事実を知っていたことを示す記録はない（統制があるとの自己申告%[1]d件）",
			"No record shows that the carrier knew better when it made an attestation the records contradict (attested controls: %[1]d)", claims)))
	}
	return out
}

// ruleOfItem returns a rule judging item, to look its catalog item up.
func (e *env) ruleOfItem(item string) string {
	for id, it := range e.ruleItems {
		if it.ID == item {
			return id
		}
	}
	return ""
}

// contradicting is what the records hold against a claim: the rules that
// judge the control, and the records behind their findings.
type contradicting struct {
	rules   []string
	records []himitsu.Evidence
}

// found collects the evidence of a rule's outcomes with the statuses.
func (c *contradicting) found(e *env, rule string, statuses ...himitsu.Status) {
	c.rules = append(c.rules, rule)
	for _, o := range e.result(rule) {
		if slices.Contains(statuses, o.status) && o.ev != nil {
			c.records = append(c.records, o.ev.list()...)
		}
	}
}

// contradiction gathers the evidence against a claim.
func (e *env) contradiction(claim himitsu.Claim) contradicting {
	ind := himitsu.StatusIndicated
	risk := himitsu.StatusAtRisk
	var c contradicting
	switch claim {
	case himitsu.ClaimUSBControl:
		c.found(e, "tech.unapproved-export", ind)
		for i := range e.rec.Takeouts {
			t := &e.rec.Takeouts[i]
			if t.Approved.False() && e.within(himitsu.DateOf(t.TakenAt), takeoutWindowDays) {
				c.records = append(c.records, ev("takeouts", t.ID, "person", t.Person))
			}
		}
	case himitsu.ClaimLogsReviewed:
		c.found(e, "org.log-review", ind)
	case himitsu.ClaimNoSharedAccounts:
		c.found(e, "tech.shared-accounts", ind)
	case himitsu.ClaimEntryRecordsKept:
		c.rules = append(c.rules, "phy.entry-records")
		records := visitorOf[*entryRecordsVisitor](e, "phy.entry-records")
		for i := range e.rec.Areas {
			a := &e.rec.Areas[i]
			if a.Kind == himitsu.AreaControlled && (a.EntryLog.False() || records.lines[a.ID] == 0) {
				c.records = append(c.records, ev("areas", a.ID, "site", a.Site))
			}
		}
	case himitsu.ClaimRetentionEnforced:
		c.found(e, "phy.retention-exceeded", ind)
	case himitsu.ClaimTrainingComplete:
		c.found(e, "hum.training-coverage", ind, risk)
	case himitsu.ClaimLeakCluesEscalated:
		c.found(e, "cmp.leak-clue-escalation", ind, risk)
	case himitsu.ClaimAccessReviewed:
		c.found(e, "tech.stale-grants", ind)
	case himitsu.ClaimChangesTested:
		c.found(e, "tech.change-control", ind, risk)
	case "dlp", "portal-rate-limiting", "portal-bot-detection", "shared-identity-platform", "encryption-at-rest":
		kind := map[himitsu.Claim]himitsu.ProtectionKind{"dlp": "dlp", "portal-rate-limiting": "rate-limiting",
			"portal-bot-detection": "bot-detection", "shared-identity-platform": "shared-identity-platform", "encryption-at-rest": "encryption-at-rest"}[claim]
		// Safeguards are judged under tech.security-protections' item.
		c.rules = append(c.rules, "tech.security-protections")
		for i := range e.rec.Protections {
			if p := &e.rec.Protections[i]; p.Kind == kind && p.Status == himitsu.ProtectionMissing {
				c.records = append(c.records, ev("protections", p.ID, "target", p.Target, "kind", string(p.Kind), "status", string(p.Status)))
			}
		}
		if claim == "encryption-at-rest" {
			for i := range e.rec.Extracts {
				x := &e.rec.Extracts[i]
				if e.secrecy[x.DataSet] && x.Encrypted.False() && (x.DeletedOn.IsZero() || x.DeletedOn.After(e.asOf)) {
					c.records = append(c.records, ev("extracts", x.ID, "dataset", x.DataSet, "encrypted", "false"))
				}
			}
		}
	case "access-recertified":
		c.found(e, "tech.stale-grants", ind)
		if e.performed(himitsu.ControlAccessRecertification, e.th.AuditWindowDays) == nil {
			c.records = append(c.records, ev("carrier", e.rec.Carrier.ID, "missing_controls", "access-recertification"))
		}
	case "retention-audited":
		c.found(e, "phy.retention-exceeded", ind)
		if e.performed(himitsu.ControlRetentionAudit, e.th.AuditWindowDays) == nil {
			c.records = append(c.records, ev("carrier", e.rec.Carrier.ID, "missing_controls", "retention-audit"))
		}
	}
	return c
}

// subjectKeys are the values of evidence that name other records.
var subjectKeys = []string{"dataset", "system", "area", "person", "account", "change", "site"}

// knewBetter reports why the records show that the carrier knew, on the
// day it attested, that its claim was false, and the record showing it;
// "" when they do not.
func (e *env) knewBetter(a *himitsu.Attestation, recs []himitsu.Evidence) (why, id string) {
	subject := map[string]bool{}
	for _, r := range recs {
		subject[r.ID] = true
		for _, k := range subjectKeys {
			if v := r.Values[k]; v != "" {
				subject[v] = true
			}
		}
	}
	// The carrier's own check found the opposite before the claim.
	opposite := func(c *himitsu.Control) bool {
		return c.Result == himitsu.ResultIssues || c.Kind == himitsu.ControlLogReview && c.Result == himitsu.ResultNotPerformed
	}
	var checks []string
	for i := range e.rec.Controls {
		c := &e.rec.Controls[i]
		if !c.PerformedOn.After(a.On) && opposite(c) {
			checks = append(checks, c.ID)
			if subject[c.Subject] {
				return "own-check", c.ID
			}
		}
	}
	// An incident it already knew of involved the contradicting records.
	for i := range e.rec.Incidents {
		in := &e.rec.Incidents[i]
		if himitsu.DateOf(in.KnownAt).After(a.On) {
			continue
		}
		if in.Change != "" && subject[in.Change] || in.ActorPerson != "" && subject[in.ActorPerson] {
			return "known-incident", in.ID
		}
	}
	// The attestation cites a record that shows the opposite.
	for _, cited := range a.Evidence {
		if subject[cited] || slices.Contains(checks, cited) {
			return "cited-record", cited
		}
	}
	return "", ""
}
