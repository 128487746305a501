package jpcal

import (
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

func day(t *testing.T, s string) himitsu.Date {
	t.Helper()
	d, err := himitsu.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func calendar(t *testing.T) *Calendar {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatalf("embedded data: %v", err)
	}
	return c
}

func TestKnownHolidays(t *testing.T) {
	c := calendar(t)
	tests := []struct {
		name, date string
		want       bool
		kind       Kind
		nameJA     string
	}{
		{"2019 enthronement day", "2019-05-01", true, National, "天皇の即位の日"},
		{"2019 citizens' holiday before it", "2019-04-30", true, Citizens, "国民の休日"},
		{"2019 citizens' holiday after it", "2019-05-02", true, Citizens, "国民の休日"},
		{"2019 substitute for Children's Day", "2019-05-06", true, Substitute, "振替休日"},
		{"2019 enthronement ceremony", "2019-10-22", true, National, "即位礼正殿の儀の行われる日"},
		{"2019 has no Emperor's Birthday in December", "2019-12-23", false, "", ""},
		{"2019 has no Emperor's Birthday in February", "2019-02-23", false, "", ""},
		{"2018 Emperor's Birthday on a Sunday", "2018-12-23", true, National, "天皇誕生日"},
		{"2018 its substitute", "2018-12-24", true, Substitute, "振替休日"},
		{"2020 Marine Day moved for the Olympics", "2020-07-23", true, National, "海の日"},
		{"2020 Sports Day moved for the Olympics", "2020-07-24", true, National, "スポーツの日"},
		{"2020 Mountain Day moved", "2020-08-10", true, National, "山の日"},
		{"2020 no Mountain Day on 11 Aug", "2020-08-11", false, "", ""},
		{"2020 no Sports Day in October", "2020-10-12", false, "", ""},
		{"2020 substitute after a Sunday in Golden Week", "2020-05-06", true, Substitute, "振替休日"},
		{"2021 Marine Day moved", "2021-07-22", true, National, "海の日"},
		{"2021 Sports Day moved", "2021-07-23", true, National, "スポーツの日"},
		{"2021 Mountain Day on a Sunday", "2021-08-08", true, National, "山の日"},
		{"2021 its substitute", "2021-08-09", true, Substitute, "振替休日"},
		{"2021 no Marine Day on the third Monday", "2021-07-19", false, "", ""},
		{"2021 no Sports Day in October", "2021-10-11", false, "", ""},
		{"2019 Health and Sports Day under its old name", "2019-10-14", true, National, "体育の日"},
		{"2024 autumn equinox on a Sunday, substitute", "2024-09-23", true, Substitute, "振替休日"},
		{"2026 Respect for the Aged Day", "2026-09-21", true, National, "敬老の日"},
		{"2026 citizens' holiday between two holidays", "2026-09-22", true, Citizens, "国民の休日"},
		{"2026 autumn equinox", "2026-09-23", true, National, "秋分の日"},
		{"2027 vernal equinox on a Sunday", "2027-03-21", true, National, "春分の日"},
		{"2027 its substitute", "2027-03-22", true, Substitute, "振替休日"},
		{"a plain working day", "2026-09-24", false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, ok := c.Holiday(day(t, tt.date))
			if ok != tt.want || h.Kind != tt.kind || h.Name.JA != tt.nameJA {
				t.Errorf("got %v %s %q, want %v %s %q", ok, h.Kind, h.Name.JA, tt.want, tt.kind, tt.nameJA)
			}
			if ok && h.Name.EN == "" {
				t.Errorf("holiday %s has no English name", tt.date)
			}
		})
	}
}

func TestHolidaysPerYear(t *testing.T) {
	// Counts of the Cabinet Office's list, including substitute and
	// citizens' holidays.
	want := map[int]int{2016: 17, 2017: 17, 2018: 20, 2019: 22, 2020: 18, 2021: 17, 2022: 16, 2023: 17, 2024: 21, 2025: 19, 2026: 18, 2027: 17}
	c := calendar(t)
	got := map[int]int{}
	for d := range c.days {
		got[d.Year]++
	}
	for y, n := range want {
		if got[y] != n {
			t.Errorf("%d: got %d holidays, want %d", y, got[y], n)
		}
	}
	if first, last := c.Years(); first != 2016 || last != 2027 {
		t.Errorf("got years %d-%d, want 2016-2027", first, last)
	}
}

// TestDataFollowsTheAct derives every covered year's holidays from the Act
// on National Holidays (and the special acts of 2019-2021) and compares
// them with the data, so a typing error in the data cannot pass unseen.
// The equinox days come from the usual approximation, which agrees with
// the published days for every covered year.
func TestDataFollowsTheAct(t *testing.T) {
	c := calendar(t)
	first, last := c.Years()
	for y := first; y <= last; y++ {
		want := derive(y)
		for d, k := range want {
			if h, ok := c.days[d]; !ok || h.Kind != k {
				t.Errorf("%s: data has %v %s, the Act gives %s", d, ok, h.Kind, k)
			}
		}
		for d, h := range c.days {
			if d.Year == y && want[d] == "" {
				t.Errorf("%s (%s) is in the data but not given by the Act", d, h.Name.JA)
			}
		}
	}
}

