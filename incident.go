package himitsu

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
)

// IncidentService keeps the incident register. Incidents are never
// deleted: an incident is the start of the reporting clocks of Act Art. 28
// and of the recurrence measures, and a record that disappears would hide
// exactly what guideline 5(3)(i)iii and iv examine; Delete gives KindPermission. Filters: kind,
// service, secrecy_involved, cause_category, contained_at ("none" for
// incidents not yet contained); From/To bound known_at.
type IncidentService interface{ RecordService[Incident] }

// RecurrenceMeasureService keeps the measures taken against the
// recurrence of incidents (guideline 5(3)(i)iv). A measure may be deleted while
// it is neither done nor verified, since it was only a plan; afterwards it
// is evidence and Delete gives KindPermission. Filters: incident,
// done_on, verified_on; From/To bound due_on.
type RecurrenceMeasureService interface {
	RecordService[RecurrenceMeasure]
}

// RegulatorReportService keeps the reports filed with the authorities
// about incidents. A filed report cannot be unfiled: Delete gives
// KindPermission. Filters: incident, law, stage; From/To bound
// submitted_at.
type RegulatorReportService interface {
	RecordService[RegulatorReport]
}

// NotificationService keeps the notices sent to affected users. A notice
// that was sent stays on record: Delete gives KindPermission. Filters:
// incident, channel; From/To bound sent_at.
type NotificationService interface{ RecordService[Notification] }

// Frozen reports whether the report was filed with its document: it may
// then not be changed, only followed by a new version.
func (r *RegulatorReport) Frozen() bool { return r.DocumentSHA256 != "" }

// DocumentDigest is the SHA-256 of a filed document, as DocumentSHA256
// records it.
func DocumentDigest(doc string) string {
	sum := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(sum[:])
}

// IncidentClassificationService keeps the append-only history of
// incident classifications: each entry records who confirmed or changed
// an incident's classification, when, from what to what, beside what
// himitsu proposed, and why. Entries are never changed or deleted: Update
// and Delete give KindPermission. Filters: incident, to; From/To bound at.
type IncidentClassificationService interface {
	RecordService[IncidentClassification]
	// Classify confirms or changes an incident's classification: it sets
	// the kind of incident e.Incident, whose stored version must be
	// incidentVersion (KindConflict otherwise), to e.To and appends e, with
	// e.From set to the kind it replaced, in one transaction with one
	// change entry (Action ChangeUpdate, Counts {incidents: 1,
	// incident_classifications: 1}) and a record-log entry for each. Any
	// error leaves both registers and the logs as they were. It returns
	// the incident as saved.
	Classify(ctx context.Context, carrierID string, e IncidentClassification, incidentVersion string) (Stored[Incident], error)
}
