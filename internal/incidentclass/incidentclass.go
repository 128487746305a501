// Package incidentclass proposes how an incident is to be classified —
// leak of the secrecy of communications, unauthorized use, unauthorized
// obtaining, personal-data leak only, serious accident or near miss — from
// the incident's facts and the carrier's data inventory, with its reasons
// in Japanese and English. It only proposes: a person confirms or chooses
// otherwise, and that decision is recorded (himitsu.IncidentClassification).
//
// The three violations of secrecy follow the reading of Act Art. 4 in the
// guidelines: obtaining (知得) is actively coming to know the secrecy
// without a business need; unauthorized use (窃用) is using it for one's
// own or another's ends against the will of the persons communicating;
// leak (漏えい) is letting it reach others. Which of them an incident is
// depends on what happened, which the records only hint at; the reasons say
// which hint decided, so that the person confirming can disagree with it.
package incidentclass

import (
	"fmt"
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
)

// Facts is what the proposal is made from: the incident, the data sets of
// the inventory (all of the carrier's, or at least those the incident
// names), and the access events linked as evidence.
type Facts struct {
	Incident     *himitsu.Incident
	DataSets     []himitsu.DataSet
	AccessEvents []himitsu.AccessEvent
}

// Proposal is himitsu's reading of the facts.
type Proposal struct {
	// Kind is the classification proposed; IncidentSuspicion when the
	// facts do not yet support any.
	Kind himitsu.IncidentKind `json:"kind"`
	// Secrecy is whether the inventory says the secrecy of communications
	// is involved: Yes when an element involved is of a secrecy class, No
	// when the elements involved are known and none is, Unknown when no
	// data set is named.
	Secrecy himitsu.Fact `json:"secrecy"`
	// Classes are the classes of the elements involved, in the order of
	// himitsu.SecrecyClass's values.
	Classes []himitsu.SecrecyClass `json:"classes,omitempty"`
	// Reasons explain the proposal, most decisive first.
	Reasons []himitsu.Text `json:"reasons"`
}

func tx(ja, en string, args ...any) himitsu.Text {
	return himitsu.Text{JA: fmt.Sprintf(ja, args...), EN: fmt.Sprintf(en, args...)}
}

// involvedClasses reads the classes of the elements the incident
// involves from the inventory: the elements named in data_elements, or
// every element of a data set named without elements. Missing data sets
// or elements are reported by name.
func involvedClasses(in *himitsu.Incident, sets []himitsu.DataSet) (classes []himitsu.SecrecyClass, missing []string) {
	byID := map[string]*himitsu.DataSet{}
	for i := range sets {
		byID[sets[i].ID] = &sets[i]
	}
	named := map[string][]string{}
	for _, el := range in.DataElements {
		named[el.DataSet] = append(named[el.DataSet], el.Element)
	}
	seen := map[himitsu.SecrecyClass]bool{}
	for _, id := range in.DataSets {
		ds, ok := byID[id]
		if !ok {
			missing = append(missing, id)
			continue
		}
		for _, e := range ds.Elements {
			if len(named[id]) > 0 && !slices.Contains(named[id], e.Name) {
				continue
			}
			seen[e.Class] = true
		}
		for _, n := range named[id] {
			if !slices.ContainsFunc(ds.Elements, func(e himitsu.DataElement) bool { return e.Name == n }) {
				missing = append(missing, id+"."+n)
			}
		}
	}
	for _, c := range himitsu.SecrecyClass("").Values() {
		if seen[himitsu.SecrecyClass(c)] {
			classes = append(classes, himitsu.SecrecyClass(c))
		}
	}
	return classes, missing
}

func classList(cs []himitsu.SecrecyClass) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}

