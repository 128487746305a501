package decide

import (
	"slices"
	"sync/atomic"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// Warrant is a court warrant that makes obtaining secrecy information an
// act under law (Penal Code Art. 35), as the decision point enforces it.
// Warrants come from the register of law-enforcement requests
// (law_enforcement_requests, kind "warrant"): see WarrantsOf. A warrant
// covers the listed subscribers (pseudonyms) and data elements (empty: all
// elements of the listed data sets) from ValidFrom until ValidUntil,
// inclusive.
type Warrant struct {
	ID         string    `json:"id"`
	Subjects   []string  `json:"subjects"`
	DataSets   []string  `json:"datasets"`
	Elements   []string  `json:"elements,omitempty"`
	ValidFrom  time.Time `json:"valid_from"`
	ValidUntil time.Time `json:"valid_until"`
}

// WarrantsOf returns the warrants of the register of law-enforcement
// requests. Only requests of kind "warrant" count: a voluntary inquiry
// (捜査関係事項照会) or an emergency request is not an order under law that
// makes the act lawful by itself, so it gives no basis here (an emergency
// may be necessity, a purpose of its own). A warrant without an end of
// validity is kept, but it allows nothing: the decision point does not
// guess how long a court's order runs. An empty start is the day the
// request was received.
func WarrantsOf(rec *himitsu.Records) []Warrant {
	var ws []Warrant
	for i := range rec.LawEnforcementRequests {
		r := &rec.LawEnforcementRequests[i]
		if r.Kind != himitsu.RequestWarrant {
			continue
		}
		from := r.ValidFrom
		if from.IsZero() {
			from = r.ReceivedAt
		}
		until := r.ValidUntil
		if until.IsZero() {
			until = from.Add(-time.Nanosecond) // an empty window
		}
		ws = append(ws, Warrant{ID: r.ID, Subjects: slices.Clone(r.Subjects), DataSets: slices.Clone(r.DataSets), Elements: slices.Clone(r.Elements),
			ValidFrom: from, ValidUntil: until})
	}
	return ws
}

// Options are the carrier's settings the records do not hold.
type Options struct {
	// LawfulOps is the carrier's list of operations whose handling of
	// secrecy information is a lawful business act. Empty: the operations
	// the guideline's commentary names (charging, billing, complaints,
	// preventing unauthorized use, network operation). "other" is never
	// on the default list: an operation the carrier has not named cannot
	// be judged lawful by a machine.
	LawfulOps []himitsu.LawfulBusiness
	// BulkLimit is how many subscribers one request may concern without a
	// second person's approval; 0 means 100 [verify: the carrier sets it].
	BulkLimit int
	// BulkLimits overrides BulkLimit per person ID.
	BulkLimits map[string]int
}

// DefaultLawfulOps is the commentary's list of lawful business operations.
var DefaultLawfulOps = []himitsu.LawfulBusiness{"charging", "billing", "complaints", "fraud-prevention", "network-operation"}

// DefaultBulkLimit is the number of subscribers above which a request
// needs a second approver when Options.BulkLimit is not set.
const DefaultBulkLimit = 100

type actorKey struct {
	account bool
	id      string
	dataset string
}

type account struct {
	*himitsu.Account
	shared bool
}

type consentKey struct{ subject, purpose string }

// Consented is a consent record with its verdict, as the decision point
// keeps it: the verdict depends only on the consent and its purpose, so it
// is computed once.
type Consented struct {
	Rec     *himitsu.Consent
	Verdict Verdict
}

type dataset struct {
	rec      *himitsu.DataSet
	elements map[string]himitsu.SecrecyClass
}

type purpose struct {
	rec      *himitsu.Purpose
	datasets map[string]bool
	classes  map[himitsu.SecrecyClass]bool
	lawful   bool
}

// Snapshot is an immutable index of one carrier's records for deciding.
// It is never changed after Build; a new version of the records is a new
// Snapshot, swapped in whole by a Holder.
type Snapshot struct {
	Carrier  string
	Version  uint64
	BuiltAt  time.Time
	persons  map[string]*himitsu.Person
	accounts map[string]*account
	datasets map[string]*dataset
	purposes map[string]*purpose
	grants   map[actorKey][]*himitsu.Grant
	consents map[consentKey][]Consented
	warrants map[string]*Warrant
	opt      Options
}

// Build indexes rec. It copies what it keeps, so rec may be changed or
// dropped afterwards. Consent verdicts are computed once here, because
// they depend only on the consent and its purpose.
func Build(rec *himitsu.Records, opt Options, version uint64, now time.Time) *Snapshot {
	s := &Snapshot{
		Carrier:  rec.Carrier.ID,
		Version:  version,
		BuiltAt:  now,
		persons:  make(map[string]*himitsu.Person, len(rec.Persons)),
		accounts: make(map[string]*account, len(rec.Accounts)),
		datasets: make(map[string]*dataset, len(rec.DataSets)),
		purposes: make(map[string]*purpose, len(rec.Purposes)),
		grants:   make(map[actorKey][]*himitsu.Grant),
		consents: make(map[consentKey][]Consented, len(rec.Consents)),
		warrants: map[string]*Warrant{},
		opt:      opt,
	}
	if len(s.opt.LawfulOps) == 0 {
		s.opt.LawfulOps = DefaultLawfulOps
	}
	if s.opt.BulkLimit <= 0 {
		s.opt.BulkLimit = DefaultBulkLimit
	}
	for i := range rec.Persons {
		p := rec.Persons[i]
		s.persons[p.ID] = &p
	}
	for i := range rec.Accounts {
		a := rec.Accounts[i]
		s.accounts[a.ID] = &account{Account: &a, shared: SharedAccount(&a)}
	}
	for i := range rec.DataSets {
		d := rec.DataSets[i]
		d.Elements = slices.Clone(d.Elements)
		ds := &dataset{rec: &d, elements: make(map[string]himitsu.SecrecyClass, len(d.Elements))}
		for _, e := range d.Elements {
			ds.elements[e.Name] = e.Class
		}
		s.datasets[d.ID] = ds
	}
	for i := range rec.Purposes {
		p := rec.Purposes[i]
		pp := &purpose{rec: &p, datasets: map[string]bool{}, classes: map[himitsu.SecrecyClass]bool{}}
		for _, d := range p.DataSets {
			pp.datasets[d] = true
		}
		for _, c := range p.Classes {
			pp.classes[c] = true
		}
		pp.lawful = slices.Contains(s.opt.LawfulOps, p.LawfulBusiness)
		s.purposes[p.ID] = pp
	}
	for i := range rec.Grants {
		g := rec.Grants[i]
		if g.Person != "" {
			k := actorKey{id: g.Person, dataset: g.DataSet}
			s.grants[k] = append(s.grants[k], &g)
		}
		if g.Account != "" {
			k := actorKey{account: true, id: g.Account, dataset: g.DataSet}
			s.grants[k] = append(s.grants[k], &g)
		}
	}
	for i := range rec.Consents {
		c := rec.Consents[i]
		var p *himitsu.Purpose
		if pp := s.purposes[c.Purpose]; pp != nil {
			p = pp.rec
		}
		k := consentKey{c.Subscriber, c.Purpose}
		c.Elements = slices.Clone(c.Elements)
		s.consents[k] = append(s.consents[k], Consented{Rec: &c, Verdict: EvaluateConsent(&c, p)})
	}
	for _, w := range WarrantsOf(rec) {
		s.warrants[w.ID] = &w
	}
	return s
}

// Holder keeps the current Snapshot. Readers load it without a lock; a
// reload builds a new Snapshot and swaps the pointer, so a decision sees
// either the old records or the new ones, never a mixture.
type Holder struct {
	p atomic.Pointer[Snapshot]
}

// Load returns the current snapshot, or nil before the first Store.
func (h *Holder) Load() *Snapshot { return h.p.Load() }

// Store makes s the current snapshot.
func (h *Holder) Store(s *Snapshot) { h.p.Store(s) }

// Decide decides r over the current snapshot; without one it denies.
func (h *Holder) Decide(r *Request) Decision {
	s := h.p.Load()
	if s == nil {
		return Decision{Reason: ReasonNoSnapshot, Rule: "snapshot"}
	}
	return s.Decide(r)
}