func derive(y int) map[himitsu.Date]Kind {
	date := func(m time.Month, d int) himitsu.Date { return himitsu.Date{Year: y, Month: m, Day: d} }
	monday := func(m time.Month, n int) himitsu.Date {
		d := date(m, 1)
		off := (int(time.Monday) - int(d.Time().Weekday()) + 7) % 7
		return d.AddDays(off + 7*(n-1))
	}
	n := y - 1980
	nat := []himitsu.Date{date(1, 1), monday(1, 2), date(2, 11),
		date(3, int(20.8431+0.242194*float64(n))-n/4),
		date(4, 29), date(5, 3), date(5, 4), date(5, 5),
		monday(9, 3), date(9, int(23.2488+0.242194*float64(n))-n/4),
		date(11, 3), date(11, 23)}
	switch {
	case y <= 2018:
		nat = append(nat, date(12, 23))
	case y >= 2020:
		nat = append(nat, date(2, 23))
	}
	switch y {
	case 2019:
		nat = append(nat, date(5, 1), date(10, 22), monday(7, 3), date(8, 11), monday(10, 2))
	case 2020:
		nat = append(nat, date(7, 23), date(7, 24), date(8, 10))
	case 2021:
		nat = append(nat, date(7, 22), date(7, 23), date(8, 8))
	default:
		nat = append(nat, monday(7, 3), date(8, 11), monday(10, 2))
	}
	out := map[himitsu.Date]Kind{}
	for _, d := range nat {
		out[d] = National
	}
	for _, d := range nat {
		if d.Time().Weekday() == time.Sunday {
			s := d.AddDays(1)
			for out[s] == National {
				s = s.AddDays(1)
			}
			out[s] = Substitute
		}
	}
	for _, d := range nat {
		mid := d.AddDays(1)
		if out[d.AddDays(2)] == National && out[mid] == "" && mid.Time().Weekday() != time.Sunday {
			out[mid] = Citizens
		}
	}
	return out
}

func TestNextOpenDay(t *testing.T) {
	c := calendar(t)
	tests := []struct {
		name, from, want string
		skipped          int
		unknown          bool
	}{
		{"an open Thursday stays", "2026-09-24", "2026-09-24", 0, false},
		{"Saturday before the New Year closure", "2024-12-28", "2025-01-06", 9, false},
		{"Sunday before Silver Week 2026", "2026-09-20", "2026-09-24", 4, false},
		{"Golden Week 2019 from Saturday 27 April", "2019-04-27", "2019-05-07", 10, false},
		{"Golden Week 2026 from Sunday 3 May", "2026-05-03", "2026-05-07", 4, false},
		{"29 December on a weekday", "2025-12-29", "2026-01-05", 7, false},
		{"3 January in an uncovered year: the 4th may be a holiday nobody knows yet", "2028-01-03", "2028-01-04", 1, true},
		{"leap day 2024 is a Thursday", "2024-02-29", "2024-02-29", 0, false},
		{"Emperor's Birthday 2025 on a Sunday", "2025-02-23", "2025-02-25", 2, false},
		{"a Saturday in an uncovered year: known closed, then an unknown Monday", "2028-03-18", "2028-03-20", 2, true},
		{"a weekday in an uncovered year", "2030-06-12", "2030-06-12", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := c.NextOpenDay(day(t, tt.from))
			if s.To.String() != tt.want || len(s.Skipped) != tt.skipped || s.Unknown != tt.unknown {
				t.Errorf("got %s skipping %d unknown %v, want %s skipping %d unknown %v", s.To, len(s.Skipped), s.Unknown, tt.want, tt.skipped, tt.unknown)
			}
			if s.Moved() != (tt.from != tt.want) {
				t.Errorf("got moved %v", s.Moved())
			}
			for _, k := range s.Skipped {
				if k.Reason.JA == "" || k.Reason.EN == "" {
					t.Errorf("skipped %s without a bilingual reason", k.Date)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	head := "# version: t\n# years: 2020-2020\n"
	tests := []struct{ name, data, want string }{
		{"no years", "# version: t\n2020-01-01,national,元日,New Year's Day\n", "years"},
		{"bad years", "# version: t\n# years: 2021-2020\n", "years must be"},
		{"no version", "# years: 2020-2020\n", "version"},
		{"wrong field count", head + "2020-01-01,national,元日\n", "want 4 fields"},
		{"bad date", head + "2020-13-01,national,x,y\n", "not a date"},
		{"outside the years", head + "2021-01-01,national,x,y\n", "outside the years"},
		{"bad kind", head + "2020-01-01,bank,x,y\n", "kind"},
		{"missing name", head + "2020-01-01,national,,y\n", "English name"},
		{"duplicate", head + "2020-01-01,national,x,y\n2020-01-01,national,x,y\n", "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
			if he, ok := err.(*himitsu.Error); !ok || he.Kind != himitsu.KindInvalid || he.File != "holidays.csv" {
				t.Errorf("got %#v, want a himitsu.Error of kind invalid naming the file", err)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add(holidaysCSV)
	f.Add([]byte("# version: x\n# years: 1-2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			return
		}
		// Whatever parsed must answer without looping or panicking.
		c.NextOpenDay(himitsu.Date{Year: 2026, Month: 12, Day: 28})
	})
}
