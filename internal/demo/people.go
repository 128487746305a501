package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// grantSpec is one access a team member holds; weight is how busy the
// grant keeps its holder in the access log.
type grantSpec struct {
	ds      string
	scope   himitsu.GrantScope
	purpose string
	weight  int
}

// team is a unit whose members share employer, kind and access.
type team struct {
	key, unit, org string
	n, leavers     int  // members still engaged on AsOf, and members who left
	weight         int  // how busy the members are in the access log
	night          bool // also works nights (the network operations centre)
	kind           func(i int) himitsu.PersonKind
	role           func(i int) string
	grants         func(i int) []grantSpec
	// machineRooms lists the controlled areas member i is authorised for.
	machineRooms func(i int) []string
	area         string // the handling area the members work in
}

// personInfo is what the generator remembers about a person beyond the record.
type personInfo struct {
	idx    int // index in Records.Persons
	id     string
	t      *team
	rep, i int
	joined himitsu.Date
	left   himitsu.Date
	unit   string
	// moved: transferred out of the billing centre in the reorganisation.
	moved   bool
	grants  []int // indices in Records.Grants
	weights []int // how busy each grant keeps the person
}

func (p *personInfo) activeOn(d himitsu.Date) bool {
	return !d.Before(p.joined) && (p.left.IsZero() || d.Before(p.left))
}

const (
	unitNetDivision = "ネットワーク本部 (Network Division)"
	unitSales       = "営業推進部 (Sales Promotion)"
	roleHead        = "部長 (Head of unit)"
	roleStaff       = "担当 (Staff)"
	roleSenior      = "主任 (Senior staff)"
)

func constKind(k himitsu.PersonKind) func(int) himitsu.PersonKind {
	return func(int) himitsu.PersonKind { return k }
}

func headThenStaff(head string) func(int) string {
	return func(i int) string {
		if i == 0 {
			return head
		}
		return roleStaff
	}
}

func none(int) []grantSpec { return nil }
func noRooms(int) []string { return nil }
func gs(ds string, s himitsu.GrantScope, p string, w int) grantSpec {
	return grantSpec{ds: ds, scope: s, purpose: p, weight: w}
}

