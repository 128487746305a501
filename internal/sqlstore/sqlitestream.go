package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"modernc.org/sqlite"
)

// Streaming a log from SQLite through a row function.
//
// Read column by column, a row of the access log costs the driver three
// calls into SQLite per column (type, text, length), each of which takes
// the connection's mutex, plus a Go string and an interface per column:
// on one million events that was most of `assess --db`'s time
// (docs/performance.md, issue 6 §5). SQLite hands the arguments of an
// SQL function to it as values, without the connection's mutex, so the
// stream instead filters every row through a function,
//
//	SELECT 1 FROM access_events NOT INDEXED
//	WHERE carrier_id = $2 AND himitsu_stream_row(token, id, "at", …)
//	ORDER BY id
//
// and the function decodes the row straight into the stream's reused
// struct and hands it to the consumer. It returns NULL, so no row comes
// out: the whole log is read in one step of the statement, without the
// driver's and database/sql's per-row work. NOT INDEXED keeps the plan on
// the primary key, which is (carrier_id, id): the rows reach the function
// in ID order, as the column-by-column read gives them. The arguments are
// views of SQLite's memory (FunctionImpl.VolatileArgs), so the row's text
// is copied once, into one buffer per row, before anything keeps it.
//
// token finds the stream's state (streamsByToken): the function is
// registered once for the driver, and several streams can run at once on
// different connections.

const streamRowFunc = "himitsu_stream_row"

func init() {
	sqlite.MustRegisterFunction(streamRowFunc, &sqlite.FunctionImpl{NArgs: -1, VolatileArgs: true, Scalar: streamRow})
}

var (
	streamsByToken sync.Map // int64 → *rowStream
	streamTokens   atomic.Int64
)

// rowStream is the state of one stream through streamRowFunc.
type rowStream struct {
	t         *table
	carrierID string
	rs        *rowScanner
	fn        func(reflect.Value) error
	n         int
	// stop is the error that ended the stream inside the function: the
	// consumer's own (returned unchanged) or a decoding error.
	stop error
	// panicked holds a panic of the consumer, caught inside the function
	// and raised again once the statement has ended: unwinding through
	// SQLite's step would leave the connection's mutex held and the
	// statement half-run, and the connection goes back to the pool.
	panicked any
	lastID   string
	idCol    int // index of the id column in t.cols
	texts    []int
}

// streamQuery is the SELECT of one streamed table through streamRowFunc.
func (t *table) streamQuery() string {
	q := "SELECT 1 FROM " + quote(t.name) + " NOT INDEXED WHERE carrier_id = $2 AND " + streamRowFunc + "($1"
	for _, c := range t.cols {
		q += ", " + quote(c.name)
	}
	return q + ") ORDER BY id"
}

// streamSQLite is streamTx's loop on SQLite.
func streamSQLite(ctx context.Context, tx *sql.Tx, t *table, carrierID string, fn func(reflect.Value) error) (int, error) {
	const op = "sqlstore.Events"
	st := &rowStream{t: t, carrierID: carrierID, rs: t.newRowScanner(), fn: fn, idCol: -1}
	for i, c := range t.cols {
		if c.name == "id" {
			st.idCol = i
		}
		if c.kind == kText {
			st.texts = append(st.texts, i)
		}
	}
	t.setCarrierID(st.rs.row, carrierID)
	token := streamTokens.Add(1)
	streamsByToken.Store(token, st)
	defer streamsByToken.Delete(token)
	rows, err := tx.QueryContext(ctx, t.streamQ, token, carrierID)
	if err != nil {
		// The driver steps to the first row inside the query, so the
		// stream may already have stopped there.
		if st.panicked != nil {
			panic(st.panicked)
		}
		if st.stop != nil {
			return st.n, st.stop
		}
		return st.n, internal(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		if st.stop != nil {
			break
		}
	}
	rows.Close()
	if st.panicked != nil {
		panic(st.panicked)
	}
	if st.stop != nil {
		return st.n, st.stop
	}
	if err := rows.Err(); err != nil {
		return st.n, internal(op, err)
	}
	return st.n, nil
}

// errStreamStopped is what the function reports to SQLite once the
// stream has stopped; the caller returns the stream's own error.
var errStreamStopped = fmt.Errorf("sqlstore: stream stopped")

// streamRow is streamRowFunc: it decodes one row into the stream's struct
// and hands it on.
func streamRow(_ *sqlite.FunctionContext, args []driver.Value) (_ driver.Value, err error) {
	token, _ := args[0].(int64)
	v, ok := streamsByToken.Load(token)
	if !ok {
		return nil, fmt.Errorf("sqlstore: no stream %d", token)
	}
	st := v.(*rowStream)
	if st.stop != nil {
		return nil, errStreamStopped
	}
	defer func() {
		if p := recover(); p != nil {
			st.panicked, st.stop = p, errStreamStopped
			err = errStreamStopped
		}
	}()
	if err := st.row(args[1:]); err != nil {
		st.stop = err
		return nil, errStreamStopped
	}
	return nil, nil
}

func (st *rowStream) row(vals []driver.Value) error {
	const op = "sqlstore.Events"
	t := st.t
	if len(vals) != len(t.cols) {
		return internal(op, fmt.Errorf("%s: %d values for %d columns", t.name, len(vals), len(t.cols)))
	}
	// One copy of the row's text; the text fields are slices of it.
	size := 0
	for _, i := range st.texts {
		if s, ok := vals[i].(string); ok {
			size += len(s)
		}
	}
	buf := make([]byte, 0, size)
	id := ""
	for i, v := range vals {
		c := &t.cols[i]
		fv := st.rs.dest[i].(*scanner).fv
		var err error
		switch x := v.(type) {
		case string:
			switch c.kind {
			case kText:
				start := len(buf)
				buf = append(buf, x...)
				s := unsafe.String(unsafe.SliceData(buf[start:]), len(x))
				fv.SetString(s)
				if i == st.idCol {
					id = s
				}
				continue
			case kTime:
				// Parsed, not kept: the view needs no copy.
				var tm time.Time
				if tm, err = parseStoredTime(x); err == nil {
					*(*time.Time)(fv.Addr().UnsafePointer()) = tm
					continue
				}
				err = fmt.Errorf("column %s: %w", c.name, err)
			default:
				err = st.rs.dest[i].(*scanner).Scan(strings.Clone(x))
			}
		case int64:
			if c.kind == kInt {
				fv.SetInt(x)
				continue
			}
			err = st.rs.dest[i].(*scanner).Scan(x)
		case []byte:
			err = st.rs.dest[i].(*scanner).Scan(string(x))
		default:
			err = st.rs.dest[i].(*scanner).Scan(x)
		}
		if err != nil {
			return internal(op, fmt.Errorf("%s row %d: %w", t.name, st.n+1, err))
		}
	}
	if st.idCol >= 0 {
		// The function sees rows in the order SQLite produces them; the
		// plan reads the primary key in order, and this check makes sure
		// that no other plan hands the consumer another order.
		if st.n > 0 && id <= st.lastID {
			return internal(op, fmt.Errorf("%s: row %q after %q, not in ID order", t.name, id, st.lastID))
		}
		st.lastID = id
	}
	st.n++
	if err := t.afterScan(st.rs.row, st.carrierID); err != nil {
		return err
	}
	return st.fn(st.rs.row)
}
