package assess

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/catalog"
	"github.com/himitsu-oss/himitsu/internal/decide"
	"github.com/himitsu-oss/himitsu/internal/policytext"
)

// subPurpose keys consents by subscriber and purpose.
type subPurpose struct{ sub, purpose string }

// env is one assessment in progress: the records, indexes built once from
// them, the results of the streaming pass, the legal determinations and
// the outcomes of the rules run so far.
type env struct {
	rec  *himitsu.Records
	opts Options
	th   Thresholds
	asOf himitsu.Date

	// Indexes over the registers.
	ds             map[string]*himitsu.DataSet
	secrecy        map[string]bool // data set ID → holds secrecy
	secrecySystems map[string]bool // system → holds a secrecy data set
	purposes       map[string]*himitsu.Purpose
	purposeDS      map[string]map[string]bool
	consentBasis   int // purposes with basis consent
	persons        map[string]*himitsu.Person
	accounts       map[string]*himitsu.Account
	grantsByPerson map[string][]*himitsu.Grant
	grantsByAcct   map[string][]*himitsu.Grant
	// consents are judged once by the decision point's evaluation
	// (decide.EvaluateConsent), so that an access the assessment finds
	// without valid consent is one the decision point would have denied.
	consents   map[subPurpose][]decide.Consented
	areas      map[string]*himitsu.Area
	authorised map[string]map[string]bool // area → persons
	incidents  map[string]*himitsu.Incident
	reports    map[string][]*himitsu.RegulatorReport
	measures   map[string][]*himitsu.RecurrenceMeasure
	notices    map[string][]*himitsu.Notification
	changes    map[string]*himitsu.SystemChange

	// The streaming pass.
	accessN, entryN int
	acc             *accessScan
	ent             *entryScan
	visitors        map[string]any // rule ID → the visitor its Stream made

	dets     himitsu.Determinations
	deadline map[string][]himitsu.Deadline // incident → deadlines
	// openDuty names, per incident, law and stage (dutyKey), the unknown
	// fact that a deadline's existence or day turns on: org.late-report
	// asks about such a duty rather than calling it late.
	openDuty map[string]string
	// openReport lists, per incident, the unknown facts on which whether a
	// report is due at all turns, with the law of that report.
	openReport map[string][]openFact

	// The rule being applied and what earlier rules concluded; a rule
	// reads another's outcomes only through result, which checks that it
	// declared them.
	cur        *rule
	curItem    catalog.Item
	ruleItems  map[string]catalog.Item // rule ID → the item it judges
	results    map[string][]outcome
	undeclared []string
	// recur are the incidents that recurred after a measure against an
	// earlier one of the same cause was done (recurrence.go); rules that
	// declare Inputs.Recurrence and the cumulative principle read them.
	recur []recurrence
	// policyReports caches himitsu's reading of each policy's text
	// (helpers_pol_use.go).
	policyReports map[string]*policytext.Report
	// screened caches the leak-clue reading of each distinct complaint
	// text (rule_cmp_leak_clue_escalation.go).
	screened map[string]screenedText
}

