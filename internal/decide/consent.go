package decide

import "github.com/himitsu-oss/himitsu"

// Verdict is the outcome of judging whether one consent record is a valid
// consent for handling secrecy of communications, in the sense of the
// reference document on obtaining consent (domain-notes §4.4): individual,
// specific and clear; not blanket consent in the general terms; given by an
// affirmative act; easy to withdraw. The default-on case (handling users
// are told of in advance and can switch off at any time at no cost, such
// as spam filtering) is judged on its own conditions.
type Verdict struct {
	Valid bool
	// Code names the first condition that failed, or "valid" /
	// "default-on-with-notice" when the consent holds.
	Code string
}

// Verdict codes.
const (
	ConsentValid           = "valid"
	ConsentDefaultOn       = "default-on-with-notice"
	ConsentBundled         = "bundled-in-terms"
	ConsentPreTicked       = "not-affirmative"
	ConsentNotSpecific     = "purpose-not-specific"
	ConsentNoElements      = "elements-not-listed"
	ConsentNoWithdrawal    = "withdrawal-not-easy"
	ConsentDefaultNoExit   = "default-on-without-free-opt-out"
	ConsentNotRecorded     = "condition-not-recorded"
	ConsentDefaultNoNotice = "default-on-without-advance-notice"
)

// consentText explains each verdict code in English and Japanese.
var consentText = map[string][2]string{
	ConsentValid: {"the consent was individual, specific and clear, given by an affirmative act on a screen of its own, and can be withdrawn",
		"同意は個別具体的かつ明確で、約款とは別の画面での積極的な行為により得られ、撤回できる"},
	ConsentDefaultOn: {"default-on handling: users were told in advance and can switch it off at any time at no cost [verify the exact conditions]",
		"初期設定で有効な取扱い: 事前に周知され、いつでも無償で停止できる [要確認: 正確な要件]"},
	ConsentBundled: {"blanket consent bundled in the general terms is in general not valid consent for secrecy of communications",
		"約款に含めた包括的な事前同意は、一般に通信の秘密についての有効な同意とはならない"},
	ConsentPreTicked: {"the consent was not given by an affirmative act (a pre-ticked box is not consent)",
		"同意が利用者の積極的な行為によらない(あらかじめチェックされた欄は同意ではない)"},
	ConsentNotSpecific: {"the notice did not name the specific purpose; a general purpose is not specific consent",
		"通知が具体的な目的を示していない。一般的な目的では個別具体的な同意にならない"},
	ConsentNoElements: {"the notice did not list the information used, so the user could not know what was consented to",
		"通知が利用する情報を列挙しておらず、利用者は何に同意したか分からない"},
	ConsentNoWithdrawal: {"no channel to withdraw the consent is recorded; withdrawal must be easy and possible at any time",
		"同意を撤回する窓口が記録されていない。撤回は容易でいつでも可能でなければならない"},
	ConsentNotRecorded: {"a condition of valid consent is not recorded for this consent, so it cannot be relied on until it is",
		"この同意について有効な同意の要件が記録されておらず、記録されるまで根拠にできない"},
	ConsentDefaultNoNotice: {"default-on handling that users were not told of before it began",
		"初期設定で有効な取扱いだが、開始前に利用者へ周知されていない"},
	ConsentDefaultNoExit: {"default-on handling without an opt-out that users can use at any time at no cost",
		"初期設定で有効な取扱いだが、利用者がいつでも無償で停止できる手段がない"},
}

// ConsentText returns the English and Japanese explanation of a verdict code.
func ConsentText(code string) (en, ja string) {
	t := consentText[code]
	return t[0], t[1]
}

// Defect is one condition of valid consent that a consent record fails,
// or whose fact the record does not hold.
type Defect struct {
	// Code is the verdict code of the condition (ConsentBundled, …).
	Code string
	// Field is the record's field that shows it: "method",
	// "separate_from_terms", "affirmative", "specific_purpose",
	// "elements_listed", "withdrawal_channel", "advance_notice",
	// "free_opt_out", or "opt_out" of the purpose.
	Field string
	// Unknown is true when the fact is not recorded (neither yes nor no).
	Unknown bool
}

