package report

import (
	"encoding/json"
	"io"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/catalog"
)

// JSONFormat names the JSON envelope's version. A change that a consumer
// could notice (a field renamed or removed, a meaning changed) gets a new
// number; docs/schema/assessment.schema.json describes this one.
const JSONFormat = "himitsu-assessment/1"

// jsonEnvelope is the JSON report: the assessment as the engine produced
// it, with the format and the catalog version it was judged against.
type jsonEnvelope struct {
	Format     string              `json:"format"`
	Catalog    jsonCatalog         `json:"catalog"`
	Assessment *himitsu.Assessment `json:"assessment"`
}

type jsonCatalog struct {
	Version string `json:"version"`
}

// withEmptyLists returns a shallow copy of a whose nil lists and maps are
// empty, so that consumers (and the schema) always see arrays and objects,
// never null.
func withEmptyLists(a *himitsu.Assessment) *himitsu.Assessment {
	c := *a
	if c.Findings == nil {
		c.Findings = []himitsu.Finding{}
	}
	if c.Determinations.Services == nil {
		c.Determinations.Services = []himitsu.ServiceDetermination{}
	}
	if c.Determinations.Incidents == nil {
		c.Determinations.Incidents = []himitsu.IncidentDetermination{}
	} else {
		incs := make([]himitsu.IncidentDetermination, len(c.Determinations.Incidents))
		for i, in := range c.Determinations.Incidents {
			if in.Classes == nil {
				in.Classes = []string{}
			}
			if in.Reasons == nil {
				in.Reasons = []himitsu.Text{}
			}
			incs[i] = in
		}
		c.Determinations.Incidents = incs
	}
	if c.Judgement.Categories == nil {
		c.Judgement.Categories = []himitsu.CategoryJudgement{}
	}
	if c.Judgement.Reasons == nil {
		c.Judgement.Reasons = []himitsu.Text{}
	}
	if c.Counts == nil {
		c.Counts = map[string]int{}
	}
	if c.Parameters == nil {
		c.Parameters = []himitsu.Parameter{}
	}
	return &c
}

// renderJSON writes the envelope, indented. encoding/json sorts map keys,
// so the output is deterministic.
func renderJSON(w io.Writer, a *himitsu.Assessment, cat *catalog.Catalog) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(jsonEnvelope{Format: JSONFormat, Catalog: jsonCatalog{Version: cat.Version}, Assessment: withEmptyLists(a)})
}
