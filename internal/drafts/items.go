package drafts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// spec is what one report contains: its title, the law it is made under
// and the items in order.
type spec struct {
	title, basis, intro Text
	items               []string
}

// The item lists. Art. 28: the ten items MIC lists for the first report,
// which the detailed report states in full and adds the course of
// events and the filings so far. APPI: PPC Rules Art. 8(1) i–ix (the
// preliminary report gives what is known at the time, the final report
// all of them). The user notice: PPC Rules Art. 10 (outline, items of
// data, cause, secondary damage, other matters) and where to ask.
var specs = map[Report]spec{
	TBA28First: {
		title: t("通信の秘密の漏えいに関する報告（第一報）", "Report of a leak of the secrecy of communications (first report)"),
		basis: t("電気通信事業法第28条第1項第2号イ、同法施行規則第57条", "Telecommunications Business Act Art. 28(1)(ii)(a); Ordinance for Enforcement Art. 57"),
		intro: t("電気通信事業法第28条第1項の規定に基づき、通信の秘密の漏えいについて、現時点で判明している事項を次のとおり報告します。",
			"Under Art. 28(1) of the Telecommunications Business Act we report the leak of the secrecy of communications below, as far as it is known at this time."),
		items: []string{"carrier", "registration", "outline", "leaked", "persons", "cause", "secondary", "publication", "response", "prevention"},
	},
	TBA28Detailed: {
		title: t("通信の秘密の漏えいに関する報告書（詳細報告）", "Report on a leak of the secrecy of communications (detailed report)"),
		basis: t("電気通信事業法第28条第1項第2号イ、同法施行規則第57条（様式第50の2）", "Telecommunications Business Act Art. 28(1)(ii)(a); Ordinance for Enforcement Art. 57 (form 50-2)"),
		intro: t("電気通信事業法第28条第1項の規定に基づき、通信の秘密の漏えいについて、次のとおり詳細を報告します。",
			"Under Art. 28(1) of the Telecommunications Business Act we report the details of the leak of the secrecy of communications below."),
		items: []string{"carrier", "registration", "outline", "timeline", "leaked", "persons", "cause", "secondary", "publication", "response", "prevention", "filings"},
	},
	APPIPreliminary: {
		title: t("個人データの漏えい等の報告（速報）", "Report of a personal data breach (preliminary report)"),
		basis: t("個人情報の保護に関する法律第26条第1項、同法施行規則第7条・第8条第1項", "Act on the Protection of Personal Information Art. 26(1); PPC Rules Arts. 7 and 8(1)"),
		intro: t("個人情報の保護に関する法律第26条第1項の規定に基づき、個人データの漏えい等について、現時点で把握している事項を次のとおり報告します。",
			"Under Art. 26(1) of the Act on the Protection of Personal Information we report the personal data breach below, as far as it is known at this time."),
		items: []string{"carrier", "outline", "leaked", "persons", "cause", "secondary", "response", "publication", "prevention", "other"},
	},
	APPIFinal: {
		title: t("個人データの漏えい等の報告（確報）", "Report of a personal data breach (final report)"),
		basis: t("個人情報の保護に関する法律第26条第1項、同法施行規則第7条・第8条第2項", "Act on the Protection of Personal Information Art. 26(1); PPC Rules Arts. 7 and 8(2)"),
		intro: t("個人情報の保護に関する法律第26条第1項の規定に基づき、個人データの漏えい等について、次のとおり報告します。",
			"Under Art. 26(1) of the Act on the Protection of Personal Information we report the personal data breach below."),
		items: []string{"carrier", "outline", "timeline", "leaked", "persons", "cause", "secondary", "response", "publication", "prevention", "other", "filings"},
	},
	UserNotice: {
		title: t("お客さまの情報の漏えいに関するお知らせとお詫び", "Notice about a leak of your information"),
		basis: t("個人情報の保護に関する法律第26条第2項、同法施行規則第10条", "Act on the Protection of Personal Information Art. 26(2); PPC Rules Art. 10"),
		intro: t("このたび、当社がお預かりしているお客さまの情報について、次のとおり漏えい等が発生しました（そのおそれがあるものを含みます）。ご迷惑とご心配をおかけしますことを深くお詫び申し上げます。",
			"Information about you that we hold has been leaked, or may have been, as set out below. We apologise for the trouble and worry this causes."),
		items: []string{"notice-outline", "leaked", "cause", "secondary", "advice", "contact"},
	},
}

