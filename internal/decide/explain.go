package decide

import "fmt"

// reasonText explains each reason code in English and Japanese.
var reasonText = map[string][2]string{
	ReasonAllowed:           {"allowed on the legal basis named", "記載の法的根拠により許可"},
	ReasonJustifiedByReview: {"allowed on a written justification of self-defence or necessity; the act must be reviewed", "正当防衛又は緊急避難の書面による理由に基づき許可。事後の審査が必要"},
	ReasonInvalidRequest:    {"the request is malformed", "要求の形式が不正"},
	ReasonNoSnapshot:        {"no records are loaded, so nothing can be allowed", "記録が読み込まれておらず、何も許可できない"},
	ReasonUnknownAccount:    {"the account is not in the register", "アカウントが台帳にない"},
	ReasonSharedAccount:     {"a shared account cannot be held to account by name; use a personal account", "共用アカウントでは個人を特定できない。個人アカウントを使うこと"},
	ReasonAccountDisabled:   {"the account was disabled", "アカウントは無効化されている"},
	ReasonUnknownPerson:     {"the person is not in the register", "従事者が台帳にない"},
	ReasonPersonLeft:        {"the person has left", "従事者は離任している"},
	ReasonActorMismatch:     {"the account belongs to another person", "アカウントは別の従事者のものである"},
	ReasonUnknownPurpose:    {"the purpose is not in the register", "目的が台帳にない"},
	ReasonUnknownDataSet:    {"the data set is not in the register", "データセットが台帳にない"},
	ReasonUnknownElement:    {"an element asked for is not an element of the data set", "求められた項目がデータセットの項目でない"},
	ReasonGrantMissing:      {"no access grant to the data set", "データセットへのアクセス権限がない"},
	ReasonGrantExpired:      {"the access grant has expired", "アクセス権限の期限が切れている"},
	ReasonGrantRevoked:      {"the access grant was revoked", "アクセス権限は取り消されている"},
	ReasonGrantNotYet:       {"the access grant is not yet in force", "アクセス権限はまだ有効でない"},
	ReasonGrantScope:        {"the access grant does not allow this action", "アクセス権限がこの操作を認めていない"},
	ReasonGrantPurpose:      {"the access grant is for another purpose", "アクセス権限は別の目的のものである"},
	ReasonBulkOverLimit:     {"the number of subscribers is over the person's limit and no second person approved", "加入者数が従事者の上限を超え、第二の承認者がいない"},
	ReasonBadApprover:       {"the second approver is unknown, has left, or is the actor", "第二の承認者が不明、離任済み又は本人である"},
	ReasonWarrantMissing:    {"the purpose rests on law but no known warrant is given", "目的は法令に基づくが、既知の令状が示されていない"},
	ReasonWarrantExpired:    {"the warrant is not valid at that time", "令状はその時点で有効でない"},
	ReasonWarrantScope:      {"the warrant does not cover these subscribers, data set or elements", "令状がこの加入者、データセット又は項目に及ばない"},
	ReasonNotLawfulOp:       {"the purpose's operation is not on the carrier's list of lawful business acts", "目的の業務が事業者の正当業務行為の一覧にない"},
	ReasonPurposeElements:   {"the elements asked for go beyond what the purpose needs", "求められた項目が目的に必要な範囲を超えている"},
	ReasonNoConsent:         {"the subscriber has not consented to this purpose", "加入者はこの目的に同意していない"},
	ReasonConsentWithdrawn:  {"the subscriber withdrew the consent", "加入者は同意を撤回した"},
	ReasonConsentNotYet:     {"the consent was given only after that time", "同意はその時点より後に得られた"},
	ReasonConsentInvalid:    {"the consent on record is not a valid consent", "記録された同意は有効な同意ではない"},
	ReasonConsentElements:   {"the consent does not cover every element asked for; a new element needs new consent", "同意が求められた項目の一部に及ばない。新たな項目には新たな同意が必要"},
	ReasonConsentNeedsList:  {"a consent-based request must list the subscribers", "同意に基づく要求は加入者を列挙しなければならない"},
	ReasonNoJustification:   {"self-defence and necessity need a written justification", "正当防衛及び緊急避難には書面による理由が必要"},
	ReasonNoBasis:           {"the purpose has no legal basis the decision point knows", "目的に判断点が知る法的根拠がない"},
}

// Explain says in English and Japanese why d was decided, naming the
// rule and record. It allocates; the hot path does not call it.
func (d Decision) Explain() (en, ja string) {
	t, ok := reasonText[d.Reason]
	if !ok {
		t = [2]string{d.Reason, d.Reason}
	}
	en, ja = t[0], t[1]
	if d.Basis != "" {
		en += fmt.Sprintf(" (basis %s)", d.Basis)
		ja += fmt.Sprintf("(根拠 %s)", d.Basis)
	}
	if d.Consent != "" {
		ce, cj := ConsentText(d.Consent)
		en += ": " + ce
		ja += ": " + cj
	}
	en += fmt.Sprintf("; rule %s", d.Rule)
	ja += fmt.Sprintf("。規則 %s", d.Rule)
	if d.Record != "" {
		en += fmt.Sprintf(", record %s/%s", d.Register, d.Record)
		ja += fmt.Sprintf("、記録 %s/%s", d.Register, d.Record)
	}
	if d.Subject != "" {
		en += ", subscriber " + d.Subject
		ja += "、加入者 " + d.Subject
	}
	return en, ja
}
