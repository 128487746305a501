package himitsu

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strings"
)

// Records is everything one carrier keeps, except the two logs that can
// grow to hundreds of millions of rows (access events and entry logs),
// which are read as streams through an EventSource. The json names of the
// fields are the register names used by the bundle, the store and the
// catalog's evidence lists.
type Records struct {
	Carrier         Carrier          `json:"carrier"`
	Organisations   []Organisation   `json:"organisations,omitempty"`
	Services        []Service        `json:"services,omitempty"`
	DataSets        []DataSet        `json:"datasets,omitempty"`
	Purposes        []Purpose        `json:"purposes,omitempty"`
	Policies        []Policy         `json:"policies,omitempty"`
	Areas           []Area           `json:"areas,omitempty"`
	RetentionRules  []RetentionRule  `json:"retention_rules,omitempty"`
	Holdings        []Holding        `json:"holdings,omitempty"`
	Extracts        []Extract        `json:"extracts,omitempty"`
	Protections     []Protection     `json:"protections,omitempty"`
	RiskAssessments []RiskAssessment `json:"risk_assessments,omitempty"`
	Controls        []Control        `json:"controls,omitempty"`
	Incidents       []Incident       `json:"incidents,omitempty"`
	// IncidentClassifications is the append-only history of how each
	// incident was classified and by whom.
	IncidentClassifications []IncidentClassification `json:"incident_classifications,omitempty"`
	RecurrenceMeasures      []RecurrenceMeasure      `json:"recurrence_measures,omitempty"`
	RegulatorReports        []RegulatorReport        `json:"regulator_reports,omitempty"`
	Notifications           []Notification           `json:"notifications,omitempty"`
	Desk                    Desk                     `json:"desk"`
	Attestations            []Attestation            `json:"attestations,omitempty"`
	// LawEnforcementRequests is the register of warrants and inquiries.
	LawEnforcementRequests []LawEnforcementRequest `json:"law_enforcement_requests,omitempty"`
	// Tabular registers: in a bundle these are CSV or JSONL files.
	Persons       []Person       `json:"persons,omitempty"`
	Accounts      []Account      `json:"accounts,omitempty"`
	Grants        []Grant        `json:"grants,omitempty"`
	OrgChanges    []OrgChange    `json:"org_changes,omitempty"`
	Training      []Training     `json:"training,omitempty"`
	Takeouts      []Takeout      `json:"takeouts,omitempty"`
	SystemChanges []SystemChange `json:"system_changes,omitempty"`
	Consents      []Consent      `json:"consents,omitempty"`
	Complaints    []Complaint    `json:"complaints,omitempty"`
}

// Register describes one register: its name (as in Records' json tags and
// the catalog's evidence lists), its record type, and where a bundle keeps it.
type Register struct {
	Name string
	Type reflect.Type // the record struct type
	// Tabular registers are CSV or JSONL files in a bundle; the others are
	// sections of carrier.yaml.
	Tabular bool
	// Stream registers are not held in Records but read through an EventSource.
	Stream bool
}

