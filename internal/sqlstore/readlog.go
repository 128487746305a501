package sqlstore

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// The read log: every Records call and every stream of a log is allowed
// only with a himitsu.Accessor in the context and leaves one row in
// read_log (see himitsu.Store). The row is written after the read, in a
// short transaction of its own on the writer, because only then is the
// number of rows known and because a read transaction cannot write on
// SQLite's read-only pool.
//
// Cost: on SQLite each read now takes the single writer for one INSERT,
// so a read that ends while a long import holds the writer waits for it
// (up to readLogWait), where before it did not wait at all.

// readLogWait bounds how long recording a read may wait for the writer.
// The recording does not follow the caller's cancellation: a read that was
// interrupted (Ctrl-C, a client gone) still happened and must be logged.
const readLogWait = time.Minute

// permit returns the accessor that ctx carries for a read, or a
// KindPermission error when it carries none or an invalid one.
func permit(op string, ctx context.Context) (himitsu.Accessor, error) {
	return checkAccessor(op, ctx,
		"reading a carrier's records needs a stated actor and purpose",
		"事業者の記録を読むには、読む者と目的を明示する必要がある",
		"明示された読む者又は目的が不適切である")
}

// checkAccessor is permit and permitChange, which differ only in their
// Japanese wording of who acts and in what the first message names.
func checkAccessor(op string, ctx context.Context, missing, missingJA, invalidJA string) (himitsu.Accessor, error) {
	a, ok := himitsu.AccessorFrom(ctx)
	if !ok {
		return a, &himitsu.Error{Op: op, Kind: himitsu.KindPermission, Msg: missing, MsgJA: missingJA}
	}
	if err := a.Validate(); err != nil {
		return a, &himitsu.Error{Op: op, Kind: himitsu.KindPermission,
			Msg: "the stated actor or purpose is not acceptable", MsgJA: invalidJA, Err: err}
	}
	return a, nil
}

// newReadEntry starts the entry of a read that begins now.
func newReadEntry(a himitsu.Accessor, carrierID, what string) himitsu.ReadEntry {
	return himitsu.ReadEntry{CarrierID: carrierID, At: time.Now().UTC().Truncate(time.Microsecond),
		Actor: a.Actor, Purpose: a.Purpose, Tool: a.Tool, What: what}
}

// deferredReads collects the reads of this store's own streams made while
// Replace holds the writer. On SQLite the writer is one connection, so
// recording them at once would wait for Replace, which waits for the
// stream: a deadlock. Replace writes them once it has let the writer go.
type deferredReads struct {
	mu      sync.Mutex
	entries []himitsu.ReadEntry
}

// deferKey marks a context as inside a Replace of one store; another
// store's streams record their reads at once, as usual.
type deferKey struct{ s *Store }

// logRead records e, or defers it when ctx is inside this store's Replace.
func (s *Store) logRead(ctx context.Context, e ...himitsu.ReadEntry) error {
	if d, ok := ctx.Value(deferKey{s}).(*deferredReads); ok {
		d.mu.Lock()
		d.entries = append(d.entries, e...)
		d.mu.Unlock()
		return nil
	}
	return s.writeReads(ctx, e)
}

// writeReads inserts entries in one transaction on the writer.
func (s *Store) writeReads(ctx context.Context, entries []himitsu.ReadEntry) error {
	const op = "sqlstore.logRead"
	if len(entries) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), readLogWait)
	defer cancel()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		if b := s.busyError(op, err); b != nil {
			return b
		}
		return readLogError(op, err)
	}
	defer tx.Rollback()
	for _, e := range entries {
		var at any = e.At.UTC()
		if !s.pg {
			at = e.At.UTC().Format(sqliteTime)
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO read_log (carrier_id, at, actor, purpose, tool, what, "rows") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			e.CarrierID, at, e.Actor, e.Purpose, e.Tool, e.What, e.Rows); err != nil {
			return readLogError(op, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return readLogError(op, err)
	}
	return nil
}

func readLogError(op string, err error) error {
	return &himitsu.Error{Op: op, Kind: himitsu.KindInternal,
		Msg:   "the read could not be recorded in the read log",
		MsgJA: "読み出しを読み出し記録に残せなかった", Err: err}
}

// ReadLog returns the recorded reads of a carrier's records, ordered by ID.
// It needs no accessor and is not itself recorded: it reveals who read,
// not what was read.
func (s *Store) ReadLog(ctx context.Context, carrierID string) ([]himitsu.ReadEntry, error) {
	const op = "sqlstore.ReadLog"
	rows, err := s.rdb.QueryContext(ctx,
		`SELECT id, carrier_id, at, actor, purpose, tool, what, "rows" FROM read_log WHERE carrier_id = $1 ORDER BY id`, carrierID)
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	out := []himitsu.ReadEntry{}
	for rows.Next() {
		var e himitsu.ReadEntry
		var at any
		if err := rows.Scan(&e.ID, &e.CarrierID, &at, &e.Actor, &e.Purpose, &e.Tool, &e.What, &e.Rows); err != nil {
			return nil, internal(op, err)
		}
		if e.At, err = scanTime(at); err != nil {
			return nil, internal(op, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(op, err)
	}
	return out, nil
}

// scanTime decodes a NOT NULL time column: time.Time from PostgreSQL,
// RFC 3339 text from SQLite.
func scanTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case time.Time:
		return t.UTC(), nil
	case string:
		tm, err := time.Parse(time.RFC3339Nano, t)
		return tm.UTC(), err
	case []byte:
		tm, err := time.Parse(time.RFC3339Nano, string(t))
		return tm.UTC(), err
	}
	return time.Time{}, fmt.Errorf("at: unexpected %T", v)
}
