package auditlog

import (
	"bytes"
	"testing"
	"time"
)

// FuzzDecode checks that any bytes either fail to decode or are exactly
// the canonical encoding of the entry they decode to, so that no two
// spellings of one entry verify at the same position.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"index":1,"kind":"read","at":"2026-12-07T19:25:17.084971Z","actor":"root","purpose":"assessment","tool":"himitsu quickstart","carrier":"minato-mobile","body":{"rows":140,"what":"records"}}`))
	f.Add([]byte(`{"index":0,"kind":"change","at":"2026-12-07T19:25:17Z","actor":"a","purpose":"p","body":{"action":"replace","counts":{"a":1}}}`))
	f.Add([]byte(`{"index":2,"kind":"decision","at":"2026-12-07T19:25:17Z","actor":"a","purpose":"p","subjects":["sub_0123456789abcdef0123456789abcdef"]}`))
	f.Add([]byte(`{"index":1, "kind":"read"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Decode(data)
		if err != nil {
			return
		}
		again, err := e.Encode()
		if err != nil {
			t.Fatalf("decoded entry does not encode: %v", err)
		}
		if !bytes.Equal(again, data) {
			t.Fatalf("decoded %q, re-encoded as %q", data, again)
		}
	})
}

// FuzzCheckpointBody checks that the checkpoint parser never crashes and
// that what it accepts formats back to the same text.
func FuzzCheckpointBody(f *testing.F) {
	f.Add("himitsu.local/audit/x\n4\nd3QH1p51K6snGok0J0P698ZX0s4LcdvYBZCwl+k+GE4=\n")
	f.Add("o\n-1\n\n")
	f.Add("o\n01\nAAAA\n")
	f.Fuzz(func(t *testing.T, text string) {
		origin, size, root, err := parseCheckpointBody(text)
		if err != nil {
			return
		}
		if got := checkpointBody(origin, size, root); got != text {
			t.Fatalf("parsed %q, formats as %q", text, got)
		}
	})
}

// FuzzScanFields checks that the verifier's field scanner agrees with the
// full decoder: on any data that Decode accepts, scanFields either
// declines or returns the entry's index, kind and carrier.
func FuzzScanFields(f *testing.F) {
	for _, s := range scanFieldSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		idx, kind, carrier, ok := scanFields(data)
		e, err := Decode(data)
		if err != nil || !ok {
			return
		}
		if idx != e.Index || string(kind) != e.Kind || string(carrier) != e.Carrier {
			t.Fatalf("%q: scanned (%d, %q, %q), decoded (%d, %q, %q)", data, idx, kind, carrier, e.Index, e.Kind, e.Carrier)
		}
	})
}

var scanFieldSeeds = []string{
	`{"index":1,"kind":"read","at":"2026-12-07T19:25:17.084971Z","actor":"root","purpose":"assessment","tool":"himitsu quickstart","carrier":"minato-mobile","body":{"rows":140,"what":"records"}}`,
	`{"index":0,"kind":"change","at":"2026-12-07T19:25:17Z","actor":"a","purpose":"p","body":{"action":"replace","counts":{"a":1}}}`,
	`{"index":2,"kind":"decision","at":"2026-12-07T19:25:17Z","actor":"a","purpose":"p","subjects":["sub_0123456789abcdef0123456789abcdef"]}`,
	`{"index":3,"kind":"read","at":"2026-12-07T19:25:17Z","actor":"a \"q\" ,\"carrier\":\"x\"","purpose":"p","tool":"t\\","carrier":"c"}`,
	`{"index":4,"kind":"read","at":"2026-12-07T19:25:17Z","actor":"a","purpose":"p","carrier":"c\u2028"}`,
	`{"index":5,"kind":"read","at":"2026-12-07T19:25:17Z","actor":"a","purpose":"p"}`,
	`{"index":05,"kind":"read"}`,
	`{"index":-1,"kind":"read","at":"2026-12-07T19:25:17Z","actor":"a","purpose":"p"}`,
}

// TestScanFieldsReadsCanonicalEntries checks that the scanner does not
// decline what Encode writes (else the verifier would silently fall back
// to full decoding for every entry).
func TestScanFieldsReadsCanonicalEntries(t *testing.T) {
	for i, s := range scanFieldSeeds[:4] {
		e, err := Decode([]byte(s))
		if err != nil {
			t.Fatalf("seed %d: %v", i, err)
		}
		idx, kind, carrier, ok := scanFields([]byte(s))
		if !ok || idx != e.Index || string(kind) != e.Kind || string(carrier) != e.Carrier {
			t.Errorf("seed %d: scanned (%d, %q, %q, %v), want (%d, %q, %q)", i, idx, kind, carrier, ok, e.Index, e.Kind, e.Carrier)
		}
	}
	for i, s := range scanFieldSeeds[4:] {
		if _, _, _, ok := scanFields([]byte(s)); ok == (i == 1) {
			continue
		}
		t.Errorf("seed %d: scanFields ok is wrong", i+4)
	}
}

// FuzzScanFieldsEncoded drives the scanner through what Encode writes
// from arbitrary field values (the bytes FuzzScanFields rarely reaches):
// for every entry that validates, scanFields must return its index, kind
// and carrier, or decline only when kind or carrier needs an escape.
func FuzzScanFieldsEncoded(f *testing.F) {
	f.Add(int64(7), "read", "root", "assessment", "himitsu", "minato-mobile", `{"rows":1}`)
	f.Add(int64(0), "change", `a"b\c`, "p\u2028", "", "", "")
	f.Add(int64(1)<<40, "decision", "a", "p", `,"carrier":"x"`, "c\u2029", `{"z":[1,"\""]}`)
	f.Fuzz(func(t *testing.T, index int64, kind, actor, purpose, tool, carrier, body string) {
		e := &Entry{Index: index, Kind: kind, At: time.Unix(1765000000, 123456000), Actor: actor, Purpose: purpose, Tool: tool, Carrier: carrier}
		if body != "" {
			e.Body = []byte(body)
		}
		if e.Validate() != nil {
			return
		}
		data, err := e.Encode()
		if err != nil {
			return
		}
		idx, k, c, ok := scanFields(data)
		if !ok {
			if index >= 0 && index < 1e18 && !bytes.ContainsRune(data, '\\') {
				t.Fatalf("%q: declined", data)
			}
			return
		}
		if idx != e.Index || string(k) != e.Kind || string(c) != e.Carrier {
			t.Fatalf("%q: scanned (%d, %q, %q), want (%d, %q, %q)", data, idx, k, c, e.Index, e.Kind, e.Carrier)
		}
	})
}
