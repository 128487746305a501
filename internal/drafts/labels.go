package drafts

import "github.com/himitsu-oss/himitsu"

// The words the drafts use for the vocabulary's values. A value without
// a label here is shown as recorded, so a new value never vanishes.

var kindLabels = map[himitsu.IncidentKind]Text{
	himitsu.IncidentLeak:                  t("通信の秘密の漏えい", "leak of the secrecy of communications"),
	himitsu.IncidentUnauthorizedUse:       t("通信の秘密の窃用", "unauthorized use of the secrecy of communications"),
	himitsu.IncidentUnauthorizedObtaining: t("通信の秘密の知得", "unauthorized obtaining of the secrecy of communications"),
	himitsu.IncidentPersonalDataLeak:      t("個人データの漏えい", "leak of personal data"),
	himitsu.IncidentPersonalDataLoss:      t("個人データの滅失", "loss of personal data"),
	himitsu.IncidentPersonalDataDamage:    t("個人データの毀損", "damage to personal data"),
	himitsu.IncidentOutage:                t("電気通信役務の停止・品質の低下", "suspension or degradation of service"),
	himitsu.IncidentNearMiss:              t("ヒヤリハット（未然に防いだ事象）", "near miss"),
	himitsu.IncidentSuspicion:             t("疑い（調査中）", "suspicion under investigation"),
}

var classLabels = map[himitsu.SecrecyClass]Text{
	himitsu.ClassContent:              t("通信の内容", "content of communications"),
	himitsu.ClassDateTime:             t("通信の日時", "date and time of communications"),
	himitsu.ClassPlace:                t("通信の場所", "place of communications"),
	himitsu.ClassPartyName:            t("通信当事者の氏名", "names of the parties"),
	himitsu.ClassPartyAddress:         t("通信当事者の住所・居所", "addresses of the parties"),
	himitsu.ClassPartyLocation:        t("通信当事者の位置", "locations of the parties"),
	himitsu.ClassIdentifier:           t("通信当事者の識別符号（電話番号等）", "identifiers of the parties (phone numbers etc.)"),
	himitsu.ClassCount:                t("通信の回数", "number of communications"),
	himitsu.ClassExistence:            t("通信の存否", "whether a communication took place"),
	himitsu.ClassLocationRegistration: t("位置登録情報", "location registration information"),
	himitsu.ClassPersonal:             t("個人情報（通信の秘密に当たらないもの）", "personal information (not secrecy of communications)"),
	himitsu.ClassOther:                t("その他", "other"),
}

var causeLabels = map[himitsu.CauseCategory]Text{
	himitsu.CauseEmployeeNegligence:  t("従業者の過失", "negligence of an employee"),
	himitsu.CauseEmployeeIntentional: t("従業者の故意による行為", "intentional act of an employee"),
	himitsu.CauseContractor:          t("委託先による行為", "act of a contractor"),
	himitsu.CauseSystemChange:        t("システムの変更", "system change"),
	himitsu.CauseMalfunction:         t("設備・システムの不具合", "malfunction of equipment or systems"),
	himitsu.CauseAttack:              t("外部からの攻撃", "attack from outside"),
	himitsu.CauseEnvironmental:       t("自然災害等の環境要因", "environmental cause such as a disaster"),
	himitsu.CauseUnknown:             t("不明（調査中）", "unknown (under investigation)"),
}

var unitLabels = map[himitsu.CountUnit]Text{
	himitsu.UnitPersons: t("人", "persons"),
	himitsu.UnitLines:   t("回線", "lines"),
	himitsu.UnitRecords: t("件", "records"),
}

var channelLabels = map[himitsu.Channel]Text{
	himitsu.ChannelPhone:        t("電話", "telephone"),
	himitsu.ChannelMail:         t("郵送", "post"),
	himitsu.ChannelFax:          t("ファクシミリ", "fax"),
	himitsu.ChannelEmail:        t("電子メール", "e-mail"),
	himitsu.ChannelWeb:          t("ウェブサイト", "website"),
	himitsu.ChannelChat:         t("チャット", "chat"),
	himitsu.ChannelInPerson:     t("窓口", "in person"),
	himitsu.ChannelSMS:          t("SMS", "SMS"),
	himitsu.ChannelApp:          t("アプリ内通知", "in-app message"),
	himitsu.ChannelTextRelay:    t("文字による電話リレー", "text relay"),
	himitsu.ChannelSignLanguage: t("手話", "sign language"),
}

