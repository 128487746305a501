package decide

import (
	"encoding/json"
	"reflect"

	"github.com/himitsu-oss/himitsu"
)

// The yes/no fields of the records are being turned from bool into a
// three-valued fact (yes, no, not recorded). The decision point reads
// them only through Yes and Known, at snapshot build time, so it works
// with either form and treats a fact that is not recorded as not given:
// nothing is allowed on a condition nobody recorded.

// Yes reports whether a yes/no field (a bool, or a fact with a True
// method) is recorded as true.
func Yes(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case interface{ True() bool }:
		return x.True()
	}
	return false
}

// Known reports whether a yes/no field is recorded at all; a bool always is.
func Known(v any) bool {
	switch x := v.(type) {
	case bool:
		return true
	case interface{ Known() bool }:
		return x.Known()
	}
	return false
}

// SharedAccount reports whether an account must be treated as shared: it
// is recorded as shared, or whether it is shared is not recorded and it
// names no person who answers for it.
func SharedAccount(a *himitsu.Account) bool {
	return Yes(a.Shared) || (!Known(a.Shared) && a.Person == "")
}

// setFacts sets the named yes/no fields of the struct *p to v, whether
// they are bool or a fact type that reads JSON true and false. The
// fixture uses it so that it builds with either form.
func setFacts(p any, v bool, fields ...string) {
	s := reflect.ValueOf(p).Elem()
	for _, name := range fields {
		f := s.FieldByName(name)
		if f.Kind() == reflect.Bool {
			f.SetBool(v)
			continue
		}
		b, _ := json.Marshal(v)
		if err := f.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(b); err != nil {
			panic(err)
		}
	}
}
