# The rules of himitsu's decision point (internal/decide), written in Rego
# for the P-benchmarks and the differential test: the same steps in the
# same order, the first failing step giving the reason. data.h is built
# from the same records (decide_test.go: opaData); input is one request
# with its day (YYYYMMDD in Japan) and time (Unix seconds) precomputed.
package himitsu

import rego.v1

person := input.person if input.person != ""

person := data.h.accounts[input.account].person if {
	input.person == ""
	input.account != ""
}

acct := data.h.accounts[input.account]

deny(reason, register, record) := {"allow": false, "reason": reason, "register": register, "record": record, "subject": "", "basis": "", "review": false}

n := max([count(input.subjects), input.count])

limit := data.h.limits[person] if data.h.limits[person]

limit := data.h.bulk_limit if not data.h.limits[person]

pp := data.h.purposes[input.purpose]

ds := data.h.datasets[input.dataset]

# Grants: an account with grants of its own to the data set is bounded by
# them; otherwise the person's own grants apply.
grant_key := concat(":", ["a", input.account, input.dataset]) if {
	input.account != ""
	count(object.get(data.h.grants, concat(":", ["a", input.account, input.dataset]), [])) > 0
}

grant_key := concat(":", ["a", input.account, input.dataset]) if {
	input.account != ""
	object.get(acct, "person", "") == ""
}

default grant_key := ""

gkey := grant_key if grant_key != ""

gkey := concat(":", ["p", person, input.dataset]) if grant_key == ""

grants := object.get(data.h.grants, gkey, [])

grank(g) := 5 if {
	g.revoked != 0
	input.day >= g.revoked
} else := 4 if {
	g.expires != 0
	input.day > g.expires
} else := 3 if {
	input.day < g.granted
} else := 2 if {
	not input.action in g.actions
} else := 1 if {
	g.purpose != ""
	g.purpose != input.purpose
} else := 0

grant_ok if {
	some g in grants
	grank(g) == 0
}

ranks := [grank(g) | some g in grants]

best_rank := max(ranks) if count(ranks) > 0

default best_rank := 0

best_record := "" if best_rank == 0

best_record := grants[i].id if {
	best_rank > 0
	i := min([j | some j, r in ranks; r == best_rank])
}

grant_reason := ["grant-missing", "grant-purpose", "grant-scope", "grant-not-yet-valid", "grant-expired", "grant-revoked"][best_rank]

within if {
	count(pp.datasets) == 0
	classes_ok
}

within if {
	input.dataset in pp.datasets
	classes_ok
}

classes_ok if count(pp.classes) == 0

classes_ok if {
	count(pp.classes) > 0
	count(input.elements) == 0
	every c in ds.classes { c in pp.classes }
}

classes_ok if {
	count(pp.classes) > 0
	count(input.elements) > 0
	every e in input.elements { ds.elements[e] in pp.classes }
}

approver := data.h.persons[input.second_approver]

approver_ok if {
	approver
	input.second_approver != person
	not left(approver)
}

left(p) if {
	p.left != 0
	input.day >= p.left
}

# Consent of one subscriber: the first consent in force and valid allows;
# otherwise the first consent of the highest rank (not yet 1, withdrawn 2,
# not valid 3, elements not covered 4) names the reason.
crank(c) := 1 if {
	c.given > input.at
} else := 2 if {
	c.withdrawn != 0
	input.at >= c.withdrawn
} else := 3 if {
	not c.valid
} else := 4 if {
	not covers(c)
} else := 0

# A consent that lists the elements it covers must cover each element
# asked for (all of the data set's when none are named).
covers(c) if count(c.elements) == 0

covers(c) if {
	count(c.elements) > 0
	count(input.elements) > 0
	every e in input.elements { e in c.elements }
}

covers(c) if {
	count(c.elements) > 0
	count(input.elements) == 0
	every e, _ in ds.elements { e in c.elements }
}

consents(sub) := object.get(data.h.consents, concat("|", [sub, input.purpose]), [])

consent_of(sub) := d if {
	cs := consents(sub)
	oks := [i | some i, c in cs; crank(c) == 0]
	count(oks) > 0
	c := cs[oks[0]]
	d := {"allow": true, "reason": "allowed", "register": "consents", "record": c.id, "subject": sub, "basis": "consent", "review": false}
} else := d if {
	cs := consents(sub)
	rs := [crank(c) | some c in cs]
	count(rs) > 0
	m := max(rs)
	c := cs[min([j | some j, r in rs; r == m])]
	reason := ["", "consent-not-yet-given", "consent-withdrawn", "consent-not-valid", "elements-beyond-consent"][m]
	d := {"allow": false, "reason": reason, "register": "consents", "record": c.id, "subject": sub, "basis": "", "review": false}
} else := {"allow": false, "reason": "no-consent", "register": "consents", "record": "", "subject": sub, "basis": "", "review": false}

