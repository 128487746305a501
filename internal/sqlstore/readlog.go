package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auditlog"
)

// The read log: every Records call and every stream of a log is allowed
// only with a himitsu.Accessor in the context and leaves one read entry in
// the audit log (internal/auditlog; see himitsu.Store). The entry is
// appended after the read and before the records are handed out, in a
// group commit on the writer, because only then is the number of rows
// known and because a read transaction cannot write on SQLite's read-only
// pool. (The read_log table of migration 0002 is no longer written.)
//
// Cost: on SQLite each read takes the single writer for one group commit,
// so a read that ends while a long import holds the writer waits for it
// (up to the audit log's one-minute bound, or the busy wait when another
// process holds the lock).

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

// writeReads appends entries to the audit log and returns once they are
// durable (group commit, or one transaction each in synchronous mode).
func (s *Store) writeReads(ctx context.Context, entries []himitsu.ReadEntry) error {
	const op = "sqlstore.logRead"
	if len(entries) == 0 {
		return nil
	}
	es := make([]*auditlog.Entry, len(entries))
	for i, r := range entries {
		body, err := auditlog.Body(readBody{What: r.What, Rows: r.Rows})
		if err != nil {
			return readLogError(op, err)
		}
		es[i] = &auditlog.Entry{Kind: auditlog.KindRead, Actor: r.Actor, Purpose: r.Purpose, Tool: r.Tool, Carrier: r.CarrierID, Body: body}
	}
	if err := s.audit.Append(ctx, es...); err != nil {
		if b := s.busyError(op, err); b != nil {
			return b
		}
		return readLogError(op, err)
	}
	return nil
}

// readBody is the body of a read entry in the audit log. Legacy is set on
// a row moved from the old read_log (legacy.go).
type readBody struct {
	What   string     `json:"what"`
	Rows   int        `json:"rows"`
	Legacy *legacyRef `json:"legacy,omitempty"`
}

func readLogError(op string, err error) error {
	return &himitsu.Error{Op: op, Kind: himitsu.KindInternal,
		Msg:   "the read could not be recorded in the read log",
		MsgJA: "読み出しを読み出し記録に残せなかった", Err: err}
}

// ReadLog returns the recorded reads of a carrier's records, in the order
// of the audit log, with ID the entry's position in the log plus one. It
// needs no accessor and is not itself recorded: it reveals who read, not
// what was read.
func (s *Store) ReadLog(ctx context.Context, carrierID string) ([]himitsu.ReadEntry, error) {
	const op = "sqlstore.ReadLog"
	es, err := s.audit.ByCarrier(ctx, carrierID, auditlog.KindRead)
	if err != nil {
		return nil, internal(op, err)
	}
	out := make([]himitsu.ReadEntry, 0, len(es))
	for _, e := range es {
		var b readBody
		if err := json.Unmarshal(e.Body, &b); err != nil {
			return nil, internal(op, fmt.Errorf("audit entry %d: %w", e.Index, err))
		}
		at := e.At
		if b.Legacy != nil {
			at = b.Legacy.At
		}
		out = append(out, himitsu.ReadEntry{ID: e.Index + 1, CarrierID: e.Carrier, At: at, Actor: e.Actor,
			Purpose: e.Purpose, Tool: e.Tool, What: b.What, Rows: b.Rows})
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
