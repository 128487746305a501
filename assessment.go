package himitsu

import "time"

// Text is a text in Japanese and English. Every text a person reads in
// himitsu's outputs comes in both.
type Text struct {
	JA string `json:"ja"`
	EN string `json:"en"`
}

// In returns the text in lang ("ja" or anything else for English), falling
// back to the other language when one is missing.
func (t Text) In(lang string) string {
	if lang == "ja" && t.JA != "" || t.EN == "" {
		return t.JA
	}
	return t.EN
}

// Status is what a rule concluded about an assumed case.
type Status string

const (
	StatusIndicated        Status = "indicated"         // the records show the assumed case
	StatusAtRisk           Status = "at-risk"           // a weakness that leads there
	StatusNotIndicated     Status = "not-indicated"     // checked and fine
	StatusNeedsAttestation Status = "needs-attestation" // records cannot decide; a question is asked
	StatusNotApplicable    Status = "not-applicable"
)

func (Status) Values() []string {
	return []string{"indicated", "at-risk", "not-indicated", "needs-attestation", "not-applicable"}
}

// Severity weighs a finding.
type Severity string

const (
	SeverityNone   Severity = "none"
	SeverityLow    Severity = "low"
	SeverityMedium Severity = "medium"
	SeverityHigh   Severity = "high"
)

func (Severity) Values() []string { return []string{"none", "low", "medium", "high"} }

// Evidence points at a record that made a rule decide, with the values
// that triggered it.
type Evidence struct {
	Register string            `json:"register"`
	ID       string            `json:"id"`
	Values   map[string]string `json:"values,omitempty"`
}

// Finding is the conclusion of one rule about one catalog item.
type Finding struct {
	Item     string   `json:"item"` // catalog ID, e.g. "5(3)(iv)iii"
	Code     string   `json:"code"` // e.g. "TECH-STALE-ACCESS"
	Rule     string   `json:"rule"` // the rule that decided, e.g. "tech.stale-grants"
	Status   Status   `json:"status"`
	Severity Severity `json:"severity"`
	Summary  Text     `json:"summary"`
	// Evidence lists the triggering records, at most a bounded number;
	// EvidenceTotal counts them all.
	Evidence      []Evidence `json:"evidence,omitempty"`
	EvidenceTotal int        `json:"evidence_total"`
	// Question is asked when Status is needs-attestation.
	Question    Text `json:"question,omitzero"`
	Remediation Text `json:"remediation,omitzero"`
}

// Deadline is one reporting duty that an incident gives rise to.
type Deadline struct {
	Law   ReportLaw   `json:"law"`
	Stage ReportStage `json:"stage"`
	// Due is the last day to file; zero for a duty "without delay", which
	// DueText then explains. Convention states how the days were counted.
	Due        Date      `json:"due,omitzero"`
	DueText    Text      `json:"due_text"`
	Convention string    `json:"convention,omitempty"`
	FiledAt    time.Time `json:"filed_at,omitzero"`
	// State is "met", "late" (filed after the due day), "overdue" (not
	// filed, due day passed), "pending" (not filed, still in time),
	// "unclear" (include-first-day was chosen and the filing falls on a day
	// only the Civil Code's reading makes timely), or, for a duty whose
	// time comes from guidance rather than a statutory period (the APPI
	// preliminary report's 3 to 5 days), "after-guidance" (filed later
	// than the guidance) and "past-guidance" (not filed, the guidance's
	// window has passed).
	State    string `json:"state"`
	DaysLate int    `json:"days_late,omitempty"`
	Note     Text   `json:"note,omitzero"`
	// From is the day the period runs from and Basis the record that set
	// it ("known_at", "knowledge[1]", "occurred_at", or a linked
	// suspicion's event, "inc-7/knowledge[0]"). Counted is the last day of
	// the period as counted, before the Act on Holidays of Administrative
	// Organs Art. 2 moved it to Due.
	From    Date   `json:"from,omitzero"`
	Basis   string `json:"basis,omitempty"`
	Counted Date   `json:"counted,omitzero"`
}

// IncidentDetermination classifies an incident under the laws that apply.
type IncidentDetermination struct {
	Incident string `json:"incident"`
	// Classes: "secrecy-leak", "unauthorized-use", "unauthorized-obtaining",
	// "personal-data-leak", "personal-data-only", "serious-outage", "near-miss",
	// "suspicion".
	Classes   []string   `json:"classes"`
	Reasons   []Text     `json:"reasons"`
	Deadlines []Deadline `json:"deadlines,omitempty"`
	// Open lists the facts the determination needs that the records leave
	// unknown, each with the question that settles it ("incidents.
	// secrecy_involved"). A class or a duty that turns on such a fact is
	// neither given nor denied; the question is also among the Reasons.
	Open []OpenQuestion `json:"open,omitempty"`
}

// OpenQuestion is a fact a legal determination needs and the records leave
// unknown: the record and field, and what answering it decides.
type OpenQuestion struct {
	Record   string `json:"record"` // register and ID: "incidents/inc-3"
	Field    string `json:"field"`  // "secrecy_involved"
	Question Text   `json:"question"`
}

