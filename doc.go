// Package himitsu is the vocabulary of the himitsu system: the records a
// Japanese telecommunications carrier keeps to ensure the secrecy of
// communications (Telecommunications Business Act Art. 4), the findings an
// assessment against MIC's Enforcement Guidelines for Art. 29(1)(i) produces,
// the one error type, and the contracts between the parts.
//
// The package depends on the standard library only. Every other package
// implements or consumes what is declared here:
//
//   - internal/catalog holds the guidelines as data (assumed cases, scope,
//     provisions, the aggregation rules of the overall judgement);
//   - internal/sqlstore is the one database/sql implementation of Store, for
//     the embedded SQLite default and for PostgreSQL;
//   - internal/bundle reads and writes the carrier bundle, the exchange format
//     used by import, export and assess;
//   - internal/assess judges Registers against every assumed case;
//   - cmd/himitsu wires them into one binary.
//
// Records belong to exactly one carrier (CarrierID), so a carrier group or a
// regulator's office can keep several carriers in one database. Within a
// bundle the carrier is implicit and CarrierID is not written.
//
// Subscribers are never named in these records: SubscriberRef holds a keyed
// pseudonym (see Pseudonymizer), because no check here needs the number.
package himitsu
