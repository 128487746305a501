package sqlstore

import (
	"github.com/himitsu-oss/himitsu"
)

// grantsSpec is the register's rule set: its principal time and when a record
// may be deleted (see the GrantService documentation).
func grantsSpec() spec {
	return spec{register: "grants", timeField: "granted_on", deletable: never,
		keep:   "grants are kept as the history of who could read what (guideline 5(3)(iv)iii); set revoked_on instead",
		keepJA: "権限付与は誰が何を読めたかの履歴として保存する（指針5(3)(iv)iii）。削除せず、revoked_on を設定すること",
	}
}

// Grants is the per-record service of grants.
func (s *Store) Grants() himitsu.GrantService { return typed[himitsu.Grant]{s.svc("grants")} }