// Propose reads the facts and proposes a classification with its reasons.
func Propose(f Facts) Proposal {
	in := f.Incident
	var p Proposal
	classes, missing := involvedClasses(in, f.DataSets)
	p.Classes = classes
	if len(missing) > 0 {
		p.Reasons = append(p.Reasons, tx("データ目録にない：%s（分類に使えない）", "Not in the data inventory: %s (not used for the proposal)", strings.Join(missing, ", ")))
	}
	secrecy := slices.ContainsFunc(classes, himitsu.SecrecyClass.IsSecrecy)
	personal := slices.Contains(classes, himitsu.ClassPersonal)
	switch {
	case secrecy:
		p.Secrecy = himitsu.Yes
		p.Reasons = append(p.Reasons, tx("関係するデータ要素に通信の秘密に当たる区分（%s）がある（データ目録による）",
			"Elements involved are of classes within the secrecy of communications (%s), per the data inventory", classList(classes)))
	case len(in.DataSets) > 0 && len(missing) < len(in.DataSets):
		p.Secrecy = himitsu.No
		p.Reasons = append(p.Reasons, tx("関係するデータ要素（%s）は通信の秘密に当たらない（データ目録による）",
			"Elements involved (%s) are not within the secrecy of communications, per the data inventory", classList(classes)))
	default:
		p.Secrecy = himitsu.Unknown
		// Without the inventory, the classes recorded on the incident are
		// the next best reading.
		if slices.ContainsFunc(in.Classes, himitsu.SecrecyClass.IsSecrecy) {
			secrecy = true
			p.Reasons = append(p.Reasons, tx("データセットは未記録だが、事故に通信の秘密の区分（%s）が記録されている",
				"No data set recorded, but the incident records classes within the secrecy of communications (%s)", classList(in.Classes)))
		} else if in.SecrecyInvolved.True() {
			secrecy = true
			p.Reasons = append(p.Reasons, tx("データセットは未記録だが、通信の秘密が関係すると記録されている",
				"No data set recorded, but the incident records that secrecy of communications is involved"))
		}
	}
	personal = personal || slices.Contains(in.Classes, himitsu.ClassPersonal) || in.PersonsAffected > 0

	outage := in.UsersAffected > 0 || in.DurationMinutes > 0 || in.EmergencyCalls.True() || in.CriticalFacility.True()
	exposed := in.PersonsAffected > 0
	for _, a := range in.Affected {
		exposed = exposed || a.Count > 0
	}
	var exported, readOnly bool
	for _, e := range f.AccessEvents {
		if e.Action.TakesOut() {
			exported = true
		} else if e.Action == himitsu.ActionRead || e.Action == himitsu.ActionQuery {
			readOnly = true
		}
	}
	insider := in.CauseCategory == himitsu.CauseEmployeeIntentional || in.CauseCategory == himitsu.CauseContractor
	if outage && !secrecy && !personal {
		p.Kind = himitsu.IncidentOutage
		p.Reasons = append(p.Reasons, tx("通信の停止又は品質低下の事実（利用者%d、%d分、緊急通報：%s、重要設備：%s）があり、情報の関係は記録されていない。重大な事故に当たるかは施行規則第58条の基準による",
			"Facts of a suspension or degradation (users %d, %d minutes, emergency calls: %s, critical facility: %s) and no information involved; whether it is a serious accident depends on the thresholds of Ordinance Art. 58",
			in.UsersAffected, in.DurationMinutes, in.EmergencyCalls, in.CriticalFacility))
		return p
	}
	if !secrecy && !personal {
		p.Kind = himitsu.IncidentSuspicion
		p.Reasons = append(p.Reasons, tx("関係するデータも停止の事実も記録されておらず、分類を提案できない。関係するデータセットを記録すること",
			"Neither the data involved nor a suspension is recorded, so no classification can be proposed; record the data sets involved"))
		return p
	}
	if !exposed && !in.ContainedAt.IsZero() && !exported {
		p.Kind = himitsu.IncidentNearMiss
		p.Reasons = append(p.Reasons, tx("封じ込め済みで、影響を受けた人数や件数も持ち出しの証跡も記録されていない（未然に防いだ事案）",
			"Contained, and neither persons or records affected nor an export in the evidence are recorded (stopped before harm)"))
		return p
	}
	if !secrecy {
		p.Kind = himitsu.IncidentPersonalDataLeak
		p.Reasons = append(p.Reasons, tx("個人情報は関係するが、通信の秘密は関係しない（個人情報保護法第26条の報告の要否を確認すること）",
			"Personal information is involved but the secrecy of communications is not (check the APPI Art. 26 report)"))
		return p
	}
	switch {
	case exported:
		p.Kind = himitsu.IncidentLeak
		p.Reasons = append(p.Reasons, tx("証跡のアクセス記録に持ち出し（エクスポート又は印刷）があり、通信の秘密が他者に渡った可能性がある（漏えい）",
			"The access events linked as evidence include an export or print: the secrecy may have reached others (leak)"))
	case insider && in.ImproperPurpose.True() && in.FinancialRisk.True():
		p.Kind = himitsu.IncidentUnauthorizedUse
		p.Reasons = append(p.Reasons, tx("内部の者が不当な目的で関与し、金銭的な被害のおそれがある：自己又は他人のために通信の秘密を利用した疑い（窃用）",
			"An insider acted for an improper purpose and misuse could cause financial damage: the secrecy was likely used for someone's ends (unauthorized use)"))
	case insider && in.ImproperPurpose.True() || insider && readOnly:
		p.Kind = himitsu.IncidentUnauthorizedObtaining
		why := tx("内部の者が不当な目的で関与した", "An insider acted for an improper purpose")
		if readOnly && !in.ImproperPurpose.True() {
			why = tx("内部の者の閲覧又は照会が証跡にある", "The evidence shows reads or queries by an insider")
		}
		p.Reasons = append(p.Reasons, himitsu.Text{
			JA: why.JA + "。業務上の必要なく通信の秘密を知った疑い（知得）。持ち出しの証跡はない",
			EN: why.EN + ": someone likely came to know the secrecy without a business need (unauthorized obtaining); no export in the evidence"})
	default:
		p.Kind = himitsu.IncidentLeak
		cause := string(in.CauseCategory)
		if cause == "" {
			cause = "unknown"
		}
		p.Reasons = append(p.Reasons, tx("通信の秘密が関係し、原因（%s）から、他者に渡ったと読むのが自然である（漏えい）",
			"The secrecy of communications is involved and the cause (%s) reads as it reaching others (leak)", cause))
	}
	if exposed {
		p.Reasons = append(p.Reasons, tx("影響を受けた人数又は件数が記録されている（%d人ほか）", "Persons or records affected are recorded (%d persons, and counts per data)", in.PersonsAffected))
	}
	return p
}