// teams returns the workforce at scale 1. Member order matters: the
// generator picks planted people by team and index.
func teams() []*team {
	emp := constKind("employee")
	staff := constKind("contractor-staff")
	return []*team{
		{key: "board", unit: "取締役会 (Board)", org: orgAoba, n: 6, kind: func(i int) himitsu.PersonKind {
			if i == 5 {
				return "auditor"
			}
			return "director"
		}, role: func(i int) string {
			switch i {
			case 0:
				return "代表取締役社長 (President)"
			case 5:
				return "監査役 (Auditor)"
			}
			return "取締役 (Director)"
		}, grants: none, machineRooms: noRooms},
		{key: "planning", unit: "経営企画部 (Corporate Planning)", org: orgAoba, n: 6, kind: emp, role: headThenStaff(roleHead), grants: none, machineRooms: noRooms},
		{key: "general", unit: "総務部 (General Affairs)", org: orgAoba, n: 9, kind: func(i int) himitsu.PersonKind {
			if i%3 == 2 {
				return "part-timer"
			}
			return "employee"
		}, role: headThenStaff(roleHead), grants: none, machineRooms: noRooms},
		{key: "hr", unit: "人事部 (Human Resources)", org: orgAoba, n: 5, kind: emp, role: headThenStaff(roleHead), grants: none, machineRooms: noRooms},
		{key: "legal", unit: "法務・コンプライアンス部 (Legal and Compliance)", org: orgAoba, n: 6, weight: 1, kind: emp,
			role:   headThenStaff("通信の秘密管理責任者 (Secrecy officer)"),
			grants: func(int) []grantSpec { return []grantSpec{gs(dsTickets, "read", purComplaint, 1)} }, machineRooms: noRooms},
		{key: "security", unit: "情報セキュリティ室 (Information Security Office)", org: orgAoba, n: 6, weight: 1, kind: emp,
			role: headThenStaff("CISO"),
			grants: func(int) []grantSpec {
				return []grantSpec{gs(dsCDR, "read", purNetops, 1), gs(dsRADIUS, "read", purNetops, 1), gs(dsCGNAT, "read", purNetops, 1),
					gs(dsDNS, "read", purNetops, 1), gs(dsGTP, "read", purNetops, 1)}
			},
			machineRooms: func(int) []string { return []string{areaMRSendai, areaMRMorioka} }},
		{key: "audit", unit: "内部監査室 (Internal Audit)", org: orgAoba, n: 3, kind: emp, role: headThenStaff(roleHead), grants: none, machineRooms: noRooms},
		{key: "noc", unit: "ネットワーク運用部 (Network Operations)", org: orgAoba, n: 20, leavers: 1, weight: 2, night: true,
			kind: func(i int) himitsu.PersonKind {
				if i%6 == 5 {
					return "dispatched"
				}
				return "employee"
			}, role: func(i int) string {
				switch {
				case i == 0:
					return roleHead
				case i < 7:
					return roleSenior
				}
				return roleStaff
			}, grants: func(i int) []grantSpec {
				switch {
				case i < 4:
					return []grantSpec{gs(dsDNS, "export", purNetops, 2), gs(dsCGNAT, "export", purNetops, 2), gs(dsRADIUS, "read", purNetops, 2),
						gs(dsGTP, "read", purNetops, 1), gs(dsLocation, "read", purNetops, 1)}
				case i < 7:
					return []grantSpec{gs(dsDNS, "admin", purNetops, 2), gs(dsRADIUS, "admin", purNetops, 2), gs(dsCGNAT, "read", purNetops, 1),
						gs(dsGTP, "read", purNetops, 1)}
				}
				return []grantSpec{gs(dsDNS, "read", purNetops, 2), gs(dsCGNAT, "read", purNetops, 1), gs(dsRADIUS, "read", purNetops, 2),
					gs(dsGTP, "read", purNetops, 1), gs(dsLocation, "read", purNetops, 1)}
			}, machineRooms: func(i int) []string {
				if i < 8 {
					return []string{areaMRSendai, areaMRMorioka}
				}
				if i < 12 {
					return []string{areaMRSendai}
				}
				return nil
			}},
		{key: "neteng", unit: "ネットワーク技術部 (Network Engineering)", org: orgAoba, n: 14, leavers: 1, weight: 2,
			kind: emp, role: headThenStaff(roleHead), grants: func(i int) []grantSpec {
				cdr := gs(dsCDR, "read", purNetops, 2)
				if i < 2 {
					cdr.scope = "admin"
				}
				return []grantSpec{cdr, gs(dsSMS, "read", purNetops, 1), gs(dsGTP, "read", purNetops, 2)}
			}, machineRooms: func(int) []string { return []string{areaMRSendai} }},
		{key: "dev", unit: "システム開発部 (System Development)", org: orgAoba, n: 14, leavers: 1, weight: 1,
			kind: emp, role: headThenStaff(roleHead), grants: func(i int) []grantSpec {
				switch {
				case i < 4:
					return []grantSpec{gs(dsBilling, "admin", purBilling, 2)}
				case i < 8:
					return []grantSpec{gs(dsTickets, "admin", purComplaint, 1), gs(dsSubs, "admin", purComplaint, 1)}
				}
				return nil
			}, machineRooms: noRooms, area: ""},
		{key: "billing", unit: "料金センター (Billing Centre)", org: orgAoba, n: 22, leavers: 2, weight: 3,
			kind: func(i int) himitsu.PersonKind {
				switch {
				case i%11 == 5:
					return "dispatched"
				case i%4 == 3:
					return "part-timer"
				}
				return "employee"
			}, role: headThenStaff(roleHead), grants: func(int) []grantSpec {
				return []grantSpec{gs(dsBilling, "export", purBilling, 4), gs(dsCDR, "read", purCharging, 2), gs(dsSMS, "read", purCharging, 1),
					gs(dsGTP, "read", purCharging, 1), gs(dsSubs, "read", purBilling, 2)}
			}, machineRooms: noRooms, area: areaBilling},
		{key: "support", unit: "カスタマーサポート部 (Customer Support)", org: orgAoba, n: 20, leavers: 2, weight: 3,
			kind: func(i int) himitsu.PersonKind {
				switch {
				case i < 8:
					return "employee"
				case i < 14:
					return "contract-employee"
				}
				return "dispatched"
			}, role: func(i int) string {
				switch {
				case i == 0:
					return roleHead
				case i < 5:
					return "スーパーバイザー (Supervisor)"
				}
				return "オペレーター (Agent)"
			}, grants: func(i int) []grantSpec {
				tickets := gs(dsTickets, "read", purComplaint, 4)
				if i < 5 {
					tickets.scope = "export" // supervisors print tickets for the escalation file
				}
				return []grantSpec{tickets, gs(dsSubs, "read", purComplaint, 3), gs(dsCDR, "read", purComplaint, 1),
					gs(dsSMS, "read", purComplaint, 1), gs(dsBilling, "read", purComplaint, 2)}
			}, machineRooms: noRooms, area: areaCallCtr},
		{key: "fraud", unit: "不正利用対策室 (Fraud Prevention)", org: orgAoba, n: 6, weight: 2, kind: emp, role: headThenStaff(roleHead),
			grants: func(int) []grantSpec {
				return []grantSpec{gs(dsCDR, "export", purFraud, 2), gs(dsSMS, "export", purFraud, 1), gs(dsGTP, "export", purFraud, 1),
					gs(dsCGNAT, "export", purFraud, 1), gs(dsSubs, "read", purFraud, 1)}
			}, machineRooms: noRooms},
		{key: "marketing", unit: "マーケティング部 (Marketing)", org: orgAoba, n: 9, leavers: 1, weight: 2, kind: emp, role: headThenStaff(roleHead),
			grants: func(i int) []grantSpec {
				g := []grantSpec{gs(dsGTP, "read", purMarketing, 2), gs(dsBilling, "read", purMarketing, 2)}
				if i < 4 {
					g = append(g, gs(dsLocation, "read", purLocation, 2))
				}
				return g
			}, machineRooms: noRooms},
		{key: "sales", unit: unitSales, org: orgAoba, n: 10, kind: emp, role: headThenStaff(roleHead), grants: none, machineRooms: noRooms},
		{key: "pr", unit: "広報部 (Public Relations)", org: orgAoba, n: 3, kind: emp, role: headThenStaff(roleHead), grants: none, machineRooms: noRooms},
		{key: "cc", unit: "コールセンター運営部 (Contact Centre Operations)", org: orgCC, n: 85, leavers: 6, weight: 3, kind: staff,
			role: func(i int) string {
				if i < 8 {
					return "スーパーバイザー (Supervisor)"
				}
				return "オペレーター (Agent)"
			}, grants: func(int) []grantSpec {
				return []grantSpec{gs(dsTickets, "read", purComplaint, 4), gs(dsSubs, "read", purComplaint, 4), gs(dsCDR, "read", purComplaint, 1),
					gs(dsSMS, "read", purComplaint, 1), gs(dsBilling, "read", purComplaint, 2)}
			}, machineRooms: noRooms, area: areaCallCtr},
		{key: "nocx", unit: "運用監視課 (NOC monitoring)", org: orgNOC, n: 24, leavers: 2, weight: 2, night: true, kind: staff,
			role: func(int) string { return "運用監視員 (Monitoring operator)" }, grants: func(int) []grantSpec {
				return []grantSpec{gs(dsRADIUS, "read", purNetops, 2), gs(dsCGNAT, "read", purNetops, 2), gs(dsDNS, "read", purNetops, 2),
					gs(dsGTP, "read", purNetops, 1)}
			}, machineRooms: func(i int) []string {
				if i < 6 {
					return []string{areaMRSendai, areaMRMorioka}
				}
				return nil
			}},
		{key: "sub", unit: "保守課 (Maintenance)", org: orgSub, n: 9, weight: 1, kind: staff,
			role: func(int) string { return "保守員 (Maintenance engineer)" }, grants: func(int) []grantSpec {
				return []grantSpec{gs(dsRADIUS, "read", purNetops, 1), gs(dsDNS, "read", purNetops, 1)}
			}, machineRooms: func(i int) []string {
				if i < 5 {
					return []string{areaMRSendai, areaMRMorioka}
				}
				return nil
			}},
	}
}

