package sqlstore

import (
	"errors"
	"fmt"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteBusyWait bounds how long a SQLite connection waits for another
// process's write transaction (an import) before giving up: long enough
// for a small import to finish, short enough that a command does not hang
// silently behind an import of millions of rows.
const sqliteBusyWait = 10 * time.Second

// isBusy reports whether err is SQLite's "database is locked", or
// PostgreSQL's lock_not_available: another connection, usually another
// himitsu process importing, holds the lock beyond the store's busyWait.
func isBusy(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "55P03" // lock_not_available: lock_timeout ran out
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	c := se.Code() & 0xff
	return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
}

// busyError returns the error to show when err is a lock held by another
// writer, or nil when it is not.
func (s *Store) busyError(op string, err error) error {
	if !isBusy(err) {
		return nil
	}
	secs := max(1, int((s.busyWait+time.Second/2)/time.Second))
	return &himitsu.Error{Op: op, Kind: himitsu.KindConflict, Err: err,
		Msg:   fmt.Sprintf("another process is writing to the database (an import is running); waited %d s; try again when it has finished", secs),
		MsgJA: fmt.Sprintf("別のプロセスがデータベースに書き込んでいる（取込み中である）。%d秒待ったが終わらなかった。取込みが終わってから再実行すること", secs)}
}

// busyOr is busyError, or internal when err is no lock.
func (s *Store) busyOr(op string, err error) error {
	if b := s.busyError(op, err); b != nil {
		return b
	}
	return internal(op, err)
}
