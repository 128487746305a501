package auditlog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/himitsu-oss/himitsu"
	"golang.org/x/mod/sumdb/tlog"
)

// Options configure a Log.
type Options struct {
	// Sync makes every Append its own transaction, committed before
	// Append returns ("log before release" in its strictest form). Without
	// it, Append joins a group commit: entries arriving within MaxAge of
	// the batch's first are written in one transaction, and every caller
	// returns once that transaction has committed.
	Sync bool
	// MaxAge is the longest the first entry of a batch waits for others
	// before the batch is written: 2 ms when zero, at most 10 ms. A batch
	// is written earlier when it is full or when no entry has arrived for
	// an eighth of MaxAge.
	MaxAge time.Duration
	// MaxBatch ends a batch early when it holds this many entries: 1024
	// when zero.
	MaxBatch int
	// Now gives the time of an entry (time.Now when nil). Times are
	// clamped so that they never decrease with the index.
	Now func() time.Time
}

// Limits of Options.
const (
	DefaultMaxAge   = 2 * time.Millisecond
	MaxMaxAge       = 10 * time.Millisecond
	DefaultMaxBatch = 1024
)

// appendWait bounds how long a batch may wait for the writer. Appending
// does not follow the caller's cancellation: an act that happened must be
// logged even when the client has gone.
const appendWait = time.Minute

// sequencerKey is the PostgreSQL advisory lock that orders the log across
// processes; any constant other than the migration lock will do.
const sequencerKey = 0x6175646974 // "audit"

// Log is the audit log of one database. db takes every write (on SQLite
// the single writer connection), rdb serves reads; pg selects PostgreSQL.
type Log struct {
	db, rdb *sql.DB
	pg      bool
	opt     Options

	mu    sync.Mutex
	cache *edgeCache // right edge after the last commit this process saw

	// stmts are the INSERTs of chunkSizes rows, prepared once (prepare).
	stmts [len(chunkSizes)]*sql.Stmt
	// headStmt reads the last entry on the writer (prepare): every append
	// reads it, and parsing it each time cost more than the insert.
	headStmt *sql.Stmt

	// proofs serves proof generation (prove.go).
	proofs proofReader

	start   sync.Once
	reqs    chan *request
	quit    chan struct{}
	stopped chan struct{}
	closed  sync.Once
}

// edgeCache saves reading the tree's right edge on every append. It is
// used only when the database's size and last time say nobody else has
// appended since, and set only after a commit.
type edgeCache struct {
	size int64
	last time.Time
	edge []Hash
}

type request struct {
	entries []*Entry
	done    chan error
}

