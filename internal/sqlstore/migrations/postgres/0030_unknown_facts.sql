-- Yes/no facts may be unknown (himitsu.Fact): every BOOLEAN column of a
-- register becomes nullable, NULL meaning that the record does not say.
-- Rows written before this migration keep their false: they were written
-- when an unrecorded fact was stored as false, and this migration does not
-- guess which of them were unknown.

ALTER TABLE carriers
    ALTER COLUMN designated_specified_user_info DROP NOT NULL;
ALTER TABLE organisations
    ALTER COLUMN handles_secrecy DROP NOT NULL,
    ALTER COLUMN reentrustment_approved DROP NOT NULL,
    ALTER COLUMN confidentiality_clause DROP NOT NULL;
ALTER TABLE services
    ALTER COLUMN exempt DROP NOT NULL;
ALTER TABLE purposes
    ALTER COLUMN mandatory_for_service DROP NOT NULL,
    ALTER COLUMN operationally_necessary DROP NOT NULL,
    ALTER COLUMN opt_out DROP NOT NULL,
    ALTER COLUMN default_on DROP NOT NULL;
ALTER TABLE policies
    ALTER COLUMN public DROP NOT NULL,
    ALTER COLUMN plain_language DROP NOT NULL,
    ALTER COLUMN layered_summary DROP NOT NULL,
    ALTER COLUMN states_leak_responsibility DROP NOT NULL,
    ALTER COLUMN disclaims_leak_liability DROP NOT NULL,
    ALTER COLUMN waiver_clause DROP NOT NULL;
ALTER TABLE accounts
    ALTER COLUMN shared DROP NOT NULL,
    ALTER COLUMN privileged DROP NOT NULL,
    ALTER COLUMN mfa DROP NOT NULL;
ALTER TABLE training
    ALTER COLUMN covers_secrecy DROP NOT NULL,
    ALTER COLUMN passed DROP NOT NULL;
ALTER TABLE takeouts
    ALTER COLUMN approved DROP NOT NULL,
    ALTER COLUMN handles_secrecy DROP NOT NULL,
    ALTER COLUMN noticed DROP NOT NULL;
ALTER TABLE areas
    ALTER COLUMN entry_log DROP NOT NULL,
    ALTER COLUMN cctv DROP NOT NULL;
ALTER TABLE extracts
    ALTER COLUMN encrypted DROP NOT NULL,
    ALTER COLUMN approved DROP NOT NULL;
ALTER TABLE system_changes
    ALTER COLUMN affects_secrecy DROP NOT NULL,
    ALTER COLUMN risk_assessed DROP NOT NULL,
    ALTER COLUMN tested DROP NOT NULL,
    ALTER COLUMN reviewed DROP NOT NULL,
    ALTER COLUMN rollback_plan DROP NOT NULL;
ALTER TABLE risk_assessments
    ALTER COLUMN covers_secrecy DROP NOT NULL;
ALTER TABLE consents
    ALTER COLUMN specific_purpose DROP NOT NULL,
    ALTER COLUMN elements_listed DROP NOT NULL,
    ALTER COLUMN separate_from_terms DROP NOT NULL,
    ALTER COLUMN affirmative DROP NOT NULL;
ALTER TABLE incidents
    ALTER COLUMN secrecy_involved DROP NOT NULL,
    ALTER COLUMN emergency_calls DROP NOT NULL,
    ALTER COLUMN sensitive_data DROP NOT NULL,
    ALTER COLUMN financial_risk DROP NOT NULL,
    ALTER COLUMN improper_purpose DROP NOT NULL;
ALTER TABLE notifications
    ALTER COLUMN explains_cause DROP NOT NULL,
    ALTER COLUMN relief_offered DROP NOT NULL;
ALTER TABLE complaints
    ALTER COLUMN leak_clue DROP NOT NULL;
ALTER TABLE entry_logs
    ALTER COLUMN escorted DROP NOT NULL;
