// Package jpcal is the calendar of Japan's administrative organs: which
// days they are closed, and so to which day a filing deadline moves.
//
// Under the Act on Holidays of Administrative Organs (行政機関の休日に関する
// 法律) Art. 1, the administrative holidays are Sundays and Saturdays, the
// holidays of the Act on National Holidays (国民の祝日に関する法律, with its
// substitute holidays 振替休日 and citizens' holidays 国民の休日), and 29
// December to 3 January. Art. 2: when the last day of a period that a law
// or an order based on a law sets for a filing or other act toward an
// administrative organ falls on an administrative holiday, the day after
// the holiday (the next day that is not one) is the deadline.
//
// The national holidays are data (holidays.csv, from the Cabinet Office's
// published list) with a version and the years they cover, because they
// change by statute and the equinox days are fixed only a year ahead. For a
// day in a year outside the data the calendar says so instead of guessing:
// weekends and the year-end closure are still known, the national holidays
// are not.
package jpcal

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
)

//go:embed holidays.csv
var holidaysCSV []byte

// Kind is the kind of a national holiday.
type Kind string

const (
	// National is a holiday named in Act on National Holidays Art. 2 or
	// by a special act (the 2019 enthronement days).
	National Kind = "national"
	// Substitute is a 振替休日 (Art. 3(2)): the next day that is not a
	// holiday, when a holiday falls on a Sunday.
	Substitute Kind = "substitute"
	// Citizens is a 国民の休日 (Art. 3(3)): a day whose previous and next
	// days are both holidays.
	Citizens Kind = "citizens"
)

// Holiday is one national holiday.
type Holiday struct {
	Date himitsu.Date
	Kind Kind
	Name himitsu.Text
}

// Calendar holds the national holidays of the years it covers. It is
// immutable once built, so one Calendar can serve concurrent assessments.
type Calendar struct {
	version     string
	first, last int
	days        map[himitsu.Date]Holiday
}

// Default returns the calendar of the embedded data. It fails only if the
// embedded file is malformed, which the package's tests rule out.
func Default() (*Calendar, error) { return Parse(holidaysCSV) }

// Parse reads holiday data: comment lines "# version: V" and
// "# years: FIRST-LAST" (both required), other "#" lines ignored, then
// "date,kind,name_ja,name_en" lines, each date inside the years.
func Parse(data []byte) (*Calendar, error) {
	const op = "jpcal.Parse"
	c := &Calendar{days: map[himitsu.Date]Holiday{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	bad := func(msg string, args ...any) error {
		return &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, File: "holidays.csv", Line: line, Msg: fmt.Sprintf(msg, args...)}
	}
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(s, "#"); ok {
			rest = strings.TrimSpace(rest)
			if v, ok := strings.CutPrefix(rest, "version:"); ok {
				c.version = strings.TrimSpace(v)
			}
			if v, ok := strings.CutPrefix(rest, "years:"); ok {
				a, b, _ := strings.Cut(strings.TrimSpace(v), "-")
				first, err1 := strconv.Atoi(a)
				last, err2 := strconv.Atoi(b)
				if err1 != nil || err2 != nil || first > last {
					return nil, bad("years must be FIRST-LAST, got %q", strings.TrimSpace(v))
				}
				c.first, c.last = first, last
			}
			continue
		}
		if c.first == 0 {
			return nil, bad("a \"# years: FIRST-LAST\" line must come before the first holiday")
		}
		f := strings.Split(s, ",")
		if len(f) != 4 {
			return nil, bad("want 4 fields date,kind,name_ja,name_en, got %d", len(f))
		}
		d, err := himitsu.ParseDate(f[0])
		if err != nil {
			return nil, bad("%v", err)
		}
		if d.Year < c.first || d.Year > c.last {
			return nil, bad("%s is outside the years %d-%d", d, c.first, c.last)
		}
		k := Kind(f[1])
		if k != National && k != Substitute && k != Citizens {
			return nil, bad("kind %q is not national, substitute or citizens", f[1])
		}
		if f[2] == "" || f[3] == "" {
			return nil, bad("a holiday needs a Japanese and an English name")
		}
		if _, dup := c.days[d]; dup {
			return nil, bad("%s is listed twice", d)
		}
		c.days[d] = Holiday{Date: d, Kind: k, Name: himitsu.Text{JA: f[2], EN: f[3]}}
	}
	if err := sc.Err(); err != nil {
		return nil, bad("%v", err)
	}
	if c.version == "" || c.first == 0 {
		return nil, bad("the \"# version:\" and \"# years:\" lines are required")
	}
	return c, nil
}

// Version is the version of the holiday data.
func (c *Calendar) Version() string { return c.version }

// Years returns the first and last year whose national holidays are known.
func (c *Calendar) Years() (first, last int) { return c.first, c.last }

// Covers reports whether the national holidays of year are known.
func (c *Calendar) Covers(year int) bool { return year >= c.first && year <= c.last }

// Holiday returns the national holiday on d, if any.
func (c *Calendar) Holiday(d himitsu.Date) (Holiday, bool) {
	h, ok := c.days[d]
	return h, ok
}

// Closure says why an administrative organ is closed on a day.
type Closure struct {
	Date   himitsu.Date
	Reason himitsu.Text
}

// Closed reports whether d is an administrative holiday (Act on Holidays
// of Administrative Organs Art. 1(1)) and why. known is false when d is a
// weekday outside the year-end closure in a year the data does not cover:
// it may be a national holiday nobody has told the calendar about.
func (c *Calendar) Closed(d himitsu.Date) (closed bool, why himitsu.Text, known bool) {
	switch wd := d.Time().Weekday(); {
	case wd == time.Sunday:
		return true, himitsu.Text{JA: "日曜日", EN: "Sunday"}, true
	case wd == time.Saturday:
		return true, himitsu.Text{JA: "土曜日", EN: "Saturday"}, true
	}
	if d.Month == time.December && d.Day >= 29 || d.Month == time.January && d.Day <= 3 {
		if h, ok := c.days[d]; ok {
			return true, h.Name, true
		}
		return true, himitsu.Text{JA: "年末年始の休日（12月29日〜1月3日）", EN: "year-end closure (29 Dec to 3 Jan)"}, true
	}
	if !c.Covers(d.Year) {
		return false, himitsu.Text{}, false
	}
	if h, ok := c.days[d]; ok {
		return true, h.Name, true
	}
	return false, himitsu.Text{}, true
}

// Shift is the result of moving a deadline under Art. 2.
type Shift struct {
	// From is the last day of the period as counted; To is the deadline
	// after moving past administrative holidays (equal when none).
	From, To himitsu.Date
	// Skipped lists the holidays passed over, in order.
	Skipped []Closure
	// Unknown is true when a day on the way fell in a year whose national
	// holidays the data does not hold: To may then be too early.
	Unknown bool
}

// Moved reports whether the deadline moved.
func (s Shift) Moved() bool { return s.From != s.To }

// NextOpenDay applies Art. 2 to the last day d of a period: d itself when
// the organs are open that day, else the first later day that is not an
// administrative holiday.
func (c *Calendar) NextOpenDay(d himitsu.Date) Shift {
	s := Shift{From: d, To: d}
	// The longest run of closed days is the Golden Week or the year-end
	// closure plus weekends (under two weeks); the bound only guards
	// against a data error looping for ever.
	for range 60 {
		closed, why, known := c.Closed(s.To)
		if !known {
			s.Unknown = true
		}
		if !closed {
			return s
		}
		s.Skipped = append(s.Skipped, Closure{Date: s.To, Reason: why})
		s.To = s.To.AddDays(1)
	}
	return s
}
