package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/himitsu-oss/himitsu"
)

// Systems that hold data sets, and the two without secrecy.
var secrecySystems = []string{sysCDR, "sys-pgw", "sys-aaa", "sys-cgnat", "sys-dns", "sys-billing", "sys-crm", "sys-hss"}

// retention is each data set's period (max, min days) in the retention rules.
var retention = []struct {
	ds       string
	max, min int
}{
	{dsCDR, 365, 90}, {dsSMS, 365, 90}, {dsGTP, 180, 90}, {dsRADIUS, 180, 90}, {dsCGNAT, 365, 180},
	{dsDNS, 90, 30}, {dsBilling, 2555, 1825}, {dsSubs, 3650, 0}, {dsTickets, 1095, 0}, {dsLocation, 30, 0},
}

// governance writes the records of the control system: approvals, area
// authorisations, retention, copies, changes, safeguards, assessments,
// controls, the desk and attestations.
func (g *gen) governance(r *rand.Rand) {
	officer := g.byKey["legal"][0].id
	ciso := g.byKey["security"][0].id
	devHead := g.byKey["dev"][0].id
	nocHead := g.byKey["noc"][0].id
	for i := range g.rec.Policies {
		g.rec.Policies[i].ApprovedBy = officer
	}
	g.authorise()

	// Retention rules and what each data set actually holds. Holdings are
	// observed three days before AsOf, within their rule (but one).
	observed := g.day(-3)
	for _, rt := range retention {
		short := rt.ds[3:]
		g.rec.RetentionRules = append(g.rec.RetentionRules, himitsu.RetentionRule{
			ID: "ret-" + short, DataSet: rt.ds, MaxDays: rt.max, MinDays: rt.min, Policy: polRetention,
			Basis: "記録保存期間規程 別表 (retention rules, annex)"})
		primary := rt.max - 2 - r.IntN(max(1, rt.max/20))
		if rt.ds == dsRADIUS {
			primary = 400 // planted: the purge job stopped after a storage migration
		}
		backup := rt.max - 5 - r.IntN(max(1, rt.max/10))
		g.rec.Holdings = append(g.rec.Holdings,
			himitsu.Holding{ID: "hold-" + short + "-primary", DataSet: rt.ds, Location: g.dsByID[rt.ds].System,
				Oldest: observed.AddDays(-primary), ObservedOn: observed, Records: (200000 + r.IntN(800000)) * g.scale},
			himitsu.Holding{ID: "hold-" + short + "-backup", DataSet: rt.ds, Location: "backup-vault",
				Oldest: observed.AddDays(-backup), ObservedOn: observed, Records: (100000 + r.IntN(400000)) * g.scale},
		)
	}
	g.plant(Weakness{Rule: "phy.retention-exceeded", Item: "5(3)(iii)iii", Register: "holdings", IDs: []string{"hold-radius-auth-primary"},
		Description: himitsu.Text{
			JA: "RADIUS認証ログが保存期間180日に対し400日分保持されている（期間の2倍超）。",
			EN: "The RADIUS authentication log holds 400 days of records against a 180-day retention rule (more than twice the period).",
		}})

	// Backups and extracts: encrypted, approved, few readers; one planted exception.
	for _, ds := range g.rec.DataSets {
		if !ds.HoldsSecrecy() {
			continue
		}
		g.rec.Extracts = append(g.rec.Extracts, himitsu.Extract{ID: "ext-" + ds.ID[3:] + "-backup", DataSet: ds.ID, Kind: "backup",
			Location: "盛岡局舎 暗号化バックアップ (Morioka encrypted backup vault)", CreatedOn: g.day(-2), ReadableBy: 4,
			Encrypted: himitsu.Yes, Approved: himitsu.Yes, BusinessNeed: "災害復旧 (disaster recovery)"})
	}
	g.rec.Extracts = append(g.rec.Extracts,
		himitsu.Extract{ID: "ext-billing-replica", DataSet: dsBilling, Kind: "replica", Location: "仙台DC 参照用DB (Sendai reporting database)",
			CreatedOn: g.day(-400), ReadableBy: 8, Encrypted: himitsu.Yes, Approved: himitsu.Yes, BusinessNeed: "請求照会の負荷分散 (read load for bill enquiries)"},
		himitsu.Extract{ID: "ext-cdr-simbox-case", DataSet: dsCDR, Kind: "extract", Location: "不正対策室 暗号化フォルダ (fraud team encrypted folder)",
			CreatedOn: g.day(-41), ReadableBy: 6, Encrypted: himitsu.Yes, Approved: himitsu.Yes, BusinessNeed: "SIMボックス調査 (SIM-box investigation)"},
		himitsu.Extract{ID: "ext-cdr-warrant-2026-03", DataSet: dsCDR, Kind: "export", Location: "法務部 暗号化媒体 (legal encrypted media)",
			CreatedOn: g.day(-220), ReadableBy: 2, Encrypted: himitsu.Yes, Approved: himitsu.Yes, BusinessNeed: "令状への対応 (response to a warrant)", DeletedOn: g.day(-190)},
		himitsu.Extract{ID: "ext-cdr-traffic-report", DataSet: dsCDR, Kind: "extract", Location: `\\fs01\共有\トラフィック報告 (shared drive)`,
			CreatedOn: g.day(-75), ReadableBy: 180, Encrypted: himitsu.No, Approved: himitsu.Yes, BusinessNeed: "月次トラフィック報告 (monthly traffic report)"},
	)
	// The warrant the legal extract answered, and a voluntary inquiry the
	// carrier refused until a warrant comes: acts under law, not leaks.
	g.rec.LawEnforcementRequests = append(g.rec.LawEnforcementRequests,
		himitsu.LawEnforcementRequest{ID: "le-2026-03-warrant", Kind: himitsu.RequestWarrant, Authority: "宮城県警察本部 (Miyagi Prefectural Police)",
			Reference: "令和8年(む)第112号", ReceivedAt: at(g.day(-222), 10, 30), DataSets: []string{dsCDR},
			Answer: himitsu.AnswerDisclosedWithinScope, AnsweredAt: at(g.day(-220), 16, 0), Note: "令状記載の期間・番号の通話記録のみ (only the CDRs of the period and numbers in the warrant)"},
		himitsu.LawEnforcementRequest{ID: "le-2026-09-inquiry", Kind: himitsu.RequestInquiry, Authority: "岩手県警察本部 (Iwate Prefectural Police)",
			ReceivedAt: at(g.day(-40), 14, 0), DataSets: []string{dsCDR}, Answer: himitsu.AnswerRefusedPendingWarrant, AnsweredAt: at(g.day(-39), 11, 0),
			Note: "通信の秘密に当たるため令状の提示を求めた (secrecy of communications: a warrant was asked for)"},
	)
	g.plant(Weakness{Rule: "tech.extract-exposure", Item: "5(3)(iv)iv", Register: "extracts", IDs: []string{"ext-cdr-traffic-report"},
		Description: himitsu.Text{
			JA: "音声通話記録の抽出ファイルが共有ドライブに暗号化なしで置かれ、180名が閲覧できる。",
			EN: "A voice CDR extract sits unencrypted on a shared drive readable by 180 people.",
		}})

	g.systemChanges(r, devHead, nocHead)

	// Safeguards: every one in place.
	prot := func(target, kind string, tested int) {
		g.rec.Protections = append(g.rec.Protections, himitsu.Protection{ID: fmt.Sprintf("prot-%03d", len(g.rec.Protections)+1),
			Target: target, Kind: himitsu.ProtectionKind(kind), Status: himitsu.ProtectionInPlace, TestedOn: g.day(tested)})
	}
	for _, sys := range secrecySystems {
		for _, k := range []string{"mfa", "firewall", "segmentation", "encryption-at-rest", "encryption-in-transit", "edr", "patching", "log-monitoring", "privileged-access-management"} {
			prot(sys, k, -30-r.IntN(200))
		}
	}
	for _, a := range []string{areaMRSendai, areaMRMorioka} {
		for _, k := range []string{"fire-suppression", "ups", "water-detection", "generator", "seismic", "hvac"} {
			prot(a, k, -30-r.IntN(300))
		}
	}
	for _, a := range []string{areaCallCtr, areaBilling} {
		prot(a, "fire-suppression", -60-r.IntN(200))
	}
	prot("endpoints", "usb-control", -45)

	// Risk assessments within the year for every service and system.
	for i, s := range g.rec.Services {
		on := g.day(-40 - 35*i)
		g.rec.RiskAssessments = append(g.rec.RiskAssessments, himitsu.RiskAssessment{ID: "ra-svc-" + s.ID[4:], Kind: "service-secrecy",
			Subject: s.ID, PerformedOn: on, NextDue: on.AddDays(365), CoversSecrecy: himitsu.Yes, OpenFindings: i % 2, ApprovedBy: officer})
	}
	for i, sys := range append(slices.Clone(secrecySystems), sysIntranet) {
		on := g.day(-25 - 30*i)
		g.rec.RiskAssessments = append(g.rec.RiskAssessments, himitsu.RiskAssessment{ID: "ra-" + sys, Kind: "system-risk",
			Subject: sys, PerformedOn: on, NextDue: on.AddDays(365), CoversSecrecy: himitsu.FactOf(sys != sysIntranet), ApprovedBy: ciso})
	}

	g.controls(officer, ciso)

	g.rec.Desk = himitsu.Desk{
		Channels: []himitsu.DeskChannel{
			{Kind: "phone", Contact: "0120-000-123", WeekdayHours: "09:00-20:00", SaturdayHours: "09:00-17:00", Accessibility: "電話リレーサービス対応 (phone relay service)"},
			{Kind: "email", Contact: "support@aoba-net.example.jp", AlwaysOpen: himitsu.Yes},
			{Kind: "web", Contact: "https://www.aoba-net.example.jp/support/form/", AlwaysOpen: himitsu.Yes},
			{Kind: "mail", Contact: "〒980-0000 仙台市青葉区 あおばネットワークス お客さま相談室 (customer desk, Sendai)"},
		},
		ComplaintRule:  polComplaint,
		EscalationDays: 2,
		Languages:      []string{"ja", "en"},
		ClueFunctions:  []himitsu.Function{himitsu.FunctionSecrecyOfficer, himitsu.FunctionIncidentTeam},
	}

	g.rec.Attestations = []himitsu.Attestation{
		{ID: "att-shared-accounts", Item: "5(3)(iv)iii", Claim: "no-shared-accounts", Answer: "yes", By: ciso, On: g.day(-20),
			Statement: "通信の秘密を扱うシステムに共用アカウントはない。 / No system handling secrecy has a shared account."},
		{ID: "att-changes-tested", Item: "5(3)(iv)i", Claim: "changes-tested", Answer: "yes", By: devHead, On: g.day(-20),
			Statement: "すべてのシステム変更は本番適用前に試験している。 / Every system change is tested before it reaches production."},
	}
	g.plant(Weakness{Rule: "org.attestation-contradicted", Item: "5(3)(iv)iii", Register: "attestations", IDs: []string{"att-shared-accounts"},
		Description: himitsu.Text{
			JA: "「共用アカウントはない」との表明が、通話記録システムの共用アカウント cdr-ops と矛盾する。",
			EN: "The attestation that there are no shared accounts is contradicted by the shared cdr-ops account on the CDR system.",
		}})
}

