package catalog

import (
	"strings"
	"sync"
)

// Item kinds.
const (
	KindAssumedCase = "assumed-case" // one of the 27 assumed cases of §5
	KindScope       = "scope"        // who and what the Guidelines reach (§2–4)
	KindPrinciple   = "principle"    // how findings are to be judged
	KindProvision   = "provision"    // a summary of a cited provision of law
)

// Grade IDs, lowest first. The catalog must define exactly these, in this
// order; the assessment engine relies on the order.
const (
	GradeNoConcern = "no-concern"
	GradeAdvice    = "advice"
	GradeGuidance  = "guidance"
	GradeOrderRisk = "order-risk"
)

// Principle IDs the catalog must define. Their wording lives in the data;
// the IDs are fixed because the assessment engine implements them.
const (
	PrincipleSingleAct            = "single-act"
	PrinciplePracticeOverRules    = "practice-over-rules"
	PrincipleViolationIsHindrance = "violation-is-hindrance"
	PrincipleConcealment          = "concealment"
	PrincipleCumulative           = "cumulative"
	PrinciplePromptRemedy         = "prompt-remedy"
)

var (
	gradeIDs          = []string{GradeNoConcern, GradeAdvice, GradeGuidance, GradeOrderRisk}
	requiredPrinciple = []string{
		PrincipleSingleAct, PrinciplePracticeOverRules, PrincipleViolationIsHindrance,
		PrincipleConcealment, PrincipleCumulative, PrinciplePromptRemedy,
	}
	// registers are the evidence registers of a carrier bundle. Item.Evidence
	// may name only these.
	registers = []string{
		"carrier", "organisations", "services", "datasets", "purposes", "policies",
		"consents", "persons", "accounts", "grants", "org_changes", "training",
		"takeouts", "areas", "entry_logs", "retention_rules", "holdings", "extracts",
		"system_changes", "protections", "risk_assessments", "controls",
		"access_events", "incidents", "recurrence_measures", "regulator_reports",
		"notifications", "complaints", "desk", "attestations",
	}
)

// Registers returns the names of the bundle registers that Item.Evidence may
// refer to, in bundle order.
func Registers() []string { return append([]string(nil), registers...) }

// Text is a text in Japanese and English. Both are always non-empty in a
// loaded catalog.
type Text struct {
	JA string `json:"ja"`
	EN string `json:"en"`
}

// In returns the text in lang: Japanese for "ja" (or a "ja-" tag such as
// "ja-JP"), English for anything else.
func (t Text) In(lang string) string {
	if lang == "ja" || strings.HasPrefix(lang, "ja-") {
		return t.JA
	}
	return t.EN
}

// Catalog is the guideline catalog. A *Catalog returned by Default is shared:
// callers must treat it, and the slices and maps inside it, as read-only.
type Catalog struct {
	Version    string     `json:"version"`   // calendar version, e.g. "2026.11.0"
	Published  string     `json:"published"` // date this version was fixed, YYYY-MM-DD
	Title      Text       `json:"title"`
	Source     Text       `json:"source"` // what it is based on, with the not-legal-advice disclaimer
	Categories []Category `json:"categories"`
	Items      []Item     `json:"items"`
	Judgement  Judgement  `json:"judgement"`

	byID   map[string]int // item ID → index in Items
	byCode map[string]int // item code (upper case) → index in Items
}

// Category groups items; assumed cases belong to the category of their §5
// subsection.
type Category struct {
	ID      string `json:"id"`
	Section string `json:"section"` // e.g. "5(3)(iv)"; "law" for provisions
	Title   Text   `json:"title"`
}

// Item is one entry of the catalog: an assumed case, a scope or principle
// statement, or a cited provision.
type Item struct {
	ID          string   `json:"id"`       // guideline numbering, e.g. "5(3)(iv)iii", "4(2)", "tba-29-1-i"
	Code        string   `json:"code"`     // e.g. "TECH-STALE-ACCESS"
	Kind        string   `json:"kind"`     // one of the Kind constants
	Category    string   `json:"category"` // a Category.ID
	Section     string   `json:"section"`  // e.g. "5(3)(iv)"
	Title       Text     `json:"title"`
	Statement   Text     `json:"statement"`             // the project's own wording
	Citation    Text     `json:"citation"`              // exact section and item
	LegalBasis  []string `json:"legal_basis,omitempty"` // IDs of provision items
	Evidence    []string `json:"evidence,omitempty"`    // register names that decide it
	Signals     []Text   `json:"signals,omitempty"`     // observable signals in records
	Rules       []string `json:"rules,omitempty"`       // IDs of automated rules; non-empty for assumed cases
	Remediation Text     `json:"remediation"`           // what to do
	Weight      int      `json:"weight,omitempty"`      // 1..3 for assumed cases, else 0
}

