package himitsu

import (
	"fmt"
	"time"
)

// Date is a calendar date without a time of day, as registers and legal
// deadlines use them ("completed on", "effective on", "due by"). The zero
// Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Tokyo is the time zone in which legal dates and deadlines are reckoned.
// It needs time/tzdata or a system zone database; the binary embeds tzdata.
var Tokyo = mustLoadTokyo()

func mustLoadTokyo() *time.Location {
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		// Japan has had no daylight saving time since 1951; a fixed zone
		// gives the same dates for every record this system can hold.
		return time.FixedZone("JST", 9*60*60)
	}
	return loc
}

// DateOf returns the calendar date of t in Japan.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Tokyo).Date()
	return Date{y, m, d}
}

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

func (d Date) IsZero() bool { return d == Date{} }

// Time is the start of d in Japan.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Tokyo) }

// AddDays returns the date n calendar days after d.
func (d Date) AddDays(n int) Date {
	t := time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC)
	return Date{t.Year(), t.Month(), t.Day()}
}

// DaysUntil returns the number of calendar days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int {
	a := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
	b := time.Date(e.Year, e.Month, e.Day, 12, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Round(24*time.Hour) / (24 * time.Hour))
}

func (d Date) Before(e Date) bool { return d.compare(e) < 0 }
func (d Date) After(e Date) bool  { return d.compare(e) > 0 }

func (d Date) compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return d.Year - e.Year
	case d.Month != e.Month:
		return int(d.Month) - int(e.Month)
	default:
		return d.Day - e.Day
	}
}

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
