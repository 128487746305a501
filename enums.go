package himitsu

// Enumerations of the registers. Each type lists its values in Values so
// that validation, the bundle's JSON Schemas and the documentation are made
// from one list. Values are lower-case kebab-case and never renamed.

// Registration is how a carrier entered the telecommunications business.
type Registration string

const (
	Registered Registration = "registered" // Act Art. 9
	Notified   Registration = "notified"   // Act Art. 16(1)
	Exempt     Registration = "exempt"     // Act Art. 164(1)
)

func (Registration) Values() []string { return []string{"registered", "notified", "exempt"} }

// Bureau is a regional Bureau of Telecommunications (総合通信局), which
// receives a carrier's Art. 28 reports for its head office's region.
type Bureau string

const (
	BureauHokkaido Bureau = "hokkaido"
	BureauTohoku   Bureau = "tohoku"
	BureauKanto    Bureau = "kanto"
	BureauShinetsu Bureau = "shinetsu"
	BureauHokuriku Bureau = "hokuriku"
	BureauTokai    Bureau = "tokai"
	BureauKinki    Bureau = "kinki"
	BureauChugoku  Bureau = "chugoku"
	BureauShikoku  Bureau = "shikoku"
	BureauKyushu   Bureau = "kyushu"
	BureauOkinawa  Bureau = "okinawa" // Okinawa General Bureau
)

func (Bureau) Values() []string {
	return []string{"hokkaido", "tohoku", "kanto", "shinetsu", "hokuriku", "tokai", "kinki", "chugoku", "shikoku", "kyushu", "okinawa"}
}

// OrgKind places an organisation in the carrier's contract chain.
type OrgKind string

const (
	OrgCarrier       OrgKind = "carrier"
	OrgGroupCompany  OrgKind = "group-company"
	OrgContractor    OrgKind = "contractor"
	OrgSubcontractor OrgKind = "subcontractor"
)

func (OrgKind) Values() []string {
	return []string{"carrier", "group-company", "contractor", "subcontractor"}
}

// ServiceKind follows section 3 of the guidelines: what counts among the
// carrier's "means of conducting operations".
type ServiceKind string

const (
	ServiceTelecom      ServiceKind = "telecom"       // a telecommunications service itself
	ServiceAncillary    ServiceKind = "ancillary"     // provided as part of it and inseparable (filtering, router lease)
	ServiceBasedOn      ServiceKind = "based-on"      // based on its use (device location search, payments, apps)
	ServiceBusinessWork ServiceKind = "business-work" // contract work, charge collection, maintenance
)

func (ServiceKind) Values() []string {
	return []string{"telecom", "ancillary", "based-on", "business-work"}
}

// Exemption names the item of Act Art. 164(1) under which a service is exempt.
type Exemption string

const (
	ExemptionItem1 Exemption = "164-1-i"
	ExemptionItem2 Exemption = "164-1-ii"
	ExemptionItem3 Exemption = "164-1-iii"
)

func (Exemption) Values() []string { return []string{"164-1-i", "164-1-ii", "164-1-iii"} }

// SecrecyClass says what a data element reveals. The first nine are within
// the secrecy of communications (guidelines §4(1)); location-registration is
// kept distinct because whether idle-terminal location is itself secrecy is
// contested, and it is protected as strictly in any case.
type SecrecyClass string

const (
	ClassContent              SecrecyClass = "content"
	ClassDateTime             SecrecyClass = "datetime"
	ClassPlace                SecrecyClass = "place"
	ClassPartyName            SecrecyClass = "party-name"
	ClassPartyAddress         SecrecyClass = "party-address"
	ClassPartyLocation        SecrecyClass = "party-location"
	ClassIdentifier           SecrecyClass = "identifier"
	ClassCount                SecrecyClass = "count"
	ClassExistence            SecrecyClass = "existence"
	ClassLocationRegistration SecrecyClass = "location-registration"
	ClassPersonal             SecrecyClass = "personal" // personal information only, not secrecy by itself
	ClassOther                SecrecyClass = "other"
)

