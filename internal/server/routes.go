package server

import (
	"net/http"
	"slices"

	"github.com/himitsu-oss/himitsu"
)

// route is one entry of the route table: a method and pattern of the
// standard ServeMux, the roles it admits, and what it reads records for.
type route struct {
	method, pattern string
	// public routes need no sign-in (login, health, static files, the
	// OpenAPI document); otherwise roles lists who may call the route.
	public bool
	roles  []himitsu.Role
	// api routes answer JSON, accept bearer tokens and no cookies; the
	// others are pages, which use the session cookie and CSRF tokens.
	api bool
	// purpose is recorded in the read log with every read of a carrier's
	// records the route makes, with the signed-in user as the actor.
	purpose string
	// summary documents the route (OpenAPI for api routes).
	summary string
	h       handler
	// register is the register a per-register route serves.
	register string
	// cachedToken reads the caller's API token through the server's
	// token cache (tokencache.go): the decision point only.
	cachedToken bool
}

// Role sets used by the table.
var (
	allRoles   = himitsu.Roles
	staffRoles = []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleDesk, himitsu.RoleEngineer, himitsu.RoleAuditor}
	officers   = []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer}
	adminOnly  = []himitsu.Role{himitsu.RoleAdmin}
	// deskRoles work the complaint queue and read what people wrote.
	deskRoles  = []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleDesk}
	logReaders = []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleAuditor, himitsu.RoleRegulator}
	// decisionCallers are the roles whose tokens a carrier's systems use to
	// ask the decision point; auditors and the regulator read, not act.
	decisionCallers = []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleDesk, himitsu.RoleEngineer}
	eventReader     = []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleEngineer, himitsu.RoleAuditor, himitsu.RoleRegulator}
)

// regConf says who reads and who writes each register served one record
// at a time.
type regConf struct {
	name        string
	read, write []himitsu.Role
	// columns shown in the list page, after the ID.
	columns []string
}

func registers() []regConf {
	desk := []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleDesk}
	eng := []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleEngineer}
	return append([]regConf{
		{"complaints", allRoles, desk, []string{"received_at", "category", "channel", "leak_clue", "escalated_at", "closed_at"}},
		{"incidents", allRoles, officers, []string{"title", "kind", "known_at", "secrecy_involved", "contained_at"}},
		{"recurrence_measures", allRoles, officers, []string{"incident", "description", "due_on", "done_on"}},
		{"regulator_reports", allRoles, officers, []string{"incident", "law", "stage", "submitted_at"}},
		{"notifications", allRoles, officers, []string{"incident", "channel", "sent_at", "recipients"}},
		{"persons", allRoles, eng, []string{"name", "kind", "employer", "unit", "left_on"}},
		{"grants", allRoles, eng, []string{"person", "dataset", "scope", "granted_on", "expires_on", "revoked_on"}},
		{"consents", allRoles, desk, []string{"subscriber", "purpose", "method", "given_at", "withdrawn_at"}},
		{"access_events", eventReader, nil, []string{"at", "person", "account", "dataset", "action", "purpose", "records"}},
	}, setupRegisters()...)
}

