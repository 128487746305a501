package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Batch sizes, measured with BenchmarkReplaceAccessEvents: a SQLite
// statement of a few hundred rows amortises the per-statement cost without
// a huge SQL text; a COPY batch is large enough that its round trip is
// negligible and small enough that the buffered rows stay a few MB.
const (
	sqliteBatchRows = 256
	sqliteMaxParams = 32766 // SQLITE_MAX_VARIABLE_NUMBER since 3.32
	copyBatchRows   = 8192
)

// Replace makes the carrier's records exactly rec and events, in one
// transaction. Records are validated (Validate, references, unique IDs)
// before anything is written; the streamed logs are validated row by row as
// they are inserted, so memory stays flat in their length. Any error (a bad
// record, a duplicate ID, an error of the event source, which is returned
// unchanged) rolls everything back, the change log's entry with it. The
// accessor is checked first: without one nothing is validated, read or
// written. When events is a stream of this store, its reads are recorded
// after the transaction ends, committed or not; if that recording fails,
// Replace reports it even though the import stands.
func (s *Store) Replace(ctx context.Context, rec *himitsu.Records, events himitsu.EventSource) (himitsu.ImportSummary, error) {
	return s.ReplaceWith(ctx, rec, events, ReplaceOptions{})
}

// ReplaceOptions adjust ReplaceWith.
type ReplaceOptions struct {
	// KeyFingerprint identifies the pseudonym key the records' raw
	// subscriber identifiers were pseudonymised with while reading (a
	// keyed digest of the key, never the key; empty when no key was
	// used). The first import with a key records it for the carrier;
	// an import with another key is refused with KindConflict before
	// anything is written, since the same people would then appear
	// under other pseudonyms.
	KeyFingerprint string
}

// ReplaceWith is Replace with options.
func (s *Store) ReplaceWith(ctx context.Context, rec *himitsu.Records, events himitsu.EventSource, opts ReplaceOptions) (himitsu.ImportSummary, error) {
	const op = "sqlstore.Replace"
	a, err := permitChange(op, ctx)
	if err != nil {
		return himitsu.ImportSummary{}, err
	}
	// Reads of this store's own streams (re-importing, copying a carrier)
	// are recorded after the transaction, when the writer is free again.
	d := &deferredReads{}
	sum, err := s.replace(context.WithValue(ctx, deferKey{s}, d), a, rec, events, opts)
	if lerr := s.writeReads(ctx, d.entries); lerr != nil {
		return sum, errors.Join(err, lerr)
	}
	return sum, err
}

