package himitsu

import (
	"context"
	"reflect"
	"time"
)

// SeenOn reports whether the record v (a pointer to a register type)
// exists on day d: its "asof" field (the day it was created, took effect
// or was filed) is not after d. A record without such a field, or with the
// field unset, is always seen.
func SeenOn(v any, d Date) bool {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	for _, s := range Fields(rv.Type()) {
		if !s.AsOf {
			continue
		}
		switch x := rv.Field(s.Index).Interface().(type) {
		case Date:
			if !x.IsZero() && x.After(d) {
				return false
			}
		case time.Time:
			if !x.IsZero() && DateOf(x).After(d) {
				return false
			}
		}
	}
	return true
}

// VisibleOn returns the records as they stood on day d: a shallow copy of
// rec in which every register holds only the records SeenOn d. An
// assessment as of d judges these, so that assessing as of an earlier day
// equals assessing the bundle without the records made later. The records
// themselves are shared with rec, not copied.
func VisibleOn(rec *Records, d Date) *Records {
	out := *rec
	rv := reflect.ValueOf(&out).Elem()
	for i := range rv.NumField() {
		f := rv.Field(i)
		if f.Kind() != reflect.Slice {
			continue
		}
		kept := reflect.MakeSlice(f.Type(), 0, f.Len())
		all := true
		for j := range f.Len() {
			if SeenOn(f.Index(j).Addr().Interface(), d) {
				kept = reflect.Append(kept, f.Index(j))
			} else {
				all = false
			}
		}
		if !all {
			f.Set(kept)
		}
	}
	return &out
}

// EventsUntil streams only the events of src that happened on or before
// day d (in Japan), so that an assessment as of d does not see later ones.
func EventsUntil(src EventSource, d Date) EventSource { return eventsUntil{src, d} }

type eventsUntil struct {
	src EventSource
	d   Date
}

func (e eventsUntil) AccessEvents(ctx context.Context, fn func(*AccessEvent) error) error {
	return e.src.AccessEvents(ctx, func(ev *AccessEvent) error {
		if DateOf(ev.At).After(e.d) {
			return nil
		}
		return fn(ev)
	})
}

func (e eventsUntil) EntryLogs(ctx context.Context, fn func(*EntryLog) error) error {
	return e.src.EntryLogs(ctx, func(l *EntryLog) error {
		if DateOf(l.At).After(e.d) {
			return nil
		}
		return fn(l)
	})
}
