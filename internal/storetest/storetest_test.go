package storetest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// TestFixtureCoversEveryField fails when a register, or a field of one, has
// no non-zero value in the fixture: a store could then lose that column
// without the round-trip test noticing. A field added to the model must be
// added to the fixture too.
func TestFixtureCoversEveryField(t *testing.T) {
	rec, ev := Fixture("c1")
	rv := reflect.ValueOf(rec).Elem()
	byName := map[string]reflect.Value{
		"access_events": reflect.ValueOf(ev.Access),
		"entry_logs":    reflect.ValueOf(ev.Entries),
	}
	for i := range rv.NumField() {
		name, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("json"), ",")
		byName[name] = rv.Field(i)
	}
	for _, reg := range himitsu.RegisterList {
		v, ok := byName[reg.Name]
		if !ok {
			t.Errorf("register %s: not in the fixture", reg.Name)
			continue
		}
		var items []reflect.Value
		if v.Kind() == reflect.Slice {
			for j := range v.Len() {
				items = append(items, v.Index(j))
			}
		} else {
			items = append(items, v)
		}
		if len(items) == 0 {
			t.Errorf("register %s: got no records, want at least one", reg.Name)
			continue
		}
		checkCovered(t, reg.Name, reg.Type, items)
	}
}

// checkCovered reports every json field of typ that is zero in all items,
// descending into slices of structs (data elements, desk channels).
func checkCovered(t *testing.T, where string, typ reflect.Type, items []reflect.Value) {
	t.Helper()
	for _, f := range himitsu.Fields(typ) {
		set := false
		var nested []reflect.Value
		for _, it := range items {
			fv := it.Field(f.Index)
			if !fv.IsZero() && !(fv.Kind() == reflect.Slice && fv.Len() == 0) {
				set = true
			}
			if fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct {
				for k := range fv.Len() {
					nested = append(nested, fv.Index(k))
				}
			}
		}
		if !set {
			t.Errorf("%s.%s: zero in every record of the fixture", where, f.Name)
		}
		if len(nested) > 0 {
			checkCovered(t, where+"."+f.Name, f.Type.Elem(), nested)
		}
	}
}

func TestFixtureIsValid(t *testing.T) {
	rec, ev := Fixture("c1")
	idx := himitsu.NewIndex(rec)
	check := func(what string, v any) {
		if err := v.(interface{ Validate() error }).Validate(); err != nil {
			t.Errorf("%s: %v", what, err)
		}
		if err := idx.CheckRefs(v); err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}
	rv := reflect.ValueOf(rec).Elem()
	for i := range rv.NumField() {
		f := rv.Field(i)
		name := rv.Type().Field(i).Name
		if f.Kind() == reflect.Slice {
			for j := range f.Len() {
				check(name, f.Index(j).Addr().Interface())
			}
		} else {
			check(name, f.Addr().Interface())
		}
	}
	for i := range ev.Access {
		check("access event", &ev.Access[i])
	}
	for i := range ev.Entries {
		check("entry log", &ev.Entries[i])
	}
}

func TestDiff(t *testing.T) {
	type inner struct{ A []string }
	type outer struct {
		N  int
		In []inner
		T  time.Time
		M  map[string]int
	}
	t0 := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	base := outer{N: 1, In: []inner{{A: []string{"x"}}}, T: t0, M: map[string]int{"k": 1}}
	tests := []struct {
		name string
		got  outer
		want string // substring of the diff; "" for equal
	}{
		{"equal", base, ""},
		{"scalar", outer{N: 2, In: base.In, T: t0, M: base.M}, "N: got 2, want 1"},
		{"nested slice", outer{N: 1, In: []inner{{A: []string{"y"}}}, T: t0, M: base.M}, `In[0].A[0]: got "y", want "x"`},
		{"nil versus present", outer{N: 1, T: t0, M: base.M}, "In: got nil, want"},
		{"length", outer{N: 1, In: []inner{{A: []string{"x", "z"}}}, T: t0, M: base.M}, "In[0].A: got 2 elements, want 1"},
		{"time zone", outer{N: 1, In: base.In, T: t0.In(time.FixedZone("JST", 9*3600)), M: base.M}, "T: got 2025-01-02T12:04:05+09:00 JST"},
		{"map entry", outer{N: 1, In: base.In, T: t0, M: map[string]int{"k": 2}}, "M[k]: got 2, want 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Diff(tt.got, base)
			if tt.want == "" {
				if d != "" {
					t.Errorf("got diff %q, want none", d)
				}
				return
			}
			if !strings.Contains(d, tt.want) {
				t.Errorf("got diff %q, want it to contain %q", d, tt.want)
			}
		})
	}
}
