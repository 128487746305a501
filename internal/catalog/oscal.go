package catalog

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/himitsu-oss/himitsu/internal/oscal"
)

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
		Title        string       `json:"title"`
		Published    string       `json:"published,omitempty"`
		LastModified string       `json:"last-modified"`
		Version      string       `json:"version"`
		OSCALVersion string       `json:"oscal-version"`
		Props        []oscal.Prop `json:"props,omitempty"`
		Remarks      string       `json:"remarks,omitempty"`
	}
	oscalControl struct {
		ID    string       `json:"id"`
		Class string       `json:"class,omitempty"`
		Title string       `json:"title"`
		Props []oscal.Prop `json:"props,omitempty"`
		Links []oscal.Link `json:"links,omitempty"`
		Parts []oscal.Part `json:"parts,omitempty"`
	}
	oscalGroup struct {
		ID       string         `json:"id,omitempty"`
		Class    string         `json:"class,omitempty"`
		Title    string         `json:"title"`
		Props    []oscal.Prop   `json:"props,omitempty"`
		Parts    []oscal.Part   `json:"parts,omitempty"`
		Controls []oscalControl `json:"controls,omitempty"`
	}
)

// catalogNamespace is the UUID name space for himitsu catalog objects.
var catalogNamespace = oscal.UUIDv5(oscal.NamespaceURL, "https://github.com/himitsu-oss/himitsu/catalog")

// UUID returns a deterministic UUID (version 5) for an object of this
// catalog, e.g. UUID("catalog") or UUID("item/5(3)(iv)iii"); it depends on the
// catalog version so that each version gets its own identifiers.
func (c *Catalog) UUID(name string) string {
	return oscal.FormatUUID(oscal.UUIDv5(catalogNamespace, c.Version+"/"+name))
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
			OSCALVersion: oscal.Version,
			Props: []oscal.Prop{
				oscal.NSProp("title-ja", oneLine(c.Title.JA)),
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
			Props: []oscal.Prop{{Name: "label", Value: cat.Section}},
			Parts: []oscal.Part{{
				ID: cat.ID + "_ja", Name: "translation", NS: oscal.Namespace, Class: "ja",
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
	id := oscal.ID(it.ID)
	ns := oscal.NSProp
	props := []oscal.Prop{
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
	var links []oscal.Link
	for _, lb := range it.LegalBasis {
		link := oscal.Link{Href: "#" + oscal.ID(lb), Rel: "reference"}
		if p, ok := c.Item(lb); ok {
			link.Text = p.Title.EN
		}
		links = append(links, link)
	}
	part := func(suffix, name, prose string) oscal.Part {
		return oscal.Part{ID: id + "_" + suffix, Name: name, Prose: prose}
	}
	nsPart := func(suffix, name, prose string) oscal.Part {
		p := part(suffix, name, prose)
		p.NS = oscal.Namespace
		return p
	}
	parts := []oscal.Part{
		part("smt", "statement", it.Statement.EN),
		part("gdn", "guidance", it.Remediation.EN),
		nsPart("cit", "citation", it.Citation.EN),
	}
	ja := oscal.Part{
		ID: id + "_ja", Name: "translation", NS: oscal.Namespace, Class: "ja", Title: it.Title.JA,
		Parts: []oscal.Part{
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
