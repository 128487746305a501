package himitsu

import "time"

// The registers. Field tags:
//   json:    the field's name in every format (YAML, JSON, CSV header, SQL column);
//   himitsu: "required" for a value that must be present, "ref=REGISTER" for
//            the ID of a record in another register of the same carrier,
//            "asof" for the date or time from which the record exists
//            (created, effective, filed): an assessment as of an earlier
//            day does not see it (VisibleOn).
// Every type's Validate checks its own values; references across registers
// are checked by whoever holds the whole set (the bundle reader, the store).

// Carrier is a telecommunications business operator.
type Carrier struct {
	ID                 string       `json:"id" himitsu:"required" doc:"Stable identifier of the carrier."`
	Name               string       `json:"name" himitsu:"required" doc:"Legal name of the carrier, in Japanese."`
	NameEN             string       `json:"name_en,omitempty" doc:"Name of the carrier in English."`
	Registration       Registration `json:"registration" himitsu:"required" doc:"How the carrier entered the business: registered (Art. 9), notified (Art. 16(1)) or exempt (Art. 164(1))."`
	RegistrationNumber string       `json:"registration_number,omitempty" doc:"Registration or notification number given by MIC."`
	HeadOfficeBureau   Bureau       `json:"head_office_bureau" himitsu:"required" doc:"Regional Bureau of Telecommunications for the head office, which receives Art. 28 reports."`
	// DesignatedSpecifiedUserInfo is true when MIC designated the carrier
	// under Act Art. 27-5 (specified user information).
	DesignatedSpecifiedUserInfo Fact `json:"designated_specified_user_info,omitempty" doc:"True when MIC designated the carrier for specified user information (Art. 27-5)."`
	Subscribers                 int  `json:"subscribers,omitempty" doc:"Number of subscribers across all services."`
}

// Organisation is the carrier itself, a group company, a contractor or a
// subcontractor. Parent is the organisation that entrusted the work to it,
// so the contract chain can be followed to the carrier.
type Organisation struct {
	CarrierID             string  `json:"-"`
	ID                    string  `json:"id" himitsu:"required" doc:"Identifier of the organisation."`
	Name                  string  `json:"name" himitsu:"required" doc:"Name of the organisation."`
	Kind                  OrgKind `json:"kind" himitsu:"required" doc:"Place of the organisation in the contract chain."`
	Parent                string  `json:"parent,omitempty" himitsu:"ref=organisations" doc:"Organisation that entrusted the work to this one."`
	HandlesSecrecy        Fact    `json:"handles_secrecy,omitempty" doc:"True when the organisation handles secrecy of communications for the carrier."`
	ReentrustmentApproved Fact    `json:"reentrustment_approved,omitempty" doc:"True when the carrier approved re-entrustment of the work to this organisation."`
	ConfidentialityClause Fact    `json:"confidentiality_clause,omitempty" doc:"True when the contract binds the organisation to confidentiality."`
	ContractStart         Date    `json:"contract_start,omitzero" doc:"First day of the contract."`
	ContractEnd           Date    `json:"contract_end,omitzero" doc:"Last day of the contract."`
	// An organisation can hold several places at once: a group company
	// that is also a contractor of the carrier is audited as one.
	Roles      []OrgKind `json:"roles,omitempty" doc:"Further places the organisation holds besides kind, such as contractor for a group company that also does contract work."`
	Owner      string    `json:"owner,omitempty" himitsu:"ref=organisations" doc:"Organisation that owns this one, such as the parent of a group company."`
	OwnerShare int       `json:"owner_share,omitempty" doc:"Percentage of this organisation that owner holds (0–100)."`
	Country    string    `json:"country,omitempty" doc:"Country where the organisation is established, as an ISO 3166-1 alpha-2 code such as JP."`
}

// HasRole reports whether the organisation holds the place k, as its kind
// or as one of its further roles.
func (o *Organisation) HasRole(k OrgKind) bool {
	if o.Kind == k {
		return true
	}
	for _, r := range o.Roles {
		if r == k {
			return true
		}
	}
	return false
}

// Service is something the carrier offers, classified as in section 3 of
// the guidelines.
type Service struct {
	CarrierID   string      `json:"-"`
	ID          string      `json:"id" himitsu:"required" doc:"Identifier of the service."`
	Name        string      `json:"name" himitsu:"required" doc:"Name of the service."`
	Kind        ServiceKind `json:"kind" himitsu:"required" doc:"Classification of the service under section 3 of the guidelines."`
	Exempt      Fact        `json:"exempt,omitempty" doc:"True when the service is exempt under Act Art. 164(1)."`
	Exemption   Exemption   `json:"exemption,omitempty" doc:"Item of Act Art. 164(1) under which the service is exempt."`
	MainService string      `json:"main_service,omitempty" himitsu:"ref=services" doc:"Telecommunications service this service accompanies or is based on."`
	Subscribers int         `json:"subscribers,omitempty" doc:"Number of subscribers of the service."`
	LaunchedOn  Date        `json:"launched_on,omitzero" himitsu:"asof" doc:"Day the service was launched."`
	Description string      `json:"description,omitempty" doc:"Free description of the service."`
	Charging    Charging    `json:"charging,omitempty" doc:"Whether users pay for the service (paid or free); the serious-accident thresholds differ (Ordinance Art. 58)."`
	Voice       Fact        `json:"voice,omitempty" doc:"True when the service is a voice transmission service (音声伝送役務), whose serious-accident thresholds are their own (Ordinance Art. 58); when not recorded, the service's name decides, marked [verify]."`
}

// DataElement is one field of a data set and what it reveals.
type DataElement struct {
	Name        string       `json:"name" himitsu:"required" doc:"Name of the element, as in the source system."`
	Class       SecrecyClass `json:"class" himitsu:"required" doc:"What the element reveals about communications."`
	Description string       `json:"description,omitempty" doc:"Free description of the element."`
}

