package auditlog

import (
	"bytes"
	"testing"
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
