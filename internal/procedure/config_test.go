package procedure

import (
	"testing"

	"github.com/himitsu-oss/himitsu"
)

func TestParseConfig(t *testing.T) {
	tests := []struct {
		in    string
		want  Config
		field string
	}{
		{"", DefaultConfig(), ""},
		{"answer=10", Config{RequestAnswerDays: 10, GuidanceReportDays: 30, OrderPlanDays: 30, OrderReportDays: 90, DueSoonDays: 7}, ""},
		{" answer = 7 , plan=60,soon=0 ", Config{RequestAnswerDays: 7, GuidanceReportDays: 30, OrderPlanDays: 60, OrderReportDays: 90, DueSoonDays: 0}, ""},
		{"answer", Config{}, "case-periods[0]"},
		{"answer=14,plan=-1", Config{}, "case-periods[1]"},
		{"answer=x", Config{}, "case-periods[0]"},
		{"deadline=3", Config{}, "case-periods[0]"},
		{"answer=99999", Config{}, "case-periods[0]"},
	}
	for _, tt := range tests {
		got, err := ParseConfig(tt.in)
		if tt.field != "" {
			if himitsu.ErrorField(err) != tt.field || himitsu.ErrorKind(err) != himitsu.KindInvalid {
				t.Errorf("%q: got %v, want an error on %s", tt.in, err, tt.field)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%q: got %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
		if back, err := ParseConfig(got.String()); err != nil || back != got {
			t.Errorf("%q: String %q reads back as %+v, %v", tt.in, got.String(), back, err)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add("answer=14,guidance=30")
	f.Add("soon=,=,,plan=1")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseConfig(s)
		if err != nil {
			return
		}
		if back, err := ParseConfig(c.String()); err != nil || back != c {
			t.Fatalf("%q: %+v does not read back: %+v, %v", s, c, back, err)
		}
	})
}
