package sqlstore

import (
	"github.com/himitsu-oss/himitsu"
)

// incidentClassificationsSpec is the rule set of the classification
// history: entries are appended, never changed or deleted (see the
// IncidentClassificationService documentation).
func incidentClassificationsSpec() spec {
	return spec{register: "incident_classifications", timeField: "at", deletable: never, appendOnly: true, keepContent: true,
		keep:   "a classification entry is history: it is never changed or deleted; record a new entry instead",
		keepJA: "分類の記録は履歴であり、変更も削除もできない。新たな記録を追加すること",
	}
}

// IncidentClassifications is the per-record service of incident_classifications.
func (s *Store) IncidentClassifications() himitsu.IncidentClassificationService {
	return typed[himitsu.IncidentClassification]{s.svc("incident_classifications")}
}