func (s *Store) replace(ctx context.Context, a himitsu.Accessor, rec *himitsu.Records, events himitsu.EventSource, opts ReplaceOptions) (himitsu.ImportSummary, error) {
	const op = "sqlstore.Replace"
	if rec == nil {
		return himitsu.ImportSummary{}, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Msg: "no records", MsgJA: "記録がない"}
	}
	cid := rec.Carrier.ID
	change := newChangeEntry(a, cid, himitsu.ChangeReplace)
	sum := himitsu.ImportSummary{Carrier: cid, Counts: make(map[string]int, len(s.tables))}
	idx := himitsu.NewIndex(rec)
	rv := reflect.ValueOf(rec).Elem()
	if err := s.checkRecords(op, rv, cid, idx); err != nil {
		return sum, err
	}

	conn, err := s.db.Conn(ctx)
	if err != nil {
		return sum, internal(op, err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return sum, s.busyOr(op, err)
	}
	defer tx.Rollback()
	if s.pg {
		// Another import of the same carrier holds its row until it
		// commits; wait a bounded time for it, as SQLite does.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("SET LOCAL lock_timeout = %d", s.busyWait.Milliseconds())); err != nil {
			return sum, internal(op, err)
		}
	}
	w := &writer{s: s, op: op, ctx: ctx, conn: conn, tx: tx, cid: cid}
	defer w.close()

	// The carrier row is written first: on PostgreSQL its row lock makes a
	// concurrent Replace of the same carrier wait until this one commits,
	// so its deletes then see (and remove) these rows.
	if err := w.upsertCarrier(rv.Field(s.byName["carrier"].field)); err != nil {
		return sum, err
	}
	sum.Counts["carrier"] = 1
	if err := w.checkKey(opts.KeyFingerprint); err != nil {
		return sum, err
	}
	kept, err := w.checkFrozen(rec)
	if err != nil {
		return sum, err
	}
	for _, t := range slices.Backward(s.tables) {
		if t.keyed {
			if _, err := tx.ExecContext(ctx, t.deleteQ, cid); err != nil {
				return sum, internal(op, fmt.Errorf("clearing %s: %w", t.name, err))
			}
		}
	}
	for _, t := range s.tables {
		if t.reg.Stream || !t.keyed {
			continue
		}
		b := w.batch(t)
		v := rv.Field(t.field)
		if v.Kind() == reflect.Slice {
			for i := range v.Len() {
				if err := b.add(v.Index(i)); err != nil {
					return sum, err
				}
			}
		} else if err := b.add(v); err != nil {
			return sum, err
		}
		if t.reg.Name == "regulator_reports" {
			for _, r := range kept {
				if err := b.add(r); err != nil {
					return sum, err
				}
				sum.Kept = append(sum.Kept, w.s.svc("regulator_reports").id(r))
			}
		}
		if err := b.flush(); err != nil {
			return sum, err
		}
		sum.Counts[t.reg.Name] = b.count
	}
	if events != nil {
		// On SQLite, with no other carrier's events in the log, the date
		// index is built once after the bulk load rather than kept up to
		// date row by row: one sort instead of a B-tree insert per row
		// (docs/performance.md). The drop is part of the transaction, so a
		// failed import leaves the index as it was.
		rebuild, err := s.dropDateIndexForLoad(ctx, tx)
		if err != nil {
			return sum, internal(op, err)
		}
		n, err := w.accessEvents(events, idx)
		if err != nil {
			return sum, err
		}
		sum.Counts["access_events"] = n
		if n, err = w.entryLogs(events, idx); err != nil {
			return sum, err
		}
		sum.Counts["entry_logs"] = n
		// Fresh statistics let the planner read a date-bounded list of
		// events through access_events_at instead of scanning the log in
		// ID order (docs/performance.md). SQLite samples at most
		// analysis_limit rows per index, so this stays cheap on millions.
		if rebuild {
			for _, ix := range loadIndexes {
				if _, err := tx.ExecContext(ctx, ix.create); err != nil {
					return sum, internal(op, fmt.Errorf("rebuilding %s: %w", ix.name, err))
				}
			}
		}
		if err := s.analyzeAccessEvents(ctx, tx); err != nil {
			return sum, internal(op, err)
		}
	}
	// The entry commits with the records or not at all.
	change.Counts = sum.Counts
	pending, err := s.logChange(ctx, tx, change)
	if err != nil {
		return sum, err
	}
	if err := tx.Commit(); err != nil {
		return sum, internal(op, err)
	}
	pending.Committed()
	return sum, nil
}

type validator interface{ Validate() error }

// checkRecords validates every record held in memory: its own values, its
// references, the uniqueness of its ID, and that it belongs to the carrier.
func (s *Store) checkRecords(op string, rv reflect.Value, cid string, idx *himitsu.Index) error {
	for _, t := range s.tables {
		if t.reg.Stream {
			continue
		}
		v := rv.Field(t.field)
		if v.Kind() != reflect.Slice {
			if err := s.checkRecord(op, t, v, cid, idx); err != nil {
				return err
			}
			continue
		}
		seen := make(map[string]struct{}, v.Len())
		for i := range v.Len() {
			e := v.Index(i)
			if err := s.checkRecord(op, t, e, cid, idx); err != nil {
				return err
			}
			if t.hasID {
				id := e.FieldByName("ID").String()
				if _, dup := seen[id]; dup {
					return duplicate(op, t.reg.Name, id)
				}
				seen[id] = struct{}{}
			}
		}
	}
	return nil
}

func (s *Store) checkRecord(op string, t *table, e reflect.Value, cid string, idx *himitsu.Index) error {
	id := ""
	if t.hasID {
		id = e.FieldByName("ID").String()
	}
	if c := t.carrierID(e); c != "" && c != cid {
		return recordError(op, t.reg.Name, id, himitsu.FieldErrorJA("carrier_id", "%q is not the carrier being replaced (%q)", notCarrierJA, c, cid))
	}
	p := e.Addr().Interface()
	if v, ok := p.(validator); ok {
		if err := v.Validate(); err != nil {
			return recordError(op, t.reg.Name, id, err)
		}
	}
	if err := idx.CheckRefs(p); err != nil {
		return recordError(op, t.reg.Name, id, err)
	}
	return nil
}

