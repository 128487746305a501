// Package oscal holds what himitsu's two OSCAL documents share: the OSCAL
// version and himitsu's namespace, the prop, link and part objects, the
// mapping of catalog IDs to OSCAL tokens, and the name-based UUIDs that
// make repeated exports byte-identical. Each document keeps its own model
// structs (the catalog in internal/catalog, the assessment results in
// internal/report).
package oscal

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
	"unicode"
)

// Version is the OSCAL version both documents conform to.
const Version = "1.1.2"

// Namespace qualifies the props and parts that are himitsu's own rather
// than OSCAL's core vocabulary.
const Namespace = "https://github.com/himitsu-oss/himitsu/ns/oscal"

// Prop is an OSCAL property: a name/value pair, in himitsu's namespace when
// NS is set.
type Prop struct {
	Name  string `json:"name"`
	NS    string `json:"ns,omitempty"`
	Value string `json:"value"`
	Class string `json:"class,omitempty"`
}

// NSProp returns a prop in himitsu's namespace.
func NSProp(name, value string) Prop {
	return Prop{Name: name, NS: Namespace, Value: value}
}

// Link is an OSCAL link to another object or resource.
type Link struct {
	Href string `json:"href"`
	Rel  string `json:"rel,omitempty"`
	Text string `json:"text,omitempty"`
}

// Part is an OSCAL part: a piece of prose, possibly with sub-parts. Field
// order follows the OSCAL JSON schema.
type Part struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name"`
	NS    string `json:"ns,omitempty"`
	Class string `json:"class,omitempty"`
	Title string `json:"title,omitempty"`
	Props []Prop `json:"props,omitempty"`
	Prose string `json:"prose,omitempty"`
	Parts []Part `json:"parts,omitempty"`
}

// ID maps a catalog ID to an OSCAL token (letters, digits, '.', '-', '_',
// starting with a letter): runs of ASCII letters and digits are joined with
// '-', and a result that does not start with a letter gets an "s"
// (section) prefix. "5(3)(iv)iii" becomes "s5-3-iv-iii"; "tba-29-1-i" is
// unchanged. Documents keep the original ID in a "label" prop.
func ID(catalogID string) string {
	fields := strings.FieldsFunc(catalogID, func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	})
	s := strings.Join(fields, "-")
	if s == "" || !unicode.IsLetter(rune(s[0])) {
		s = "s" + s
	}
	return s
}

// NamespaceURL is RFC 9562's predefined namespace for URLs, from which
// himitsu derives its own UUID namespaces.
var NamespaceURL = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// UUIDv5 returns the name-based (SHA-1) UUID of name in namespace ns, as
// RFC 9562 §5.5 defines it, so that the same object always gets the same
// identifier.
func UUIDv5(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return u
}

// FormatUUID formats u as 8-4-4-4-12 lower-case hex.
func FormatUUID(u [16]byte) string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}
