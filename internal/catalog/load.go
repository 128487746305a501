package catalog

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/himitsu-oss/himitsu/internal/oscal"
)

//go:embed data/catalog.yaml
var embeddedCatalog []byte

//go:embed data/catalog.schema.json
var embeddedSchema []byte

const schemaURL = "https://github.com/himitsu-oss/himitsu/internal/catalog/data/catalog.schema.json"

// maxErrors bounds how many problems one Parse reports; a badly broken file
// would otherwise produce thousands of lines.
const maxErrors = 25

// Error is a problem in catalog data. Path locates the field, e.g.
// "items[12](5(3)(i)i).title.ja"; array elements that have an id show it in
// parentheses. Parse returns one *Error or several joined with errors.Join.
type Error struct {
	Path string // field path; empty for problems with the document as a whole
	Msg  string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return "catalog: " + e.Msg
	}
	return "catalog: " + e.Path + ": " + e.Msg
}

// SchemaJSON returns the embedded JSON Schema for the catalog file.
func SchemaJSON() []byte { return append([]byte(nil), embeddedSchema...) }

var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(embeddedSchema))
	if err != nil {
		return nil, fmt.Errorf("catalog: embedded schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("catalog: embedded schema: %w", err)
	}
	s, err := c.Compile(schemaURL)
	if err != nil {
		return nil, fmt.Errorf("catalog: embedded schema: %w", err)
	}
	return s, nil
})

// Parse decodes, validates and indexes a catalog in YAML (JSON is YAML too).
// It never panics on bad input; every failure is an error naming the field
// path (see Error).
func Parse(data []byte) (*Catalog, error) {
	raw, err := decodeYAML(data)
	if err != nil {
		return nil, err
	}
	var errs []error
	conv := converter{budget: maxNodes}
	val := conv.value(raw, nil, &errs)
	if len(errs) > 0 {
		slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
		return nil, joinErrors(errs)
	}
	schema, err := compiledSchema()
	if err != nil {
		return nil, err
	}
	if err := schema.Validate(val); err != nil {
		var verr *jsonschema.ValidationError
		if !errors.As(err, &verr) {
			return nil, &Error{Msg: err.Error()}
		}
		return nil, joinErrors(schemaErrors(val, verr))
	}
	// The schema has fixed the shape, so this round trip only moves the
	// values into Go types; DisallowUnknownFields guards against the schema
	// and the structs drifting apart.
	b, err := json.Marshal(val)
	if err != nil {
		return nil, &Error{Msg: err.Error()}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var c Catalog
	if err := dec.Decode(&c); err != nil {
		return nil, &Error{Msg: "decode: " + err.Error()}
	}
	if errs := c.check(val); len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	c.index()
	return &c, nil
}

// decodeYAML decodes strictly (duplicate keys are errors) into plain values.
// The YAML decoder is third-party code fed with untrusted bytes, so a panic
// in it is turned into an error rather than taking the caller down.
func decodeYAML(data []byte) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, &Error{Msg: fmt.Sprintf("yaml: decoder failed: %v", r)}
		}
	}()
	if err := yaml.UnmarshalWithOptions(data, &v, yaml.Strict()); err != nil {
		return nil, &Error{Msg: "yaml: " + err.Error()}
	}
	return v, nil
}

// Limits on the decoded document. YAML aliases let a few bytes expand into
// an exponentially large tree ("billion laughs"); the real catalog has a few
// thousand nodes and a depth below ten.
const (
	maxNodes = 200_000
	maxDepth = 64
)

// converter turns decoded YAML into the values a JSON decoder would have
// produced (map[string]any, []any, string, bool, nil, numbers), which is what
// the schema validator and encoding/json accept, within a node budget.
type converter struct {
	budget int
	failed bool
}