// builder makes one item; heading may differ by report.
type builder struct {
	heading func(Report) Text
	build   func(*input) Item
}

func fixed(x Text) func(Report) Text { return func(Report) Text { return x } }

func isAPPI(r Report) bool { return r == APPIPreliminary || r == APPIFinal || r == UserNotice }

// builders are the item builders by key. Each reads only what it needs,
// so a new field of the incident goes into one of them.
var builders = map[string]builder{
	"carrier":        {fixed(t("法人の名称", "Corporate name")), itemCarrier},
	"registration":   {fixed(t("登録番号又は届出番号", "Registration or notification number")), itemRegistration},
	"outline":        {fixed(t("事案の概要（発生日時、発覚日時、発覚の経緯）", "Outline (occurrence, discovery and how it was found)")), itemOutline},
	"notice-outline": {fixed(t("概要", "What happened")), itemNoticeOutline},
	"timeline":       {fixed(t("事実の経過", "Course of events")), itemTimeline},
	"leaked": {func(r Report) Text {
		if isAPPI(r) {
			return t("漏えい等が発生し、又は発生したおそれがある個人データの項目", "Items of personal data leaked, or possibly leaked")
		}
		return t("漏えいした通信の秘密の内容", "What was leaked")
	}, itemLeaked},
	"persons": {func(r Report) Text {
		if isAPPI(r) {
			return t("本人の数", "Number of persons")
		}
		return t("漏えいに係る利用者の数", "Number of users concerned")
	}, itemPersons},
	"cause":       {fixed(t("原因", "Cause")), itemCause},
	"secondary":   {fixed(t("二次被害又はそのおそれの有無及びその内容", "Secondary damage, or the risk of it, and what it is")), itemSecondary},
	"publication": {fixed(t("公表の実施状況", "Publication")), itemPublication},
	"response":    {fixed(t("本人（利用者）への対応の実施状況", "Handling of the persons affected")), itemResponse},
	"prevention":  {fixed(t("再発防止のための措置", "Measures to prevent recurrence")), itemPrevention},
	"other":       {fixed(t("その他参考となる事項", "Other relevant matters")), itemOther},
	"filings":     {fixed(t("これまでの報告", "Reports filed so far")), itemFilings},
	"advice":      {fixed(t("お客さまへのお願い", "What we ask you to do")), itemAdvice},
	"contact":     {fixed(t("お問い合わせ窓口", "Where to ask")), itemContact},
}

func lines(xs ...Text) Item { return Item{Lines: xs} }

// kv is "label: value" in both languages.
func kv(k, v Text) Text { return Text{JA: k.JA + "：" + v.JA, EN: k.EN + ": " + v.EN} }

func itemCarrier(in *input) Item {
	c := in.rec.Carrier
	if c.Name == "" {
		return Item{}
	}
	it := lines(same(c.Name))
	if c.NameEN != "" && c.NameEN != c.Name {
		it.Lines = append(it.Lines, kv(t("英文名", "English name"), same(c.NameEN)))
	}
	return it
}

func itemRegistration(in *input) Item {
	c := in.rec.Carrier
	var out []Text
	if c.Registration != "" {
		out = append(out, kv(t("区分", "Status"), label(registrationLabels, c.Registration)))
	}
	if c.RegistrationNumber != "" {
		out = append(out, kv(t("番号", "Number"), same(c.RegistrationNumber)))
		return Item{Lines: out}
	}
	out = append(out, kv(t("番号", "Number"), missing))
	return Item{Lines: out, Missing: true}
}

