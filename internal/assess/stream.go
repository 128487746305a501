package assess

import (
	"context"
	"slices"

	"github.com/himitsu-oss/himitsu"
)

// The two logs can hold hundreds of millions of lines, so each is read in
// one pass: every rule over a log registers a visitor, and a visitor keeps
// only counters keyed by register records (data sets, accounts, areas) and
// a bounded evidence sample. Nothing is kept per event.

type accessVisitor interface {
	visitAccess(ev *himitsu.AccessEvent, day himitsu.Date)
}

type entryVisitor interface {
	visitEntry(l *himitsu.EntryLog, day himitsu.Date)
}

// accessScan holds the visitors of the access-event rules.
type accessScan struct {
	noConsent  *noConsentVisitor
	mismatch   *mismatchVisitor
	lawful     *lawfulVisitor
	takeouts   *takeoutCountVisitor
	shared     *sharedVisitor
	unapproved *unapprovedExportVisitor
	judged     int // events on or before as_of
}

type entryScan struct {
	unauthorised *unauthorisedEntryVisitor
	records      *entryRecordsVisitor
	judged       int
}

func (e *env) scan(ctx context.Context, src himitsu.EventSource) error {
	e.acc = &accessScan{
		noConsent:  &noConsentVisitor{e: e, s: e.sampler(), perPurpose: map[string]int{}},
		mismatch:   &mismatchVisitor{e: e, s: e.sampler(), perPurpose: map[string]int{}},
		lawful:     &lawfulVisitor{e: e, s: e.sampler(), perDS: map[string]int{}},
		takeouts:   &takeoutCountVisitor{e: e, perDS: map[string]int{}},
		shared:     &sharedVisitor{e: e, perAccount: map[string]int{}},
		unapproved: &unapprovedExportVisitor{e: e, s: e.sampler(), perDS: map[string]int{}},
	}
	av := []accessVisitor{e.acc.noConsent, e.acc.mismatch, e.acc.lawful, e.acc.takeouts, e.acc.shared, e.acc.unapproved}
	err := src.AccessEvents(ctx, func(ev *himitsu.AccessEvent) error {
		e.accessN++
		day := himitsu.DateOf(ev.At)
		if day.After(e.asOf) {
			return nil // the assessment judges the past as of its day
		}
		e.acc.judged++
		for _, v := range av {
			v.visitAccess(ev, day)
		}
		return nil
	})
	if err != nil {
		return err
	}
	e.ent = &entryScan{
		unauthorised: &unauthorisedEntryVisitor{e: e, s: e.sampler(), perArea: map[string]int{}, unknown: e.sampler()},
		records:      &entryRecordsVisitor{e: e, last: map[string]himitsu.Date{}, lines: map[string]int{}},
	}
	ev := []entryVisitor{e.ent.unauthorised, e.ent.records}
	return src.EntryLogs(ctx, func(l *himitsu.EntryLog) error {
		e.entryN++
		day := himitsu.DateOf(l.At)
		if day.After(e.asOf) {
			return nil
		}
		e.ent.judged++
		for _, v := range ev {
			v.visitEntry(l, day)
		}
		return nil
	})
}

func eventEvidence(ev *himitsu.AccessEvent, extra ...string) himitsu.Evidence {
	kv := append([]string{
		"at", ts(ev.At),
		"person", ev.Person, "account", ev.Account, "dataset", ev.DataSet,
		"action", string(ev.Action), "purpose", ev.Purpose, "subscriber", ev.Subscriber,
	}, extra...)
	return ev2("access_events", ev.ID, kv)
}

func ev2(reg, id string, kv []string) himitsu.Evidence { return ev(reg, id, kv...) }

// use.event-without-consent: a consent-basis purpose and no consent of
// the subscriber active at the event's time.
type noConsentVisitor struct {
	e          *env
	s          *sampler
	checked    int
	perPurpose map[string]int
	n          int // accesses flagged: the sum of the rows' counts
}

