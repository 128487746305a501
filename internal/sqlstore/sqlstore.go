// Package sqlstore is the one database/sql implementation of himitsu.Store,
// for the embedded SQLite default (modernc.org/sqlite, pure Go) and for
// PostgreSQL (pgx). Both engines share the SQL text, the row codec and the
// conformance suite in internal/storetest; they differ only in how the
// columns are typed, how a bulk load reaches the table (multi-row INSERT on
// SQLite, COPY on PostgreSQL) and how a duplicate key is recognised.
//
// Schema: a carriers table (the carrier register) and one table per other
// register of himitsu.RegisterList, named as the register, with carrier_id
// and one column per json-tagged field, and the audit log's tables
// (internal/auditlog), which hold the read and change logs; read_log and
// change_log of migrations 0002 and 0003 are no longer written. See
// migrations/ for the types.
//
// Reading a carrier whole (registers and logs) goes through Snapshot, one
// read transaction whose read-log entries are written before any record
// is handed out. Opening writes nothing when the schema is current, so a
// command can open the database while another process imports; SQLite
// waits a bounded time (Options.BusyWait) for such a writer and then says
// that an import is running. A SQLite file is created 0600, a file others
// may read is refused (Options.AllowSharedFile), and secure_delete is on.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/himitsu-oss/himitsu/internal/seal"
	"reflect"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auditlog"
)

// Engines, as Engine reports them.
const (
	EngineSQLite   = "sqlite"
	EnginePostgres = "postgres"
)

// Store keeps the records of any number of carriers in one database.
type Store struct {
	engine string
	pg     bool
	// db takes every write. On SQLite it has one connection, so writers
	// queue in Go instead of failing with SQLITE_BUSY, and transactions
	// begin IMMEDIATE; rdb is a pool of read-only connections that read a
	// WAL snapshot while a write is in progress. On PostgreSQL both are
	// the same pool.
	db, rdb *sql.DB
	tables  []*table // every register in himitsu.RegisterList order
	// busyWait is how long a write waits for another process's lock:
	// SQLite's busy_timeout, PostgreSQL's lock_timeout in Replace.
	busyWait time.Duration
	// keepDateIndex keeps access_events_at during a bulk load instead of
	// rebuilding it after (benchmarks compare the two).
	keepDateIndex bool
	// appliedAtOpen names the migrations that Open applied.
	appliedAtOpen []string
	byName        map[string]*table
	// audit is the tamper-evident log that holds the read and change logs.
	audit *auditlog.Log
	// services are the per-record services (services.go).
	services *services
}

// Audit returns the store's audit log.
func (s *Store) Audit() *auditlog.Log { return s.audit }

var _ himitsu.Store = (*Store)(nil)

// sqlitePragmas are applied to every SQLite connection: wait a bounded
// time for another process's lock instead of failing at once, write-ahead
// logging so readers never block the writer, enforce the carrier foreign
// keys, and sync the WAL at every commit: an audit entry is durable once
// its transaction has committed, also across a power failure
// (synchronous NORMAL would lose the last commits then). An import pays
// one fsync per commit, which is nothing against its size.
const sqlitePragmas = "_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=cache_size(-32768)"

// sqliteWriterPragmas are applied to the writer only. secure_delete makes
// SQLite overwrite deleted and replaced records with zeros, so that a
// complaint text removed by a re-import cannot be read back from the free
// pages of the file (see docs/performance.md for its cost).
const sqliteWriterPragmas = "&_pragma=secure_delete(1)&_txlock=immediate"

// sqliteReaders bounds the read pool: enough for a server's concurrent
// pages while an import streams, few enough to keep file handles modest.
const sqliteReaders = 4

// Options adjust Open.
type Options struct {
	// AllowSharedFile opens a SQLite database file (or its -wal or -shm
	// file) that other accounts may read or write. By default such a file
	// is refused: it holds the secrets of communications, and on a shared
	// host a group- or world-readable file gives them away.
	AllowSharedFile bool
	// BusyWait bounds how long a write waits for another process's lock
	// (on PostgreSQL, another import of the same carrier); zero means
	// sqliteBusyWait.
	BusyWait time.Duration
	// NoSecureDelete turns SQLite's secure_delete off, for benchmarks that
	// measure its cost.
	NoSecureDelete bool
	// Audit sets how the audit log commits (group commit by default; see
	// auditlog.Options).
	Audit auditlog.Options
	// TextKeys seals free text at rest (complaint texts; see sealed.go).
	// Nil stores new texts plain and cannot read sealed ones.
	TextKeys *seal.Keyring
}

// Open opens the store at dsn with the default Options.
func Open(ctx context.Context, dsn string) (*Store, error) {
	return OpenWith(ctx, dsn, Options{})
}