// recordError turns a validation error into one that names the register
// and the record, keeping its kind and qualified field path.
func recordError(op, register, id string, err error) error {
	var he *himitsu.Error
	if !errors.As(err, &he) {
		return internal(op, err)
	}
	msg, msgJA := "", ""
	for e := err; e != nil; {
		var x *himitsu.Error
		if !errors.As(e, &x) {
			break
		}
		if x.Msg != "" {
			msg, msgJA = x.Msg, x.MsgJA
		}
		e = x.Err
	}
	if msgJA == "" {
		msgJA = msg
	}
	who := register
	if id != "" {
		who += fmt.Sprintf(" %q", id)
	}
	return &himitsu.Error{Op: op, Kind: himitsu.ErrorKind(err), Field: himitsu.ErrorField(err), Msg: who + ": " + msg, MsgJA: who + ": " + msgJA}
}

// notCarrierJA is the Japanese message of a record of another carrier.
const notCarrierJA = "%q は置き換え対象の事業者（%q）ではない"

func duplicate(op, register, id string) error {
	return &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "id", Msg: fmt.Sprintf("duplicate id %q in %s", id, register),
		MsgJA: fmt.Sprintf("%[2]s の ID %[1]q が重複している", id, register)}
}

// writer holds the state of one Replace transaction.
type writer struct {
	s     *Store
	op    string
	ctx   context.Context
	conn  *sql.Conn
	tx    *sql.Tx
	cid   string
	stmts []*sql.Stmt
}

func (w *writer) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

func (w *writer) upsertCarrier(v reflect.Value) error {
	t := w.s.byName["carrier"]
	args, err := t.encode(nil, "", v, w.s.pg)
	if err != nil {
		return recordError(w.op, t.reg.Name, w.cid, err)
	}
	set := make([]string, 0, len(t.colNames))
	for _, c := range t.colNames {
		if c != "id" {
			set = append(set, quote(c)+" = excluded."+quote(c))
		}
	}
	q := t.insertSQL(1, false) + " ON CONFLICT (id) DO UPDATE SET " + strings.Join(set, ", ")
	if _, err := w.tx.ExecContext(w.ctx, q, args...); err != nil {
		return w.s.busyOr(w.op, fmt.Errorf("carriers: %w", err))
	}
	return nil
}

// checkKey records the fingerprint of the pseudonym key for the carrier,
// or refuses one that differs from the recorded fingerprint. The carrier
// row written just before holds the lock that orders concurrent imports.
func (w *writer) checkKey(fp string) error {
	if fp == "" {
		return nil
	}
	var have string
	err := w.tx.QueryRowContext(w.ctx, `SELECT fingerprint FROM pseudonym_keys WHERE carrier_id = $1`, w.cid).Scan(&have)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		var at any = time.Now().UTC()
		if !w.s.pg {
			at = time.Now().UTC().Format(sqliteTime)
		}
		if _, err := w.tx.ExecContext(w.ctx, `INSERT INTO pseudonym_keys (carrier_id, fingerprint, at) VALUES ($1, $2, $3)`, w.cid, fp, at); err != nil {
			return internal(w.op, fmt.Errorf("pseudonym_keys: %w", err))
		}
		return nil
	case err != nil:
		return internal(w.op, fmt.Errorf("pseudonym_keys: %w", err))
	case have != fp:
		return &himitsu.Error{Op: w.op, Kind: himitsu.KindConflict, Field: "pseudonym-key",
			Msg:   fmt.Sprintf("carrier %s was imported with another pseudonym key (fingerprint %s, this key %s): the same subscribers would get other pseudonyms; use the carrier's key", w.cid, have, fp),
			MsgJA: fmt.Sprintf("事業者 %s は別の仮名化鍵で取り込まれている（指紋 %s、今回の鍵 %s）。同じ加入者に別の仮名が付くことになるため、その事業者の鍵を使うこと", w.cid, have, fp)}
	}
	return nil
}