func (SecrecyClass) Values() []string {
	return []string{"content", "datetime", "place", "party-name", "party-address", "party-location", "identifier", "count", "existence", "location-registration", "personal", "other"}
}

// IsSecrecy reports whether the class is within the secrecy of
// communications or protected as strictly as it.
func (c SecrecyClass) IsSecrecy() bool {
	switch c {
	case ClassPersonal, ClassOther, "":
		return false
	}
	return true
}

// Basis is the legal ground that makes handling secrecy information lawful.
type Basis string

const (
	BasisConsent        Basis = "consent"         // valid consent of the user
	BasisLawfulBusiness Basis = "lawful-business" // Penal Code Art. 35, lawful business act
	BasisLaw            Basis = "law"             // act under law, e.g. a warrant
	BasisSelfDefence    Basis = "self-defence"    // Penal Code Art. 36
	BasisNecessity      Basis = "necessity"       // Penal Code Art. 37
)

func (Basis) Values() []string {
	return []string{"consent", "lawful-business", "law", "self-defence", "necessity"}
}

// LawfulBusiness names the operation that justifies a lawful business act.
type LawfulBusiness string

const (
	LawfulCharging         LawfulBusiness = "charging"          // charging fees
	LawfulBilling          LawfulBusiness = "billing"           // issuing invoices
	LawfulComplaints       LawfulBusiness = "complaints"        // responding to complaints
	LawfulFraudPrevention  LawfulBusiness = "fraud-prevention"  // preventing unauthorised use
	LawfulNetworkOperation LawfulBusiness = "network-operation" // operating the network
	LawfulOther            LawfulBusiness = "other"             // none the Guidelines name
)

func (LawfulBusiness) Values() []string {
	return []string{"charging", "billing", "complaints", "fraud-prevention", "network-operation", "other"}
}

// PolicyKind classifies a policy or rule document.
type PolicyKind string

const (
	PolicyPrivacy       PolicyKind = "privacy-policy"
	PolicyTerms         PolicyKind = "terms"
	PolicySecrecy       PolicyKind = "secrecy-policy"
	PolicyConsentNotice PolicyKind = "consent-notice"
	PolicyInternalRule  PolicyKind = "internal-rule"
	PolicyComplaintRule PolicyKind = "complaint-rule"
	PolicyRetentionRule PolicyKind = "retention-rule"
	PolicyIncidentRule  PolicyKind = "incident-rule"
	PolicySecurityRule  PolicyKind = "security-rule"
	PolicyTakeoutRule   PolicyKind = "takeout-rule"
)

func (PolicyKind) Values() []string {
	return []string{"privacy-policy", "terms", "secrecy-policy", "consent-notice", "internal-rule", "complaint-rule", "retention-rule", "incident-rule", "security-rule", "takeout-rule"}
}

// IsPublic reports whether documents of this kind are addressed to users.
func (k PolicyKind) IsPublic() bool {
	switch k {
	case PolicyPrivacy, PolicyTerms, PolicySecrecy, PolicyConsentNotice:
		return true
	}
	return false
}

// ConsentMethod is how a consent was obtained.
type ConsentMethod string

const (
	ConsentSeparateScreen ConsentMethod = "separate-screen" // its own screen, before processing
	ConsentInAppDialog    ConsentMethod = "in-app-dialog"
	ConsentPaper          ConsentMethod = "paper"
	ConsentVerbal         ConsentMethod = "verbal"
	ConsentTermsBundled   ConsentMethod = "terms-bundled" // accepted together with the general terms
	ConsentPreTicked      ConsentMethod = "pre-ticked"    // a box ticked in advance
	// ConsentDefaultOnWithNotice: the use is on by default, the user is
	// told in advance and can switch it off at any time at no cost. It is
	// a form of its own, not a pre-ticked box; whether it is valid turns
	// on the consent's advance_notice and free_opt_out.
	ConsentDefaultOnWithNotice ConsentMethod = "default-on-with-notice"
)

func (ConsentMethod) Values() []string {
	return []string{"separate-screen", "in-app-dialog", "paper", "verbal", "terms-bundled", "pre-ticked", "default-on-with-notice"}
}

