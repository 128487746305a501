package report

import (
	"fmt"
	"time"

	himitsu "github.com/himitsu-oss/himitsu"
)

// era is a Japanese imperial era and the day it began.
type era struct {
	name  string
	start himitsu.Date
}

// eras lists the eras a carrier's records can plausibly reach, newest first.
var eras = [...]era{
	{"令和", himitsu.Date{Year: 2019, Month: time.May, Day: 1}},
	{"平成", himitsu.Date{Year: 1989, Month: time.January, Day: 8}},
	{"昭和", himitsu.Date{Year: 1926, Month: time.December, Day: 25}},
}

// eraDate renders d as an era date ("令和8年11月1日", "令和元年5月1日"), or
// "" for a date before the Showa era.
func eraDate(d himitsu.Date) string {
	for _, e := range eras {
		if d.Before(e.start) {
			continue
		}
		y := d.Year - e.start.Year + 1
		ys := fmt.Sprint(y)
		if y == 1 {
			ys = "元"
		}
		return fmt.Sprintf("%s%s年%d月%d日", e.name, ys, int(d.Month), d.Day)
	}
	return ""
}

// formatDate renders d for a reader: "2026-11-01" in English,
// "2026年11月1日" in Japanese, followed by the era date in parentheses
// when opts.Era is set.
func formatDate(d himitsu.Date, o Options) string {
	if d.IsZero() {
		return ""
	}
	if o.Lang != "ja" {
		return d.String()
	}
	s := fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
	if o.Era {
		if e := eraDate(d); e != "" {
			s += "（" + e + "）"
		}
	}
	return s
}

// formatTime renders a timestamp in Japan time, to the minute.
func formatTime(t time.Time, o Options) string {
	if t.IsZero() {
		return ""
	}
	jt := t.In(himitsu.Tokyo)
	return formatDate(himitsu.DateOf(t), o) + " " + jt.Format("15:04") + " JST"
}
