package himitsu

// ComplaintService keeps the complaint register one complaint at a time:
// the desk logs a complaint when it arrives, escalates it when it hints at
// a leak and closes it when it is resolved. Complaints are never deleted:
// how complaints were handled is what guideline 5(4) (complaints and consultations)
// examines, so Delete gives KindPermission; a complaint logged by mistake
// is closed with a resolution saying so. Filters: channel, category,
// leak_clue, incident, escalated_at and closed_at ("none" for open ones);
// From/To bound received_at.
type ComplaintService interface{ RecordService[Complaint] }
