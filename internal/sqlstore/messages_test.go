package sqlstore

import (
	"context"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

// TestMessagesJA checks that the store's errors keep English in Msg and
// carry their Japanese in MsgJA, including the errors it builds from a
// record's validation error.
func TestMessagesJA(t *testing.T) {
	ds := &himitsu.DataSet{ID: "ds", Name: "CDR", Elements: []himitsu.DataElement{{Name: "a", Class: "colour"}}}
	tests := []struct {
		name   string
		err    error
		en, ja string // Error() and Localized("ja")
	}{
		{"record error", recordError("op", "datasets", "ds", ds.Validate()),
			`op: elements[0].class: datasets "ds": "colour" is not one of ` + strings.Join(himitsu.SecrecyClass("").Values(), ", "),
			`op: elements[0].class: datasets "ds": 「colour」は ` + strings.Join(himitsu.SecrecyClass("").Values(), ", ") + ` のいずれでもない`},
		{"duplicate", duplicate("op", "access_events", "e1"),
			`op: id: duplicate id "e1" in access_events`,
			`op: id: access_events の ID "e1" が重複している`},
		{"not found", notFound("op", "c9"),
			`op: carrier: no carrier "c9"`,
			`op: carrier: 事業者 "c9" は存在しない`},
	}
	if _, err := permit("op", context.Background()); err != nil {
		tests = append(tests, struct {
			name   string
			err    error
			en, ja string
		}{"no accessor", err, "op: reading a carrier's records needs a stated actor and purpose", "op: 事業者の記録を読むには、読む者と目的を明示する必要がある"})
	} else {
		t.Error("permit without an accessor: got no error")
	}
	if _, err := permitChange("op", context.Background()); err != nil {
		tests = append(tests, struct {
			name   string
			err    error
			en, ja string
		}{"no accessor for a change", err, "op: changing a carrier's records needs a stated actor and purpose", "op: 事業者の記録を変更するには、変更する者と目的を明示する必要がある"})
	} else {
		t.Error("permitChange without an accessor: got no error")
	}
	bad := himitsu.WithAccessor(context.Background(), himitsu.Accessor{Actor: "x"})
	if _, err := permitChange("op", bad); err != nil {
		tests = append(tests, struct {
			name   string
			err    error
			en, ja string
		}{"invalid accessor for a change", err, "op: the stated actor or purpose is not acceptable: purpose: is required", "op: 明示された変更する者又は目的が不適切である: purpose: 必須である"})
	} else {
		t.Error("permitChange without a purpose: got no error")
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			he, ok := tc.err.(*himitsu.Error)
			if !ok {
				t.Fatalf("got %T %v, want a *himitsu.Error", tc.err, tc.err)
			}
			if got := he.Error(); got != tc.en {
				t.Errorf("en: got %q, want %q", got, tc.en)
			}
			if got := he.Localized("ja"); got != tc.ja {
				t.Errorf("ja: got %q, want %q", got, tc.ja)
			}
		})
	}
}