// checkFrozen guards the reports filed with their document: a filed
// report is frozen (see RegulatorReport), the record of what the carrier
// told the authorities. A bundle that carries it must carry it as it was
// filed (an altered report in place would pass for the one filed). A
// bundle that leaves it out does not remove it: bundles are often kept
// outside himitsu, from before the filing, and an import is no way to
// unfile a report, which the per-record service refuses too. The reports
// left out are returned, to be written back as they were (the import's
// summary names them); one whose incident the bundle leaves out is
// refused, since the incident it reports on must stay with it.
func (w *writer) checkFrozen(rec *himitsu.Records) ([]reflect.Value, error) {
	rows, err := w.tx.QueryContext(w.ctx, `SELECT id, document_sha256 FROM regulator_reports WHERE carrier_id = $1 AND document_sha256 <> ''`, w.cid)
	if err != nil {
		return nil, internal(w.op, fmt.Errorf("regulator_reports: %w", err))
	}
	filed := map[string]string{}
	for rows.Next() {
		var id, sum string
		if err := rows.Scan(&id, &sum); err != nil {
			rows.Close()
			return nil, internal(w.op, err)
		}
		filed[id] = sum
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(w.op, err)
	}
	if len(filed) == 0 {
		return nil, nil
	}
	incoming := make(map[string]*himitsu.RegulatorReport, len(rec.RegulatorReports))
	for i := range rec.RegulatorReports {
		incoming[rec.RegulatorReports[i].ID] = &rec.RegulatorReports[i]
	}
	incidents := make(map[string]bool, len(rec.Incidents))
	for _, in := range rec.Incidents {
		incidents[in.ID] = true
	}
	var kept []reflect.Value
	svc := w.s.svc("regulator_reports")
	for _, id := range slices.Sorted(maps.Keys(filed)) {
		r, ok := incoming[id]
		if ok && r.DocumentSHA256 == filed[id] {
			continue
		}
		if ok {
			return nil, &himitsu.Error{Op: w.op, Kind: himitsu.KindConflict, Field: "regulator_reports",
				Msg:   fmt.Sprintf("report %s was filed with its document and is frozen; the bundle changes it. Keep it as filed and file a correction as a new version", id),
				MsgJA: fmt.Sprintf("報告 %s は文書とともに提出済みで変更できないが、バンドルではそれが変わっている。提出したとおりに残し、訂正は新しい版として提出すること", id)}
		}
		stored, err := svc.load(w.ctx, w.tx, w.op, w.cid, id, false)
		if err != nil {
			return nil, err
		}
		rep := stored.Interface().(himitsu.RegulatorReport)
		if !incidents[rep.Incident] {
			return nil, &himitsu.Error{Op: w.op, Kind: himitsu.KindConflict, Field: "incidents",
				Msg: fmt.Sprintf("the bundle leaves out incident %s, about which report %s was filed with its document; a filed report is kept, and so is its incident: add incident %s back to the bundle (the incidents section of carrier.yaml)",
					rep.Incident, id, rep.Incident),
				MsgJA: fmt.Sprintf("バンドルに事故 %s がないが、この事故については報告 %s が文書とともに提出済みである。提出済みの報告は残すため、その事故も残す必要がある。事故 %s をバンドル（carrier.yaml の incidents）に戻すこと",
					rep.Incident, id, rep.Incident)}
		}
		kept = append(kept, stored)
	}
	return kept, nil
}

// KeyFingerprint returns the fingerprint of the pseudonym key recorded for
// a carrier, or "" when none is.
func (s *Store) KeyFingerprint(ctx context.Context, carrierID string) (string, error) {
	var fp string
	err := s.db.QueryRowContext(ctx, `SELECT fingerprint FROM pseudonym_keys WHERE carrier_id = $1`, carrierID).Scan(&fp)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", internal("sqlstore.KeyFingerprint", err)
	}
	return fp, nil
}

// batch buffers encoded rows of one table and writes them in batches.
type batch struct {
	w       *writer
	t       *table
	width   int
	maxRows int
	rows    int
	vals    []any
	count   int
	full    *sql.Stmt // prepared INSERT of maxRows rows (SQLite)
}

func (w *writer) batch(t *table) *batch {
	b := &batch{w: w, t: t, width: len(t.colNames)}
	if w.s.pg {
		b.maxRows = copyBatchRows
	} else {
		b.maxRows = min(sqliteBatchRows, sqliteMaxParams/b.width)
	}
	return b
}