// New returns the log kept in db, whose schema must be current. It
// prepares its statements and starts nothing until the first batched
// Append.
func New(ctx context.Context, db, rdb *sql.DB, pg bool, opt Options) (*Log, error) {
	if opt.MaxAge == 0 {
		opt.MaxAge = DefaultMaxAge
	}
	if opt.MaxAge < 0 || opt.MaxAge > MaxMaxAge {
		return nil, &himitsu.Error{Op: "auditlog.New", Kind: himitsu.KindInvalid, Field: "max-age",
			Msg:   fmt.Sprintf("the batch age %v is outside 0–%v", opt.MaxAge, MaxMaxAge),
			MsgJA: fmt.Sprintf("一括書込の待ち時間 %v が 0〜%v の範囲外である", opt.MaxAge, MaxMaxAge)}
	}
	if opt.MaxBatch <= 0 {
		opt.MaxBatch = DefaultMaxBatch
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	l := &Log{db: db, rdb: rdb, pg: pg, opt: opt,
		reqs: make(chan *request), quit: make(chan struct{}), stopped: make(chan struct{})}
	if err := l.prepare(ctx); err != nil {
		l.Close()
		return nil, &himitsu.Error{Op: "auditlog.New", Kind: himitsu.KindInternal,
			Msg: "cannot prepare the audit log's statements", MsgJA: "監査記録の文を準備できない", Err: err}
	}
	return l, nil
}

// Close writes what is queued and stops the group committer.
func (l *Log) Close() error {
	l.closed.Do(func() {
		close(l.quit)
		started := true
		l.start.Do(func() { started = false })
		if started {
			<-l.stopped
		}
		for _, st := range append(append(l.stmts[:], l.proofs.hashes[:]...), l.headStmt, l.proofs.cp) {
			if st != nil {
				st.Close()
			}
		}
	})
	return nil
}

func appendError(err error) error {
	var he *himitsu.Error
	if errors.As(err, &he) {
		return err
	}
	return &himitsu.Error{Op: "auditlog.Append", Kind: himitsu.KindInternal,
		Msg: "the act could not be recorded in the audit log", MsgJA: "行為を監査記録に残せなかった", Err: err}
}

// Append sequences the entries and returns once they are durable (the
// transaction holding them has committed): at once in Sync mode, else with
// the next group commit. It sets each entry's Index and At.
func (l *Log) Append(ctx context.Context, entries ...*Entry) error {
	for _, e := range entries {
		if err := e.Validate(); err != nil {
			return appendError(err)
		}
	}
	if len(entries) == 0 {
		return nil
	}
	if l.opt.Sync {
		return l.write(ctx, entries)
	}
	l.start.Do(func() { go l.run() })
	r := &request{entries: entries, done: make(chan error, 1)}
	select {
	case l.reqs <- r:
	case <-l.quit:
		return appendError(errors.New("the audit log is closed"))
	}
	return <-r.done
}

// run is the group committer: it takes the first waiting request, gathers
// others for up to MaxAge (or MaxBatch entries, or until none arrives for
// MaxAge/8), writes them in one transaction and answers every caller with
// the outcome.
func (l *Log) run() {
	defer close(l.stopped)
	for {
		var first *request
		select {
		case first = <-l.reqs:
		case <-l.quit:
			return
		}
		batch := []*request{first}
		n := len(first.entries)
		// The batch closes at MaxAge after its first entry, when it is
		// full, or when no entry has arrived for an eighth of MaxAge: under
		// load it fills, and a lone caller does not wait the whole age.
		deadline := time.NewTimer(l.opt.MaxAge)
		gap := l.opt.MaxAge / 8
		idle := time.NewTimer(gap)
	gather:
		for n < l.opt.MaxBatch {
			select {
			case r := <-l.reqs:
				batch = append(batch, r)
				n += len(r.entries)
				idle.Reset(gap)
			case <-deadline.C:
				break gather
			case <-idle.C:
				break gather
			case <-l.quit:
				break gather
			}
		}
		deadline.Stop()
		idle.Stop()
		all := make([]*Entry, 0, n)
		for _, r := range batch {
			all = append(all, r.entries...)
		}
		err := l.write(context.Background(), all)
		for _, r := range batch {
			r.done <- err
		}
	}
}

// write appends entries in a transaction of its own.
func (l *Log) write(ctx context.Context, entries []*Entry) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), appendWait)
	defer cancel()
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return appendError(err)
	}
	defer tx.Rollback()
	p, err := l.appendTx(ctx, tx, entries) // Append validated them
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return appendError(err)
	}
	p.Committed()
	return nil
}

// Pending is the state after an AppendTx, to be remembered once the
// caller's transaction has committed.
type Pending struct {
	l *Log
	c edgeCache
}

// Committed tells the log that the transaction of its AppendTx has
// committed, so the next append need not read the tree's edge. Not
// calling it (a rollback) is always safe.
func (p *Pending) Committed() {
	if p == nil {
		return
	}
	p.l.mu.Lock()
	c := p.c
	p.l.cache = &c
	p.l.mu.Unlock()
}

// querier is what *sql.Tx and *sql.DB share.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// AppendTx appends entries inside tx, the caller's transaction: the
// entries commit or roll back with whatever else tx does. On PostgreSQL it
// first takes the sequencer lock, held until tx ends, so that the index
// read next is the commit order; on SQLite tx holds the single writer.
// Entries get their index and a time read under that lock.
func (l *Log) AppendTx(ctx context.Context, tx *sql.Tx, entries ...*Entry) (*Pending, error) {
	for _, e := range entries {
		if err := e.Validate(); err != nil {
			return nil, appendError(err)
		}
	}
	return l.appendTx(ctx, tx, entries)
}