func (v *noConsentVisitor) visitAccess(ev *himitsu.AccessEvent, _ himitsu.Date) {
	p, ok := v.e.purposes[ev.Purpose]
	if !ok || p.Basis != himitsu.BasisConsent || ev.Subscriber == "" {
		return
	}
	v.checked += ev.N()
	cs := v.e.consents[subPurpose{ev.Subscriber, ev.Purpose}]
	reason := "never-given"
	for _, c := range cs {
		if c.ActiveAt(ev.At) {
			return
		}
		if !c.WithdrawnAt.IsZero() && !c.WithdrawnAt.After(ev.At) {
			reason = "withdrawn"
		}
	}
	v.perPurpose[ev.Purpose] += ev.N()
	v.n += ev.N()
	if v.s.accept("access_events", ev.ID) {
		v.s.put(eventEvidence(ev, "consent", reason))
	}
}

// use.purpose-mismatch: a consent-basis purpose that does not list the data set.
type mismatchVisitor struct {
	e          *env
	s          *sampler
	checked    int
	perPurpose map[string]int // "purpose → data set" pairs
	n          int            // accesses flagged: the sum of the rows' counts
}

func (v *mismatchVisitor) visitAccess(ev *himitsu.AccessEvent, _ himitsu.Date) {
	p, ok := v.e.purposes[ev.Purpose]
	if !ok || p.Basis != himitsu.BasisConsent {
		return
	}
	v.checked += ev.N()
	if v.e.purposeDS[ev.Purpose][ev.DataSet] {
		return
	}
	v.perPurpose[ev.Purpose+" → "+ev.DataSet] += ev.N()
	v.n += ev.N()
	if v.s.accept("access_events", ev.ID) {
		v.s.put(eventEvidence(ev))
	}
}

// use.lawful-business-scope: an event on a secrecy data set with no
// purpose, or with a lawful-business purpose that does not list it.
type lawfulVisitor struct {
	e       *env
	s       *sampler
	checked int
	perDS   map[string]int
	noPurp  int
	n       int // accesses flagged: the sum of the rows' counts
}

func (v *lawfulVisitor) visitAccess(ev *himitsu.AccessEvent, _ himitsu.Date) {
	if !v.e.secrecy[ev.DataSet] {
		return
	}
	v.checked += ev.N()
	p, ok := v.e.purposes[ev.Purpose]
	why := ""
	switch {
	case !ok:
		why = "no-purpose"
		v.noPurp += ev.N()
	case p.Basis == himitsu.BasisLawfulBusiness && !v.e.purposeDS[p.ID][ev.DataSet]:
		why = "dataset-not-listed"
	default:
		return
	}
	v.perDS[ev.DataSet] += ev.N()
	v.n += ev.N()
	if v.s.accept("access_events", ev.ID) {
		v.s.put(eventEvidence(ev, "reason", why))
	}
}

// org.log-review needs the export and print events per secrecy data set
// within the review window.
type takeoutCountVisitor struct {
	e     *env
	perDS map[string]int
}

func (v *takeoutCountVisitor) visitAccess(ev *himitsu.AccessEvent, day himitsu.Date) {
	if ev.Action.TakesOut() && v.e.secrecy[ev.DataSet] && v.e.within(day, v.e.th.LogReviewWindowDays) {
		v.perDS[ev.DataSet] += ev.N()
	}
}

// tech.shared-accounts: shared accounts seen on secrecy data sets.
type sharedVisitor struct {
	e          *env
	perAccount map[string]int
}

func (v *sharedVisitor) visitAccess(ev *himitsu.AccessEvent, _ himitsu.Date) {
	if ev.Account == "" || !v.e.secrecy[ev.DataSet] {
		return
	}
	if a, ok := v.e.accounts[ev.Account]; ok && a.Shared.True() {
		v.perAccount[ev.Account] += ev.N()
	}
}

// tech.unapproved-export: an export or print by someone without an export
// or admin grant for the data set active that day.
type unapprovedExportVisitor struct {
	e       *env
	s       *sampler
	checked int
	perDS   map[string]int
	people  map[string]bool // bounded by persons and accounts
	n       int             // accesses flagged: the sum of the rows' counts
}

