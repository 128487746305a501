//go:build duckdb

package anchors

// The reference of issue 6 §5: DuckDB reads a bundle's CSV files with its
// own CSV reader and runs four of himitsu's checks over the access event
// log as SQL. Each query is written from the rule's meaning in
// internal/assess (the file is named beside it), not from its output; the
// test in csvchecks_duckdb_test.go holds the counts to himitsu's own.
//
// carrier.yaml is not CSV: its few registers that the checks read (data
// sets, purposes, law-enforcement requests: some dozens of rows) are
// parsed here and inserted into small tables. Everything else comes from
// DuckDB's read_csv: access_events.csv, consents.csv, grants.csv and
// accounts.csv.
//
// Times: DuckDB keeps microseconds (it truncates the log's nanoseconds);
// the registers' times are whole seconds, so comparisons with them come
// out as with nanoseconds. A day is Japan's calendar day (UTC+9, no
// summer time), as himitsu.DateOf.

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	himitsu "github.com/himitsu-oss/himitsu"
	"go.yaml.in/yaml/v3"
)

// CSVCheckCounts are the accesses each check flags (the sum of the rows'
// counts, as himitsu counts them).
type CSVCheckCounts struct {
	EventWithoutConsent int64 // use.event-without-consent
	PurposeMismatch     int64 // use.purpose-mismatch
	LawfulScope         int64 // use.lawful-business-scope (the accesses, not the purposes)
	UnapprovedExport    int64 // tech.unapproved-export
}

type carrierYAML struct {
	DataSets []struct {
		ID       string        `yaml:"id"`
		Elements []yamlElement `yaml:"elements"`
	} `yaml:"datasets"`
	Purposes []struct {
		ID                string   `yaml:"id"`
		Basis             string   `yaml:"basis"`
		LawfulBusiness    string   `yaml:"lawful_business"`
		DataSets          []string `yaml:"datasets"`
		DefaultOn         *bool    `yaml:"default_on"` // nil: not recorded
		OptOut            *bool    `yaml:"opt_out"`
		WithdrawalChannel string   `yaml:"withdrawal_channel"`
	} `yaml:"purposes"`
	LawEnforcementRequests []struct {
		Kind       string    `yaml:"kind"`
		Purpose    string    `yaml:"purpose"`
		Answer     string    `yaml:"answer"`
		ReceivedAt time.Time `yaml:"received_at"`
		AnsweredAt time.Time `yaml:"answered_at"`
		DataSets   []string  `yaml:"datasets"`
	} `yaml:"law_enforcement_requests"`
}

type yamlElement struct {
	Class string `yaml:"class"`
}

// holdsSecrecy is himitsu.DataSet.HoldsSecrecy: some element is of a
// secrecy class.
func holdsSecrecy(elems []yamlElement) bool {
	for _, e := range elems {
		if himitsu.SecrecyClass(e.Class).IsSecrecy() {
			return true
		}
	}
	return false
}

func yamlUnmarshal(b []byte, v any) error { return yaml.Unmarshal(b, v) }

