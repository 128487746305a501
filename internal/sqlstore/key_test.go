package sqlstore

import (
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/storetest"
)

// TestKeyFingerprintPerCarrier reproduces issue 11's silent key change: an
// import with another pseudonym key gave the same people other pseudonyms.
func TestKeyFingerprintPerCarrier(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			ctx := readerCtx()
			rec, ev := storetest.Fixture("c1")
			steps := []struct {
				name     string
				fp       string
				delete   bool
				wantKind himitsu.Kind // 0: success
				wantFP   string
			}{
				{"first import with a key records it", "fp-a", false, 0, "fp-a"},
				{"same key again", "fp-a", false, 0, "fp-a"},
				{"no key (bundle already pseudonymised)", "", false, 0, "fp-a"},
				{"another key refused", "fp-b", false, himitsu.KindConflict, "fp-a"},
				{"after deleting the carrier, another key is its first", "fp-b", true, 0, "fp-b"},
			}
			for _, st := range steps {
				if st.delete {
					if err := s.DeleteCarrier(ctx, "c1"); err != nil {
						t.Fatal(err)
					}
				}
				changes, _ := s.ChangeLog(ctx, "c1")
				_, err := s.ReplaceWith(ctx, rec, ev, ReplaceOptions{KeyFingerprint: st.fp})
				if got := himitsu.ErrorKind(err); err != nil && got != st.wantKind || err == nil && st.wantKind != 0 {
					t.Errorf("%s: got %v, want kind %v", st.name, err, st.wantKind)
				}
				if st.wantKind == himitsu.KindConflict {
					if !strings.Contains(err.Error(), "another pseudonym key") {
						t.Errorf("%s: got %q, want it to say another pseudonym key", st.name, err)
					}
					if after, _ := s.ChangeLog(ctx, "c1"); len(after) != len(changes) {
						t.Errorf("%s: got %d change-log entries, want still %d", st.name, len(after), len(changes))
					}
				}
				if got, err := s.KeyFingerprint(ctx, "c1"); err != nil || got != st.wantFP {
					t.Errorf("%s: got fingerprint %q (%v), want %q", st.name, got, err, st.wantFP)
				}
			}
		})
	}
}
