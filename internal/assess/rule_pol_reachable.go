package assess

import (
	"github.com/himitsu-oss/himitsu"
)

// PolReachable judges 5(1)ii. Guidelines §5(1)ii: the means of reaching
// the policies are insufficient. A carrier with no public privacy or
// secrecy policy at all is the case itself; a policy with no address, or
// buried more than a few clicks deep, is a weakness.
func (ruleSet) PolReachable() rule {
	return rule{
		ID:   "pol.reachable",
		Item: "5(1)ii",
		Summary: tx("公開のプライバシーポリシー・通信の秘密の方針がない、又は到達しにくい",
			"No public privacy or secrecy policy, or one that is hard to reach"),
		Indicated: "no public privacy-policy or secrecy-policy at all (medium)",
		AtRisk:    "such a policy has no URL or `clicks_from_top` > 2 (opt)",
		Inputs:    inputs{Registers: []string{"attestations", "policies"}},
		Run:       polReachable,
	}
}

func polReachable(e *env) []outcome {
	if len(e.rec.Policies) == 0 {
		return e.ask(tx("方針の台帳が空である", "The policy register is empty"),
			tx("プライバシーポリシー又は通信の秘密の取扱方針をウェブサイトで公表しており、トップページから2回以内の操作で到達できるか。",
				"Does the carrier publish a privacy policy or secrecy policy on its website, reachable within two clicks from the top page?"))
	}
	var public []*himitsu.Policy
	s, u := e.sampler(), e.sampler()
	for i := range e.rec.Policies {
		p := &e.rec.Policies[i]
		if p.Kind != himitsu.PolicyPrivacy && p.Kind != himitsu.PolicySecrecy {
			continue
		}
		switch {
		case p.Public.True():
			public = append(public, p)
		case p.Public.False():
			s.add("policies", p.ID, "kind", string(p.Kind), "public", "false")
		default:
			u.add("policies", p.ID, "kind", string(p.Kind), "unknown", "public")
		}
	}
	if len(public) == 0 && u.total > 0 {
		// Whether any policy is public is not on record: ask, do not find.
		return e.askUnknown(u, tf("プライバシーポリシー又は通信の秘密の取扱方針%[1]d件が公表されているかが記録されていない",
			"For %[1]d privacy or secrecy policies the records do not say whether they are published", u.total),
			tx("記録にある方針は公表されており、トップページから2回以内の操作で到達できるか。", "Are these policies published, within two clicks of the top page?"))
	}
	if len(public) == 0 {
		if s.total == 0 {
			s.add("carrier", e.rec.Carrier.ID, "public_privacy_or_secrecy_policies", "0")
		}
		return []outcome{e.indicated(himitsu.SeverityMedium, s, tx(
			"公開されたプライバシーポリシーも通信の秘密の取扱方針もない",
			"There is no public privacy policy or secrecy policy at all"))}
	}
	r := e.sampler()
	for _, p := range public {
		if p.URL == "" || p.ClicksFromTop > e.th.PolicyMaxClicks {
			r.add("policies", p.ID, "url", p.URL, "clicks_from_top", itoa(p.ClicksFromTop))
		}
	}
	if r.total > 0 {
		return []outcome{e.atRisk(r, tf("公開の方針%[1]d件中%[2]d件にURLがない、又はトップページから%[3]d回を超える操作を要する",
			"%[2]d of %[1]d public policies have no URL or take more than %[3]d clicks from the top page", len(public), r.total, e.th.PolicyMaxClicks))}
	}
	return []outcome{e.fine(tf("公開の方針%[1]d件はURLがあり、トップページから%[2]d回以内で到達できる",
		"%[1]d public policies have a URL and are within %[2]d clicks of the top page", len(public), e.th.PolicyMaxClicks))}
}
