package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// The change log: Replace and DeleteCarrier are allowed only with a
// himitsu.Accessor in the context and write one row in change_log inside
// their own transaction (see himitsu.Store). Unlike a read, whose row
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

// logChange inserts e in tx, the transaction of the change itself.
func (s *Store) logChange(ctx context.Context, tx *sql.Tx, e himitsu.ChangeEntry) error {
	const op = "sqlstore.logChange"
	var at any = e.At.UTC()
	if !s.pg {
		at = e.At.UTC().Format(sqliteTime)
	}
	var counts any // NULL for a delete
	if e.Counts != nil {
		b, err := json.Marshal(e.Counts)
		if err != nil {
			return changeLogError(op, err)
		}
		counts = string(b)
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO change_log (carrier_id, at, actor, purpose, tool, action, counts) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		e.CarrierID, at, e.Actor, e.Purpose, e.Tool, e.Action, counts); err != nil {
		return changeLogError(op, err)
	}
	return nil
}

func changeLogError(op string, err error) error {
	return &himitsu.Error{Op: op, Kind: himitsu.KindInternal,
		Msg:   "the change could not be recorded in the change log, so it was not made",
		MsgJA: "変更を変更記録に残せなかったため、変更しなかった", Err: err}
}

// ChangeLog returns the recorded changes of a carrier's records, ordered
// by ID. Like ReadLog it needs no accessor and is not itself recorded.
func (s *Store) ChangeLog(ctx context.Context, carrierID string) ([]himitsu.ChangeEntry, error) {
	const op = "sqlstore.ChangeLog"
	rows, err := s.rdb.QueryContext(ctx,
		`SELECT id, carrier_id, at, actor, purpose, tool, action, counts FROM change_log WHERE carrier_id = $1 ORDER BY id`, carrierID)
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	out := []himitsu.ChangeEntry{}
	for rows.Next() {
		var e himitsu.ChangeEntry
		var at any
		var counts sql.NullString
		if err := rows.Scan(&e.ID, &e.CarrierID, &at, &e.Actor, &e.Purpose, &e.Tool, &e.Action, &counts); err != nil {
			return nil, internal(op, err)
		}
		if e.At, err = scanTime(at); err != nil {
			return nil, internal(op, err)
		}
		if counts.Valid {
			if err := json.Unmarshal([]byte(counts.String), &e.Counts); err != nil {
				return nil, internal(op, fmt.Errorf("change_log %d: counts: %w", e.ID, err))
			}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(op, err)
	}
	return out, nil
}
