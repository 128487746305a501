package himitsu

import "time"

// The registers. Field tags:
//   json:    the field's name in every format (YAML, JSON, CSV header, SQL column);
//   himitsu: "required" for a value that must be present, "ref=REGISTER" for
//            the ID of a record in another register of the same carrier.
// Every type's Validate checks its own values; references across registers
// are checked by whoever holds the whole set (the bundle reader, the store).

// Carrier is a telecommunications business operator.
type Carrier struct {
	ID                 string       `json:"id" himitsu:"required"`
	Name               string       `json:"name" himitsu:"required"`
	NameEN             string       `json:"name_en,omitempty"`
	Registration       Registration `json:"registration" himitsu:"required"`
	RegistrationNumber string       `json:"registration_number,omitempty"`
	HeadOfficeBureau   Bureau       `json:"head_office_bureau" himitsu:"required"`
	// DesignatedSpecifiedUserInfo is true when MIC designated the carrier
	// under Act Art. 27-5 (specified user information).
	DesignatedSpecifiedUserInfo bool `json:"designated_specified_user_info,omitempty"`
	Subscribers                 int  `json:"subscribers,omitempty"`
}

// Organisation is the carrier itself, a group company, a contractor or a
// subcontractor. Parent is the organisation that entrusted the work to it,
// so the contract chain can be followed to the carrier.
type Organisation struct {
	CarrierID             string  `json:"-"`
	ID                    string  `json:"id" himitsu:"required"`
	Name                  string  `json:"name" himitsu:"required"`
	Kind                  OrgKind `json:"kind" himitsu:"required"`
	Parent                string  `json:"parent,omitempty" himitsu:"ref=organisations"`
	HandlesSecrecy        bool    `json:"handles_secrecy,omitempty"`
	ReentrustmentApproved bool    `json:"reentrustment_approved,omitempty"`
	ConfidentialityClause bool    `json:"confidentiality_clause,omitempty"`
	ContractStart         Date    `json:"contract_start,omitzero"`
	ContractEnd           Date    `json:"contract_end,omitzero"`
}

// Service is something the carrier offers, classified as in section 3 of
// the guidelines.
type Service struct {
	CarrierID   string      `json:"-"`
	ID          string      `json:"id" himitsu:"required"`
	Name        string      `json:"name" himitsu:"required"`
	Kind        ServiceKind `json:"kind" himitsu:"required"`
	Exempt      bool        `json:"exempt,omitempty"`
	Exemption   Exemption   `json:"exemption,omitempty"`
	MainService string      `json:"main_service,omitempty" himitsu:"ref=services"`
	Subscribers int         `json:"subscribers,omitempty"`
	LaunchedOn  Date        `json:"launched_on,omitzero"`
	Description string      `json:"description,omitempty"`
}

// DataElement is one field of a data set and what it reveals.
type DataElement struct {
	Name        string       `json:"name" himitsu:"required"`
	Class       SecrecyClass `json:"class" himitsu:"required"`
	Description string       `json:"description,omitempty"`
}

// DataSet is a store of information the carrier holds: a CDR table, an
// authentication log, a ticket system. Its elements decide whether it holds
// secrecy of communications.
type DataSet struct {
	CarrierID   string        `json:"-"`
	ID          string        `json:"id" himitsu:"required"`
	Name        string        `json:"name" himitsu:"required"`
	Service     string        `json:"service,omitempty" himitsu:"ref=services"`
	System      string        `json:"system,omitempty"`
	Location    string        `json:"location,omitempty"`
	Elements    []DataElement `json:"elements" himitsu:"required"`
	Description string        `json:"description,omitempty"`
}

// HoldsSecrecy reports whether any element is within the secrecy of communications.
func (d *DataSet) HoldsSecrecy() bool {
	for _, e := range d.Elements {
		if e.Class.IsSecrecy() {
			return true
		}
	}
	return false
}

