package himitsu

// ConsentService keeps users' consents to purposes. A consent is ended by
// recording its withdrawal (withdrawn_at), not by deleting it: whether a
// use of secrecy information was covered by a consent at the time is
// judged from the whole history (guideline 5(2)), so Delete gives
// KindPermission. Filters: subscriber, service, purpose, method,
// withdrawn_at ("none" for consents in force); From/To bound given_at.
type ConsentService interface{ RecordService[Consent] }