// setupRegisters are the registers a carrier sets up once and keeps up to
// date, and the evidence it accumulates, in the order of
// himitsu.RegisterList. Least privilege: the desk reads what it needs to
// answer users (services, purposes, policies) and nothing of the
// security set-up; the law-enforcement register is read only by those
// who answer for disclosures and those who examine them. Officers write
// what the compliance function decides (organisations, purposes,
// policies, retention, attestations, controls, risk assessments, training
// and personnel changes, law-enforcement answers); engineers write what
// they build and run (data sets, accounts, areas, holdings, extracts,
// system changes, protections, take-outs). Auditors and the regulator
// only read. The entry log, like the access log, is never written here.
func setupRegisters() []regConf {
	eng := []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleEngineer}
	// noDesk: every role but the desk.
	noDesk := []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleEngineer, himitsu.RoleAuditor, himitsu.RoleRegulator}
	examiners := []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleAuditor, himitsu.RoleRegulator}
	return []regConf{
		{"organisations", allRoles, officers, []string{"name", "kind", "parent", "handles_secrecy", "contract_end", "country"}},
		{"services", allRoles, officers, []string{"name", "kind", "main_service", "subscribers", "charging"}},
		{"datasets", noDesk, eng, []string{"name", "service", "system", "location"}},
		{"purposes", allRoles, officers, []string{"name", "basis", "lawful_business", "default_on", "opt_out"}},
		{"policies", allRoles, officers, []string{"title", "kind", "version", "public", "published_on", "reviewed_on"}},
		{"accounts", noDesk, eng, []string{"system", "person", "shared", "privileged", "mfa", "disabled_on"}},
		{"org_changes", noDesk, officers, []string{"person", "kind", "from_unit", "to_unit", "effective_on"}},
		{"training", noDesk, officers, []string{"person", "course", "covers_secrecy", "completed_on", "passed"}},
		{"takeouts", noDesk, eng, []string{"person", "device", "taken_at", "returned_at", "approved"}},
		{"areas", noDesk, eng, []string{"name", "kind", "site", "access_control", "entry_log", "cctv"}},
		{"retention_rules", noDesk, officers, []string{"dataset", "max_days", "min_days", "policy"}},
		{"holdings", noDesk, eng, []string{"dataset", "location", "oldest", "observed_on", "records"}},
		{"extracts", noDesk, eng, []string{"dataset", "kind", "location", "created_on", "encrypted", "deleted_on"}},
		{"system_changes", noDesk, eng, []string{"system", "kind", "changed_at", "affects_secrecy", "approver"}},
		{"protections", noDesk, eng, []string{"target", "kind", "status", "tested_on"}},
		{"risk_assessments", noDesk, officers, []string{"kind", "subject", "performed_on", "next_due", "open_findings"}},
		{"controls", noDesk, officers, []string{"kind", "subject", "performed_on", "result", "findings"}},
		{"attestations", noDesk, officers, []string{"item", "claim", "answer", "by", "on"}},
		{"law_enforcement_requests", examiners, officers, []string{"kind", "authority", "received_at", "answer", "answered_at"}},
		{"entry_logs", eventReader, nil, []string{"at", "area", "person", "visitor", "direction", "method"}},
	}
}

func regConfOf(name string) (regConf, bool) {
	for _, r := range registers() {
		if r.name == name {
			return r, true
		}
	}
	return regConf{}, false
}