var functionLabels = map[himitsu.Function]Text{
	himitsu.FunctionFrontLine:         t("現場の担当者", "front-line staff"),
	himitsu.FunctionCustomerSupport:   t("お客さま窓口", "customer support"),
	himitsu.FunctionNetworkOperations: t("ネットワーク運用部門", "network operations"),
	himitsu.FunctionSecurity:          t("セキュリティ部門", "security"),
	himitsu.FunctionFraud:             t("不正対策部門", "fraud team"),
	himitsu.FunctionDevelopment:       t("開発部門", "development"),
	himitsu.FunctionCompliance:        t("コンプライアンス部門", "compliance"),
	himitsu.FunctionManagement:        t("経営層", "management"),
	himitsu.FunctionContractor:        t("委託先", "contractor"),
	himitsu.FunctionOther:             t("その他の部門", "other function"),
	himitsu.FunctionSecrecyOfficer:    t("通信の秘密の管理責任者", "secrecy officer"),
	himitsu.FunctionPrivacyOffice:     t("個人情報保護部門", "privacy office"),
	himitsu.FunctionIncidentTeam:      t("インシデント対応チーム", "incident team"),
	himitsu.FunctionEngineering:       t("技術部門", "engineering"),
	himitsu.FunctionLegal:             t("法務部門", "legal"),
}

var stepLabels = map[himitsu.KnowledgeStep]Text{
	himitsu.KnowledgeClue:      t("端緒", "clue"),
	himitsu.KnowledgeDetected:  t("検知", "detected"),
	himitsu.KnowledgeConfirmed: t("事実の確認", "confirmed"),
	himitsu.KnowledgeEscalated: t("報告・エスカレーション", "escalated"),
}

var registrationLabels = map[himitsu.Registration]Text{
	himitsu.Registered: t("登録（電気通信事業法第9条）", "registered (Act Art. 9)"),
	himitsu.Notified:   t("届出（同法第16条第1項）", "notified (Act Art. 16(1))"),
	himitsu.Exempt:     t("適用除外（同法第164条第1項）", "exempt (Act Art. 164(1))"),
}

var lawStageLabels = map[[2]string]Text{
	{string(himitsu.LawTBA28), string(himitsu.StageFirst)}:        t("電気通信事業法第28条 第一報", "TBA Art. 28 first report"),
	{string(himitsu.LawTBA28), string(himitsu.StageDetailed)}:     t("電気通信事業法第28条 詳細報告", "TBA Art. 28 detailed report"),
	{string(himitsu.LawAPPI26), string(himitsu.StagePreliminary)}: t("個人情報保護法第26条 速報", "APPI Art. 26 preliminary report"),
	{string(himitsu.LawAPPI26), string(himitsu.StageFinal)}:       t("個人情報保護法第26条 確報", "APPI Art. 26 final report"),
}

// label looks v up in m, falling back to the recorded value.
func label[K ~string](m map[K]Text, v K) Text {
	if x, ok := m[v]; ok {
		return x
	}
	return same(string(v))
}

func factText(f himitsu.Fact) Text {
	switch {
	case f.True():
		return t("あり", "yes")
	case f.False():
		return t("なし", "no")
	}
	return t("不明", "unknown")
}

var originLabels = map[himitsu.IncidentOrigin]Text{
	himitsu.OriginComplaint:        t("お客さまからの申告・相談", "a customer's complaint or enquiry"),
	himitsu.OriginAlert:            t("監視・セキュリティの警報", "a monitoring or security alert"),
	himitsu.OriginAccessLog:        t("アクセス記録の点検", "a review of the access logs"),
	himitsu.OriginContractorReport: t("委託先からの報告", "a contractor's report"),
	himitsu.OriginManual:           t("報道・通報・自らの気付き", "a press report, a tip or the carrier's own observation"),
}

var noticeKindLabels = map[himitsu.NoticeKind]Text{
	himitsu.NoticePublic:           t("公表（ウェブサイト等）", "public notice"),
	himitsu.NoticeHotline:          t("専用窓口", "dedicated hotline"),
	himitsu.NoticeIndividualLetter: t("個別の通知", "individual letter or e-mail"),
	himitsu.NoticeInApp:            t("アプリ・会員ページでの通知", "in-app or portal message"),
	himitsu.NoticeOther:            t("その他", "other"),
}

var measureStatusLabels = map[himitsu.MeasureStatus]Text{
	himitsu.MeasurePlanned:    t("計画", "planned"),
	himitsu.MeasureInProgress: t("実施中", "in progress"),
	himitsu.MeasureDone:       t("実施済み（効果未検証）", "done, not yet verified"),
	himitsu.MeasureVerified:   t("効果を検証済み", "verified"),
	himitsu.MeasureAbandoned:  t("中止", "abandoned"),
}

var verificationLabels = map[himitsu.VerificationResult]Text{
	himitsu.VerificationEffective:   t("有効", "effective"),
	himitsu.VerificationPartial:     t("一部有効", "partly effective"),
	himitsu.VerificationIneffective: t("効果なし", "ineffective"),
}
