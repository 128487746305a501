package himitsu

// GrantService keeps the access grants to data sets (guideline 5(3)(iv)iii,
// access control). A grant is ended by setting revoked_on, never deleted:
// the history of who could read what is what an access review checks, so
// Delete gives KindPermission. Filters: person, account, dataset, scope,
// purpose, revoked_on ("none" for grants not revoked); From/To bound
// granted_on.
type GrantService interface{ RecordService[Grant] }