// RegisterList lists every register in dependency order: a register refers
// only to registers listed before it, except for the few references that
// the order cannot satisfy (persons ↔ policies approvals, incidents ↔
// system changes), which are checked after all registers are read.
var RegisterList = []Register{
	{Name: "carrier", Type: reflect.TypeFor[Carrier]()},
	{Name: "organisations", Type: reflect.TypeFor[Organisation]()},
	{Name: "services", Type: reflect.TypeFor[Service]()},
	{Name: "datasets", Type: reflect.TypeFor[DataSet]()},
	{Name: "purposes", Type: reflect.TypeFor[Purpose]()},
	{Name: "policies", Type: reflect.TypeFor[Policy]()},
	{Name: "persons", Type: reflect.TypeFor[Person](), Tabular: true},
	{Name: "accounts", Type: reflect.TypeFor[Account](), Tabular: true},
	{Name: "grants", Type: reflect.TypeFor[Grant](), Tabular: true},
	{Name: "org_changes", Type: reflect.TypeFor[OrgChange](), Tabular: true},
	{Name: "training", Type: reflect.TypeFor[Training](), Tabular: true},
	{Name: "takeouts", Type: reflect.TypeFor[Takeout](), Tabular: true},
	{Name: "areas", Type: reflect.TypeFor[Area]()},
	{Name: "retention_rules", Type: reflect.TypeFor[RetentionRule]()},
	{Name: "holdings", Type: reflect.TypeFor[Holding]()},
	{Name: "extracts", Type: reflect.TypeFor[Extract]()},
	{Name: "system_changes", Type: reflect.TypeFor[SystemChange](), Tabular: true},
	{Name: "protections", Type: reflect.TypeFor[Protection]()},
	{Name: "risk_assessments", Type: reflect.TypeFor[RiskAssessment]()},
	{Name: "controls", Type: reflect.TypeFor[Control]()},
	{Name: "consents", Type: reflect.TypeFor[Consent](), Tabular: true},
	{Name: "incidents", Type: reflect.TypeFor[Incident]()},
	{Name: "incident_classifications", Type: reflect.TypeFor[IncidentClassification]()},
	{Name: "recurrence_measures", Type: reflect.TypeFor[RecurrenceMeasure]()},
	{Name: "regulator_reports", Type: reflect.TypeFor[RegulatorReport]()},
	{Name: "notifications", Type: reflect.TypeFor[Notification]()},
	{Name: "complaints", Type: reflect.TypeFor[Complaint](), Tabular: true},
	{Name: "desk", Type: reflect.TypeFor[Desk]()},
	{Name: "attestations", Type: reflect.TypeFor[Attestation]()},
	{Name: "law_enforcement_requests", Type: reflect.TypeFor[LawEnforcementRequest]()},
	{Name: "access_events", Type: reflect.TypeFor[AccessEvent](), Tabular: true, Stream: true},
	{Name: "entry_logs", Type: reflect.TypeFor[EntryLog](), Tabular: true, Stream: true},
}

// LookupRegister returns the register with the given name.
func LookupRegister(name string) (Register, bool) {
	for _, r := range RegisterList {
		if r.Name == name {
			return r, true
		}
	}
	return Register{}, false
}

// EventSource streams the large logs of one carrier. The callbacks receive
// a pointer that is only valid during the call; a callback's error stops
// the stream and is returned. Implementations: the bundle (files), the
// store (rows), EventSlices (memory, for tests and small carriers).
type EventSource interface {
	AccessEvents(ctx context.Context, fn func(*AccessEvent) error) error
	EntryLogs(ctx context.Context, fn func(*EntryLog) error) error
}

// EventSlices is an in-memory EventSource.
type EventSlices struct {
	Access  []AccessEvent
	Entries []EntryLog
}

