package himitsu

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Accessor says who reads or changes a carrier's records and why. The
// registers and logs hold secrecy-related information (access events name
// subscribers' pseudonyms; complaints and incidents describe what went
// wrong), so the store practises what the guidelines ask of a carrier: no
// read and no change without a stated actor and purpose, and a record of
// every one (internal control and access control, guideline 5(3)(i) and
// (iv)).
type Accessor struct {
	Actor   string `json:"actor"`          // who: a user or service name
	Purpose string `json:"purpose"`        // why: e.g. "assessment", "export"
	Tool    string `json:"tool,omitempty"` // through what, e.g. "himitsu assess"
}

// maxAccessorText bounds each field: enough for a name or a sentence of
// purpose, short enough that the read log cannot be used as a dump.
const maxAccessorText = 200

// Validate requires an actor and a purpose. Every field is at most 200
// characters of valid UTF-8 without control characters, because the values
// are shown in reports and terminals, where a newline or an escape sequence
// could forge or hide a line.
func (a Accessor) Validate() error {
	for _, f := range []struct {
		name, value string
		required    bool
	}{
		{"actor", a.Actor, true},
		{"purpose", a.Purpose, true},
		{"tool", a.Tool, false},
	} {
		if strings.TrimSpace(f.value) == "" {
			if f.required {
				return FieldErrorJA(f.name, "is required", "必須である")
			}
			continue
		}
		if !hasVisible(f.value) {
			return FieldErrorJA(f.name, "has no visible text (only spaces, invisible or format characters)", "目に見える文字がない（空白、不可視文字又は書式文字のみである）")
		}
		if !utf8.ValidString(f.value) {
			return FieldErrorJA(f.name, "is not valid UTF-8", "UTF-8 として不正である")
		}
		if n := utf8.RuneCountInString(f.value); n > maxAccessorText {
			return FieldErrorJA(f.name, "has %d characters, at most %d allowed", "%d文字あり、上限の%d文字を超えている", n, maxAccessorText)
		}
		if strings.IndexFunc(f.value, unicode.IsControl) >= 0 {
			return FieldErrorJA(f.name, "contains a control character", "制御文字を含んでいる")
		}
	}
	return nil
}

// accessorKey is unexported so that only WithAccessor can set the value.
type accessorKey struct{}

// WithAccessor returns a context that carries a. The store reads it from
// the context rather than from a parameter so that an EventSource handed
// to other code (the assessment engine, the bundle writer) reads on
// behalf of whoever opened it, without those packages knowing about it.
func WithAccessor(ctx context.Context, a Accessor) context.Context {
	return context.WithValue(ctx, accessorKey{}, a)
}

// AccessorFrom returns the Accessor that ctx carries, if any. It does not
// validate it.
func AccessorFrom(ctx context.Context) (Accessor, bool) {
	a, ok := ctx.Value(accessorKey{}).(Accessor)
	return a, ok
}

// Values of ReadEntry.What.
const (
	ReadRecords      = "records"
	ReadAccessEvents = "access_events"
	ReadEntryLogs    = "entry_logs"
)

// ReadEntry records one read of a carrier's records: one call of
// Store.Records, or one stream of a log.
type ReadEntry struct {
	ID        int64     `json:"id"` // assigned by the store, increasing
	CarrierID string    `json:"carrier_id"`
	At        time.Time `json:"at"` // when the read was recorded in the audit log, UTC; never decreases with ID
	Actor     string    `json:"actor"`
	Purpose   string    `json:"purpose"`
	Tool      string    `json:"tool"`
	What      string    `json:"what"` // ReadRecords, ReadAccessEvents or ReadEntryLogs
	Rows      int       `json:"rows"` // records loaded, or rows handed to the callback
}

// Values of ChangeEntry.Action.
const (
	ChangeReplace = "replace" // Store.Replace: the records were replaced
	ChangeDelete  = "delete"  // Store.DeleteCarrier: the carrier was removed
)

// ChangeEntry records one change of a carrier's records: one committed
// Replace or DeleteCarrier. The store writes it inside the change's own
// transaction, so a change that was rolled back leaves no entry and one
// that was committed cannot lack it. Whoever changes the registers changes
// the evidence an assessment rests on, so the change log answers the same
// question as the read log (who, when, why) for writes.
type ChangeEntry struct {
	ID        int64     `json:"id"` // assigned by the store, increasing
	CarrierID string    `json:"carrier_id"`
	At        time.Time `json:"at"` // when the change was sequenced in the audit log, just before its commit, UTC; never decreases with ID
	Actor     string    `json:"actor"`
	Purpose   string    `json:"purpose"`
	Tool      string    `json:"tool"`
	Action    string    `json:"action"` // ChangeReplace or ChangeDelete
	// Counts is what a replace wrote, per register name, as in its
	// ImportSummary; nil for a delete.
	Counts map[string]int `json:"counts,omitempty"`
	// Digests are the SHA-256 of the documents a change froze, by
	// record ID: a regulator report filed with its document.
	Digests map[string]string `json:"digests,omitempty"`
}

// invisibleLetters are code points of letter or symbol categories that
// render as blank space: the Hangul fillers and the blank Braille pattern.
var invisibleLetters = map[rune]bool{0x115F: true, 0x1160: true, 0x3164: true, 0xFFA0: true, 0x2800: true}

// hasVisible reports whether s has at least one character that shows: a
// letter, digit, punctuation mark or symbol. A purpose of only spaces,
// zero-width or other format characters (U+200B, U+2060, U+FEFF …) or
// combining marks states nothing, though it is not empty.
func hasVisible(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S) && !invisibleLetters[r] {
			return true
		}
	}
	return false
}
