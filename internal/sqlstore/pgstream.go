package sqlstore

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"time"
	"unsafe"

	"github.com/himitsu-oss/himitsu"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
)

// Streaming a log from PostgreSQL in binary form.
//
// Through database/sql every column of every row becomes a driver.Value:
// a Go string for each text column, a time.Time parsed from text, an
// interface each. The stream instead asks pgx, on the read transaction's
// own connection, for the rows in PostgreSQL's binary format and decodes
// the raw column bytes straight into the reused struct: the row's text is
// copied once into one buffer, integers and times are read as the fixed-
// width numbers they are on the wire.

// pgEpochUnix is the origin of PostgreSQL's binary timestamps,
// 2000-01-01T00:00:00Z, in Unix seconds.
const pgEpochUnix = 946684800

// pgStreamable reports whether every column of t is of a kind the binary
// decoder reads; the others (dates, JSON) go through database/sql.
func (t *table) pgStreamable() bool {
	for _, c := range t.cols {
		switch c.kind {
		case kText, kInt, kTime, kFact:
		default:
			return false
		}
	}
	return true
}

// streamPostgres is streamTx's loop on PostgreSQL; the read transaction
// runs on conn.
func streamPostgres(ctx context.Context, conn *sql.Conn, t *table, carrierID string, fn func(reflect.Value) error) (int, error) {
	const op = "sqlstore.Events"
	rs := t.newRowScanner()
	t.setCarrierID(rs.row, carrierID)
	fields := make([]reflect.Value, len(t.cols))
	for i := range t.cols {
		fields[i] = rs.dest[i].(*scanner).fv
	}
	n := 0
	var stop error // the consumer's error or a decoding error, returned unchanged
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("driver connection is %T, not pgx", dc)
		}
		rows, err := c.Conn().Query(ctx, t.selectQ, pgx.QueryResultFormats{pgx.BinaryFormatCode}, carrierID)
		if err != nil {
			return err
		}
		defer rows.Close()
		fds := rows.FieldDescriptions()
		if len(fds) != len(t.cols) {
			return fmt.Errorf("%s: %d columns for %d fields", t.name, len(fds), len(t.cols))
		}
		for i, fd := range fds {
			if !pgOIDFits(t.cols[i].kind, fd.DataTypeOID) {
				return fmt.Errorf("%s: column %s has type OID %d", t.name, t.cols[i].name, fd.DataTypeOID)
			}
		}
		for rows.Next() {
			raw := rows.RawValues()
			size := 0
			for i, v := range raw {
				if t.cols[i].kind == kText {
					size += len(v)
				}
			}
			buf := make([]byte, 0, size)
			for i, v := range raw {
				col := &t.cols[i]
				if err := pgDecode(col, fds[i].DataTypeOID, v, fields[i], &buf); err != nil {
					stop = internal(op, fmt.Errorf("%s row %d: column %s: %w", t.name, n+1, col.name, err))
					return nil
				}
			}
			n++
			if err := t.afterScan(rs.row, carrierID); err != nil {
				stop = err
				return nil
			}
			if err := fn(rs.row); err != nil {
				stop = err
				return nil
			}
		}
		return rows.Err()
	})
	if stop != nil {
		return n, stop
	}
	if err != nil {
		return n, internal(op, err)
	}
	return n, nil
}

// pgOIDFits says whether a column of kind k may arrive with type oid.
func pgOIDFits(k kind, oid uint32) bool {
	switch k {
	case kText:
		return oid == pgtype.TextOID || oid == pgtype.VarcharOID
	case kInt:
		return oid == pgtype.Int8OID || oid == pgtype.Int4OID
	case kTime:
		return oid == pgtype.TimestamptzOID
	case kFact:
		return oid == pgtype.BoolOID
	}
	return false
}

// pgDecode sets field fv from the binary value v (nil for NULL). Text is
// appended to *buf, whose capacity the caller sized for the row's text, so
// that the fields share one allocation.
func pgDecode(c *column, oid uint32, v []byte, fv reflect.Value, buf *[]byte) error {
	switch c.kind {
	case kText:
		if v == nil {
			fv.SetString("")
			return nil
		}
		start := len(*buf)
		*buf = append(*buf, v...)
		fv.SetString(unsafe.String(unsafe.SliceData((*buf)[start:]), len(v)))
		return nil
	case kInt:
		switch {
		case v == nil:
			fv.SetInt(0)
		case oid == pgtype.Int8OID && len(v) == 8:
			fv.SetInt(int64(binary.BigEndian.Uint64(v)))
		case oid == pgtype.Int4OID && len(v) == 4:
			fv.SetInt(int64(int32(binary.BigEndian.Uint32(v))))
		default:
			return fmt.Errorf("%d bytes for an integer", len(v))
		}
		return nil
	case kTime:
		p := (*time.Time)(fv.Addr().UnsafePointer())
		if v == nil {
			*p = time.Time{}
			return nil
		}
		if len(v) != 8 {
			return fmt.Errorf("%d bytes for a timestamp", len(v))
		}
		us := int64(binary.BigEndian.Uint64(v))
		if us == math.MaxInt64 || us == math.MinInt64 {
			return fmt.Errorf("an infinite timestamp")
		}
		// time.Unix normalises a negative remainder (times before 2000).
		*p = time.Unix(pgEpochUnix+us/1e6, us%1e6*1e3).UTC()
		return nil
	case kFact:
		switch {
		case v == nil:
			fv.SetUint(uint64(himitsu.Unknown))
		case len(v) == 1:
			fv.SetUint(uint64(himitsu.FactOf(v[0] != 0)))
		default:
			return fmt.Errorf("%d bytes for a boolean", len(v))
		}
		return nil
	}
	return fmt.Errorf("no binary decoder for column kind %d", c.kind)
}