// Purpose is a purpose for which information is obtained or used, with its
// legal basis.
type Purpose struct {
	CarrierID      string         `json:"-"`
	ID             string         `json:"id" himitsu:"required"`
	Name           string         `json:"name" himitsu:"required"`
	Description    string         `json:"description,omitempty"`
	Basis          Basis          `json:"basis" himitsu:"required"`
	LawfulBusiness LawfulBusiness `json:"lawful_business,omitempty"`
	DataSets       []string       `json:"datasets,omitempty" himitsu:"ref=datasets"`
	Classes        []SecrecyClass `json:"classes,omitempty"`
	Services       []string       `json:"services,omitempty" himitsu:"ref=services"`
	// MandatoryForService is true when users cannot use the service without
	// accepting this purpose; OperationallyNecessary says whether the
	// service truly needs it (guideline 5(1)iii).
	MandatoryForService    bool   `json:"mandatory_for_service,omitempty"`
	OperationallyNecessary bool   `json:"operationally_necessary,omitempty"`
	OptOut                 bool   `json:"opt_out,omitempty"`
	DefaultOn              bool   `json:"default_on,omitempty"`
	WithdrawalChannel      string `json:"withdrawal_channel,omitempty"`
}

// Policy is a document: a public policy or terms for users, or an internal rule.
type Policy struct {
	CarrierID      string     `json:"-"`
	ID             string     `json:"id" himitsu:"required"`
	Title          string     `json:"title" himitsu:"required"`
	Kind           PolicyKind `json:"kind" himitsu:"required"`
	Version        string     `json:"version,omitempty"`
	URL            string     `json:"url,omitempty"`
	Public         bool       `json:"public,omitempty"`
	PublishedOn    Date       `json:"published_on,omitzero"`
	ReviewedOn     Date       `json:"reviewed_on,omitzero"`
	Languages      []string   `json:"languages,omitempty"`
	ClicksFromTop  int        `json:"clicks_from_top,omitempty"`
	Characters     int        `json:"characters,omitempty"`
	PlainLanguage  bool       `json:"plain_language,omitempty"`
	LayeredSummary bool       `json:"layered_summary,omitempty"`
	// StatesLeakResponsibility: the document says how the carrier takes
	// responsibility for leaks; DisclaimsLeakLiability: it disclaims it.
	StatesLeakResponsibility bool   `json:"states_leak_responsibility,omitempty"`
	DisclaimsLeakLiability   bool   `json:"disclaims_leak_liability,omitempty"`
	WaiverClause             bool   `json:"waiver_clause,omitempty"`
	ApprovedBy               string `json:"approved_by,omitempty" himitsu:"ref=persons"`
}

// Consent is one user's consent to one purpose, with how it was obtained.
type Consent struct {
	CarrierID         string        `json:"-"`
	ID                string        `json:"id" himitsu:"required"`
	Subscriber        string        `json:"subscriber" himitsu:"required"`
	Service           string        `json:"service,omitempty" himitsu:"ref=services"`
	Purpose           string        `json:"purpose" himitsu:"required,ref=purposes"`
	NoticeVersion     string        `json:"notice_version,omitempty"`
	Method            ConsentMethod `json:"method" himitsu:"required"`
	SpecificPurpose   bool          `json:"specific_purpose,omitempty"`
	ElementsListed    bool          `json:"elements_listed,omitempty"`
	SeparateFromTerms bool          `json:"separate_from_terms,omitempty"`
	Affirmative       bool          `json:"affirmative,omitempty"`
	WithdrawalChannel string        `json:"withdrawal_channel,omitempty"`
	GivenAt           time.Time     `json:"given_at" himitsu:"required"`
	WithdrawnAt       time.Time     `json:"withdrawn_at,omitzero"`
}

// ActiveAt reports whether the consent was given and not withdrawn at t.
func (c *Consent) ActiveAt(t time.Time) bool {
	return !c.GivenAt.After(t) && (c.WithdrawnAt.IsZero() || t.Before(c.WithdrawnAt))
}

// Person is anyone engaged in the carrier's operations (guideline fn. 19):
// staff of every kind, directors and officers, and contractors' staff.
type Person struct {
	CarrierID string     `json:"-"`
	ID        string     `json:"id" himitsu:"required"`
	Name      string     `json:"name,omitempty"`
	Kind      PersonKind `json:"kind" himitsu:"required"`
	Employer  string     `json:"employer" himitsu:"required,ref=organisations"`
	Unit      string     `json:"unit,omitempty"`
	Role      string     `json:"role,omitempty"`
	JoinedOn  Date       `json:"joined_on,omitzero"`
	LeftOn    Date       `json:"left_on,omitzero"`
}

