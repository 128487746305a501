package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// PhyEntryRecords judges 5(3)(iii)ii. Guidelines §5(3)(iii)ii: equipment
// is managed inappropriately, for example the entry and exit records of
// machine rooms are neglected. The rule reads whether controlled areas
// keep entry records, and whether any exist.
func (ruleSet) PhyEntryRecords() rule {
	return rule{
		ID:   "phy.entry-records",
		Item: "5(3)(iii)ii",
		Summary: tx("管理区域の入退室記録がない",
			"A controlled area keeps no entry records"),
		Indicated: "a controlled area has no `entry_log` (medium)",
		AtRisk:    "a controlled area with `entry_log` has no entry log line in the last 90 days",
		Inputs:    inputs{Registers: []string{"areas", "attestations"}, Logs: []string{"entry_logs"}},
		Stream: func(e *env) any {
			return &entryRecordsVisitor{e: e, last: map[string]himitsu.Date{}, lines: map[string]int{}}
		},
		Run: phyEntryRecords,
	}
}

func phyEntryRecords(e *env) []outcome {
	if len(e.rec.Areas) == 0 {
		return e.ask(tx("区域が登録されていない", "No area is registered"), askAreas)
	}
	s, r, u := e.sampler(), e.sampler(), e.sampler()
	controlled := 0
	for i := range e.rec.Areas {
		a := &e.rec.Areas[i]
		if a.Kind != himitsu.AreaControlled {
			continue
		}
		controlled++
		last := visitorOf[*entryRecordsVisitor](e, e.cur.ID).last[a.ID]
		switch {
		case a.EntryLog.False():
			s.add("areas", a.ID, "entry_log", "false", "name", a.Name)
		case !a.EntryLog.Known() && !e.within(last, entryLogWindowDays):
			// No log lines and no record of whether entries are kept.
			u.add("areas", a.ID, "name", a.Name, "last_entry_line", orDash(last.String()), "unknown", "entry_log")
		case !e.within(last, entryLogWindowDays):
			r.add("areas", a.ID, "entry_log", "true", "last_entry_line", orDash(last.String()), "window_days", itoa(entryLogWindowDays))
		}
	}
	if controlled == 0 {
		return e.notApplicable(tx("管理区域（サーバ室等）が登録されていない", "No controlled area (server room) is registered"))
	}
	var out []outcome
	if s.total > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf("管理区域%[1]d件中%[2]d件で入退室を記録していない",
			"Controlled areas keeping no entry records: %[2]d of %[1]d", controlled, s.total)))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("入退室記録があるとされる管理区域%[1]d件に、過去%[2]d日の記録が1件もない",
			"%[1]d controlled areas said to keep entry records have no entry line in the last %[2]d days", r.total, entryLogWindowDays)))
	}
	out = append(out, e.askUnknown(u, tf("管理区域%[1]d件について、入退室を記録しているかが記録されていない",
		"For %[1]d controlled areas the records do not say whether entries are recorded", u.total),
		tx("記録にない管理区域では、入退室を記録しているか。", "Do the controlled areas whose records do not say so keep entry records?"))...)
	if len(out) == 0 {
		out = append(out, e.fine(tf("管理区域%[1]d件はいずれも入退室を記録し、過去%[2]d日の記録がある",
			"All %[1]d controlled areas keep entry records, with lines in the last %[2]d days", controlled, entryLogWindowDays)))
	}
	return out
}

// phy.entry-records: the last line and the number of lines per area.
type entryRecordsVisitor struct {
	e     *env
	last  map[string]himitsu.Date
	lines map[string]int
}

func (v *entryRecordsVisitor) visitEntry(l *himitsu.EntryLog, day himitsu.Date) {
	if _, ok := v.e.areas[l.Area]; !ok {
		return
	}
	v.lines[l.Area]++
	if day.After(v.last[l.Area]) {
		v.last[l.Area] = day
	}
}