// appendTx is AppendTx for entries already validated.
func (l *Log) appendTx(ctx context.Context, tx *sql.Tx, entries []*Entry) (*Pending, error) {
	if l.pg {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(sequencerKey)); err != nil {
			return nil, appendError(err)
		}
	}
	size, last, err := head(ctx, tx.StmtContext(ctx, l.headStmt))
	if err != nil {
		return nil, appendError(err)
	}
	r, err := l.edge(ctx, tx, size, last)
	if err != nil {
		return nil, appendError(err)
	}
	now := l.opt.Now().UTC().Truncate(time.Microsecond)
	if now.Before(last) {
		now = last
	}
	rows := make([]any, 0, 5*len(entries))
	var hashes []Hash
	for i, e := range entries {
		e.Index, e.At = size+int64(i), now
		data, err := e.Encode()
		if err != nil {
			return nil, appendError(err)
		}
		hashes = r.Append(data, hashes[:0])
		rows = append(rows, e.Index, e.Kind, e.Carrier, string(data), packHashes(hashes))
	}
	if err := l.insertEntries(ctx, tx, rows); err != nil {
		return nil, appendError(err)
	}
	return &Pending{l: l, c: edgeCache{size: r.Size(), last: now, edge: r.Edge()}}, nil
}

// packHashes concatenates the stored hashes of one leaf for its row.
func packHashes(hs []Hash) []byte {
	b := make([]byte, 0, len(hs)*tlog.HashSize)
	for _, h := range hs {
		b = append(b, h[:]...)
	}
	return b
}

// unpackHashes splits a row's hashes column.
func unpackHashes(b []byte) ([]Hash, bool) {
	if len(b) == 0 || len(b)%tlog.HashSize != 0 {
		return nil, false
	}
	out := make([]Hash, len(b)/tlog.HashSize)
	for i := range out {
		out[i] = Hash(b[i*tlog.HashSize:])
	}
	return out, true
}

// holder returns the leaf whose row keeps the stored hash with the given
// tlog index, and its place in that row: a hash of level L closing
// subtree n is completed by leaf (n+1)·2^L − 1, whose row lists its
// hashes by level.
func holder(index int64) (leaf int64, at int) {
	level, n := tlog.SplitStoredHashIndex(index)
	return (n+1)<<level - 1, level
}

// entryColumns is the width of a row of audit_entries as inserted.
const entryColumns = 5

// chunkSizes are the row counts of the prepared INSERTs, largest first;
// a batch is written as a greedy sum of them (255 = 3×64 + 3×16 + 3×4 +
// 3×1). The largest stays well under SQLite's limit of parameters.
var chunkSizes = [...]int{256, 64, 16, 4, 1}

// prepare prepares the INSERT of each chunk size on db, before any
// transaction: on SQLite the writer is one connection, which a
// transaction holds. SQLite gets anonymous ? parameters: it resolves
// named ones ($1) by a linear search per use, which costs more than the
// insert itself for wide statements; parsing such a statement once per
// batch would cost as much again.
func (l *Log) prepare(ctx context.Context) error {
	var err error
	if l.headStmt, err = l.db.PrepareContext(ctx, headQuery); err != nil {
		return err
	}
	for i, n := range chunkSizes {
		var b strings.Builder
		b.WriteString(`INSERT INTO audit_entries (idx, kind, carrier_id, data, hashes) VALUES `)
		for r := range n {
			if r > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('(')
			for j := range entryColumns {
				if j > 0 {
					b.WriteByte(',')
				}
				if l.pg {
					fmt.Fprintf(&b, "$%d", r*entryColumns+j+1)
				} else {
					b.WriteByte('?')
				}
			}
			b.WriteByte(')')
		}
		st, err := l.db.PrepareContext(ctx, b.String())
		if err != nil {
			return err
		}
		l.stmts[i] = st
	}
	return nil
}

// insertEntries inserts rows (entryColumns values each) through the
// prepared statements.
func (l *Log) insertEntries(ctx context.Context, tx *sql.Tx, args []any) error {
	for i, n := range chunkSizes {
		for len(args) >= n*entryColumns {
			if _, err := tx.StmtContext(ctx, l.stmts[i]).ExecContext(ctx, args[:n*entryColumns]...); err != nil {
				return err
			}
			args = args[n*entryColumns:]
		}
	}
	return nil
}

// headQuery reads the last entry.
const headQuery = `SELECT idx, data FROM audit_entries ORDER BY idx DESC LIMIT 1`

// head returns the number of entries and the time of the last, through q
// (a querier, or a *sql.Stmt of headQuery).
func head(ctx context.Context, q any) (int64, time.Time, error) {
	var idx int64
	var data string
	var row *sql.Row
	switch q := q.(type) {
	case *sql.Stmt:
		row = q.QueryRowContext(ctx)
	case querier:
		row = q.QueryRowContext(ctx, headQuery)
	}
	switch err := row.Scan(&idx, &data); {
	case errors.Is(err, sql.ErrNoRows):
		return 0, time.Time{}, nil
	case err != nil:
		return 0, time.Time{}, err
	}
	var e struct {
		At time.Time `json:"at"`
	}
	if err := json.Unmarshal([]byte(data), &e); err != nil {
		return 0, time.Time{}, fmt.Errorf("audit entry %d: %w", idx, err)
	}
	return idx + 1, e.At, nil
}