// Account is a login to a system. A shared account has no person.
type Account struct {
	CarrierID  string `json:"-"`
	ID         string `json:"id" himitsu:"required"`
	System     string `json:"system" himitsu:"required"`
	Person     string `json:"person,omitempty" himitsu:"ref=persons"`
	Shared     bool   `json:"shared,omitempty"`
	Privileged bool   `json:"privileged,omitempty"`
	MFA        bool   `json:"mfa,omitempty"`
	CreatedOn  Date   `json:"created_on,omitzero"`
	DisabledOn Date   `json:"disabled_on,omitzero"`
	LastUsedOn Date   `json:"last_used_on,omitzero"`
}

// Grant gives a person (or an account) access to a data set for a purpose.
type Grant struct {
	CarrierID  string     `json:"-"`
	ID         string     `json:"id" himitsu:"required"`
	Person     string     `json:"person,omitempty" himitsu:"ref=persons"`
	Account    string     `json:"account,omitempty" himitsu:"ref=accounts"`
	DataSet    string     `json:"dataset" himitsu:"required,ref=datasets"`
	Scope      GrantScope `json:"scope" himitsu:"required"`
	Purpose    string     `json:"purpose,omitempty" himitsu:"ref=purposes"`
	GrantedOn  Date       `json:"granted_on" himitsu:"required"`
	ExpiresOn  Date       `json:"expires_on,omitzero"`
	RevokedOn  Date       `json:"revoked_on,omitzero"`
	Approver   string     `json:"approver,omitempty" himitsu:"ref=persons"`
	ReviewedOn Date       `json:"reviewed_on,omitzero"`
}

// ActiveOn reports whether the grant is in force on day d.
func (g *Grant) ActiveOn(d Date) bool {
	if d.Before(g.GrantedOn) {
		return false
	}
	if !g.RevokedOn.IsZero() && !d.Before(g.RevokedOn) {
		return false
	}
	if !g.ExpiresOn.IsZero() && d.After(g.ExpiresOn) {
		return false
	}
	return true
}

// OrgChange is a transfer, role change, project end, reorganisation or
// departure: the events after which access must be re-examined.
type OrgChange struct {
	CarrierID   string        `json:"-"`
	ID          string        `json:"id" himitsu:"required"`
	Person      string        `json:"person" himitsu:"required,ref=persons"`
	Kind        OrgChangeKind `json:"kind" himitsu:"required"`
	FromUnit    string        `json:"from_unit,omitempty"`
	ToUnit      string        `json:"to_unit,omitempty"`
	FromRole    string        `json:"from_role,omitempty"`
	ToRole      string        `json:"to_role,omitempty"`
	EffectiveOn Date          `json:"effective_on" himitsu:"required"`
}

// Training is a completed course.
type Training struct {
	CarrierID     string `json:"-"`
	ID            string `json:"id" himitsu:"required"`
	Person        string `json:"person" himitsu:"required,ref=persons"`
	Course        string `json:"course" himitsu:"required"`
	CoversSecrecy bool   `json:"covers_secrecy,omitempty"`
	CompletedOn   Date   `json:"completed_on" himitsu:"required"`
	Passed        bool   `json:"passed,omitempty"`
}

// Takeout is a business terminal taken out of the premises.
type Takeout struct {
	CarrierID      string    `json:"-"`
	ID             string    `json:"id" himitsu:"required"`
	Person         string    `json:"person" himitsu:"required,ref=persons"`
	Device         string    `json:"device" himitsu:"required"`
	TakenAt        time.Time `json:"taken_at" himitsu:"required"`
	ReturnedAt     time.Time `json:"returned_at,omitzero"`
	Approved       bool      `json:"approved,omitempty"`
	HandlesSecrecy bool      `json:"handles_secrecy,omitempty"`
	// Noticed records that the carrier became aware of the take-out (a
	// guard, a manager, a device report); ActionTaken what it then did.
	Noticed     bool   `json:"noticed,omitempty"`
	ActionTaken string `json:"action_taken,omitempty"`
}