// routeTable is the one table of routes. Each page and endpoint states
// its roles here; TestRouteRoles walks every route with every role.
func (s *Server) routeTable() []route {
	rs := []route{
		{method: "GET", pattern: "/healthz", public: true, summary: "liveness", h: s.healthz},
		{method: "GET", pattern: "/readyz", public: true, summary: "readiness: the database answers", h: s.readyz},
		{method: "GET", pattern: "/metrics", public: true, summary: "Prometheus metrics", h: s.metricsPage},
		{method: "GET", pattern: "/static/{file}", public: true, summary: "style sheet and script", h: s.static},
		{method: "GET", pattern: "/login", public: true, summary: "sign-in form", h: s.loginForm},
		{method: "POST", pattern: "/login", public: true, summary: "sign in", h: s.login},
		{method: "GET", pattern: "/setup/{token}", public: true, summary: "first admin form", h: s.setupForm},
		{method: "POST", pattern: "/setup/{token}", public: true, summary: "create the first admin", h: s.setupCreate},
		{method: "POST", pattern: "/logout", roles: allRoles, summary: "sign out", h: s.logout},
		{method: "POST", pattern: "/logout-everywhere", roles: allRoles, summary: "sign out on every device", h: s.logoutEverywhere},
		{method: "GET", pattern: "/{$}", roles: allRoles, summary: "home: the first carrier", h: s.home},
		{method: "GET", pattern: "/settings", roles: allRoles, summary: "language and API tokens", h: s.settings},
		{method: "POST", pattern: "/settings/lang", roles: allRoles, summary: "switch language", h: s.setLang},
		{method: "POST", pattern: "/settings/tokens", roles: staffRoles, summary: "create an API token", h: s.createToken},
		{method: "POST", pattern: "/settings/tokens/{id}/revoke", roles: staffRoles, summary: "revoke an API token", h: s.revokeToken},
		{method: "GET", pattern: "/admin/users", roles: adminOnly, summary: "users", h: s.users},
		{method: "POST", pattern: "/admin/users", roles: adminOnly, summary: "create a user", h: s.createUser},
		{method: "POST", pattern: "/admin/users/{id}", roles: adminOnly, summary: "change a user", h: s.updateUser},
		{method: "GET", pattern: "/import", roles: officers, summary: "bundle upload form", h: s.importForm},
		{method: "POST", pattern: "/import", roles: officers, purpose: "bundle import", summary: "upload a bundle", h: s.importBundle},

		{method: "GET", pattern: "/c/{carrier}/{$}", roles: allRoles, purpose: "compliance dashboard", summary: "dashboard", h: s.dashboard},
		{method: "GET", pattern: "/c/{carrier}/catalog", roles: allRoles, purpose: "catalog review", summary: "catalog with findings", h: s.catalogPage},
		{method: "GET", pattern: "/c/{carrier}/catalog/{item}", roles: allRoles, purpose: "catalog review", summary: "one item, its rules, findings and evidence", h: s.catalogItem},
		{method: "GET", pattern: "/c/{carrier}/assessments", roles: allRoles, summary: "assessment runs", h: s.assessments},
		{method: "POST", pattern: "/c/{carrier}/assessments", roles: officers, purpose: "assessment", summary: "run an assessment", h: s.runAssessment},
		{method: "GET", pattern: "/c/{carrier}/assessments/compare", roles: allRoles, purpose: "assessment review", summary: "what changed between two runs", h: s.compare},
		{method: "GET", pattern: "/c/{carrier}/assessments/{id}", roles: allRoles, purpose: "assessment review", summary: "one run", h: s.assessment},
		{method: "GET", pattern: "/c/{carrier}/assessments/{id}/report", roles: allRoles, purpose: "assessment report", summary: "download a report", h: s.download},
		{method: "GET", pattern: "/c/{carrier}/deadlines", roles: allRoles, purpose: "deadline board", summary: "what is due and what is late", h: s.deadlinesPage},
		{method: "GET", pattern: "/c/{carrier}/log", roles: logReaders, summary: "who read and changed what", h: s.logPage},
		{method: "GET", pattern: "/c/{carrier}/incidents/{id}/drafts/{report}", roles: draftRoles, purpose: "incident report draft", summary: "draft of a report to the authorities (format html or pdf, lang ja or en)", h: s.incidentDraft},
		{method: "POST", pattern: "/c/{carrier}/incidents/{id}/filings", roles: officers, purpose: "incident report filing", summary: "record a report as filed, frozen as the next version", h: s.fileReport},

		// The complaint desk (desk.go): the public form needs no sign-in;
		// the queue is for the desk's roles, who alone read the texts.
		{method: "GET", pattern: "/p/{carrier}/complaint", public: true, summary: "public complaint form", h: s.publicForm},
		{method: "POST", pattern: "/p/{carrier}/complaint", public: true, summary: "send a complaint (CSRF token, rate and size limits)", h: s.publicSubmit},
		{method: "GET", pattern: "/p/{carrier}/complaint/status", public: true, summary: "status of a complaint by its reception number", h: s.publicStatus},
		{method: "GET", pattern: "/c/{carrier}/desk", roles: deskRoles, purpose: "complaint desk queue", summary: "open complaints by urgency, both readings", h: s.deskQueue},
		{method: "GET", pattern: "/c/{carrier}/desk/{id}", roles: deskRoles, purpose: "complaint desk work", summary: "one complaint with its text, screening and actions", h: s.deskItem, register: "complaints"},
		{method: "POST", pattern: "/c/{carrier}/desk/{id}/{action}", roles: deskRoles, purpose: "complaint desk work", summary: "acknowledge (respond), escalate or close a complaint", h: s.deskAct, register: "complaints"},
		// The regulator's case files (cases.go): the carrier's view, the
		// regulator's across carriers, and the API. Steps are checked
		// against the caller's side of the procedure in the handler.
		{method: "GET", pattern: "/regulator/cases", roles: regulatorOnly, purpose: "case file (regulator)", summary: "the regulator's cases across its carriers", h: s.regulatorCases},
		{method: "GET", pattern: "/c/{carrier}/cases", roles: caseReaders, purpose: "case file", summary: "the carrier's cases", h: s.cases},
		{method: "POST", pattern: "/c/{carrier}/cases", roles: regulatorOnly, purpose: "case file", summary: "open a case", h: s.openCase},
		{method: "GET", pattern: "/c/{carrier}/cases/{id}", roles: caseReaders, purpose: "case file", summary: "one case: steps, what is due, the engine's recommendation", h: s.caseDetail},
		{method: "POST", pattern: "/c/{carrier}/cases/{id}/steps", roles: caseWriters, purpose: "case file", summary: "record a step of the procedure", h: s.caseStep},
		{method: "GET", pattern: "/api/v1/regulator/cases", roles: regulatorOnly, api: true, purpose: "case file (regulator)", summary: "the regulator's cases across its carriers, with stage and what is due", h: s.apiRegulatorCases},
		{method: "GET", pattern: "/api/v1/carriers/{carrier}/cases", roles: caseReaders, api: true, purpose: "case file", summary: "the carrier's cases, with stage and what is due", h: s.apiCases},
		{method: "POST", pattern: "/api/v1/carriers/{carrier}/cases", roles: regulatorOnly, api: true, purpose: "case file", summary: "open a case (regulator)", h: s.apiOpenCase},
		{method: "GET", pattern: "/api/v1/carriers/{carrier}/cases/{id}", roles: caseReaders, api: true, purpose: "case file", summary: "one case with its steps, what is due and the engine's recommendation", h: s.apiCase},
		{method: "POST", pattern: "/api/v1/carriers/{carrier}/cases/{id}/steps", roles: caseWriters, api: true, purpose: "case file", summary: "record a step; refused with the reason when the procedure does not allow it", h: s.apiCaseStep},

		{method: "GET", pattern: "/api/v1/openapi.json", public: true, api: true, summary: "this API's OpenAPI 3.1 document", h: s.openapi},
		{method: "GET", pattern: "/api/v1/carriers", roles: allRoles, api: true, summary: "carriers the caller may see", h: s.apiCarriers},
		{method: "GET", pattern: "/api/v1/carriers/{carrier}/assessments", roles: allRoles, api: true, summary: "assessment runs, newest first", h: s.apiRuns},
		{method: "POST", pattern: "/api/v1/carriers/{carrier}/assessments", roles: officers, api: true, purpose: "assessment", summary: "run an assessment on the records held now", h: s.apiRunAssessment},
		{method: "POST", pattern: "/api/v1/carriers/{carrier}/decisions", roles: decisionCallers, api: true, summary: "decide whether an act on secrecy information is allowed (one request, or a batch in requests); each decision is in the audit log before the answer", h: s.apiDecide, cachedToken: true},
		{method: "GET", pattern: "/api/v1/carriers/{carrier}/deadlines", roles: allRoles, api: true, purpose: "deadline board", summary: "the deadline board: every report, measure and notice due, late ones first (as_of, sort=state|due)", h: s.apiDeadlines},
		{method: "GET", pattern: "/api/v1/carriers/{carrier}/assessments/{id}", roles: allRoles, api: true, purpose: "assessment review", summary: "one assessment run with its result", h: s.apiRun},
		{method: "GET", pattern: "/api/v1/carriers/{carrier}/incidents/{id}/drafts/{report}", roles: draftRoles, api: true, purpose: "incident report draft", summary: "draft of a report to the authorities (format json, html or pdf; lang ja or en)", h: s.incidentDraft},
		{method: "POST", pattern: "/api/v1/carriers/{carrier}/incidents/{id}/filings", roles: officers, api: true, purpose: "incident report filing", summary: "record a report as filed (report, submitted_at, lang, to, reference): the draft is frozen with its SHA-256 as the next version", h: s.apiFileReport},
	}
	for _, rc := range registers() {
		base := "/c/{carrier}/" + rc.name
		api := "/api/v1/carriers/{carrier}/" + rc.name
		purpose := "register work: " + rc.name
		rs = append(rs,
			route{method: "GET", pattern: base, roles: rc.read, purpose: purpose, summary: "list " + rc.name, h: s.list, register: rc.name},
			route{method: "GET", pattern: api, roles: rc.read, api: true, purpose: purpose, summary: "list " + rc.name + " (keyset pages)", h: s.apiList, register: rc.name},
		)
		if len(rc.write) == 0 {
			// A log (access events, entry logs): listed, never written.
			continue
		}
		detail, editForm, update := s.incidentHandlers(rc)
		rs = append(rs,
			route{method: "GET", pattern: base + "/new", roles: rc.write, summary: "new " + rc.name + " form", h: s.newForm, register: rc.name},
			route{method: "POST", pattern: base, roles: rc.write, purpose: purpose, summary: "create", h: s.create, register: rc.name},
			route{method: "POST", pattern: base + "/_check", roles: rc.write, summary: "check a form without saving it (inline messages)", h: s.checkForm, register: rc.name},
			route{method: "GET", pattern: base + "/{id}", roles: rc.read, purpose: purpose, summary: "one record", h: detail, register: rc.name},
			route{method: "GET", pattern: base + "/{id}/edit", roles: rc.write, purpose: purpose, summary: "edit form", h: editForm, register: rc.name},
			route{method: "POST", pattern: base + "/{id}", roles: rc.write, purpose: purpose, summary: "update", h: update, register: rc.name},
			route{method: "POST", pattern: base + "/{id}/delete", roles: rc.write, purpose: purpose, summary: "delete where the law allows", h: s.delete, register: rc.name},
			route{method: "POST", pattern: api, roles: rc.write, api: true, purpose: purpose, summary: "create a record", h: s.apiCreate, register: rc.name},
			route{method: "GET", pattern: api + "/{id}", roles: rc.read, api: true, purpose: purpose, summary: "one record with its version", h: s.apiGet, register: rc.name},
			route{method: "PUT", pattern: api + "/{id}", roles: rc.write, api: true, purpose: purpose, summary: "replace a record, given the version it is based on", h: s.apiUpdate, register: rc.name},
			route{method: "DELETE", pattern: api + "/{id}", roles: rc.write, api: true, purpose: purpose, summary: "delete a record where the law allows", h: s.apiDelete, register: rc.name},
		)
	}
	return append(rs, s.incidentRoutes()...)
}

// allows reports whether role may call the route.
func (rt *route) allows(role himitsu.Role) bool {
	return rt.public || slices.Contains(rt.roles, role)
}

// mutates reports whether the route changes state: POST, PUT, DELETE.
func (rt *route) mutates() bool {
	return rt.method != http.MethodGet && rt.method != http.MethodHead
}

// withheldField is a field of a register that only some of the roles
// reading the register may see. What a person wrote in a complaint is
// sensitive (issue 10): only the desk's roles read it; the others see the
// rest of the complaint, with the field absent from API answers and marked
// as withheld on pages. The read of the record is logged as any other, so
// every read of the field is recorded with the actor and the purpose.
type withheldField struct {
	register, field string
	roles           []himitsu.Role
}

func withheldFields() []withheldField {
	desk := []himitsu.Role{himitsu.RoleAdmin, himitsu.RoleOfficer, himitsu.RoleDesk}
	return []withheldField{
		{"complaints", "text", desk},
	}
}

// withheldFor names the fields of the register the role may not see.
func withheldFor(register string, role himitsu.Role) []string {
	var out []string
	for _, w := range withheldFields() {
		if w.register == register && !slices.Contains(w.roles, role) {
			out = append(out, w.field)
		}
	}
	return out
}
