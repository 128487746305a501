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

// Error is the one error type of himitsu. Msg is safe to show to a user;
// Err may carry internal detail and is only logged. File, Line and Field
// locate bad input: a bundle file and its line, or an API field path.
type Error struct {
	Op    string // the operation, e.g. "bundle.Read" or "sqlstore.Import"
	Kind  Kind
	File  string
	Line  int
	Field string
	Msg   string
	Err   error
}

// Error renders "file:line: field: message" for located input errors, so a
// person can go straight to the bad value, and "op: message: cause" otherwise.
func (e *Error) Error() string {
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
	if msg == "" && e.Err == nil {
		msg = e.Kind.String()
	}
	b.WriteString(msg)
	if e.Err != nil {
		if msg != "" {
			b.WriteString(": ")
		}
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind with a formatted safe message.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// FieldError reports an invalid field value; Validate methods return it.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Field: field, Msg: fmt.Sprintf(format, args...)}
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