// add encodes one record (a struct value) into the buffer.
func (b *batch) add(v reflect.Value) error {
	var err error
	b.vals, err = b.t.encode(b.vals, b.w.cid, v, b.w.s.pg)
	if err != nil {
		id := ""
		if b.t.hasID {
			id = v.FieldByName("ID").String()
		}
		return recordError(b.w.op, b.t.reg.Name, id, err)
	}
	b.rows++
	b.count++
	if b.rows == b.maxRows {
		return b.flush()
	}
	return nil
}

func (b *batch) flush() error {
	if b.rows == 0 {
		return nil
	}
	var err error
	if b.w.s.pg {
		err = b.copy()
	} else {
		err = b.insert()
	}
	clear(b.vals) // drop references to the rows' strings
	b.vals, b.rows = b.vals[:0], 0
	return err
}

// insert writes the buffer with one multi-row INSERT (SQLite).
func (b *batch) insert() error {
	w := b.w
	var err error
	if b.rows == b.maxRows {
		if b.full == nil {
			if b.full, err = w.tx.PrepareContext(w.ctx, b.t.insertSQL(b.maxRows, true)); err != nil {
				return internal(w.op, err)
			}
			w.stmts = append(w.stmts, b.full)
		}
		_, err = b.full.ExecContext(w.ctx, b.vals...)
	} else {
		_, err = w.tx.ExecContext(w.ctx, b.t.insertSQL(b.rows, true), b.vals...)
	}
	if err == nil {
		return nil
	}
	if !isSQLiteDuplicate(err) {
		return internal(w.op, fmt.Errorf("%s: %w", b.t.name, err))
	}
	// The statement failed as a whole and SQLite undid only it; row by
	// row, the first row that fails is the duplicate, in stream order.
	one := b.t.insertSQL(1, true)
	for r := range b.rows {
		row := b.vals[r*b.width : (r+1)*b.width]
		if _, err := w.tx.ExecContext(w.ctx, one, row...); err != nil {
			if isSQLiteDuplicate(err) {
				return duplicate(w.op, b.t.reg.Name, b.idOf(row))
			}
			return internal(w.op, fmt.Errorf("%s: %w", b.t.name, err))
		}
	}
	return internal(w.op, fmt.Errorf("%s: a key conflict that no single row reproduces", b.t.name))
}

func (b *batch) idOf(row []any) string {
	for i, c := range b.t.colNames {
		if c == "id" {
			s, _ := row[i].(string)
			return s
		}
	}
	return ""
}

func isSQLiteDuplicate(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	c := se.Code()
	return c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY || c == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}

// copy writes the buffer with COPY on the transaction's own connection
// (PostgreSQL).
func (b *batch) copy() error {
	w := b.w
	src := &bufferSource{vals: b.vals, width: b.width, rows: b.rows}
	err := w.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("driver connection is %T, not pgx", dc)
		}
		_, err := c.Conn().CopyFrom(w.ctx, pgx.Identifier{b.t.name}, b.t.colNames, src)
		return err
	})
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return duplicate(w.op, b.t.reg.Name, duplicateKey(pe.Detail))
	}
	return internal(w.op, fmt.Errorf("%s: %w", b.t.name, err))
}

// pgKey matches the untranslated part of a unique violation's detail,
// "Key (carrier_id, id)=(c1, e7) already exists.". IDs cannot hold ", " or
// ")" (himitsu.ValidID), so the split is exact.
var pgKey = regexp.MustCompile(`\(carrier_id, id\)=\(([^,]*), ([^)]*)\)`)

func duplicateKey(detail string) string {
	if m := pgKey.FindStringSubmatch(detail); m != nil {
		return m[2]
	}
	return "?"
}

// bufferSource feeds buffered rows to pgx's CopyFrom.
type bufferSource struct {
	vals        []any
	width, rows int
	next        int
}

func (s *bufferSource) Next() bool {
	s.next++
	return s.next <= s.rows
}

func (s *bufferSource) Values() ([]any, error) {
	r := s.next - 1
	return s.vals[r*s.width : (r+1)*s.width], nil
}

func (s *bufferSource) Err() error { return nil }