func newEnv(rec *himitsu.Records, opts Options) *env {
	e := &env{
		rec: rec, opts: opts, th: opts.Thresholds, asOf: opts.AsOf,
		ds:             make(map[string]*himitsu.DataSet, len(rec.DataSets)),
		secrecy:        make(map[string]bool, len(rec.DataSets)),
		secrecySystems: make(map[string]bool),
		purposes:       make(map[string]*himitsu.Purpose, len(rec.Purposes)),
		purposeDS:      make(map[string]map[string]bool, len(rec.Purposes)),
		persons:        make(map[string]*himitsu.Person, len(rec.Persons)),
		accounts:       make(map[string]*himitsu.Account, len(rec.Accounts)),
		grantsByPerson: make(map[string][]*himitsu.Grant),
		grantsByAcct:   make(map[string][]*himitsu.Grant),
		consents:       make(map[subPurpose][]decide.Consented, len(rec.Consents)),
		areas:          make(map[string]*himitsu.Area, len(rec.Areas)),
		authorised:     make(map[string]map[string]bool, len(rec.Areas)),
		incidents:      make(map[string]*himitsu.Incident, len(rec.Incidents)),
		reports:        make(map[string][]*himitsu.RegulatorReport),
		measures:       make(map[string][]*himitsu.RecurrenceMeasure),
		notices:        make(map[string][]*himitsu.Notification),
		changes:        make(map[string]*himitsu.SystemChange, len(rec.SystemChanges)),
		deadline:       make(map[string][]himitsu.Deadline),
		openDuty:       make(map[string]string),
		openReport:     make(map[string][]openFact),
		results:        make(map[string][]outcome),
		visitors:       make(map[string]any),
	}
	for i := range rec.DataSets {
		d := &rec.DataSets[i]
		e.ds[d.ID] = d
		if d.HoldsSecrecy() {
			e.secrecy[d.ID] = true
			if d.System != "" {
				e.secrecySystems[d.System] = true
			}
		}
	}
	for i := range rec.Purposes {
		p := &rec.Purposes[i]
		e.purposes[p.ID] = p
		set := make(map[string]bool, len(p.DataSets))
		for _, d := range p.DataSets {
			set[d] = true
		}
		e.purposeDS[p.ID] = set
		if p.Basis == himitsu.BasisConsent {
			e.consentBasis++
		}
	}
	for i := range rec.Persons {
		e.persons[rec.Persons[i].ID] = &rec.Persons[i]
	}
	for i := range rec.Accounts {
		e.accounts[rec.Accounts[i].ID] = &rec.Accounts[i]
	}
	for i := range rec.Grants {
		g := &rec.Grants[i]
		for _, p := range e.grantHolders(g) {
			e.grantsByPerson[p] = append(e.grantsByPerson[p], g)
		}
		if g.Account != "" {
			e.grantsByAcct[g.Account] = append(e.grantsByAcct[g.Account], g)
		}
	}
	for i := range rec.Consents {
		c := &rec.Consents[i]
		k := subPurpose{c.Subscriber, c.Purpose}
		e.consents[k] = append(e.consents[k], decide.Consented{Rec: c, Verdict: decide.EvaluateConsent(c, e.purposes[c.Purpose])})
	}
	for i := range rec.Areas {
		a := &rec.Areas[i]
		e.areas[a.ID] = a
		set := make(map[string]bool, len(a.Authorised))
		for _, p := range a.Authorised {
			set[p] = true
		}
		e.authorised[a.ID] = set
	}
	for i := range rec.Incidents {
		e.incidents[rec.Incidents[i].ID] = &rec.Incidents[i]
	}
	for i := range rec.RegulatorReports {
		r := &rec.RegulatorReports[i]
		e.reports[r.Incident] = append(e.reports[r.Incident], r)
	}
	for i := range rec.RecurrenceMeasures {
		m := &rec.RecurrenceMeasures[i]
		e.measures[m.Incident] = append(e.measures[m.Incident], m)
	}
	for i := range rec.Notifications {
		n := &rec.Notifications[i]
		e.notices[n.Incident] = append(e.notices[n.Incident], n)
	}
	for i := range rec.SystemChanges {
		e.changes[rec.SystemChanges[i].ID] = &rec.SystemChanges[i]
	}
	return e
}

// grantPerson is the person a grant gives access to: its own person, or
// the person of its named account.
func (e *env) grantPerson(g *himitsu.Grant) string {
	if g.Person != "" {
		return g.Person
	}
	if a, ok := e.accounts[g.Account]; ok {
		return a.Person
	}
	return ""
}

// grantHolders are the people a grant reaches: its person, or the person
// of its account; the users of a shared account it is given to; and the
// members of a group it is given to. Rules on training and stale access
// see the people behind shared accounts and groups this way.
func (e *env) grantHolders(g *himitsu.Grant) []string {
	var out []string
	if p := e.grantPerson(g); p != "" {
		out = append(out, p)
	}
	if a, ok := e.accounts[g.Account]; ok && a.Shared.True() {
		out = append(out, a.Users...)
	}
	out = append(out, g.Members...)
	slices.Sort(out)
	return slices.Compact(out)
}

