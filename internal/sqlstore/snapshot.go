package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"sync"

	"github.com/himitsu-oss/himitsu"
)

// Snapshot is one consistent read of a carrier: its registers and both of
// its logs come from a single read transaction (on SQLite one deferred
// transaction under WAL, on PostgreSQL REPEATABLE READ, READ ONLY), so a
// commit that lands while the caller is still streaming the logs is not
// seen at all. Store.Records and Store.Events each read a snapshot of
// their own; a reader that needs registers and logs together (export,
// assess, the server's pages) uses Snapshot, or it may pair one import's
// consents with another import's entry logs.
//
// The read is recorded before any record leaves the store: Snapshot loads
// the registers, counts the rows of both logs in the same transaction and
// writes the three read-log entries (records, access_events, entry_logs)
// with those counts before it returns. A reader killed half-way through
// its output therefore still leaves its trace, and a stream stopped early
// is recorded with every row it could have read.
type Snapshot struct {
	s         *Store
	conn      *sql.Conn // the transaction's connection on PostgreSQL, else nil
	tx        *sql.Tx
	carrierID string
	records   *himitsu.Records
	// mu lets one stream at a time use the transaction's connection; a
	// PostgreSQL connection cannot interleave two result sets.
	mu sync.Mutex
}

// Snapshot opens a consistent read of carrierID. ctx must carry a valid
// himitsu.Accessor (KindPermission otherwise); an unknown carrier gives
// KindNotFound and is not recorded. The caller must Close the snapshot,
// which ends the transaction.
func (s *Store) Snapshot(ctx context.Context, carrierID string) (*Snapshot, error) {
	const op = "sqlstore.Snapshot"
	a, err := permit(op, ctx)
	if err != nil {
		return nil, err
	}
	conn, tx, err := s.readConnTx(ctx)
	if err != nil {
		return nil, s.busyOr(op, err)
	}
	snap := &Snapshot{s: s, conn: conn, tx: tx, carrierID: carrierID}
	ok := false
	defer func() {
		if !ok {
			snap.Close()
		}
	}()
	rec, n, err := s.recordsTx(ctx, tx, carrierID)
	if err != nil {
		return nil, err
	}
	entries := []himitsu.ReadEntry{newReadEntry(a, carrierID, himitsu.ReadRecords)}
	entries[0].Rows = n
	for _, name := range []string{"access_events", "entry_logs"} {
		t := s.byName[name]
		e := newReadEntry(a, carrierID, t.reg.Name)
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+t.name+` WHERE carrier_id = $1`, carrierID).Scan(&e.Rows); err != nil {
			return nil, internal(op, fmt.Errorf("%s: %w", t.name, err))
		}
		entries = append(entries, e)
	}
	// Fail closed: nothing is handed out unless the read is on record.
	if err := s.logRead(ctx, entries...); err != nil {
		return nil, err
	}
	snap.records = rec
	ok = true
	return snap, nil
}

// Records returns the carrier's registers as the snapshot holds them.
func (sn *Snapshot) Records() *himitsu.Records { return sn.records }

// CarrierID names the carrier read.
func (sn *Snapshot) CarrierID() string { return sn.carrierID }

// Events streams the carrier's logs from the snapshot. The reads were
// recorded when the snapshot was opened, so the streams record nothing.
func (sn *Snapshot) Events() himitsu.EventSource { return snapEvents{sn} }

// Close ends the read transaction.
func (sn *Snapshot) Close() error {
	err := sn.tx.Rollback()
	if errors.Is(err, sql.ErrTxDone) {
		err = nil
	}
	if sn.conn != nil {
		// Closing a connection twice is harmless (sql.ErrConnDone).
		if cerr := sn.conn.Close(); cerr != nil && !errors.Is(cerr, sql.ErrConnDone) {
			err = errors.Join(err, cerr)
		}
	}
	return err
}

type snapEvents struct{ sn *Snapshot }

func (e snapEvents) AccessEvents(ctx context.Context, fn func(*himitsu.AccessEvent) error) error {
	return e.sn.stream(ctx, "access_events", func(rv reflect.Value) error {
		return fn(rv.Addr().Interface().(*himitsu.AccessEvent))
	})
}

func (e snapEvents) EntryLogs(ctx context.Context, fn func(*himitsu.EntryLog) error) error {
	return e.sn.stream(ctx, "entry_logs", func(rv reflect.Value) error {
		return fn(rv.Addr().Interface().(*himitsu.EntryLog))
	})
}

func (sn *Snapshot) stream(ctx context.Context, name string, fn func(reflect.Value) error) error {
	if !sn.mu.TryLock() {
		return &himitsu.Error{Op: "sqlstore.Snapshot", Kind: himitsu.KindInternal,
			Msg: "a snapshot streams one log at a time", MsgJA: "スナップショットは一度に一つの記録しか読み出せない"}
	}
	defer sn.mu.Unlock()
	_, _, err := sn.s.streamTx(ctx, sn.conn, sn.tx, sn.s.byName[name], sn.carrierID, fn)
	return err
}
