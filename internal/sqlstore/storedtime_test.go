package sqlstore

import (
	"testing"
	"time"
)

// parseStoredTime must agree with time.Parse on every input: the fast
// path on the stored form, the fallback on the rest.
func TestParseStoredTime(t *testing.T) {
	for _, in := range []string{
		"2026-05-01T15:01:25.959829Z",
		"2024-02-29T00:00:00.000000Z",
		"2023-02-29T00:00:00.000000Z", // no such day
		"2026-04-31T10:00:00.000000Z",
		"2026-13-01T10:00:00.000000Z",
		"2026-12-31T24:00:00.000000Z",
		"2026-12-31T23:59:60.000000Z",
		"0001-01-01T00:00:00.000000Z",
		"9999-12-31T23:59:59.999999Z",
		"2026-05-01T15:01:25Z",
		"2026-05-01T15:01:25.959829921Z",
		"2026-05-01T15:01:25.959829+09:00",
		"2026-05-01T15:01:2x.959829Z",
		"2026-05-01 15:01:25.959829Z",
		"",
	} {
		got, gerr := parseStoredTime(in)
		want, werr := time.Parse(time.RFC3339Nano, in)
		if (gerr != nil) != (werr != nil) {
			t.Errorf("%q: got error %v, time.Parse gives %v", in, gerr, werr)
			continue
		}
		if gerr == nil && (!got.Equal(want) || got.Location() != time.UTC) {
			t.Errorf("%q: got %v, want %v in UTC", in, got, want.UTC())
		}
	}
}

func FuzzParseStoredTime(f *testing.F) {
	f.Add("2026-05-01T15:01:25.959829Z")
	f.Add("2024-02-29T23:59:59.000001Z")
	f.Fuzz(func(t *testing.T, in string) {
		got, gerr := parseStoredTime(in)
		want, werr := time.Parse(time.RFC3339Nano, in)
		if (gerr != nil) != (werr != nil) || (gerr == nil && !got.Equal(want)) {
			t.Fatalf("%q: got %v, %v; time.Parse gives %v, %v", in, got, gerr, want, werr)
		}
	})
}