// Days of the workforce calendar, relative to AsOf.
const (
	reviewDay     = -250 // the annual access review
	roleChangeDay = -60
	projectEndDay = -90
	leaverPlanted = -62 // the day the planted leaver left
)

// people writes persons, grants, org changes, accounts, training and take-outs.
func (g *gen) people() {
	r := g.rand("people")
	for _, t := range teams() {
		for rep := range g.reps {
			for i := range t.n + t.leavers {
				g.newPerson(r, t, rep, i)
			}
		}
	}
	g.reorganise(r)
	for _, p := range g.persons {
		if !p.left.IsZero() {
			from := p.t.unit
			if p.left.After(g.reorgOn) {
				from = p.unit
			}
			g.orgChange(p, "leave", from, "", p.left)
		}
	}
	g.roleChanges()
	g.projectEnds()
	officer := g.byKey["legal"][0].id
	for i := range g.rec.Grants {
		g.rec.Grants[i].Approver = officer
	}
	g.accounts()
	g.training(r)
	g.takeouts(r)
	g.governance(r)
}

func (g *gen) newPerson(r *rand.Rand, t *team, rep, i int) {
	p := &personInfo{idx: len(g.rec.Persons), id: fmt.Sprintf("p-%05d", len(g.rec.Persons)+1), t: t, rep: rep, i: i, unit: t.unit}
	kind := t.kind(i)
	years := 1.2 + r.Float64()*20
	switch kind {
	case "contract-employee", "part-timer", "dispatched", "contractor-staff":
		years = 1.1 + r.Float64()*5
	case "director", "auditor":
		years = 6 + r.Float64()*20
	}
	p.joined = g.day(-int(years * 365))
	leaver := i >= t.n
	switch {
	case leaver && t.key == "neteng" && rep == 0:
		p.left = g.day(leaverPlanted)
	case leaver:
		p.left = g.day(-20 - r.IntN(320))
	case i >= 10 && (i*7+rep)%13 == 4 && t.key != "board":
		// A newcomer of this year.
		p.joined = g.day(-60 - r.IntN(270))
	}
	if (t.key == "noc" || t.key == "neteng") && !p.joined.Before(g.reorgOn) {
		p.unit = unitNetDivision // joined after the merger
	}
	g.persons = append(g.persons, p)
	g.byKey[t.key] = append(g.byKey[t.key], p)
	g.rec.Persons = append(g.rec.Persons, himitsu.Person{
		ID: p.id, Name: personName(p.idx), Kind: kind, Employer: t.org, Unit: p.unit, Role: t.role(i),
		JoinedOn: p.joined, LeftOn: p.left,
	})
	if p.joined.After(g.day(-365)) {
		g.orgChange(p, "joined", "", p.unit, p.joined)
	}
	// Grants start a few days after joining (after the induction training),
	// or at the 2022 identity migration for long-serving staff.
	start := p.joined.AddDays(5)
	if migrated := g.day(-1500 + r.IntN(200)); start.Before(migrated) {
		start = migrated
	}
	for _, s := range t.grants(i) {
		gr := himitsu.Grant{ID: g.grantID(), Person: p.id, DataSet: s.ds, Scope: s.scope, Purpose: s.purpose, GrantedOn: start}
		if rv := g.day(reviewDay + r.IntN(10)); gr.GrantedOn.Before(rv) && (p.left.IsZero() || rv.Before(p.left)) {
			gr.ReviewedOn = rv
		}
		if !p.left.IsZero() && !(t.key == "neteng" && rep == 0 && s.ds == dsCDR) {
			gr.RevokedOn = p.left
		}
		p.grants = append(p.grants, len(g.rec.Grants))
		p.weights = append(p.weights, s.weight)
		g.rec.Grants = append(g.rec.Grants, gr)
	}
}

