package sqlstore

import (
	"reflect"

	"github.com/himitsu-oss/himitsu"
)

// personsSpec is the register's rule set: its principal time and when a record
// may be deleted (see the PersonService documentation).
func personsSpec() spec {
	return spec{register: "persons", timeField: "joined_on",
		// Any person may go; the store refuses while another record
		// (a grant, an access, a training) still refers to them.
		deletable: func(reflect.Value) bool { return true },
	}
}

// Persons is the per-record service of persons.
func (s *Store) Persons() himitsu.PersonService { return typed[himitsu.Person]{s.svc("persons")} }