func itemOutline(in *input) Item {
	inc := in.inc
	out := []Text{kv(t("件名", "Title"), same(inc.Title)), kv(t("事案の種別", "Kind"), label(kindLabels, inc.Kind))}
	if s := in.service(); s != nil {
		out = append(out, kv(t("対象の役務", "Service"), same(s.Name)))
	}
	out = append(out,
		kv(t("発生日時", "Occurred"), timeText(inc.OccurredAt)),
		kv(t("発覚日時", "Detected"), timeText(inc.DetectedAt)),
		kv(t("当社が知った日時", "Known to the carrier"), timeText(knewAt(inc))),
		kv(t("発覚の経緯", "How it was found"), howFound(in)),
	)
	if !inc.ContainedAt.IsZero() {
		out = append(out, kv(t("収束日時", "Contained"), timeText(inc.ContainedAt)))
	}
	if !inc.ClosedAt.IsZero() {
		out = append(out, kv(t("対応の終結日時", "Closed"), timeText(inc.ClosedAt)))
	}
	if inc.Summary != "" {
		out = append(out, same(inc.Summary))
	}
	return Item{Lines: out}
}

// knewAt is when the carrier knew: the earliest knowledge event that is
// more than a clue, or known_at if that is earlier (the rule of the
// deadline code, Ordinance Art. 57).
func knewAt(inc *himitsu.Incident) (at time.Time) {
	at = inc.KnownAt
	for _, k := range inc.Knowledge {
		if k.Step != himitsu.KnowledgeClue && !k.At.IsZero() && (at.IsZero() || k.At.Before(at)) {
			at = k.At
		}
	}
	return at
}

// howFound tells how the incident came to light: the complaints linked
// to it and the first knowledge event.
func howFound(in *input) Text {
	var parts []Text
	if o := in.inc.Origin; o != "" {
		x := label(originLabels, o)
		if in.inc.OriginRef != "" {
			x = t(x.JA+"（"+in.inc.OriginRef+"）", x.EN+" ("+in.inc.OriginRef+")")
		}
		parts = append(parts, x)
	}
	for _, c := range in.rec.Complaints {
		if c.Incident == in.inc.ID {
			parts = append(parts, t(fmt.Sprintf("お客さまからの申告（%s、受付 %s）", label(channelLabels, c.Channel).JA, timeText(c.ReceivedAt).JA),
				fmt.Sprintf("a customer's complaint (%s, received %s)", label(channelLabels, c.Channel).EN, timeText(c.ReceivedAt).EN)))
			break
		}
	}
	ks := slices.Clone(in.inc.Knowledge)
	slices.SortFunc(ks, func(a, b himitsu.KnowledgeEvent) int { return a.At.Compare(b.At) })
	if len(ks) > 0 {
		k := ks[0]
		f := label(functionLabels, k.Function)
		x := t(f.JA+"による"+label(stepLabels, k.Step).JA, f.EN+": "+label(stepLabels, k.Step).EN)
		if k.Learned != "" {
			x.JA += "（" + k.Learned + "）"
			x.EN += " (" + k.Learned + ")"
		}
		parts = append(parts, x)
	}
	if len(parts) == 0 {
		return missing
	}
	return join(parts, "。", "; ")
}

func join(xs []Text, sepJA, sepEN string) Text {
	var ja, en []string
	for _, x := range xs {
		ja = append(ja, x.JA)
		en = append(en, x.EN)
	}
	return t(strings.Join(ja, sepJA), strings.Join(en, sepEN))
}

func itemNoticeOutline(in *input) Item {
	inc := in.inc
	out := []Text{same(inc.Title)}
	if inc.Summary != "" {
		out = append(out, same(inc.Summary))
	}
	if !inc.OccurredAt.IsZero() {
		out = append(out, kv(t("発生日時", "When it happened"), timeText(inc.OccurredAt)))
	}
	out = append(out, kv(t("当社が把握した日時", "When we learned of it"), timeText(knewAt(inc))))
	if s := in.service(); s != nil {
		out = append(out, kv(t("対象のサービス", "Service"), same(s.Name)))
	}
	return Item{Lines: out}
}