// PersonKind follows footnote 19 of the guidelines: "employee" covers far
// more than people in an employment relationship.
type PersonKind string

const (
	PersonEmployee         PersonKind = "employee"
	PersonContractEmployee PersonKind = "contract-employee"
	PersonPartTimer        PersonKind = "part-timer"
	PersonTemporary        PersonKind = "temporary"
	PersonDispatched       PersonKind = "dispatched"
	PersonDirector         PersonKind = "director"
	PersonOfficer          PersonKind = "officer"
	PersonAuditor          PersonKind = "auditor"
	PersonContractorStaff  PersonKind = "contractor-staff"
)

func (PersonKind) Values() []string {
	return []string{"employee", "contract-employee", "part-timer", "temporary", "dispatched", "director", "officer", "auditor", "contractor-staff"}
}

// GrantScope is what an access grant allows.
type GrantScope string

const (
	ScopeRead   GrantScope = "read"
	ScopeExport GrantScope = "export"
	ScopeAdmin  GrantScope = "admin"
)

func (GrantScope) Values() []string { return []string{"read", "export", "admin"} }

// Allows reports whether a grant of scope s permits action a.
func (s GrantScope) Allows(a Action) bool {
	switch s {
	case ScopeAdmin:
		return true
	case ScopeExport:
		return a != ActionModify && a != ActionDelete
	case ScopeRead:
		return a == ActionRead || a == ActionQuery
	}
	return false
}

// OrgChangeKind is a change of a person's place in the organisation.
type OrgChangeKind string

const (
	ChangeJoined     OrgChangeKind = "joined"
	ChangeTransfer   OrgChangeKind = "transfer"
	ChangeRole       OrgChangeKind = "role-change"
	ChangeProjectEnd OrgChangeKind = "project-end"
	ChangeReorg      OrgChangeKind = "reorganisation"
	ChangeLeave      OrgChangeKind = "leave"
)

func (OrgChangeKind) Values() []string {
	return []string{"joined", "transfer", "role-change", "project-end", "reorganisation", "leave"}
}

// AreaKind distinguishes the two kinds of area of guideline 5(3)(iii)i.
type AreaKind string

const (
	AreaControlled AreaKind = "controlled" // servers and systems handling secrecy
	AreaHandling   AreaKind = "handling"   // office work handling secrecy
)

func (AreaKind) Values() []string { return []string{"controlled", "handling"} }

// EntryControl is how entry to an area is controlled.
type EntryControl string

const (
	EntryCard          EntryControl = "card"
	EntryBiometric     EntryControl = "biometric"
	EntryCardBiometric EntryControl = "card+biometric"
	EntryKey           EntryControl = "key"
	EntryPIN           EntryControl = "pin"
	EntryStaffed       EntryControl = "staffed"
	EntryNone          EntryControl = "none"
)

func (EntryControl) Values() []string {
	return []string{"card", "biometric", "card+biometric", "key", "pin", "staffed", "none"}
}

// Direction of an entry log line.
type Direction string

const (
	DirectionIn  Direction = "in"
	DirectionOut Direction = "out"
)

func (Direction) Values() []string { return []string{"in", "out"} }

// ExtractKind is a copy of a data set outside its system of record.
type ExtractKind string

const (
	ExtractBackup  ExtractKind = "backup"
	ExtractExtract ExtractKind = "extract"
	ExtractExport  ExtractKind = "export"
	ExtractReplica ExtractKind = "replica"
)

func (ExtractKind) Values() []string { return []string{"backup", "extract", "export", "replica"} }

// ChangeKind is a change to an information or communication system.
type ChangeKind string

const (
	ChangeRepair    ChangeKind = "repair"
	ChangeConfig    ChangeKind = "config"
	ChangeDeploy    ChangeKind = "deploy"
	ChangeMigration ChangeKind = "migration"
	ChangePatch     ChangeKind = "patch"
)

func (ChangeKind) Values() []string {
	return []string{"repair", "config", "deploy", "migration", "patch"}
}

