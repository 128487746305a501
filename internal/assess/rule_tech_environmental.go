package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// TechEnvironmental judges 5(3)(iv)ii. Guidelines §5(3)(iv)ii: protection
// against environmental threats (water, fire, power outage) for equipment
// handling secrecy is insufficient. The rule reads fire suppression, UPS
// and water detection in controlled areas. A protection recorded as
// missing, planned or partial is what the records say; a protection with
// no record at all is unknown, not missing (the bundle's rule for facts):
// the rule asks for it, and an attestation for the item answers.
func (ruleSet) TechEnvironmental() rule {
	return rule{
		ID:   "tech.environmental",
		Item: "5(3)(iv)ii",
		Summary: tx("管理区域に消火設備又は無停電電源装置がない",
			"A controlled area lacks fire suppression or a UPS"),
		Indicated: "a controlled area (target = area ID or its site) has fire-suppression or ups recorded only as missing, planned or partial (medium)",
		AtRisk:    "water-detection is recorded as missing or planned, or one of them is partial; a protection with no record at all is asked about, not found",
		Inputs:    inputs{Registers: []string{"areas", "attestations", "protections"}},
		Run:       techEnvironmental,
	}
}

func techEnvironmental(e *env) []outcome {
	if len(e.rec.Areas) == 0 {
		return e.ask(tx("区域が登録されていない", "No area is registered"),
			tx("通信の秘密に係るシステムを置く区域には、消火設備、無停電電源装置及び漏水検知を備えているか（自ら運用していなければ「はい」）。",
				"Are the areas housing systems with secrecy equipped with fire suppression, an uninterruptible power supply and water detection? (Answer yes if the carrier operates none itself.)"))
	}
	s, r, u := e.sampler(), e.sampler(), e.sampler()
	controlled := 0
	for i := range e.rec.Areas {
		a := &e.rec.Areas[i]
		if a.Kind != himitsu.AreaControlled {
			continue
		}
		controlled++
		status := map[string]himitsu.ProtectionStatus{}
		for j := range e.rec.Protections {
			p := &e.rec.Protections[j]
			if p.Target != a.ID && (a.Site == "" || p.Target != a.Site) {
				continue
			}
			k := string(p.Kind)
			if cur, ok := status[k]; !ok || rankStatus(p.Status) > rankStatus(cur) {
				status[k] = p.Status
			}
		}
		var lack, weak, unrecorded []string
		fire, ups, water := string(himitsu.ProtectFireSuppression), string(himitsu.ProtectUPS), string(himitsu.ProtectWaterDetection)
		for _, k := range []string{fire, ups, water} {
			if _, ok := status[k]; !ok {
				unrecorded = append(unrecorded, k)
			}
		}
		for _, k := range []string{fire, ups} {
			if st, ok := status[k]; ok && st != himitsu.ProtectionInPlace {
				lack = append(lack, k)
			}
		}
		if st, ok := status[water]; ok && st != himitsu.ProtectionInPlace && st != himitsu.ProtectionPartial {
			weak = append(weak, water)
		}
		for _, k := range []string{fire, ups, water} {
			if status[k] == himitsu.ProtectionPartial {
				weak = append(weak, k+":partial")
			}
		}
		switch {
		case len(lack) > 0:
			s.add("areas", a.ID, "site", a.Site, "lacks_in_place", join(lack))
		case len(weak) > 0:
			r.add("areas", a.ID, "site", a.Site, "weak", join(weak))
		case len(unrecorded) > 0:
			u.add("areas", a.ID, "site", a.Site, "not_recorded", join(unrecorded))
		}
	}
	if controlled == 0 {
		return e.notApplicable(tx("管理区域（サーバ室等）が登録されていない", "No controlled area (server room) is registered"))
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf("管理区域%[1]d件中%[2]d件に実施済みの消火設備又は無停電電源装置がない",
			"%[2]d of %[1]d controlled areas lack in-place fire suppression or a UPS", controlled, s.total)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("管理区域%[1]d件で漏水検知がない、又は環境対策が一部実施にとどまる",
			"%[1]d controlled areas lack water detection or have an environmental protection only partly in place", r.total)))
	}
	if len(out) == 0 {
		out = append(out, e.askUnknown(u, tf("管理区域%[1]d件で消火設備、無停電電源装置又は漏水検知の記録がない", "%[1]d controlled areas have no record of fire suppression, a UPS or water detection", u.total),
			tx("記録のない管理区域は、消火設備、無停電電源装置及び漏水検知を備えているか。", "Do the controlled areas without such records have fire suppression, an uninterruptible power supply and water detection?"))...)
	}
	if len(out) == 0 {
		out = append(out, e.fine(tf("管理区域%[1]d件はいずれも消火設備、無停電電源装置及び漏水検知を備える",
			"All %[1]d controlled areas have fire suppression, a UPS and water detection in place", controlled)))
	}
	return out
}
