package himitsu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

// Fact is a yes/no fact of a record that may not be known. A record that
// leaves a fact out does not say "no": a consent whose notice may or may
// not have listed the information used is not a consent whose notice left
// it out. Rules find on recorded facts only and ask a question where a
// fact they need is unknown.
//
// The zero value is Unknown, so that a field left out of a record, an
// empty CSV cell or an absent YAML key reads as unknown. In every format a
// known fact is written as true or false; in JSON an unknown one is null
// or absent, in SQL it is NULL.
type Fact uint8

const (
	Unknown Fact = iota // not recorded
	No                  // recorded as false
	Yes                 // recorded as true
)

// FactOf returns Yes for true and No for false.
func FactOf(b bool) Fact {
	if b {
		return Yes
	}
	return No
}

// True reports whether the fact is recorded as true.
func (f Fact) True() bool { return f == Yes }

// False reports whether the fact is recorded as false.
func (f Fact) False() bool { return f == No }

// Known reports whether the fact is recorded at all.
func (f Fact) Known() bool { return f == Yes || f == No }

// Valid reports whether f is one of the three values.
func (f Fact) Valid() bool { return f <= Yes }

// String is "true", "false" or "unknown", the words of the formats.
func (f Fact) String() string {
	switch f {
	case Yes:
		return "true"
	case No:
		return "false"
	case Unknown:
		return "unknown"
	}
	return fmt.Sprintf("Fact(%d)", uint8(f))
}

// MarshalJSON writes true, false or null.
func (f Fact) MarshalJSON() ([]byte, error) {
	switch f {
	case Yes:
		return []byte("true"), nil
	case No:
		return []byte("false"), nil
	case Unknown:
		return []byte("null"), nil
	}
	return nil, fmt.Errorf("himitsu: invalid Fact %d", uint8(f))
}

// UnmarshalJSON reads true, false or null (unknown).
func (f *Fact) UnmarshalJSON(b []byte) error {
	switch string(bytes.TrimSpace(b)) {
	case "true":
		*f = Yes
	case "false":
		*f = No
	case "null":
		*f = Unknown
	default:
		// A type error, so that a JSON decoder names the field: a fact
		// takes a JSON boolean (or null).
		return &json.UnmarshalTypeError{Value: string(bytes.TrimSpace(b)), Type: reflect.TypeFor[bool]()}
	}
	return nil
}

// UnmarshalYAML reads true, false or null (unknown) for YAML decoders that
// call it (goccy/go-yaml's InterfaceUnmarshaler), such as the one of the
// assessment's rule cases. The bundle reader decodes facts itself.
func (f *Fact) UnmarshalYAML(unmarshal func(any) error) error {
	var v any
	if err := unmarshal(&v); err != nil {
		return err
	}
	switch b := v.(type) {
	case nil:
		*f = Unknown
	case bool:
		*f = FactOf(b)
	default:
		return fmt.Errorf("%v is not true, false or null", v)
	}
	return nil
}
