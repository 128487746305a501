-- The initial schema: one table per register, columns named by the json
-- tags of the Go types. Dates are TEXT "YYYY-MM-DD" and timestamps TEXT
-- RFC 3339 in UTC with six fractional digits, so that text order is time
-- order. Lists and nested records are JSON text. Empty text, zero numbers
-- and false are stored as such (NOT NULL); an unset date or time is NULL.
-- Tables keyed by (carrier_id, id) are WITHOUT ROWID: every read is by that
-- key, and the access log is clustered in the order it is streamed.

CREATE TABLE carriers (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    registration TEXT NOT NULL,
    registration_number TEXT NOT NULL,
    head_office_bureau TEXT NOT NULL,
    designated_specified_user_info BOOLEAN NOT NULL,
    subscribers INTEGER NOT NULL
);

CREATE TABLE organisations (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent TEXT NOT NULL,
    handles_secrecy BOOLEAN NOT NULL,
    reentrustment_approved BOOLEAN NOT NULL,
    confidentiality_clause BOOLEAN NOT NULL,
    contract_start TEXT,
    contract_end TEXT,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE services (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    exempt BOOLEAN NOT NULL,
    exemption TEXT NOT NULL,
    main_service TEXT NOT NULL,
    subscribers INTEGER NOT NULL,
    launched_on TEXT,
    description TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE datasets (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    service TEXT NOT NULL,
    "system" TEXT NOT NULL,
    location TEXT NOT NULL,
    elements TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE purposes (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    basis TEXT NOT NULL,
    lawful_business TEXT NOT NULL,
    datasets TEXT,
    classes TEXT,
    services TEXT,
    mandatory_for_service BOOLEAN NOT NULL,
    operationally_necessary BOOLEAN NOT NULL,
    opt_out BOOLEAN NOT NULL,
    default_on BOOLEAN NOT NULL,
    withdrawal_channel TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE policies (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    version TEXT NOT NULL,
    url TEXT NOT NULL,
    public BOOLEAN NOT NULL,
    published_on TEXT,
    reviewed_on TEXT,
    languages TEXT,
    clicks_from_top INTEGER NOT NULL,
    characters INTEGER NOT NULL,
    plain_language BOOLEAN NOT NULL,
    layered_summary BOOLEAN NOT NULL,
    states_leak_responsibility BOOLEAN NOT NULL,
    disclaims_leak_liability BOOLEAN NOT NULL,
    waiver_clause BOOLEAN NOT NULL,
    approved_by TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE persons (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    employer TEXT NOT NULL,
    unit TEXT NOT NULL,
    role TEXT NOT NULL,
    joined_on TEXT,
    left_on TEXT,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE accounts (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    "system" TEXT NOT NULL,
    person TEXT NOT NULL,
    shared BOOLEAN NOT NULL,
    privileged BOOLEAN NOT NULL,
    mfa BOOLEAN NOT NULL,
    created_on TEXT,
    disabled_on TEXT,
    last_used_on TEXT,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE grants (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    person TEXT NOT NULL,
    account TEXT NOT NULL,
    dataset TEXT NOT NULL,
    scope TEXT NOT NULL,
    purpose TEXT NOT NULL,
    granted_on TEXT NOT NULL,
    expires_on TEXT,
    revoked_on TEXT,
    approver TEXT NOT NULL,
    reviewed_on TEXT,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE org_changes (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    person TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_unit TEXT NOT NULL,
    to_unit TEXT NOT NULL,
    from_role TEXT NOT NULL,
    to_role TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE training (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    person TEXT NOT NULL,
    course TEXT NOT NULL,
    covers_secrecy BOOLEAN NOT NULL,
    completed_on TEXT NOT NULL,
    passed BOOLEAN NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE takeouts (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    person TEXT NOT NULL,
    device TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    returned_at TEXT,
    approved BOOLEAN NOT NULL,
    handles_secrecy BOOLEAN NOT NULL,
    noticed BOOLEAN NOT NULL,
    action_taken TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE areas (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    site TEXT NOT NULL,
    access_control TEXT NOT NULL,
    entry_log BOOLEAN NOT NULL,
    cctv BOOLEAN NOT NULL,
    authorised TEXT,
    datasets TEXT,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE retention_rules (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    dataset TEXT NOT NULL,
    max_days INTEGER NOT NULL,
    min_days INTEGER NOT NULL,
    basis TEXT NOT NULL,
    policy TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE holdings (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    dataset TEXT NOT NULL,
    location TEXT NOT NULL,
    oldest TEXT NOT NULL,
    observed_on TEXT NOT NULL,
    records INTEGER NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE extracts (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    dataset TEXT NOT NULL,
    kind TEXT NOT NULL,
    location TEXT NOT NULL,
    created_on TEXT,
    readable_by INTEGER NOT NULL,
    encrypted BOOLEAN NOT NULL,
    approved BOOLEAN NOT NULL,
    business_need TEXT NOT NULL,
    deleted_on TEXT,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE system_changes (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    "system" TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    affects_secrecy BOOLEAN NOT NULL,
    risk_assessed BOOLEAN NOT NULL,
    tested BOOLEAN NOT NULL,
    reviewed BOOLEAN NOT NULL,
    rollback_plan BOOLEAN NOT NULL,
    approver TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE protections (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    target TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    tested_on TEXT,
    note TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE risk_assessments (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    performed_on TEXT NOT NULL,
    next_due TEXT,
    covers_secrecy BOOLEAN NOT NULL,
    open_findings INTEGER NOT NULL,
    approved_by TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE controls (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    performed_on TEXT NOT NULL,
    result TEXT NOT NULL,
    findings INTEGER NOT NULL,
    person TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE consents (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    subscriber TEXT NOT NULL,
    service TEXT NOT NULL,
    purpose TEXT NOT NULL,
    notice_version TEXT NOT NULL,
    "method" TEXT NOT NULL,
    specific_purpose BOOLEAN NOT NULL,
    elements_listed BOOLEAN NOT NULL,
    separate_from_terms BOOLEAN NOT NULL,
    affirmative BOOLEAN NOT NULL,
    withdrawal_channel TEXT NOT NULL,
    given_at TEXT NOT NULL,
    withdrawn_at TEXT,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE incidents (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    service TEXT NOT NULL,
    occurred_at TEXT,
    detected_at TEXT,
    known_at TEXT NOT NULL,
    contained_at TEXT,
    secrecy_involved BOOLEAN NOT NULL,
    classes TEXT,
    persons_affected INTEGER NOT NULL,
    users_affected INTEGER NOT NULL,
    duration_minutes INTEGER NOT NULL,
    emergency_calls BOOLEAN NOT NULL,
    sensitive_data BOOLEAN NOT NULL,
    financial_risk BOOLEAN NOT NULL,
    improper_purpose BOOLEAN NOT NULL,
    cause_category TEXT NOT NULL,
    cause TEXT NOT NULL,
    actor_org TEXT NOT NULL,
    actor_person TEXT NOT NULL,
    change TEXT NOT NULL,
    root_cause_done_on TEXT,
    publicised_on TEXT,
    summary TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE recurrence_measures (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    incident TEXT NOT NULL,
    description TEXT NOT NULL,
    due_on TEXT,
    done_on TEXT,
    verified_on TEXT,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE regulator_reports (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    incident TEXT NOT NULL,
    law TEXT NOT NULL,
    stage TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    "to" TEXT NOT NULL,
    reference TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE notifications (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    incident TEXT NOT NULL,
    channel TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    recipients INTEGER NOT NULL,
    explains_cause BOOLEAN NOT NULL,
    relief_offered BOOLEAN NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE complaints (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    channel TEXT NOT NULL,
    category TEXT NOT NULL,
    subscriber TEXT NOT NULL,
    summary TEXT NOT NULL,
    leak_clue BOOLEAN NOT NULL,
    escalated_at TEXT,
    closed_at TEXT,
    resolution TEXT NOT NULL,
    incident TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE desk (
    carrier_id TEXT NOT NULL PRIMARY KEY REFERENCES carriers (id) ON DELETE CASCADE,
    channels TEXT,
    complaint_rule TEXT NOT NULL,
    escalation_days INTEGER NOT NULL,
    languages TEXT
) WITHOUT ROWID;

CREATE TABLE attestations (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    item TEXT NOT NULL,
    claim TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    statement TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "on" TEXT NOT NULL,
    evidence TEXT,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE access_events (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    "at" TEXT NOT NULL,
    account TEXT NOT NULL,
    person TEXT NOT NULL,
    dataset TEXT NOT NULL,
    "action" TEXT NOT NULL,
    purpose TEXT NOT NULL,
    subscriber TEXT NOT NULL,
    records INTEGER NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

CREATE TABLE entry_logs (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    area TEXT NOT NULL,
    person TEXT NOT NULL,
    visitor TEXT NOT NULL,
    direction TEXT NOT NULL,
    "at" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    escorted BOOLEAN NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;
