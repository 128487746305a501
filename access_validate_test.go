package himitsu

import (
	"errors"
	"testing"
	"time"
)

// genericAccessCheck is what AccessEvent.Validate must agree with: the
// reflective check of every register, then the rules of its own.
func genericAccessCheck(e *AccessEvent) error {
	if err := checkFields(e); err != nil {
		return err
	}
	if e.Account == "" && e.Person == "" {
		return FieldErrorJA("person", "an access event needs a person or an account", "アクセスの記録には person 又は account が必要である")
	}
	return checkSubscriber(e.Subscriber)
}

// FuzzAccessEventValidate runs the hand-written AccessEvent.Validate, kept
// free of reflection for speed, against the generic check: both must
// accept the same events and refuse the others with the same field and
// the same messages in both languages.
func FuzzAccessEventValidate(f *testing.F) {
	f.Add("ev-1", int64(1790000000), "acc-1", "p1", "ds-cdr", "read", "pur-bill", "", 0)
	f.Add("ev-2", int64(0), "", "", "ds-cdr", "export", "", "sub_0123456789abcdef0123456789abcdef", 3)
	f.Add("", int64(1), "acc 1", "p\x1b", "", "copy", "pur/ok", "0901234567", -1)
	f.Add("ev-3", int64(5), "", "p1", "-ds", "print", "", "sub_\x07", 0)
	f.Fuzz(func(t *testing.T, id string, at int64, account, person, dataset, action, purpose, subscriber string, records int) {
		e := &AccessEvent{ID: id, Account: account, Person: person, DataSet: dataset, Action: Action(action),
			Purpose: purpose, Subscriber: subscriber, Records: records}
		if at != 0 {
			e.At = time.Unix(at, 0)
		}
		got, want := e.Validate(), genericAccessCheck(e)
		if (got == nil) != (want == nil) {
			t.Fatalf("Validate() = %v, the generic check %v, for %+v", got, want, e)
		}
		if got == nil {
			return
		}
		var g, w *Error
		if !errors.As(got, &g) || !errors.As(want, &w) {
			t.Fatalf("errors are not *Error: %T, %T", got, want)
		}
		if g.Field != w.Field || g.Msg != w.Msg || g.MsgJA != w.MsgJA || g.Kind != w.Kind {
			t.Fatalf("Validate() = %s: %s / %s; the generic check %s: %s / %s; for %+v", g.Field, g.Msg, g.MsgJA, w.Field, w.Msg, w.MsgJA, e)
		}
	})
}
