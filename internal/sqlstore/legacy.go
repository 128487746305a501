package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auditlog"
)

// Moving the old read_log and change_log into the audit log. Before the
// audit log (migration 0050) every read and change was a row of those two
// plain tables, which anyone with a database connection could edit; they
// are no longer written or read. MigrateLegacyLogs appends each of their
// rows, in the order they happened, as a read or change entry of the
// audit log, then empties the two tables and records that it ran, all in
// one transaction: it happens once, completely or not at all. Afterwards
// `himitsu audit verify` covers those rows like any other entry, and
// `himitsu log` shows them with the time they were recorded.
//
// An entry's own time is when the log sequenced it (times never decrease
// with the index), so a moved row's original time and its place in the
// old table are kept in the entry's body (legacyRef); ReadLog and
// ChangeLog report that time.

// legacyRef is where a moved entry came from.
type legacyRef struct {
	Table string    `json:"table"`
	ID    int64     `json:"id"`
	At    time.Time `json:"at"`
}

// LegacySummary says what MigrateLegacyLogs did.
type LegacySummary struct {
	// Reads and Changes are the rows moved by this call.
	Reads, Changes int
	// First and Last are the audit log indexes of the moved entries
	// (-1 when none were moved).
	First, Last int64
	// Already is true when an earlier call moved them.
	Already bool
	// Earlier is what the earlier call recorded, when Already.
	Earlier string
}

// legacyMarker is the audit_meta row that records the move.
const legacyMarker = "legacy_logs_moved"

// legacyRow is one row of either old table.
type legacyRow struct {
	table string
	id    int64
	at    time.Time
	entry *auditlog.Entry
	reads bool
}

// MigrateLegacyLogs moves every row of read_log and change_log into the
// audit log, in order of their time (ties: changes before reads, then by
// row ID), once. A row the audit log cannot take (say an empty actor) stops
// the move with the table and row named, and nothing is moved.
func (s *Store) MigrateLegacyLogs(ctx context.Context) (LegacySummary, error) {
	const op = "sqlstore.MigrateLegacyLogs"
	sum := LegacySummary{First: -1, Last: -1}
	// Look before taking the write lock: once moved, or with nothing to
	// move (a database created after the audit log), there is nothing
	// to write, and "himitsu migrate" must not wait for an import that
	// holds the lock (TestCommandsDuringAnImport).
	var earlier string
	switch err := s.db.QueryRowContext(ctx, `SELECT value FROM audit_meta WHERE name = $1`, legacyMarker).Scan(&earlier); {
	case err == nil:
		sum.Already, sum.Earlier = true, earlier
		return sum, nil
	case !errors.Is(err, sql.ErrNoRows):
		return sum, internal(op, err)
	}
	var pending int
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM read_log) + (SELECT COUNT(*) FROM change_log)`).Scan(&pending); err != nil {
		return sum, internal(op, err)
	}
	if pending == 0 {
		return sum, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		if b := s.busyError(op, err); b != nil {
			return sum, b
		}
		return sum, internal(op, err)
	}
	defer tx.Rollback()
	if s.pg {
		// The same sequencer lock as every append: no other process
		// appends or moves meanwhile, so the marker is checked once.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(0x6175646974)); err != nil {
			return sum, internal(op, err)
		}
	}
	switch err := tx.QueryRowContext(ctx, `SELECT value FROM audit_meta WHERE name = $1`, legacyMarker).Scan(&earlier); {
	case err == nil:
		sum.Already, sum.Earlier = true, earlier
		return sum, nil
	case !errors.Is(err, sql.ErrNoRows):
		return sum, internal(op, err)
	}
	rows, err := legacyRows(ctx, tx)
	if err != nil {
		return sum, internal(op, err)
	}
	slices.SortStableFunc(rows, func(a, b legacyRow) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		if a.table != b.table {
			return cmp.Compare(a.table, b.table) // change_log before read_log
		}
		return cmp.Compare(a.id, b.id)
	})
	entries := make([]*auditlog.Entry, len(rows))
	for i := range rows {
		r := &rows[i]
		if err := r.entry.Validate(); err != nil {
			return sum, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, File: r.table, Line: int(r.id), Field: himitsu.ErrorField(err),
				Msg:   fmt.Sprintf("row %d of %s cannot be moved into the audit log: %v; nothing was moved", r.id, r.table, err),
				MsgJA: fmt.Sprintf("%s の行 %d を監査記録に移せない: %v。何も移していない", r.table, r.id, err)}
		}
		entries[i] = r.entry
		if r.reads {
			sum.Reads++
		} else {
			sum.Changes++
		}
	}
	var p *auditlog.Pending
	if len(entries) > 0 {
		if p, err = s.audit.AppendTx(ctx, tx, entries...); err != nil {
			return sum, internal(op, err)
		}
		sum.First, sum.Last = entries[0].Index, entries[len(entries)-1].Index
	}
	for _, q := range []string{`DELETE FROM read_log`, `DELETE FROM change_log`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return sum, internal(op, err)
		}
	}
	note, _ := json.Marshal(map[string]any{"reads": sum.Reads, "changes": sum.Changes, "first": sum.First, "last": sum.Last,
		"at": time.Now().UTC().Truncate(time.Microsecond)})
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_meta (name, value) VALUES ($1, $2)`, legacyMarker, string(note)); err != nil {
		return sum, internal(op, err)
	}
	if err := tx.Commit(); err != nil {
		if b := s.busyError(op, err); b != nil {
			return sum, b
		}
		return sum, internal(op, err)
	}
	p.Committed()
	return sum, nil
}