func (g *gen) grantID() string {
	g.grantN++
	return fmt.Sprintf("g-%06d", g.grantN)
}

func (g *gen) orgChange(p *personInfo, kind himitsu.OrgChangeKind, from, to string, on himitsu.Date) *himitsu.OrgChange {
	g.rec.OrgChanges = append(g.rec.OrgChanges, himitsu.OrgChange{
		ID: fmt.Sprintf("oc-%05d", len(g.rec.OrgChanges)+1), Person: p.id, Kind: kind, FromUnit: from, ToUnit: to, EffectiveOn: on,
	})
	return &g.rec.OrgChanges[len(g.rec.OrgChanges)-1]
}

// throughout reports whether p was engaged for the whole log window and still is.
func (g *gen) throughout(p *personInfo) bool {
	return !p.joined.After(g.winStart) && p.left.IsZero()
}

// reorganise merges the two network units into the Network Division and
// moves eight billing-centre staff per workforce replica into sales.
// Network staff keep their work, so their grants are reviewed after the
// change; the movers' grants are revoked, except (planted) the CDR grants
// of six movers of the first replica.
func (g *gen) reorganise(r *rand.Rand) {
	for _, key := range []string{"noc", "neteng"} {
		for _, p := range g.byKey[key] {
			if !p.joined.Before(g.reorgOn) || !p.activeOn(g.reorgOn) {
				continue
			}
			g.orgChange(p, "reorganisation", p.t.unit, unitNetDivision, g.reorgOn)
			p.unit = unitNetDivision
			g.rec.Persons[p.idx].Unit = unitNetDivision
			for _, gi := range p.grants {
				gr := &g.rec.Grants[gi]
				if gr.GrantedOn.Before(g.reorgOn) && gr.ActiveOn(g.reorgOn) {
					gr.ReviewedOn = g.reorgOn.AddDays(3 + r.IntN(20))
				}
			}
		}
	}
	moved := map[int]int{}
	var stale []string
	for _, p := range g.byKey["billing"] {
		if p.i == 0 || !p.left.IsZero() || !p.joined.Before(g.reorgOn.AddDays(-30)) || moved[p.rep] == 8 {
			continue
		}
		moved[p.rep]++
		keepCDR := p.rep == 0 && moved[p.rep] <= 6
		g.orgChange(p, "reorganisation", p.t.unit, unitSales, g.reorgOn)
		p.unit, p.moved = unitSales, true
		g.rec.Persons[p.idx].Unit = unitSales
		for _, gi := range p.grants {
			gr := &g.rec.Grants[gi]
			if keepCDR && gr.DataSet == dsCDR {
				stale = append(stale, gr.ID)
				continue
			}
			gr.RevokedOn = g.reorgOn
		}
	}
	g.plant(Weakness{Rule: "tech.stale-grants", Item: "5(3)(iv)iii", Register: "grants", IDs: stale,
		Description: himitsu.Text{
			JA: "組織再編で料金センターから営業推進部へ異動した6名の音声通話記録への権限が、取消しも見直しもされず有効のまま。",
			EN: "Six people moved from the billing centre to sales in the reorganisation still hold their grants to the voice CDR, neither revoked nor reviewed.",
		}})
}

