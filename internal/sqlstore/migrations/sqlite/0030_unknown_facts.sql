-- Yes/no facts may be unknown (himitsu.Fact): every BOOLEAN column of a
-- register becomes nullable, NULL meaning that the record does not say.
-- Rows written before this migration keep their false: they were written
-- when an unrecorded fact was stored as false, and this migration does not
-- guess which of them were unknown.
--
-- SQLite cannot drop a NOT NULL constraint in place, and rebuilding the
-- tables would cascade-delete through carriers (ON DELETE CASCADE), so each
-- column is replaced: a nullable copy is added, filled, the old column is
-- dropped and the copy takes its name. Columns are read by name, so their
-- new place at the end of the table does not matter.

-- carriers
ALTER TABLE carriers ADD COLUMN designated_specified_user_info_fact BOOLEAN;
UPDATE carriers SET designated_specified_user_info_fact = designated_specified_user_info;
ALTER TABLE carriers DROP COLUMN designated_specified_user_info;
ALTER TABLE carriers RENAME COLUMN designated_specified_user_info_fact TO designated_specified_user_info;

-- organisations
ALTER TABLE organisations ADD COLUMN handles_secrecy_fact BOOLEAN;
ALTER TABLE organisations ADD COLUMN reentrustment_approved_fact BOOLEAN;
ALTER TABLE organisations ADD COLUMN confidentiality_clause_fact BOOLEAN;
UPDATE organisations SET handles_secrecy_fact = handles_secrecy, reentrustment_approved_fact = reentrustment_approved, confidentiality_clause_fact = confidentiality_clause;
ALTER TABLE organisations DROP COLUMN handles_secrecy;
ALTER TABLE organisations RENAME COLUMN handles_secrecy_fact TO handles_secrecy;
ALTER TABLE organisations DROP COLUMN reentrustment_approved;
ALTER TABLE organisations RENAME COLUMN reentrustment_approved_fact TO reentrustment_approved;
ALTER TABLE organisations DROP COLUMN confidentiality_clause;
ALTER TABLE organisations RENAME COLUMN confidentiality_clause_fact TO confidentiality_clause;

-- services
ALTER TABLE services ADD COLUMN exempt_fact BOOLEAN;
UPDATE services SET exempt_fact = exempt;
ALTER TABLE services DROP COLUMN exempt;
ALTER TABLE services RENAME COLUMN exempt_fact TO exempt;

-- purposes
ALTER TABLE purposes ADD COLUMN mandatory_for_service_fact BOOLEAN;
ALTER TABLE purposes ADD COLUMN operationally_necessary_fact BOOLEAN;
ALTER TABLE purposes ADD COLUMN opt_out_fact BOOLEAN;
ALTER TABLE purposes ADD COLUMN default_on_fact BOOLEAN;
UPDATE purposes SET mandatory_for_service_fact = mandatory_for_service, operationally_necessary_fact = operationally_necessary, opt_out_fact = opt_out, default_on_fact = default_on;
ALTER TABLE purposes DROP COLUMN mandatory_for_service;
ALTER TABLE purposes RENAME COLUMN mandatory_for_service_fact TO mandatory_for_service;
ALTER TABLE purposes DROP COLUMN operationally_necessary;
ALTER TABLE purposes RENAME COLUMN operationally_necessary_fact TO operationally_necessary;
ALTER TABLE purposes DROP COLUMN opt_out;
ALTER TABLE purposes RENAME COLUMN opt_out_fact TO opt_out;
ALTER TABLE purposes DROP COLUMN default_on;
ALTER TABLE purposes RENAME COLUMN default_on_fact TO default_on;

-- policies
ALTER TABLE policies ADD COLUMN public_fact BOOLEAN;
ALTER TABLE policies ADD COLUMN plain_language_fact BOOLEAN;
ALTER TABLE policies ADD COLUMN layered_summary_fact BOOLEAN;
ALTER TABLE policies ADD COLUMN states_leak_responsibility_fact BOOLEAN;
ALTER TABLE policies ADD COLUMN disclaims_leak_liability_fact BOOLEAN;
ALTER TABLE policies ADD COLUMN waiver_clause_fact BOOLEAN;
UPDATE policies SET public_fact = public, plain_language_fact = plain_language, layered_summary_fact = layered_summary, states_leak_responsibility_fact = states_leak_responsibility, disclaims_leak_liability_fact = disclaims_leak_liability, waiver_clause_fact = waiver_clause;
ALTER TABLE policies DROP COLUMN public;
ALTER TABLE policies RENAME COLUMN public_fact TO public;
ALTER TABLE policies DROP COLUMN plain_language;
ALTER TABLE policies RENAME COLUMN plain_language_fact TO plain_language;
ALTER TABLE policies DROP COLUMN layered_summary;
ALTER TABLE policies RENAME COLUMN layered_summary_fact TO layered_summary;
ALTER TABLE policies DROP COLUMN states_leak_responsibility;
ALTER TABLE policies RENAME COLUMN states_leak_responsibility_fact TO states_leak_responsibility;
ALTER TABLE policies DROP COLUMN disclaims_leak_liability;
ALTER TABLE policies RENAME COLUMN disclaims_leak_liability_fact TO disclaims_leak_liability;
ALTER TABLE policies DROP COLUMN waiver_clause;
ALTER TABLE policies RENAME COLUMN waiver_clause_fact TO waiver_clause;

