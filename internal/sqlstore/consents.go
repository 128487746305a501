package sqlstore

import (
	"github.com/himitsu-oss/himitsu"
)

// consentsSpec is the register's rule set: its principal time and when a record
// may be deleted (see the ConsentService documentation).
func consentsSpec() spec {
	return spec{register: "consents", timeField: "given_at", deletable: never,
		keep:   "consents are kept as the history that uses are judged against (guideline 5(2)); record withdrawn_at instead",
		keepJA: "同意は利用の適否を判断する履歴として保存する（指針5(2)）。削除せず、withdrawn_at を記録すること",
	}
}

// Consents is the per-record service of consents.
func (s *Store) Consents() himitsu.ConsentService { return typed[himitsu.Consent]{s.svc("consents")} }