func itemTimeline(in *input) Item {
	ks := slices.Clone(in.inc.Knowledge)
	slices.SortFunc(ks, func(a, b himitsu.KnowledgeEvent) int { return a.At.Compare(b.At) })
	if len(ks) == 0 {
		return Item{}
	}
	tb := &Table{Header: []Text{t("日時", "When"), t("段階", "Step"), t("部門", "Function"), t("把握した内容", "What was learned")}}
	for _, k := range ks {
		learned := same(k.Learned)
		if k.Learned == "" {
			learned = missing
		}
		tb.Rows = append(tb.Rows, []Text{timeText(k.At), label(stepLabels, k.Step), label(functionLabels, k.Function), learned})
	}
	return Item{Table: tb}
}

func itemLeaked(in *input) Item {
	var out []Text
	for _, c := range in.inc.Classes {
		out = append(out, label(classLabels, c))
	}
	seen := map[string]bool{}
	for _, a := range in.inc.Affected {
		if a.Data == "" || seen[a.Data] {
			continue
		}
		seen[a.Data] = true
		x := same(a.Data)
		if a.Class != "" {
			c := label(classLabels, a.Class)
			x = t(a.Data+"（"+c.JA+"）", a.Data+" ("+c.EN+")")
		}
		out = append(out, x)
	}
	for _, ds := range in.inc.DataSets {
		var els []string
		for _, e := range in.inc.DataElements {
			if e.DataSet == ds {
				els = append(els, e.Element)
			}
		}
		name := ds
		for i := range in.rec.DataSets {
			if in.rec.DataSets[i].ID == ds {
				name = in.rec.DataSets[i].Name
			}
		}
		x := t("データセット「"+name+"」", "data set "+name)
		if len(els) > 0 {
			x = t(x.JA+"の項目 "+strings.Join(els, "、"), x.EN+": "+strings.Join(els, ", "))
		}
		out = append(out, x)
	}
	if len(out) == 0 {
		return Item{}
	}
	return Item{Lines: out}
}

func itemPersons(in *input) Item {
	inc := in.inc
	var out []Text
	if inc.PersonsAffected > 0 {
		n := strconv.Itoa(inc.PersonsAffected)
		out = append(out, t(n+"人", n+" persons"))
	}
	if len(inc.Affected) == 0 {
		return Item{Lines: out}
	}
	tb := &Table{Header: []Text{t("情報の種類", "Kind of data"), t("数", "Count"), t("単位", "Unit"), t("推計", "Estimate")}}
	for _, a := range inc.Affected {
		tb.Rows = append(tb.Rows, []Text{same(a.Data), same(strconv.Itoa(a.Count)), label(unitLabels, a.Unit), factText(a.Estimated)})
	}
	return Item{Lines: out, Table: tb}
}

func itemCause(in *input) Item {
	inc := in.inc
	var out []Text
	if inc.CauseCategory != "" {
		out = append(out, kv(t("区分", "Category"), label(causeLabels, inc.CauseCategory)))
	}
	if inc.Cause != "" {
		out = append(out, same(inc.Cause))
	}
	if o := in.organisation(inc.ActorOrg); o != nil {
		out = append(out, kv(t("行為者の所属", "Organisation of the person who caused it"), same(o.Name)))
	}
	if inc.Change != "" {
		out = append(out, kv(t("原因となったシステム変更", "System change that caused it"), same(inc.Change)))
	}
	if inc.RootCause != "" {
		out = append(out, kv(t("根本原因", "Root cause"), same(inc.RootCause)))
	}
	if !inc.RootCauseDoneOn.IsZero() {
		out = append(out, kv(t("根本原因の分析の完了日", "Root cause analysis completed"), dayText(inc.RootCauseDoneOn)))
	}
	// The people involved are counted, not named: a report to the
	// authority needs how many and which organisations, and their names
	// stay in the carrier's records.
	if n := len(inc.Persons); n > 0 {
		out = append(out, kv(t("関与した従業者等", "People involved"), t(strconv.Itoa(n)+"名", strconv.Itoa(n)+" persons")))
	}
	var orgs []string
	for _, id := range inc.Organisations {
		if o := in.organisation(id); o != nil {
			orgs = append(orgs, o.Name)
		}
	}
	if len(orgs) > 0 {
		out = append(out, kv(t("関与した組織", "Organisations involved"), t(strings.Join(orgs, "、"), strings.Join(orgs, ", "))))
	}
	return Item{Lines: out}
}