// roleChanges promotes two operators per replica; their grants are
// reviewed and they receive an export grant.
func (g *gen) roleChanges() {
	for _, p := range g.byKey["noc"] {
		if p.i != 8 && p.i != 9 {
			continue
		}
		on := g.day(roleChangeDay)
		c := g.orgChange(p, "role-change", p.unit, p.unit, on)
		c.FromRole, c.ToRole = roleStaff, roleSenior
		g.rec.Persons[p.idx].Role = roleSenior
		for _, gi := range p.grants {
			if gr := &g.rec.Grants[gi]; gr.ActiveOn(on) {
				gr.ReviewedOn = on.AddDays(4)
			}
		}
		p.grants = append(p.grants, len(g.rec.Grants))
		p.weights = append(p.weights, 1)
		g.rec.Grants = append(g.rec.Grants, himitsu.Grant{ID: g.grantID(), Person: p.id, DataSet: dsCGNAT, Scope: "export",
			Purpose: purNetops, GrantedOn: on.AddDays(1)})
	}
}

// projectEnds gives three monitoring operators per replica a project grant
// that expired when the project ended.
func (g *gen) projectEnds() {
	start, end := g.day(-300), g.day(projectEndDay)
	for _, p := range g.byKey["nocx"] {
		if p.i < 10 || p.i > 12 || !p.joined.AddDays(5).Before(start) || !p.left.IsZero() {
			continue
		}
		// The remaining grants were re-examined when the project ended.
		for _, gi := range p.grants {
			if gr := &g.rec.Grants[gi]; gr.ActiveOn(end) {
				gr.ReviewedOn = end.AddDays(3)
			}
		}
		p.grants = append(p.grants, len(g.rec.Grants))
		p.weights = append(p.weights, 1)
		g.rec.Grants = append(g.rec.Grants, himitsu.Grant{ID: g.grantID(), Person: p.id, DataSet: dsLocation, Scope: "read",
			Purpose: purNetops, GrantedOn: start, ExpiresOn: end})
		c := g.orgChange(p, "project-end", p.unit, p.unit, end.AddDays(1))
		c.FromRole, c.ToRole = "5G SA移行プロジェクト (5G SA migration project)", roleStaff
	}
}

