package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auditlog"
)

// The change log: Replace and DeleteCarrier are allowed only with a
// himitsu.Accessor in the context and append one change entry to the audit
// log inside their own transaction (see himitsu.Store). Unlike a read, whose row
// count is known only at its end and which runs on SQLite's read-only
// pool, a change already holds the writer, so its entry commits or rolls
// back with it: there is no window in which a change stands unrecorded.

// permitChange returns the accessor that ctx carries for a change, or a
// KindPermission error when it carries none or an invalid one.
func permitChange(op string, ctx context.Context) (himitsu.Accessor, error) {
	return checkAccessor(op, ctx,
		"changing a carrier's records needs a stated actor and purpose",
		"事業者の記録を変更するには、変更する者と目的を明示する必要がある",
		"明示された変更する者又は目的が不適切である")
}

// newChangeEntry starts the entry of a change that begins now.
func newChangeEntry(a himitsu.Accessor, carrierID, action string) himitsu.ChangeEntry {
	return himitsu.ChangeEntry{CarrierID: carrierID, At: time.Now().UTC().Truncate(time.Microsecond),
		Actor: a.Actor, Purpose: a.Purpose, Tool: a.Tool, Action: action}
}

// logChange appends e to the audit log in tx, the transaction of the
// change itself. The caller calls Committed on the result after commit.
func (s *Store) logChange(ctx context.Context, tx *sql.Tx, e himitsu.ChangeEntry) (*auditlog.Pending, error) {
	const op = "sqlstore.logChange"
	body, err := auditlog.Body(changeBody{Action: e.Action, Counts: e.Counts})
	if err != nil {
		return nil, changeLogError(op, err)
	}
	p, err := s.audit.AppendTx(ctx, tx, &auditlog.Entry{Kind: auditlog.KindChange, Actor: e.Actor, Purpose: e.Purpose,
		Tool: e.Tool, Carrier: e.CarrierID, Body: body})
	if err != nil {
		// Waiting for the log's lock held by another process (an import,
		// or a reader recording its read) ran out: say so, as Replace
		// does for the carrier's own lock.
		if b := s.busyError(op, err); b != nil {
			return nil, b
		}
		return nil, changeLogError(op, err)
	}
	return p, nil
}

// changeBody is the body of a change entry in the audit log.
type changeBody struct {
	Action string         `json:"action"`
	Counts map[string]int `json:"counts,omitempty"`
}

func changeLogError(op string, err error) error {
	return &himitsu.Error{Op: op, Kind: himitsu.KindInternal,
		Msg:   "the change could not be recorded in the change log, so it was not made",
		MsgJA: "変更を変更記録に残せなかったため、変更しなかった", Err: err}
}

// ChangeLog returns the recorded changes of a carrier's records, in the
// order of the audit log (commit order), with ID the entry's position in
// the log plus one. Like ReadLog it needs no accessor and is not itself
// recorded.
func (s *Store) ChangeLog(ctx context.Context, carrierID string) ([]himitsu.ChangeEntry, error) {
	const op = "sqlstore.ChangeLog"
	es, err := s.audit.ByCarrier(ctx, carrierID, auditlog.KindChange)
	if err != nil {
		return nil, internal(op, err)
	}
	out := make([]himitsu.ChangeEntry, 0, len(es))
	for _, e := range es {
		var b changeBody
		if err := json.Unmarshal(e.Body, &b); err != nil {
			return nil, internal(op, fmt.Errorf("audit entry %d: %w", e.Index, err))
		}
		out = append(out, himitsu.ChangeEntry{ID: e.Index + 1, CarrierID: e.Carrier, At: e.At, Actor: e.Actor,
			Purpose: e.Purpose, Tool: e.Tool, Action: b.Action, Counts: b.Counts})
	}
	return out, nil
}