// Area is a controlled area (servers) or a handling area (office work).
type Area struct {
	CarrierID     string       `json:"-"`
	ID            string       `json:"id" himitsu:"required"`
	Name          string       `json:"name" himitsu:"required"`
	Kind          AreaKind     `json:"kind" himitsu:"required"`
	Site          string       `json:"site,omitempty"`
	AccessControl EntryControl `json:"access_control" himitsu:"required"`
	EntryLog      bool         `json:"entry_log,omitempty"`
	CCTV          bool         `json:"cctv,omitempty"`
	Authorised    []string     `json:"authorised,omitempty" himitsu:"ref=persons"`
	DataSets      []string     `json:"datasets,omitempty" himitsu:"ref=datasets"`
}

// EntryLog is one passage through an area's door.
type EntryLog struct {
	CarrierID string    `json:"-"`
	ID        string    `json:"id" himitsu:"required"`
	Area      string    `json:"area" himitsu:"required,ref=areas"`
	Person    string    `json:"person,omitempty" himitsu:"ref=persons"`
	Visitor   string    `json:"visitor,omitempty"`
	Direction Direction `json:"direction" himitsu:"required"`
	At        time.Time `json:"at" himitsu:"required"`
	Method    string    `json:"method,omitempty"`
	Escorted  bool      `json:"escorted,omitempty"`
}

// RetentionRule is the carrier's own retention period for a data set.
// MinDays records a recommended minimum (e.g. for sender identification).
type RetentionRule struct {
	CarrierID string `json:"-"`
	ID        string `json:"id" himitsu:"required"`
	DataSet   string `json:"dataset" himitsu:"required,ref=datasets"`
	MaxDays   int    `json:"max_days" himitsu:"required"`
	MinDays   int    `json:"min_days,omitempty"`
	Basis     string `json:"basis,omitempty"`
	Policy    string `json:"policy,omitempty" himitsu:"ref=policies"`
}

// Holding is an observation of what a data set actually holds: where, and
// how old its oldest record is.
type Holding struct {
	CarrierID  string `json:"-"`
	ID         string `json:"id" himitsu:"required"`
	DataSet    string `json:"dataset" himitsu:"required,ref=datasets"`
	Location   string `json:"location,omitempty"`
	Oldest     Date   `json:"oldest" himitsu:"required"`
	ObservedOn Date   `json:"observed_on" himitsu:"required"`
	Records    int    `json:"records,omitempty"`
}

// Extract is a backup, extract, export file or replica of a data set.
type Extract struct {
	CarrierID    string      `json:"-"`
	ID           string      `json:"id" himitsu:"required"`
	DataSet      string      `json:"dataset" himitsu:"required,ref=datasets"`
	Kind         ExtractKind `json:"kind" himitsu:"required"`
	Location     string      `json:"location" himitsu:"required"`
	CreatedOn    Date        `json:"created_on,omitzero"`
	ReadableBy   int         `json:"readable_by,omitempty"`
	Encrypted    bool        `json:"encrypted,omitempty"`
	Approved     bool        `json:"approved,omitempty"`
	BusinessNeed string      `json:"business_need,omitempty"`
	DeletedOn    Date        `json:"deleted_on,omitzero"`
}

// SystemChange is a repair or change of an information or communication system.
type SystemChange struct {
	CarrierID      string     `json:"-"`
	ID             string     `json:"id" himitsu:"required"`
	System         string     `json:"system" himitsu:"required"`
	Kind           ChangeKind `json:"kind" himitsu:"required"`
	Description    string     `json:"description,omitempty"`
	ChangedAt      time.Time  `json:"changed_at" himitsu:"required"`
	AffectsSecrecy bool       `json:"affects_secrecy,omitempty"`
	RiskAssessed   bool       `json:"risk_assessed,omitempty"`
	Tested         bool       `json:"tested,omitempty"`
	Reviewed       bool       `json:"reviewed,omitempty"`
	RollbackPlan   bool       `json:"rollback_plan,omitempty"`
	Approver       string     `json:"approver,omitempty" himitsu:"ref=persons"`
}

// Protection is a safeguard against a security or environmental threat,
// for a target (a system, a site or an area).
type Protection struct {
	CarrierID string           `json:"-"`
	ID        string           `json:"id" himitsu:"required"`
	Target    string           `json:"target" himitsu:"required"`
	Kind      ProtectionKind   `json:"kind" himitsu:"required"`
	Status    ProtectionStatus `json:"status" himitsu:"required"`
	TestedOn  Date             `json:"tested_on,omitzero"`
	Note      string           `json:"note,omitempty"`
}