// ProtectionKind is a technical or environmental safeguard.
type ProtectionKind string

const (
	ProtectMFA                 ProtectionKind = "mfa"
	ProtectFirewall            ProtectionKind = "firewall"
	ProtectSegmentation        ProtectionKind = "segmentation"
	ProtectEncryptionAtRest    ProtectionKind = "encryption-at-rest"
	ProtectEncryptionInTransit ProtectionKind = "encryption-in-transit"
	ProtectEDR                 ProtectionKind = "edr"
	ProtectPatching            ProtectionKind = "patching"
	ProtectLogMonitoring       ProtectionKind = "log-monitoring"
	ProtectUSBControl          ProtectionKind = "usb-control"
	ProtectDLP                 ProtectionKind = "dlp"
	ProtectPrivilegedAccess    ProtectionKind = "privileged-access-management"
	ProtectVulnerabilityScans  ProtectionKind = "vulnerability-scanning"
	ProtectRateLimiting        ProtectionKind = "rate-limiting"
	ProtectBotDetection        ProtectionKind = "bot-detection"
	ProtectSharedIdentity      ProtectionKind = "shared-identity-platform"
	ProtectFireSuppression     ProtectionKind = "fire-suppression"
	ProtectWaterDetection      ProtectionKind = "water-detection"
	ProtectUPS                 ProtectionKind = "ups"
	ProtectGenerator           ProtectionKind = "generator"
	ProtectSeismic             ProtectionKind = "seismic"
	ProtectHVAC                ProtectionKind = "hvac"
)

// ProtectionKinds split into security and environmental threats
// (guideline 5(3)(iv)ii names water leakage, fire and power outage).
var (
	// rate-limiting and bot-detection guard customer portals against
	// credential stuffing; shared-identity-platform is one identity
	// provider for the carrier's and its group's systems.
	securityProtections      = []string{"mfa", "firewall", "segmentation", "encryption-at-rest", "encryption-in-transit", "edr", "patching", "log-monitoring", "usb-control", "dlp", "privileged-access-management", "vulnerability-scanning", "rate-limiting", "bot-detection", "shared-identity-platform"}
	environmentalProtections = []string{"fire-suppression", "water-detection", "ups", "generator", "seismic", "hvac"}
)

func (ProtectionKind) Values() []string {
	return append(append([]string{}, securityProtections...), environmentalProtections...)
}

// IsEnvironmental reports whether k guards against an environmental threat.
func (k ProtectionKind) IsEnvironmental() bool {
	for _, v := range environmentalProtections {
		if string(k) == v {
			return true
		}
	}
	return false
}

// ProtectionStatus is how far a safeguard is in force.
type ProtectionStatus string

const (
	ProtectionInPlace ProtectionStatus = "in-place"
	ProtectionPartial ProtectionStatus = "partial"
	ProtectionPlanned ProtectionStatus = "planned"
	ProtectionMissing ProtectionStatus = "missing"
)

func (ProtectionStatus) Values() []string {
	return []string{"in-place", "partial", "planned", "missing"}
}

// RiskKind is the subject of a risk assessment.
type RiskKind string

const (
	RiskServiceSecrecy RiskKind = "service-secrecy"
	RiskSystem         RiskKind = "system-risk"
)

func (RiskKind) Values() []string { return []string{"service-secrecy", "system-risk"} }

// ControlKind is a fact of the internal control system.
type ControlKind string

const (
	ControlSecrecyRule       ControlKind = "secrecy-rule"
	ControlSecrecyOfficer    ControlKind = "secrecy-officer"
	ControlInternalAudit     ControlKind = "internal-audit"
	ControlContractorAudit   ControlKind = "contractor-audit"
	ControlLogReview         ControlKind = "log-review"
	ControlBoardReport       ControlKind = "board-report"
	ControlIncidentProcedure ControlKind = "incident-procedure"
	// ControlAccessRecertification is a periodic re-approval of access
	// grants; a grant to the subject data set (or "all") recertified after
	// a transfer counts as reviewed.
	ControlAccessRecertification ControlKind = "access-recertification"
	// ControlRetentionAudit is a check that data sets hold nothing beyond
	// their retention periods.
	ControlRetentionAudit ControlKind = "retention-audit"
)

