package catalog

import (
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// OSCALVersion is the OSCAL version the export conforms to.
const OSCALVersion = "1.1.2"

// OSCALNamespace qualifies the props and parts that are himitsu's own rather
// than OSCAL's core vocabulary.
const OSCALNamespace = "https://github.com/himitsu-oss/himitsu/ns/oscal"

// The structs below are the subset of the OSCAL 1.1.2 catalog model that the
// export emits, written by hand to avoid a dependency on a full OSCAL
// library. Field order follows the OSCAL JSON schema so that the output reads
// like other OSCAL catalogs.
type (
	oscalDocument struct {
		Catalog oscalCatalog `json:"catalog"`
	}
	oscalCatalog struct {
		UUID     string        `json:"uuid"`
		Metadata oscalMetadata `json:"metadata"`
		Groups   []oscalGroup  `json:"groups,omitempty"`
	}
	oscalMetadata struct {
		Title        string      `json:"title"`
		Published    string      `json:"published,omitempty"`
		LastModified string      `json:"last-modified"`
		Version      string      `json:"version"`
		OSCALVersion string      `json:"oscal-version"`
		Props        []oscalProp `json:"props,omitempty"`
		Remarks      string      `json:"remarks,omitempty"`
	}
	oscalProp struct {
		Name  string `json:"name"`
		NS    string `json:"ns,omitempty"`
		Value string `json:"value"`
		Class string `json:"class,omitempty"`
	}
	oscalLink struct {
		Href string `json:"href"`
		Rel  string `json:"rel,omitempty"`
		Text string `json:"text,omitempty"`
	}
	oscalPart struct {
		ID    string      `json:"id,omitempty"`
		Name  string      `json:"name"`
		NS    string      `json:"ns,omitempty"`
		Class string      `json:"class,omitempty"`
		Title string      `json:"title,omitempty"`
		Props []oscalProp `json:"props,omitempty"`
		Prose string      `json:"prose,omitempty"`
		Parts []oscalPart `json:"parts,omitempty"`
	}
	oscalControl struct {
		ID    string      `json:"id"`
		Class string      `json:"class,omitempty"`
		Title string      `json:"title"`
		Props []oscalProp `json:"props,omitempty"`
		Links []oscalLink `json:"links,omitempty"`
		Parts []oscalPart `json:"parts,omitempty"`
	}
	oscalGroup struct {
		ID       string         `json:"id,omitempty"`
		Class    string         `json:"class,omitempty"`
		Title    string         `json:"title"`
		Props    []oscalProp    `json:"props,omitempty"`
		Parts    []oscalPart    `json:"parts,omitempty"`
		Controls []oscalControl `json:"controls,omitempty"`
	}
)

// OSCALID maps a catalog ID to an OSCAL token (letters, digits, '.', '-',
// '_', starting with a letter): runs of letters and digits are joined with
// '-', and a leading digit gets an "s" (section) prefix. "5(3)(iv)iii"
// becomes "s5-3-iv-iii"; "tba-29-1-i" is unchanged. The original ID is kept
// in the control's "label" prop.
func OSCALID(id string) string {
	fields := strings.FieldsFunc(id, func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	})
	s := strings.Join(fields, "-")
	if s == "" || !unicode.IsLetter(rune(s[0])) {
		s = "s" + s
	}
	return s
}

// namespaceURL is RFC 4122's name space for URLs.
var namespaceURL = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// uuidV5 derives a name-based (SHA-1, version 5) UUID, so that exports of
// the same catalog version are byte-identical.
func uuidV5(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}

func formatUUID(u [16]byte) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// catalogNamespace is the UUID name space for himitsu catalog objects.
var catalogNamespace = uuidV5(namespaceURL, "https://github.com/himitsu-oss/himitsu/catalog")

// UUID returns a deterministic UUID (version 5) for an object of this
// catalog, e.g. UUID("catalog") or UUID("item/5(3)(iv)iii"); it depends on the
// catalog version so that each version gets its own identifiers.
func (c *Catalog) UUID(name string) string {
	return formatUUID(uuidV5(catalogNamespace, c.Version+"/"+name))
}