// value converts v. Problems are appended to errs with their path.
func (cv *converter) value(v any, path []string, errs *[]error) any {
	if cv.failed {
		return nil
	}
	cv.budget--
	if cv.budget < 0 || len(path) > maxDepth {
		cv.failed = true
		*errs = append(*errs, &Error{Path: dotted(path), Msg: fmt.Sprintf("document too large or too deeply nested (limits: %d values, depth %d)", maxNodes, maxDepth)})
		return nil
	}
	switch v := v.(type) {
	case nil, bool, string:
		return v
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return v
	case float32:
		return cv.value(float64(v), path, errs)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			*errs = append(*errs, &Error{Path: dotted(path), Msg: "number must be finite"})
			return nil
		}
		return v
	case time.Time:
		*errs = append(*errs, &Error{Path: dotted(path), Msg: "timestamp values must be quoted strings"})
		return nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = cv.value(e, append(path, strconv.Itoa(i)), errs)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = cv.value(e, append(path, k), errs)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			ks, ok := k.(string)
			if !ok {
				*errs = append(*errs, &Error{Path: dotted(path), Msg: fmt.Sprintf("mapping key %v must be a string", k)})
				continue
			}
			out[ks] = cv.value(e, append(path, ks), errs)
		}
		return out
	default:
		*errs = append(*errs, &Error{Path: dotted(path), Msg: fmt.Sprintf("unsupported YAML value of type %T", v)})
		return nil
	}
}

// dotted renders a path without looking at values: a.b[3].c.
func dotted(path []string) string { return fieldPath(nil, path) }

// fieldPath renders an instance location as items[3](5(1)i).title.ja. When
// root is given, array elements that are objects with an "id" get the id in
// parentheses, which is what an editor searches the YAML for.
func fieldPath(root any, path []string) string {
	var sb strings.Builder
	cur := root
	for _, tok := range path {
		arr, isArr := cur.([]any)
		idx, err := strconv.Atoi(tok)
		switch {
		case isArr && err == nil && idx >= 0 && idx < len(arr):
			fmt.Fprintf(&sb, "[%d]", idx)
			cur = arr[idx]
			if m, ok := cur.(map[string]any); ok {
				if id, ok := m["id"].(string); ok && id != "" {
					fmt.Fprintf(&sb, "(%s)", id)
				}
			}
		case root == nil && err == nil && sb.Len() > 0:
			fmt.Fprintf(&sb, "[%d]", idx)
		default:
			if sb.Len() > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(tok)
			if m, ok := cur.(map[string]any); ok {
				cur = m[tok]
			} else {
				cur = nil
			}
		}
	}
	if sb.Len() == 0 {
		return "(root)"
	}
	return sb.String()
}

// schemaErrors flattens a validation error tree into one *Error per leaf,
// naming the offending field itself for missing and unknown properties.
func schemaErrors(root any, verr *jsonschema.ValidationError) []error {
	type located struct {
		path []string
		err  *Error
	}
	var found []located
	seen := map[string]bool{}
	add := func(path []string, msg string) {
		e := &Error{Path: fieldPath(root, path), Msg: msg}
		if !seen[e.Error()] {
			seen[e.Error()] = true
			found = append(found, located{path, e})
		}
	}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		switch k := e.ErrorKind.(type) {
		case *kind.Required:
			for _, p := range k.Missing {
				add(append(slices.Clone(e.InstanceLocation), p), "required field is missing")
			}
		case *kind.AdditionalProperties:
			for _, p := range k.Properties {
				add(append(slices.Clone(e.InstanceLocation), p), "unknown field")
			}
		default:
			msg := e.Error()
			if u := e.BasicOutput(); u != nil && u.Error != nil {
				msg = u.Error.String()
			}
			add(e.InstanceLocation, msg)
		}
	}
	walk(verr)
	// The validator visits object properties in map order; sort by document
	// position (array indices numerically) so the report is deterministic.
	slices.SortStableFunc(found, func(a, b located) int {
		if c := comparePaths(a.path, b.path); c != 0 {
			return c
		}
		return strings.Compare(a.err.Msg, b.err.Msg)
	})
	out := make([]error, len(found))
	for i, f := range found {
		out[i] = f.err
	}
	return out
}

func comparePaths(a, b []string) int {
	for i := range min(len(a), len(b)) {
		ai, aerr := strconv.Atoi(a[i])
		bi, berr := strconv.Atoi(b[i])
		var c int
		if aerr == nil && berr == nil {
			c = ai - bi
		} else {
			c = strings.Compare(a[i], b[i])
		}
		if c != 0 {
			return c
		}
	}
	return len(a) - len(b)
}

