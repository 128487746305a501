package sqlstore

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// The codec maps register structs to rows and back. It is driven by
// himitsu.Fields, so a field added to a Go type needs only a migration that
// adds the column (the schema test fails until it exists). A plan is built
// once per register when the store opens; per row the codec does no map
// look-ups and builds no SQL.

// kind is how a Go field is stored.
type kind uint8

const (
	kText kind = iota // string and string enums: TEXT NOT NULL
	kInt              // int: INTEGER / BIGINT NOT NULL
	kFact             // himitsu.Fact: BOOLEAN; NULL when unknown
	kDate             // himitsu.Date: TEXT YYYY-MM-DD / DATE; NULL when zero
	kTime             // time.Time: TEXT RFC 3339 UTC / TIMESTAMPTZ; NULL when zero
	kJSON             // lists and nested records: JSON text / JSONB; NULL when empty
)

var (
	timeType = reflect.TypeFor[time.Time]()
	dateType = reflect.TypeFor[himitsu.Date]()
	factType = reflect.TypeFor[himitsu.Fact]()
)

// sqliteTime has a fixed width, so that the text order of stored times is
// their chronological order. Microseconds are PostgreSQL's precision; both
// engines keep the same, so that a carrier moved between them is unchanged.
const sqliteTime = "2006-01-02T15:04:05.000000Z"

func kindOf(t reflect.Type) (kind, error) {
	switch {
	case t == timeType:
		return kTime, nil
	case t == dateType:
		return kDate, nil
	case t == factType:
		return kFact, nil
	}
	switch t.Kind() {
	case reflect.String:
		return kText, nil
	case reflect.Int, reflect.Int64, reflect.Int32:
		return kInt, nil
	case reflect.Slice, reflect.Struct, reflect.Map:
		return kJSON, nil
	}
	return 0, fmt.Errorf("sqlstore: no column kind for Go type %s (a yes/no fact is himitsu.Fact)", t)
}

type column struct {
	name  string // the json name, which is the column name
	index int    // the struct field index
	kind  kind
}

// table is the plan of one register: its SQL table, columns and statements.
type table struct {
	reg      himitsu.Register
	name     string // SQL table name
	field    int    // index of the register's field in himitsu.Records
	cols     []column
	cid      int       // index of the CarrierID struct field, or -1
	keyed    bool      // rows carry carrier_id (every table but carriers)
	hasID    bool      // rows have an id (every table but desk)
	colNames []string  // SQL column names in order, carrier_id first when keyed
	selectQ  string    // all rows of one carrier, ordered by id
	deleteQ  string    // all rows of one carrier
	insertQ  string    // "INSERT INTO t (cols) VALUES " without the tuples
	streamQ  string    // a streamed log's rows through streamRowFunc (SQLite), or ""
	seal     *sealPlan // the column kept encrypted at rest, or nil (sealed.go)
}

func newTable(reg himitsu.Register, field int) (*table, error) {
	t := &table{reg: reg, name: reg.Name, field: field, keyed: true, cid: -1}
	if f, ok := reg.Type.FieldByName("CarrierID"); ok && f.Type.Kind() == reflect.String {
		t.cid = f.Index[0]
	}
	if reg.Name == "carrier" {
		// The carrier register is the parent of every other row.
		t.name, t.keyed = "carriers", false
	}
	if t.keyed {
		t.colNames = append(t.colNames, "carrier_id")
	}
	for _, f := range himitsu.Fields(reg.Type) {
		k, err := kindOf(f.Type)
		if err != nil {
			return nil, err
		}
		t.cols = append(t.cols, column{name: f.Name, index: f.Index, kind: k})
		t.colNames = append(t.colNames, f.Name)
		if f.Name == "id" {
			t.hasID = true
		}
	}
	quoted := make([]string, len(t.colNames))
	for i, c := range t.colNames {
		quoted[i] = quote(c)
	}
	list := strings.Join(quoted, ", ")
	var sel strings.Builder
	fmt.Fprintf(&sel, "SELECT %s FROM %s", strings.Join(quoted[len(quoted)-len(t.cols):], ", "), quote(t.name))
	switch {
	case !t.keyed:
		sel.WriteString(" WHERE id = $1")
	case t.hasID:
		sel.WriteString(" WHERE carrier_id = $1 ORDER BY id")
	default:
		sel.WriteString(" WHERE carrier_id = $1")
	}
	t.selectQ = sel.String()
	if t.keyed {
		t.deleteQ = "DELETE FROM " + quote(t.name) + " WHERE carrier_id = $1"
	}
	t.insertQ = "INSERT INTO " + quote(t.name) + " (" + list + ") VALUES "
	t.planSeal()
	if reg.Stream && t.keyed && t.hasID {
		t.streamQ = t.streamQuery()
	}
	return t, nil
}