// legacyRows reads both old tables whole.
func legacyRows(ctx context.Context, tx *sql.Tx) ([]legacyRow, error) {
	var out []legacyRow
	rs, err := tx.QueryContext(ctx, `SELECT id, carrier_id, at, actor, purpose, tool, what, "rows" FROM read_log ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rs.Next() {
		var id int64
		var carrier, actor, purpose, tool, what string
		var n int
		var at any
		if err := rs.Scan(&id, &carrier, &at, &actor, &purpose, &tool, &what, &n); err != nil {
			rs.Close()
			return nil, err
		}
		t, err := scanTime(at)
		if err != nil {
			rs.Close()
			return nil, fmt.Errorf("read_log row %d: %w", id, err)
		}
		body, err := auditlog.Body(readBody{What: what, Rows: n, Legacy: &legacyRef{"read_log", id, t}})
		if err != nil {
			rs.Close()
			return nil, err
		}
		out = append(out, legacyRow{table: "read_log", id: id, at: t, reads: true,
			entry: &auditlog.Entry{Kind: auditlog.KindRead, Actor: actor, Purpose: purpose, Tool: tool, Carrier: carrier, Body: body}})
	}
	if err := rs.Close(); err != nil {
		return nil, err
	}
	rs, err = tx.QueryContext(ctx, `SELECT id, carrier_id, at, actor, purpose, tool, action, counts FROM change_log ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	for rs.Next() {
		var id int64
		var carrier, actor, purpose, tool, action string
		var at, counts any
		if err := rs.Scan(&id, &carrier, &at, &actor, &purpose, &tool, &action, &counts); err != nil {
			return nil, err
		}
		t, err := scanTime(at)
		if err != nil {
			return nil, fmt.Errorf("change_log row %d: %w", id, err)
		}
		var m map[string]int
		switch c := counts.(type) {
		case string:
			err = json.Unmarshal([]byte(c), &m)
		case []byte:
			err = json.Unmarshal(c, &m)
		}
		if err != nil {
			return nil, fmt.Errorf("change_log row %d: counts: %w", id, err)
		}
		body, err := auditlog.Body(changeBody{Action: action, Counts: m, Legacy: &legacyRef{"change_log", id, t}})
		if err != nil {
			return nil, err
		}
		out = append(out, legacyRow{table: "change_log", id: id, at: t,
			entry: &auditlog.Entry{Kind: auditlog.KindChange, Actor: actor, Purpose: purpose, Tool: tool, Carrier: carrier, Body: body}})
	}
	return out, rs.Err()
}
