package storetest

import (
	"fmt"
	"reflect"
	"time"
)

// Diff returns "" when got and want are reflect.DeepEqual, and otherwise a
// line naming the first differing field by its path ("Persons[1].LeftOn")
// with both values, so that a failed round trip says what was lost.
func Diff(got, want any) string {
	if reflect.DeepEqual(got, want) {
		return ""
	}
	if d := diff("", reflect.ValueOf(got), reflect.ValueOf(want)); d != "" {
		return d
	}
	return "values differ (not DeepEqual) but no differing field was found"
}

var timeType = reflect.TypeFor[time.Time]()

func diff(path string, g, w reflect.Value) string {
	at := path
	if at == "" {
		at = "value"
	}
	if g.IsValid() != w.IsValid() {
		return fmt.Sprintf("%s: got %v, want %v", at, show(g), show(w))
	}
	if !g.IsValid() {
		return ""
	}
	if g.Type() != w.Type() {
		return fmt.Sprintf("%s: got type %s, want %s", at, g.Type(), w.Type())
	}
	if g.Type() == timeType {
		gt, wt := g.Interface().(time.Time), w.Interface().(time.Time)
		if !reflect.DeepEqual(gt, wt) {
			return fmt.Sprintf("%s: got %s, want %s", at, gt.Format(time.RFC3339Nano+" MST"), wt.Format(time.RFC3339Nano+" MST"))
		}
		return ""
	}
	switch g.Kind() {
	case reflect.Pointer, reflect.Interface:
		if g.IsNil() || w.IsNil() {
			if g.IsNil() != w.IsNil() {
				return fmt.Sprintf("%s: got %v, want %v", at, show(g), show(w))
			}
			return ""
		}
		return diff(path, g.Elem(), w.Elem())
	case reflect.Struct:
		for i := range g.NumField() {
			name := g.Type().Field(i).Name
			p := name
			if path != "" {
				p = path + "." + name
			}
			if !g.Type().Field(i).IsExported() {
				if !reflect.DeepEqual(g.Field(i), w.Field(i)) {
					return fmt.Sprintf("%s: unexported fields differ", p)
				}
				continue
			}
			if d := diff(p, g.Field(i), w.Field(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice, reflect.Array:
		if g.Kind() == reflect.Slice && g.IsNil() != w.IsNil() {
			return fmt.Sprintf("%s: got %v, want %v", at, show(g), show(w))
		}
		for i := range min(g.Len(), w.Len()) {
			if d := diff(fmt.Sprintf("%s[%d]", path, i), g.Index(i), w.Index(i)); d != "" {
				return d
			}
		}
		if g.Len() != w.Len() {
			return fmt.Sprintf("%s: got %d elements, want %d", at, g.Len(), w.Len())
		}
		return ""
	case reflect.Map:
		for _, k := range w.MapKeys() {
			if d := diff(fmt.Sprintf("%s[%v]", path, k), g.MapIndex(k), w.MapIndex(k)); d != "" {
				return d
			}
		}
		for _, k := range g.MapKeys() {
			if !w.MapIndex(k).IsValid() {
				return fmt.Sprintf("%s[%v]: got %v, want no entry", path, k, show(g.MapIndex(k)))
			}
		}
		return ""
	}
	if !reflect.DeepEqual(g.Interface(), w.Interface()) {
		return fmt.Sprintf("%s: got %v, want %v", at, show(g), show(w))
	}
	return ""
}

func show(v reflect.Value) string {
	switch {
	case !v.IsValid():
		return "<absent>"
	case (v.Kind() == reflect.Slice || v.Kind() == reflect.Map || v.Kind() == reflect.Pointer) && v.IsNil():
		return "nil"
	case v.Kind() == reflect.String:
		return fmt.Sprintf("%q", v.String())
	}
	return fmt.Sprintf("%#v", v.Interface())
}