// DataSet is a store of information the carrier holds: a CDR table, an
// authentication log, a ticket system. Its elements decide whether it holds
// secrecy of communications.
type DataSet struct {
	CarrierID   string        `json:"-"`
	ID          string        `json:"id" himitsu:"required" doc:"Identifier of the data set."`
	Name        string        `json:"name" himitsu:"required" doc:"Name of the data set."`
	Service     string        `json:"service,omitempty" himitsu:"ref=services" doc:"Service the data set belongs to."`
	System      string        `json:"system,omitempty" doc:"System that holds the data set."`
	Location    string        `json:"location,omitempty" doc:"Where the data set is stored."`
	Elements    []DataElement `json:"elements" himitsu:"required" doc:"Fields of the data set and what each reveals."`
	Description string        `json:"description,omitempty" doc:"Free description of the data set."`
	StoredIn    []string      `json:"stored_in,omitempty" doc:"Countries where the data set is stored, as ISO 3166-1 alpha-2 codes such as JP."`
	// OperatedFrom matters apart from StoredIn: data kept in Japan but
	// administered from abroad is reachable from there.
	OperatedFrom []string `json:"operated_from,omitempty" doc:"Countries from which the data set or its system is operated or administered, as ISO 3166-1 alpha-2 codes."`
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
	ID             string         `json:"id" himitsu:"required" doc:"Identifier of the purpose."`
	Name           string         `json:"name" himitsu:"required" doc:"Name of the purpose."`
	Description    string         `json:"description,omitempty" doc:"Free description of the purpose."`
	Basis          Basis          `json:"basis" himitsu:"required" doc:"Legal ground that makes the handling lawful."`
	LawfulBusiness LawfulBusiness `json:"lawful_business,omitempty" doc:"Operation that justifies a lawful business act; required when basis is lawful-business."`
	DataSets       []string       `json:"datasets,omitempty" himitsu:"ref=datasets" doc:"Data sets used for the purpose."`
	Classes        []SecrecyClass `json:"classes,omitempty" doc:"Classes of secrecy information used for the purpose."`
	Services       []string       `json:"services,omitempty" himitsu:"ref=services" doc:"Services the purpose applies to."`
	// MandatoryForService is true when users cannot use the service without
	// accepting this purpose; OperationallyNecessary says whether the
	// service truly needs it (guideline 5(1)iii).
	MandatoryForService    Fact   `json:"mandatory_for_service,omitempty" doc:"True when users cannot use the service without accepting the purpose."`
	OperationallyNecessary Fact   `json:"operationally_necessary,omitempty" doc:"True when the service truly needs the purpose to operate."`
	OptOut                 Fact   `json:"opt_out,omitempty" doc:"True when users can opt out of the purpose."`
	DefaultOn              Fact   `json:"default_on,omitempty" doc:"True when the purpose applies unless the user opts out."`
	WithdrawalChannel      string `json:"withdrawal_channel,omitempty" doc:"How a user withdraws consent to the purpose."`
}

// Policy is a document: a public policy or terms for users, or an internal rule.
type Policy struct {
	CarrierID      string     `json:"-"`
	ID             string     `json:"id" himitsu:"required" doc:"Identifier of the document."`
	Title          string     `json:"title" himitsu:"required" doc:"Title of the document."`
	Kind           PolicyKind `json:"kind" himitsu:"required" doc:"Kind of document."`
	Version        string     `json:"version,omitempty" doc:"Version label of the document."`
	URL            string     `json:"url,omitempty" doc:"Where the document is published."`
	Public         Fact       `json:"public,omitempty" doc:"True when the document is published to users."`
	PublishedOn    Date       `json:"published_on,omitzero" himitsu:"asof" doc:"Day the current version was published."`
	ReviewedOn     Date       `json:"reviewed_on,omitzero" doc:"Day the document was last reviewed."`
	Languages      []string   `json:"languages,omitempty" doc:"Languages the document is available in, as ISO 639-1 codes."`
	ClicksFromTop  int        `json:"clicks_from_top,omitempty" doc:"Clicks needed to reach the document from the carrier's top page."`
	Characters     int        `json:"characters,omitempty" doc:"Length of the document in characters."`
	PlainLanguage  Fact       `json:"plain_language,omitempty" doc:"True when the document is written in plain language."`
	LayeredSummary Fact       `json:"layered_summary,omitempty" doc:"True when the document opens with a layered summary."`
	// StatesLeakResponsibility: the document says how the carrier takes
	// responsibility for leaks; DisclaimsLeakLiability: it disclaims it.
	StatesLeakResponsibility Fact `json:"states_leak_responsibility,omitempty" doc:"True when the document says how the carrier takes responsibility for leaks."`
	DisclaimsLeakLiability   Fact `json:"disclaims_leak_liability,omitempty" doc:"True when the document disclaims liability for leaks."`
	WaiverClause             Fact `json:"waiver_clause,omitempty" doc:"True when the document makes users give up their secrecy rights."`
	// StatesForeignHandling: the document tells users that their
	// information is kept in, or can be reached from, a country other
	// than Japan, and ForeignCountries names those countries.
	StatesForeignHandling Fact     `json:"states_foreign_handling,omitempty" doc:"True when the document tells users that their information is stored in, or can be accessed from, a country other than Japan; false when it does not."`
	ForeignCountries      []string `json:"foreign_countries,omitempty" doc:"Countries other than Japan the document names as places where users' information is stored or from which it is accessed, as ISO 3166-1 alpha-2 codes."`
	ApprovedBy            string   `json:"approved_by,omitempty" himitsu:"ref=persons" doc:"Person who approved the document."`
	// Text is the document as published (plain text, Markdown or HTML).
	// When present, the 5(1) rules read it themselves and quote the
	// passages beside the flags above, which are the carrier's reading.
	Text string `json:"text,omitempty" doc:"The document as published (plain text, Markdown or HTML); the 5(1) rules read it and quote it."`
}

// Consent is one user's consent to one purpose, with how it was obtained.
type Consent struct {
	CarrierID       string        `json:"-"`
	ID              string        `json:"id" himitsu:"required" doc:"Identifier of the consent record."`
	Subscriber      string        `json:"subscriber,omitempty" doc:"Pseudonym of the subscriber who consented; required unless the row stands for several consents (count)."`
	Service         string        `json:"service,omitempty" himitsu:"ref=services" doc:"Service the consent was given for."`
	Purpose         string        `json:"purpose" himitsu:"required,ref=purposes" doc:"Purpose consented to."`
	NoticeVersion   string        `json:"notice_version,omitempty" doc:"Version of the consent notice shown."`
	Method          ConsentMethod `json:"method" himitsu:"required" doc:"How the consent was obtained."`
	SpecificPurpose Fact          `json:"specific_purpose,omitempty" doc:"True when the notice named the specific purpose."`
	ElementsListed  Fact          `json:"elements_listed,omitempty" doc:"True when the notice listed the information used."`
	// Elements is what the consent covers: a use of other elements is not
	// consented to, even for the same purpose (a new element, like a new
	// purpose, needs new consent).
	Elements          []string  `json:"elements,omitempty" doc:"Data elements (element names of the purpose's data sets) the consent covers; empty: not recorded, the consent is then taken to cover what its purpose covers."`
	SeparateFromTerms Fact      `json:"separate_from_terms,omitempty" doc:"True when the consent was asked separately from the general terms."`
	Affirmative       Fact      `json:"affirmative,omitempty" doc:"True when the user acted affirmatively to consent."`
	WithdrawalChannel string    `json:"withdrawal_channel,omitempty" doc:"How the user can withdraw the consent."`
	GivenAt           time.Time `json:"given_at" himitsu:"required,asof" doc:"When the consent was given."`
	WithdrawnAt       time.Time `json:"withdrawn_at,omitzero" doc:"When the consent was withdrawn."`
	// Count lets one row stand for many consents obtained alike, such as
	// 3.2 million consents taken with the terms on one day.
	Count int `json:"count,omitempty" doc:"Number of consents the row stands for, when one row records many obtained alike; empty means one."`
	// AdvanceNotice and FreeOptOut decide whether a default-on-with-notice
	// consent is a valid form of consent.
	AdvanceNotice Fact `json:"advance_notice,omitempty" doc:"True when the user was told of the use before it began (default-on-with-notice)."`
	FreeOptOut    Fact `json:"free_opt_out,omitempty" doc:"True when the user can switch the use off at any time at no cost (default-on-with-notice)."`
}

