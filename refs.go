package himitsu

import (
	"fmt"
	"reflect"
)

// Index holds the IDs of every register of one carrier's Records, so that
// references can be checked in memory while records stream past.
type Index struct {
	ids map[string]map[string]struct{}
}

// NewIndex collects the IDs of rec's registers.
func NewIndex(rec *Records) *Index {
	x := &Index{ids: make(map[string]map[string]struct{})}
	rv := reflect.ValueOf(rec).Elem()
	rt := rv.Type()
	for i := 0; i < rt.NumField(); i++ {
		f := rv.Field(i)
		if f.Kind() != reflect.Slice {
			continue
		}
		name := jsonName(rt.Field(i))
		set := make(map[string]struct{}, f.Len())
		for j := range f.Len() {
			if id := f.Index(j).FieldByName("ID"); id.IsValid() {
				set[id.String()] = struct{}{}
			}
		}
		x.ids[name] = set
	}
	return x
}

func jsonName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	for i := 0; i < len(tag); i++ {
		if tag[i] == ',' {
			return tag[:i]
		}
	}
	return tag
}

// Has reports whether register holds a record with the given ID.
func (x *Index) Has(register, id string) bool {
	_, ok := x.ids[register][id]
	return ok
}

// Add records that register holds id (for records added while streaming).
func (x *Index) Add(register, id string) {
	set := x.ids[register]
	if set == nil {
		set = make(map[string]struct{})
		x.ids[register] = set
	}
	set[id] = struct{}{}
}

// CheckRefs returns a KindInvalid error naming the first field of v (a
// pointer to a register struct) that refers to a record the index lacks.
func (x *Index) CheckRefs(v any) error {
	rv := reflect.ValueOf(v).Elem()
	for _, s := range Fields(rv.Type()) {
		fv := rv.Field(s.Index)
		// Nested records (an incident's knowledge events) carry references
		// of their own.
		if fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct {
			for i := range fv.Len() {
				if err := x.CheckRefs(fv.Index(i).Addr().Interface()); err != nil {
					return &Error{Kind: KindInvalid, Field: fmt.Sprintf("%s[%d]", s.Name, i), Err: err}
				}
			}
			continue
		}
		if s.Ref == "" {
			continue
		}
		switch fv.Kind() {
		case reflect.String:
			if id := fv.String(); id != "" && !x.Has(s.Ref, id) {
				return FieldErrorJA(s.Name, "refers to unknown %s %q", "参照先の %s「%s」が存在しない", s.Ref, shown(id))
			}
		case reflect.Slice:
			for i := range fv.Len() {
				if id := fv.Index(i).String(); !x.Has(s.Ref, id) {
					return FieldErrorJA(s.Name, "refers to unknown %s %q", "参照先の %s「%s」が存在しない", s.Ref, shown(id))
				}
			}
		}
	}
	return nil
}

// CheckAccessEvent is CheckRefs for the largest register, without reflection.
func (x *Index) CheckAccessEvent(e *AccessEvent) error {
	switch {
	case !x.Has("datasets", e.DataSet):
		return FieldErrorJA("dataset", "refers to unknown datasets %q", "参照先の datasets「%s」が存在しない", shown(e.DataSet))
	case e.Account != "" && !x.Has("accounts", e.Account):
		return FieldErrorJA("account", "refers to unknown accounts %q", "参照先の accounts「%s」が存在しない", shown(e.Account))
	case e.Person != "" && !x.Has("persons", e.Person):
		return FieldErrorJA("person", "refers to unknown persons %q", "参照先の persons「%s」が存在しない", shown(e.Person))
	case e.Purpose != "" && !x.Has("purposes", e.Purpose):
		return FieldErrorJA("purpose", "refers to unknown purposes %q", "参照先の purposes「%s」が存在しない", shown(e.Purpose))
	}
	return nil
}

var typeOfRecords = reflect.TypeFor[Records]()