func (ControlKind) Values() []string {
	return []string{"secrecy-rule", "secrecy-officer", "internal-audit", "contractor-audit", "log-review", "board-report", "incident-procedure", "access-recertification", "retention-audit"}
}

// ControlResult is the outcome of a control activity.
type ControlResult string

const (
	ResultOK           ControlResult = "ok"
	ResultIssues       ControlResult = "issues"
	ResultNotPerformed ControlResult = "not-performed"
)

func (ControlResult) Values() []string { return []string{"ok", "issues", "not-performed"} }

// Action is what an access event did with a data set.
type Action string

const (
	ActionRead   Action = "read"
	ActionQuery  Action = "query"
	ActionExport Action = "export"
	ActionPrint  Action = "print"
	ActionModify Action = "modify"
	ActionDelete Action = "delete"
)

func (Action) Values() []string {
	return []string{"read", "query", "export", "print", "modify", "delete"}
}

// TakesOut reports whether the action moves data out of the system.
func (a Action) TakesOut() bool { return a == ActionExport || a == ActionPrint }

// IncidentKind follows the three violations of secrecy (obtaining, use,
// leakage) and the other events with reporting duties.
type IncidentKind string

const (
	IncidentLeak                  IncidentKind = "leak"                   // 漏えい
	IncidentUnauthorizedUse       IncidentKind = "unauthorized-use"       // 窃用
	IncidentUnauthorizedObtaining IncidentKind = "unauthorized-obtaining" // 知得
	IncidentPersonalDataLeak      IncidentKind = "personal-data-leak"
	IncidentOutage                IncidentKind = "outage"
	IncidentNearMiss              IncidentKind = "near-miss"
	// Loss (滅失) and damage (毀損) of personal data are reportable under
	// APPI Art. 26 as well as its leak (漏えい): PPC Rules Art. 7 speaks of
	// 漏えい、滅失若しくは毀損 (漏えい等).
	IncidentPersonalDataLoss   IncidentKind = "personal-data-loss"   // 滅失
	IncidentPersonalDataDamage IncidentKind = "personal-data-damage" // 毀損
	// IncidentSuspicion is a suspicion or internal investigation that is
	// not (yet) an established incident; Incident.TurnedOutToBe links it to
	// the incident it became, so that what the carrier knew during the
	// investigation counts toward that incident's deadlines.
	IncidentSuspicion IncidentKind = "suspicion"
)

func (IncidentKind) Values() []string {
	return []string{"leak", "unauthorized-use", "unauthorized-obtaining", "personal-data-leak", "outage", "near-miss",
		"personal-data-loss", "personal-data-damage", "suspicion"}
}

// CauseCategory is the established or presumed cause of an incident.
type CauseCategory string

const (
	CauseEmployeeNegligence  CauseCategory = "employee-negligence"
	CauseEmployeeIntentional CauseCategory = "employee-intentional"
	CauseContractor          CauseCategory = "contractor"
	CauseSystemChange        CauseCategory = "system-change"
	CauseMalfunction         CauseCategory = "malfunction"
	CauseAttack              CauseCategory = "attack"
	CauseEnvironmental       CauseCategory = "environmental"
	CauseUnknown             CauseCategory = "unknown"
)

func (CauseCategory) Values() []string {
	return []string{"employee-negligence", "employee-intentional", "contractor", "system-change", "malfunction", "attack", "environmental", "unknown"}
}

// ReportLaw is the law under which a regulator report is made.
type ReportLaw string

const (
	LawTBA28             ReportLaw = "tba-28"   // Telecommunications Business Act Art. 28
	LawAPPI26            ReportLaw = "appi-26"  // Act on the Protection of Personal Information Art. 26
	LawSpecifiedUserInfo ReportLaw = "tba-27-5" // specified user information (designated carriers)
)