// RiskAssessment of a service (secrecy risk) or a system (failure risk).
type RiskAssessment struct {
	CarrierID     string   `json:"-"`
	ID            string   `json:"id" himitsu:"required"`
	Kind          RiskKind `json:"kind" himitsu:"required"`
	Subject       string   `json:"subject" himitsu:"required"`
	PerformedOn   Date     `json:"performed_on" himitsu:"required"`
	NextDue       Date     `json:"next_due,omitzero"`
	CoversSecrecy bool     `json:"covers_secrecy,omitempty"`
	OpenFindings  int      `json:"open_findings,omitempty"`
	ApprovedBy    string   `json:"approved_by,omitempty" himitsu:"ref=persons"`
}

// Control is a fact of the internal control system: a rule adopted, an
// officer appointed, an audit or a log review performed.
type Control struct {
	CarrierID   string        `json:"-"`
	ID          string        `json:"id" himitsu:"required"`
	Kind        ControlKind   `json:"kind" himitsu:"required"`
	Subject     string        `json:"subject,omitempty"`
	PerformedOn Date          `json:"performed_on" himitsu:"required"`
	Result      ControlResult `json:"result" himitsu:"required"`
	Findings    int           `json:"findings,omitempty"`
	Person      string        `json:"person,omitempty" himitsu:"ref=persons"`
	Note        string        `json:"note,omitempty"`
}

// AccessEvent is one access to a data set, as the carrier's systems logged it.
type AccessEvent struct {
	CarrierID  string    `json:"-"`
	ID         string    `json:"id" himitsu:"required"`
	At         time.Time `json:"at" himitsu:"required"`
	Account    string    `json:"account,omitempty" himitsu:"ref=accounts"`
	Person     string    `json:"person,omitempty" himitsu:"ref=persons"`
	DataSet    string    `json:"dataset" himitsu:"required,ref=datasets"`
	Action     Action    `json:"action" himitsu:"required"`
	Purpose    string    `json:"purpose,omitempty" himitsu:"ref=purposes"`
	Subscriber string    `json:"subscriber,omitempty"`
	Records    int       `json:"records,omitempty"`
}

// Incident is a leak, unauthorized use or obtaining, personal-data leak,
// outage or near miss, with the timestamps the reporting clocks run from.
type Incident struct {
	CarrierID       string         `json:"-"`
	ID              string         `json:"id" himitsu:"required"`
	Title           string         `json:"title" himitsu:"required"`
	Kind            IncidentKind   `json:"kind" himitsu:"required"`
	Service         string         `json:"service,omitempty" himitsu:"ref=services"`
	OccurredAt      time.Time      `json:"occurred_at,omitzero"`
	DetectedAt      time.Time      `json:"detected_at,omitzero"`
	KnownAt         time.Time      `json:"known_at" himitsu:"required"`
	ContainedAt     time.Time      `json:"contained_at,omitzero"`
	SecrecyInvolved bool           `json:"secrecy_involved,omitempty"`
	Classes         []SecrecyClass `json:"classes,omitempty"`
	PersonsAffected int            `json:"persons_affected,omitempty"`
	UsersAffected   int            `json:"users_affected,omitempty"`
	DurationMinutes int            `json:"duration_minutes,omitempty"`
	EmergencyCalls  bool           `json:"emergency_calls,omitempty"`
	SensitiveData   bool           `json:"sensitive_data,omitempty"`
	FinancialRisk   bool           `json:"financial_risk,omitempty"`
	ImproperPurpose bool           `json:"improper_purpose,omitempty"`
	CauseCategory   CauseCategory  `json:"cause_category,omitempty"`
	Cause           string         `json:"cause,omitempty"`
	ActorOrg        string         `json:"actor_org,omitempty" himitsu:"ref=organisations"`
	ActorPerson     string         `json:"actor_person,omitempty" himitsu:"ref=persons"`
	Change          string         `json:"change,omitempty" himitsu:"ref=system_changes"`
	RootCauseDoneOn Date           `json:"root_cause_done_on,omitzero"`
	PublicisedOn    Date           `json:"publicised_on,omitzero"`
	Summary         string         `json:"summary,omitempty"`
}

