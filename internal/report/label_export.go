package report

// Label returns the report's own wording of a value in lang, for other
// presentations of the same results (the web application): group is one
// of "status", "severity", "grade", "incident-class", "deadline-state",
// "register", "law", "stage", "registration", "bureau", "determination"
// or "ui". An unknown value is returned as it is.
func Label(group, value, lang string) string { return lbl(group, value, lang) }
