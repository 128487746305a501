package server

import (
	"reflect"
	"testing"

	"github.com/himitsu-oss/himitsu"
)

// TestEnumLabelsComplete: every value of every labelled enumeration has a
// label in both languages, so that a value added to the model cannot show
// up untranslated.
func TestEnumLabelsComplete(t *testing.T) {
	labels := enumLabels()
	seen := map[string]bool{}
	// The fields of every register and of their sub-records (an
	// incident's knowledge events, a data set's elements).
	var fields []himitsu.FieldSpec
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for _, f := range himitsu.Fields(t) {
			fields = append(fields, f)
			if subRecords(f.Type) {
				walk(f.Type.Elem())
			}
		}
	}
	for _, reg := range himitsu.RegisterList {
		walk(reg.Type)
	}
	{
		for _, f := range fields {
			et := f.Type
			if et.Kind() == reflect.Slice {
				et = et.Elem()
			}
			ls, ok := labels[et.Name()]
			if !ok || len(f.Enum) == 0 {
				continue
			}
			seen[et.Name()] = true
			for _, v := range f.Enum {
				if m := ls[v]; m.ja == "" || m.en == "" {
					t.Errorf("%s %q has no label in both languages", et.Name(), v)
				}
			}
		}
	}
	for name := range labels {
		if !seen[name] {
			t.Errorf("labels for %s, which no register field uses", name)
		}
	}
}

// TestRegisterPagesLabelled: every field and every enumeration value of a
// register served with pages has a Japanese name, so that no page shows a
// raw field name or value to a Japanese reader.
func TestRegisterPagesLabelled(t *testing.T) {
	fl, el := fieldLabels(), enumLabels()
	var walk func(reg string, t0 reflect.Type)
	walk = func(reg string, t0 reflect.Type) {
		for _, f := range himitsu.Fields(t0) {
			if fl[f.Name] == "" {
				t.Errorf("%s.%s has no Japanese label", reg, f.Name)
			}
			et := f.Type
			if et.Kind() == reflect.Slice {
				et = et.Elem()
			}
			if len(f.Enum) > 0 {
				for _, v := range f.Enum {
					if m := el[et.Name()][v]; m.ja == "" || m.en == "" {
						t.Errorf("%s.%s: %s %q has no label", reg, f.Name, et.Name(), v)
					}
				}
			}
			if subRecords(f.Type) {
				walk(reg, f.Type.Elem())
			}
		}
	}
	for _, rc := range registers() {
		walk(rc.name, recordType(rc.name))
	}
}

// TestMessagesBothLanguages: every text of the pages exists in both.
func TestMessagesBothLanguages(t *testing.T) {
	for k, m := range messages() {
		if m.ja == "" || m.en == "" {
			t.Errorf("message %q lacks a language", k)
		}
	}
}

// TestMessageKeysUnique: no two areas define the same key, which would
// let one silently replace the other's words.
func TestMessageKeysUnique(t *testing.T) {
	seen := map[string]bool{}
	for k := range baseMessages() {
		seen[k] = true
	}
	for i, set := range messageSets {
		for k := range set() {
			if seen[k] {
				t.Errorf("message %q defined twice (set %d)", k, i)
			}
			seen[k] = true
		}
	}
}
