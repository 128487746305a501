package assess

import "github.com/himitsu-oss/himitsu"

// ruleDef is one rule of docs/rules.md.
type ruleDef struct {
	id, item string
	desc     himitsu.Text
	run      func(*env) []outcome
}

const ruleAttestationContradicted = "org.attestation-contradicted"

// ruleDefs lists the rules in the order of docs/rules.md. A new rule needs
// an entry here, the rule ID in the catalog item's rules, and test cases
// under testdata/rules/<rule-id>/.
func ruleDefs() []ruleDef {
	return []ruleDef{
		{"pol.plain-language", "5(1)i", tx("公開の方針・約款が平易でない、長文なのに要約がない、又は日本語版がない", "A public policy is not in plain language, is long without a layered summary, or has no Japanese version"), polPlainLanguage},
		{"pol.reachable", "5(1)ii", tx("公開のプライバシーポリシー・通信の秘密の方針がない、又は到達しにくい", "No public privacy or secrecy policy, or one that is hard to reach"), polReachable},
		{"pol.mandatory-beyond-necessity", "5(1)iii", tx("業務上必要でない通信の秘密の利用がサービス利用の条件になっている", "Using secrecy beyond operational need is a condition of the service"), polMandatory},
		{"pol.waiver-clause", "5(1)iv", tx("公開の文書に通信の秘密の放棄条項がある", "A public document contains a waiver of secrecy"), polWaiver},
		{"pol.no-opt-out", "5(1)iv", tx("同意に基づく目的が既定で有効なのにオプトアウトできない", "A consent-basis purpose is on by default without an opt-out"), polNoOptOut},
		{"pol.leak-responsibility", "5(1)v", tx("公開の文書が漏えいの責任を否認している、又は責任の所在を述べていない", "A public document disclaims liability for leaks, or none states responsibility"), polLeakResponsibility},
		{"use.terms-consent", "5(2)i", tx("通信の秘密に係る同意が約款と一体で取得されている", "Consents to use secrecy were obtained bundled with the terms"), useTermsConsent},
		{"use.consent-quality", "5(2)ii", tx("同意が事前チェック、目的不特定又は能動的でない方法で取得されている", "Consents were pre-ticked, not purpose-specific or not affirmative"), useConsentQuality},
		{"use.event-without-consent", "5(2)ii", tx("同意に基づく目的のアクセスについて、その時点で有効な同意がない", "Accesses under a consent-basis purpose without a consent active at the time"), useEventWithoutConsent},
		{"use.purpose-mismatch", "5(2)ii", tx("同意に基づく目的が対象としないデータセットへのアクセスがある", "Accesses under a consent-basis purpose to data sets the purpose does not list"), usePurposeMismatch},
		{"use.lawful-business-scope", "5(2)iii", tx("目的のない、又は正当業務行為の範囲外の通信の秘密へのアクセスがある", "Accesses to secrecy with no purpose or outside the lawful business purpose"), useLawfulBusinessScope},
		{"use.no-withdrawal", "5(2)iv", tx("同意に基づく目的に撤回の手段もオプトアウトもない", "A consent-basis purpose has neither a withdrawal channel nor an opt-out"), useNoWithdrawal},
		{"org.rules-officer", "5(3)(i)i", tx("通信の秘密の取扱規程又は責任者がない", "No secrecy rule or no secrecy officer"), orgRulesOfficer},
		{"org.audits", "5(3)(i)i", tx("通信の秘密を扱う委託先が監査されていない", "Contractors handling secrecy were not audited"), orgAudits},
		{"org.log-review", "5(3)(i)i", tx("持出し・印刷のあったデータセットのログが点検されていない", "Logs of data sets with exports or prints were not reviewed"), orgLogReview},
		{"org.late-report", "5(3)(i)i", tx("第28条又は個人情報保護法の報告が遅れた、又は未提出である", "An Art. 28 or APPI report was late or is overdue"), orgLateReport},
		{"org.system-risk-assessment", "5(3)(i)ii", tx("リスク評価のないシステム変更や故障が事故につながった", "An incident followed a system change that was not risk-assessed"), orgSystemRisk},
		{"org.attestation-contradicted", "5(3)(i)iii", tx("統制があるとの証明が記録と矛盾する", "An attestation claims a control the records contradict"), orgAttestationContradicted},
		{"org.unreported-known-leak", "5(3)(i)iii", tx("知ってから相当期間を経た通信の秘密の漏えいが報告されていない", "A secrecy leak known for a long time has no Art. 28 report"), orgUnreportedKnownLeak},
		{"org.root-cause", "5(3)(i)iv", tx("原因究明・再発防止が未了、期限切れ、又は機能していない", "Root cause or recurrence prevention is missing, overdue or did not work"), orgRootCause},
		{"hum.training-coverage", "5(3)(ii)i", tx("通信の秘密へのアクセス権を持つ者の教育が不足している", "People with access to secrecy lack training"), humTrainingCoverage},
		{"hum.repeated-takeout", "5(3)(ii)ii", tx("無承認の端末持出しの繰返しを把握しながら放置している", "Repeated unapproved terminal take-outs were noticed and left alone"), humRepeatedTakeout},
		{"hum.disclosure-incident", "5(3)(ii)iii", tx("従業者又は委託先による漏えい・窃用・知得がある", "A leak, use or obtaining of secrecy by staff or a contractor"), humDisclosureIncident},
		{"hum.unapproved-reentrustment", "5(3)(ii)iii", tx("通信の秘密を扱う再委託が承認されていない", "Re-entrustment of secrecy handling was not approved"), humUnapprovedReentrustment},
		{"phy.area-control", "5(3)(iii)i", tx("区域の入退管理が不十分、又は権限のない入室がある", "Areas lack entry control, or unauthorised entries occurred"), phyAreaControl},
		{"phy.entry-records", "5(3)(iii)ii", tx("管理区域の入退室記録がない", "A controlled area keeps no entry records"), phyEntryRecords},
		{"phy.retention-exceeded", "5(3)(iii)iii", tx("保存期間を超えて情報を保有している", "Information is held beyond its retention period"), phyRetentionExceeded},
		{"phy.no-retention-rule", "5(3)(iii)iii", tx("通信の秘密に係るデータセットに保存期間の定めがない", "A secrecy data set has no retention rule"), phyNoRetentionRule},
		{"tech.change-control", "5(3)(iv)i", tx("試験・確認・切戻し計画のない変更が事故につながった", "An untested or unreviewed change without rollback led to an incident"), techChangeControl},
		{"tech.security-protections", "5(3)(iv)ii", tx("特権アカウントの多要素認証やセキュリティ対策が欠けている", "Privileged accounts lack MFA, or security protections are missing"), techSecurityProtections},
		{"tech.environmental", "5(3)(iv)ii", tx("管理区域に消火設備又は無停電電源装置がない", "A controlled area lacks fire suppression or a UPS"), techEnvironmental},
		{"tech.stale-grants", "5(3)(iv)iii", tx("異動・退職後もアクセス権が残っている", "Access remains after transfers, reorganisations or departures"), techStaleGrants},
		{"tech.shared-accounts", "5(3)(iv)iii", tx("通信の秘密を扱うシステムで共用アカウントが使われている", "Shared accounts are used on systems holding secrecy"), techSharedAccounts},
		{"tech.extract-exposure", "5(3)(iv)iv", tx("抽出・バックアップが不要に広く読める、暗号化・承認・業務上の必要がない", "Extracts or backups are widely readable, unencrypted, unapproved or unneeded"), techExtractExposure},
		{"tech.unapproved-export", "5(3)(iv)iv", tx("持出し権限のない者による持出し・印刷がある", "Exports or prints by people without an export grant"), techUnapprovedExport},
		{"cmp.rules", "5(4)i", tx("苦情処理の規程がない", "No complaint-handling rule"), cmpRules},
		{"cmp.backlog", "5(4)i", tx("通信の秘密に関する苦情の多くが未処理又は処理に時間を要している", "Many secrecy-related complaints are open or slow to close"), cmpBacklog},
		{"cmp.leak-clue-escalation", "5(4)ii", tx("漏えいの端緒となる苦情が上申されていない、又は遅れている", "Leak-clue complaints were not escalated, or late"), cmpLeakClueEscalation},
		{"cmp.user-notification", "5(4)iii", tx("事故の影響を受けた利用者への通知がない、又は遅い", "Affected users were not notified, or late"), cmpUserNotification},
		{"cmp.desk-channels", "5(4)iv", tx("窓口の手段が少ない、書面の手段がない、又は受付時間が短い", "Too few desk channels, no written channel, or short opening hours"), cmpDeskChannels},
	}
}