// itemSecondary states the secondary damage as the officer recorded it
// (what occurred or may occur, and what it is), then the risks the
// records' facts hold. Without the officer's words the item says that
// whether damage occurred is not in the records: the facts alone tell a
// risk, not what happened.
func itemSecondary(in *input) Item {
	inc := in.inc
	occurred := missing
	if inc.SecondaryDamage != "" {
		occurred = same(inc.SecondaryDamage)
	}
	out := []Text{kv(t("二次被害の発生", "Secondary damage that occurred"), occurred)}
	if inc.FinancialRisk.True() {
		out = append(out, t("悪用により財産的被害が生じるおそれがある情報が含まれています。", "The data includes information whose misuse could cause financial loss."))
	}
	if inc.ImproperPurpose.True() {
		out = append(out, t("不正の目的をもって行われたおそれがあります。", "The act may have been done for an improper purpose."))
	}
	if inc.SensitiveData.True() {
		out = append(out, t("要配慮個人情報が含まれています。", "Sensitive personal information is involved."))
	}
	return Item{Lines: out, Missing: inc.SecondaryDamage == "" && len(out) == 1}
}

func itemPublication(in *input) Item {
	if in.inc.PublicisedOn.IsZero() {
		return Item{}
	}
	return lines(kv(t("公表日", "Published on"), dayText(in.inc.PublicisedOn)))
}

// itemResponse is the handling of the persons affected: the notices
// sent, and what they were asked to do (the incident's advice and each
// notice's own words), which the Ordinance's and the PPC's items count as
// part of that handling.
func itemResponse(in *input) Item {
	ns := in.notifications()
	var out []Text
	if in.inc.UserAdvice != "" {
		out = append(out, kv(t("利用者にお願いする対応", "What the persons affected are asked to do"), same(in.inc.UserAdvice)))
	}
	for _, n := range ns {
		if n.WhatToDo != "" {
			out = append(out, kv(t("通知（"+timeText(n.SentAt).JA+"）で伝えた取るべき行動", "What the notice of "+timeText(n.SentAt).EN+" told users to do"), same(n.WhatToDo)))
		}
	}
	if len(ns) == 0 {
		return Item{Lines: out}
	}
	tb := &Table{Header: []Text{t("通知日時", "Sent"), t("種類", "Kind"), t("方法", "Channel"), t("対象者数", "Recipients"), t("原因の説明", "Explains the cause"), t("取るべき対応の説明", "Says what to do"), t("救済・支援の案内", "Relief offered")}}
	for _, n := range ns {
		rc := missing
		if n.Recipients > 0 {
			rc = same(strconv.Itoa(n.Recipients))
		}
		kind := missing
		if n.Kind != "" {
			kind = label(noticeKindLabels, n.Kind)
		}
		tb.Rows = append(tb.Rows, []Text{timeText(n.SentAt), kind, label(channelLabels, n.Channel), rc, factText(n.ExplainsCause), factText(n.ExplainsWhatToDo), factText(n.ReliefOffered)})
	}
	return Item{Lines: out, Table: tb}
}

