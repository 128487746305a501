// Package catalog holds the law himitsu encodes, as data: MIC's Enforcement
// Guidelines for business improvement orders under Telecommunications
// Business Act Art. 29(1)(i) (the "hindrance in ensuring the secrecy of
// communications" item), the provisions they cite, and the grading scheme
// the assessment engine applies.
//
// The catalog is a versioned YAML file embedded in the binary
// (data/catalog.yaml). Loading it is a pipeline that fails closed:
//
//  1. YAML is decoded strictly (duplicate keys are errors) into plain values;
//  2. those values are validated against data/catalog.schema.json
//     (JSON Schema draft 2020-12), which fixes the shape, the enums and the
//     ranges;
//  3. the values are decoded into the Go types below, rejecting unknown
//     fields;
//  4. cross-references and per-kind rules the schema cannot express are
//     checked (unique IDs and codes, categories and legal bases that exist,
//     rules required on assumed cases, weights only on assumed cases, the
//     grade ladder and the fixed principle IDs).
//
// Every error names the field path, e.g. `items[12](5(3)(i)i).title.ja`, so
// that an editor of the YAML can find the line.
//
// The catalog's statements are the project's own wording. Each item cites
// the Guidelines' section and item, and none of it is legal advice.
//
// Items come in four kinds: the 27 "assumed cases" of §5 (what the
// assessment engine finds), "scope" and "principle" items from §2–5 that
// frame the judgement, and "provision" items summarising the law cited.
// Item IDs follow the Guidelines' own numbering ("5(3)(iv)iii"); codes are
// stable mnemonic aliases ("TECH-STALE-ACCESS").
package catalog
