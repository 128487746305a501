package himitsu

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestLocalized(t *testing.T) {
	required := (&Carrier{ID: "c1", Name: "X", Registration: Notified}).Validate()
	enum := (&Carrier{ID: "c1", Name: "X", Registration: "licensed", HeadOfficeBureau: "kanto"}).Validate()
	nested := (&DataSet{ID: "ds", Name: "CDR", Elements: []DataElement{{Name: "a", Class: "content"}, {Name: "b", Class: "colour"}}}).Validate()
	tests := []struct {
		name string
		err  error
		want string // Localized("ja")
	}{
		{"required field", required, "head_office_bureau: 必須である"},
		{"enum", enum, "registration: 「licensed」は registered, notified, exempt のいずれでもない"},
		{"nested element", nested, "elements[1]: class: 「colour」は " + strings.Join(SecrecyClass("").Values(), ", ") + " のいずれでもない"},
		{"wrapped located error",
			&Error{Op: "bundle.Read", File: "carrier.yaml", Line: 40, Field: "datasets[0]", Msg: "bad data set", MsgJA: "データセットが不正である", Err: nested},
			"carrier.yaml:40: datasets[0]: データセットが不正である: elements[1]: class: 「colour」は " + strings.Join(SecrecyClass("").Values(), ", ") + " のいずれでもない"},
		{"untranslated falls back to English", &Error{File: "x.csv", Line: 2, Field: "f", Msg: "only English"}, "x.csv:2: f: only English"},
		{"plain cause as is", &Error{Op: "sqlstore.Open", Kind: KindInternal, Msg: "cannot open", MsgJA: "開けない", Err: errors.New("disk full")}, "sqlstore.Open: 開けない: disk full"},
		{"cause wrapped by fmt as is", &Error{Op: "op", Msg: "failed", MsgJA: "失敗した", Err: fmt.Errorf("ctx: %w", FieldErrorJA("f", "bad", "不正である"))}, "op: 失敗した: ctx: f: bad"},
		{"kind only", &Error{Kind: KindNotFound}, "存在しない"},
		{"control characters stay escaped", FieldErrorJA("kind", "%q is bad", "「%s」は不正である", shown("a\nb\x1b[2K\"c\"")), `kind: 「a\nb\x1b[2K"c"」は不正である`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var e *Error
			if !errors.As(tc.err, &e) || e != tc.err {
				t.Fatalf("got %T %v, want a *Error", tc.err, tc.err)
			}
			if got := e.Localized("ja"); got != tc.want {
				t.Errorf("ja: got %q, want %q", got, tc.want)
			}
			if got, want := e.Localized("en"), e.Error(); got != want {
				t.Errorf("en: got %q, want Error() %q", got, want)
			}
			if got, want := e.Localized("fr"), e.Error(); got != want {
				t.Errorf("other language: got %q, want Error() %q", got, want)
			}
		})
	}
	// English quoting of a shown value is exactly %q of the string.
	if got, want := fmt.Sprintf("%q", shown("a\nb\"")), fmt.Sprintf("%q", "a\nb\""); got != want {
		t.Errorf("shown %%q: got %s, want %s", got, want)
	}
}

// TestValidateMessagesJA walks every invalid record of the Validate table,
// invalid accessors and unknown references, and requires a Japanese message
// in the innermost *Error, so that no message is left untranslated.
func TestValidateMessagesJA(t *testing.T) {
	type invalid struct {
		name string
		err  error
	}
	var cases []invalid
	for _, tc := range validateCases(t) {
		if tc.wantField != "" {
			cases = append(cases, invalid{"validate " + tc.name, tc.rec.Validate()})
		}
	}
	for name, a := range map[string]Accessor{
		"no actor":          {Purpose: "p"},
		"invalid UTF-8":     {Actor: "al\xffice", Purpose: "p"},
		"too long":          {Actor: strings.Repeat("秘", maxAccessorText+1), Purpose: "p"},
		"control character": {Actor: "a\nb", Purpose: "p"},
	} {
		cases = append(cases, invalid{"accessor " + name, a.Validate()})
	}
	x := NewIndex(&Records{Persons: []Person{{ID: "p1"}}, DataSets: []DataSet{{ID: "cdr"}}})
	cases = append(cases,
		invalid{"refs", x.CheckRefs(&Grant{ID: "g", Person: "p9", DataSet: "cdr"})},
		invalid{"refs list", x.CheckRefs(&Area{ID: "a", Authorised: []string{"p1", "p2"}})},
		invalid{"access event refs", x.CheckAccessEvent(&AccessEvent{ID: "e", At: time.Now(), Person: "p1", DataSet: "dns"})},
	)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("got no error, want one")
			}
			var inner *Error
			for err := tc.err; err != nil; {
				var e *Error
				if !errors.As(err, &e) {
					break
				}
				inner, err = e, e.Err
			}
			if inner == nil {
				t.Fatalf("got %T %v, want a *Error", tc.err, tc.err)
			}
			if inner.MsgJA == "" {
				t.Errorf("got no Japanese message for %q", inner.Msg)
			}
			if inner.MsgJA == inner.Msg {
				t.Errorf("got the English text %q as the Japanese message", inner.MsgJA)
			}
		})
	}
}

func TestErrorsRendering(t *testing.T) {
	es := Errors{
		{Kind: KindInvalid, File: "a.csv", Line: 2, Field: "x", Msg: "bad", MsgJA: "不正"},
		{Kind: KindInvalid, File: "b.csv", Line: 3, Msg: "worse", MsgJA: "更に不正"},
	}
	if got, want := es.Error(), "a.csv:2: x: bad\nb.csv:3: worse\n(2 errors)"; got != want {
		t.Errorf("Error: got %q, want %q", got, want)
	}
	if got, want := es.Localized("ja"), "a.csv:2: x: 不正\nb.csv:3: 更に不正\n（誤り 2 件）"; got != want {
		t.Errorf("Localized(ja): got %q, want %q", got, want)
	}
	var err error = es
	var first *Error
	if !errors.As(err, &first) || first.File != "a.csv" || ErrorKind(err) != KindInvalid {
		t.Errorf("errors.As: got %v, want the first error, kind invalid", first)
	}
}
