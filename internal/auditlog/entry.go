// Package auditlog is himitsu's tamper-evident log: an append-only Merkle
// log (RFC 6962 hashing: leaf SHA-256(0x00 || data), node
// SHA-256(0x01 || left || right)) kept in the same database as the records
// it protects, with signed checkpoints (C2SP signed-note and checkpoint
// formats, Ed25519), inclusion and consistency proofs, and a verifier that
// recomputes the tree from the stored leaves and names the first entry
// that was changed, removed or reordered.
//
// Every read of a carrier's records, every change to a register and (once
// the decision point lands) every access decision is one entry. The store
// appends change entries inside the change's own transaction, so a change
// cannot commit without its entry; reads are appended by a group committer
// (or strictly synchronously) before the records are handed out.
//
// Storage follows golang.org/x/mod/sumdb/tlog: one row per leaf (its exact
// bytes) and the tree's stored hashes, fewer than two per leaf, in
// tlog.StoredHashIndex order. One sequencer orders the log: SQLite's single
// writer, or on PostgreSQL a transaction-level advisory lock taken before
// the next index is read, so the index is commit order across any number
// of processes and an entry's time never runs backwards.
package auditlog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/himitsu-oss/himitsu"
)

// Kinds of entries. A new kind is a new constant here and a case in
// Entry.Validate; the verifier accepts only known kinds, so that an
// entry cannot be disguised as something the reader does not check.
const (
	KindRead        = "read"         // a read of a carrier's records
	KindChange      = "change"       // a committed change to a carrier's registers
	KindDecision    = "decision"     // an access decision of the guard (issue 8, later)
	KindKeyRotation = "key-rotation" // the checkpoint signing key was replaced
)

var kinds = map[string]bool{KindRead: true, KindChange: true, KindDecision: true, KindKeyRotation: true}

// Entry is one leaf of the log. Its leaf data is Encode's output: the
// fields below in this order as compact JSON, with Body canonicalised
// (object keys sorted, no insignificant white space, no HTML escaping).
// The index is part of the data, so an entry moved to another position
// no longer matches its place.
type Entry struct {
	Index   int64     `json:"index"`
	Kind    string    `json:"kind"`
	At      time.Time `json:"at"` // when the entry was sequenced, UTC, µs; never decreases with Index
	Actor   string    `json:"actor"`
	Purpose string    `json:"purpose"`
	Tool    string    `json:"tool,omitempty"`
	Carrier string    `json:"carrier,omitempty"`
	// Subjects are the subscribers concerned, as pseudonyms only
	// (himitsu.IsPseudonym): the log never holds a raw identifier.
	Subjects []string        `json:"subjects,omitempty"`
	Body     json.RawMessage `json:"body,omitempty"`
}

// maxText bounds actor, purpose, tool and carrier as himitsu.Accessor does.
const maxText = 200

// maxBody bounds the canonical body: an entry says what happened, it does
// not copy the records.
const maxBody = 64 << 10

// Validate checks what the log accepts before an index is assigned.
func (e *Entry) Validate() error {
	if !kinds[e.Kind] {
		return himitsu.FieldErrorJA("kind", "is %q, not a kind of audit entry", "%q は監査記録の種別ではない", e.Kind)
	}
	for _, f := range []struct {
		name, v  string
		required bool
	}{{"actor", e.Actor, true}, {"purpose", e.Purpose, true}, {"tool", e.Tool, false}, {"carrier", e.Carrier, false}} {
		if strings.TrimSpace(f.v) == "" {
			if f.required {
				return himitsu.FieldErrorJA(f.name, "is required", "必須である")
			}
			continue
		}
		if !utf8.ValidString(f.v) {
			return himitsu.FieldErrorJA(f.name, "is not valid UTF-8", "UTF-8 として不正である")
		}
		if n := utf8.RuneCountInString(f.v); n > maxText {
			return himitsu.FieldErrorJA(f.name, "has %d characters, at most %d allowed", "%d文字あり、上限の%d文字を超えている", n, maxText)
		}
		if strings.IndexFunc(f.v, unicode.IsControl) >= 0 {
			return himitsu.FieldErrorJA(f.name, "contains a control character", "制御文字を含んでいる")
		}
	}
	for _, s := range e.Subjects {
		if !himitsu.IsPseudonym(s) {
			return himitsu.FieldErrorJA("subjects", "holds a value that is not a subscriber pseudonym; the audit log stores no raw identifiers",
				"加入者の仮名でない値を含んでいる。監査記録は生の識別子を保存しない")
		}
	}
	if len(e.Body) > 0 {
		b, err := Canonical(e.Body)
		if err != nil {
			return himitsu.FieldErrorJA("body", "is not JSON: %v", "JSON ではない: %v", err)
		}
		if len(b) > maxBody {
			return himitsu.FieldErrorJA("body", "has %d bytes, at most %d allowed", "%dバイトあり、上限の%dバイトを超えている", len(b), maxBody)
		}
		e.Body = b
	}
	return nil
}

// Subjects pseudonymises raw subscriber identifiers with the carrier's
// key (the project's keyed hash, himitsu.Pseudonymizer) for Entry.Subjects;
// values that already are pseudonyms are kept.
func Subjects(p *himitsu.Pseudonymizer, ids ...string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if himitsu.IsPseudonym(id) {
			out = append(out, id)
		} else {
			out = append(out, p.Pseudonym(id))
		}
	}
	return out
}

// Body marshals v as a canonical entry body.
func Body(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return Canonical(b)
}

// Canonical re-encodes JSON with object keys sorted, numbers kept as
// written, no insignificant white space and no HTML escaping, so that the
// same value always gives the same bytes (and leaf hash).
func Canonical(b []byte) ([]byte, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("trailing data after the JSON value")
	}
	return marshal(v)
}

// marshal encodes without HTML escaping; encoding/json sorts map keys.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Encode returns the leaf data of e: one line of JSON, no newline.
func (e *Entry) Encode() ([]byte, error) {
	c := *e
	c.At = c.At.UTC()
	return marshal(&c)
}

// Decode parses leaf data and checks that it is exactly what Encode makes
// of it, so that two spellings of one entry cannot share a position.
func Decode(data []byte) (*Entry, error) {
	var e Entry
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(&e); err != nil {
		return nil, err
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	again, err := e.Encode()
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(again, data) {
		return nil, fmt.Errorf("not in canonical form")
	}
	return &e, nil
}
