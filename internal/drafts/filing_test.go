package drafts

import (
	"errors"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

func TestFiling(t *testing.T) {
	rec := records()
	now := jst("2026-09-30 12:00")
	tests := []struct {
		name    string
		report  Report
		at      string
		version int
		field   string // the field of the error; "" for none
		msg     string
	}{
		// inc-full already has one tba-28 first report recorded (rep-1,
		// without a version): the next filing is version 2.
		{"second first report", TBA28First, "2026-08-23 09:00", 2, "", ""},
		{"detailed report", TBA28Detailed, "2026-09-18 09:00", 1, "", ""},
		{"before the occurrence", TBA28Detailed, "2026-08-20 12:00", 0, "submitted_at", "before the incident occurred"},
		// Occurred 8/20 22:10, first clue 8/21 10:05.
		{"before the carrier knew", APPIPreliminary, "2026-08-21 09:00", 0, "submitted_at", "before the carrier first knew"},
		{"in the future", APPIFinal, "2026-10-30 09:00", 0, "submitted_at", "in the future"},
		{"user notice is not filed", UserNotice, "2026-08-24 09:00", 0, "report", "not a report to the authorities"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Filing(rec, "inc-full", FilingRequest{Report: tt.report, Lang: "ja", SubmittedAt: jst(tt.at), To: "関東総合通信局"}, now)
			if tt.field != "" {
				var he *himitsu.Error
				if !errors.As(err, &he) || he.Kind != himitsu.KindInvalid || he.Field != tt.field || !strings.Contains(he.Msg, tt.msg) || he.MsgJA == "" {
					t.Fatalf("got %v, want an invalid %s error saying %q in both languages", err, tt.field, tt.msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Version != tt.version {
				t.Errorf("version %d, want %d", r.Version, tt.version)
			}
			if err := r.Validate(); err != nil {
				t.Errorf("the filing does not validate: %v", err)
			}
			if !r.Frozen() || r.DocumentSHA256 != himitsu.DocumentDigest(r.Document) {
				t.Errorf("the filing is not frozen with its hash")
			}
			if !strings.Contains(r.Document, "株式会社みなとモバイル") {
				t.Errorf("the frozen document lacks the carrier's name")
			}
			if r.CountedFrom.String() != "2026-08-21" {
				t.Errorf("counted_from %s, want 2026-08-21", r.CountedFrom)
			}
		})
	}
}