func (ReportLaw) Values() []string { return []string{"tba-28", "appi-26", "tba-27-5"} }

// ReportStage is the stage of a regulator report.
type ReportStage string

const (
	StageFirst       ReportStage = "first"       // TBA Art. 28 first report
	StageDetailed    ReportStage = "detailed"    // TBA Art. 28 detailed report
	StagePreliminary ReportStage = "preliminary" // APPI preliminary report
	StageFinal       ReportStage = "final"       // APPI final report
)

func (ReportStage) Values() []string { return []string{"first", "detailed", "preliminary", "final"} }

// Channel is a way to reach the complaint desk or to notify users.
type Channel string

const (
	ChannelPhone    Channel = "phone"
	ChannelMail     Channel = "mail"
	ChannelFax      Channel = "fax"
	ChannelEmail    Channel = "email"
	ChannelWeb      Channel = "web"
	ChannelChat     Channel = "chat"
	ChannelInPerson Channel = "in-person"
	ChannelSMS      Channel = "sms"
	ChannelApp      Channel = "app"
	// A relay service for deaf or hard-of-hearing users (電話リレーサービス)
	// and a sign-language video desk.
	ChannelTextRelay    Channel = "text-relay"
	ChannelSignLanguage Channel = "sign-language"
)

func (Channel) Values() []string {
	return []string{"phone", "mail", "fax", "email", "web", "chat", "in-person", "sms", "app", "text-relay", "sign-language"}
}

// ComplaintCategory classifies a complaint or consultation.
type ComplaintCategory string

const (
	ComplaintSecrecy       ComplaintCategory = "secrecy"
	ComplaintLeakSuspicion ComplaintCategory = "leak-suspicion"
	ComplaintPrivacy       ComplaintCategory = "privacy"
	ComplaintBilling       ComplaintCategory = "billing"
	ComplaintQuality       ComplaintCategory = "quality"
	ComplaintOther         ComplaintCategory = "other"
)

func (ComplaintCategory) Values() []string {
	return []string{"secrecy", "leak-suspicion", "privacy", "billing", "quality", "other"}
}

// RequestKind is the legal form of a law-enforcement request.
type RequestKind string

const (
	// RequestWarrant is a court warrant (令状), such as one for seizure or
	// for communications interception; disclosure under it is an act
	// under law (Penal Code Art. 35).
	RequestWarrant RequestKind = "warrant"
	// RequestInquiry is a voluntary inquiry about investigation matters
	// (捜査関係事項照会, Code of Criminal Procedure Art. 197(2)); it does not
	// by itself lift the secrecy of communications.
	RequestInquiry RequestKind = "inquiry"
	// RequestEmergency is a request in an emergency, such as a threat to
	// life, answered under necessity (Penal Code Art. 37).
	RequestEmergency RequestKind = "emergency"
	RequestOther     RequestKind = "other"
)

func (RequestKind) Values() []string { return []string{"warrant", "inquiry", "emergency", "other"} }

// RequestAnswer is how the carrier answered a law-enforcement request.
type RequestAnswer string

const (
	AnswerDisclosedWithinScope  RequestAnswer = "disclosed-within-scope"
	AnswerDisclosedBeyondScope  RequestAnswer = "disclosed-beyond-scope"
	AnswerRefusedPendingWarrant RequestAnswer = "refused-pending-warrant"
	AnswerRefused               RequestAnswer = "refused"
	AnswerPending               RequestAnswer = "pending"
)

func (RequestAnswer) Values() []string {
	return []string{"disclosed-within-scope", "disclosed-beyond-scope", "refused-pending-warrant", "refused", "pending"}
}

// Discloses reports whether the answer disclosed information.
func (a RequestAnswer) Discloses() bool {
	return a == AnswerDisclosedWithinScope || a == AnswerDisclosedBeyondScope
}

// Answer is the answer of an attestation.
type Answer string

const (
	AnswerYes     Answer = "yes"
	AnswerNo      Answer = "no"
	AnswerPartial Answer = "partial"
	AnswerUnknown Answer = "unknown"
)

