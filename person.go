package himitsu

// PersonService keeps the register of persons engaged in the carrier's
// operations (guideline fn. 19). A person who left is kept with left_on,
// because their grants, accesses and training remain evidence; Delete is
// allowed only for a person no other record refers to (one entered by
// mistake), and gives KindConflict otherwise. Filters: kind, employer,
// unit, left_on ("none" for current staff); From/To bound joined_on.
type PersonService interface{ RecordService[Person] }
