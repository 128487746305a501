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
	for _, reg := range himitsu.RegisterList {
		for _, f := range himitsu.Fields(reg.Type) {
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