// OpenWith opens the store at dsn and applies pending migrations. A
// postgres:// or postgresql:// URL opens PostgreSQL; anything else is the
// path of a SQLite database file, created if absent with mode 0600 (its
// -wal and -shm files take the same mode). Opening a database whose
// schema is current writes nothing and takes no write lock, so commands
// can open it while another process imports.
func OpenWith(ctx context.Context, dsn string, opts Options) (*Store, error) {
	const op = "sqlstore.Open"
	s := &Store{}
	if err := s.plan(); err != nil {
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInternal, Err: err}
	}
	s.UseTextKeys(opts.TextKeys)
	s.busyWait = opts.BusyWait
	if s.busyWait <= 0 {
		s.busyWait = sqliteBusyWait
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s.engine, s.pg = EnginePostgres, true
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Msg: "bad PostgreSQL URL", MsgJA: "PostgreSQL の URL が不正である", Err: err}
		}
		s.db, s.rdb = db, db
	} else {
		if dsn == "" || dsn == ":memory:" || strings.Contains(dsn, "mode=memory") {
			// The read pool would see a different, empty database.
			return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Msg: "SQLite needs a database file path", MsgJA: "SQLite にはデータベースファイルのパスが必要である"}
		}
		s.engine = EngineSQLite
		if err := prepareSQLiteFile(sqlitePath(dsn), opts.AllowSharedFile); err != nil {
			return nil, err
		}
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		wp := sqliteWriterPragmas
		if opts.NoSecureDelete {
			wp = strings.Replace(wp, "secure_delete(1)", "secure_delete(0)", 1)
		}
		busy := fmt.Sprintf("_pragma=busy_timeout(%d)&", s.busyWait.Milliseconds())
		w, err := sql.Open("sqlite", dsn+sep+busy+sqlitePragmas+wp)
		if err != nil {
			return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Err: err}
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		w.SetConnMaxIdleTime(0)
		s.db = w
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		if b := s.busyError(op, err); b != nil {
			return nil, b
		}
		return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInternal, Msg: "cannot connect to the database", MsgJA: "データベースに接続できない", Err: err}
	}
	// Migrate only when the schema is behind: checking is a plain read,
	// while migrating takes the write lock, which an import may hold for
	// minutes.
	current, err := s.schemaCurrent(ctx)
	if err != nil {
		s.db.Close()
		return nil, s.busyOr(op, err)
	}
	if !current {
		applied, err := s.Migrate(ctx)
		if err != nil {
			s.db.Close()
			return nil, err
		}
		s.appliedAtOpen = applied
	}
	if !s.pg {
		// Opened after the writer has switched the file to WAL.
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		busy := fmt.Sprintf("_pragma=busy_timeout(%d)&", s.busyWait.Milliseconds())
		r, err := sql.Open("sqlite", dsn+sep+busy+"_pragma=foreign_keys(1)&_pragma=query_only(1)")
		if err != nil {
			s.db.Close()
			return nil, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Err: err}
		}
		r.SetMaxOpenConns(sqliteReaders)
		s.rdb = r
	}
	if s.audit, err = auditlog.New(ctx, s.db, s.rdb, s.pg, opts.Audit); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// plan builds the codec of every register once.
func (s *Store) plan() error {
	rt := reflect.TypeFor[himitsu.Records]()
	fieldOf := make(map[string]int, rt.NumField())
	for i := range rt.NumField() {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		fieldOf[name] = i
	}
	s.byName = make(map[string]*table, len(himitsu.RegisterList))
	for _, reg := range himitsu.RegisterList {
		field := -1
		if !reg.Stream {
			f, ok := fieldOf[reg.Name]
			if !ok {
				return fmt.Errorf("register %s has no field in himitsu.Records", reg.Name)
			}
			field = f
		}
		t, err := newTable(reg, field)
		if err != nil {
			return err
		}
		s.tables = append(s.tables, t)
		s.byName[reg.Name] = t
	}
	s.services = newServices(s)
	return nil
}

// Engine reports "sqlite" or "postgres".
func (s *Store) Engine() string { return s.engine }

// Close closes the database handles.
func (s *Store) Close() error {
	var err error
	if s.audit != nil {
		// Writes what the group committer still holds.
		err = s.audit.Close()
	}
	err = errors.Join(err, s.db.Close())
	if s.rdb != s.db {
		err = errors.Join(err, s.rdb.Close())
	}
	return err
}

// readTx begins a transaction that sees one snapshot of the database.
func (s *Store) readTx(ctx context.Context) (*sql.Tx, error) {
	if s.pg {
		return s.rdb.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	}
	// A deferred SQLite transaction in WAL mode reads one snapshot.
	return s.rdb.BeginTx(ctx, nil)
}

