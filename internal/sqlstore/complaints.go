package sqlstore

import (
	"github.com/himitsu-oss/himitsu"
)

// complaintsSpec is the register's rule set: its principal time and when a record
// may be deleted (see the ComplaintService documentation).
func complaintsSpec() spec {
	return spec{register: "complaints", timeField: "received_at", deletable: never,
		keep:   "complaints are kept as the record of how the desk handled them (guideline 5(4)); close the complaint with a resolution instead",
		keepJA: "苦情はその処理の記録として保存する（指針5(4)）。削除せず、処理結果を記入して完了とすること",
	}
}

// Complaints is the per-record service of complaints.
func (s *Store) Complaints() himitsu.ComplaintService {
	return typed[himitsu.Complaint]{s.svc("complaints")}
}