// accounts gives every person an intranet login and one named login per
// system they hold grants on, plus the carrier's three shared logins.
func (g *gen) accounts() {
	for _, p := range g.persons {
		acc := himitsu.Account{ID: p.id + "@" + sysIntranet, System: sysIntranet, Person: p.id, MFA: himitsu.Yes, CreatedOn: p.joined, DisabledOn: p.left}
		g.rec.Accounts = append(g.rec.Accounts, acc)
		bySys := map[string][]int{}
		var systems []string
		for _, gi := range p.grants {
			sys := g.dsByID[g.rec.Grants[gi].DataSet].System
			if bySys[sys] == nil {
				systems = append(systems, sys)
			}
			bySys[sys] = append(bySys[sys], gi)
		}
		for _, sys := range systems {
			a := himitsu.Account{ID: p.id + "@" + sys, System: sys, Person: p.id, MFA: himitsu.Yes}
			var last himitsu.Date
			active := false
			for _, gi := range bySys[sys] {
				gr := &g.rec.Grants[gi]
				if a.CreatedOn.IsZero() || gr.GrantedOn.Before(a.CreatedOn) {
					a.CreatedOn = gr.GrantedOn
				}
				a.Privileged = himitsu.FactOf(a.Privileged.True() || gr.Scope == himitsu.ScopeAdmin)
				end := gr.RevokedOn
				if end.IsZero() && !gr.ExpiresOn.IsZero() {
					end = gr.ExpiresOn.AddDays(1)
				}
				if gr.ActiveOn(g.asOf) || end.IsZero() {
					active = true
				} else if end.After(last) {
					last = end
				}
			}
			if !active {
				a.DisabledOn = last
			}
			g.accIDs[p.id+"|"+sys] = a.ID
			g.rec.Accounts = append(g.rec.Accounts, a)
		}
	}
	g.rec.Accounts = append(g.rec.Accounts,
		himitsu.Account{ID: "cdr-ops", System: sysCDR, Shared: himitsu.Yes, CreatedOn: g.day(-900), Users: g.cdrOpsUsers()},
		himitsu.Account{ID: "billing-batch-legacy", System: "sys-billing", Shared: himitsu.Yes, CreatedOn: g.day(-2600), DisabledOn: g.day(-700)},
		himitsu.Account{ID: "noc-console-old", System: "sys-aaa", Shared: himitsu.Yes, Privileged: himitsu.Yes, MFA: himitsu.Yes, CreatedOn: g.day(-2200), DisabledOn: g.day(-520)},
	)
	// The first replica's last network engineer is the planted leaver.
	leaver := g.byKey["neteng"][g.teamSize("neteng")-1]
	var grantIDs []string
	for _, gi := range leaver.grants {
		if gr := &g.rec.Grants[gi]; gr.ActiveOn(g.asOf) {
			grantIDs = append(grantIDs, gr.ID)
		}
	}
	g.plant(Weakness{Rule: "tech.stale-grants", Item: "5(3)(iv)iii", Register: "grants", IDs: grantIDs,
		Description: himitsu.Text{
			JA: "退職者の音声通話記録への権限が退職後も有効のまま。",
			EN: "A person who left still holds an active grant to the voice CDR.",
		}})
	g.plant(Weakness{Rule: "tech.stale-grants", Item: "5(3)(iv)iii", Register: "accounts", IDs: []string{g.accIDs[leaver.id+"|"+sysCDR]},
		Description: himitsu.Text{
			JA: "退職者の通話記録システムのアカウントが無効化されていない。",
			EN: "The CDR system account of a person who left was never disabled.",
		}})
	g.plant(Weakness{Rule: "tech.shared-accounts", Item: "5(3)(iv)iii", Register: "accounts", IDs: []string{"cdr-ops"},
		Description: himitsu.Text{
			JA: "通話記録システムに共用アカウント cdr-ops があり、アクセスログにも現れる。",
			EN: "The shared account cdr-ops exists on the CDR system and appears in its access log.",
		}})
}