// edge returns the range at size, from the cache when it is current and
// otherwise from the stored hashes.
func (l *Log) edge(ctx context.Context, q querier, size int64, last time.Time) (*Range, error) {
	l.mu.Lock()
	c := l.cache
	l.cache = nil // set again only by Committed
	l.mu.Unlock()
	if c != nil && c.size == size && c.last.Equal(last) {
		return RangeFrom(size, c.edge), nil
	}
	hs, err := readHashes(ctx, q, EdgeIndexes(size))
	if err != nil {
		return nil, err
	}
	return RangeFrom(size, hs), nil
}

// readHashes reads stored hashes by tlog index, in the order asked, from
// the rows of the leaves that hold them.
func readHashes(ctx context.Context, q querier, indexes []int64) ([]Hash, error) {
	if len(indexes) == 0 {
		return nil, nil
	}
	leaves := make(map[int64][]Hash, len(indexes))
	var b strings.Builder
	var args []any
	b.WriteString(`SELECT idx, hashes FROM audit_entries WHERE idx IN (`)
	for _, x := range indexes {
		leaf, _ := holder(x)
		if _, dup := leaves[leaf]; dup {
			continue
		}
		leaves[leaf] = nil
		if len(args) > 0 {
			b.WriteByte(',')
		}
		args = append(args, leaf)
		fmt.Fprintf(&b, "$%d", len(args))
	}
	b.WriteByte(')')
	rows, err := q.QueryContext(ctx, b.String(), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var idx int64
		var raw []byte
		if err := rows.Scan(&idx, &raw); err != nil {
			return nil, err
		}
		hs, ok := unpackHashes(raw)
		if !ok {
			return nil, fmt.Errorf("audit entry %d: malformed stored hashes", idx)
		}
		leaves[idx] = hs
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Hash, len(indexes))
	for i, x := range indexes {
		leaf, at := holder(x)
		hs := leaves[leaf]
		if at >= len(hs) {
			return nil, fmt.Errorf("stored hash %d (audit entry %d) is missing", x, leaf)
		}
		out[i] = hs[at]
	}
	return out, nil
}

// hashReader reads stored hashes through q for tlog's proofs.
func hashReader(ctx context.Context, q querier) tlog.HashReader {
	return tlog.HashReaderFunc(func(ix []int64) ([]Hash, error) { return readHashes(ctx, q, ix) })
}

// Size returns the number of entries.
func (l *Log) Size(ctx context.Context) (int64, error) {
	n, _, err := head(ctx, l.rdb)
	return n, err
}

// ByCarrier returns the entries of kind about carrier, in index order.
func (l *Log) ByCarrier(ctx context.Context, carrier, kind string) ([]*Entry, error) {
	rows, err := l.rdb.QueryContext(ctx,
		`SELECT idx, data FROM audit_entries WHERE carrier_id = $1 AND kind = $2 ORDER BY idx`, carrier, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Entry
	for rows.Next() {
		var idx int64
		var data string
		if err := rows.Scan(&idx, &data); err != nil {
			return nil, err
		}
		e, err := Decode([]byte(data))
		if err != nil {
			return nil, fmt.Errorf("audit entry %d: %w", idx, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Row is one stored entry as the database holds it.
type Row struct {
	Index   int64
	Kind    string
	Carrier string
	Data    []byte
	Hashes  []byte // the stored hashes this leaf completes, concatenated
}

// Rows calls fn for every stored entry in index order, from one snapshot
// when q is a read transaction.
func rowsOf(ctx context.Context, q querier, fn func(Row) error) error {
	rows, err := q.QueryContext(ctx, `SELECT idx, kind, carrier_id, data FROM audit_entries ORDER BY idx`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r Row
		var data string
		if err := rows.Scan(&r.Index, &r.Kind, &r.Carrier, &data); err != nil {
			return err
		}
		r.Data = []byte(data)
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// readTx begins a transaction that reads one snapshot.
func (l *Log) readTx(ctx context.Context) (*sql.Tx, error) {
	if l.pg {
		return l.rdb.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	}
	return l.rdb.BeginTx(ctx, nil)
}
