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

// EvaluateConsent judges one consent record for the purpose it names. p may
// be nil when the purpose is unknown; then only the record itself is judged.
// The conditions are checked in a fixed order and the first failure is the
// verdict, so the same record always gives the same explanation.
func EvaluateConsent(c *himitsu.Consent, p *himitsu.Purpose) Verdict {
	// A consent recorded as default-on with notice is its own case: valid
	// only when users were told before the use began and can switch it off
	// at any time at no cost.
	if c.Method == himitsu.ConsentDefaultOnWithNotice {
		if !c.AdvanceNotice.True() {
			return Verdict{Code: notRecorded(c.AdvanceNotice, ConsentDefaultNoNotice)}
		}
		if !c.FreeOptOut.True() {
			return Verdict{Code: notRecorded(c.FreeOptOut, ConsentDefaultNoExit)}
		}
		return Verdict{Valid: true, Code: ConsentDefaultOn}
	}
	// The default-on case: the purpose applies unless the user opts out. It
	// stands only where users can switch it off at any time, through a
	// channel that is recorded; the guideline's commentary accepted such
	// handling via the terms only on those conditions.
	if p != nil && Yes(p.DefaultOn) && (c.Method == himitsu.ConsentTermsBundled || c.Method == himitsu.ConsentPreTicked || !Yes(c.Affirmative)) {
		if !Yes(p.OptOut) || (p.WithdrawalChannel == "" && c.WithdrawalChannel == "") {
			return Verdict{Code: ConsentDefaultNoExit}
		}
		return Verdict{Valid: true, Code: ConsentDefaultOn}
	}
	// The method alone settles the two commonest defects.
	if c.Method == himitsu.ConsentTermsBundled {
		return Verdict{Code: ConsentBundled}
	}
	if c.Method == himitsu.ConsentPreTicked {
		return Verdict{Code: ConsentPreTicked}
	}
	if !Yes(c.SeparateFromTerms) {
		return Verdict{Code: notRecorded(c.SeparateFromTerms, ConsentBundled)}
	}
	if !Yes(c.Affirmative) {
		return Verdict{Code: notRecorded(c.Affirmative, ConsentPreTicked)}
	}
	if !Yes(c.SpecificPurpose) {
		return Verdict{Code: notRecorded(c.SpecificPurpose, ConsentNotSpecific)}
	}
	if !Yes(c.ElementsListed) {
		return Verdict{Code: notRecorded(c.ElementsListed, ConsentNoElements)}
	}
	if c.WithdrawalChannel == "" && (p == nil || p.WithdrawalChannel == "") {
		return Verdict{Code: ConsentNoWithdrawal}
	}
	return Verdict{Valid: true, Code: ConsentValid}
}

// notRecorded gives ConsentNotRecorded when the fact a condition needs is
// not recorded, and code when it is recorded as not met.
func notRecorded(fact any, code string) string {
	if !Known(fact) {
		return ConsentNotRecorded
	}
	return code
}
