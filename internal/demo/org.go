package demo

import (
	"github.com/himitsu-oss/himitsu"
)

// Organisation, service, data set and purpose IDs that the rest of the
// generator refers to.
const (
	carrierID = "aoba-networks"
	orgAoba   = "org-aoba"
	orgCC     = "org-michinoku-contact" // contractor: call centre operation
	orgNOC    = "org-tohoku-neteng"     // contractor: network monitoring
	orgSub    = "org-morinomiyako-sys"  // subcontractor of orgNOC: maintenance

	svcVoice    = "svc-mvno-voice"
	svcData     = "svc-mvno-data"
	svcISP      = "svc-isp"
	svcLocation = "svc-location-offers"
	svcBilling  = "svc-billing"
	svcSupport  = "svc-support"

	dsCDR      = "ds-voice-cdr"
	dsSMS      = "ds-sms"
	dsGTP      = "ds-gtp-sessions"
	dsRADIUS   = "ds-radius-auth"
	dsCGNAT    = "ds-cgnat-log"
	dsDNS      = "ds-dns-log"
	dsBilling  = "ds-billing-details"
	dsSubs     = "ds-subscriber-master"
	dsTickets  = "ds-complaint-tickets"
	dsLocation = "ds-location-registration"

	purBilling   = "pur-billing"
	purCharging  = "pur-charging"
	purFraud     = "pur-fraud-prevention"
	purNetops    = "pur-network-operation"
	purComplaint = "pur-complaint-handling"
	purMarketing = "pur-marketing-analytics"
	purLocation  = "pur-location-offers"

	sysCDR      = "sys-cdr"
	sysIntranet = "sys-intranet"

	areaMRSendai  = "area-mr-sendai"
	areaMRMorioka = "area-mr-morioka"
	areaCallCtr   = "area-call-centre"
	areaBilling   = "area-billing-office"

	polPrivacy   = "pol-privacy"
	polRetention = "pol-retention-rule"
	polComplaint = "pol-complaint-rule"
	polInternal  = "pol-secrecy-handling-rule"
)

func el(name string, c himitsu.SecrecyClass, desc string) himitsu.DataElement {
	return himitsu.DataElement{Name: name, Class: c, Description: desc}
}

