-- The initial schema: one table per register, columns named by the json
-- tags of the Go types. IDs use the "C" collation so that ORDER BY id is
-- byte order, as on SQLite and in Go. Lists and nested records are JSONB.
-- Empty text, zero numbers and false are stored as such (NOT NULL); an
-- unset date or time is NULL.

CREATE TABLE carriers (
    id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    registration TEXT NOT NULL,
    registration_number TEXT NOT NULL,
    head_office_bureau TEXT NOT NULL,
    designated_specified_user_info BOOLEAN NOT NULL,
    subscribers BIGINT NOT NULL
);

CREATE TABLE organisations (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent TEXT NOT NULL,
    handles_secrecy BOOLEAN NOT NULL,
    reentrustment_approved BOOLEAN NOT NULL,
    confidentiality_clause BOOLEAN NOT NULL,
    contract_start DATE,
    contract_end DATE,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE services (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    exempt BOOLEAN NOT NULL,
    exemption TEXT NOT NULL,
    main_service TEXT NOT NULL,
    subscribers BIGINT NOT NULL,
    launched_on DATE,
    description TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE datasets (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    service TEXT NOT NULL,
    "system" TEXT NOT NULL,
    location TEXT NOT NULL,
    elements JSONB NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE purposes (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    basis TEXT NOT NULL,
    lawful_business TEXT NOT NULL,
    datasets JSONB,
    classes JSONB,
    services JSONB,
    mandatory_for_service BOOLEAN NOT NULL,
    operationally_necessary BOOLEAN NOT NULL,
    opt_out BOOLEAN NOT NULL,
    default_on BOOLEAN NOT NULL,
    withdrawal_channel TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE policies (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    version TEXT NOT NULL,
    url TEXT NOT NULL,
    public BOOLEAN NOT NULL,
    published_on DATE,
    reviewed_on DATE,
    languages JSONB,
    clicks_from_top BIGINT NOT NULL,
    characters BIGINT NOT NULL,
    plain_language BOOLEAN NOT NULL,
    layered_summary BOOLEAN NOT NULL,
    states_leak_responsibility BOOLEAN NOT NULL,
    disclaims_leak_liability BOOLEAN NOT NULL,
    waiver_clause BOOLEAN NOT NULL,
    approved_by TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE persons (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    employer TEXT NOT NULL,
    unit TEXT NOT NULL,
    role TEXT NOT NULL,
    joined_on DATE,
    left_on DATE,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE accounts (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    "system" TEXT NOT NULL,
    person TEXT NOT NULL,
    shared BOOLEAN NOT NULL,
    privileged BOOLEAN NOT NULL,
    mfa BOOLEAN NOT NULL,
    created_on DATE,
    disabled_on DATE,
    last_used_on DATE,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE grants (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    person TEXT NOT NULL,
    account TEXT NOT NULL,
    dataset TEXT NOT NULL,
    scope TEXT NOT NULL,
    purpose TEXT NOT NULL,
    granted_on DATE NOT NULL,
    expires_on DATE,
    revoked_on DATE,
    approver TEXT NOT NULL,
    reviewed_on DATE,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE org_changes (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    person TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_unit TEXT NOT NULL,
    to_unit TEXT NOT NULL,
    from_role TEXT NOT NULL,
    to_role TEXT NOT NULL,
    effective_on DATE NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE training (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    person TEXT NOT NULL,
    course TEXT NOT NULL,
    covers_secrecy BOOLEAN NOT NULL,
    completed_on DATE NOT NULL,
    passed BOOLEAN NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE takeouts (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    person TEXT NOT NULL,
    device TEXT NOT NULL,
    taken_at TIMESTAMPTZ NOT NULL,
    returned_at TIMESTAMPTZ,
    approved BOOLEAN NOT NULL,
    handles_secrecy BOOLEAN NOT NULL,
    noticed BOOLEAN NOT NULL,
    action_taken TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE areas (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    site TEXT NOT NULL,
    access_control TEXT NOT NULL,
    entry_log BOOLEAN NOT NULL,
    cctv BOOLEAN NOT NULL,
    authorised JSONB,
    datasets JSONB,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE retention_rules (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    dataset TEXT NOT NULL,
    max_days BIGINT NOT NULL,
    min_days BIGINT NOT NULL,
    basis TEXT NOT NULL,
    policy TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE holdings (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    dataset TEXT NOT NULL,
    location TEXT NOT NULL,
    oldest DATE NOT NULL,
    observed_on DATE NOT NULL,
    records BIGINT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE extracts (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    dataset TEXT NOT NULL,
    kind TEXT NOT NULL,
    location TEXT NOT NULL,
    created_on DATE,
    readable_by BIGINT NOT NULL,
    encrypted BOOLEAN NOT NULL,
    approved BOOLEAN NOT NULL,
    business_need TEXT NOT NULL,
    deleted_on DATE,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE system_changes (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    "system" TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL,
    affects_secrecy BOOLEAN NOT NULL,
    risk_assessed BOOLEAN NOT NULL,
    tested BOOLEAN NOT NULL,
    reviewed BOOLEAN NOT NULL,
    rollback_plan BOOLEAN NOT NULL,
    approver TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE protections (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    target TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    tested_on DATE,
    note TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE risk_assessments (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    performed_on DATE NOT NULL,
    next_due DATE,
    covers_secrecy BOOLEAN NOT NULL,
    open_findings BIGINT NOT NULL,
    approved_by TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE controls (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    performed_on DATE NOT NULL,
    result TEXT NOT NULL,
    findings BIGINT NOT NULL,
    person TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE consents (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
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
    given_at TIMESTAMPTZ NOT NULL,
    withdrawn_at TIMESTAMPTZ,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE incidents (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    service TEXT NOT NULL,
    occurred_at TIMESTAMPTZ,
    detected_at TIMESTAMPTZ,
    known_at TIMESTAMPTZ NOT NULL,
    contained_at TIMESTAMPTZ,
    secrecy_involved BOOLEAN NOT NULL,
    classes JSONB,
    persons_affected BIGINT NOT NULL,
    users_affected BIGINT NOT NULL,
    duration_minutes BIGINT NOT NULL,
    emergency_calls BOOLEAN NOT NULL,
    sensitive_data BOOLEAN NOT NULL,
    financial_risk BOOLEAN NOT NULL,
    improper_purpose BOOLEAN NOT NULL,
    cause_category TEXT NOT NULL,
    cause TEXT NOT NULL,
    actor_org TEXT NOT NULL,
    actor_person TEXT NOT NULL,
    change TEXT NOT NULL,
    root_cause_done_on DATE,
    publicised_on DATE,
    summary TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE recurrence_measures (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    incident TEXT NOT NULL,
    description TEXT NOT NULL,
    due_on DATE,
    done_on DATE,
    verified_on DATE,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE regulator_reports (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    incident TEXT NOT NULL,
    law TEXT NOT NULL,
    stage TEXT NOT NULL,
    submitted_at TIMESTAMPTZ NOT NULL,
    "to" TEXT NOT NULL,
    reference TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE notifications (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    incident TEXT NOT NULL,
    channel TEXT NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL,
    recipients BIGINT NOT NULL,
    explains_cause BOOLEAN NOT NULL,
    relief_offered BOOLEAN NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE complaints (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    channel TEXT NOT NULL,
    category TEXT NOT NULL,
    subscriber TEXT NOT NULL,
    summary TEXT NOT NULL,
    leak_clue BOOLEAN NOT NULL,
    escalated_at TIMESTAMPTZ,
    closed_at TIMESTAMPTZ,
    resolution TEXT NOT NULL,
    incident TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE desk (
    carrier_id TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES carriers (id) ON DELETE CASCADE,
    channels JSONB,
    complaint_rule TEXT NOT NULL,
    escalation_days BIGINT NOT NULL,
    languages JSONB
);

CREATE TABLE attestations (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    item TEXT NOT NULL,
    claim TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    statement TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "on" DATE NOT NULL,
    evidence JSONB,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE access_events (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    account TEXT NOT NULL,
    person TEXT NOT NULL,
    dataset TEXT NOT NULL,
    "action" TEXT NOT NULL,
    purpose TEXT NOT NULL,
    subscriber TEXT NOT NULL,
    records BIGINT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE entry_logs (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    area TEXT NOT NULL,
    person TEXT NOT NULL,
    visitor TEXT NOT NULL,
    direction TEXT NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    "method" TEXT NOT NULL,
    escorted BOOLEAN NOT NULL,
    PRIMARY KEY (carrier_id, id)
);
