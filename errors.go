package himitsu

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Kind classifies an error so that callers (the API, the CLI's exit status)
// can react without parsing messages. The list is append-only.
type Kind uint8

const (
	KindOther          Kind = iota // unclassified; treated as internal
	KindInvalid                    // bad input: a value, a reference, a file
	KindNotFound                   // no such record
	KindConflict                   // the change clashes with existing state
	KindPermission                 // the caller may not do this
	KindInternal                   // a fault of the system or its storage
	KindNotImplemented             // a capability that is not available yet
)

var kindNames = [...]string{"other", "invalid", "not found", "conflict", "permission denied", "internal", "not implemented"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

var kindNamesJA = [...]string{"その他", "入力が不正", "存在しない", "競合", "権限がない", "内部エラー", "未提供"}

// Error is the one error type of himitsu. Msg is safe to show to a user;
// MsgJA is the same message in Japanese, for the compliance teams who read
// it (empty when there is none yet; Localized then falls back to Msg).
// Err may carry internal detail and is only logged. File, Line and Field
// locate bad input: a bundle file and its line, or an API field path.
type Error struct {
	Op    string // the operation, e.g. "bundle.Read" or "sqlstore.Import"
	Kind  Kind
	File  string
	Line  int
	Field string
	Msg   string
	MsgJA string
	Err   error
}

// Error renders "file:line: field: message" for located input errors, so a
// person can go straight to the bad value, and "op: message: cause" otherwise.
func (e *Error) Error() string { return e.render(false) }

// Localized renders like Error, but for lang "ja" with the Japanese
// messages of e and of every *Error it directly wraps, so that the
// location prefix stays the same in both languages. A cause that is not an
// *Error (an operating-system error, say) is rendered as it is. Any other
// lang gives exactly Error().
func (e *Error) Localized(lang string) string { return e.render(lang == "ja") }

func (e *Error) render(ja bool) string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteString(":")
			b.WriteString(strconv.Itoa(e.Line))
		}
		b.WriteString(": ")
	} else if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	msg := e.Msg
	if ja && e.MsgJA != "" {
		msg = e.MsgJA
	}
	if msg == "" && e.Err == nil {
		msg = e.Kind.String()
		if ja && int(e.Kind) < len(kindNamesJA) {
			msg = kindNamesJA[e.Kind]
		}
	}
	b.WriteString(msg)
	if e.Err != nil {
		if msg != "" {
			b.WriteString(": ")
		}
		if inner, ok := e.Err.(*Error); ok {
			b.WriteString(inner.render(ja))
		} else {
			b.WriteString(e.Err.Error())
		}
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind with a formatted safe message.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// FieldError reports an invalid field value with an English message only.
// It is kept for callers outside this module; use FieldErrorJA.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// FieldErrorJA reports an invalid field value in English and Japanese;
// Validate methods return it. Both formats take the same args, so a
// Japanese format whose word order differs uses explicit argument indexes
// ("%[2]s の %[1]s").
func FieldErrorJA(field, en, ja string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Field: field, Msg: fmt.Sprintf(en, args...), MsgJA: fmt.Sprintf(ja, args...)}
}

// shown is a value quoted for a message: %q gives Go's quoting for the
// English text, %s the same escaped text without the quotes, to be put in
// 「」 in the Japanese one. Either way a newline or an escape sequence in
// bad input cannot break or forge a line of the terminal.
type shown string

func (s shown) Format(f fmt.State, verb rune) {
	q := strconv.Quote(string(s))
	if verb == 'q' {
		f.Write([]byte(q))
		return
	}
	f.Write([]byte(strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`)))
}

// ErrorKind returns the Kind of the first *Error in err's chain that has a
// kind other than KindOther, KindInternal when the chain has none, and
// KindOther for a nil error.
func ErrorKind(err error) Kind {
	if err == nil {
		return KindOther
	}
	for err != nil {
		var e *Error
		if !errors.As(err, &e) {
			break
		}
		if e.Kind != KindOther {
			return e.Kind
		}
		err = e.Err
	}
	return KindInternal
}

// ErrorField returns the Field of the innermost located *Error, qualified
// by the fields of the errors that wrap it ("elements[2].class").
func ErrorField(err error) string {
	var parts []string
	for err != nil {
		var e *Error
		if !errors.As(err, &e) {
			break
		}
		if e.Field != "" {
			parts = append(parts, e.Field)
		}
		err = e.Err
	}
	return strings.Join(parts, ".")
}

// Errors is several errors of one operation, in the order they were found:
// an import reports every bad value it can in one run (up to a limit), so
// that a bundle is fixed in one pass rather than one error at a time. It
// renders one error per line; errors.As finds the first *Error in it.
type Errors []*Error

func (es Errors) Error() string { return es.Localized("") }

// Localized renders every error in lang, one per line, and a last line
// with their count.
func (es Errors) Localized(lang string) string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Localized(lang))
	}
	if len(es) > 1 {
		if lang == "ja" {
			fmt.Fprintf(&b, "\n（誤り %d 件）", len(es))
		} else {
			fmt.Fprintf(&b, "\n(%d errors)", len(es))
		}
	}
	return b.String()
}

func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}