// organisation writes the carrier, its contract chain, services, data
// sets, purposes, policies and areas: everything that refers to no person.
func (g *gen) organisation() {
	r := g.rec
	r.Carrier = himitsu.Carrier{
		ID:                 carrierID,
		Name:               "あおばネットワークス株式会社",
		NameEN:             "Aoba Networks K.K.",
		Registration:       himitsu.Notified,
		RegistrationNumber: "A-02-18734",
		HeadOfficeBureau:   "tohoku",
		Subscribers:        baseSubscribers * g.scale,
	}
	r.Organisations = []himitsu.Organisation{
		{ID: orgAoba, Name: "あおばネットワークス株式会社 (Aoba Networks K.K.)", Kind: himitsu.OrgCarrier, Country: "JP"},
		{ID: orgCC, Name: "みちのくコンタクトサービス株式会社 (Michinoku Contact Service K.K.)", Kind: himitsu.OrgContractor,
			Parent: orgAoba, HandlesSecrecy: himitsu.Yes, ConfidentialityClause: himitsu.Yes, ContractStart: g.day(-2400),
			Roles: []himitsu.OrgKind{himitsu.OrgGroupCompany}, Owner: orgAoba, OwnerShare: 60, Country: "JP"},
		{ID: orgNOC, Name: "東北ネットワークエンジニアリング株式会社 (Tohoku Network Engineering K.K.)", Kind: himitsu.OrgContractor,
			Parent: orgAoba, HandlesSecrecy: himitsu.Yes, ConfidentialityClause: himitsu.Yes, ReentrustmentApproved: himitsu.Yes, ContractStart: g.day(-2000)},
		{ID: orgSub, Name: "杜の都システムサポート有限会社 (Morinomiyako System Support Y.K.)", Kind: himitsu.OrgSubcontractor,
			Parent: orgNOC, HandlesSecrecy: himitsu.Yes, ConfidentialityClause: himitsu.Yes, ReentrustmentApproved: himitsu.Yes, ContractStart: g.day(-1500)},
	}
	subs := baseSubscribers * g.scale
	mobile := int(float64(subs) * mobileShare)
	r.Services = []himitsu.Service{
		{ID: svcVoice, Name: "あおばモバイル 音声・SMS (Aoba Mobile voice and SMS)", Kind: himitsu.ServiceTelecom,
			Subscribers: mobile * 45 / 100, LaunchedOn: himitsu.Date{Year: 2017, Month: 4, Day: 1},
			Description: "MVNO voice and SMS on a host network; the carrier runs its own mediation and HSS.", Charging: himitsu.ChargingPaid},
		{ID: svcData, Name: "あおばモバイル データ通信 (Aoba Mobile data)", Kind: himitsu.ServiceTelecom,
			Subscribers: mobile, LaunchedOn: himitsu.Date{Year: 2016, Month: 10, Day: 1},
			Description: "MVNO mobile data with the carrier's own PGW.", Charging: himitsu.ChargingPaid},
		{ID: svcISP, Name: "あおば光インターネット (Aoba Hikari internet)", Kind: himitsu.ServiceTelecom,
			Subscribers: subs - mobile, LaunchedOn: himitsu.Date{Year: 2009, Month: 6, Day: 1},
			Description: "FTTH internet access (ISP) with CGNAT and resolvers.", Charging: himitsu.ChargingPaid},
		{ID: svcLocation, Name: "おでかけクーポン (location-based offers)", Kind: himitsu.ServiceBasedOn, MainService: svcData,
			LaunchedOn:  himitsu.Date{Year: 2024, Month: 4, Day: 1},
			Description: "Coupons from local shops near where a consenting user's phone is registered.", Charging: himitsu.ChargingFree},
		{ID: svcBilling, Name: "料金計算・請求 (charging and billing)", Kind: himitsu.ServiceBusinessWork,
			Description: "Rating, invoicing and itemised bills for all services."},
		{ID: svcSupport, Name: "お客さまサポート (customer support)", Kind: himitsu.ServiceBusinessWork,
			Description: "Call centre, web form and e-mail support for all services."},
	}
	r.DataSets = []himitsu.DataSet{
		{ID: dsCDR, Name: "音声通話記録 (voice CDR)", Service: svcVoice, System: sysCDR, Location: areaMRSendai, Elements: []himitsu.DataElement{
			el("calling_number", himitsu.ClassIdentifier, "caller's number"),
			el("called_number", himitsu.ClassIdentifier, "callee's number"),
			el("start_time", himitsu.ClassDateTime, "call start"),
			el("duration", himitsu.ClassDateTime, "call length"),
			el("first_cell", himitsu.ClassPartyLocation, "serving cell at call start"),
		}},
		{ID: dsSMS, Name: "SMS送受信記録 (SMS records)", Service: svcVoice, System: sysCDR, Location: areaMRSendai, Elements: []himitsu.DataElement{
			el("sender", himitsu.ClassIdentifier, "sending number"),
			el("recipient", himitsu.ClassIdentifier, "receiving number"),
			el("sent_at", himitsu.ClassDateTime, "submission time"),
		}},
		{ID: dsGTP, Name: "データ通信セッション記録 (data session / GTP records)", Service: svcData, System: "sys-pgw", Location: areaMRSendai, Elements: []himitsu.DataElement{
			el("imsi", himitsu.ClassIdentifier, "subscriber identity"),
			el("session_start", himitsu.ClassDateTime, "PDP/PDN session start"),
			el("bytes", himitsu.ClassCount, "volume transferred"),
			el("cell", himitsu.ClassPartyLocation, "serving cell"),
		}},
		{ID: dsRADIUS, Name: "RADIUS認証ログ (RADIUS authentication log)", Service: svcISP, System: "sys-aaa", Location: areaMRMorioka, Elements: []himitsu.DataElement{
			el("user_id", himitsu.ClassIdentifier, "ISP login"),
			el("auth_time", himitsu.ClassDateTime, "authentication time"),
			el("framed_ip", himitsu.ClassIdentifier, "assigned address"),
		}},
		{ID: dsCGNAT, Name: "CGNAT変換ログ (CGNAT translation log)", Service: svcISP, System: "sys-cgnat", Location: areaMRMorioka, Elements: []himitsu.DataElement{
			el("inside_ip", himitsu.ClassIdentifier, "subscriber's private address"),
			el("outside_ip_port", himitsu.ClassIdentifier, "public address and port"),
			el("mapped_at", himitsu.ClassDateTime, "mapping time"),
		}},
		{ID: dsDNS, Name: "DNS問い合わせログ (DNS query log)", Service: svcISP, System: "sys-dns", Location: areaMRMorioka, Elements: []himitsu.DataElement{
			el("client_ip", himitsu.ClassIdentifier, "resolver client"),
			el("qname", himitsu.ClassPartyName, "name looked up: reveals the other party"),
			el("queried_at", himitsu.ClassDateTime, "query time"),
		}},
		{ID: dsBilling, Name: "料金明細 (billing details)", Service: svcBilling, System: "sys-billing", Location: areaMRSendai, Elements: []himitsu.DataElement{
			el("subscriber", himitsu.ClassIdentifier, "billed number"),
			el("called_number", himitsu.ClassIdentifier, "itemised destination"),
			el("call_count", himitsu.ClassCount, "number of calls"),
			el("amount", himitsu.ClassPersonal, "charge"),
		}},
		{ID: dsSubs, Name: "契約者情報 (subscriber master)", Service: svcBilling, System: "sys-crm", Location: areaMRSendai, Elements: []himitsu.DataElement{
			el("name", himitsu.ClassPersonal, "contract holder"),
			el("address", himitsu.ClassPersonal, "billing address"),
			el("plan", himitsu.ClassOther, "tariff plan"),
		}},
		{ID: dsTickets, Name: "問い合わせチケット (complaint tickets)", Service: svcSupport, System: "sys-crm", Location: areaMRSendai, Elements: []himitsu.DataElement{
			el("caller", himitsu.ClassPersonal, "who contacted the desk"),
			el("quoted_call", himitsu.ClassDateTime, "communications the user quotes"),
			el("quoted_party", himitsu.ClassIdentifier, "numbers the user quotes"),
		}},
		{ID: dsLocation, Name: "位置登録情報 (location registration)", Service: svcData, System: "sys-hss", Location: areaMRSendai, Elements: []himitsu.DataElement{
			el("imsi", himitsu.ClassIdentifier, "subscriber identity"),
			el("tracking_area", himitsu.ClassLocationRegistration, "registered area of an idle phone"),
			el("updated_at", himitsu.ClassDateTime, "update time"),
		}},
	}
	for i := range r.DataSets {
		g.dsByID[r.DataSets[i].ID] = &r.DataSets[i]
	}
	lawful := func(id, name, desc string, lb himitsu.LawfulBusiness, ds []string, cl []himitsu.SecrecyClass, svc []string) himitsu.Purpose {
		return himitsu.Purpose{ID: id, Name: name, Description: desc, Basis: himitsu.BasisLawfulBusiness, LawfulBusiness: lb,
			DataSets: ds, Classes: cl, Services: svc, MandatoryForService: himitsu.Yes, OperationallyNecessary: himitsu.Yes}
	}
	idc := []himitsu.SecrecyClass{"identifier", "datetime"}
	r.Purposes = []himitsu.Purpose{
		lawful(purBilling, "料金請求 (billing)", "Invoices and itemised bills.", "billing",
			[]string{dsBilling, dsSubs}, append(idc, "count"), []string{svcVoice, svcData, svcISP, svcBilling}),
		lawful(purCharging, "課金 (charging)", "Rating of calls, messages and data.", "charging",
			[]string{dsCDR, dsSMS, dsGTP, dsBilling}, append(idc, "count"), []string{svcVoice, svcData, svcBilling}),
		lawful(purFraud, "不正利用防止 (fraud prevention)", "Detecting SIM-box, subscription fraud and account takeover.", "fraud-prevention",
			[]string{dsCDR, dsSMS, dsGTP, dsCGNAT, dsRADIUS, dsBilling, dsSubs}, append(idc, "count", "party-location"), []string{svcVoice, svcData, svcISP}),
		lawful(purNetops, "ネットワーク運用 (network operation)", "Fault handling, capacity and abuse handling.", "network-operation",
			[]string{dsCDR, dsSMS, dsGTP, dsRADIUS, dsCGNAT, dsDNS, dsLocation}, append(idc, "party-location", "party-name", "location-registration"), []string{svcVoice, svcData, svcISP}),
		lawful(purComplaint, "苦情・問い合わせ対応 (complaint handling)", "Answering users' questions about their own communications and bills.", "complaints",
			[]string{dsTickets, dsSubs, dsCDR, dsSMS, dsBilling}, idc, []string{svcVoice, svcData, svcISP, svcSupport}),
		{ID: purMarketing, Name: "利用傾向の分析 (marketing analytics)", Description: "Usage analysis to suggest better plans, only for users who agreed.",
			Basis: himitsu.BasisConsent, DataSets: []string{dsGTP, dsBilling}, Classes: []himitsu.SecrecyClass{"count", "datetime"},
			Services: []string{svcData}, OptOut: himitsu.Yes, WithdrawalChannel: "マイページ・アプリの設定画面 (My Page or app settings)"},
		{ID: purLocation, Name: "位置に応じたクーポン配信 (location-based offers)", Description: "Offers from shops near the user's registered area, only for users who agreed.",
			Basis: himitsu.BasisConsent, DataSets: []string{dsLocation}, Classes: []himitsu.SecrecyClass{"location-registration"},
			Services: []string{svcLocation}, OptOut: himitsu.Yes, WithdrawalChannel: "アプリの設定画面・コールセンター (app settings or call centre)"},
	}
	pub := func(id, title string, kind himitsu.PolicyKind, url string, chars int) himitsu.Policy {
		return himitsu.Policy{ID: id, Title: title, Kind: kind, Version: "2026.1", URL: url, Public: himitsu.Yes,
			PublishedOn: g.day(-300), ReviewedOn: g.day(-60), Languages: []string{"ja", "en"}, ClicksFromTop: 1,
			Characters: chars, PlainLanguage: himitsu.Yes, LayeredSummary: himitsu.Yes, StatesLeakResponsibility: himitsu.Yes}
	}
	internal := func(id, title string, kind himitsu.PolicyKind) himitsu.Policy {
		return himitsu.Policy{ID: id, Title: title, Kind: kind, Version: "2026.1", PublishedOn: g.day(-480),
			ReviewedOn: g.day(-90), Languages: []string{"ja"}}
	}
	const site = "https://www.aoba-net.example.jp"
	r.Policies = []himitsu.Policy{
		pub(polPrivacy, "プライバシーポリシー (Privacy policy)", himitsu.PolicyPrivacy, site+"/privacy/", 14800),
		pub("pol-secrecy", "通信の秘密の取扱いについて (How we protect the secrecy of communications)", himitsu.PolicySecrecy, site+"/secrecy/", 9600),
		pub("pol-terms-mobile", "あおばモバイル契約約款 (Aoba Mobile terms)", himitsu.PolicyTerms, site+"/terms/mobile/", 41000),
		pub("pol-terms-isp", "あおば光インターネット契約約款 (Aoba Hikari terms)", himitsu.PolicyTerms, site+"/terms/isp/", 36500),
		pub("pol-notice-marketing", "利用傾向の分析に関する同意事項 (Consent notice: marketing analytics)", himitsu.PolicyConsentNotice, site+"/consent/analytics/", 3200),
		pub("pol-notice-location", "位置情報の利用に関する同意事項 (Consent notice: location-based offers)", himitsu.PolicyConsentNotice, site+"/consent/location/", 2900),
		internal(polInternal, "通信の秘密の取扱規程 (Rules for handling the secrecy of communications)", himitsu.PolicyInternalRule),
		internal(polComplaint, "苦情等処理規程 (Complaint handling rules)", himitsu.PolicyComplaintRule),
		internal(polRetention, "記録保存期間規程 (Retention rules)", himitsu.PolicyRetentionRule),
		internal("pol-incident-rule", "事故対応規程 (Incident response rules)", himitsu.PolicyIncidentRule),
		internal("pol-security-rule", "情報セキュリティ規程 (Information security rules)", himitsu.PolicySecurityRule),
		internal("pol-takeout-rule", "業務端末持出し規程 (Rules for taking terminals out)", himitsu.PolicyTakeoutRule),
	}
	r.Areas = []himitsu.Area{
		{ID: areaMRSendai, Name: "仙台データセンター マシンルーム (Sendai data centre machine room)", Kind: himitsu.AreaControlled,
			Site: "site-sendai-dc", AccessControl: "card+biometric", EntryLog: himitsu.Yes, CCTV: himitsu.Yes,
			DataSets: []string{dsCDR, dsSMS, dsGTP, dsBilling, dsSubs, dsTickets, dsLocation}},
		{ID: areaMRMorioka, Name: "盛岡局舎 マシンルーム (Morioka station machine room)", Kind: himitsu.AreaControlled,
			Site: "site-morioka", AccessControl: "card", CCTV: himitsu.Yes,
			DataSets: []string{dsRADIUS, dsCGNAT, dsDNS}},
		{ID: areaCallCtr, Name: "泉コールセンター (Izumi call centre)", Kind: himitsu.AreaHandling,
			Site: "site-sendai-izumi", AccessControl: "card", EntryLog: himitsu.Yes, CCTV: himitsu.Yes,
			DataSets: []string{dsTickets, dsSubs, dsCDR, dsSMS, dsBilling}},
		{ID: areaBilling, Name: "本社 料金センター (head office billing centre)", Kind: himitsu.AreaHandling,
			Site: "site-sendai-hq", AccessControl: "card", EntryLog: himitsu.Yes,
			DataSets: []string{dsBilling, dsSubs, dsCDR, dsSMS, dsGTP}},
	}
}
