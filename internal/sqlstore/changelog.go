package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auditlog"
	"github.com/jackc/pgx/v5/stdlib"
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
	body, err := auditlog.Body(changeBody{Action: e.Action, Counts: e.Counts, Digests: e.Digests})
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
	// On PostgreSQL, tell every listening instance which carrier changed;
	// the notification is delivered only if the change commits.
	if s.pg {
		if _, err := tx.ExecContext(ctx, `SELECT pg_notify('`+changeChannel+`', $1)`, e.CarrierID); err != nil {
			return nil, changeLogError(op, err)
		}
	}
	return p, nil
}

// changeBody is the body of a change entry in the audit log. Legacy is
// set on a row moved from the old change_log (legacy.go).
type changeBody struct {
	Action string         `json:"action"`
	Counts map[string]int `json:"counts,omitempty"`
	Legacy *legacyRef     `json:"legacy,omitempty"`
	// Digests are the hashes of frozen documents (filed reports) by
	// record ID, so the log itself proves what was filed.
	Digests map[string]string `json:"digests,omitempty"`
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
		at := e.At
		if b.Legacy != nil {
			at = b.Legacy.At
		}
		out = append(out, himitsu.ChangeEntry{ID: e.Index + 1, CarrierID: e.Carrier, At: at, Actor: e.Actor,
			Purpose: e.Purpose, Tool: e.Tool, Action: b.Action, Counts: b.Counts, Digests: b.Digests})
	}
	return out, nil
}

// ChangeMark returns the index of the carrier's latest change entry in the
// audit log, or -1 when there is none. Every change to a carrier's
// registers (Replace, DeleteCarrier, the per-record services) appends a
// change entry in its own transaction, so a different mark means the
// records may have changed. It is one indexed lookup, cheap enough for
// every instance of the server to poll several times a second and keep
// its decision snapshot within a second of the store, on SQLite and
// PostgreSQL alike. It is not a read of the records and is not logged.
func (s *Store) ChangeMark(ctx context.Context, carrierID string) (int64, error) {
	var mark int64
	q := `SELECT COALESCE(MAX(idx), -1) FROM audit_entries WHERE carrier_id = $1 AND kind = $2`
	if err := s.rdb.QueryRowContext(ctx, q, carrierID, auditlog.KindChange).Scan(&mark); err != nil {
		return 0, internal("sqlstore.ChangeMark", err)
	}
	return mark, nil
}

// changeChannel is the PostgreSQL notification channel on which every
// committed change names its carrier.
const changeChannel = "himitsu_changes"

// WatchChanges calls fn with the carrier ID of every change committed by
// any process on the same PostgreSQL database (LISTEN/NOTIFY), until ctx
// ends; it holds one connection of the pool meanwhile. On SQLite, which
// has no notifications, it returns at once with ok false and the caller
// polls ChangeMark instead. fn runs on the watching goroutine.
func (s *Store) WatchChanges(ctx context.Context, fn func(carrierID string)) (ok bool, err error) {
	if !s.pg {
		return false, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return true, internal("sqlstore.WatchChanges", err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		if _, err := pc.Exec(ctx, "LISTEN "+changeChannel); err != nil {
			return err
		}
		// The connection goes back to the pool afterwards: stop listening.
		defer pc.Exec(context.WithoutCancel(ctx), "UNLISTEN "+changeChannel)
		for {
			n, err := pc.WaitForNotification(ctx)
			if err != nil {
				return err
			}
			fn(n.Payload)
		}
	})
	if ctx.Err() != nil {
		return true, nil
	}
	return true, internal("sqlstore.WatchChanges", err)
}