// EvaluateConsent judges one consent record for the purpose it names. p may
// be nil when the purpose is unknown; then only the record itself is judged.
// The conditions are checked in a fixed order and the first failure is the
// verdict (ConsentNotRecorded when its fact is not recorded), so the same
// record always gives the same explanation.
func EvaluateConsent(c *himitsu.Consent, p *himitsu.Purpose) Verdict {
	var first Defect
	found := false
	ok := walkConsent(c, p, func(d Defect) bool { first, found = d, true; return false })
	if !found {
		return Verdict{Valid: true, Code: ok}
	}
	if first.Unknown {
		return Verdict{Code: ConsentNotRecorded}
	}
	return Verdict{Code: first.Code}
}

// ConsentDefects returns every condition of valid consent the record fails
// or does not record, in EvaluateConsent's order (its first element decides
// EvaluateConsent's verdict), and the verdict code when there is none
// (ConsentValid or ConsentDefaultOn). The assessment's consent rules
// (guideline 5(2)i–ii) read it, so that they and the decision point judge
// a consent by one evaluation.
func ConsentDefects(c *himitsu.Consent, p *himitsu.Purpose) (valid string, defects []Defect) {
	valid = walkConsent(c, p, func(d Defect) bool { defects = append(defects, d); return true })
	if len(defects) > 0 {
		valid = ""
	}
	return valid, defects
}

// walkConsent calls fn for each failed condition in order until fn returns
// false, and returns the verdict code a consent without defects has.
func walkConsent(c *himitsu.Consent, p *himitsu.Purpose, fn func(Defect) bool) string {
	check := func(fact any, code, field string) bool {
		if Yes(fact) {
			return true
		}
		return fn(Defect{Code: code, Field: field, Unknown: !Known(fact)})
	}
	// A consent recorded as default-on with notice is its own case: valid
	// only when users were told before the use began and can switch it off
	// at any time at no cost.
	if c.Method == himitsu.ConsentDefaultOnWithNotice {
		_ = check(c.AdvanceNotice, ConsentDefaultNoNotice, "advance_notice") &&
			check(c.FreeOptOut, ConsentDefaultNoExit, "free_opt_out")
		return ConsentDefaultOn
	}
	// The default-on case: the purpose applies unless the user opts out. It
	// stands only where users can switch it off at any time, through a
	// channel that is recorded; the guideline's commentary accepted such
	// handling via the terms only on those conditions.
	// When the exception does not hold, the consent must stand as an
	// ordinary one, so the ordinary conditions follow.
	if p != nil && Yes(p.DefaultOn) && (c.Method == himitsu.ConsentTermsBundled || c.Method == himitsu.ConsentPreTicked || !Yes(c.Affirmative)) {
		if Yes(p.OptOut) && (p.WithdrawalChannel != "" || c.WithdrawalChannel != "") {
			return ConsentDefaultOn
		}
		if !fn(Defect{Code: ConsentDefaultNoExit, Field: "opt_out"}) {
			return ConsentValid
		}
	}
	// The method alone settles the two commonest defects; the facts that
	// repeat what the method says are then not asked again.
	switch c.Method {
	case himitsu.ConsentTermsBundled:
		if !fn(Defect{Code: ConsentBundled, Field: "method"}) {
			return ConsentValid
		}
	case himitsu.ConsentPreTicked:
		if !fn(Defect{Code: ConsentPreTicked, Field: "method"}) {
			return ConsentValid
		}
	}
	if c.Method != himitsu.ConsentTermsBundled && !check(c.SeparateFromTerms, ConsentBundled, "separate_from_terms") {
		return ConsentValid
	}
	if c.Method != himitsu.ConsentPreTicked && !check(c.Affirmative, ConsentPreTicked, "affirmative") {
		return ConsentValid
	}
	if !check(c.SpecificPurpose, ConsentNotSpecific, "specific_purpose") || !check(c.ElementsListed, ConsentNoElements, "elements_listed") {
		return ConsentValid
	}
	if c.WithdrawalChannel == "" && (p == nil || p.WithdrawalChannel == "") {
		fn(Defect{Code: ConsentNoWithdrawal, Field: "withdrawal_channel"})
	}
	return ConsentValid
}
