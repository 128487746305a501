package assess

import (
	"fmt"
	"slices"
	"sort"

	"github.com/himitsu-oss/himitsu"
)

// CmpDeskChannels judges 5(4)iv. Guidelines §5(4)iv: the desk's hours and
// means (telephone, mail, fax, e-mail, …) do not suit the diversity of
// users, so its reception of secrecy complaints is insufficient.
func (ruleSet) CmpDeskChannels() rule {
	return rule{
		ID:   "cmp.desk-channels",
		Item: "5(4)iv",
		Summary: tx("窓口の手段が少ない、書面の手段がない、又は受付時間が短い",
			"Too few desk channels, no written channel, or short opening hours"),
		Indicated: "the desk has fewer than 2 channel kinds, or no written channel (email, web, mail, fax, chat) (medium)",
		AtRisk:    "weekly opening hours of all channels together < 40 (opt)",
		Inputs:    inputs{Registers: []string{"attestations", "desk"}},
		Run:       cmpDeskChannels,
	}
}

func cmpDeskChannels(e *env) []outcome {
	d := &e.rec.Desk
	if len(d.Channels) == 0 {
		return e.ask(tx("窓口の受付手段が登録されていない", "No desk channel is registered"),
			tx("苦情・相談窓口は、電話に加えて書面で残る手段（メール、ウェブフォーム、郵便、FAX等）を備え、合わせて週40時間以上受け付けているか。",
				"Does the complaint desk offer, besides the phone, a written channel (email, web form, mail, fax, …), open together at least 40 hours a week?"))
	}
	kinds := map[himitsu.Channel]bool{}
	written := false
	hours := 0.0
	for i := range d.Channels {
		c := &d.Channels[i]
		kinds[c.Kind] = true
		written = written || slices.Contains(writtenChannels, c.Kind)
		hours += c.WeeklyHours()
	}
	var names []string
	for k := range kinds {
		names = append(names, string(k))
	}
	sort.Strings(names)
	if len(kinds) < 2 || !written {
		s := e.sampler()
		s.add("desk", e.rec.Carrier.ID, "channel_kinds", join(names), "written_channel", yesNo(written))
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tf("窓口の受付手段は%[1]d種類（%[2]s）で、2種類未満であるか書面で残る手段がない",
			"The desk has %[1]d channel kinds (%[2]s): fewer than two, or no written channel", len(kinds), join(names)))}
	}
	if hours < e.th.DeskMinWeeklyHours {
		s := e.sampler()
		s.add("desk", e.rec.Carrier.ID, "weekly_hours", fmt.Sprintf("%.1f", hours), "minimum", fmt.Sprintf("%.0f", e.th.DeskMinWeeklyHours))
		return []outcome{e.atRisk(s, tf("窓口の受付時間は全手段合計で週%.1[1]f時間であり、%.0[2]f時間に満たない",
			"The desk's channels are open %.1[1]f hours a week together, less than %.0[2]f", hours, e.th.DeskMinWeeklyHours))}
	}
	return []outcome{e.fine(tf("窓口は%[1]d種類の手段（%[2]s）を備え、週%.1[3]f時間受け付けている",
		"The desk offers %[1]d channel kinds (%[2]s), open %.1[3]f hours a week", len(kinds), join(names), hours))}
}
