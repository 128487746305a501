package himitsu

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// The per-record services. A bundle import (Store.Replace) replaces a
// carrier's records as a whole; the people who keep the secrecy of
// communications work one record at a time: the desk logs a complaint, the
// privacy office opens an incident, an engineer revokes a grant. Every
// register they edit daily has a service in its own file (complaint.go,
// incident.go, person.go, grant.go, consent.go, accessevent.go), all with
// the same contract, RecordService, so that the web UI and the API can
// handle any register the same way.
//
// Every method needs a valid Accessor in ctx (KindPermission otherwise,
// before anything is read or written). Reads are recorded in the read log
// (What is the register's name), changes in the change log inside the
// change's own transaction (Action ChangeCreate, ChangeUpdate or
// ChangeRemove, Counts {register: 1}).

// Values of ChangeEntry.Action written by the per-record services.
const (
	ChangeCreate = "create" // a record was added
	ChangeUpdate = "update" // a record was changed
	ChangeRemove = "remove" // a record was deleted where the law allows it
)

// Stored is a record as the store holds it, with its version: the
// fingerprint of its content. An update or delete names the version it was
// based on, so that when two people edit the same record the second gets a
// KindConflict error instead of silently overwriting the first.
type Stored[T any] struct {
	Record  T      `json:"record"`
	Version string `json:"version"`
}

// VersionOf returns the version of a record: 24 hex digits of the SHA-256
// of its JSON form. A content fingerprint rather than a counter keeps the
// schema of the registers unchanged and also notices changes made by a
// bulk import, which knows nothing of per-record versions.
func VersionOf(record any) string {
	b, err := json.Marshal(record)
	if err != nil {
		// Records are plain data; Marshal cannot fail on them.
		panic("himitsu.VersionOf: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// ListOptions selects and pages the records of one register.
type ListOptions struct {
	// Filter maps a field's json name to the value it must have. For a
	// date or time field the value "none" selects records where it is
	// unset and "any" those where it is set (an open complaint has no
	// closed_at). An unknown field gives KindInvalid with Field
	// "filter.NAME".
	Filter map[string]string
	// Query selects records any of whose text fields contains it,
	// ignoring ASCII case.
	Query string
	// QuerySkip names text fields Query leaves out: fields the caller may
	// not see, which a search would otherwise reveal by what it finds.
	QuerySkip []string
	// From and To bound the register's principal day or time (received_at
	// of a complaint, known_at of an incident, at of an access event),
	// both inclusive; zero means unbounded.
	From, To Date
	// After is the cursor of the page: Page.Next of the previous page,
	// opaque to callers. Pages are in ID order, descending when Desc is
	// set, so a page costs the same however deep it is. A log bounded by
	// From or To (the access log) is paged in time order instead, then ID,
	// on its time index, so that one day's page is read directly; its
	// cursor then holds the time and the ID of the last record.
	After string
	Desc  bool
	// Limit is the page size: 50 when zero, at most MaxPage.
	Limit int
}

// MaxPage bounds a page, so that no request reads a whole register.
const MaxPage = 500

// PageLimit returns the page size o asks for, within 1..MaxPage.
func (o ListOptions) PageLimit() int {
	switch {
	case o.Limit <= 0:
		return 50
	case o.Limit > MaxPage:
		return MaxPage
	}
	return o.Limit
}

// Page is one page of a list. Next is the cursor of the following page,
// empty on the last one. There is deliberately no total: counting ten
// million access events costs more than the page itself.
type Page[T any] struct {
	Items []Stored[T] `json:"items"`
	Next  string      `json:"next,omitempty"`
}

// RecordService is the per-record contract of one register of records of
// type T (a struct of model.go, by value). Errors, all *Error:
//   - KindPermission: no valid Accessor in ctx; or Delete of a register
//     whose records the law requires to be kept (the message says what to
//     do instead, such as closing a complaint).
//   - KindNotFound: no such carrier or record (Field "carrier" or "id").
//   - KindInvalid: a value breaks the record's Validate, refers to a
//     record that does not exist, or a filter is unknown; Field names the
//     field at fault.
//   - KindConflict: Create of an ID that exists; Update or Delete whose
//     version is not the stored one (someone else changed it; Field
//     "version"); Delete of a record others still refer to.
type RecordService[T any] interface {
	// Register is the register's name, as in RegisterList.
	Register() string
	Create(ctx context.Context, carrierID string, r T) (Stored[T], error)
	Get(ctx context.Context, carrierID, id string) (Stored[T], error)
	List(ctx context.Context, carrierID string, o ListOptions) (Page[T], error)
	// Update replaces the record with r.ID if its stored version is
	// version, and returns the new version.
	Update(ctx context.Context, carrierID string, r T, version string) (Stored[T], error)
	Delete(ctx context.Context, carrierID, id, version string) error
}

// RecordServices gives the per-record service of every editable register.
// RecordService is the untyped form for code that handles any register by name
// (the web UI, the API): its records are the register's struct values
// held in an any. ok is false for a register that has no per-record
// service.
type RecordServices interface {
	Complaints() ComplaintService
	Incidents() IncidentService
	IncidentClassifications() IncidentClassificationService
	RecurrenceMeasures() RecurrenceMeasureService
	RegulatorReports() RegulatorReportService
	Notifications() NotificationService
	Persons() PersonService
	Grants() GrantService
	Consents() ConsentService
	AccessEvents() AccessEventService
	RecordService(register string) (RecordService[any], bool)
}

// RecordChange is one change made through a RecordService: who changed
// which record of which register, when, why, and its versions before and
// after (empty before a create and after a delete).
type RecordChange struct {
	ID            int64     `json:"id"`
	CarrierID     string    `json:"carrier_id"`
	At            time.Time `json:"at"`
	Actor         string    `json:"actor"`
	Purpose       string    `json:"purpose"`
	Tool          string    `json:"tool,omitempty"`
	Action        string    `json:"action"` // ChangeCreate, ChangeUpdate or ChangeRemove
	Register      string    `json:"register"`
	RecordID      string    `json:"record_id"`
	VersionBefore string    `json:"version_before,omitempty"`
	VersionAfter  string    `json:"version_after,omitempty"`
	// Before and After are the record's content, as JSON, for the
	// registers whose edits must show with their old and new values
	// (incidents, recurrence measures, notices, classifications); empty
	// elsewhere and where there is no record.
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// RecordLogFilter selects record changes: of one carrier, optionally of one
// register and record, newest first, at most Limit (50 when zero).
type RecordLogFilter struct {
	Register, RecordID string
	Limit              int
}
