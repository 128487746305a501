// Package demo generates a deterministic, realistic demo carrier with a
// known set of planted weaknesses, for demonstrations, end-to-end tests and
// benchmarks of the assessment engine and the stores.
//
// The carrier is あおばネットワークス株式会社 (Aoba Networks K.K.), a notified
// MVNO and ISP whose head office lies under the Tohoku bureau. At scale 1 it
// has 20,000 subscribers (70% mobile, 30% ISP), known only by keyed
// pseudonyms of synthetic numbers; about 8,100 consents to two consent-basis
// purposes (marketing analytics and location-based offers), all obtained on
// their own screen or dialog, some withdrawn; five lawful-business purposes
// (billing, charging, fraud prevention, network operation, complaint
// handling); about 300 people (directors, employees, part-timers,
// dispatched workers, and the staff of two contractors and one
// subcontractor) with named accounts, grants, training and take-outs; four
// areas (machine rooms in Sendai and Morioka, a call centre and a billing
// centre); ten data sets with retention rules, holdings, backups and
// extracts; about 200 system changes; safeguards, risk assessments,
// controls, policies, a complaint desk and about 2,000 complaints a year;
// a small secrecy leak (found through a complaint, reported to the bureau,
// root cause found, measures done, users notified) and a short outage; and
// a reorganisation four months before the assessment day that merged the
// two network units and moved eight billing staff to sales.
//
// The two large logs are streams, never held in memory: 1,000,000 access
// events and about 50,000 door log lines per scale unit over the six months
// before the assessment day. Event i is computed from the seed and i alone
// (a PCG generator seeded per event, over tables fixed by Generate), so the
// stream can be read any number of times with identical results, IDs
// (ev-%012d) follow time order, and --scale 100 gives 100 million events in
// flat memory. Scale multiplies subscribers, consents, events, door logs
// and complaints; the workforce grows by ceil(scale/10).
//
// Every record is meant to be clean under every rule of docs/rules.md,
// except the planted weaknesses, which Carrier.Weaknesses lists with the
// exact records that carry them (their number does not grow with scale,
// except where a rule is a share):
//
//   - tech.stale-grants (5(3)(iv)iii): six billing staff moved to sales in
//     the reorganisation keep their voice CDR grants, neither revoked nor
//     reviewed; a network engineer who left two months ago keeps a CDR
//     grant and an enabled CDR system account.
//   - tech.shared-accounts (5(3)(iv)iii): the shared account cdr-ops on the
//     CDR system, used in the access log.
//   - org.attestation-contradicted (5(3)(i)iii): the CISO attests that no
//     system handling secrecy has a shared account.
//   - tech.extract-exposure (5(3)(iv)iv): a voice CDR extract on a shared
//     drive, readable by 180 people, unencrypted.
//   - tech.unapproved-export (5(3)(iv)iv): a contractor's monitoring
//     operator with read access only exports from the DNS log 40 times in
//     the last 80 days.
//   - org.log-review (5(3)(i)i): the DNS log, which had those exports, has
//     had no log review for about 150 days.
//   - phy.retention-exceeded (5(3)(iii)iii): the RADIUS authentication log
//     holds 400 days against a 180-day rule.
//   - phy.area-control (5(3)(iii)i): a subcontractor's engineer, not
//     authorised, enters the Sendai machine room alone three times.
//   - phy.entry-records (5(3)(iii)ii): the Morioka machine room keeps no
//     entry log.
//   - use.event-without-consent (5(2)ii): 50 marketing-analytics queries on
//     25 subscribers after they withdrew their consent.
//   - hum.repeated-takeout (5(3)(ii)ii): one engineer takes a terminal out
//     without approval four times; it is noticed and nothing is done.
//   - hum.training-coverage (5(3)(ii)i): contractor call-centre agents
//     holding CDR grants without secrecy training within the year, 12% of
//     all people holding secrecy grants.
//   - cmp.leak-clue-escalation (5(4)ii): four complaints with leak clues
//     closed at the desk without escalation.
//
// Two facts are left unknown on purpose, as real records leave some: each
// makes its rule ask for an attestation (needs-attestation) about exactly
// that record and find nothing on it (Carrier.Questions):
//
//   - tech.extract-exposure: whether the billing replica was approved.
//   - use.consent-quality: whether the default-on-with-notice consents of
//     2024 — one row standing for 1,200 consents per scale unit — could be
//     switched off at any time at no cost.
//
// Every other fact is recorded, true or false. Organisations, data sets and
// the shared account also use the later fields of the format (roles and
// owner of the contact-centre group company, where data sets are stored and
// operated from, the users of cdr-ops).
//
// Everything else is kept compliant on purpose: every person with an
// active grant is trained, every export is covered by an export grant,
// every consent-basis event has an active consent, every controlled area
// has fire suppression, UPS and water detection in place, every service
// holding secrecy was risk-assessed within the year, Art. 28 reports were
// filed on time, and so on; the package's tests read docs/rules.md
// independently and check that exactly the planted records are flagged.
package demo