// N is the number of consents the row stands for: Count, or one.
func (c *Consent) N() int { return max(c.Count, 1) }

// ActiveAt reports whether the consent was given and not withdrawn at t.
func (c *Consent) ActiveAt(t time.Time) bool {
	return !c.GivenAt.After(t) && (c.WithdrawnAt.IsZero() || t.Before(c.WithdrawnAt))
}

// Person is anyone engaged in the carrier's operations (guideline fn. 19):
// staff of every kind, directors and officers, and contractors' staff.
type Person struct {
	CarrierID string     `json:"-"`
	ID        string     `json:"id" himitsu:"required" doc:"Identifier of the person, such as a staff number."`
	Name      string     `json:"name,omitempty" doc:"Name of the person."`
	Kind      PersonKind `json:"kind" himitsu:"required" doc:"Kind of engagement, following footnote 19 of the guidelines."`
	Employer  string     `json:"employer" himitsu:"required,ref=organisations" doc:"Organisation that employs the person."`
	Unit      string     `json:"unit,omitempty" doc:"Organisational unit the person belongs to."`
	Role      string     `json:"role,omitempty" doc:"Role or job title of the person."`
	JoinedOn  Date       `json:"joined_on,omitzero" himitsu:"asof" doc:"First day the person was engaged."`
	LeftOn    Date       `json:"left_on,omitzero" doc:"Day the person left."`
}

// Account is a login to a system. A shared account has no person.
type Account struct {
	CarrierID string `json:"-"`
	ID        string `json:"id" himitsu:"required" doc:"Identifier of the account."`
	System    string `json:"system" himitsu:"required" doc:"System the account logs in to."`
	Person    string `json:"person,omitempty" himitsu:"ref=persons" doc:"Person who owns the account; empty for a shared account."`
	// Users lets rules see the people behind a shared account: their
	// training, their departures.
	Users      []string `json:"users,omitempty" himitsu:"ref=persons" doc:"People who use a shared account."`
	Shared     Fact     `json:"shared,omitempty" doc:"True when several people use the account."`
	Privileged Fact     `json:"privileged,omitempty" doc:"True when the account has administrative rights."`
	MFA        Fact     `json:"mfa,omitempty" doc:"True when the account requires multi-factor authentication."`
	CreatedOn  Date     `json:"created_on,omitzero" himitsu:"asof" doc:"Day the account was created."`
	DisabledOn Date     `json:"disabled_on,omitzero" doc:"Day the account was disabled."`
	LastUsedOn Date     `json:"last_used_on,omitzero" doc:"Day the account was last used."`
}

// Grant gives a person (or an account) access to a data set for a purpose.
type Grant struct {
	CarrierID string `json:"-"`
	ID        string `json:"id" himitsu:"required" doc:"Identifier of the grant."`
	Person    string `json:"person,omitempty" himitsu:"ref=persons" doc:"Person the grant is given to."`
	Account   string `json:"account,omitempty" himitsu:"ref=accounts" doc:"Account the grant is given to."`
	// A grant to a group (a role, a team, a directory group) names the
	// group and its members, so that rules see the people behind it.
	Group      string     `json:"group,omitempty" doc:"Name of the group the grant is given to."`
	Members    []string   `json:"members,omitempty" himitsu:"ref=persons" doc:"People who belong to the group and so hold the grant."`
	DataSet    string     `json:"dataset" himitsu:"required,ref=datasets" doc:"Data set the grant gives access to."`
	Scope      GrantScope `json:"scope" himitsu:"required" doc:"What the grant allows."`
	Purpose    string     `json:"purpose,omitempty" himitsu:"ref=purposes" doc:"Purpose for which the access is granted."`
	GrantedOn  Date       `json:"granted_on" himitsu:"required,asof" doc:"First day of the grant."`
	ExpiresOn  Date       `json:"expires_on,omitzero" doc:"Last day of the grant, if it expires."`
	RevokedOn  Date       `json:"revoked_on,omitzero" doc:"Day the grant was revoked."`
	Approver   string     `json:"approver,omitempty" himitsu:"ref=persons" doc:"Person who approved the grant."`
	ReviewedOn Date       `json:"reviewed_on,omitzero" doc:"Day the grant was last reviewed."`
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
	ID          string        `json:"id" himitsu:"required" doc:"Identifier of the change."`
	Person      string        `json:"person" himitsu:"required,ref=persons" doc:"Person whose place changed."`
	Kind        OrgChangeKind `json:"kind" himitsu:"required" doc:"Kind of change."`
	FromUnit    string        `json:"from_unit,omitempty" doc:"Unit before the change."`
	ToUnit      string        `json:"to_unit,omitempty" doc:"Unit after the change."`
	FromRole    string        `json:"from_role,omitempty" doc:"Role before the change."`
	ToRole      string        `json:"to_role,omitempty" doc:"Role after the change."`
	EffectiveOn Date          `json:"effective_on" himitsu:"required,asof" doc:"Day the change took effect."`
}

// Training is a completed course.
type Training struct {
	CarrierID     string `json:"-"`
	ID            string `json:"id" himitsu:"required" doc:"Identifier of the training record."`
	Person        string `json:"person" himitsu:"required,ref=persons" doc:"Person who took the course."`
	Course        string `json:"course" himitsu:"required" doc:"Name of the course."`
	CoversSecrecy Fact   `json:"covers_secrecy,omitempty" doc:"True when the course covers the secrecy of communications."`
	CompletedOn   Date   `json:"completed_on" himitsu:"required,asof" doc:"Day the course was completed."`
	Passed        Fact   `json:"passed,omitempty" doc:"True when the person passed the course."`
}

