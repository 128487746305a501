package sqlstore

import (
	"encoding/binary"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// The binary timestamp decoder must give the instant PostgreSQL sent,
// before and after its 2000 epoch and at the ends of the years we store.
func TestPgDecodeTime(t *testing.T) {
	c := &column{name: "at", kind: kTime}
	for _, want := range []time.Time{
		time.Date(2026, 5, 1, 15, 1, 25, 959829000, time.UTC),
		time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC),
	} {
		us := want.Sub(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).Microseconds()
		if want.Year() < 1800 || want.Year() > 2200 {
			// Sub saturates beyond about 292 years.
			us = (want.Unix()-pgEpochUnix)*1e6 + int64(want.Nanosecond()/1e3)
		}
		v := binary.BigEndian.AppendUint64(nil, uint64(us))
		var got time.Time
		var buf []byte
		if err := pgDecode(c, pgtype.TimestamptzOID, v, reflect.ValueOf(&got).Elem(), &buf); err != nil {
			t.Fatalf("%v: %v", want, err)
		}
		if !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("got %v, want %v", got, want)
		}
	}
	var got time.Time
	var buf []byte
	if err := pgDecode(c, pgtype.TimestamptzOID, []byte{1, 2, 3}, reflect.ValueOf(&got).Elem(), &buf); err == nil {
		t.Error("a 3-byte timestamp was accepted")
	}
	inf := binary.BigEndian.AppendUint64(nil, 1<<63-1)
	if err := pgDecode(c, pgtype.TimestamptzOID, inf, reflect.ValueOf(&got).Elem(), &buf); err == nil {
		t.Error("an infinite timestamp was accepted")
	}
}