// readConnTx is readTx on a connection of its own, which the caller must
// close after the transaction: a PostgreSQL stream reaches pgx through it
// (pgstream.go). On SQLite conn is nil.
func (s *Store) readConnTx(ctx context.Context) (*sql.Conn, *sql.Tx, error) {
	if !s.pg {
		tx, err := s.readTx(ctx)
		return nil, tx, err
	}
	conn, err := s.rdb.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	return conn, tx, nil
}

func internal(op string, err error) error {
	var he *himitsu.Error
	if errors.As(err, &he) {
		return err
	}
	return &himitsu.Error{Op: op, Kind: himitsu.KindInternal, Err: err}
}

func notFound(op, carrierID string) error {
	return &himitsu.Error{Op: op, Kind: himitsu.KindNotFound, Field: "carrier",
		Msg: fmt.Sprintf("no carrier %q", carrierID), MsgJA: fmt.Sprintf("事業者 %q は存在しない", carrierID)}
}

// Carriers lists the carriers in ID order.
func (s *Store) Carriers(ctx context.Context) ([]himitsu.Carrier, error) {
	const op = "sqlstore.Carriers"
	t := s.byName["carrier"]
	q := strings.Replace(t.selectQ, " WHERE id = $1", " ORDER BY id", 1)
	rows, err := s.rdb.QueryContext(ctx, q)
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	rs := t.newRowScanner()
	out := []himitsu.Carrier{}
	for rows.Next() {
		if err := rows.Scan(rs.dest...); err != nil {
			return nil, internal(op, err)
		}
		out = append(out, rs.row.Interface().(himitsu.Carrier))
	}
	if err := rows.Err(); err != nil {
		return nil, internal(op, err)
	}
	return out, nil
}

// Records loads every register of a carrier except the streamed logs, each
// ordered by ID, from one snapshot, and records the read. ctx must carry a
// valid himitsu.Accessor (KindPermission otherwise). An unknown carrier
// gives KindNotFound and is not recorded: nothing was read.
func (s *Store) Records(ctx context.Context, carrierID string) (*himitsu.Records, error) {
	const op = "sqlstore.Records"
	a, err := permit(op, ctx)
	if err != nil {
		return nil, err
	}
	entry := newReadEntry(a, carrierID, himitsu.ReadRecords)
	rec, n, err := s.records(ctx, carrierID)
	if err != nil {
		return nil, err
	}
	entry.Rows = n
	// Fail closed: records whose reading left no trace are not handed out.
	if err := s.logRead(ctx, entry); err != nil {
		return nil, err
	}
	return rec, nil
}

// records reads the registers in one read transaction, ended before the
// read is recorded, and returns them with the number of records.
func (s *Store) records(ctx context.Context, carrierID string) (*himitsu.Records, int, error) {
	const op = "sqlstore.Records"
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, 0, internal(op, err)
	}
	defer tx.Rollback()
	return s.recordsTx(ctx, tx, carrierID)
}

// recordsTx is records inside the read transaction tx.
func (s *Store) recordsTx(ctx context.Context, tx *sql.Tx, carrierID string) (*himitsu.Records, int, error) {
	const op = "sqlstore.Records"
	rec := &himitsu.Records{}
	rv := reflect.ValueOf(rec).Elem()
	found := false
	total := 0
	for _, t := range s.tables {
		if t.reg.Stream {
			continue
		}
		n, err := s.loadTable(ctx, tx, t, carrierID, rv.Field(t.field))
		if err != nil {
			return nil, 0, internal(op, err)
		}
		if t.name == "carriers" {
			if n == 0 {
				return nil, 0, notFound(op, carrierID)
			}
			found = true
		}
		total += n
	}
	if !found {
		return nil, 0, notFound(op, carrierID)
	}
	return rec, total, nil
}

// loadTable reads one register into dst, a slice or (for the carrier and
// the desk) a struct, and returns the number of rows.
func (s *Store) loadTable(ctx context.Context, tx *sql.Tx, t *table, carrierID string, dst reflect.Value) (int, error) {
	rows, err := tx.QueryContext(ctx, t.selectQ, carrierID)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", t.name, err)
	}
	defer rows.Close()
	rs := t.newRowScanner()
	n := 0
	for rows.Next() {
		if err := rows.Scan(rs.dest...); err != nil {
			return n, fmt.Errorf("%s: %w", t.name, err)
		}
		if err := t.afterScan(rs.row, carrierID); err != nil {
			return n, err
		}
		if dst.Kind() == reflect.Slice {
			dst.Set(reflect.Append(dst, rs.row))
		} else {
			dst.Set(rs.row)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("%s: %w", t.name, err)
	}
	return n, nil
}