// Takeout is a business terminal taken out of the premises.
type Takeout struct {
	CarrierID      string    `json:"-"`
	ID             string    `json:"id" himitsu:"required" doc:"Identifier of the take-out."`
	Person         string    `json:"person" himitsu:"required,ref=persons" doc:"Person who took the terminal out."`
	Device         string    `json:"device" himitsu:"required" doc:"Identifier of the terminal."`
	TakenAt        time.Time `json:"taken_at" himitsu:"required,asof" doc:"When the terminal left the premises."`
	ReturnedAt     time.Time `json:"returned_at,omitzero" doc:"When the terminal came back."`
	Approved       Fact      `json:"approved,omitempty" doc:"True when the take-out was approved in advance."`
	HandlesSecrecy Fact      `json:"handles_secrecy,omitempty" doc:"True when the terminal can handle secrecy information."`
	// Noticed records that the carrier became aware of the take-out (a
	// guard, a manager, a device report); ActionTaken what it then did.
	Noticed     Fact   `json:"noticed,omitempty" doc:"True when the carrier became aware of the take-out."`
	ActionTaken string `json:"action_taken,omitempty" doc:"What the carrier did after noticing the take-out."`
}

// Area is a controlled area (servers) or a handling area (office work).
type Area struct {
	CarrierID     string       `json:"-"`
	ID            string       `json:"id" himitsu:"required" doc:"Identifier of the area."`
	Name          string       `json:"name" himitsu:"required" doc:"Name of the area."`
	Kind          AreaKind     `json:"kind" himitsu:"required" doc:"Controlled area (servers) or handling area (office work)."`
	Site          string       `json:"site,omitempty" doc:"Site or building the area is in."`
	AccessControl EntryControl `json:"access_control" himitsu:"required" doc:"How entry to the area is controlled."`
	EntryLog      Fact         `json:"entry_log,omitempty" doc:"True when entries and exits are recorded."`
	CCTV          Fact         `json:"cctv,omitempty" doc:"True when the area is watched by cameras."`
	Authorised    []string     `json:"authorised,omitempty" himitsu:"ref=persons" doc:"Persons allowed to enter the area unescorted."`
	DataSets      []string     `json:"datasets,omitempty" himitsu:"ref=datasets" doc:"Data sets handled or stored in the area."`
}

// EntryLog is one passage through an area's door.
type EntryLog struct {
	CarrierID string    `json:"-"`
	ID        string    `json:"id" himitsu:"required" doc:"Identifier of the log line."`
	Area      string    `json:"area" himitsu:"required,ref=areas" doc:"Area entered or left."`
	Person    string    `json:"person,omitempty" himitsu:"ref=persons" doc:"Person who passed the door."`
	Visitor   string    `json:"visitor,omitempty" doc:"Name or badge of a visitor who is not a registered person."`
	Direction Direction `json:"direction" himitsu:"required" doc:"Whether the passage was an entry or an exit."`
	At        time.Time `json:"at" himitsu:"required,asof" doc:"When the door was passed."`
	Method    string    `json:"method,omitempty" doc:"How the door was opened, such as card or biometric."`
	Escorted  Fact      `json:"escorted,omitempty" doc:"True when the person was escorted by an authorised person."`
}

// RetentionRule is the carrier's own retention period for a data set.
// MinDays records a recommended minimum (e.g. for sender identification).
type RetentionRule struct {
	CarrierID string `json:"-"`
	ID        string `json:"id" himitsu:"required" doc:"Identifier of the rule."`
	DataSet   string `json:"dataset" himitsu:"required,ref=datasets" doc:"Data set the rule applies to."`
	MaxDays   int    `json:"max_days" himitsu:"required" doc:"Longest time a record may be kept, in days."`
	MinDays   int    `json:"min_days,omitempty" doc:"Recommended shortest time a record is kept, in days."`
	Basis     string `json:"basis,omitempty" doc:"Why the period was chosen."`
	Policy    string `json:"policy,omitempty" himitsu:"ref=policies" doc:"Document that sets the rule."`
}

// Holding is an observation of what a data set actually holds: where, and
// how old its oldest record is.
type Holding struct {
	CarrierID  string `json:"-"`
	ID         string `json:"id" himitsu:"required" doc:"Identifier of the observation."`
	DataSet    string `json:"dataset" himitsu:"required,ref=datasets" doc:"Data set observed."`
	Location   string `json:"location,omitempty" doc:"Where the observed copy is stored."`
	Oldest     Date   `json:"oldest" himitsu:"required" doc:"Day of the oldest record found."`
	ObservedOn Date   `json:"observed_on" himitsu:"required,asof" doc:"Day of the observation."`
	Records    int    `json:"records,omitempty" doc:"Number of records found."`
}

// Extract is a backup, extract, export file or replica of a data set.
type Extract struct {
	CarrierID    string      `json:"-"`
	ID           string      `json:"id" himitsu:"required" doc:"Identifier of the copy."`
	DataSet      string      `json:"dataset" himitsu:"required,ref=datasets" doc:"Data set copied."`
	Kind         ExtractKind `json:"kind" himitsu:"required" doc:"Kind of copy."`
	Location     string      `json:"location" himitsu:"required" doc:"Where the copy is stored."`
	CreatedOn    Date        `json:"created_on,omitzero" himitsu:"asof" doc:"Day the copy was made."`
	ReadableBy   int         `json:"readable_by,omitempty" doc:"Number of persons who can read the copy."`
	Encrypted    Fact        `json:"encrypted,omitempty" doc:"True when the copy is encrypted."`
	Approved     Fact        `json:"approved,omitempty" doc:"True when the copy was approved."`
	BusinessNeed string      `json:"business_need,omitempty" doc:"Why the copy is needed."`
	DeletedOn    Date        `json:"deleted_on,omitzero" doc:"Day the copy was deleted."`
}

// SystemChange is a repair or change of an information or communication system.
type SystemChange struct {
	CarrierID      string     `json:"-"`
	ID             string     `json:"id" himitsu:"required" doc:"Identifier of the change."`
	System         string     `json:"system" himitsu:"required" doc:"System changed."`
	Kind           ChangeKind `json:"kind" himitsu:"required" doc:"Kind of change."`
	Description    string     `json:"description,omitempty" doc:"What was changed."`
	ChangedAt      time.Time  `json:"changed_at" himitsu:"required,asof" doc:"When the change was made."`
	AffectsSecrecy Fact       `json:"affects_secrecy,omitempty" doc:"True when the change touches secrecy information."`
	RiskAssessed   Fact       `json:"risk_assessed,omitempty" doc:"True when the change's risk was assessed beforehand."`
	Tested         Fact       `json:"tested,omitempty" doc:"True when the change was tested before release."`
	Reviewed       Fact       `json:"reviewed,omitempty" doc:"True when a second person reviewed the change."`
	RollbackPlan   Fact       `json:"rollback_plan,omitempty" doc:"True when the change had a rollback plan."`
	Approver       string     `json:"approver,omitempty" himitsu:"ref=persons" doc:"Person who approved the change."`
}