// authorise fills the areas' authorised lists from the teams.
func (g *gen) authorise() {
	auth := map[string][]string{}
	for _, p := range g.persons {
		if !p.left.IsZero() {
			continue
		}
		for _, a := range p.t.machineRooms(p.i) {
			auth[a] = append(auth[a], p.id)
		}
		switch {
		case p.t.key == "cc" || p.t.key == "support":
			auth[areaCallCtr] = append(auth[areaCallCtr], p.id)
		case p.t.key == "billing" && !p.moved, p.t.key == "dev" && p.i < 4:
			auth[areaBilling] = append(auth[areaBilling], p.id)
		}
	}
	for i := range g.rec.Areas {
		g.rec.Areas[i].Authorised = auth[g.rec.Areas[i].ID]
	}
	g.plant(Weakness{Rule: "phy.entry-records", Item: "5(3)(iii)ii", Register: "areas", IDs: []string{areaMRMorioka},
		Description: himitsu.Text{
			JA: "盛岡局舎のマシンルーム（管理区域）に入退室記録がない。",
			EN: "The Morioka machine room, a controlled area, keeps no entry log.",
		}})
}

// systemChanges writes about 200 changes over the year, every one tested;
// those affecting secrecy are also reviewed, risk-assessed and have a
// rollback plan. One of them (chgLeak) later caused the small leak.
func (g *gen) systemChanges(r *rand.Rand, devHead, nocHead string) {
	systems := append(slices.Clone(secrecySystems), sysIntranet, "sys-web")
	kinds := himitsu.ChangeKind("").Values()
	descs := []string{
		"定期パッチ適用 (routine patching)", "設定値の見直し (configuration tuning)", "機能追加のリリース (feature release)",
		"証明書の更新 (certificate renewal)", "ストレージ移行 (storage migration)", "障害部品の交換 (faulty part replaced)",
	}
	const n = 200
	for i := range n {
		sys := systems[i%len(systems)]
		day := -365 + i*360/n + r.IntN(2)
		c := himitsu.SystemChange{ID: fmt.Sprintf("chg-%04d", i+1), System: sys, Kind: himitsu.ChangeKind(kinds[r.IntN(len(kinds))]),
			Description: descs[r.IntN(len(descs))], ChangedAt: at(g.day(day), 2, r.IntN(60)), Tested: himitsu.Yes, Reviewed: himitsu.Yes,
			RollbackPlan: himitsu.Yes, Approver: devHead}
		if slices.Contains(secrecySystems, sys) && r.IntN(5) != 0 {
			c.AffectsSecrecy, c.RiskAssessed = himitsu.Yes, himitsu.Yes
		} else if r.IntN(4) == 0 {
			c.RollbackPlan = himitsu.No // a minor change to a system without secrecy
		}
		if sys == "sys-aaa" || sys == "sys-cgnat" || sys == "sys-dns" || sys == "sys-pgw" {
			c.Approver = nocHead
		}
		g.rec.SystemChanges = append(g.rec.SystemChanges, c)
	}
	g.rec.SystemChanges = append(g.rec.SystemChanges, himitsu.SystemChange{ID: chgLeak, System: "sys-billing", Kind: "deploy",
		Description:    "明細PDFテンプレートの更新 (itemised bill PDF template update)",
		ChangedAt:      at(g.day(leakDay-2), 2, 0),
		AffectsSecrecy: himitsu.Yes, RiskAssessed: himitsu.Yes, Tested: himitsu.Yes, Reviewed: himitsu.Yes, RollbackPlan: himitsu.Yes, Approver: devHead})
	slices.SortStableFunc(g.rec.SystemChanges, func(a, b himitsu.SystemChange) int { return a.ChangedAt.Compare(b.ChangedAt) })
}