consent_decisions := [consent_of(s) | some s in input.subjects]

first_consent_denial := consent_decisions[min([i | some i, d in consent_decisions; not d.allow])]

w := data.h.warrants[input.warrant]

warrant_decision := deny("warrant-missing", "law_enforcement_requests", input.warrant) if {
	not w
} else := deny("warrant-not-valid", "law_enforcement_requests", w.id) if {
	input.at < w.from
} else := deny("warrant-not-valid", "law_enforcement_requests", w.id) if {
	input.at > w.until
} else := deny("warrant-scope", "law_enforcement_requests", w.id) if {
	not input.dataset in w.datasets
} else := deny("warrant-scope", "law_enforcement_requests", w.id) if {
	count(input.subjects) == 0
} else := d if {
	subs := [s | some s in input.subjects; not s in w.subjects]
	count(subs) > 0
	d := {"allow": false, "reason": "warrant-scope", "register": "law_enforcement_requests", "record": w.id, "subject": subs[0], "basis": "", "review": false}
} else := deny("warrant-scope", "law_enforcement_requests", w.id) if {
	count(w.elements) > 0
	count(input.elements) == 0
} else := deny("warrant-scope", "law_enforcement_requests", w.id) if {
	count(w.elements) > 0
	some e in input.elements
	not e in w.elements
} else := {"allow": true, "reason": "allowed", "register": "law_enforcement_requests", "record": w.id, "subject": "", "basis": "law", "review": false}

decision := deny("unknown-account", "accounts", input.account) if {
	input.account != ""
	not acct
} else := deny("shared-account", "accounts", input.account) if {
	acct.shared
} else := deny("account-disabled", "accounts", input.account) if {
	acct.disabled != 0
	input.day >= acct.disabled
} else := deny("actor-mismatch", "accounts", input.account) if {
	acct.person != ""
	input.person != ""
	input.person != acct.person
} else := deny("unknown-person", "persons", person) if {
	person != ""
	not data.h.persons[person]
} else := deny("person-left", "persons", person) if {
	left(data.h.persons[person])
} else := deny("unknown-purpose", "purposes", input.purpose) if {
	not pp
} else := deny("unknown-dataset", "datasets", input.dataset) if {
	not ds
} else := deny("unknown-element", "datasets", input.dataset) if {
	some e in input.elements
	not ds.elements[e]
} else := deny(grant_reason, "grants", best_record) if {
	not grant_ok
} else := deny("bulk-over-limit", "persons", person) if {
	n > limit
	input.second_approver == ""
} else := deny("second-approver-invalid", "persons", input.second_approver) if {
	n > limit
	not approver_ok
} else := warrant_decision if {
	pp.basis == "law"
} else := deny("not-a-listed-lawful-business", "purposes", input.purpose) if {
	pp.basis == "lawful-business"
	not pp.lawful
} else := deny("elements-beyond-purpose", "purposes", input.purpose) if {
	pp.basis == "lawful-business"
	not within
} else := {"allow": true, "reason": "allowed", "register": "purposes", "record": input.purpose, "subject": "", "basis": "lawful-business", "review": false} if {
	pp.basis == "lawful-business"
} else := deny("consent-needs-subjects", "purposes", input.purpose) if {
	pp.basis == "consent"
	count(input.subjects) == 0
} else := deny("consent-needs-subjects", "purposes", input.purpose) if {
	pp.basis == "consent"
	input.count > count(input.subjects)
} else := deny("elements-beyond-purpose", "purposes", input.purpose) if {
	pp.basis == "consent"
	not within
} else := first_consent_denial if {
	pp.basis == "consent"
	first_consent_denial
} else := consent_decisions[count(consent_decisions) - 1] if {
	pp.basis == "consent"
} else := deny("justification-missing", "purposes", input.purpose) if {
	pp.basis in {"self-defence", "necessity"}
	trim_space(input.justification) == ""
} else := {"allow": true, "reason": "allowed-subject-to-review", "register": "purposes", "record": input.purpose, "subject": "", "basis": pp.basis, "review": true} if {
	pp.basis in {"self-defence", "necessity"}
} else := deny("no-basis", "purposes", input.purpose)