// DuckDBCSVChecks loads the bundle in dir into an in-memory DuckDB
// database with threads worker threads (0: DuckDB's default, every core)
// and returns the four counts as of the day asOf (YYYY-MM-DD).
func DuckDBCSVChecks(dir, asOf string, threads int) (CSVCheckCounts, error) {
	var out CSVCheckCounts
	raw, err := os.ReadFile(filepath.Join(dir, "carrier.yaml"))
	if err != nil {
		return out, err
	}
	var c carrierYAML
	if err := yamlUnmarshal(raw, &c); err != nil {
		return out, fmt.Errorf("carrier.yaml: %w", err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return out, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection: the temporary tables live in it
	exec := func(q string, args ...any) error {
		if _, err := db.Exec(q, args...); err != nil {
			return fmt.Errorf("%w\n%s", err, q)
		}
		return nil
	}
	setup := []string{
		"SET TimeZone = 'UTC'",
		`CREATE TABLE datasets (id VARCHAR PRIMARY KEY, secrecy BOOLEAN NOT NULL)`,
		`CREATE TABLE purposes (id VARCHAR PRIMARY KEY, basis VARCHAR, lawful_business VARCHAR,
			default_on BOOLEAN, opt_out BOOLEAN, withdrawal_channel VARCHAR)`,
		`CREATE TABLE purpose_datasets (purpose VARCHAR, dataset VARCHAR)`,
		`CREATE TABLE le_requests (id INTEGER, kind VARCHAR, purpose VARCHAR, answer VARCHAR,
			received_at TIMESTAMPTZ, answered_day DATE)`,
		`CREATE TABLE le_datasets (request INTEGER, dataset VARCHAR)`,
	}
	if threads > 0 {
		setup = append(setup, fmt.Sprintf("SET threads = %d", threads))
	}
	for _, q := range setup {
		if err := exec(q); err != nil {
			return out, err
		}
	}
	for _, d := range c.DataSets {
		if err := exec("INSERT INTO datasets VALUES (?, ?)", d.ID, holdsSecrecy(d.Elements)); err != nil {
			return out, err
		}
	}
	for _, p := range c.Purposes {
		if err := exec("INSERT INTO purposes VALUES (?, ?, ?, ?, ?, ?)", p.ID, p.Basis, p.LawfulBusiness, p.DefaultOn, p.OptOut, p.WithdrawalChannel); err != nil {
			return out, err
		}
		for _, d := range p.DataSets {
			if err := exec("INSERT INTO purpose_datasets VALUES (?, ?)", p.ID, d); err != nil {
				return out, err
			}
		}
	}
	for i, r := range c.LawEnforcementRequests {
		var answered any
		if !r.AnsweredAt.IsZero() {
			answered = himitsu.DateOf(r.AnsweredAt).String()
		}
		if err := exec("INSERT INTO le_requests VALUES (?, ?, ?, ?, ?, CAST(? AS DATE))", i, r.Kind, r.Purpose, r.Answer, r.ReceivedAt, answered); err != nil {
			return out, err
		}
		for _, d := range r.DataSets {
			if err := exec("INSERT INTO le_datasets VALUES (?, ?)", i, d); err != nil {
				return out, err
			}
		}
	}
	csv := func(name string) string { return strings.ReplaceAll(filepath.Join(dir, name), "'", "''") }
	// The CSV files, read by DuckDB with the types the bundle format
	// gives them. The access event log is materialised once, with its
	// Japan day and its weight (a row's count, at least 1), so the four
	// checks scan it from memory as one query each.
	loads := []string{
		fmt.Sprintf(`CREATE TABLE ev AS
			SELECT id, "at" AS ts, account, person, dataset, action, purpose, subscriber,
				greatest(coalesce("count", 0), 1) AS n,
				CAST(CAST("at" AS TIMESTAMP) + INTERVAL 9 HOUR AS DATE) AS day
			FROM read_csv('%s', header = true, auto_detect = false, columns = {
				'id': 'VARCHAR', 'at': 'TIMESTAMPTZ', 'account': 'VARCHAR', 'person': 'VARCHAR',
				'dataset': 'VARCHAR', 'action': 'VARCHAR', 'purpose': 'VARCHAR', 'subscriber': 'VARCHAR',
				'records': 'BIGINT', 'count': 'BIGINT'})
			WHERE CAST(CAST("at" AS TIMESTAMP) + INTERVAL 9 HOUR AS DATE) <= DATE '%s'`, csv("access_events.csv"), asOf),
		fmt.Sprintf(`CREATE TABLE consents AS SELECT * FROM read_csv('%s', header = true, auto_detect = false, columns = {
				'id': 'VARCHAR', 'subscriber': 'VARCHAR', 'service': 'VARCHAR', 'purpose': 'VARCHAR',
				'notice_version': 'VARCHAR', 'method': 'VARCHAR', 'specific_purpose': 'BOOLEAN',
				'elements_listed': 'BOOLEAN', 'elements': 'VARCHAR', 'separate_from_terms': 'BOOLEAN',
				'affirmative': 'BOOLEAN', 'withdrawal_channel': 'VARCHAR', 'given_at': 'TIMESTAMPTZ',
				'withdrawn_at': 'TIMESTAMPTZ', 'count': 'BIGINT', 'advance_notice': 'BOOLEAN', 'free_opt_out': 'BOOLEAN'})`,
			csv("consents.csv")),
		fmt.Sprintf(`CREATE TABLE grants AS SELECT * FROM read_csv('%s', header = true, auto_detect = false, columns = {
				'id': 'VARCHAR', 'person': 'VARCHAR', 'account': 'VARCHAR', 'group': 'VARCHAR', 'members': 'VARCHAR',
				'dataset': 'VARCHAR', 'scope': 'VARCHAR', 'purpose': 'VARCHAR', 'granted_on': 'DATE',
				'expires_on': 'DATE', 'revoked_on': 'DATE', 'approver': 'VARCHAR', 'reviewed_on': 'DATE'})`,
			csv("grants.csv")),
		// Accounts created after the day are not seen (--as-of).
		fmt.Sprintf(`CREATE TABLE accounts AS SELECT * FROM read_csv('%s', header = true, auto_detect = false, columns = {
				'id': 'VARCHAR', 'system': 'VARCHAR', 'person': 'VARCHAR', 'users': 'VARCHAR', 'shared': 'BOOLEAN',
				'privileged': 'BOOLEAN', 'mfa': 'BOOLEAN', 'created_on': 'DATE', 'disabled_on': 'DATE', 'last_used_on': 'DATE'})
			WHERE created_on IS NULL OR created_on <= DATE '%s'`, csv("accounts.csv"), asOf),
	}
	for _, q := range loads {
		if err := exec(q); err != nil {
			return out, err
		}
	}
	for _, q := range []struct {
		dst *int64
		sql string
	}{
		{&out.EventWithoutConsent, eventWithoutConsentSQL},
		{&out.PurposeMismatch, purposeMismatchSQL},
		{&out.LawfulScope, lawfulScopeSQL},
		{&out.UnapprovedExport, unapprovedExportSQL},
	} {
		if err := db.QueryRow(q.sql).Scan(q.dst); err != nil {
			return out, fmt.Errorf("%w\n%s", err, q.sql)
		}
	}
	return out, nil
}

// eventWithoutConsentSQL: rule_use_event_without_consent.go. An access
// under a consent-basis purpose that names a subscriber is allowed when a
// consent of that subscriber to that purpose was given by then, not
// withdrawn by then, and is valid (decide.ConsentInForce). Valid is
// decide.EvaluateConsent: a consent recorded as default-on with notice is
// valid when advance notice and a free opt-out are recorded; when the
// purpose is default-on and the consent was not an affirmative one (terms-
// bundled, pre-ticked, or affirmative not true), it is valid when the
// purpose has an opt-out and some withdrawal channel is named; otherwise it
// must not be terms-bundled or pre-ticked, be separate from the terms,
// affirmative, specific, list its elements, and name a withdrawal channel
// (its own or the purpose's). An access not allowed is not counted when
// the purpose is default-on with an opt-out and the subscriber had not
// opted out (withdrawn a consent) by then; nor when no consent had been
// given by then and default-on or opt-out is not recorded as false (the
// rule asks about those instead).
const eventWithoutConsentSQL = `
WITH cv AS (
	SELECT c.subscriber, c.purpose, c.given_at, c.withdrawn_at,
		CASE
			WHEN c.method = 'default-on-with-notice' THEN coalesce(c.advance_notice AND c.free_opt_out, false)
			WHEN p.default_on IS TRUE AND (c.method IN ('terms-bundled', 'pre-ticked') OR c.affirmative IS NOT TRUE)
				AND p.opt_out IS TRUE AND (coalesce(p.withdrawal_channel, '') <> '' OR coalesce(c.withdrawal_channel, '') <> '') THEN true
			WHEN p.default_on IS TRUE AND (c.method IN ('terms-bundled', 'pre-ticked') OR c.affirmative IS NOT TRUE) THEN false
			WHEN c.method IN ('terms-bundled', 'pre-ticked') THEN false
			ELSE c.separate_from_terms IS TRUE AND c.affirmative IS TRUE AND c.specific_purpose IS TRUE
				AND c.elements_listed IS TRUE
				AND (coalesce(c.withdrawal_channel, '') <> '' OR coalesce(p.withdrawal_channel, '') <> '')
		END AS valid
	FROM consents c LEFT JOIN purposes p ON p.id = c.purpose
	WHERE c.subscriber IS NOT NULL
), judged AS (
	SELECT e.n, p.default_on, p.opt_out,
		bool_or(cv.valid AND cv.given_at <= e.ts AND (cv.withdrawn_at IS NULL OR e.ts < cv.withdrawn_at)) AS allowed,
		bool_or(cv.given_at <= e.ts) AS given,
		bool_or(cv.withdrawn_at <= e.ts) AS opted_out
	FROM ev e
	JOIN purposes p ON p.id = e.purpose AND p.basis = 'consent'
	LEFT JOIN cv ON cv.subscriber = e.subscriber AND cv.purpose = e.purpose
	WHERE e.subscriber IS NOT NULL
	GROUP BY e.id, e.n, p.default_on, p.opt_out
)
SELECT coalesce(sum(n), 0) FROM judged
WHERE allowed IS NOT TRUE
	AND NOT (default_on IS TRUE AND opt_out IS TRUE AND opted_out IS NOT TRUE)
	AND NOT (given IS NOT TRUE AND default_on IS NOT FALSE AND opt_out IS NOT FALSE)`

// purposeMismatchSQL: rule_use_purpose_mismatch.go. An access under a
// consent-basis purpose to a data set the purpose does not list.
const purposeMismatchSQL = `
SELECT coalesce(sum(e.n), 0) FROM ev e
JOIN purposes p ON p.id = e.purpose AND p.basis = 'consent'
WHERE NOT EXISTS (SELECT 1 FROM purpose_datasets pd WHERE pd.purpose = e.purpose AND pd.dataset = e.dataset)`

// lawfulScopeSQL: rule_use_lawful_business_scope.go. An access to a data
// set holding secrecy with no purpose (none, or one the register does not
// hold), or under a lawful-business purpose whose operation is not one the
// Guidelines name, or one that does not list the data set.
const lawfulScopeSQL = `
SELECT coalesce(sum(e.n), 0) FROM ev e
JOIN datasets d ON d.id = e.dataset AND d.secrecy
LEFT JOIN purposes p ON p.id = e.purpose
WHERE p.id IS NULL
	OR p.basis = 'lawful-business' AND (
		coalesce(p.lawful_business, '') NOT IN ('charging', 'billing', 'complaints', 'fraud-prevention', 'network-operation')
		OR NOT EXISTS (SELECT 1 FROM purpose_datasets pd WHERE pd.purpose = p.id AND pd.dataset = e.dataset))`

// unapprovedExportSQL: rule_tech_unapproved_export.go. An export or print
// by a person (the event's, or its account's) with no export or admin
// grant for the data set active that day, held by the person (as the
// grant's person or its account's, as a user of the shared account it was
// given to, or as a member of the group it was given to) or given to the
// event's account; not one answering a warrant or emergency request
// disclosed within scope (its purpose, one of its data sets, from its
// receipt to the day it was answered).
const unapprovedExportSQL = `
WITH active AS (
	SELECT * FROM grants g
	WHERE g.scope IN ('export', 'admin')
), holders AS (
	SELECT coalesce(g.person, a.person) AS holder, g.id FROM active g LEFT JOIN accounts a ON a.id = g.account
	UNION
	SELECT trim(u.holder), g.id FROM active g JOIN accounts a ON a.id = g.account AND a.shared IS TRUE,
		unnest(string_split(a.users, ';')) AS u(holder)
	UNION
	SELECT trim(m.holder), g.id FROM active g, unnest(string_split(g.members, ';')) AS m(holder)
), takeouts AS (
	SELECT e.*, coalesce(e.person, a.person) AS who FROM ev e LEFT JOIN accounts a ON a.id = e.account
	WHERE e.action IN ('export', 'print')
		AND NOT EXISTS (
			SELECT 1 FROM le_requests r JOIN le_datasets rd ON rd.request = r.id
			WHERE r.purpose = e.purpose AND r.answer = 'disclosed-within-scope' AND r.kind IN ('warrant', 'emergency')
				AND rd.dataset = e.dataset AND e.ts >= r.received_at AND e.day <= r.answered_day)
)
SELECT coalesce(sum(t.n), 0) FROM takeouts t
WHERE NOT EXISTS (
	SELECT 1 FROM active g
	WHERE g.dataset = t.dataset AND g.granted_on <= t.day
		AND (g.revoked_on IS NULL OR t.day < g.revoked_on)
		AND (g.expires_on IS NULL OR t.day <= g.expires_on)
		AND (g.account = t.account OR g.id IN (SELECT h.id FROM holders h WHERE h.holder = t.who)))`
