package bundle

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// TestReadWithPseudonymizer covers both tabular formats: a raw subscriber
// number is refused without a pseudonymizer and replaced by its pseudonym
// with one, in the registers held in memory and in the streamed log.
func TestReadWithPseudonymizer(t *testing.T) {
	ctx := context.Background()
	src, err := Read(ctx, "../../examples/minato-mobile")
	if err != nil {
		t.Fatal(err)
	}
	const raw = "+81-90-1234-5678"
	p := himitsu.NewPseudonymizer([]byte("0123456789abcdef-test-key"))
	for _, format := range []string{"csv", "jsonl"} {
		t.Run(format, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "b")
			if err := Write(ctx, dir, src.Records, src, WriteOptions{Tabular: format}); err != nil {
				t.Fatal(err)
			}
			var was []string // the pseudonyms replaced, per file
			for _, name := range []string{"consents", "access_events"} {
				path := filepath.Join(dir, name+"."+format)
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				i := strings.Index(string(b), "sub_")
				was = append(was, string(b[i:i+36]))
				if err := os.WriteFile(path, []byte(string(b[:i])+raw+string(b[i+36:])), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := Read(ctx, dir); err == nil || himitsu.ErrorField(err) != "subscriber" {
				t.Fatalf("without a pseudonymizer: got %v, want a subscriber error", err)
			}
			b, err := ReadWith(ctx, dir, ReadOptions{Pseudonymizer: p})
			if err != nil {
				t.Fatal(err)
			}
			want := p.Pseudonym(raw)
			seen := 0
			for _, c := range b.Records.Consents {
				if c.Subscriber == want {
					seen++
				}
				if c.Subscriber == was[0] {
					t.Errorf("consent %s kept the replaced pseudonym", c.ID)
				}
			}
			if seen != 1 {
				t.Errorf("consents: got %d with the new pseudonym, want 1", seen)
			}
			seen = 0
			err = b.AccessEvents(ctx, func(e *himitsu.AccessEvent) error {
				if e.Subscriber == raw {
					t.Errorf("event %s kept the raw number", e.ID)
				}
				if e.Subscriber == want {
					seen++
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if seen == 0 {
				t.Errorf("access events: none carries the pseudonym of the raw number")
			}
		})
	}
}

// TestWarrantSubjectsPseudonymised: the subscribers a warrant covers are
// subscriber identifiers like any other, so a raw number in
// law_enforcement_requests.subjects is refused without a pseudonymizer and
// replaced by its pseudonym with one; the scope and validity round-trip.
func TestWarrantSubjectsPseudonymised(t *testing.T) {
	ctx := context.Background()
	src, err := Read(ctx, "../../examples/minato-mobile")
	if err != nil {
		t.Fatal(err)
	}
	const raw = "090-1234-5678"
	p := himitsu.NewPseudonymizer([]byte("0123456789abcdef-test-key"))
	rec := *src.Records
	from := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	rec.LawEnforcementRequests = append(slices.Clone(rec.LawEnforcementRequests), himitsu.LawEnforcementRequest{
		ID: "w-test", Kind: himitsu.RequestWarrant, ReceivedAt: from, DataSets: []string{rec.DataSets[0].ID},
		Subjects: []string{raw}, Elements: []string{"x"}, ValidFrom: from, ValidUntil: from.AddDate(0, 1, 0), Answer: himitsu.AnswerPending})
	for _, format := range []string{"csv", "jsonl"} {
		t.Run(format, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "b")
			if err := Write(ctx, dir, &rec, src, WriteOptions{Tabular: format}); err != nil {
				t.Fatal(err)
			}
			if _, err := Read(ctx, dir); err == nil || !strings.HasSuffix(himitsu.ErrorField(err), ".subjects") {
				t.Fatalf("without a pseudonymizer: got %v, want a subjects error", err)
			}
			b, err := ReadWith(ctx, dir, ReadOptions{Pseudonymizer: p})
			if err != nil {
				t.Fatal(err)
			}
			var got *himitsu.LawEnforcementRequest
			for i := range b.Records.LawEnforcementRequests {
				if b.Records.LawEnforcementRequests[i].ID == "w-test" {
					got = &b.Records.LawEnforcementRequests[i]
				}
			}
			if got == nil || len(got.Subjects) != 1 || got.Subjects[0] != p.Pseudonym(raw) {
				t.Fatalf("got %+v, want the subject pseudonymised", got)
			}
			if !got.ValidFrom.Equal(from) || !got.ValidUntil.Equal(from.AddDate(0, 1, 0)) || len(got.Elements) != 1 {
				t.Errorf("got scope %v–%v %v, want it kept", got.ValidFrom, got.ValidUntil, got.Elements)
			}
		})
	}
}