func (v *unapprovedExportVisitor) visitAccess(ev *himitsu.AccessEvent, day himitsu.Date) {
	if !ev.Action.TakesOut() || v.e.actUnderLaw(ev) {
		return
	}
	v.checked += ev.N()
	person := ev.Person
	if person == "" {
		if a, ok := v.e.accounts[ev.Account]; ok {
			person = a.Person
		}
	}
	if hasExportGrant(v.e.grantsByPerson[person], ev.DataSet, day) || hasExportGrant(v.e.grantsByAcct[ev.Account], ev.DataSet, day) {
		return
	}
	v.perDS[ev.DataSet] += ev.N()
	v.n += ev.N()
	if v.people == nil {
		v.people = map[string]bool{}
	}
	who := person
	if who == "" {
		who = ev.Account
	}
	v.people[who] = true
	if v.s.accept("access_events", ev.ID) {
		v.s.put(eventEvidence(ev))
	}
}

func hasExportGrant(gs []*himitsu.Grant, ds string, day himitsu.Date) bool {
	for _, g := range gs {
		if g.DataSet == ds && (g.Scope == himitsu.ScopeExport || g.Scope == himitsu.ScopeAdmin) && g.ActiveOn(day) {
			return true
		}
	}
	return false
}

// phy.area-control: entries into a controlled area by someone neither
// authorised nor escorted. Visitors are never on the authorised list.
type unauthorisedEntryVisitor struct {
	e       *env
	s       *sampler
	perArea map[string]int
	// unknown holds entries that would be unauthorised unless the person
	// was escorted, which the line does not say.
	unknown *sampler
}

func (v *unauthorisedEntryVisitor) visitEntry(l *himitsu.EntryLog, _ himitsu.Date) {
	a, ok := v.e.areas[l.Area]
	if !ok || a.Kind != himitsu.AreaControlled || l.Direction != "in" || l.Escorted.True() {
		return
	}
	if l.Person != "" {
		// Without an authorised list the records cannot tell who may enter.
		if len(a.Authorised) == 0 || v.e.authorised[a.ID][l.Person] {
			return
		}
	}
	if !l.Escorted.Known() {
		if v.unknown.accept("entry_logs", l.ID) {
			v.unknown.put(ev("entry_logs", l.ID, "area", l.Area, "person", l.Person, "visitor", l.Visitor, "at", ts(l.At), "unknown", "escorted"))
		}
		return
	}
	v.perArea[l.Area]++
	if v.s.accept("entry_logs", l.ID) {
		v.s.put(ev("entry_logs", l.ID, "area", l.Area, "person", l.Person, "visitor", l.Visitor,
			"at", ts(l.At), "escorted", "false"))
	}
}

// phy.entry-records: the last line and the number of lines per area.
type entryRecordsVisitor struct {
	e     *env
	last  map[string]himitsu.Date
	lines map[string]int
}

func (v *entryRecordsVisitor) visitEntry(l *himitsu.EntryLog, day himitsu.Date) {
	if _, ok := v.e.areas[l.Area]; !ok {
		return
	}
	v.lines[l.Area]++
	if day.After(v.last[l.Area]) {
		v.last[l.Area] = day
	}
}

// actUnderLaw reports whether an access answers a law-enforcement request
// that the carrier was bound or allowed to answer — a warrant, or an
// emergency (necessity) — and answered within scope: logged under the
// request's purpose, on one of its data sets, between its receipt and the
// day it was answered. Such a disclosure is an act under law, not a leak
// or an unapproved export.
func (e *env) actUnderLaw(ev *himitsu.AccessEvent) bool {
	if ev.Purpose == "" {
		return false
	}
	for i := range e.rec.LawEnforcementRequests {
		r := &e.rec.LawEnforcementRequests[i]
		if r.Purpose != ev.Purpose || r.Answer != himitsu.AnswerDisclosedWithinScope ||
			r.Kind != himitsu.RequestWarrant && r.Kind != himitsu.RequestEmergency || !slices.Contains(r.DataSets, ev.DataSet) {
			continue
		}
		if ev.At.Before(r.ReceivedAt) || himitsu.DateOf(ev.At).After(himitsu.DateOf(r.AnsweredAt)) {
			continue
		}
		return true
	}
	return false
}
