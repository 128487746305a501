// Package assess judges one carrier's records against every assumed case
// of MIC's Enforcement Guidelines for business improvement orders (TBA
// Art. 29(1)(i)). The rules are those of docs/rules.md: pure functions of
// the records, indexes built once, the streamed logs and the day judged.
// Each rule explains itself with a finding that names the records that made
// it decide; where records cannot decide, it asks an attestation question.
//
// How it runs: newEnv builds indexes over the registers once (data sets
// holding secrecy, purposes, grants by person and account, consents by
// subscriber and purpose, …); scan streams each log once, feeding every
// event to the visitors that the rules over that log make (rule.Stream;
// stream.go), which keep counters keyed by register records and a bounded
// evidence sample; determine makes the legal determinations
// (determine.go); then every rule of allRules (rules.go; one file per
// rule, rule_<id>.go) runs as a pure function of that state, each after
// the rules whose results it declares it reads (org.attestation-contradicted
// compares claims with them); judge (judgement.go) grades categories and
// applies the catalog's principles.
//
// Rule cases live under testdata/rules/<rule-id>/ as YAML; see rules_test.go.
package assess

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/catalog"
	"github.com/himitsu-oss/himitsu/internal/clue"
	"github.com/himitsu-oss/himitsu/internal/jpcal"
	"github.com/himitsu-oss/himitsu/internal/policytext"
)

// Day-count conventions for statutory periods.
const (
	// ExcludeFirstDay follows Civil Code Art. 140: the day of knowledge is
	// not counted, so "within 30 days" ends on knowledge date + 30.
	ExcludeFirstDay = "exclude-first-day"
	// IncludeFirstDay counts the day of knowledge as day 1, ending on
	// knowledge date + 29.
	IncludeFirstDay = "include-first-day"
)

// Options controls one assessment.
type Options struct {
	// AsOf is the day judged (required).
	AsOf himitsu.Date
	// DayCount is ExcludeFirstDay (the default) or IncludeFirstDay; every
	// Deadline states the convention used.
	DayCount string
	// MaxEvidence bounds the evidence kept per finding (default 20);
	// Finding.EvidenceTotal still counts every record.
	MaxEvidence int
	// Thresholds are the tunable values of docs/rules.md. A field left at
	// zero takes its default, so a partial value such as
	// Thresholds{StaleGrantDays: 14} changes that one threshold only; a
	// zero set on purpose comes from ParseThresholds, which records it.
	Thresholds Thresholds
	// Screening are the leak-clue rules complaints are read with
	// (5(4)ii); nil means the embedded rules (internal/clue).
	Screening *clue.Rules
	// Policies reads the text of policies (5(1)); nil means the embedded
	// labels and lexicon (internal/policytext).
	Policies *policytext.Checker
	// Calendar is the administrative calendar that moves filing deadlines
	// past holidays; nil means the embedded one (jpcal.Default).
	Calendar *jpcal.Calendar
}

// Thresholds are every value marked "(opt)" in docs/rules.md, plus the
// windows used to judge "without delay" report filings.
type Thresholds struct {
	PolicyMaxCharacters     int     `json:"policy_max_characters"`      // pol.plain-language: longer needs a layered summary (20,000)
	PolicyMaxClicks         int     `json:"policy_max_clicks"`          // pol.reachable: clicks from the top page (2)
	AuditWindowDays         int     `json:"audit_window_days"`          // org.audits: contractor and internal audits (365)
	LogReviewWindowDays     int     `json:"log_review_window_days"`     // org.log-review: export/print events and reviews (90)
	TrainingGapShare        float64 `json:"training_gap_share"`         // hum.training-coverage: share of untrained holders (0.10)
	TakeoutRepeat           int     `json:"takeout_repeat"`             // hum.repeated-takeout: unapproved take-outs within a year (3)
	StaleGrantDays          int     `json:"stale_grant_days"`           // tech.stale-grants: days since the change (30)
	ExtractMaxReaders       int     `json:"extract_max_readers"`        // tech.extract-exposure: persons who may read an extract (20)
	ComplaintMinCount       int     `json:"complaint_min_count"`        // cmp.backlog: complaints before the share is judged (10)
	ComplaintBacklogShare   float64 `json:"complaint_backlog_share"`    // cmp.backlog: share open or slow (0.20)
	ComplaintCloseDays      int     `json:"complaint_close_days"`       // cmp.backlog: days to close (30)
	NotificationDays        int     `json:"notification_days"`          // cmp.user-notification: days from knowledge to first notice (30)
	DeskMinWeeklyHours      float64 `json:"desk_min_weekly_hours"`      // cmp.desk-channels: opening hours of all channels together (40)
	FirstReportMetDays      int     `json:"first_report_met_days"`      // TBA Art. 28 first report: plainly "without delay" within (3)
	FirstReportLateDays     int     `json:"first_report_late_days"`     // TBA Art. 28 first report: late beyond (7)
	APPIPreliminaryLateDays int     `json:"appi_preliminary_late_days"` // APPI Art. 26 preliminary report: the PPC's guidance, after-guidance beyond (5)

	// explicit has bit i set when field i was given explicitly by
	// ParseThresholds, so that a zero given on purpose is not taken for a
	// field left unset.
	explicit uint64
}

