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

// accessScan and entryScan count the events judged (on or before as_of);
// the visitors belong to the rules (rule.Stream) and are kept by rule ID.
type accessScan struct{ judged int }

type entryScan struct{ judged int }

// scan streams each log once, feeding every event to the visitors that
// the rules' Stream functions make.
func (e *env) scan(ctx context.Context, src himitsu.EventSource, rules []rule) error {
	var av []accessVisitor
	var ev []entryVisitor
	for i := range rules {
		if rules[i].Stream == nil {
			continue
		}
		v := rules[i].Stream(e)
		e.visitors[rules[i].ID] = v
		if a, ok := v.(accessVisitor); ok {
			av = append(av, a)
		}
		if x, ok := v.(entryVisitor); ok {
			ev = append(ev, x)
		}
	}
	e.acc = &accessScan{}
	err := src.AccessEvents(ctx, func(x *himitsu.AccessEvent) error {
		e.accessN++
		day := himitsu.DateOf(x.At)
		if day.After(e.asOf) {
			return nil // the assessment judges the past as of its day
		}
		e.acc.judged++
		for _, v := range av {
			v.visitAccess(x, day)
		}
		return nil
	})
	if err != nil {
		return err
	}
	e.ent = &entryScan{}
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

// visitorOf returns the visitor that rule id's Stream made: the running
// rule's own, or that of a rule it declares in Inputs.Rules.
func visitorOf[T any](e *env, id string) T {
	var zero T
	if id != e.cur.ID && !slices.Contains(e.cur.Inputs.Rules, id) {
		e.undeclared = append(e.undeclared, e.cur.ID+" reads the visitor of "+id)
		return zero
	}
	v, ok := e.visitors[id].(T)
	if !ok {
		return zero
	}
	return v
}

func eventEvidence(ev *himitsu.AccessEvent, extra ...string) himitsu.Evidence {
	kv := append([]string{
		"at", ts(ev.At),
		"person", ev.Person, "account", ev.Account, "dataset", ev.DataSet,
		"action", string(ev.Action), "purpose", ev.Purpose, "subscriber", ev.Subscriber,
	}, extra...)
	if ev.Count > 1 {
		kv = append(kv, "count", itoa(ev.Count))
	}
	return ev2("access_events", ev.ID, kv)
}

func ev2(reg, id string, kv []string) himitsu.Evidence { return ev(reg, id, kv...) }

func hasExportGrant(gs []*himitsu.Grant, ds string, day himitsu.Date) bool {
	for _, g := range gs {
		if g.DataSet == ds && (g.Scope == himitsu.ScopeExport || g.Scope == himitsu.ScopeAdmin) && g.ActiveOn(day) {
			return true
		}
	}
	return false
}
