package himitsu

import "context"

// AccessEventService lists the access log one page at a time. The log is
// what the carrier's systems recorded, imported in bulk; nobody edits or
// deletes an access after the fact, so the service only lists. Pages are
// keyset pages in ID order (ListOptions.After), which cost the same on the
// first page and on the millionth and on a log of ten million events.
// Filters: account, person, dataset, action, purpose, subscriber; From/To
// bound at. Errors as for RecordService.
type AccessEventService interface {
	List(ctx context.Context, carrierID string, o ListOptions) (Page[AccessEvent], error)
}