// controls writes the rules, the officer, audits, monthly log reviews (but
// none of the DNS log in the last 150 days: planted) and board reports.
func (g *gen) controls(officer, ciso string) {
	add := func(kind himitsu.ControlKind, subject string, day int, result himitsu.ControlResult, person, note string) {
		g.rec.Controls = append(g.rec.Controls, himitsu.Control{ID: fmt.Sprintf("ctl-%04d", len(g.rec.Controls)+1), Kind: kind,
			Subject: subject, PerformedOn: g.day(day), Result: result, Person: person, Note: note})
	}
	add("secrecy-rule", polInternal, -480, "ok", officer, "取扱規程の改定 (handling rules revised)")
	add("secrecy-officer", officer, -900, "ok", officer, "通信の秘密管理責任者の選任 (secrecy officer appointed)")
	add("incident-procedure", "pol-incident-rule", -400, "ok", officer, "")
	add("internal-audit", "all", -75, "issues", g.byKey["audit"][0].id, "軽微な指摘3件 (three minor findings)")
	add("contractor-audit", orgCC, -150, "ok", officer, "")
	add("contractor-audit", orgNOC, -200, "ok", officer, "")
	add("contractor-audit", orgSub, -210, "ok", officer, "")
	for q := range 4 {
		add("board-report", "all", -20-91*q, "ok", officer, "")
	}
	for m := range 12 {
		day := -5 - 30*m
		for _, ds := range g.rec.DataSets {
			if !ds.HoldsSecrecy() || (ds.ID == dsDNS && day > -150) {
				continue
			}
			add("log-review", ds.ID, day, "ok", ciso, "")
		}
	}
	g.plant(Weakness{Rule: "org.log-review", Item: "5(3)(i)i", Register: "datasets", IDs: []string{dsDNS},
		Description: himitsu.Text{
			JA: "DNS問い合わせログは直近90日に持出し操作があったが、その間ログの点検がされていない（最後の点検は約150日前）。",
			EN: "The DNS query log had exports in the last 90 days but no log review in that time (the last one was about 150 days ago).",
		}})
}