-- accounts
ALTER TABLE accounts ADD COLUMN shared_fact BOOLEAN;
ALTER TABLE accounts ADD COLUMN privileged_fact BOOLEAN;
ALTER TABLE accounts ADD COLUMN mfa_fact BOOLEAN;
UPDATE accounts SET shared_fact = shared, privileged_fact = privileged, mfa_fact = mfa;
ALTER TABLE accounts DROP COLUMN shared;
ALTER TABLE accounts RENAME COLUMN shared_fact TO shared;
ALTER TABLE accounts DROP COLUMN privileged;
ALTER TABLE accounts RENAME COLUMN privileged_fact TO privileged;
ALTER TABLE accounts DROP COLUMN mfa;
ALTER TABLE accounts RENAME COLUMN mfa_fact TO mfa;

-- training
ALTER TABLE training ADD COLUMN covers_secrecy_fact BOOLEAN;
ALTER TABLE training ADD COLUMN passed_fact BOOLEAN;
UPDATE training SET covers_secrecy_fact = covers_secrecy, passed_fact = passed;
ALTER TABLE training DROP COLUMN covers_secrecy;
ALTER TABLE training RENAME COLUMN covers_secrecy_fact TO covers_secrecy;
ALTER TABLE training DROP COLUMN passed;
ALTER TABLE training RENAME COLUMN passed_fact TO passed;

-- takeouts
ALTER TABLE takeouts ADD COLUMN approved_fact BOOLEAN;
ALTER TABLE takeouts ADD COLUMN handles_secrecy_fact BOOLEAN;
ALTER TABLE takeouts ADD COLUMN noticed_fact BOOLEAN;
UPDATE takeouts SET approved_fact = approved, handles_secrecy_fact = handles_secrecy, noticed_fact = noticed;
ALTER TABLE takeouts DROP COLUMN approved;
ALTER TABLE takeouts RENAME COLUMN approved_fact TO approved;
ALTER TABLE takeouts DROP COLUMN handles_secrecy;
ALTER TABLE takeouts RENAME COLUMN handles_secrecy_fact TO handles_secrecy;
ALTER TABLE takeouts DROP COLUMN noticed;
ALTER TABLE takeouts RENAME COLUMN noticed_fact TO noticed;

-- areas
ALTER TABLE areas ADD COLUMN entry_log_fact BOOLEAN;
ALTER TABLE areas ADD COLUMN cctv_fact BOOLEAN;
UPDATE areas SET entry_log_fact = entry_log, cctv_fact = cctv;
ALTER TABLE areas DROP COLUMN entry_log;
ALTER TABLE areas RENAME COLUMN entry_log_fact TO entry_log;
ALTER TABLE areas DROP COLUMN cctv;
ALTER TABLE areas RENAME COLUMN cctv_fact TO cctv;

-- extracts
ALTER TABLE extracts ADD COLUMN encrypted_fact BOOLEAN;
ALTER TABLE extracts ADD COLUMN approved_fact BOOLEAN;
UPDATE extracts SET encrypted_fact = encrypted, approved_fact = approved;
ALTER TABLE extracts DROP COLUMN encrypted;
ALTER TABLE extracts RENAME COLUMN encrypted_fact TO encrypted;
ALTER TABLE extracts DROP COLUMN approved;
ALTER TABLE extracts RENAME COLUMN approved_fact TO approved;

-- system_changes
ALTER TABLE system_changes ADD COLUMN affects_secrecy_fact BOOLEAN;
ALTER TABLE system_changes ADD COLUMN risk_assessed_fact BOOLEAN;
ALTER TABLE system_changes ADD COLUMN tested_fact BOOLEAN;
ALTER TABLE system_changes ADD COLUMN reviewed_fact BOOLEAN;
ALTER TABLE system_changes ADD COLUMN rollback_plan_fact BOOLEAN;
UPDATE system_changes SET affects_secrecy_fact = affects_secrecy, risk_assessed_fact = risk_assessed, tested_fact = tested, reviewed_fact = reviewed, rollback_plan_fact = rollback_plan;
ALTER TABLE system_changes DROP COLUMN affects_secrecy;
ALTER TABLE system_changes RENAME COLUMN affects_secrecy_fact TO affects_secrecy;
ALTER TABLE system_changes DROP COLUMN risk_assessed;
ALTER TABLE system_changes RENAME COLUMN risk_assessed_fact TO risk_assessed;
ALTER TABLE system_changes DROP COLUMN tested;
ALTER TABLE system_changes RENAME COLUMN tested_fact TO tested;
ALTER TABLE system_changes DROP COLUMN reviewed;
ALTER TABLE system_changes RENAME COLUMN reviewed_fact TO reviewed;
ALTER TABLE system_changes DROP COLUMN rollback_plan;
ALTER TABLE system_changes RENAME COLUMN rollback_plan_fact TO rollback_plan;

