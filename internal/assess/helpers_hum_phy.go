package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// secrecyHolders returns the active persons holding a grant active on
// as_of to a secrecy data set, with one such grant each.
func (e *env) secrecyHolders() map[string]*himitsu.Grant {
	out := map[string]*himitsu.Grant{}
	for i := range e.rec.Grants {
		g := &e.rec.Grants[i]
		if !e.secrecy[g.DataSet] || !g.ActiveOn(e.asOf) {
			continue
		}
		for _, pid := range e.grantHolders(g) {
			p, ok := e.persons[pid]
			if !ok || !e.activePerson(p) {
				continue
			}
			if _, seen := out[pid]; !seen {
				out[pid] = g
			}
		}
	}
	return out
}

var askAreas = tx("区域の台帳が空である。通信の秘密に係る情報を扱うサーバ室や事務室を運用しているか。運用している場合、入退室はカードや生体認証で管理し、記録しているか（自ら運用していなければ「はい」）。",
	"The area register is empty. Does the carrier operate any controlled area (server rooms) or handling area (offices) for secrecy-related information, and if so, is entry controlled by card or biometrics and recorded? (Answer yes if it operates none itself.)")
