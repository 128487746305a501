package assess

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

func TestParseThresholds(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		check   func(Thresholds) bool
		wantErr string // substring; "" means no error
	}{
		{"empty keeps defaults", "", func(th Thresholds) bool { return sameValues(th, DefaultThresholds()) }, ""},
		{"yaml sets one value", "stale_grant_days: 14\n", func(th Thresholds) bool {
			want := DefaultThresholds()
			want.StaleGrantDays = 14
			return sameValues(th, want)
		}, ""},
		{"an explicit zero is kept", "training_gap_share: 0\n", func(th Thresholds) bool {
			want := DefaultThresholds()
			want.TrainingGapShare = 0
			return sameValues(th.withDefaults(), want)
		}, ""},
		{"json sets a share", `{"training_gap_share": 0.05}`, func(th Thresholds) bool { return th.TrainingGapShare == 0.05 }, ""},
		{"unknown name", "stale_grants_days: 14\n", nil, `unknown field "stale_grants_days"`},
		{"wrong type", "takeout_repeat: often\n", nil, "[1:"},
		{"negative", "extract_max_readers: -1\n", nil, "extract_max_readers: must not be negative"},
		{"share above one", "complaint_backlog_share: 20\n", nil, "complaint_backlog_share: must be a share"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th, err := ParseThresholds([]byte(tc.doc))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tc.wantErr)
				}
				if himitsu.ErrorKind(err) != himitsu.KindInvalid {
					t.Errorf("got kind %v, want invalid", himitsu.ErrorKind(err))
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v", err)
			}
			if !tc.check(th) {
				t.Errorf("got %+v", th)
			}
		})
	}
}

func TestParametersNameEveryThreshold(t *testing.T) {
	opts := Options{DayCount: IncludeFirstDay, MaxEvidence: defaultMaxEvidence, Thresholds: DefaultThresholds()}
	opts.Thresholds.StaleGrantDays = 14
	ps := parameters(opts)
	byName := map[string]himitsu.Parameter{}
	for _, p := range ps {
		if p.Name == "" || p.Value == "" {
			t.Errorf("parameter without a name or value: %+v", p)
		}
		byName[p.Name] = p
	}
	if got := len(ps); got != 3+16 {
		t.Errorf("got %d parameters, want 19 (day count, holiday calendar, evidence bound, 16 thresholds)", got)
	}
	for name, want := range map[string]himitsu.Parameter{
		"day_count":          {Name: "day_count", Value: IncludeFirstDay, Default: false},
		"holiday_calendar":   {Name: "holiday_calendar", Value: "2026-12-07 (2016-2027)", Default: true},
		"max_evidence":       {Name: "max_evidence", Value: "20", Default: true},
		"stale_grant_days":   {Name: "stale_grant_days", Value: "14", Default: false},
		"training_gap_share": {Name: "training_gap_share", Value: "0.1", Default: true},
	} {
		if got := byName[name]; got != want {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
	}
}

// sameValues compares the thresholds' values, not which were given.
func sameValues(a, b Thresholds) bool {
	a.explicit, b.explicit = 0, 0
	return a == b
}

// TestPartialThresholdsKeepDefaults: thresholds given in part through the
// Go API change only what they set; every other one keeps its default, in
// the run and in the parameters the report lists.
func TestPartialThresholdsKeepDefaults(t *testing.T) {
	c := wellRun(t)
	a, err := Run(context.Background(), mustCatalog(t), &c.Records, &himitsu.EventSlices{Access: c.AccessEvents, Entries: c.EntryLogs},
		Options{AsOf: c.AsOf, Thresholds: Thresholds{StaleGrantDays: 14}})
	if err != nil {
		t.Fatal(err)
	}
	def := DefaultThresholds()
	want := parameters(Options{DayCount: ExcludeFirstDay, MaxEvidence: defaultMaxEvidence, Thresholds: def})
	for i := range want {
		if want[i].Name == "stale_grant_days" {
			want[i] = himitsu.Parameter{Name: "stale_grant_days", Value: "14", Default: false}
		}
	}
	if !slices.Equal(a.Parameters, want) {
		t.Errorf("got parameters %+v, want %+v", a.Parameters, want)
	}
	// The extract of the fixture is readable by two people: with the
	// default of 20 readers it is fine, as it would not be with 0.
	for _, f := range a.Findings {
		if f.Rule == "tech.extract-exposure" && f.Status != himitsu.StatusNotIndicated {
			t.Errorf("tech.extract-exposure: got %s, want not-indicated under the default reader limit", f.Status)
		}
	}
	if got := (Thresholds{}).withDefaults(); !sameValues(got, def) {
		t.Errorf("zero thresholds: got %+v, want the defaults", got)
	}
}

// FuzzParseThresholds: any document is either refused with an invalid-input
// error or gives thresholds within their ranges; it never panics.
func FuzzParseThresholds(f *testing.F) {
	f.Add([]byte("stale_grant_days: 14\n"))
	f.Add([]byte(`{"training_gap_share": 0.05, "takeout_repeat": 2}`))
	f.Add([]byte("complaint_backlog_share: [1, 2]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		th, err := ParseThresholds(data)
		if err != nil {
			if himitsu.ErrorKind(err) != himitsu.KindInvalid {
				t.Fatalf("got kind %v for %q, want invalid", himitsu.ErrorKind(err), data)
			}
			return
		}
		if th.TrainingGapShare < 0 || th.TrainingGapShare > 1 || th.ComplaintBacklogShare < 0 || th.ComplaintBacklogShare > 1 || th.StaleGrantDays < 0 {
			t.Fatalf("accepted out-of-range thresholds %+v from %q", th, data)
		}
	})
}