func (s *EventSlices) AccessEvents(ctx context.Context, fn func(*AccessEvent) error) error {
	for i := range s.Access {
		if err := fn(&s.Access[i]); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (s *EventSlices) EntryLogs(ctx context.Context, fn func(*EntryLog) error) error {
	for i := range s.Entries {
		if err := fn(&s.Entries[i]); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// ImportSummary counts what an import wrote, per register name.
type ImportSummary struct {
	Carrier string         `json:"carrier"`
	Counts  map[string]int `json:"counts"`
	// Kept names the reports filed with their document that the bundle
	// left out: a filed report is frozen, so the import kept them as
	// filed (they are counted in Counts) instead of removing them.
	Kept []string `json:"kept_filed_reports,omitempty"`
}

// Store keeps the records of any number of carriers. The implementation is
// internal/sqlstore, for SQLite and PostgreSQL alike.
type Store interface {
	// Carriers lists the carriers in the store, ordered by ID.
	Carriers(ctx context.Context) ([]Carrier, error)
	// Records loads every register of a carrier except the streamed logs.
	// ctx must carry a valid Accessor (WithAccessor), otherwise the call
	// gives KindPermission and reads nothing. A successful call records one
	// ReadEntry with What "records" and Rows the number of records loaded.
	// An unknown carrier gives KindNotFound.
	Records(ctx context.Context, carrierID string) (*Records, error)
	// Events streams the logs of a carrier in ID order. Each call of the
	// returned source's methods needs a valid Accessor in its ctx
	// (KindPermission otherwise, before any row is read) and records one
	// ReadEntry with the number of rows handed to the callback, written when
	// the stream ends, also when it ends early with an error.
	Events(carrierID string) EventSource
	// ReadLog returns the recorded reads of a carrier's records, ordered
	// by ID. Reading it is not itself recorded. Entries outlive the carrier
	// (DeleteCarrier keeps them); a carrier without entries gives an empty
	// slice, not an error.
	ReadLog(ctx context.Context, carrierID string) ([]ReadEntry, error)
	// Replace makes the carrier's records exactly rec and events, in one
	// transaction: on any error (KindInvalid for a bad record or broken
	// reference found while streaming) nothing is changed. ctx must carry
	// a valid Accessor (WithAccessor); otherwise Replace gives
	// KindPermission before it validates, reads or writes anything. The
	// same transaction writes one ChangeEntry with Action ChangeReplace
	// and the summary's counts, so a failed Replace leaves no entry. When
	// events is a stream of this store (re-importing, copying a carrier),
	// its reads are recorded once Replace is done, committed or not.
	Replace(ctx context.Context, rec *Records, events EventSource) (ImportSummary, error)
	// DeleteCarrier removes a carrier and all its records; KindNotFound if
	// absent. Like Replace it needs a valid Accessor in ctx
	// (KindPermission otherwise, before anything is written) and writes a
	// ChangeEntry with Action ChangeDelete in its own transaction; the
	// carrier's change and read logs are kept.
	DeleteCarrier(ctx context.Context, carrierID string) error
	// ChangeLog returns the recorded changes of a carrier's records,
	// ordered by ID. Reading it is not itself recorded. Entries outlive
	// the carrier; a carrier without entries gives an empty slice, not an
	// error.
	ChangeLog(ctx context.Context, carrierID string) ([]ChangeEntry, error)
	Close() error
}

// Pseudonymizer turns a subscriber identifier (a phone number, a customer
// number) into a stable keyed pseudonym, so that records can be joined
// without holding the identifier itself.
type Pseudonymizer struct{ key []byte }

// NewPseudonymizer returns a Pseudonymizer keyed with key, which the
// carrier keeps secret; without the key a pseudonym cannot be reversed by
// enumerating phone numbers.
func NewPseudonymizer(key []byte) *Pseudonymizer {
	return &Pseudonymizer{key: append([]byte(nil), key...)}
}

// IsPseudonym reports whether s has the form of a subscriber pseudonym:
// "sub_" and 32 lower-case hex digits.
func IsPseudonym(s string) bool {
	if len(s) != 36 || s[:4] != "sub_" {
		return false
	}
	for i := 4; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Pseudonym returns "sub_" and the first 16 bytes of
// HMAC-SHA-256(key, NormalizeSubscriber(value)) in hex, so that one
// number written in different ways gives one pseudonym.
func (p *Pseudonymizer) Pseudonym(value string) string {
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(NormalizeSubscriber(value)))
	return "sub_" + hex.EncodeToString(m.Sum(nil)[:16])
}

// NormalizeSubscriber brings a phone number to one form before it is
// pseudonymised: "090-1234-5678", "09012345678", "+81 90 1234 5678",
// "+81(0)90-1234-5678" and "０９０－１２３４－５６７８" are the same
// subscriber and must give the same pseudonym. A value made only of
// digits, an optional leading "+" and separators (spaces, hyphens and
// dashes, dots, parentheses, in half or full width) is a phone number:
// full-width digits become ASCII, separators are dropped, and a Japanese
// number in E.164 form (+81, or 0081) becomes the domestic form with its
// leading 0 ("09012345678"), the form carriers keep in their systems.
// Other international numbers keep their "+". Any other value (a
// customer number such as "AOBA-ISP-00001234") is returned unchanged.
func NormalizeSubscriber(value string) string {
	var b []byte
	plus := false
	for _, r := range value {
		switch {
		case r >= '0' && r <= '9':
			b = append(b, byte(r))
		case r >= '０' && r <= '９':
			b = append(b, byte('0'+r-'０'))
		case (r == '+' || r == '＋') && len(b) == 0 && !plus:
			plus = true
		case isPhoneSeparator(r):
		default:
			return value
		}
	}
	if len(b) == 0 {
		return value
	}
	d := string(b)
	switch {
	case plus && strings.HasPrefix(d, "81"):
		d = strings.TrimPrefix(d[2:], "0")
		return "0" + d
	case !plus && strings.HasPrefix(d, "0081"):
		d = strings.TrimPrefix(d[4:], "0")
		return "0" + d
	case plus:
		return "+" + d
	}
	return d
}

// isPhoneSeparator reports whether r is written between the digits of a
// phone number: spaces, hyphens and dashes (including the katakana long
// vowel mark, often typed for a dash), dots and parentheses.
func isPhoneSeparator(r rune) bool {
	switch r {
	case ' ', '\u3000', '\t', '-', '.', '(', ')', '（', '）', '－', '．',
		'\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', 'ー', '\uff70':
		return true
	}
	return false
}