// Protection is a safeguard against a security or environmental threat,
// for a target (a system, a site or an area).
type Protection struct {
	CarrierID string           `json:"-"`
	ID        string           `json:"id" himitsu:"required" doc:"Identifier of the safeguard."`
	Target    string           `json:"target" himitsu:"required" doc:"System, site or area the safeguard protects."`
	Kind      ProtectionKind   `json:"kind" himitsu:"required" doc:"Kind of safeguard."`
	Status    ProtectionStatus `json:"status" himitsu:"required" doc:"How far the safeguard is in force."`
	TestedOn  Date             `json:"tested_on,omitzero" doc:"Day the safeguard was last tested."`
	Note      string           `json:"note,omitempty" doc:"Free note on the safeguard."`
}

// RiskAssessment of a service (secrecy risk) or a system (failure risk).
type RiskAssessment struct {
	CarrierID     string   `json:"-"`
	ID            string   `json:"id" himitsu:"required" doc:"Identifier of the assessment."`
	Kind          RiskKind `json:"kind" himitsu:"required" doc:"Secrecy risk of a service or failure risk of a system."`
	Subject       string   `json:"subject" himitsu:"required" doc:"Service or system assessed."`
	PerformedOn   Date     `json:"performed_on" himitsu:"required,asof" doc:"Day the assessment was performed."`
	NextDue       Date     `json:"next_due,omitzero" doc:"Day the next assessment is due."`
	CoversSecrecy Fact     `json:"covers_secrecy,omitempty" doc:"True when the assessment covers the secrecy of communications."`
	OpenFindings  int      `json:"open_findings,omitempty" doc:"Number of findings still open."`
	ApprovedBy    string   `json:"approved_by,omitempty" himitsu:"ref=persons" doc:"Person who approved the assessment."`
}

// Control is a fact of the internal control system: a rule adopted, an
// officer appointed, an audit or a log review performed.
type Control struct {
	CarrierID   string        `json:"-"`
	ID          string        `json:"id" himitsu:"required" doc:"Identifier of the control record."`
	Kind        ControlKind   `json:"kind" himitsu:"required" doc:"Kind of control activity."`
	Subject     string        `json:"subject,omitempty" doc:"What the activity covered, such as a data set or organisation ID, or all."`
	PerformedOn Date          `json:"performed_on" himitsu:"required,asof" doc:"Day the activity took place."`
	Result      ControlResult `json:"result" himitsu:"required" doc:"Outcome of the activity."`
	Findings    int           `json:"findings,omitempty" doc:"Number of findings raised."`
	Person      string        `json:"person,omitempty" himitsu:"ref=persons" doc:"Person responsible for the activity."`
	Note        string        `json:"note,omitempty" doc:"Free note on the activity."`
}

// AccessEvent is one access to a data set, as the carrier's systems logged it.
type AccessEvent struct {
	CarrierID  string    `json:"-"`
	ID         string    `json:"id" himitsu:"required" doc:"Identifier of the event."`
	At         time.Time `json:"at" himitsu:"required,asof" doc:"When the access happened."`
	Account    string    `json:"account,omitempty" himitsu:"ref=accounts" doc:"Account that accessed the data set."`
	Person     string    `json:"person,omitempty" himitsu:"ref=persons" doc:"Person who accessed the data set."`
	DataSet    string    `json:"dataset" himitsu:"required,ref=datasets" doc:"Data set accessed."`
	Action     Action    `json:"action" himitsu:"required" doc:"What the access did with the data set."`
	Purpose    string    `json:"purpose,omitempty" himitsu:"ref=purposes" doc:"Purpose stated for the access."`
	Subscriber string    `json:"subscriber,omitempty" doc:"Pseudonym of the subscriber whose records were accessed."`
	Records    int       `json:"records,omitempty" doc:"Number of records touched."`
	Count      int       `json:"count,omitempty" doc:"Number of accesses the row stands for, when one row records many alike; empty means one."`
}

// N is the number of accesses the row stands for: Count, or one.
func (e *AccessEvent) N() int { return max(e.Count, 1) }

