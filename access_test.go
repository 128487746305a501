package himitsu

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestAccessorValidate(t *testing.T) {
	long := strings.Repeat("秘", maxAccessorText)
	tests := []struct {
		name  string
		a     Accessor
		field string // "" when valid
	}{
		{"actor and purpose", Accessor{Actor: "alice", Purpose: "assessment"}, ""},
		{"with tool", Accessor{Actor: "alice", Purpose: "export", Tool: "himitsu export"}, ""},
		{"200 characters of Japanese", Accessor{Actor: long, Purpose: long, Tool: long}, ""},
		{"no actor", Accessor{Purpose: "assessment"}, "actor"},
		{"blank actor", Accessor{Actor: " \u3000", Purpose: "assessment"}, "actor"},
		{"no purpose", Accessor{Actor: "alice"}, "purpose"},
		{"actor too long", Accessor{Actor: long + "x", Purpose: "assessment"}, "actor"},
		{"purpose too long", Accessor{Actor: "alice", Purpose: long + "x"}, "purpose"},
		{"tool too long", Accessor{Actor: "alice", Purpose: "p", Tool: long + "x"}, "tool"},
		{"newline in actor", Accessor{Actor: "alice\nroot", Purpose: "assessment"}, "actor"},
		{"escape in purpose", Accessor{Actor: "alice", Purpose: "audit\x1b[2K"}, "purpose"},
		{"C1 control in tool", Accessor{Actor: "alice", Purpose: "p", Tool: "x\u0085"}, "tool"},
		{"invalid UTF-8", Accessor{Actor: "al\xffice", Purpose: "p"}, "actor"},
		// Issue 11: a zero-width space passed as a purpose.
		{"zero-width space purpose", Accessor{Actor: "alice", Purpose: "\u200b"}, "purpose"},
		{"format characters only", Accessor{Actor: "alice", Purpose: "\u2060\ufeff\u200d \u200c"}, "purpose"},
		{"combining mark only", Accessor{Actor: "alice", Purpose: "\u0301"}, "purpose"},
		{"Hangul filler only", Accessor{Actor: "alice", Purpose: "\u3164\u3164"}, "purpose"},
		{"blank Braille actor", Accessor{Actor: "\u2800", Purpose: "audit"}, "actor"},
		{"zero-width space around text", Accessor{Actor: "alice", Purpose: "\u200b監査\u200b"}, ""},
		{"one digit", Accessor{Actor: "alice", Purpose: "1"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.a.Validate()
			if tt.field == "" {
				if err != nil {
					t.Errorf("got %v, want nil", err)
				}
				return
			}
			if ErrorKind(err) != KindInvalid || ErrorField(err) != tt.field {
				t.Errorf("got %v (kind %s, field %q), want KindInvalid on %q", err, ErrorKind(err), ErrorField(err), tt.field)
			}
		})
	}
}

func TestAccessorContext(t *testing.T) {
	if a, ok := AccessorFrom(context.Background()); ok {
		t.Errorf("got %+v from an empty context, want none", a)
	}
	want := Accessor{Actor: "alice", Purpose: "assessment", Tool: "himitsu assess"}
	ctx := WithAccessor(context.Background(), want)
	got, ok := AccessorFrom(ctx)
	if !ok || got != want {
		t.Errorf("got %+v, %v; want %+v, true", got, ok, want)
	}
	// A plain value under a look-alike key is not an accessor.
	type accessorKey struct{}
	if _, ok := AccessorFrom(context.WithValue(context.Background(), accessorKey{}, want)); ok {
		t.Error("got an accessor set under another package's key, want none")
	}
}

func TestReadEntryJSON(t *testing.T) {
	e := ReadEntry{ID: 3, CarrierID: "c1", At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Actor: "alice",
		Purpose: "export", Tool: "himitsu export", What: ReadRecords, Rows: 42}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":3,"carrier_id":"c1","at":"2026-01-02T03:04:05Z","actor":"alice","purpose":"export","tool":"himitsu export","what":"records","rows":42}`
	if string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}

func TestChangeEntryJSON(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name string
		e    ChangeEntry
		want string
	}{
		{"replace", ChangeEntry{ID: 7, CarrierID: "c1", At: at, Actor: "alice", Purpose: "import", Tool: "himitsu import",
			Action: ChangeReplace, Counts: map[string]int{"persons": 3, "carrier": 1}},
			`{"id":7,"carrier_id":"c1","at":"2026-01-02T03:04:05Z","actor":"alice","purpose":"import","tool":"himitsu import","action":"replace","counts":{"carrier":1,"persons":3}}`},
		{"delete has no counts", ChangeEntry{ID: 8, CarrierID: "c1", At: at, Actor: "alice", Purpose: "offboarding", Action: ChangeDelete},
			`{"id":8,"carrier_id":"c1","at":"2026-01-02T03:04:05Z","actor":"alice","purpose":"offboarding","tool":"","action":"delete"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.e)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("got %s, want %s", b, tt.want)
			}
		})
	}
}
