package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// PhyAreaControl judges 5(3)(iii)i. Guidelines §5(3)(iii)i: the management
// of controlled areas (where systems handling secrecy run) and handling
// areas (where office work on secrecy is done) is inappropriate. The rule
// reads the areas' entry control and the entry log for unauthorised,
// unescorted entries.
func (ruleSet) PhyAreaControl() rule {
	return rule{
		ID:   "phy.area-control",
		Item: "5(3)(iii)i",
		Summary: tx("区域の入退管理が不十分、又は権限のない入室がある",
			"Areas lack entry control, or unauthorised entries occurred"),
		Indicated: "an area has `access_control` none or key (medium); or entries into a controlled area by a person not `authorised` and not `escorted` (medium)",
		AtRisk:    "—",
		Inputs:    inputs{Registers: []string{"areas", "attestations"}, Logs: []string{"entry_logs"}},
		Stream: func(e *env) any {
			return &unauthorisedEntryVisitor{e: e, s: e.sampler(), perArea: map[string]int{}, unknown: e.sampler()}
		},
		Run: phyAreaControl,
	}
}

func phyAreaControl(e *env) []outcome {
	if len(e.rec.Areas) == 0 {
		return e.ask(tx("区域が登録されていない", "No area is registered"), askAreas)
	}
	s := e.sampler()
	weak := 0
	for i := range e.rec.Areas {
		a := &e.rec.Areas[i]
		if a.AccessControl == himitsu.EntryNone || a.AccessControl == himitsu.EntryKey {
			weak++
			s.add("areas", a.ID, "kind", string(a.Kind), "access_control", string(a.AccessControl))
		}
	}
	v := visitorOf[*unauthorisedEntryVisitor](e, e.cur.ID)
	for _, x := range v.s.ev {
		s.put(x)
	}
	s.total += v.s.total
	unknown := e.askUnknown(v.unknown, tf("権限のない者の管理区域への入室%[1]d件について、同行者がいたかが記録されていない",
		"For %[1]d entries into controlled areas by people not authorised the records do not say whether they were escorted", v.unknown.total),
		tx("記録にない入室は、いずれも権限のある者が同行していたか。", "Were the entries whose records do not say so all escorted by an authorised person?"))
	if s.total > 0 {
		return append([]outcome{e.indicated(himitsu.SeverityMedium, s, tf(
			"入退管理が鍵又はなしの区域が%[1]d件、管理区域への権限も同行もない入室が%[2]d件ある（区域別：%[3]s）",
			"%[1]d areas are controlled by key or not at all, and %[2]d entries into controlled areas were by people neither authorised nor escorted (by area: %[3]s)",
			weak, v.s.total, orDash(topCounts(v.perArea, 5, nil))))}, unknown...)
	}
	if unknown != nil {
		return unknown
	}
	return []outcome{e.fine(tf("区域%[1]d件はいずれも鍵以外の方法で入退管理され、入退室記録%[2]d件に権限のない入室はない",
		"All %[1]d areas have entry control better than a key, and none of %[2]d entry log lines shows an unauthorised, unescorted entry", len(e.rec.Areas), e.ent.judged))}
}

// phy.area-control: entries into a controlled area by someone neither
// authorised nor escorted. Visitors are never on the authorised list.
type unauthorisedEntryVisitor struct {
	e       *env
	s       *sampler
	perArea map[string]int
	// unknown holds entries that would be unauthorised unless the person
	// was escorted, which the line does not say.
	unknown *sampler
}

func (v *unauthorisedEntryVisitor) visitEntry(l *himitsu.EntryLog, _ himitsu.Date) {
	a, ok := v.e.areas[l.Area]
	if !ok || a.Kind != himitsu.AreaControlled || l.Direction != himitsu.DirectionIn || l.Escorted.True() {
		return
	}
	if l.Person != "" {
		// Without an authorised list the records cannot tell who may enter.
		if len(a.Authorised) == 0 || v.e.authorised[a.ID][l.Person] {
			return
		}
	}
	if !l.Escorted.Known() {
		if v.unknown.accept("entry_logs", l.ID) {
			v.unknown.put(ev("entry_logs", l.ID, "area", l.Area, "person", l.Person, "visitor", l.Visitor, "at", ts(l.At), "unknown", "escorted"))
		}
		return
	}
	v.perArea[l.Area]++
	if v.s.accept("entry_logs", l.ID) {
		v.s.put(ev("entry_logs", l.ID, "area", l.Area, "person", l.Person, "visitor", l.Visitor,
			"at", ts(l.At), "escorted", "false"))
	}
}