// DefaultThresholds returns the defaults of docs/rules.md.
func DefaultThresholds() Thresholds {
	return Thresholds{
		PolicyMaxCharacters:     20000,
		PolicyMaxClicks:         2,
		AuditWindowDays:         365,
		LogReviewWindowDays:     90,
		TrainingGapShare:        0.10,
		TakeoutRepeat:           3,
		StaleGrantDays:          30,
		ExtractMaxReaders:       20,
		ComplaintMinCount:       10,
		ComplaintBacklogShare:   0.20,
		ComplaintCloseDays:      30,
		NotificationDays:        30,
		DeskMinWeeklyHours:      40,
		FirstReportMetDays:      3,
		FirstReportLateDays:     7,
		APPIPreliminaryLateDays: 5,
	}
}

// Fixed values of docs/rules.md that are not options.
const (
	termsConsentHighCount = 1000 // use.terms-consent: high from this many consents
	lawfulScopeHighCount  = 100  // use.lawful-business-scope: high from this many events
	lateReportHighDays    = 7    // org.late-report: high beyond this many days late
	riskAssessmentWindow  = 365  // org.system-risk-assessment at-risk window
	entryLogWindowDays    = 90   // phy.entry-records at-risk window
	staleGrantHighCount   = 10   // tech.stale-grants: high from this many grants
	extractHighReaders    = 100  // tech.extract-exposure: high from this many readers
	leakClueHighCount     = 3    // cmp.leak-clue-escalation: high from this many
	defaultEscalationDays = 2    // cmp.leak-clue-escalation when the desk sets none
	violationWindowDays   = 365  // judgement: violation-is-hindrance look-back
	appiPersonsThreshold  = 1000 // APPI Art. 26: more than this many persons
	defaultMaxEvidence    = 20
	takeoutWindowDays     = 365
	trainingWindowDays    = 365
	complaintWindowDays   = 365
)

// RuleInfo describes one rule for documentation and the catalog cross-check.
type RuleInfo struct {
	ID          string       // e.g. "tech.stale-grants"
	Item        string       // catalog item ID, e.g. "5(3)(iv)iii"
	Description himitsu.Text // what indicates the assumed case
}

// Rules lists every rule in the order of the default catalog (the order
// of docs/rules.md).
func Rules() []RuleInfo {
	rs := allRules()
	if cat, err := catalog.Default(); err == nil {
		if ordered, err := orderRules(cat, rs); err == nil {
			rs = ordered
		}
	}
	out := make([]RuleInfo, len(rs))
	for i, r := range rs {
		out[i] = RuleInfo{ID: r.ID, Item: r.Item, Description: r.Summary}
	}
	return out
}