func (Answer) Values() []string { return []string{"yes", "no", "partial", "unknown"} }

// Claim names a control whose existence an attestation asserts and that
// the records can confirm or contradict.
type Claim string

const (
	ClaimUSBControl         Claim = "usb-control"
	ClaimLogsReviewed       Claim = "logs-reviewed"
	ClaimNoSharedAccounts   Claim = "no-shared-accounts"
	ClaimEntryRecordsKept   Claim = "entry-records-kept"
	ClaimRetentionEnforced  Claim = "retention-enforced"
	ClaimTrainingComplete   Claim = "training-complete"
	ClaimLeakCluesEscalated Claim = "leak-clues-escalated"
	ClaimAccessReviewed     Claim = "access-reviewed"
	ClaimChangesTested      Claim = "changes-tested"
	ClaimDLP                Claim = "dlp"
	ClaimEncryptionAtRest   Claim = "encryption-at-rest"
	ClaimPortalRateLimiting Claim = "portal-rate-limiting"
	ClaimPortalBotDetection Claim = "portal-bot-detection"
	ClaimSharedIdentity     Claim = "shared-identity-platform"
	ClaimAccessRecertified  Claim = "access-recertified"
	ClaimRetentionAudited   Claim = "retention-audited"
	ClaimNone               Claim = "none" // the attestation claims no control
)

func (Claim) Values() []string {
	return []string{"usb-control", "logs-reviewed", "no-shared-accounts", "entry-records-kept", "retention-enforced", "training-complete", "leak-clues-escalated", "access-reviewed", "changes-tested",
		"dlp", "encryption-at-rest", "portal-rate-limiting", "portal-bot-detection", "shared-identity-platform", "access-recertified", "retention-audited", "none"}
}

// KnowledgeStep is what a part of the carrier knew at a knowledge event of
// an incident. The reporting periods run from when the carrier knew (TBA
// Ordinance Art. 57; PPC Rules Art. 8), and a carrier knows when any part
// of it that handles the matter knows, not only its compliance function.
type KnowledgeStep string

const (
	// KnowledgeClue: a hint or suspicion (a complaint, an alert) that does
	// not yet show that the incident happened. It does not start a period.
	KnowledgeClue KnowledgeStep = "clue"
	// KnowledgeDetected: a team handling the matter observed the incident
	// itself. From here the carrier knows.
	KnowledgeDetected KnowledgeStep = "detected"
	// KnowledgeConfirmed: the facts were confirmed.
	KnowledgeConfirmed KnowledgeStep = "confirmed"
	// KnowledgeEscalated: the secrecy officer, compliance or management
	// was informed.
	KnowledgeEscalated KnowledgeStep = "escalated"
)

func (KnowledgeStep) Values() []string { return []string{"clue", "detected", "confirmed", "escalated"} }

// Counts reports whether the step is knowledge of the incident, from which
// a reporting period runs.
func (k KnowledgeStep) Counts() bool { return k != "" && k != KnowledgeClue }

// Function is the part of the carrier that learned something.
type Function string

const (
	FunctionFrontLine         Function = "front-line"
	FunctionCustomerSupport   Function = "customer-support"
	FunctionNetworkOperations Function = "network-operations"
	FunctionSecurity          Function = "security"
	FunctionFraud             Function = "fraud"
	FunctionDevelopment       Function = "development"
	FunctionCompliance        Function = "compliance"
	FunctionManagement        Function = "management"
	FunctionContractor        Function = "contractor"
	FunctionOther             Function = "other"
	FunctionSecrecyOfficer    Function = "secrecy-officer"
	FunctionPrivacyOffice     Function = "privacy-office"
	FunctionIncidentTeam      Function = "incident-team"
	FunctionEngineering       Function = "engineering"
	FunctionLegal             Function = "legal"
)

func (Function) Values() []string {
	return []string{"front-line", "customer-support", "network-operations", "security", "fraud", "development",
		"compliance", "management", "contractor", "other",
		// Functions leak clues are escalated to (Complaint.EscalatedTo,
		// Desk.ClueFunctions).
		"secrecy-officer", "privacy-office", "incident-team", "engineering", "legal"}
}

