package sqlstore

import (
	"github.com/himitsu-oss/himitsu"
)

// accessEventsSpec is the register's rule set: its principal time and when a record
// may be deleted (see the AccessEventService documentation).
func accessEventsSpec() spec {
	return spec{register: "access_events", timeField: "at", timeKeyset: true, deletable: never,
		filterIndexes: []string{"subscriber", "person", "dataset", "purpose"},
		keep:          "the access log is what the systems recorded and is never edited",
		keepJA:        "アクセス記録はシステムが記録したものであり、編集しない",
	}
}

// AccessEvents lists the access log; it has no write methods.
func (s *Store) AccessEvents() himitsu.AccessEventService {
	return typed[himitsu.AccessEvent]{s.svc("access_events")}
}
