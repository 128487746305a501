package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"

	"github.com/himitsu-oss/himitsu"
)

// incidentClassificationsSpec is the rule set of the classification
// history: entries are appended, never changed or deleted (see the
// IncidentClassificationService documentation).
func incidentClassificationsSpec() spec {
	return spec{register: "incident_classifications", timeField: "at", deletable: never, appendOnly: true, keepContent: true,
		keep:   "a classification entry is history: it is never changed or deleted; record a new entry instead",
		keepJA: "分類の記録は履歴であり、変更も削除もできない。新たな記録を追加すること",
	}
}

// IncidentClassifications is the per-record service of incident_classifications.
func (s *Store) IncidentClassifications() himitsu.IncidentClassificationService {
	return classifications{typed[himitsu.IncidentClassification]{s.svc("incident_classifications")}}
}

// classifications adds Classify to the typed service.
type classifications struct {
	typed[himitsu.IncidentClassification]
}

// Classify sets the incident's kind to e.To and appends e in one
// transaction, with one change-log entry that counts both records and a
// record-log entry for each: a failure anywhere leaves the incident's kind
// and its history as they were, so a kind is never changed without the
// entry that says who changed it and why.
func (x classifications) Classify(ctx context.Context, cid string, e himitsu.IncidentClassification, incidentVersion string) (himitsu.Stored[himitsu.Incident], error) {
	const op = "sqlstore.incident_classifications.Classify"
	var out himitsu.Stored[himitsu.Incident]
	a, err := permitChange(op, ctx)
	if err != nil {
		return out, err
	}
	if incidentVersion == "" {
		return out, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "version",
			Msg: "the version of the incident the classification is based on is required", MsgJA: "分類の元にした事故の版が必要である"}
	}
	cls := x.r
	s := cls.s
	inc := s.svc("incidents")
	change := newChangeEntry(a, cid, himitsu.ChangeUpdate)
	change.Counts = map[string]int{"incidents": 1, "incident_classifications": 1}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return out, internal(op, err)
	}
	defer tx.Rollback()
	if err := carrierExists(ctx, tx, op, cid); err != nil {
		return out, err
	}
	cur, err := inc.load(ctx, tx, op, cid, e.Incident, true)
	if himitsu.ErrorKind(err) == himitsu.KindNotFound && himitsu.ErrorField(err) == "id" {
		return out, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "incident",
			Msg: fmt.Sprintf("refers to unknown incidents %q", e.Incident), MsgJA: fmt.Sprintf("参照先の incidents「%s」が存在しない", e.Incident)}
	}
	if err != nil {
		return out, err
	}
	before := himitsu.VersionOf(cur.Interface())
	if before != incidentVersion {
		return out, versionConflict(op, "incidents", e.Incident)
	}
	old := cur.Interface().(himitsu.Incident)
	// The entry's "from" is what the incident held under the lock, not
	// what the caller believed it held.
	e.From = old.Kind
	in := old
	in.Kind = e.To
	erv := reflect.ValueOf(&e).Elem()
	if err := cls.check(ctx, tx, op, cid, erv); err != nil {
		return out, err
	}
	irv := reflect.ValueOf(&in).Elem()
	if err := inc.check(ctx, tx, op, cid, irv); err != nil {
		return out, err
	}
	var one int
	switch err := tx.QueryRowContext(ctx, "SELECT 1 FROM "+quote(cls.t.name)+" WHERE carrier_id = $1 AND id = $2", cid, e.ID).Scan(&one); {
	case err == nil:
		return out, &himitsu.Error{Op: op, Kind: himitsu.KindConflict, Field: "id",
			Msg: fmt.Sprintf("incident_classifications already holds a record %q", e.ID), MsgJA: fmt.Sprintf("incident_classifications には既に記録 %q がある", e.ID)}
	case !errors.Is(err, sql.ErrNoRows):
		return out, internal(op, err)
	}
	// The incident first, then its history entry: the order in which a
	// half-done write would do most harm, and which the transaction undoes.
	args, err := inc.t.encode(nil, cid, irv, s.pg)
	if err != nil {
		return out, flat(op, err)
	}
	if _, err := tx.ExecContext(ctx, inc.updateQ, args...); err != nil {
		return out, internal(op, err)
	}
	if args, err = cls.t.encode(nil, cid, erv, s.pg); err != nil {
		return out, flat(op, err)
	}
	if _, err := tx.ExecContext(ctx, cls.insertQ, args...); err != nil {
		return out, internal(op, err)
	}
	pending, err := s.logChange(ctx, tx, change)
	if err != nil {
		return out, err
	}
	out = himitsu.Stored[himitsu.Incident]{Record: in, Version: himitsu.VersionOf(in)}
	oldJSON, err := contentJSON(old)
	if err != nil {
		return out, internal(op, err)
	}
	newJSON, err := contentJSON(in)
	if err != nil {
		return out, internal(op, err)
	}
	entryJSON, err := contentJSON(e)
	if err != nil {
		return out, internal(op, err)
	}
	if err := s.logRecord(ctx, tx, op, change, himitsu.ChangeUpdate, "incidents", in.ID, before, out.Version, oldJSON, newJSON); err != nil {
		return out, err
	}
	if err := s.logRecord(ctx, tx, op, change, himitsu.ChangeCreate, "incident_classifications", e.ID, "", himitsu.VersionOf(e), nil, entryJSON); err != nil {
		return out, err
	}
	if err := tx.Commit(); err != nil {
		return himitsu.Stored[himitsu.Incident]{}, internal(op, err)
	}
	pending.Committed()
	return out, nil
}
