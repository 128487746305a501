package demo

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// findings maps "rule register" to the IDs a rule flags.
type findings map[string][]string

func (f findings) add(rule, register, id string) {
	k := rule + " " + register
	f[k] = append(f[k], id)
}

// audit is an independent, literal reading of docs/rules.md (with its
// default options) over a generated carrier. It flags both indicated and
// at-risk conditions, so that anything it reports beyond the planted
// weaknesses is a flaw of the generator.
func audit(t *testing.T, c *Carrier, asOf himitsu.Date) findings {
	return auditWith(t, c, asOf, true)
}

// auditWith skips the logs when logs is false.
func auditWith(t *testing.T, c *Carrier, asOf himitsu.Date, logs bool) findings {
	t.Helper()
	rec := c.Records
	f := findings{}
	within := func(d himitsu.Date, days int) bool {
		return !d.IsZero() && !d.Before(asOf.AddDays(-days)) && !d.After(asOf)
	}
	ds := map[string]*himitsu.DataSet{}
	secrecySys := map[string]bool{}
	for i := range rec.DataSets {
		d := &rec.DataSets[i]
		ds[d.ID] = d
		if d.HoldsSecrecy() {
			secrecySys[d.System] = true
		}
	}
	purposes := map[string]*himitsu.Purpose{}
	for i := range rec.Purposes {
		purposes[rec.Purposes[i].ID] = &rec.Purposes[i]
	}
	persons := map[string]*himitsu.Person{}
	for i := range rec.Persons {
		persons[rec.Persons[i].ID] = &rec.Persons[i]
	}
	active := func(p *himitsu.Person) bool { return p.LeftOn.IsZero() || p.LeftOn.After(asOf) }
	touchesSecrecy := func(p *himitsu.Purpose) bool {
		for _, c := range p.Classes {
			if c.IsSecrecy() {
				return true
			}
		}
		for _, d := range p.DataSets {
			if ds[d].HoldsSecrecy() {
				return true
			}
		}
		return false
	}

	// 5(1): policies.
	hasReachable := false
	for _, p := range rec.Policies {
		if p.Public.False() || !p.Kind.IsPublic() {
			continue
		}
		if p.PlainLanguage.False() || (p.Characters > 20000 && p.LayeredSummary.False()) || !slices.Contains(p.Languages, "ja") {
			f.add("pol.plain-language", "policies", p.ID)
		}
		if p.Kind == himitsu.PolicyPrivacy || p.Kind == himitsu.PolicySecrecy {
			hasReachable = true
			if p.URL == "" || p.ClicksFromTop > 2 {
				f.add("pol.reachable", "policies", p.ID)
			}
		}
		if p.WaiverClause.True() {
			f.add("pol.waiver-clause", "policies", p.ID)
		}
		if p.DisclaimsLeakLiability.True() {
			f.add("pol.leak-responsibility", "policies", p.ID)
		}
	}
	if !hasReachable {
		f.add("pol.reachable", "policies", "-")
	}
	for _, p := range rec.Purposes {
		if p.MandatoryForService.True() && p.OperationallyNecessary.False() && touchesSecrecy(&p) {
			f.add("pol.mandatory-beyond-necessity", "purposes", p.ID)
		}
		if p.Basis == himitsu.BasisConsent && p.DefaultOn.True() && p.OptOut.False() {
			f.add("pol.no-opt-out", "purposes", p.ID)
		}
		if p.Basis == himitsu.BasisConsent && p.WithdrawalChannel == "" && p.OptOut.False() {
			f.add("use.no-withdrawal", "purposes", p.ID)
		}
		switch p.LawfulBusiness {
		case "charging", "billing", "complaints", "fraud-prevention", "network-operation":
		default:
			if p.Basis == himitsu.BasisLawfulBusiness && touchesSecrecy(&p) {
				f.add("use.lawful-business-scope", "purposes", p.ID)
			}
		}
	}

	// 5(2): consents.
	consents := map[string][]*himitsu.Consent{} // subscriber|purpose
	for i := range rec.Consents {
		cs := &rec.Consents[i]
		p := purposes[cs.Purpose]
		if p.Basis == himitsu.BasisConsent && touchesSecrecy(p) && (cs.Method == "terms-bundled" || cs.SeparateFromTerms.False()) && !(p.DefaultOn.True() && p.OptOut.True()) {
			f.add("use.terms-consent", "consents", cs.ID)
		}
		noticed := cs.Method == himitsu.ConsentDefaultOnWithNotice
		if cs.Method == "pre-ticked" || cs.SpecificPurpose.False() || !noticed && cs.Affirmative.False() || cs.ElementsListed.False() ||
			noticed && (cs.AdvanceNotice.False() || cs.FreeOptOut.False()) {
			f.add("use.consent-quality", "consents", cs.ID)
		}
		k := cs.Subscriber + "|" + cs.Purpose
		consents[k] = append(consents[k], cs)
	}

	// 5(3)(i): organisation.
	controls := map[himitsu.ControlKind][]himitsu.Control{}
	for _, ct := range rec.Controls {
		controls[ct.Kind] = append(controls[ct.Kind], ct)
	}
	if len(controls["secrecy-rule"]) == 0 || len(controls["secrecy-officer"]) == 0 {
		f.add("org.rules-officer", "controls", "-")
	}
	audited := func(kind himitsu.ControlKind, subject string, days int) bool {
		for _, ct := range controls[kind] {
			if (subject == "" || ct.Subject == subject || ct.Subject == "all") && within(ct.PerformedOn, days) {
				return true
			}
		}
		return false
	}
	for _, o := range rec.Organisations {
		if (o.Kind == himitsu.OrgContractor || o.Kind == himitsu.OrgSubcontractor) && o.HandlesSecrecy.True() {
			if !audited("contractor-audit", o.ID, 365) {
				f.add("org.audits", "organisations", o.ID)
			}
			if o.ConfidentialityClause.False() {
				f.add("org.unapproved-reentrustment", "organisations", o.ID)
			}
			if o.Kind == himitsu.OrgSubcontractor && o.ReentrustmentApproved.False() {
				f.add("org.unapproved-reentrustment", "organisations", o.ID)
			}
		}
	}
	if !audited("internal-audit", "", 365) {
		f.add("org.audits", "controls", "-")
	}
	changes := map[string]*himitsu.SystemChange{}
	for i := range rec.SystemChanges {
		ch := &rec.SystemChanges[i]
		changes[ch.ID] = ch
		if ch.AffectsSecrecy.True() && (ch.Tested.False() || ch.Reviewed.False() || ch.RollbackPlan.False()) {
			f.add("tech.change-control", "system_changes", ch.ID)
		}
		if ch.Tested.False() {
			f.add("org.attestation-contradicted(changes-tested)", "system_changes", ch.ID)
		}
	}
	measures := map[string][]himitsu.RecurrenceMeasure{}
	for _, m := range rec.RecurrenceMeasures {
		measures[m.Incident] = append(measures[m.Incident], m)
		if !m.DueOn.IsZero() && m.DueOn.Before(asOf) && (m.DoneOn.IsZero() || m.DoneOn.After(m.DueOn)) {
			f.add("org.root-cause", "recurrence_measures", m.ID)
		}
	}
	reports := map[string][]himitsu.RegulatorReport{}
	for _, r := range rec.RegulatorReports {
		reports[r.Incident] = append(reports[r.Incident], r)
	}
	notices := map[string][]himitsu.Notification{}
	for _, n := range rec.Notifications {
		notices[n.Incident] = append(notices[n.Incident], n)
	}
	for _, in := range rec.Incidents {
		known := himitsu.DateOf(in.KnownAt)
		old := known.Before(asOf.AddDays(-30))
		if (in.CauseCategory == "system-change" || in.CauseCategory == "malfunction") && (in.Change == "" || changes[in.Change].RiskAssessed.False()) {
			f.add("org.system-risk-assessment", "incidents", in.ID)
		}
		if in.Change != "" {
			if ch := changes[in.Change]; ch.AffectsSecrecy.True() && (ch.Tested.False() || ch.Reviewed.False() || ch.RollbackPlan.False()) {
				f.add("tech.change-control", "incidents", in.ID)
			}
		}
		var first, detailed bool
		for _, r := range reports[in.ID] {
			if r.Law != himitsu.LawTBA28 {
				continue
			}
			from := known
			if in.Kind == himitsu.IncidentOutage {
				from = himitsu.DateOf(in.OccurredAt)
			}
			days := from.DaysUntil(himitsu.DateOf(r.SubmittedAt))
			switch r.Stage {
			case himitsu.StageFirst:
				first = days <= 1
			case himitsu.StageDetailed:
				detailed = days <= 27 // clear of the window where day counts disagree
			}
		}
		if in.Kind == himitsu.IncidentLeak && in.SecrecyInvolved.True() && (!first || !detailed) {
			f.add("org.late-report", "incidents", in.ID)
		}
		if in.Kind != himitsu.IncidentNearMiss && old {
			if in.RootCauseDoneOn.IsZero() {
				f.add("org.root-cause", "incidents", in.ID)
			}
			if len(measures[in.ID]) == 0 {
				f.add("org.root-cause", "incidents", in.ID)
			}
		}
		for _, other := range rec.Incidents {
			if other.ID == in.ID || other.CauseCategory != in.CauseCategory || !other.KnownAt.After(in.KnownAt) {
				continue
			}
			for _, m := range measures[in.ID] {
				if !m.DoneOn.IsZero() && himitsu.DateOf(other.OccurredAt).After(m.DoneOn) {
					f.add("org.root-cause", "incidents", other.ID)
				}
			}
		}
		switch in.Kind {
		case himitsu.IncidentLeak, himitsu.IncidentUnauthorizedUse, himitsu.IncidentUnauthorizedObtaining:
			switch in.CauseCategory {
			case "employee-negligence", "employee-intentional", "contractor":
				f.add("hum.disclosure-incident", "incidents", in.ID)
			}
		}
		if in.SecrecyInvolved.True() && in.PersonsAffected > 0 {
			ok := false
			for _, n := range notices[in.ID] {
				if n.SentAt.Sub(in.KnownAt) <= 30*24*time.Hour {
					ok = true
				}
				if n.ExplainsCause.False() {
					f.add("cmp.user-notification", "notifications", n.ID)
				}
			}
			if !ok {
				f.add("cmp.user-notification", "incidents", in.ID)
			}
		}
	}
	for _, s := range rec.Services {
		holds := false
		for _, d := range rec.DataSets {
			holds = holds || d.Service == s.ID && d.HoldsSecrecy()
		}
		assessed := false
		for _, ra := range rec.RiskAssessments {
			assessed = assessed || ra.Subject == s.ID && within(ra.PerformedOn, 365)
		}
		if holds && !assessed {
			f.add("org.system-risk-assessment", "services", s.ID)
		}
	}

	// 5(3)(ii) and (iv): people, grants, accounts.
	grantsOf := map[string][]*himitsu.Grant{}
	for i := range rec.Grants {
		gr := &rec.Grants[i]
		grantsOf[gr.Person] = append(grantsOf[gr.Person], gr)
	}
	changesOf := map[string][]himitsu.OrgChange{}
	for _, oc := range rec.OrgChanges {
		changesOf[oc.Person] = append(changesOf[oc.Person], oc)
	}
	trained := map[string]bool{}
	for _, tr := range rec.Training {
		if tr.CoversSecrecy.True() && tr.Passed.True() && within(tr.CompletedOn, 365) {
			trained[tr.Person] = true
		}
	}
	holders := 0
	for _, p := range rec.Persons {
		holds := false
		for _, gr := range grantsOf[p.ID] {
			if !gr.ActiveOn(asOf) || !ds[gr.DataSet].HoldsSecrecy() {
				continue
			}
			holds = true
			stale := !p.LeftOn.IsZero() && !p.LeftOn.After(asOf)
			for _, oc := range changesOf[p.ID] {
				switch oc.Kind {
				case "transfer", "role-change", "project-end", "reorganisation":
					if !oc.EffectiveOn.After(asOf.AddDays(-30)) && oc.EffectiveOn.After(gr.GrantedOn) && !gr.ReviewedOn.After(oc.EffectiveOn) {
						stale = true
					}
				}
			}
			if stale {
				f.add("tech.stale-grants", "grants", gr.ID)
			}
		}
		if holds && active(&p) {
			holders++
			if !trained[p.ID] {
				f.add("hum.training-coverage", "persons", p.ID)
			}
		}
	}
	if n := len(f["hum.training-coverage persons"]); n > 0 && float64(n) < 0.10*float64(holders) {
		t.Errorf("hum.training-coverage: %d of %d holders untrained, below the 10%% line", n, holders)
	}
	shared := map[string]bool{}
	for _, a := range rec.Accounts {
		if a.Shared.True() {
			shared[a.ID] = true
		}
		disabled := !a.DisabledOn.IsZero() && !a.DisabledOn.After(asOf)
		if a.Person != "" && !active(persons[a.Person]) && !disabled {
			f.add("tech.stale-grants", "accounts", a.ID)
		}
		if a.Shared.True() && !disabled && secrecySys[a.System] {
			f.add("tech.shared-accounts", "accounts", a.ID)
		}
		if a.Privileged.True() && a.MFA.False() && secrecySys[a.System] {
			f.add("tech.security-protections", "accounts", a.ID)
		}
	}
	unapproved := map[string][]himitsu.Takeout{}
	for _, to := range rec.Takeouts {
		if to.Approved.False() && to.HandlesSecrecy.True() && within(himitsu.DateOf(to.TakenAt), 365) {
			unapproved[to.Person] = append(unapproved[to.Person], to)
		}
	}
	for _, list := range unapproved {
		if len(list) >= 2 {
			for _, to := range list {
				f.add("hum.repeated-takeout", "takeouts", to.ID)
			}
		}
	}
	for _, e := range rec.Extracts {
		if e.DeletedOn.IsZero() && ds[e.DataSet].HoldsSecrecy() && (e.ReadableBy > 20 || e.Encrypted.False() || e.Approved.False() || e.BusinessNeed == "") {
			f.add("tech.extract-exposure", "extracts", e.ID)
		}
	}
	for _, p := range rec.Protections {
		if p.Status != himitsu.ProtectionInPlace {
			f.add("tech.security-protections", "protections", p.ID)
		}
	}

	// 5(3)(iii): areas and retention.
	inPlace := map[string]bool{}
	for _, p := range rec.Protections {
		if p.Status == himitsu.ProtectionInPlace {
			inPlace[p.Target+"|"+string(p.Kind)] = true
		}
	}
	controlled := map[string]*himitsu.Area{}
	for i := range rec.Areas {
		a := &rec.Areas[i]
		if a.AccessControl == "none" || a.AccessControl == "key" {
			f.add("phy.area-control", "areas", a.ID)
		}
		if a.Kind != himitsu.AreaControlled {
			continue
		}
		controlled[a.ID] = a
		if a.EntryLog.False() {
			f.add("phy.entry-records", "areas", a.ID)
		}
		for _, k := range []string{"fire-suppression", "ups", "water-detection"} {
			if !inPlace[a.ID+"|"+k] && !inPlace[a.Site+"|"+k] {
				f.add("tech.environmental", "areas", a.ID)
			}
		}
	}
	rules := map[string]himitsu.RetentionRule{}
	for _, r := range rec.RetentionRules {
		rules[r.DataSet] = r
	}
	for _, d := range rec.DataSets {
		if _, ok := rules[d.ID]; d.HoldsSecrecy() && !ok {
			f.add("phy.no-retention-rule", "datasets", d.ID)
		}
	}
	for _, h := range rec.Holdings {
		if r, ok := rules[h.DataSet]; ok && h.Oldest.DaysUntil(h.ObservedOn) > r.MaxDays {
			f.add("phy.retention-exceeded", "holdings", h.ID)
		}
	}

	// 5(4): complaints and desk.
	if rec.Desk.ComplaintRule == "" {
		f.add("cmp.rules", "desk", "-")
	}
	sensitive, slow := 0, 0
	for _, cm := range rec.Complaints {
		if !within(himitsu.DateOf(cm.ReceivedAt), 365) {
			continue
		}
		switch cm.Category {
		case "secrecy", "leak-suspicion", "privacy":
			sensitive++
			if cm.ClosedAt.IsZero() || cm.ClosedAt.Sub(cm.ReceivedAt) > 30*24*time.Hour {
				slow++
			}
		}
		if !cm.LeakClue.True() {
			continue
		}
		late := !cm.EscalatedAt.IsZero() && cm.EscalatedAt.Sub(cm.ReceivedAt) > time.Duration(rec.Desk.EscalationDays)*24*time.Hour
		if (!cm.ClosedAt.IsZero() && cm.EscalatedAt.IsZero()) || late || (cm.ClosedAt.IsZero() && cm.EscalatedAt.IsZero()) {
			f.add("cmp.leak-clue-escalation", "complaints", cm.ID)
		}
	}
	if sensitive >= 10 && float64(slow) > 0.2*float64(sensitive) {
		f.add("cmp.backlog", "complaints", "-")
	}
	kinds := map[himitsu.Channel]bool{}
	written, hours := false, 0.0
	for _, ch := range rec.Desk.Channels {
		kinds[ch.Kind] = true
		switch ch.Kind {
		case "email", "web", "mail", "fax", "chat":
			written = true
		}
		hours += ch.WeeklyHours()
	}
	if len(kinds) < 2 || !written || hours < 40 {
		f.add("cmp.desk-channels", "desk", "-")
	}

	// The logs.
	if !logs {
		return f
	}
	ctx := context.Background()
	exported := map[string]bool{}
	err := c.Events.AccessEvents(ctx, func(e *himitsu.AccessEvent) error {
		d := ds[e.DataSet]
		day := himitsu.DateOf(e.At)
		p := purposes[e.Purpose]
		if p != nil && p.Basis == himitsu.BasisConsent {
			ok, optedOut := false, false
			for _, cs := range consents[e.Subscriber+"|"+e.Purpose] {
				ok = ok || cs.ActiveAt(e.At)
				optedOut = optedOut || !cs.WithdrawnAt.IsZero() && !cs.WithdrawnAt.After(e.At)
			}
			// A default-on purpose with an opt-out needs no consent
			// until the subscriber opts out.
			ok = ok || p.DefaultOn.True() && p.OptOut.True() && !optedOut
			if !ok {
				f.add("use.event-without-consent", "access_events", e.ID)
			}
			if !slices.Contains(p.DataSets, e.DataSet) {
				f.add("use.purpose-mismatch", "access_events", e.ID)
			}
		}
		lawfulOp := func(p *himitsu.Purpose) bool {
			return slices.Contains([]himitsu.LawfulBusiness{"charging", "billing", "complaints", "fraud-prevention", "network-operation"}, p.LawfulBusiness)
		}
		if d.HoldsSecrecy() && (p == nil || p.Basis == himitsu.BasisLawfulBusiness && (!lawfulOp(p) || !slices.Contains(p.DataSets, e.DataSet))) {
			f.add("use.lawful-business-scope", "access_events", e.ID)
		}
		if e.Action.TakesOut() {
			if d.HoldsSecrecy() && within(day, 90) {
				exported[e.DataSet] = true
			}
			ok := false
			for _, gr := range grantsOf[e.Person] {
				ok = ok || e.Person != "" && gr.DataSet == e.DataSet && gr.ActiveOn(day) && (gr.Scope == "export" || gr.Scope == "admin")
			}
			if !ok {
				f.add("tech.unapproved-export", "access_events", e.ID)
			}
		}
		if shared[e.Account] && d.HoldsSecrecy() && !slices.Contains(f["tech.shared-accounts accounts"], e.Account) {
			f.add("tech.shared-accounts", "accounts", e.Account)
		}
		// Beyond the rules: every named event is covered by a grant of its
		// person for that data set and purpose, allowing the action.
		if e.Person != "" {
			ok := false
			for _, gr := range grantsOf[e.Person] {
				ok = ok || gr.DataSet == e.DataSet && gr.Purpose == e.Purpose && gr.ActiveOn(day) && gr.Scope.Allows(e.Action)
			}
			pp := persons[e.Person]
			if !ok || day.Before(pp.JoinedOn) || (!pp.LeftOn.IsZero() && !day.Before(pp.LeftOn)) {
				f.add("uncovered-event", "access_events", e.ID)
			}
			if !strings.HasPrefix(e.Account, e.Person+"@") {
				f.add("foreign-account", "access_events", e.ID)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id := range exported {
		if !audited("log-review", id, 90) {
			f.add("org.log-review", "datasets", id)
		}
	}
	lastEntry := map[string]time.Time{}
	err = c.Events.EntryLogs(ctx, func(e *himitsu.EntryLog) error {
		a := controlled[e.Area]
		if a == nil {
			return nil
		}
		if e.At.After(lastEntry[a.ID]) {
			lastEntry[a.ID] = e.At
		}
		if e.Person != "" && !slices.Contains(a.Authorised, e.Person) && e.Escorted.False() {
			f.add("phy.area-control", "entry_logs", e.ID)
		}
		if e.Person == "" && e.Escorted.False() {
			f.add("phy.area-control", "entry_logs", e.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, a := range controlled {
		if a.EntryLog.True() && !within(himitsu.DateOf(lastEntry[id]), 90) {
			f.add("phy.entry-records", "areas", id)
		}
	}

	// Attestations, contradicted by what the rules above found.
	for _, at := range rec.Attestations {
		if at.Answer != "yes" {
			continue
		}
		var contradicted bool
		switch at.Claim {
		case "no-shared-accounts":
			contradicted = len(f["tech.shared-accounts accounts"]) > 0
		case "changes-tested":
			contradicted = len(f["org.attestation-contradicted(changes-tested) system_changes"]) > 0
		default:
			contradicted = true // the generator makes no other claim
		}
		if contradicted {
			f.add("org.attestation-contradicted", "attestations", at.ID)
		}
	}
	for k := range f {
		slices.Sort(f[k])
		f[k] = slices.Compact(f[k])
	}
	return f
}

// TestPlantedExactly checks the promise of the package: the rules find
// exactly the planted weaknesses, with exactly their records.
func TestPlantedExactly(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"seed 1", Options{Seed: 1}},
		{"seed 42", Options{Seed: 42}},
		{"another day", Options{Seed: 8, AsOf: himitsu.Date{Year: 2027, Month: time.May, Day: 20}}},
		{"two workforce replicas", Options{Seed: 3, Scale: 11}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.opts.Scale > 1 && testing.Short() {
				t.Skip("11 M events; skipped in -short mode")
			}
			c := generate(t, tc.opts)
			asOf := tc.opts.AsOf
			if asOf.IsZero() {
				asOf = DefaultAsOf()
			}
			got := audit(t, c, asOf)
			want := findings{}
			for _, w := range c.Weaknesses {
				for _, id := range w.IDs {
					want.add(w.Rule, w.Register, id)
				}
			}
			// The planted exports are the only events no grant covers.
			for _, w := range c.Weaknesses {
				if w.Rule == "tech.unapproved-export" {
					want["uncovered-event access_events"] = w.IDs
				}
			}
			for k := range want {
				slices.Sort(want[k])
			}
			for k, ids := range got {
				if !slices.Equal(ids, want[k]) {
					t.Errorf("%s: got %d records %v, want %d %v", k, len(ids), head(ids), len(want[k]), head(want[k]))
				}
			}
			for k, ids := range want {
				if _, ok := got[k]; !ok {
					t.Errorf("%s: got nothing, want %d records %v", k, len(ids), head(ids))
				}
			}
		})
	}
}

func head(ids []string) []string { return ids[:min(len(ids), 8)] }

// TestAuditCatchesDeviations shows that the audit above is not vacuous:
// one deviation from a clean record is reported under the expected rule.
func TestAuditCatchesDeviations(t *testing.T) {
	tests := []struct {
		name   string
		key    string
		mutate func(*himitsu.Records) string
	}{
		{"long policy without summary", "pol.plain-language policies", func(r *himitsu.Records) string {
			r.Policies[0].LayeredSummary, r.Policies[0].Characters = himitsu.No, 25000
			return r.Policies[0].ID
		}},
		{"pre-ticked consent", "use.consent-quality consents", func(r *himitsu.Records) string {
			r.Consents[10].Method = "pre-ticked"
			return r.Consents[10].ID
		}},
		{"privileged account without MFA", "tech.security-protections accounts", func(r *himitsu.Records) string {
			for i := range r.Accounts {
				if a := &r.Accounts[i]; a.Privileged.True() && a.DisabledOn.IsZero() {
					a.MFA = himitsu.No
					return a.ID
				}
			}
			return "none"
		}},
		{"wide extract", "tech.extract-exposure extracts", func(r *himitsu.Records) string {
			r.Extracts[0].ReadableBy = 25
			return r.Extracts[0].ID
		}},
		{"old backup", "phy.retention-exceeded holdings", func(r *himitsu.Records) string {
			h := &r.Holdings[1]
			h.Oldest = h.Oldest.AddDays(-30)
			return h.ID
		}},
		{"mover kept a grant", "tech.stale-grants grants", func(r *himitsu.Records) string {
			moved := map[string]bool{}
			for _, oc := range r.OrgChanges {
				if oc.Kind == "reorganisation" && oc.ToUnit == unitSales {
					moved[oc.Person] = true
				}
			}
			for i := range r.Grants {
				if gr := &r.Grants[i]; moved[gr.Person] && !gr.RevokedOn.IsZero() {
					gr.RevokedOn = himitsu.Date{}
					return gr.ID
				}
			}
			return "none"
		}},
		{"unescalated leak clue", "cmp.leak-clue-escalation complaints", func(r *himitsu.Records) string {
			for i := range r.Complaints {
				if c := &r.Complaints[i]; c.LeakClue.True() && !c.EscalatedAt.IsZero() {
					c.EscalatedAt = time.Time{}
					return c.ID
				}
			}
			return "none"
		}},
		{"second unapproved take-out", "hum.repeated-takeout takeouts", func(r *himitsu.Records) string {
			for i := range r.Takeouts {
				if to := &r.Takeouts[i]; to.Approved.False() && to.ActionTaken != "" {
					for j := range r.Takeouts {
						if o := &r.Takeouts[j]; o.Person == to.Person && o.Approved.True() && o.HandlesSecrecy.True() {
							o.Approved = himitsu.No
							return o.ID
						}
					}
				}
			}
			return "none"
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := generate(t, Options{Seed: 1})
			id := tc.mutate(c.Records)
			got := auditWith(t, c, DefaultAsOf(), false)
			if !slices.Contains(got[tc.key], id) {
				t.Errorf("%s: got %v, want it to include %s", tc.key, head(got[tc.key]), id)
			}
		})
	}
}