// Judgement is the grading scheme the assessment engine applies.
type Judgement struct {
	Grades             []Grade        `json:"grades"`              // ordered, lowest first
	SeverityPoints     map[string]int `json:"severity_points"`     // "low", "medium", "high"
	AtRiskFactor       float64        `json:"at_risk_factor"`      // multiplier for at-risk (not indicated) findings
	CategoryThresholds []Threshold    `json:"category_thresholds"` // score → grade for one category; see CategoryGrade
	Principles         []Principle    `json:"principles"`          // the aggregation rules, explained
	// Breadth lets serious findings across many categories raise the
	// overall grade (the cumulative principle); zero values turn a step off.
	Breadth Breadth `json:"breadth,omitzero"`
	// SmallIncidentMaxPersons bounds the incidents the prompt-remedy
	// principle may lower: at most this many persons affected (and
	// neither sensitive data nor a risk of financial damage). Zero means
	// no incident is small enough.
	SmallIncidentMaxPersons int `json:"small_incident_max_persons,omitempty"`
}

// Breadth is the cumulative principle's raise.
type Breadth struct {
	// MinSeverity is the least severity of an indicated finding that
	// counts as serious ("low", "medium" or "high").
	MinSeverity string `json:"min_severity,omitempty"`
	// GuidanceCategories: serious findings in at least this many
	// categories, from more than one act, make the grade at least guidance.
	GuidanceCategories int `json:"guidance_categories,omitempty"`
	// OrderRiskCategories: at least this many categories at guidance or
	// above make the grade order risk.
	OrderRiskCategories int `json:"order_risk_categories,omitempty"`
}

// Grade is a step of the grading ladder.
type Grade struct {
	ID      string `json:"id"`
	Label   Text   `json:"label"`
	Meaning Text   `json:"meaning"`
}

// Threshold maps a category score to a grade.
type Threshold struct {
	MinScore float64 `json:"min_score"`
	Grade    string  `json:"grade"`
}

// Principle is one aggregation rule, explained in both languages.
type Principle struct {
	ID   string `json:"id"`
	Text Text   `json:"text"`
	// Items are the assumed cases the principle turns on, where it turns
	// on particular ones (concealment: 5(3)(i)iii), so that the engine
	// names no item of its own.
	Items []string `json:"items,omitempty"`
}

// Item returns the item with the given ID ("5(3)(iv)iii") or code
// ("TECH-STALE-ACCESS"; case-insensitive).
func (c *Catalog) Item(id string) (Item, bool) {
	if i, ok := c.byID[id]; ok {
		return c.Items[i], true
	}
	if i, ok := c.byCode[strings.ToUpper(id)]; ok {
		return c.Items[i], true
	}
	return Item{}, false
}

// AssumedCases returns the assumed cases of §5 in guideline order (the order
// of the data file, which the tests pin).
func (c *Catalog) AssumedCases() []Item { return c.ItemsOfKind(KindAssumedCase) }

// ItemsOfKind returns the items of one kind in catalog order; kind "" or
// "all" returns every item.
func (c *Catalog) ItemsOfKind(kind string) []Item {
	var out []Item
	for _, it := range c.Items {
		if kind == "" || kind == "all" || it.Kind == kind {
			out = append(out, it)
		}
	}
	return out
}

// Category returns the category with the given ID.
func (c *Catalog) Category(id string) (Category, bool) {
	for _, cat := range c.Categories {
		if cat.ID == id {
			return cat, true
		}
	}
	return Category{}, false
}

// Grade returns the grade with the given ID.
func (c *Catalog) Grade(id string) (Grade, bool) {
	for _, g := range c.Judgement.Grades {
		if g.ID == id {
			return g, true
		}
	}
	return Grade{}, false
}

// Principle returns the judgement principle with the given ID.
func (c *Catalog) Principle(id string) (Principle, bool) {
	for _, p := range c.Judgement.Principles {
		if p.ID == id {
			return p, true
		}
	}
	return Principle{}, false
}

// GradeRank returns the position of grade id on the ladder (0 = lowest), or
// -1 if there is no such grade.
func (j Judgement) GradeRank(id string) int {
	for i, g := range j.Grades {
		if g.ID == id {
			return i
		}
	}
	return -1
}

// CategoryGrade maps a category score to a grade ID. A score of zero (or
// less) gets the first threshold's grade; a positive score gets the grade of
// the last later threshold whose MinScore is at most the score. This is how
// "0 → no-concern, above 0 → advice" is expressed with a MinScore of 0 on the
// second threshold.
func (j Judgement) CategoryGrade(score float64) string {
	if len(j.CategoryThresholds) == 0 {
		return ""
	}
	grade := j.CategoryThresholds[0].Grade
	if score <= 0 {
		return grade
	}
	for _, t := range j.CategoryThresholds[1:] {
		if score >= t.MinScore {
			grade = t.Grade
		}
	}
	return grade
}

func (c *Catalog) index() {
	c.byID = make(map[string]int, len(c.Items))
	c.byCode = make(map[string]int, len(c.Items))
	for i, it := range c.Items {
		c.byID[it.ID] = i
		c.byCode[strings.ToUpper(it.Code)] = i
	}
}

var defaultCatalog = sync.OnceValues(func() (*Catalog, error) { return Parse(embeddedCatalog) })

// Default returns the catalog embedded in the binary, parsed and validated
// once. The result is shared and must not be modified. An error means the
// embedded data is broken, which the package tests rule out.
func Default() (*Catalog, error) { return defaultCatalog() }

// Embedded returns the raw embedded catalog YAML, e.g. to ship it alongside
// an export.
func Embedded() []byte { return append([]byte(nil), embeddedCatalog...) }