// ServiceDetermination says whether a service is among the carrier's means
// of conducting operations (guidelines §3) and whether it is exempt.
type ServiceDetermination struct {
	Service           string `json:"service"`
	MeansOfOperations bool   `json:"means_of_operations"`
	HoldsSecrecy      bool   `json:"holds_secrecy"`
	Exempt            bool   `json:"exempt"`
	IndirectHindrance bool   `json:"indirect_hindrance,omitempty"` // exempt, but can hinder the main service
	Reason            Text   `json:"reason"`
	// Open is set when whether the service is exempt is not recorded: it
	// is then assessed as a means of operations until answered.
	Open []OpenQuestion `json:"open,omitempty"`
}

// SubjectDetermination says whether the carrier can receive a business
// improvement order at all (guidelines §2).
type SubjectDetermination struct {
	SubjectToOrder bool `json:"subject_to_order"`
	Reason         Text `json:"reason"`
}

// Determinations are the legal characterisations beside the items.
type Determinations struct {
	Subject   SubjectDetermination    `json:"subject"`
	Services  []ServiceDetermination  `json:"services"`
	Incidents []IncidentDetermination `json:"incidents"`
}

// CategoryJudgement is the grade of one category of assumed cases.
type CategoryJudgement struct {
	Category string  `json:"category"`
	Grade    string  `json:"grade"`
	Score    float64 `json:"score"`
	Findings int     `json:"findings"` // indicated or at-risk findings
}

// Judgement is the overall grade: "no-concern", "advice", "guidance" or
// "order-risk", with the reasons that led to it.
type Judgement struct {
	Overall    string              `json:"overall"`
	Categories []CategoryJudgement `json:"categories"`
	Reasons    []Text              `json:"reasons"`
}

// Parameter is a value an assessment was made with (the day-count
// convention, each threshold of the rules), so that a reader can see and
// reproduce the basis of every finding. Default is false for a value the
// user set.
type Parameter struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	Default bool   `json:"default"`
}

// Assessment is the result of judging one carrier's records on a day.
type Assessment struct {
	Carrier        Carrier        `json:"carrier"`
	AsOf           Date           `json:"as_of"`
	CatalogVersion string         `json:"catalog_version"`
	Findings       []Finding      `json:"findings"`
	Determinations Determinations `json:"determinations"`
	Judgement      Judgement      `json:"judgement"`
	// Counts of the records judged, per register, for the report's scope.
	Counts map[string]int `json:"counts"`
	// Parameters the engine used, in a fixed order.
	Parameters []Parameter `json:"parameters"`
	// ComplaintStats are the complaint desk's figures (5(4)); nil when
	// neither complaints nor a desk are recorded.
	ComplaintStats *ComplaintStats `json:"complaint_stats,omitempty"`
}

// ComplaintStats are the complaint desk's figures over the complaints
// received up to the day judged (guideline 5(4)): volumes, categories,
// how fast the desk answers and closes, how many complaints are leak
// clues by the agent's reading and by the screening of what people wrote,
// and what the desk's channels cover.
type ComplaintStats struct {
	Total      int            `json:"total"`
	ByCategory map[string]int `json:"by_category"`
	ByChannel  map[string]int `json:"by_channel"`
	Open       int            `json:"open"`
	// FirstResponded and Closed count the complaints with a first
	// response or a close; the medians and 90th percentiles are in hours
	// and days.
	FirstResponded           int     `json:"first_responded"`
	FirstResponseMedianHours float64 `json:"first_response_median_hours"`
	Closed                   int     `json:"closed"`
	CloseMedianDays          float64 `json:"close_median_days"`
	CloseP90Days             float64 `json:"close_p90_days"`
	// Screened counts complaints with a text or summary to read;
	// AgentClues and ScreeningClues the clues by each reading, BothClues
	// those both readings agree on. ClueRate is the share of complaints
	// that either reading calls a clue. Clusters counts groups of similar
	// clues and weak signals received close together.
	Screened       int     `json:"screened"`
	AgentClues     int     `json:"agent_clues"`
	ScreeningClues int     `json:"screening_clues"`
	BothClues      int     `json:"both_clues"`
	ClueRate       float64 `json:"clue_rate"`
	Clusters       int     `json:"clusters"`
	// The desk's channels: kinds offered, whether one is written and one
	// serves people who cannot use the phone (text relay, sign language,
	// fax), weekly opening hours of all channels together, whether one is
	// always open, and the languages served.
	ChannelKinds      []string `json:"channel_kinds"`
	WrittenChannel    bool     `json:"written_channel"`
	AccessibleChannel bool     `json:"accessible_channel"`
	WeeklyHours       float64  `json:"weekly_hours"`
	AlwaysOpen        bool     `json:"always_open"`
	Languages         []string `json:"languages"`
}

// StatRow is one labelled figure of a report table.
type StatRow struct {
	Label Text
	Value string
}