// Incident is a leak, unauthorized use or obtaining, personal-data leak,
// outage or near miss, with the timestamps the reporting clocks run from.
type Incident struct {
	CarrierID       string         `json:"-"`
	ID              string         `json:"id" himitsu:"required" doc:"Identifier of the incident."`
	Title           string         `json:"title" himitsu:"required" doc:"Short title of the incident."`
	Kind            IncidentKind   `json:"kind" himitsu:"required" doc:"Kind of incident."`
	Service         string         `json:"service,omitempty" himitsu:"ref=services" doc:"Service affected."`
	OccurredAt      time.Time      `json:"occurred_at,omitzero" doc:"When the incident began; a serious accident's reporting periods run from here (Ordinance Art. 57)."`
	DetectedAt      time.Time      `json:"detected_at,omitzero" doc:"When the incident was first detected."`
	KnownAt         time.Time      `json:"known_at" himitsu:"required,asof" doc:"When the carrier knew of the incident, as it recorded it; the reporting periods run from here unless a knowledge event that counts is earlier (a serious accident's run from occurred_at)."`
	ContainedAt     time.Time      `json:"contained_at,omitzero" doc:"When the incident was contained."`
	SecrecyInvolved Fact           `json:"secrecy_involved,omitempty" doc:"True when secrecy of communications was involved."`
	Classes         []SecrecyClass `json:"classes,omitempty" doc:"Classes of secrecy information involved."`
	PersonsAffected int            `json:"persons_affected,omitempty" doc:"Number of persons whose information was involved."`
	UsersAffected   int            `json:"users_affected,omitempty" doc:"Number of users affected by an outage."`
	DurationMinutes int            `json:"duration_minutes,omitempty" doc:"Length of an outage in minutes."`
	EmergencyCalls  Fact           `json:"emergency_calls,omitempty" doc:"True when emergency calls were affected."`
	SensitiveData   Fact           `json:"sensitive_data,omitempty" doc:"True when sensitive personal information was involved."`
	FinancialRisk   Fact           `json:"financial_risk,omitempty" doc:"True when misuse could cause financial damage."`
	ImproperPurpose Fact           `json:"improper_purpose,omitempty" doc:"True when the incident may have been done for an improper purpose."`
	CauseCategory   CauseCategory  `json:"cause_category,omitempty" doc:"Established or presumed cause."`
	Cause           string         `json:"cause,omitempty" doc:"Description of the cause."`
	ActorOrg        string         `json:"actor_org,omitempty" himitsu:"ref=organisations" doc:"Organisation whose staff caused the incident."`
	ActorPerson     string         `json:"actor_person,omitempty" himitsu:"ref=persons" doc:"Person who caused the incident."`
	Change          string         `json:"change,omitempty" himitsu:"ref=system_changes" doc:"System change that caused the incident."`
	RootCauseDoneOn Date           `json:"root_cause_done_on,omitzero" doc:"Day the root cause analysis was completed."`
	PublicisedOn    Date           `json:"publicised_on,omitzero" doc:"Day the incident was made public."`
	Summary         string         `json:"summary,omitempty" doc:"Free summary of the incident."`
	// Knowledge lists when each part of the carrier learned of the
	// incident; the reporting periods run from the earliest event that is
	// knowledge (not a mere clue), or known_at if that is earlier.
	Knowledge []KnowledgeEvent `json:"knowledge,omitempty" doc:"When each part of the carrier learned of the incident (who, which function, what); periods run from the earliest that is knowledge."`
	// Affected counts the persons, lines or records involved, per kind of
	// data, exact or estimated.
	Affected          []AffectedCount `json:"affected,omitempty" doc:"Persons, lines or records involved, per kind of data, exact or estimated."`
	StronglyEncrypted Fact            `json:"strongly_encrypted,omitempty" doc:"True when all personal data involved was protected by strong encryption or equivalent (高度な暗号化等の秘匿化) whose key was not exposed; no APPI Art. 26 report is then due (PPC Rules Art. 7)."`
	CriticalFacility  Fact            `json:"critical_facility,omitempty" doc:"True when an outage interrupted all communications over a satellite, submarine cable or equivalent important facility (Ordinance Art. 58)."`
	TurnedOutToBe     string          `json:"turned_out_to_be,omitempty" himitsu:"ref=incidents" doc:"For a suspicion or internal investigation: the incident it turned out to be."`
	// The incident as the privacy office works it (issue 9): how it was
	// opened, what data and whom it involves, the evidence (linked, not
	// copied), the root cause and the closure.
	Origin    IncidentOrigin `json:"origin,omitempty" doc:"How the incident was opened: complaint, alert, access-log (a finding of a log review), contractor-report or manual."`
	OriginRef string         `json:"origin_ref,omitempty" doc:"Reference of what opened the incident: the complaint's ID, the alert's number, the contractor's report."`
	// DataSets and DataElements tie the incident to the data inventory:
	// the classes of the elements involved decide whether the secrecy of
	// communications is involved (a proposal; secrecy_involved is the
	// person's confirmation).
	DataSets      []string       `json:"datasets,omitempty" himitsu:"ref=datasets" doc:"Data sets involved; the classes of their elements propose whether secrecy of communications is involved."`
	DataElements  []ElementRef   `json:"data_elements,omitempty" doc:"Elements of those data sets involved; none listed means every element of the data sets."`
	Persons       []string       `json:"persons,omitempty" himitsu:"ref=persons" doc:"People involved: who caused, found or handled the incident."`
	Organisations []string       `json:"organisations,omitempty" himitsu:"ref=organisations" doc:"Contractors and other organisations involved."`
	Evidence      []EvidenceLink `json:"evidence,omitempty" doc:"Links to the complaints, access events, audit-log entries and documents that are evidence (linked, not copied)."`
	RootCause     string         `json:"root_cause,omitempty" doc:"Root cause found by the analysis: why the cause could happen (guideline 5(3)(i)iv)."`
	// What the incident did or may do beyond the leak itself, and what
	// the people affected should do about it: the reports to MIC and the
	// PPC and the user notice state both (Ordinance Art. 57 items, PPC
	// Rules Arts. 8 and 10).
	SecondaryDamage string    `json:"secondary_damage,omitempty" doc:"Secondary damage that occurred or may occur (fraud, unwanted contact, publication of the data …) and what it is, as known; when none is known, say so and how that was checked."`
	UserAdvice      string    `json:"user_advice,omitempty" doc:"What the people affected should do (watch for suspicious calls or mail, change a password, ask the desk …), as the user notice tells them."`
	ClosedAt        time.Time `json:"closed_at,omitzero" doc:"When the incident was closed."`
	ClosedBy        string    `json:"closed_by,omitempty" doc:"Who closed the incident (user name or person ID)."`
}

// ElementRef names one element of a data set of the inventory.
type ElementRef struct {
	DataSet string `json:"dataset" himitsu:"required,ref=datasets" doc:"Data set that holds the element."`
	Element string `json:"element" himitsu:"required" doc:"Name of the element, as in the data set's elements."`
}

// EvidenceLink points at a record that is evidence of an incident. The
// record stays where it is kept, with its own reading rules and log.
type EvidenceLink struct {
	Kind EvidenceKind `json:"kind" himitsu:"required" doc:"What the link points at: complaint, access-event, audit-log or document."`
	Ref  string       `json:"ref" himitsu:"required" doc:"ID of the complaint or access event, position of the audit-log entry, or reference of the document."`
	Note string       `json:"note,omitempty" doc:"Why the record is evidence."`
}

// IncidentClassification is one confirmation or change of an incident's
// classification by a person, beside what himitsu proposed at the time.
// The register is append-only: an entry is never changed or deleted, so
// the history of how an incident was classified, and by whom, stays
// visible (guideline 5(3)(i)iii).
type IncidentClassification struct {
	CarrierID string       `json:"-"`
	ID        string       `json:"id" himitsu:"required" doc:"Identifier of the entry."`
	Incident  string       `json:"incident" himitsu:"required,ref=incidents" doc:"Incident classified."`
	At        time.Time    `json:"at" himitsu:"required,asof" doc:"When the classification was confirmed or changed."`
	By        string       `json:"by" himitsu:"required" doc:"Who confirmed or changed it (user name or person ID)."`
	From      IncidentKind `json:"from,omitempty" doc:"Classification before this entry."`
	To        IncidentKind `json:"to" himitsu:"required" doc:"Classification confirmed or chosen."`
	Proposed  IncidentKind `json:"proposed,omitempty" doc:"What himitsu proposed at the time, from the incident's facts and the data inventory."`
	Reason    string       `json:"reason,omitempty" doc:"Why; required when the classification departs from the proposal or changes an earlier one."`
}

// KnowledgeEvent is one moment at which a part of the carrier learned
// something about an incident.
type KnowledgeEvent struct {
	At       time.Time     `json:"at" himitsu:"required" doc:"When this part of the carrier learned it."`
	Step     KnowledgeStep `json:"step" himitsu:"required" doc:"What was known: clue (a hint, not yet knowledge), detected, confirmed or escalated."`
	Function Function      `json:"function" himitsu:"required" doc:"Function of the carrier (or its contractor) that learned it."`
	Person   string        `json:"person,omitempty" himitsu:"ref=persons" doc:"Person who learned it."`
	Learned  string        `json:"learned,omitempty" doc:"What they learned."`
}