// CountUnit is what a count of affected data counts.
type CountUnit string

const (
	UnitPersons CountUnit = "persons" // natural persons (本人の数, APPI)
	UnitLines   CountUnit = "lines"   // subscriber lines or contracts (回線); one person may hold several
	UnitRecords CountUnit = "records" // records or entries
)

func (CountUnit) Values() []string { return []string{"persons", "lines", "records"} }

// Charging says whether users pay for a service. The Ordinance for
// Enforcement of the TBA Art. 58 sets separate serious-accident thresholds
// for internet services provided free of charge.
type Charging string

const (
	ChargingPaid Charging = "paid"
	ChargingFree Charging = "free"
)

func (Charging) Values() []string { return []string{"paid", "free"} }

// IncidentOrigin is how an incident came to be opened: the first thing
// that made the carrier look. Guideline 5(4)ii asks that leak clues from
// complaints reach the function that handles them; the origin keeps that
// path visible on the incident itself.
type IncidentOrigin string

const (
	OriginComplaint        IncidentOrigin = "complaint"         // a complaint or consultation at the desk
	OriginAlert            IncidentOrigin = "alert"             // a monitoring or security alert
	OriginAccessLog        IncidentOrigin = "access-log"        // a finding of an access-log review
	OriginContractorReport IncidentOrigin = "contractor-report" // a contractor or subcontractor reported it
	OriginManual           IncidentOrigin = "manual"            // opened by hand (press report, tip, own observation)
)

func (IncidentOrigin) Values() []string {
	return []string{"complaint", "alert", "access-log", "contractor-report", "manual"}
}

// EvidenceKind is what an evidence link of an incident points at. The
// evidence is linked, not copied: the complaint, access event or log
// entry stays where it is kept, with its own reading rules.
type EvidenceKind string

const (
	EvidenceComplaint   EvidenceKind = "complaint"    // a record of the complaints register
	EvidenceAccessEvent EvidenceKind = "access-event" // a record of the access_events log
	EvidenceAuditLog    EvidenceKind = "audit-log"    // an entry of himitsu's tamper-evident audit log, by position
	EvidenceDocument    EvidenceKind = "document"     // a document kept elsewhere (ticket, report), by reference
)

func (EvidenceKind) Values() []string {
	return []string{"complaint", "access-event", "audit-log", "document"}
}

// MeasureStatus is how far a recurrence measure has come.
type MeasureStatus string

const (
	MeasurePlanned    MeasureStatus = "planned"
	MeasureInProgress MeasureStatus = "in-progress"
	MeasureDone       MeasureStatus = "done"     // put in place, not yet shown to work
	MeasureVerified   MeasureStatus = "verified" // shown to work (guideline 5(3)(i)iv)
	MeasureAbandoned  MeasureStatus = "abandoned"
)

func (MeasureStatus) Values() []string {
	return []string{"planned", "in-progress", "done", "verified", "abandoned"}
}

// VerificationResult is what the verification of a recurrence measure found.
type VerificationResult string

const (
	VerificationEffective   VerificationResult = "effective"
	VerificationPartial     VerificationResult = "partial"
	VerificationIneffective VerificationResult = "ineffective"
)

func (VerificationResult) Values() []string { return []string{"effective", "partial", "ineffective"} }

// NoticeKind is the form of a notice or relief for users affected by an
// incident (guideline 5(4)iii); the channel says how it travelled.
type NoticeKind string

const (
	NoticePublic           NoticeKind = "public-notice"     // a notice on the carrier's website or in the press
	NoticeHotline          NoticeKind = "hotline"           // a dedicated contact point for affected users
	NoticeIndividualLetter NoticeKind = "individual-letter" // a letter or e-mail to each affected user
	NoticeInApp            NoticeKind = "in-app-message"    // a message in the carrier's app or portal
	NoticeOther            NoticeKind = "other"
)

func (NoticeKind) Values() []string {
	return []string{"public-notice", "hotline", "individual-letter", "in-app-message", "other"}
}