// OSCAL returns the catalog as an OSCAL 1.1.2 catalog in JSON, indented,
// with a trailing newline. English texts are the primary prose; Japanese
// texts are carried in "translation" parts in the himitsu namespace. The
// judgement section is not part of the export.
func (c *Catalog) OSCAL() ([]byte, error) {
	doc := oscalDocument{Catalog: oscalCatalog{
		UUID: c.UUID("catalog"),
		Metadata: oscalMetadata{
			Title:        c.Title.EN,
			Published:    c.Published + "T00:00:00+09:00",
			LastModified: c.Published + "T00:00:00+09:00",
			Version:      c.Version,
			OSCALVersion: OSCALVersion,
			Props: []oscalProp{
				{Name: "title-ja", NS: OSCALNamespace, Value: oneLine(c.Title.JA)},
			},
			Remarks: c.Source.EN + "\n\n" + c.Source.JA,
		},
	}}
	order := 0
	for _, cat := range c.Categories {
		g := oscalGroup{
			ID:    cat.ID,
			Class: "category",
			Title: cat.Title.EN,
			Props: []oscalProp{{Name: "label", Value: cat.Section}},
			Parts: []oscalPart{{
				ID: cat.ID + "_ja", Name: "translation", NS: OSCALNamespace, Class: "ja",
				Title: cat.Title.JA,
			}},
		}
		for _, it := range c.Items {
			if it.Category != cat.ID {
				continue
			}
			order++
			g.Controls = append(g.Controls, c.oscalControl(it, order))
		}
		doc.Catalog.Groups = append(doc.Catalog.Groups, g)
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("catalog: oscal: %w", err)
	}
	return append(b, '\n'), nil
}

func (c *Catalog) oscalControl(it Item, order int) oscalControl {
	id := OSCALID(it.ID)
	ns := func(name, value string) oscalProp { return oscalProp{Name: name, NS: OSCALNamespace, Value: value} }
	props := []oscalProp{
		{Name: "label", Value: it.ID},
		{Name: "sort-id", Value: fmt.Sprintf("%04d", order)},
		ns("code", it.Code),
		ns("kind", it.Kind),
		ns("section", it.Section),
	}
	if it.Weight > 0 {
		props = append(props, ns("weight", strconv.Itoa(it.Weight)))
	}
	for _, e := range it.Evidence {
		props = append(props, ns("evidence", e))
	}
	for _, r := range it.Rules {
		props = append(props, ns("rule", r))
	}
	var links []oscalLink
	for _, lb := range it.LegalBasis {
		link := oscalLink{Href: "#" + OSCALID(lb), Rel: "reference"}
		if p, ok := c.Item(lb); ok {
			link.Text = p.Title.EN
		}
		links = append(links, link)
	}
	part := func(suffix, name, prose string) oscalPart {
		return oscalPart{ID: id + "_" + suffix, Name: name, Prose: prose}
	}
	nsPart := func(suffix, name, prose string) oscalPart {
		p := part(suffix, name, prose)
		p.NS = OSCALNamespace
		return p
	}
	parts := []oscalPart{
		part("smt", "statement", it.Statement.EN),
		part("gdn", "guidance", it.Remediation.EN),
		nsPart("cit", "citation", it.Citation.EN),
	}
	ja := oscalPart{
		ID: id + "_ja", Name: "translation", NS: OSCALNamespace, Class: "ja", Title: it.Title.JA,
		Parts: []oscalPart{
			nsPart("ja_smt", "statement", it.Statement.JA),
			nsPart("ja_gdn", "guidance", it.Remediation.JA),
			nsPart("ja_cit", "citation", it.Citation.JA),
		},
	}
	if len(it.Signals) > 0 {
		sig := nsPart("sig", "signals", "")
		sigJA := nsPart("ja_sig", "signals", "")
		for i, s := range it.Signals {
			n := strconv.Itoa(i + 1)
			sig.Parts = append(sig.Parts, nsPart("sig_"+n, "signal", s.EN))
			sigJA.Parts = append(sigJA.Parts, nsPart("ja_sig_"+n, "signal", s.JA))
		}
		parts = append(parts, sig)
		ja.Parts = append(ja.Parts, sigJA)
	}
	parts = append(parts, ja)
	return oscalControl{
		ID: id, Class: it.Kind, Title: it.Title.EN,
		Props: props, Links: links, Parts: parts,
	}
}

// oneLine makes s fit an OSCAL prop value (no line breaks, no surrounding
// white space).
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