// AffectedCount is the number of persons, lines or records involved in an
// incident for one kind of data.
type AffectedCount struct {
	Data      string       `json:"data" himitsu:"required" doc:"Kind of data, e.g. subscriber master or call records."`
	Class     SecrecyClass `json:"class,omitempty" doc:"Class of the data, when it is within the secrecy of communications or personal."`
	Count     int          `json:"count" himitsu:"required" doc:"How many."`
	Unit      CountUnit    `json:"unit" himitsu:"required" doc:"What is counted: persons, lines or records."`
	Estimated Fact         `json:"estimated,omitempty" doc:"True when the count is an estimate."`
}

// RecurrenceMeasure is a measure to prevent an incident from recurring.
type RecurrenceMeasure struct {
	CarrierID   string `json:"-"`
	ID          string `json:"id" himitsu:"required" doc:"Identifier of the measure."`
	Incident    string `json:"incident" himitsu:"required,ref=incidents" doc:"Incident the measure responds to."`
	Description string `json:"description" himitsu:"required" doc:"What the measure does."`
	DueOn       Date   `json:"due_on,omitzero" doc:"Day the measure is due."`
	DoneOn      Date   `json:"done_on,omitzero" doc:"Day the measure was put in place."`
	VerifiedOn  Date   `json:"verified_on,omitzero" doc:"Day the measure was verified to work."`
	// Owner, status and verification (guideline 5(3)(i)iv): a measure is
	// only shown to work when someone checked it, and a measure that
	// leaves the root cause in place invites the same incident again.
	Owner              string             `json:"owner,omitempty" himitsu:"ref=persons" doc:"Person responsible for the measure."`
	Status             MeasureStatus      `json:"status,omitempty" doc:"How far the measure has come: planned, in-progress, done, verified or abandoned."`
	Verification       string             `json:"verification,omitempty" doc:"How the measure was verified to work (a test, an audit, a sample of logs)."`
	VerificationResult VerificationResult `json:"verification_result,omitempty" doc:"What the verification found: effective, partial or ineffective."`
	RemovesRootCause   Fact               `json:"removes_root_cause,omitempty" doc:"True when the measure removes the incident's root cause; false when it leaves it in place, which is a finding (5(3)(i)iv)."`
}

// RegulatorReport is a report the carrier filed about an incident.
type RegulatorReport struct {
	CarrierID   string      `json:"-"`
	ID          string      `json:"id" himitsu:"required" doc:"Identifier of the report."`
	Incident    string      `json:"incident" himitsu:"required,ref=incidents" doc:"Incident reported."`
	Law         ReportLaw   `json:"law" himitsu:"required" doc:"Law under which the report was made."`
	Stage       ReportStage `json:"stage" himitsu:"required" doc:"Stage of the report."`
	SubmittedAt time.Time   `json:"submitted_at" himitsu:"required,asof" doc:"When the report was submitted."`
	To          string      `json:"to,omitempty" doc:"Authority the report was sent to."`
	Reference   string      `json:"reference,omitempty" doc:"Reference number given by the authority."`
	// AlsoUnder lists other laws whose report of the corresponding stage
	// this same filing discharges: a carrier's APPI report goes to MIC,
	// the PPC's delegate for telecommunications (APPI Art. 150), and can
	// be one filing with the TBA Art. 28 report.
	AlsoUnder []ReportLaw `json:"also_under,omitempty" doc:"Other laws whose report of the corresponding stage this filing also is (first/detailed ↔ preliminary/final), e.g. a joint TBA and APPI report to MIC."`
	// CountedFrom is the day the report says the carrier knew (or, for a
	// serious accident, the day it occurred), when it states one.
	CountedFrom Date `json:"counted_from,omitzero" doc:"Day the report states as the start of its period (the day the carrier knew, or the day an accident occurred)."`
	// Version numbers the filings of one report (incident, law and
	// stage): a corrected or completed report is filed again as a new
	// version and the earlier one stays as it was filed.
	Version int `json:"version,omitempty" doc:"Version of this report for the incident, law and stage: 1 for the first filing, 2 for the next; empty for a report recorded without one."`
	// Document is the report as filed, frozen: the store refuses to
	// change a report that carries one, and the change log of the filing
	// records DocumentSHA256.
	Document       string `json:"document,omitempty" doc:"The report as filed (the rendered draft, HTML); once recorded the report is frozen and a correction is a new version."`
	DocumentSHA256 string `json:"document_sha256,omitempty" doc:"SHA-256 of document in lower-case hexadecimal; written to the change log when the report is filed."`
}

// Notification is a notice to affected users about an incident.
type Notification struct {
	CarrierID     string    `json:"-"`
	ID            string    `json:"id" himitsu:"required" doc:"Identifier of the notice."`
	Incident      string    `json:"incident" himitsu:"required,ref=incidents" doc:"Incident the notice is about."`
	Channel       Channel   `json:"channel" himitsu:"required" doc:"How the notice was sent."`
	SentAt        time.Time `json:"sent_at" himitsu:"required,asof" doc:"When the notice was sent."`
	Recipients    int       `json:"recipients,omitempty" doc:"Number of users notified."`
	ExplainsCause Fact      `json:"explains_cause,omitempty" doc:"True when the notice explains the cause."`
	ReliefOffered Fact      `json:"relief_offered,omitempty" doc:"True when the notice offers relief to users."`
	// Kind and what the notice tells users (guideline 5(4)iii).
	Kind             NoticeKind `json:"kind,omitempty" doc:"Form of the notice: public-notice, hotline, individual-letter, in-app-message or other."`
	ExplainsWhatToDo Fact       `json:"explains_what_to_do,omitempty" doc:"True when the notice tells users what they should do."`
	WhatToDo         string     `json:"what_to_do,omitempty" doc:"What the notice told users to do, as it worded it."`
}

// Complaint is a complaint or consultation received by the desk.
type Complaint struct {
	CarrierID   string            `json:"-"`
	ID          string            `json:"id" himitsu:"required" doc:"Identifier of the complaint."`
	ReceivedAt  time.Time         `json:"received_at" himitsu:"required,asof" doc:"When the complaint was received."`
	Channel     Channel           `json:"channel" himitsu:"required" doc:"How the complaint reached the desk."`
	Category    ComplaintCategory `json:"category" himitsu:"required" doc:"Category of the complaint."`
	Subscriber  string            `json:"subscriber,omitempty" doc:"Pseudonym of the subscriber who complained."`
	Summary     string            `json:"summary,omitempty" doc:"Short summary of the complaint."`
	LeakClue    Fact              `json:"leak_clue,omitempty" doc:"True when the complaint hints at a leak."`
	EscalatedAt time.Time         `json:"escalated_at,omitzero" doc:"When the complaint was escalated (to escalated_to, or the secrecy officer)."`
	// EscalatedTo names the function the complaint went to; the desk rule
	// (Desk.ClueFunctions) says where leak clues must go.
	EscalatedTo Function  `json:"escalated_to,omitempty" doc:"Function the complaint was escalated to, such as privacy-office, incident-team or engineering."`
	ClosedAt    time.Time `json:"closed_at,omitzero" doc:"When the complaint was closed."`
	Resolution  string    `json:"resolution,omitempty" doc:"How the complaint was resolved."`
	Incident    string    `json:"incident,omitempty" himitsu:"ref=incidents" doc:"Incident opened from the complaint."`
	// Text is what the person wrote or said, as received; the assessment
	// screens it for leak clues next to the agent's LeakClue. It is
	// sensitive: keep it to the desk's roles.
	Text            string    `json:"text,omitempty" doc:"What the person wrote or said, as received; screened for leak clues."`
	FirstResponseAt time.Time `json:"first_response_at,omitzero" doc:"When the desk first answered the person."`
	Count           int       `json:"count,omitempty" doc:"Number of complaints the row stands for, when one row records many alike; empty means one."`
}