// RecurrenceMeasure is a measure to prevent an incident from recurring.
type RecurrenceMeasure struct {
	CarrierID   string `json:"-"`
	ID          string `json:"id" himitsu:"required"`
	Incident    string `json:"incident" himitsu:"required,ref=incidents"`
	Description string `json:"description" himitsu:"required"`
	DueOn       Date   `json:"due_on,omitzero"`
	DoneOn      Date   `json:"done_on,omitzero"`
	VerifiedOn  Date   `json:"verified_on,omitzero"`
}

// RegulatorReport is a report the carrier filed about an incident.
type RegulatorReport struct {
	CarrierID   string      `json:"-"`
	ID          string      `json:"id" himitsu:"required"`
	Incident    string      `json:"incident" himitsu:"required,ref=incidents"`
	Law         ReportLaw   `json:"law" himitsu:"required"`
	Stage       ReportStage `json:"stage" himitsu:"required"`
	SubmittedAt time.Time   `json:"submitted_at" himitsu:"required"`
	To          string      `json:"to,omitempty"`
	Reference   string      `json:"reference,omitempty"`
}

// Notification is a notice to affected users about an incident.
type Notification struct {
	CarrierID     string    `json:"-"`
	ID            string    `json:"id" himitsu:"required"`
	Incident      string    `json:"incident" himitsu:"required,ref=incidents"`
	Channel       Channel   `json:"channel" himitsu:"required"`
	SentAt        time.Time `json:"sent_at" himitsu:"required"`
	Recipients    int       `json:"recipients,omitempty"`
	ExplainsCause bool      `json:"explains_cause,omitempty"`
	ReliefOffered bool      `json:"relief_offered,omitempty"`
}

// Complaint is a complaint or consultation received by the desk.
type Complaint struct {
	CarrierID   string            `json:"-"`
	ID          string            `json:"id" himitsu:"required"`
	ReceivedAt  time.Time         `json:"received_at" himitsu:"required"`
	Channel     Channel           `json:"channel" himitsu:"required"`
	Category    ComplaintCategory `json:"category" himitsu:"required"`
	Subscriber  string            `json:"subscriber,omitempty"`
	Summary     string            `json:"summary,omitempty"`
	LeakClue    bool              `json:"leak_clue,omitempty"`
	EscalatedAt time.Time         `json:"escalated_at,omitzero"`
	ClosedAt    time.Time         `json:"closed_at,omitzero"`
	Resolution  string            `json:"resolution,omitempty"`
	Incident    string            `json:"incident,omitempty" himitsu:"ref=incidents"`
}

// DeskChannel is one way to reach the complaint desk and when it is open.
// Hours are "HH:MM-HH:MM" in Japan time; empty means closed.
type DeskChannel struct {
	Kind          Channel `json:"kind" himitsu:"required"`
	Contact       string  `json:"contact,omitempty"`
	WeekdayHours  string  `json:"weekday_hours,omitempty"`
	SaturdayHours string  `json:"saturday_hours,omitempty"`
	SundayHours   string  `json:"sunday_hours,omitempty"`
	AlwaysOpen    bool    `json:"always_open,omitempty"`
	Accessibility string  `json:"accessibility,omitempty"`
}

// Desk is the configuration of the complaint and consultation desk.
type Desk struct {
	CarrierID      string        `json:"-"`
	Channels       []DeskChannel `json:"channels,omitempty"`
	ComplaintRule  string        `json:"complaint_rule,omitempty" himitsu:"ref=policies"`
	EscalationDays int           `json:"escalation_days,omitempty"`
	Languages      []string      `json:"languages,omitempty"`
}

// Attestation is a statement made by a person for the carrier, answering a
// question that records cannot decide, or claiming that a control exists.
type Attestation struct {
	CarrierID string   `json:"-"`
	ID        string   `json:"id" himitsu:"required"`
	Item      string   `json:"item" himitsu:"required"`
	Claim     Claim    `json:"claim,omitempty"`
	Question  string   `json:"question,omitempty"`
	Answer    Answer   `json:"answer" himitsu:"required"`
	Statement string   `json:"statement,omitempty"`
	By        string   `json:"by" himitsu:"required,ref=persons"`
	On        Date     `json:"on" himitsu:"required"`
	Evidence  []string `json:"evidence,omitempty"`
}