// quote makes a column name safe whatever the engine reserves ("on", "to").
func quote(name string) string { return `"` + name + `"` }

// insertSQL returns a multi-row INSERT for n rows with positional
// parameters: $1, $2… for both engines, or anonymous "?" when anon is set.
// A SQLite bulk INSERT uses "?" because the driver looks up each numbered
// parameter's name in a list, which makes binding a statement of k
// parameters cost k² (measured: 2,816 parameters ran at 18,000 rows/s).
func (t *table) insertSQL(n int, anon bool) string {
	var b strings.Builder
	b.WriteString(t.insertQ)
	w := len(t.colNames)
	for r := range n {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range w {
			if c > 0 {
				b.WriteByte(',')
			}
			if anon {
				b.WriteByte('?')
			} else {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(r*w + c + 1))
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// encode appends the column values of the struct rv to dst, carrier_id
// first when the table is keyed.
func (t *table) encode(dst []any, carrierID string, rv reflect.Value, pg bool) ([]any, error) {
	if t.keyed {
		dst = append(dst, carrierID)
	}
	for i, c := range t.cols {
		v, err := encodeValue(c, rv.Field(c.index), pg)
		if err == nil && t.seal != nil && i == t.seal.col {
			v, err = t.sealValue(carrierID, rv, v.(string))
		}
		if err != nil {
			return dst, err
		}
		dst = append(dst, v)
	}
	return dst, nil
}

func encodeValue(c column, fv reflect.Value, pg bool) (any, error) {
	switch c.kind {
	case kText:
		return fv.String(), nil
	case kInt:
		return fv.Int(), nil
	case kFact:
		switch himitsu.Fact(fv.Uint()) {
		case himitsu.Yes:
			return true, nil
		case himitsu.No:
			return false, nil
		case himitsu.Unknown:
			return nil, nil
		}
		return nil, himitsu.FieldErrorJA(c.name, "%d is not a fact", "%d は事実の値ではない", fv.Uint())
	case kDate:
		d := *addr[himitsu.Date](fv)
		if d.IsZero() {
			return nil, nil
		}
		if d.Year < 1 || d.Year > 9999 {
			return nil, himitsu.FieldErrorJA(c.name, "year %d is outside 1–9999", "年 %d が 1〜9999 の範囲外である", d.Year)
		}
		if pg {
			return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), nil
		}
		return d.String(), nil
	case kTime:
		tm := *addr[time.Time](fv)
		if tm.IsZero() {
			return nil, nil
		}
		tm = tm.UTC().Truncate(time.Microsecond)
		if y := tm.Year(); y < 1 || y > 9999 {
			return nil, himitsu.FieldErrorJA(c.name, "year %d is outside 1–9999", "年 %d が 1〜9999 の範囲外である", y)
		}
		if pg {
			return tm, nil
		}
		return tm.Format(sqliteTime), nil
	case kJSON:
		if fv.IsZero() || (fv.Kind() == reflect.Slice && fv.Len() == 0) {
			return nil, nil
		}
		b, err := json.Marshal(fv.Interface())
		if err != nil {
			return nil, err
		}
		return string(b), nil
	}
	return nil, fmt.Errorf("sqlstore: unknown column kind %d", c.kind)
}

// addr returns a pointer to the field without copying it into an
// interface, which would allocate for every row.
func addr[T any](fv reflect.Value) *T {
	if fv.CanAddr() {
		return fv.Addr().Interface().(*T)
	}
	v := fv.Interface().(T)
	return &v
}

// scanner decodes one column into a field of a reusable row struct. The
// engines return different Go types for the same column (int64 or bool,
// string or time.Time), so each decoder accepts every form either gives.
type scanner struct {
	c  column
	fv reflect.Value // settable field of the row struct
}

var _ interface{ Scan(any) error } = (*scanner)(nil)

func (s *scanner) Scan(src any) error {
	if b, ok := src.([]byte); ok {
		src = string(b)
	}
	fv := s.fv
	switch s.c.kind {
	case kText:
		switch v := src.(type) {
		case string:
			fv.SetString(v)
			return nil
		case nil:
			fv.SetString("")
			return nil
		}
	case kInt:
		switch v := src.(type) {
		case int64:
			fv.SetInt(v)
			return nil
		case nil:
			fv.SetInt(0)
			return nil
		}
	case kFact:
		switch v := src.(type) {
		case bool:
			fv.SetUint(uint64(himitsu.FactOf(v)))
			return nil
		case int64:
			fv.SetUint(uint64(himitsu.FactOf(v != 0)))
			return nil
		case nil:
			fv.SetUint(uint64(himitsu.Unknown))
			return nil
		}
	case kDate:
		switch v := src.(type) {
		case nil:
			fv.Set(reflect.Zero(dateType))
			return nil
		case time.Time:
			y, m, d := v.Date()
			fv.Set(reflect.ValueOf(himitsu.Date{Year: y, Month: m, Day: d}))
			return nil
		case string:
			d, err := himitsu.ParseDate(v)
			if err != nil {
				return fmt.Errorf("column %s: %w", s.c.name, err)
			}
			fv.Set(reflect.ValueOf(d))
			return nil
		}
	case kTime:
		switch v := src.(type) {
		case nil:
			fv.Set(reflect.Zero(timeType))
			return nil
		case time.Time:
			fv.Set(reflect.ValueOf(v.UTC()))
			return nil
		case string:
			t, err := parseStoredTime(v)
			if err != nil {
				return fmt.Errorf("column %s: %w", s.c.name, err)
			}
			fv.Set(reflect.ValueOf(t.UTC()))
			return nil
		}
	case kJSON:
		// A fresh value each row: the previous row's slice may be shared
		// with a record already handed out.
		fv.Set(reflect.Zero(fv.Type()))
		switch v := src.(type) {
		case nil:
			return nil
		case string:
			if err := json.Unmarshal([]byte(v), fv.Addr().Interface()); err != nil {
				return fmt.Errorf("column %s: %w", s.c.name, err)
			}
			return nil
		}
	}
	return fmt.Errorf("column %s: cannot store %T in a %s field", s.c.name, src, fv.Type())
}

// rowScanner binds scan destinations to the fields of one reusable struct.
type rowScanner struct {
	row  reflect.Value // addressable struct
	dest []any
}

func (t *table) newRowScanner() *rowScanner {
	row := reflect.New(t.reg.Type).Elem()
	rs := &rowScanner{row: row, dest: make([]any, len(t.cols))}
	for i, c := range t.cols {
		rs.dest[i] = &scanner{c: c, fv: row.Field(c.index)}
	}
	return rs
}

// setCarrierID fills the CarrierID field that every register but the
// carrier has, so that loaded records say whose they are.
func (t *table) setCarrierID(rv reflect.Value, id string) {
	if t.cid >= 0 {
		rv.Field(t.cid).SetString(id)
	}
}

// carrierID returns the record's CarrierID, or "" when the type has none.
func (t *table) carrierID(rv reflect.Value) string {
	if t.cid >= 0 {
		return rv.Field(t.cid).String()
	}
	return ""
}

// parseStoredTime reads a time as SQLite stores it (sqliteTime, fixed
// width) without time.Parse's general machinery, which was a visible part
// of reading the access log; any other RFC 3339 form goes through
// time.Parse.
func parseStoredTime(v string) (time.Time, error) {
	if len(v) == len(sqliteTime) && v[4] == '-' && v[7] == '-' && v[10] == 'T' && v[13] == ':' && v[16] == ':' && v[19] == '.' && v[26] == 'Z' {
		num := func(s string) (int, bool) {
			n := 0
			for i := 0; i < len(s); i++ {
				c := s[i]
				if c < '0' || c > '9' {
					return 0, false
				}
				n = n*10 + int(c-'0')
			}
			return n, true
		}
		y, ok1 := num(v[0:4])
		mo, ok2 := num(v[5:7])
		d, ok3 := num(v[8:10])
		h, ok4 := num(v[11:13])
		mi, ok5 := num(v[14:16])
		s, ok6 := num(v[17:19])
		us, ok7 := num(v[20:26])
		if ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(time.Month(mo), y) && h < 24 && mi < 60 && s < 60 {
			return time.Date(y, time.Month(mo), d, h, mi, s, us*1000, time.UTC), nil
		}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	return t.UTC(), err
}

// daysIn is the number of days of month m in year y.
func daysIn(m time.Month, y int) int {
	if m == time.February && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 29
	}
	return [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
}