func itemPrevention(in *input) Item {
	ms := in.measures()
	if len(ms) == 0 {
		return Item{}
	}
	tb := &Table{Header: []Text{t("措置", "Measure"), t("状況", "Status"), t("期限", "Due"), t("実施日", "Done"), t("効果の検証", "Verified")}}
	var leaves []string
	for _, m := range ms {
		status := t("—", "—")
		if m.Status != "" {
			status = label(measureStatusLabels, m.Status)
		}
		verified := dayOrDash(m.VerifiedOn)
		if m.VerificationResult != "" {
			v := label(verificationLabels, m.VerificationResult)
			verified = t(verified.JA+"（"+v.JA+"）", verified.EN+" ("+v.EN+")")
		}
		tb.Rows = append(tb.Rows, []Text{same(m.Description), status, dayOrDash(m.DueOn), dayOrDash(m.DoneOn), verified})
		if m.RemovesRootCause.False() && m.Status != himitsu.MeasureAbandoned {
			leaves = append(leaves, m.ID)
		}
	}
	// A measure recorded as leaving the root cause in place is said so in
	// the report rather than passed off as prevention (guideline
	// 5(3)(i)iv asks for measures against the cause).
	var out []Text
	if len(leaves) > 0 {
		out = append(out, t("次の措置は根本原因を取り除くものではありません："+strings.Join(leaves, "、"), "These measures leave the root cause in place: "+strings.Join(leaves, ", ")))
	}
	return Item{Lines: out, Table: tb}
}

func dayOrDash(d himitsu.Date) Text {
	if d.IsZero() {
		return t("未定・未了", "not yet")
	}
	return dayText(d)
}

// itemOther gives the grounds on which an APPI report is due (PPC Rules
// Art. 7) as the records state them.
func itemOther(in *input) Item {
	inc := in.inc
	out := []Text{
		kv(t("要配慮個人情報", "Sensitive personal information"), factText(inc.SensitiveData)),
		kv(t("財産的被害のおそれ", "Risk of financial loss"), factText(inc.FinancialRisk)),
		kv(t("不正の目的によるおそれ", "Possible improper purpose"), factText(inc.ImproperPurpose)),
		kv(t("高度な暗号化等による保護", "Protected by strong encryption"), factText(inc.StronglyEncrypted)),
	}
	return Item{Lines: out}
}

func itemFilings(in *input) Item {
	fs := in.filings()
	if len(fs) == 0 {
		return Item{}
	}
	tb := &Table{Header: []Text{t("報告", "Report"), t("提出日時", "Submitted"), t("提出先", "To"), t("受付番号", "Reference")}}
	for _, f := range fs {
		to, ref := same(f.To), same(f.Reference)
		if f.To == "" {
			to = missing
		}
		if f.Reference == "" {
			ref = t("—", "—")
		}
		name, ok := lawStageLabels[[2]string{string(f.Law), string(f.Stage)}]
		if !ok {
			name = same(string(f.Law) + " " + string(f.Stage))
		}
		tb.Rows = append(tb.Rows, []Text{name, timeText(f.SubmittedAt), to, ref})
	}
	return Item{Table: tb}
}

// itemAdvice is what users should do (PPC Rules Art. 10, the other
// matters of the notice): the incident's advice, or else what the notices
// already sent told them, each once; with neither it is left for the
// officer to write.
func itemAdvice(in *input) Item {
	if in.inc.UserAdvice != "" {
		return lines(same(in.inc.UserAdvice))
	}
	var out []Text
	var seen []string
	for _, n := range in.notifications() {
		if n.WhatToDo != "" && !slices.Contains(seen, n.WhatToDo) {
			seen = append(seen, n.WhatToDo)
			out = append(out, same(n.WhatToDo))
		}
	}
	return Item{Lines: out}
}

func itemContact(in *input) Item {
	var out []Text
	for _, c := range in.rec.Desk.Channels {
		if c.Contact == "" {
			continue
		}
		x := label(channelLabels, c.Kind)
		line := t(x.JA+"："+c.Contact, x.EN+": "+c.Contact)
		if c.AlwaysOpen.True() {
			line.JA += "（24時間受付）"
			line.EN += " (open at all hours)"
		} else if c.WeekdayHours != "" {
			line.JA += "（平日 " + c.WeekdayHours + "）"
			line.EN += " (weekdays " + c.WeekdayHours + ")"
		}
		out = append(out, line)
	}
	return Item{Lines: out}
}