// activePerson: no left_on, or left_on after as_of.
func (e *env) activePerson(p *himitsu.Person) bool {
	return p.LeftOn.IsZero() || p.LeftOn.After(e.asOf)
}

// within reports whether d lies in the days-long window ending on as_of.
func (e *env) within(d himitsu.Date, days int) bool {
	return !d.IsZero() && !d.After(e.asOf) && !d.Before(e.asOf.AddDays(-days))
}

// touchesSecrecy: a purpose names a secrecy class or a secrecy data set.
func (e *env) touchesSecrecy(p *himitsu.Purpose) bool {
	for _, c := range p.Classes {
		if c.IsSecrecy() {
			return true
		}
	}
	for _, d := range p.DataSets {
		if e.secrecy[d] {
			return true
		}
	}
	return false
}

func (e *env) sampler() *sampler { return newSampler(e.opts.MaxEvidence) }

// counts are the records judged per register, the logs as streamed.
func (e *env) counts() map[string]int {
	r := e.rec
	m := map[string]int{
		"carrier":             1,
		"organisations":       len(r.Organisations),
		"services":            len(r.Services),
		"datasets":            len(r.DataSets),
		"purposes":            len(r.Purposes),
		"policies":            len(r.Policies),
		"persons":             len(r.Persons),
		"accounts":            len(r.Accounts),
		"grants":              len(r.Grants),
		"org_changes":         len(r.OrgChanges),
		"training":            len(r.Training),
		"takeouts":            len(r.Takeouts),
		"areas":               len(r.Areas),
		"retention_rules":     len(r.RetentionRules),
		"holdings":            len(r.Holdings),
		"extracts":            len(r.Extracts),
		"system_changes":      len(r.SystemChanges),
		"protections":         len(r.Protections),
		"risk_assessments":    len(r.RiskAssessments),
		"controls":            len(r.Controls),
		"consents":            len(r.Consents),
		"incidents":           len(r.Incidents),
		"recurrence_measures": len(r.RecurrenceMeasures),
		"regulator_reports":   len(r.RegulatorReports),
		"notifications":       len(r.Notifications),
		"complaints":          len(r.Complaints),
		"desk":                1,
		"attestations":        len(r.Attestations),
		"access_events":       e.accessN,
		"entry_logs":          e.entryN,
	}
	return m
}

// ---- texts

func tx(ja, en string) himitsu.Text { return himitsu.Text{JA: ja, EN: en} }

// tf formats both languages with the same arguments; formats may use
// explicit argument indexes where word order differs.
func tf(ja, en string, args ...any) himitsu.Text {
	return himitsu.Text{JA: fmt.Sprintf(ja, args...), EN: fmt.Sprintf(en, args...)}
}

// joinText joins texts with the separators of each language.
func joinText(ts []himitsu.Text) himitsu.Text {
	var ja, en []string
	for _, t := range ts {
		ja = append(ja, t.JA)
		en = append(en, t.EN)
	}
	return himitsu.Text{JA: strings.Join(ja, "。"), EN: strings.Join(en, "; ")}
}

