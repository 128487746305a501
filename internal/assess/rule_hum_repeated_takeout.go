package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// HumRepeatedTakeout judges 5(3)(ii)ii. Guidelines §5(3)(ii)ii: employees
// repeatedly took business terminals that handle secrecy out against
// company rules, and the carrier, aware of it, let it pass. Both
// repetition and awareness without action are needed.
func (ruleSet) HumRepeatedTakeout() rule {
	return rule{
		ID:   "hum.repeated-takeout",
		Item: "5(3)(ii)ii",
		Summary: tx("無承認の端末持出しの繰返しを把握しながら放置している",
			"Repeated unapproved terminal take-outs were noticed and left alone"),
		Indicated: "a person took out terminals that handle secrecy without approval ≥ 3 times (opt) within 365 days, at least one was `noticed`, and no `action_taken` (medium)",
		AtRisk:    "2 or more unapproved take-outs",
		Inputs:    inputs{Registers: []string{"attestations", "takeouts"}},
		Run:       humRepeatedTakeout,
	}
}

func humRepeatedTakeout(e *env) []outcome {
	if len(e.rec.Takeouts) == 0 {
		return e.ask(tx("端末の持出しの記録がない", "No terminal take-out is recorded"),
			tx("業務用端末の持出しは承認制で記録されており、無承認の持出しを把握した場合は必ず対処しているか。",
				"Are take-outs of business terminals approved and recorded, and is every unapproved take-out the carrier notices acted upon?"))
	}
	type tally struct {
		ids                           []string
		noticed, maybeNoticed, action bool
	}
	per := map[string]*tally{}
	u := e.sampler()
	for i := range e.rec.Takeouts {
		t := &e.rec.Takeouts[i]
		if t.HandlesSecrecy.False() || t.Approved.True() || !e.within(himitsu.DateOf(t.TakenAt), takeoutWindowDays) {
			continue
		}
		if unk := unknownOf(fact{"handles_secrecy", t.HandlesSecrecy}, fact{"approved", t.Approved}); unk != "" {
			u.add("takeouts", t.ID, "person", t.Person, "unknown", unk)
			continue
		}
		c := per[t.Person]
		if c == nil {
			c = &tally{}
			per[t.Person] = c
		}
		c.ids = append(c.ids, t.ID)
		c.noticed = c.noticed || t.Noticed.True()
		c.maybeNoticed = c.maybeNoticed || !t.Noticed.Known()
		c.action = c.action || t.ActionTaken != ""
	}
	s, r := e.sampler(), e.sampler()
	var people, riskPeople []string
	for pid, c := range per {
		switch {
		case len(c.ids) >= e.th.TakeoutRepeat && c.noticed && !c.action:
			people = append(people, pid)
			for _, id := range c.ids {
				s.add("takeouts", id, "person", pid, "unapproved_in_year", itoa(len(c.ids)), "noticed", "true", "action_taken", "none")
			}
		case len(c.ids) >= e.th.TakeoutRepeat && c.maybeNoticed && !c.action:
			for _, id := range c.ids {
				u.add("takeouts", id, "person", pid, "unapproved_in_year", itoa(len(c.ids)), "unknown", "noticed")
			}
		case len(c.ids) >= 2:
			riskPeople = append(riskPeople, pid)
			for _, id := range c.ids {
				r.add("takeouts", id, "person", pid, "unapproved_in_year", itoa(len(c.ids)))
			}
		}
	}
	var out []outcome
	if len(people) > 0 {
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"%[1]d人（%[2]s）が過去1年に無承認で端末を%[3]d回以上持ち出し、把握されながら対処されていない",
			"People who took out terminals without approval %[3]d or more times in a year, noticed and left alone: %[1]d (%[2]s)",
			len(people), list(people, 5), e.th.TakeoutRepeat)))
	}
	if len(riskPeople) > 0 {
		out = append(out, e.atRisk(r, tf("%[1]d人（%[2]s）が過去1年に2回以上無承認で端末を持ち出している",
			"People who took out terminals without approval twice or more in a year: %[1]d (%[2]s)", len(riskPeople), list(riskPeople, 5))))
	}
	out = append(out, e.askUnknown(u, tf("端末の持出し%[1]d件について、承認、通信の秘密の取扱い又は把握の有無が記録されていない",
		"For %[1]d terminal take-outs the records do not say whether they were approved, could handle secrecy, or were noticed", u.total),
		tx("記録にない持出しに、無承認の持出しの繰返しを把握しながら放置したものはないか。", "Among the take-outs whose records do not say so, was no repeated unapproved take-out noticed and left alone?"))...)
	if len(out) == 0 {
		out = append(out, e.fine(tf("持出し%[1]d件に、無承認の持出しの繰返しはない", "No repeated unapproved take-out among %[1]d take-outs", len(e.rec.Takeouts))))
	}
	return out
}