-- risk_assessments
ALTER TABLE risk_assessments ADD COLUMN covers_secrecy_fact BOOLEAN;
UPDATE risk_assessments SET covers_secrecy_fact = covers_secrecy;
ALTER TABLE risk_assessments DROP COLUMN covers_secrecy;
ALTER TABLE risk_assessments RENAME COLUMN covers_secrecy_fact TO covers_secrecy;

-- consents
ALTER TABLE consents ADD COLUMN specific_purpose_fact BOOLEAN;
ALTER TABLE consents ADD COLUMN elements_listed_fact BOOLEAN;
ALTER TABLE consents ADD COLUMN separate_from_terms_fact BOOLEAN;
ALTER TABLE consents ADD COLUMN affirmative_fact BOOLEAN;
UPDATE consents SET specific_purpose_fact = specific_purpose, elements_listed_fact = elements_listed, separate_from_terms_fact = separate_from_terms, affirmative_fact = affirmative;
ALTER TABLE consents DROP COLUMN specific_purpose;
ALTER TABLE consents RENAME COLUMN specific_purpose_fact TO specific_purpose;
ALTER TABLE consents DROP COLUMN elements_listed;
ALTER TABLE consents RENAME COLUMN elements_listed_fact TO elements_listed;
ALTER TABLE consents DROP COLUMN separate_from_terms;
ALTER TABLE consents RENAME COLUMN separate_from_terms_fact TO separate_from_terms;
ALTER TABLE consents DROP COLUMN affirmative;
ALTER TABLE consents RENAME COLUMN affirmative_fact TO affirmative;

-- incidents
ALTER TABLE incidents ADD COLUMN secrecy_involved_fact BOOLEAN;
ALTER TABLE incidents ADD COLUMN emergency_calls_fact BOOLEAN;
ALTER TABLE incidents ADD COLUMN sensitive_data_fact BOOLEAN;
ALTER TABLE incidents ADD COLUMN financial_risk_fact BOOLEAN;
ALTER TABLE incidents ADD COLUMN improper_purpose_fact BOOLEAN;
UPDATE incidents SET secrecy_involved_fact = secrecy_involved, emergency_calls_fact = emergency_calls, sensitive_data_fact = sensitive_data, financial_risk_fact = financial_risk, improper_purpose_fact = improper_purpose;
ALTER TABLE incidents DROP COLUMN secrecy_involved;
ALTER TABLE incidents RENAME COLUMN secrecy_involved_fact TO secrecy_involved;
ALTER TABLE incidents DROP COLUMN emergency_calls;
ALTER TABLE incidents RENAME COLUMN emergency_calls_fact TO emergency_calls;
ALTER TABLE incidents DROP COLUMN sensitive_data;
ALTER TABLE incidents RENAME COLUMN sensitive_data_fact TO sensitive_data;
ALTER TABLE incidents DROP COLUMN financial_risk;
ALTER TABLE incidents RENAME COLUMN financial_risk_fact TO financial_risk;
ALTER TABLE incidents DROP COLUMN improper_purpose;
ALTER TABLE incidents RENAME COLUMN improper_purpose_fact TO improper_purpose;

-- notifications
ALTER TABLE notifications ADD COLUMN explains_cause_fact BOOLEAN;
ALTER TABLE notifications ADD COLUMN relief_offered_fact BOOLEAN;
UPDATE notifications SET explains_cause_fact = explains_cause, relief_offered_fact = relief_offered;
ALTER TABLE notifications DROP COLUMN explains_cause;
ALTER TABLE notifications RENAME COLUMN explains_cause_fact TO explains_cause;
ALTER TABLE notifications DROP COLUMN relief_offered;
ALTER TABLE notifications RENAME COLUMN relief_offered_fact TO relief_offered;

-- complaints
ALTER TABLE complaints ADD COLUMN leak_clue_fact BOOLEAN;
UPDATE complaints SET leak_clue_fact = leak_clue;
ALTER TABLE complaints DROP COLUMN leak_clue;
ALTER TABLE complaints RENAME COLUMN leak_clue_fact TO leak_clue;

-- entry_logs
ALTER TABLE entry_logs ADD COLUMN escorted_fact BOOLEAN;
UPDATE entry_logs SET escorted_fact = escorted;
ALTER TABLE entry_logs DROP COLUMN escorted;
ALTER TABLE entry_logs RENAME COLUMN escorted_fact TO escorted;