// topCounts renders the largest entries of a count map as "a (3), b (2)",
// naming at most n keys, so summaries stay short but specific.
func topCounts(m map[string]int, n int, name func(string) string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var parts []string
	for i, k := range keys {
		if i == n {
			parts = append(parts, fmt.Sprintf("… +%d", len(keys)-n))
			break
		}
		label := k
		if name != nil {
			label = name(k)
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", label, m[k]))
	}
	return strings.Join(parts, ", ")
}

// list renders at most n sorted names.
func list(names []string, n int) string {
	s := slices.Clone(names)
	slices.Sort(s)
	s = slices.Compact(s)
	if len(s) > n {
		return strings.Join(s[:n], ", ") + fmt.Sprintf(" … +%d", len(s)-n)
	}
	return strings.Join(s, ", ")
}

// dsName names a data set as "Name (id)".
func (e *env) dsName(id string) string {
	if d, ok := e.ds[id]; ok && d.Name != "" && d.Name != id {
		return d.Name + " (" + id + ")"
	}
	return id
}

func itoa(n int) string { return fmt.Sprint(n) }

func yesNo(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// ---- outcomes

func (e *env) indicated(sev himitsu.Severity, s *sampler, sum himitsu.Text) outcome {
	return outcome{status: himitsu.StatusIndicated, severity: sev, ev: s, summary: sum}
}

// atRisk findings weigh "low": they are weaknesses, not the case itself.
func (e *env) atRisk(s *sampler, sum himitsu.Text) outcome {
	return outcome{status: himitsu.StatusAtRisk, severity: himitsu.SeverityLow, ev: s, summary: sum}
}

func (e *env) fine(sum himitsu.Text) outcome {
	return outcome{status: himitsu.StatusNotIndicated, severity: himitsu.SeverityNone, summary: sum}
}

func (e *env) notApplicable(sum himitsu.Text) []outcome {
	return []outcome{{status: himitsu.StatusNotApplicable, severity: himitsu.SeverityNone, summary: sum}}
}

// ask is the outcome when the registers a rule needs are empty: the
// question goes to the carrier, unless an attestation for the item (its ID
// or code, or the rule's ID) already answers it. Questions are worded so
// that "yes" means the assumed case is not present.
func (e *env) ask(why, q himitsu.Text) []outcome {
	var best *himitsu.Attestation
	for i := range e.rec.Attestations {
		a := &e.rec.Attestations[i]
		if a.Claim != "" && a.Claim != himitsu.ClaimNone {
			continue // control claims are checked by org.attestation-contradicted
		}
		if a.Item != e.curItem.ID && !strings.EqualFold(a.Item, e.curItem.Code) && a.Item != e.cur.ID {
			continue
		}
		if best == nil || a.On.After(best.On) || a.On == best.On && a.ID > best.ID {
			best = a
		}
	}
	if best == nil {
		return []outcome{{status: himitsu.StatusNeedsAttestation, severity: himitsu.SeverityNone, summary: why, question: q}}
	}
	s := e.sampler()
	s.add("attestations", best.ID, "answer", string(best.Answer), "by", best.By, "on", best.On.String(), "statement", best.Statement)
	switch best.Answer {
	case himitsu.AnswerYes:
		return []outcome{{status: himitsu.StatusNotIndicated, severity: himitsu.SeverityNone, ev: s,
			summary: joinText([]himitsu.Text{why, tf("証明 %[1]s（%[2]s、%[3]s）は問題がないと回答している", "attestation %[1]s by %[2]s on %[3]s answers that the case is not present", best.ID, best.By, best.On)})}}
	case himitsu.AnswerNo:
		return []outcome{{status: himitsu.StatusIndicated, severity: himitsu.SeverityMedium, ev: s,
			summary: joinText([]himitsu.Text{why, tf("証明 %[1]s（%[2]s、%[3]s）は否と回答しており、想定事例に該当する", "attestation %[1]s by %[2]s on %[3]s answers no, so the assumed case is present", best.ID, best.By, best.On)})}}
	case himitsu.AnswerPartial:
		return []outcome{{status: himitsu.StatusAtRisk, severity: himitsu.SeverityLow, ev: s,
			summary: joinText([]himitsu.Text{why, tf("証明 %[1]s（%[2]s、%[3]s）は一部のみと回答している", "attestation %[1]s by %[2]s on %[3]s answers partially", best.ID, best.By, best.On)})}}
	}
	return []outcome{{status: himitsu.StatusNeedsAttestation, severity: himitsu.SeverityNone, ev: s, question: q,
		summary: joinText([]himitsu.Text{why, tf("証明 %[1]s の回答は不明であり、判断できない", "attestation %[1]s answers unknown, which cannot decide", best.ID)})}}
}