// DeleteCarrier removes a carrier and, through the foreign keys' cascade,
// all its records, and records the change in the same transaction. ctx
// must carry a valid himitsu.Accessor (KindPermission otherwise, before
// anything is written). KindNotFound if absent, and then nothing is
// recorded: nothing changed.
func (s *Store) DeleteCarrier(ctx context.Context, carrierID string) error {
	const op = "sqlstore.DeleteCarrier"
	a, err := permitChange(op, ctx)
	if err != nil {
		return err
	}
	change := newChangeEntry(a, carrierID, himitsu.ChangeDelete)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.busyOr(op, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM carriers WHERE id = $1`, carrierID)
	if err != nil {
		return internal(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return internal(op, err)
	}
	if n == 0 {
		return notFound(op, carrierID)
	}
	pending, err := s.logChange(ctx, tx, change)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return internal(op, err)
	}
	pending.Committed()
	return nil
}

// Events returns the logs of a carrier as a stream in ID order. Each
// stream reads one snapshot, needs a valid himitsu.Accessor in its ctx
// (KindPermission otherwise) and is recorded when it ends; an unknown
// carrier gives KindNotFound and is not recorded.
func (s *Store) Events(carrierID string) himitsu.EventSource {
	return &eventStream{s: s, carrierID: carrierID}
}

type eventStream struct {
	s         *Store
	carrierID string
}

func (e *eventStream) AccessEvents(ctx context.Context, fn func(*himitsu.AccessEvent) error) error {
	return stream(ctx, e.s, e.s.byName["access_events"], e.carrierID, func(rv reflect.Value) error {
		return fn(rv.Addr().Interface().(*himitsu.AccessEvent))
	})
}

func (e *eventStream) EntryLogs(ctx context.Context, fn func(*himitsu.EntryLog) error) error {
	return stream(ctx, e.s, e.s.byName["entry_logs"], e.carrierID, func(rv reflect.Value) error {
		return fn(rv.Addr().Interface().(*himitsu.EntryLog))
	})
}

// stream checks the accessor, streams the rows and records the read,
// whether the stream ran to its end or stopped early: the rows handed to
// fn before an error were read all the same.
func stream(ctx context.Context, s *Store, t *table, carrierID string, fn func(reflect.Value) error) error {
	const op = "sqlstore.Events"
	a, err := permit(op, ctx)
	if err != nil {
		return err
	}
	entry := newReadEntry(a, carrierID, t.reg.Name)
	n, found, err := streamRows(ctx, s, t, carrierID, fn)
	if !found {
		return err
	}
	entry.Rows = n
	if lerr := s.logRead(ctx, entry); lerr != nil {
		if err == nil {
			return lerr
		}
		// Both are reported; errors.Is still finds the stream's own error.
		return errors.Join(err, lerr)
	}
	return err
}

// streamRows reads the rows of a streamed register one at a time into one
// reused struct; memory does not grow with the number of rows. It returns
// the number of rows handed to fn and whether the carrier exists. An error
// from fn is returned unchanged.
func streamRows(ctx context.Context, s *Store, t *table, carrierID string, fn func(reflect.Value) error) (n int, found bool, err error) {
	const op = "sqlstore.Events"
	conn, tx, err := s.readConnTx(ctx)
	if err != nil {
		return 0, false, internal(op, err)
	}
	if conn != nil {
		defer conn.Close()
	}
	defer tx.Rollback()
	return s.streamTx(ctx, conn, tx, t, carrierID, fn)
}

// streamTx is streamRows inside the read transaction tx, which runs on
// conn on PostgreSQL (nil on SQLite).
func (s *Store) streamTx(ctx context.Context, conn *sql.Conn, tx *sql.Tx, t *table, carrierID string, fn func(reflect.Value) error) (n int, found bool, err error) {
	const op = "sqlstore.Events"
	var one int
	switch err := tx.QueryRowContext(ctx, `SELECT 1 FROM carriers WHERE id = $1`, carrierID).Scan(&one); {
	case errors.Is(err, sql.ErrNoRows):
		return 0, false, notFound(op, carrierID)
	case err != nil:
		return 0, false, internal(op, err)
	}
	if !s.pg && t.streamQ != "" {
		n, err := streamSQLite(ctx, tx, t, carrierID, fn)
		return n, true, err
	}
	if s.pg && conn != nil && t.pgStreamable() {
		n, err := streamPostgres(ctx, conn, t, carrierID, fn)
		return n, true, err
	}
	rows, err := tx.QueryContext(ctx, t.selectQ, carrierID)
	if err != nil {
		return 0, true, internal(op, err)
	}
	defer rows.Close()
	rs := t.newRowScanner()
	t.setCarrierID(rs.row, carrierID)
	for rows.Next() {
		if err := rows.Scan(rs.dest...); err != nil {
			return n, true, internal(op, err)
		}
		n++
		if err := t.afterScan(rs.row, carrierID); err != nil {
			return n, true, err
		}
		if err := fn(rs.row); err != nil {
			return n, true, err
		}
	}
	if err := rows.Err(); err != nil {
		return n, true, internal(op, err)
	}
	return n, true, nil
}
