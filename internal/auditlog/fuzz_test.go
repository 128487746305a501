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