// teamSize is the number of members of a team in one workforce replica.
func (g *gen) teamSize(key string) int { return len(g.byKey[key]) / g.reps }

// secrecyHolders returns the persons the training rule counts: engaged on
// AsOf and holding an active grant to a secrecy data set.
func (g *gen) secrecyHolders() []*personInfo {
	var out []*personInfo
	for _, p := range g.persons {
		if !p.left.IsZero() {
			continue
		}
		for _, gi := range p.grants {
			gr := &g.rec.Grants[gi]
			if gr.ActiveOn(g.asOf) && g.dsByID[gr.DataSet].HoldsSecrecy() {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

const (
	courseSecrecy  = "通信の秘密・個人情報保護研修 (Secrecy of communications and privacy)"
	courseSecurity = "情報セキュリティ基礎 (Information security basics)"
	courseCC       = "応対品質研修 (Call quality training)"
)

// training records the yearly secrecy course for everyone, except (planted)
// enough contact-centre agents holding CDR grants to pass the 10% line.
func (g *gen) training(r *rand.Rand) {
	holders := g.secrecyHolders()
	want := int(math.Ceil(0.12 * float64(len(holders))))
	untrained := map[string]bool{}
	for _, p := range g.byKey["cc"] {
		if len(untrained) == want {
			break
		}
		if p.i >= 8 && p.left.IsZero() && p.joined.Before(g.day(-420)) && p.i%3 != 0 {
			untrained[p.id] = true
			g.untrained = append(g.untrained, p.id)
		}
	}
	add := func(p *personInfo, course string, secrecy bool, on himitsu.Date) {
		if on.Before(p.joined) || !on.Before(g.asOf) || (!p.left.IsZero() && !on.Before(p.left)) {
			return
		}
		g.rec.Training = append(g.rec.Training, himitsu.Training{ID: fmt.Sprintf("tr-%06d", len(g.rec.Training)+1),
			Person: p.id, Course: course, CoversSecrecy: himitsu.FactOf(secrecy), CompletedOn: on, Passed: himitsu.Yes})
	}
	for _, p := range g.persons {
		// Induction for newcomers, before their first grant.
		if p.joined.After(g.day(-365)) {
			add(p, courseSecrecy, true, p.joined.AddDays(2))
		}
		this := g.day(-330 + r.IntN(300))
		switch {
		case untrained[p.id]:
			add(p, courseSecrecy, true, g.day(-400-r.IntN(200)))
			add(p, courseCC, false, g.day(-200+r.IntN(150)))
		case p.joined.After(g.day(-365)):
		default:
			add(p, courseSecrecy, true, this.AddDays(-365))
			add(p, courseSecrecy, true, this)
		}
		if p.i%2 == 0 {
			add(p, courseSecurity, false, g.day(-300+r.IntN(280)))
		}
	}
	g.plant(Weakness{Rule: "hum.training-coverage", Item: "5(3)(ii)i", Register: "persons", IDs: slices.Clone(g.untrained),
		Description: himitsu.Text{
			JA: fmt.Sprintf("通話記録への権限を持つ委託先コールセンター要員 %d 名が、365日以内に通信の秘密の研修を修了していない（権限保有者 %d 名の 10%% 以上）。", len(g.untrained), len(holders)),
			EN: fmt.Sprintf("%d contractor call-centre agents holding CDR grants have no secrecy training within 365 days (at least 10%% of the %d grant holders).", len(g.untrained), len(holders)),
		}})
}

// takeouts records approved laptop take-outs, three single unapproved ones
// that were dealt with, and (planted) one engineer's repeated ones.
func (g *gen) takeouts(r *rand.Rand) {
	var pool []*personInfo
	for _, key := range []string{"dev", "noc", "neteng", "fraud", "sales", "planning", "security", "marketing"} {
		for _, p := range g.byKey[key] {
			if g.throughout(p) {
				pool = append(pool, p)
			}
		}
	}
	planted := g.byKey["neteng"][5]
	add := func(p *personInfo, day int, approved, noticed bool, action string) string {
		taken := at(g.day(day), 17, r.IntN(60))
		t := himitsu.Takeout{ID: fmt.Sprintf("to-%05d", len(g.rec.Takeouts)+1), Person: p.id,
			Device: fmt.Sprintf("PC-%s-%03d", p.id[2:], p.i), TakenAt: taken, ReturnedAt: taken.Add(15 * time.Hour),
			Approved: himitsu.FactOf(approved), HandlesSecrecy: himitsu.FactOf(len(p.grants) > 0), Noticed: himitsu.FactOf(noticed), ActionTaken: action}
		g.rec.Takeouts = append(g.rec.Takeouts, t)
		return t.ID
	}
	for range 150 * g.reps {
		p := pool[r.IntN(len(pool))]
		if p == planted {
			continue
		}
		add(p, -2-r.IntN(360), true, false, "")
	}
	// Three different people, one unapproved take-out each: below every
	// threshold, and dealt with.
	for k := range 3 {
		p := pool[k*len(pool)/3]
		if p == planted {
			p = pool[k*len(pool)/3+1]
		}
		add(p, -30-k*70, false, true, "口頭注意と規程の再周知 (verbal warning, rules re-explained)")
	}
	for _, d := range []int{-240, -170, -95, -33} {
		g.takeoutPlanted = append(g.takeoutPlanted, add(planted, d, false, true, ""))
	}
	g.plant(Weakness{Rule: "hum.repeated-takeout", Item: "5(3)(ii)ii", Register: "takeouts", IDs: slices.Clone(g.takeoutPlanted),
		Description: himitsu.Text{
			JA: "同一の技術者が通信の秘密を扱う端末を承認なく4回持ち出し、警備が把握していたが措置がとられていない。",
			EN: "One engineer took a terminal handling secrecy out four times without approval; security noticed, and no action followed.",
		}})
}

// cdrOpsUsers are the network engineers who use the shared cdr-ops
// account: the first two of the team, never the planted leaver.
func (g *gen) cdrOpsUsers() []string {
	team := g.byKey["neteng"]
	var out []string
	for _, p := range team[:len(team)-1] {
		if len(out) == 2 {
			break
		}
		if p.left.IsZero() && !p.moved {
			out = append(out, p.id)
		}
	}
	return out
}