// Run judges rec (and the logs of events) as of opts.AsOf against every
// assumed case of cat. Both logs are read exactly once. Errors: KindInvalid
// for bad options or a catalog that lacks an item a rule judges; the
// EventSource's error (wrapped) if a stream fails.
func Run(ctx context.Context, cat *catalog.Catalog, rec *himitsu.Records, events himitsu.EventSource, opts Options) (*himitsu.Assessment, error) {
	const op = "assess.Run"
	if cat == nil || rec == nil {
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Msg: "a catalog and records are required"}
	}
	if opts.AsOf.IsZero() {
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "as_of", Msg: "the day judged is required"}
	}
	switch opts.DayCount {
	case "":
		opts.DayCount = ExcludeFirstDay
	case ExcludeFirstDay, IncludeFirstDay:
	default:
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "day_count",
			Msg: fmt.Sprintf("must be %s or %s, got %q", ExcludeFirstDay, IncludeFirstDay, opts.DayCount)}
	}
	if opts.MaxEvidence <= 0 {
		opts.MaxEvidence = defaultMaxEvidence
	}
	if opts.Screening == nil {
		opts.Screening = clue.Default()
	}
	if opts.Policies == nil {
		opts.Policies = policytext.NewChecker()
	}
	opts.Thresholds = opts.Thresholds.withDefaults()
	if opts.Calendar == nil {
		cal, err := jpcal.Default()
		if err != nil {
			return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInternal, Msg: "loading the holiday calendar", Err: err}
		}
		opts.Calendar = cal
	}
	if events == nil {
		events = &himitsu.EventSlices{}
	}
	defs, err := orderRules(cat, allRules())
	if err != nil {
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInternal, Msg: err.Error()}
	}
	items := make(map[string]catalog.Item, len(defs))
	for _, d := range defs {
		it, ok := cat.Item(d.Item)
		if !ok {
			return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid,
				Msg: fmt.Sprintf("catalog %s has no item %q for rule %s", cat.Version, d.Item, d.ID)}
		}
		items[d.ID] = it
	}

	// As of that day for every register: records created, effective or
	// filed later, and later events, are not seen.
	rec = himitsu.VisibleOn(rec, opts.AsOf)
	events = himitsu.EventsUntil(events, opts.AsOf)
	e := newEnv(rec, opts)
	e.ruleItems = items
	if err := e.scan(ctx, events, defs); err != nil {
		return nil, &himitsu.Error{Op: op, Kind: himitsu.ErrorKind(err), Msg: "reading the logs", Err: err}
	}
	e.determine()
	e.recur = e.recurrences()

	// orderRules ran every rule after the rules whose results it reads.
	var findings []himitsu.Finding
	for i := range defs {
		findings = append(findings, e.apply(&defs[i], items[defs[i].ID])...)
	}
	if len(e.undeclared) > 0 {
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInternal,
			Msg: "rules read results they do not declare: " + strings.Join(e.undeclared, "; ")}
	}
	sortFindings(cat, findings)

	a := &himitsu.Assessment{
		Carrier:        rec.Carrier,
		AsOf:           opts.AsOf,
		CatalogVersion: cat.Version,
		Findings:       findings,
		Determinations: e.dets,
		Counts:         e.counts(),
		Parameters:     parameters(opts),
		ComplaintStats: e.complaintStats(),
	}
	a.Judgement = judge(cat, e, findings)
	return a, nil
}

// apply runs one rule and turns its outcomes into findings.
func (e *env) apply(d *rule, it catalog.Item) []himitsu.Finding {
	e.cur = d
	e.curItem = it
	outs := d.Run(e)
	e.results[d.ID] = outs
	fs := make([]himitsu.Finding, 0, len(outs))
	for _, o := range outs {
		it := it
		if o.item.ID != "" {
			it = o.item // a finding on the item of another rule's case
		}
		f := himitsu.Finding{
			Item:     it.ID,
			Code:     it.Code,
			Rule:     d.ID,
			Status:   o.status,
			Severity: o.severity,
			Summary:  o.summary,
			Question: o.question,
		}
		if f.Severity == "" {
			f.Severity = himitsu.SeverityNone
		}
		if o.ev != nil {
			f.Evidence = o.ev.list()
			f.EvidenceTotal = o.ev.total
		}
		if o.status == himitsu.StatusIndicated || o.status == himitsu.StatusAtRisk || o.status == himitsu.StatusNeedsAttestation {
			f.Remediation = text(it.Remediation)
		}
		fs = append(fs, f)
	}
	return fs
}

// text converts a catalog text to the vocabulary's.
func text(t catalog.Text) himitsu.Text { return himitsu.Text{JA: t.JA, EN: t.EN} }

// sortFindings orders findings by catalog item order, then by the item's
// rule order, then by status, so that reports are stable.
func sortFindings(cat *catalog.Catalog, fs []himitsu.Finding) {
	itemPos := make(map[string]int, len(cat.Items))
	rulePos := make(map[string]int)
	for i, it := range cat.Items {
		itemPos[it.ID] = i
		for j, r := range it.Rules {
			rulePos[r] = j
		}
	}
	statusPos := make(map[himitsu.Status]int)
	for i, s := range himitsu.Status("").Values() {
		statusPos[himitsu.Status(s)] = i
	}
	slices.SortStableFunc(fs, func(a, b himitsu.Finding) int {
		if d := itemPos[a.Item] - itemPos[b.Item]; d != 0 {
			return d
		}
		if a.Rule != b.Rule {
			pa, oka := rulePos[a.Rule]
			pb, okb := rulePos[b.Rule]
			if oka && okb && pa != pb {
				return pa - pb
			}
			if a.Rule < b.Rule {
				return -1
			}
			return 1
		}
		return statusPos[a.Status] - statusPos[b.Status]
	})
}
