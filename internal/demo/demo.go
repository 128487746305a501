package demo

import (
	"hash/fnv"
	"math/rand/v2"
	"reflect"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// Options steer Generate. The zero value is valid: seed 0, scale 1, and the
// default assessment day.
type Options struct {
	// Seed selects one of many equally realistic carriers; the same seed
	// always gives the same records and the same event streams.
	Seed int64
	// Scale multiplies subscribers, consents, access events, entry logs and
	// complaints linearly, and the workforce by ceil(Scale/10). Zero means 1.
	Scale int
	// AsOf is the assessment day; every record lies before it. The zero
	// Date means DefaultAsOf().
	AsOf himitsu.Date
}

// DefaultAsOf returns the assessment day used when Options.AsOf is zero.
func DefaultAsOf() himitsu.Date { return himitsu.Date{Year: 2026, Month: time.November, Day: 1} }

// MaxScale bounds Scale so that indices and IDs stay within their formats
// (ev-%012d allows 10^12 events; consents and persons are held in memory).
const MaxScale = 10000

// Weakness is one deliberately planted departure from docs/rules.md: the
// rule that should report it, the catalog item, and the exact records that
// carry it. Every record not named in some Weakness is meant to be clean.
type Weakness struct {
	Rule        string       `json:"rule"`
	Item        string       `json:"item"`
	Register    string       `json:"register"`
	IDs         []string     `json:"ids"`
	Description himitsu.Text `json:"description"`
}

// Carrier is a generated carrier: its registers, its two large logs as
// deterministic streams, the planted weaknesses, and the number of records
// in every register (including access_events and entry_logs).
type Carrier struct {
	Records    *himitsu.Records
	Events     himitsu.EventSource
	Weaknesses []Weakness
	// Questions are facts the carrier deliberately leaves unknown: each
	// makes its rule ask for an attestation (needs-attestation) about
	// exactly the records named, and find nothing on them.
	Questions []Weakness
	Counts    map[string]int
}

// Sizes at scale 1. Generate multiplies them as Options.Scale documents.
const (
	baseSubscribers  = 20000
	baseAccessEvents = 1000000
	baseEntryPairs   = 25000 // an entry and its exit: about 50,000 lines
	baseComplaints   = 2000
	windowDays       = 183 // the six months of logs before AsOf
	mobileShare      = 0.7 // the rest of the subscribers are ISP customers
)

// Generate builds the demo carrier described in the package comment. It
// fails only for options out of range, with a KindInvalid error.
func Generate(opts Options) (*Carrier, error) {
	if opts.Scale < 0 || opts.Scale > MaxScale {
		return nil, &himitsu.Error{Op: "demo.Generate", Kind: himitsu.KindInvalid, Field: "scale",
			Msg: "scale must be between 1 and 10000"}
	}
	if opts.Scale == 0 {
		opts.Scale = 1
	}
	if opts.AsOf.IsZero() {
		opts.AsOf = DefaultAsOf()
	}
	g := newGen(opts)
	g.organisation()
	g.people()
	g.subscribers()
	g.accessSource()
	g.plantedEvents()
	g.finishAccessSource()
	g.entrySource()
	g.complaints()
	g.incidents()
	recordFacts(reflect.ValueOf(g.rec).Elem())
	g.openQuestions()
	return g.carrier(), nil
}

// gen holds the state of one generation. Fields are filled section by
// section in the order Generate calls them.
type gen struct {
	opts      Options
	questions []Weakness
	scale     int
	reps      int // workforce replicas, ceil(scale/10)
	asOf      himitsu.Date
	// winStart is the first day of the six-month log window.
	winStart himitsu.Date
	reorgOn  himitsu.Date
	rec      *himitsu.Records
	weak     []Weakness

	persons []*personInfo
	byKey   map[string][]*personInfo // team key → members
	accIDs  map[string]string        // person ID + "|" + system → account ID
	dsByID  map[string]*himitsu.DataSet
	grantN  int

	subs        []string // pseudonyms; indices below nMobile are mobile
	nMobile     int
	marketingCs []int   // indices into rec.Consents of the marketing purpose
	locationCs  []int   // and of the location-based offers
	consentSub  []int32 // consent index → subscriber index

	acc   *accessSource
	entry *entrySource

	// Planted records, remembered for the Weakness list.
	dnsExporter    *personInfo
	untrained      []string
	leakIncident   string
	takeoutPlanted []string
}

func newGen(opts Options) *gen {
	g := &gen{
		opts:   opts,
		scale:  opts.Scale,
		reps:   (opts.Scale + 9) / 10,
		asOf:   opts.AsOf,
		rec:    &himitsu.Records{},
		byKey:  map[string][]*personInfo{},
		accIDs: map[string]string{},
		dsByID: map[string]*himitsu.DataSet{},
	}
	g.winStart = g.asOf.AddDays(-windowDays)
	g.reorgOn = g.asOf.AddDays(-123)
	return g
}

// rand returns a generator for one section. Sections draw from their own
// streams so that a change in one leaves the others as they were.
func (g *gen) rand(section string) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(g.opts.Seed), labelHash(section)))
}

func labelHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// day returns the date n days after AsOf (n is usually negative).
func (g *gen) day(n int) himitsu.Date { return g.asOf.AddDays(n) }

// at returns a time of day on d in Japan.
func at(d himitsu.Date, hour, minute int) time.Time {
	return d.Time().Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
}

func (g *gen) carrier() *Carrier {
	counts := map[string]int{
		"carrier":                  1,
		"desk":                     1,
		"organisations":            len(g.rec.Organisations),
		"services":                 len(g.rec.Services),
		"datasets":                 len(g.rec.DataSets),
		"purposes":                 len(g.rec.Purposes),
		"policies":                 len(g.rec.Policies),
		"persons":                  len(g.rec.Persons),
		"accounts":                 len(g.rec.Accounts),
		"grants":                   len(g.rec.Grants),
		"org_changes":              len(g.rec.OrgChanges),
		"training":                 len(g.rec.Training),
		"takeouts":                 len(g.rec.Takeouts),
		"areas":                    len(g.rec.Areas),
		"retention_rules":          len(g.rec.RetentionRules),
		"holdings":                 len(g.rec.Holdings),
		"extracts":                 len(g.rec.Extracts),
		"system_changes":           len(g.rec.SystemChanges),
		"protections":              len(g.rec.Protections),
		"risk_assessments":         len(g.rec.RiskAssessments),
		"controls":                 len(g.rec.Controls),
		"consents":                 len(g.rec.Consents),
		"incidents":                len(g.rec.Incidents),
		"recurrence_measures":      len(g.rec.RecurrenceMeasures),
		"regulator_reports":        len(g.rec.RegulatorReports),
		"notifications":            len(g.rec.Notifications),
		"complaints":               len(g.rec.Complaints),
		"attestations":             len(g.rec.Attestations),
		"law_enforcement_requests": len(g.rec.LawEnforcementRequests),
		"access_events":            int(g.acc.n),
		"entry_logs":               int(g.entry.lines),
	}
	return &Carrier{
		Records:    g.rec,
		Events:     &source{acc: g.acc, entry: g.entry},
		Weaknesses: g.weak,
		Questions:  g.questions,
		Counts:     counts,
	}
}

func (g *gen) plant(w Weakness) { g.weak = append(g.weak, w) }

// openQuestions leaves a few facts unknown, as real records do, and adds
// rows that use the later parts of the format: a consent row that stands
// for many, data sets that say where they are stored and operated from.
// None of it is a weakness; the unknown facts are questions.
func (g *gen) openQuestions() {
	for i := range g.rec.DataSets {
		g.rec.DataSets[i].StoredIn = []string{"JP"}
		g.rec.DataSets[i].OperatedFrom = []string{"JP"}
	}
	// The billing replica was made before approvals were recorded.
	for i := range g.rec.Extracts {
		if x := &g.rec.Extracts[i]; x.ID == "ext-billing-replica" {
			x.Approved = himitsu.Unknown
		}
	}
	g.questions = append(g.questions, Weakness{Rule: "tech.extract-exposure", Item: "5(3)(iv)iv", Register: "extracts", IDs: []string{"ext-billing-replica"},
		Description: himitsu.Text{
			JA: "請求データの参照用複製が承認を得たかは記録されていない。",
			EN: "Whether the billing replica was approved is not on record."}})
	// Offers shown in the app before the consent screen existed: on by
	// default with notice, one row for all of them; whether users could
	// switch them off at no cost is not on record.
	g.rec.Consents = append(g.rec.Consents, himitsu.Consent{ID: "cs-offers-notice-2024", Service: svcLocation, Purpose: purLocation,
		NoticeVersion: "2024-04", Method: himitsu.ConsentDefaultOnWithNotice, SpecificPurpose: himitsu.Yes, ElementsListed: himitsu.Yes,
		SeparateFromTerms: himitsu.Yes, Affirmative: himitsu.No, AdvanceNotice: himitsu.Yes, FreeOptOut: himitsu.Unknown,
		WithdrawalChannel: "app", GivenAt: at(himitsu.Date{Year: 2024, Month: 4, Day: 1}, 9, 0), WithdrawnAt: at(himitsu.Date{Year: 2024, Month: 6, Day: 30}, 23, 0),
		Count: 1200 * g.scale})
	g.questions = append(g.questions, Weakness{Rule: "use.consent-quality", Item: "5(2)ii", Register: "consents", IDs: []string{"cs-offers-notice-2024"},
		Description: himitsu.Text{
			JA: "2024年に既定で有効とした通知付きの同意（一行で件数を記録）について、無償で随時オプトアウトできたかが記録されていない。",
			EN: "For the default-on-with-notice consents of 2024 (one row with a count), whether users could opt out at any time at no cost is not on record."}})
}

// recordFacts records as false every fact the sections above left unset:
// the demo carrier keeps complete records, and a fact it does not state
// as true is one it knows to be false. Sections that mean a fact to be
// unknown say so after this runs.
func recordFacts(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				recordFacts(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			recordFacts(v.Index(i))
		}
	case reflect.Uint8:
		if v.Type() == reflect.TypeFor[himitsu.Fact]() && v.Uint() == uint64(himitsu.Unknown) {
			v.SetUint(uint64(himitsu.No))
		}
	}
}