// N is the number of complaints the row stands for: Count, or one.
func (c *Complaint) N() int { return max(c.Count, 1) }

// DeskChannel is one way to reach the complaint desk and when it is open.
// Hours are "HH:MM-HH:MM" in Japan time; empty means closed.
type DeskChannel struct {
	Kind          Channel  `json:"kind" himitsu:"required" doc:"Kind of channel."`
	Contact       string   `json:"contact,omitempty" doc:"Number, address or URL of the channel."`
	WeekdayHours  string   `json:"weekday_hours,omitempty" doc:"Opening hours on weekdays, as HH:MM-HH:MM in Japan time."`
	SaturdayHours string   `json:"saturday_hours,omitempty" doc:"Opening hours on Saturdays, as HH:MM-HH:MM in Japan time."`
	SundayHours   string   `json:"sunday_hours,omitempty" doc:"Opening hours on Sundays and holidays, as HH:MM-HH:MM in Japan time."`
	AlwaysOpen    Fact     `json:"always_open,omitempty" doc:"True when the channel is open at all hours."`
	Accessibility string   `json:"accessibility,omitempty" doc:"Support for users with disabilities or other languages."`
	Languages     []string `json:"languages,omitempty" doc:"Languages served on this channel, as ISO 639-1 codes."`
}

// Desk is the configuration of the complaint and consultation desk.
type Desk struct {
	CarrierID      string        `json:"-"`
	Channels       []DeskChannel `json:"channels,omitempty" doc:"Ways to reach the desk."`
	ComplaintRule  string        `json:"complaint_rule,omitempty" himitsu:"ref=policies" doc:"Document that sets the complaint handling rules."`
	EscalationDays int           `json:"escalation_days,omitempty" doc:"Days within which a leak clue must be escalated."`
	Languages      []string      `json:"languages,omitempty" doc:"Languages the desk serves, as ISO 639-1 codes."`
	// ComplaintRuleVersion and ClueRecipient complete the desk's own
	// record: which version of its rules it works to, and the function
	// the rules send leak clues to (EscalationDays says how fast).
	ComplaintRuleVersion string `json:"complaint_rule_version,omitempty" doc:"Version of the complaint handling rules in force."`
	ClueRecipient        string `json:"clue_recipient,omitempty" doc:"Function the complaint rules send leak clues to, such as the secrecy officer."`
	// ClueFunctions is the desk rule as data: a leak clue escalated to
	// any other function has not reached where it must go.
	ClueFunctions []Function `json:"clue_functions,omitempty" doc:"Functions the desk rule sends leak clues to; a clue escalated elsewhere counts as not escalated."`
}

// Attestation is a statement made by a person for the carrier, answering a
// question that records cannot decide, or claiming that a control exists.
type Attestation struct {
	CarrierID string   `json:"-"`
	ID        string   `json:"id" himitsu:"required" doc:"Identifier of the attestation."`
	Item      string   `json:"item" himitsu:"required" doc:"Catalog item the attestation answers, such as 5(3)(iv)iii."`
	Claim     Claim    `json:"claim,omitempty" doc:"Control whose existence the attestation asserts."`
	Question  string   `json:"question,omitempty" doc:"Question answered."`
	Answer    Answer   `json:"answer" himitsu:"required" doc:"Answer given."`
	Statement string   `json:"statement,omitempty" doc:"Explanation in the person's own words."`
	By        string   `json:"by" himitsu:"required,ref=persons" doc:"Person who made the attestation."`
	On        Date     `json:"on" himitsu:"required,asof" doc:"Day the attestation was made."`
	Evidence  []string `json:"evidence,omitempty" doc:"Documents or records that support the answer."`
}

// LawEnforcementRequest is a warrant or an inquiry from an investigating
// authority and the carrier's answer. A disclosure within the scope of a
// warrant is an act under law, not a leak: the exports it needed are not
// findings.
type LawEnforcementRequest struct {
	CarrierID  string      `json:"-"`
	ID         string      `json:"id" himitsu:"required" doc:"Identifier of the request."`
	Kind       RequestKind `json:"kind" himitsu:"required" doc:"Warrant, voluntary inquiry (捜査関係事項照会), emergency request or other."`
	Authority  string      `json:"authority,omitempty" doc:"Authority that made the request, such as a prefectural police headquarters."`
	Reference  string      `json:"reference,omitempty" doc:"Number of the warrant or of the inquiry document."`
	ReceivedAt time.Time   `json:"received_at" himitsu:"required,asof" doc:"When the request reached the carrier."`
	DataSets   []string    `json:"datasets,omitempty" himitsu:"ref=datasets" doc:"Data sets the request concerns."`
	// Subjects, Elements and the validity window are the scope of a
	// warrant as the decision point enforces it: an access outside them is
	// not an act under law.
	Subjects   []string      `json:"subjects,omitempty" doc:"Pseudonyms of the subscribers the warrant or request concerns; the decision point allows access under it to these only."`
	Elements   []string      `json:"elements,omitempty" doc:"Data elements the warrant covers; empty: every element of its data sets."`
	ValidFrom  time.Time     `json:"valid_from,omitzero" doc:"Start of the warrant's validity; empty: from received_at."`
	ValidUntil time.Time     `json:"valid_until,omitzero" doc:"End of the warrant's validity (inclusive); empty: the decision point does not allow access under it."`
	Purpose    string        `json:"purpose,omitempty" himitsu:"ref=purposes" doc:"Purpose (of basis law or necessity) under which accesses to answer it are logged."`
	Answer     RequestAnswer `json:"answer" himitsu:"required" doc:"How the carrier answered."`
	AnsweredAt time.Time     `json:"answered_at,omitzero" doc:"When the carrier answered."`
	ApprovedBy string        `json:"approved_by,omitempty" himitsu:"ref=persons" doc:"Person who approved the answer."`
	Note       string        `json:"note,omitempty" doc:"Free note on the request and the answer."`
}
