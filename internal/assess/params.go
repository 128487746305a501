package assess

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/jpcal"
)

// ParseThresholds reads a YAML or JSON document that sets some of the
// thresholds by their json names (e.g. "stale_grant_days: 14"); the rest
// keep their defaults. Unknown names, wrong types, negative values and
// shares outside 0..1 are refused with the line and the name.
func ParseThresholds(data []byte) (Thresholds, error) {
	const op = "assess.ParseThresholds"
	t := DefaultThresholds()
	if len(bytes.TrimSpace(data)) == 0 {
		return t, nil
	}
	if err := yaml.UnmarshalWithOptions(data, &t, yaml.Strict()); err != nil {
		return Thresholds{}, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Msg: yamlMessage(err)}
	}
	// Record which names the document gives, so that a zero given on
	// purpose survives withDefaults.
	var given map[string]any
	if err := yaml.Unmarshal(data, &given); err != nil {
		return Thresholds{}, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Msg: yamlMessage(err)}
	}
	rv := reflect.ValueOf(t)
	for i := range rv.NumField() {
		if !rv.Type().Field(i).IsExported() {
			continue
		}
		name := jsonName(rv.Type().Field(i))
		if _, ok := given[name]; ok {
			t.explicit |= 1 << i
		}
		switch f := rv.Field(i); f.Kind() {
		case reflect.Int:
			if f.Int() < 0 {
				return Thresholds{}, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: name, Msg: fmt.Sprintf("must not be negative, got %d", f.Int())}
			}
		case reflect.Float64:
			v := f.Float()
			if v < 0 || strings.HasSuffix(name, "_share") && v > 1 {
				return Thresholds{}, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: name, Msg: fmt.Sprintf("must be a share between 0 and 1, got %v", v)}
			}
		}
	}
	return t, nil
}

// yamlMessage keeps the first line of a goccy error ("[3:1] unknown field
// \"x\""), which carries the position, without the source excerpt.
func yamlMessage(err error) string {
	var ye yaml.Error
	msg := err.Error()
	if errors.As(err, &ye) {
		msg = ye.Error()
	}
	first, _, _ := strings.Cut(msg, "\n")
	return first
}

// withDefaults fills every field left at zero, and not given explicitly,
// with its default.
func (t Thresholds) withDefaults() Thresholds {
	got, def := reflect.ValueOf(&t).Elem(), reflect.ValueOf(DefaultThresholds())
	for i := range got.NumField() {
		if !got.Type().Field(i).IsExported() || t.explicit&(1<<i) != 0 {
			continue
		}
		if f := got.Field(i); f.IsZero() {
			f.Set(def.Field(i))
		}
	}
	return t
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// parameters lists what an assessment was made with, in a fixed order:
// the day-count convention, the holiday calendar, the evidence bound, then
// every threshold.
func parameters(opts Options) []himitsu.Parameter {
	ps := []himitsu.Parameter{
		{Name: "day_count", Value: opts.DayCount, Default: opts.DayCount == ExcludeFirstDay},
		calendarParameter(opts.Calendar),
		{Name: "max_evidence", Value: strconv.Itoa(opts.MaxEvidence), Default: opts.MaxEvidence == defaultMaxEvidence},
	}
	got, def := reflect.ValueOf(opts.Thresholds), reflect.ValueOf(DefaultThresholds())
	for i := range got.NumField() {
		if !got.Type().Field(i).IsExported() {
			continue
		}
		f := got.Field(i)
		var v string
		switch f.Kind() {
		case reflect.Int:
			v = strconv.FormatInt(f.Int(), 10)
		case reflect.Float64:
			v = strconv.FormatFloat(f.Float(), 'f', -1, 64)
		}
		ps = append(ps, himitsu.Parameter{Name: jsonName(got.Type().Field(i)), Value: v, Default: f.Equal(def.Field(i))})
	}
	return ps
}

// calendarParameter names the version and years of the holiday calendar
// that moved the deadlines (Act on Holidays of Administrative Organs Art.
// 2), so that a report can be reproduced and a stale calendar seen.
func calendarParameter(cal *jpcal.Calendar) himitsu.Parameter {
	def, err := jpcal.Default()
	if cal == nil {
		cal = def
	}
	if cal == nil {
		return himitsu.Parameter{Name: "holiday_calendar", Value: fmt.Sprintf("unavailable: %v", err)}
	}
	first, last := cal.Years()
	return himitsu.Parameter{Name: "holiday_calendar", Value: fmt.Sprintf("%s (%d-%d)", cal.Version(), first, last),
		Default: def != nil && cal.Version() == def.Version()}
}