func joinErrors(errs []error) error {
	if len(errs) > maxErrors {
		more := len(errs) - maxErrors
		errs = append(errs[:maxErrors:maxErrors], &Error{Msg: fmt.Sprintf("... and %d more problems", more)})
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

var romanItem = regexp.MustCompile(`^(i|ii|iii|iv|v|vi|vii|viii|ix|x)$`)

// check verifies what the schema cannot: cross-references, uniqueness and
// per-kind requirements. raw is the validated JSON value, used only to
// render paths with ids.
func (c *Catalog) check(raw any) []error {
	var errs []error
	bad := func(msg string, path ...string) {
		errs = append(errs, &Error{Path: fieldPath(raw, path), Msg: msg})
	}
	checkText := func(t Text, path ...string) {
		if strings.TrimSpace(t.JA) == "" {
			bad("Japanese text is empty", append(path, "ja")...)
		}
		if strings.TrimSpace(t.EN) == "" {
			bad("English text is empty", append(path, "en")...)
		}
	}

	if pub, err := time.Parse(time.DateOnly, c.Published); err != nil {
		bad("not a valid date: "+err.Error(), "published")
	} else if want := pub.Format("2006.01."); !strings.HasPrefix(c.Version, want) {
		bad(fmt.Sprintf("version %q does not start with the published year and month %q", c.Version, want), "version")
	}
	checkText(c.Title, "title")
	checkText(c.Source, "source")

	cats := map[string]Category{}
	for i, cat := range c.Categories {
		p := []string{"categories", strconv.Itoa(i)}
		if _, dup := cats[cat.ID]; dup {
			bad(fmt.Sprintf("duplicate category id %q", cat.ID), append(p, "id")...)
		}
		cats[cat.ID] = cat
		checkText(cat.Title, append(p, "title")...)
	}

	ids := map[string]int{}
	codes := map[string]int{}
	controlIDs := map[string]string{}
	rules := map[string]string{}
	kinds := map[string]string{}
	for _, it := range c.Items {
		kinds[it.ID] = it.Kind
	}
	knownRegister := map[string]bool{}
	for _, r := range registers {
		knownRegister[r] = true
	}
	for i, it := range c.Items {
		p := []string{"items", strconv.Itoa(i)}
		at := func(field ...string) []string { return append(slices.Clone(p), field...) }
		if j, dup := ids[it.ID]; dup {
			bad(fmt.Sprintf("duplicate item id %q (also items[%d])", it.ID, j), at("id")...)
		} else {
			ids[it.ID] = i
		}
		code := strings.ToUpper(it.Code)
		if j, dup := codes[code]; dup {
			bad(fmt.Sprintf("duplicate item code %q (also items[%d])", it.Code, j), at("code")...)
		} else {
			codes[code] = i
		}
		cid := oscal.ID(it.ID)
		if other, dup := controlIDs[cid]; dup && other != it.ID {
			bad(fmt.Sprintf("id maps to OSCAL control id %q, as does %q", cid, other), at("id")...)
		}
		controlIDs[cid] = it.ID

		cat, ok := cats[it.Category]
		if !ok {
			bad(fmt.Sprintf("unknown category %q", it.Category), at("category")...)
		}
		if (it.Kind == KindProvision) != (it.Category == "provisions") {
			bad(fmt.Sprintf("kind %q and category %q do not match: provisions, and only they, belong to category \"provisions\"", it.Kind, it.Category), at("category")...)
		}
		for _, f := range []struct {
			name string
			t    Text
		}{{"title", it.Title}, {"statement", it.Statement}, {"citation", it.Citation}, {"remediation", it.Remediation}} {
			checkText(f.t, at(f.name)...)
		}
		for j, s := range it.Signals {
			checkText(s, at("signals", strconv.Itoa(j))...)
		}
		for j, lb := range it.LegalBasis {
			switch k, ok := kinds[lb]; {
			case !ok:
				bad(fmt.Sprintf("unknown item %q", lb), at("legal_basis", strconv.Itoa(j))...)
			case k != KindProvision:
				bad(fmt.Sprintf("item %q is a %s, not a provision", lb, k), at("legal_basis", strconv.Itoa(j))...)
			}
		}
		for j, ev := range it.Evidence {
			if !knownRegister[ev] {
				bad(fmt.Sprintf("unknown evidence register %q", ev), at("evidence", strconv.Itoa(j))...)
			}
		}
		for j, r := range it.Rules {
			if other, dup := rules[r]; dup {
				bad(fmt.Sprintf("rule %q is already attached to item %q", r, other), at("rules", strconv.Itoa(j))...)
			}
			rules[r] = it.ID
		}

		if it.Kind != KindAssumedCase {
			if len(it.Rules) > 0 {
				bad("only assumed cases carry rules", at("rules")...)
			}
			if it.Weight != 0 {
				bad("only assumed cases carry a weight", at("weight")...)
			}
			continue
		}
		// Assumed cases: numbering, and everything the engine needs.
		if ok && cat.Section != it.Section {
			bad(fmt.Sprintf("section %q differs from its category's section %q", it.Section, cat.Section), at("section")...)
		}
		if rest, found := strings.CutPrefix(it.ID, it.Section); !found || !romanItem.MatchString(rest) {
			bad(fmt.Sprintf("assumed-case id must be the section followed by a roman item number, e.g. %q", it.Section+"i"), at("id")...)
		}
		if len(it.Rules) == 0 {
			bad("an assumed case needs at least one rule", at("rules")...)
		}
		if it.Weight < 1 || it.Weight > 3 {
			bad(fmt.Sprintf("weight %d out of range 1..3", it.Weight), at("weight")...)
		}
		if len(it.LegalBasis) == 0 {
			bad("an assumed case needs a legal basis", at("legal_basis")...)
		}
		if len(it.Evidence) == 0 {
			bad("an assumed case needs at least one evidence register", at("evidence")...)
		}
		if n := len(it.Signals); n < 2 || n > 4 {
			bad(fmt.Sprintf("an assumed case needs 2 to 4 signals, got %d", n), at("signals")...)
		}
	}

	errs = append(errs, c.Judgement.check(raw)...)
	cases := map[string]bool{}
	for _, it := range c.Items {
		cases[it.ID] = it.Kind == KindAssumedCase
	}
	for i, pr := range c.Judgement.Principles {
		for k, id := range pr.Items {
			if !cases[id] {
				bad(fmt.Sprintf("%q is not an assumed case of this catalog", id), "judgement", "principles", strconv.Itoa(i), "items", strconv.Itoa(k))
			}
		}
	}
	return errs
}

func (j Judgement) check(raw any) []error {
	var errs []error
	bad := func(msg string, path ...string) {
		errs = append(errs, &Error{Path: fieldPath(raw, append([]string{"judgement"}, path...)), Msg: msg})
	}
	got := make([]string, len(j.Grades))
	for i, g := range j.Grades {
		got[i] = g.ID
	}
	if !slices.Equal(got, gradeIDs) {
		bad(fmt.Sprintf("grades must be %v in this order, got %v", gradeIDs, got), "grades")
	}
	if lo, mid, hi := j.SeverityPoints["low"], j.SeverityPoints["medium"], j.SeverityPoints["high"]; !(lo < mid && mid < hi) {
		bad(fmt.Sprintf("points must increase from low to high, got %d, %d, %d", lo, mid, hi), "severity_points")
	}
	if !(j.AtRiskFactor > 0 && j.AtRiskFactor <= 1) {
		bad(fmt.Sprintf("%v out of range (0, 1]", j.AtRiskFactor), "at_risk_factor")
	}
	prevRank := -1
	for i, t := range j.CategoryThresholds {
		p := []string{"category_thresholds", strconv.Itoa(i)}
		rank := j.GradeRank(t.Grade)
		switch {
		case rank < 0:
			bad(fmt.Sprintf("unknown grade %q", t.Grade), append(p, "grade")...)
		case rank <= prevRank:
			bad(fmt.Sprintf("grade %q does not rise above the previous threshold's grade", t.Grade), append(p, "grade")...)
		}
		prevRank = max(prevRank, rank)
		switch {
		case i == 0 && t.MinScore != 0:
			bad("the first threshold (score 0) must have min_score 0", append(p, "min_score")...)
		case i >= 2 && t.MinScore <= j.CategoryThresholds[i-1].MinScore:
			bad(fmt.Sprintf("min_score %v must exceed the previous threshold's %v", t.MinScore, j.CategoryThresholds[i-1].MinScore), append(p, "min_score")...)
		}
	}
	if b := j.Breadth; b != (Breadth{}) {
		if _, ok := j.SeverityPoints[b.MinSeverity]; !ok {
			bad(fmt.Sprintf("min_severity %q is not one of low, medium, high", b.MinSeverity), "breadth", "min_severity")
		}
	}
	seen := map[string]bool{}
	for i, p := range j.Principles {
		if seen[p.ID] {
			bad(fmt.Sprintf("duplicate principle id %q", p.ID), "principles", strconv.Itoa(i), "id")
		}
		seen[p.ID] = true
	}
	for _, id := range requiredPrinciple {
		if !seen[id] {
			bad(fmt.Sprintf("required principle %q is missing", id), "principles")
		}
	}
	return errs
}