// accessEvents streams, checks and writes the access log.
func (w *writer) accessEvents(events himitsu.EventSource, idx *himitsu.Index) (int, error) {
	t := w.s.byName["access_events"]
	b := w.batch(t)
	err := events.AccessEvents(w.ctx, func(e *himitsu.AccessEvent) error {
		if e.CarrierID != "" && e.CarrierID != w.cid {
			return recordError(w.op, t.reg.Name, e.ID, himitsu.FieldErrorJA("carrier_id", "%q is not the carrier being replaced (%q)", notCarrierJA, e.CarrierID, w.cid))
		}
		if err := e.Validate(); err != nil {
			return recordError(w.op, t.reg.Name, e.ID, err)
		}
		if err := idx.CheckAccessEvent(e); err != nil {
			return recordError(w.op, t.reg.Name, e.ID, err)
		}
		return b.add(reflect.ValueOf(e).Elem())
	})
	if err != nil {
		return b.count, err
	}
	return b.count, b.flush()
}

// entryLogs streams, checks and writes the entry and exit log.
func (w *writer) entryLogs(events himitsu.EventSource, idx *himitsu.Index) (int, error) {
	t := w.s.byName["entry_logs"]
	b := w.batch(t)
	err := events.EntryLogs(w.ctx, func(e *himitsu.EntryLog) error {
		if e.CarrierID != "" && e.CarrierID != w.cid {
			return recordError(w.op, t.reg.Name, e.ID, himitsu.FieldErrorJA("carrier_id", "%q is not the carrier being replaced (%q)", notCarrierJA, e.CarrierID, w.cid))
		}
		if err := e.Validate(); err != nil {
			return recordError(w.op, t.reg.Name, e.ID, err)
		}
		if err := idx.CheckRefs(e); err != nil {
			return recordError(w.op, t.reg.Name, e.ID, err)
		}
		return b.add(reflect.ValueOf(e).Elem())
	})
	if err != nil {
		return b.count, err
	}
	return b.count, b.flush()
}

// loadIndexes are the indexes of access_events that a bulk load may build
// after the load: the date index of migration 0090 and the filter indexes
// of migration 0220 (kept row by row, the four of 0220 made an import of
// 1 M events about 3x slower; docs/performance.md).
var loadIndexes = []struct{ name, create string }{
	{"access_events_at", `CREATE INDEX access_events_at ON access_events (carrier_id, "at")`},
	{"access_events_person", `CREATE INDEX access_events_person ON access_events (carrier_id, person, id)`},
	{"access_events_dataset", `CREATE INDEX access_events_dataset ON access_events (carrier_id, dataset, id)`},
	{"access_events_purpose", `CREATE INDEX access_events_purpose ON access_events (carrier_id, purpose, id)`},
	{"access_events_subscriber", `CREATE INDEX access_events_subscriber ON access_events (carrier_id, subscriber, id)`},
}

// dropDateIndexForLoad drops the loadIndexes for a bulk load when that is
// cheaper than keeping it: on SQLite (whose DDL is transactional and whose
// writer is alone anyway) and when the log holds no other carrier's events
// after this carrier's were deleted, so that rebuilding it sorts only the
// rows being loaded. It reports whether the caller must rebuild them.
// PostgreSQL keeps the index: dropping it would lock the table against
// readers of every carrier until the commit.
func (s *Store) dropDateIndexForLoad(ctx context.Context, tx *sql.Tx) (bool, error) {
	if s.pg || s.keepDateIndex {
		return false, nil
	}
	var others, present int
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM access_events)`).Scan(&others); err != nil {
		return false, err
	}
	names := make([]any, len(loadIndexes))
	for i, ix := range loadIndexes {
		names[i] = ix.name
	}
	q := `SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN (?` + strings.Repeat(", ?", len(names)-1) + `)`
	if err := tx.QueryRowContext(ctx, q, names...).Scan(&present); err != nil {
		return false, err
	}
	// All or none: a store missing one (dropped by hand) keeps the rest
	// row by row rather than gaining an index nobody migrated to.
	if others != 0 || present != len(loadIndexes) {
		return false, nil
	}
	for _, ix := range loadIndexes {
		if _, err := tx.ExecContext(ctx, `DROP INDEX `+ix.name); err != nil {
			return false, err
		}
	}
	return true, nil
}

// analyzeAccessEvents refreshes the planner's statistics of the access
// log within the import's transaction.
func (s *Store) analyzeAccessEvents(ctx context.Context, tx *sql.Tx) error {
	if !s.pg {
		if _, err := tx.ExecContext(ctx, `PRAGMA analysis_limit = 1000`); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `ANALYZE access_events`)
	return err
}
