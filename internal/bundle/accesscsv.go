package bundle

import (
	"context"
	"io"
	"runtime"
	"sync"
	"unicode/utf8"

	himitsu "github.com/himitsu-oss/himitsu"
)

// The CSV access event log is read by a pipeline so that an assessment
// uses every core: one goroutine splits the file into records and copies
// them into batches, a few workers parse, validate and reference-check the
// rows of a batch, and the calling goroutine takes the batches back in file
// order, reports their errors and hands their events to fn. So fn sees the
// same events in the same order, and errs the same errors, as a reader on
// one goroutine would give; only the parsing runs in parallel. A fixed
// number of batches circulates, so memory stays flat however long the log.

const (
	aeBatchRows        = 1024 // rows per batch: large enough to amortise the hand-offs
	aeBatchesPerWorker = 4
)

// aeBatch is a run of consecutive records, their cells copied out of the
// reader's buffer, and what the workers made of each.
type aeBatch struct {
	data   []byte // the cells, one after another
	ends   []int  // end of each cell in data
	flines []int  // line on which each cell starts
	rows   []aeRow
	// tail ends the file after rows: a syntax or read error (already
	// located), or io.EOF.
	tail error
	done chan struct{} // closed when the workers have parsed every row
}

type aeRow struct {
	line  int // line on which the record starts
	cell0 int // index of its first cell in ends and flines
	cells int
	ev    himitsu.AccessEvent
	// errs are the row's value errors, in the order a reader on one
	// goroutine reports them; skip says the row ends there (wrong number
	// of cells) and fatal is an error that ends the stream.
	errs  []error
	skip  bool
	fatal error
}

func (b *aeBatch) reset() {
	b.data, b.ends, b.flines, b.rows, b.tail = b.data[:0], b.ends[:0], b.flines[:0], b.rows[:0], nil
	b.done = make(chan struct{})
}

func (b *aeBatch) cell(i int) []byte {
	start := 0
	if i > 0 {
		start = b.ends[i-1]
	}
	return b.data[start:b.ends[i]:b.ends[i]]
}

// streamAccessCSV is streamAccessEvents for a CSV file whose header t has
// read.
func streamAccessCSV(ctx context.Context, t *tableReader, path, file string, x *himitsu.Index, refs bool, sub func(string) string, errs *errList, fn func(*himitsu.AccessEvent) error) error {
	cols := make([]aeCol, len(t.cols))
	idCell := -1
	for i, c := range t.cols {
		cols[i] = aeNames[t.plan.cols[c].Name]
		if t.plan.cols[c].Name == "id" {
			idCell = i
		}
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	free := make(chan *aeBatch, workers*aeBatchesPerWorker)
	for range cap(free) {
		free <- &aeBatch{}
	}
	todo := make(chan *aeBatch, cap(free))
	ordered := make(chan *aeBatch, cap(free))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	// Each worker's copy of t is taken now, before this goroutine starts
	// writing t.failed.
	parsers := make([]*aeParser, workers)
	for i := range parsers {
		parsers[i] = newAEParser(t, cols, x, refs, sub)
	}

	// The reader: records into batches, in file order.
	wg.Go(func() {
		defer close(todo)
		defer close(ordered)
		for {
			var b *aeBatch
			select {
			case b = <-free:
			case <-stop:
				return
			}
			b.reset()
			for len(b.rows) < aeBatchRows {
				fields, line, err := t.csv.Read()
				if err != nil {
					if err == io.EOF {
						b.tail = io.EOF
					} else {
						b.tail = t.syntax(err)
					}
					break
				}
				r := aeRow{line: line, cell0: len(b.ends), cells: len(fields)}
				for i, f := range fields {
					b.data = append(b.data, f...)
					b.ends = append(b.ends, len(b.data))
					b.flines = append(b.flines, t.csv.fieldLines[i])
				}
				b.rows = append(b.rows, r)
			}
			select {
			case todo <- b:
			case <-stop:
				return
			}
			select {
			case ordered <- b:
			case <-stop:
				return
			}
			if b.tail != nil {
				return
			}
		}
	})
	// The workers: each row parsed, validated and checked on its own.
	for _, p := range parsers {
		wg.Go(func() {
			for b := range todo {
				for i := range b.rows {
					p.parse(b, &b.rows[i])
				}
				close(b.done)
			}
		})
	}
	defer func() {
		close(stop)
		// Let the reader and the workers finish what they hold.
		for range ordered {
		}
		wg.Wait()
	}()

	// The caller's goroutine: the rows in file order, as a reader on one
	// goroutine would take them.
	ids := newIDTracker(path, file)
	n := 0
	for b := range ordered {
		<-b.done
		for i := range b.rows {
			if errs.full() {
				return nil
			}
			if n&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			n++
			r := &b.rows[i]
			for _, err := range r.errs {
				t.failed = true
				errs.add(err)
			}
			if r.fatal != nil {
				return r.fatal
			}
			if r.skip {
				continue
			}
			if r.ev.ID != "" && ids.seen(r.ev.ID, r.line) {
				if first := firstLineOf(path, file, r.ev.ID, r.line); first > 0 {
					at := r.line
					if idCell >= 0 {
						at = b.flines[r.cell0+idCell]
					}
					t.failed = true
					errs.add(t.err(at, "id", dupID, dupIDJA, quoted{s: r.ev.ID}, first))
				}
			}
			if t.failed {
				continue
			}
			if err := fn(&r.ev); err != nil {
				return err
			}
		}
		if errs.full() {
			return nil
		}
		if b.tail != nil {
			if b.tail != io.EOF {
				errs.add(b.tail)
			}
			return nil
		}
		free <- b
	}
	return nil
}

// aeParser is one worker's state: its own view of the table (for the
// errors' lines and fields) and its own caches of the reference columns.
type aeParser struct {
	t    tableReader
	cols []aeCol
	x    *himitsu.Index
	refs bool
	sub  func(string) string
	// One cache per reference column: each distinct value once, with
	// whether it is a well-formed ID that the bundle's register holds.
	account, person, dataset, purpose refCache
}

func newAEParser(t *tableReader, cols []aeCol, x *himitsu.Index, refs bool, sub func(string) string) *aeParser {
	p := &aeParser{t: *t, cols: cols, x: x, refs: refs, sub: sub}
	p.t.errs, p.t.csv = nil, nil
	p.account = refCache{m: map[string]refEntry{}, register: "accounts"}
	p.person = refCache{m: map[string]refEntry{}, register: "persons"}
	p.dataset = refCache{m: map[string]refEntry{}, register: "datasets"}
	p.purpose = refCache{m: map[string]refEntry{}, register: "purposes"}
	return p
}

// refEntry is an interned value of a reference column and whether it is
// a valid ID held by its register (when references are checked).
type refEntry struct {
	s  string
	ok bool
}

type refCache struct {
	m        map[string]refEntry
	register string
}

func (c *refCache) get(b []byte, x *himitsu.Index, refs bool) refEntry {
	if e, ok := c.m[string(b)]; ok {
		return e
	}
	s := string(b)
	e := refEntry{s: s, ok: himitsu.ValidID(s) && (!refs || x.Has(c.register, s))}
	if len(c.m) < maxInterned {
		c.m[s] = e
	}
	return e
}

func (p *aeParser) report(r *aeRow, err error) {
	p.t.bad = true
	r.errs = append(r.errs, err)
}

// parse fills r.ev from the row's cells, and r.errs with what a reader on
// one goroutine would report for the row, in the same order.
func (p *aeParser) parse(b *aeBatch, r *aeRow) {
	t := &p.t
	r.errs, r.skip, r.fatal = r.errs[:0], false, nil
	t.line, t.flines, t.bad = r.line, b.flines[r.cell0:r.cell0+r.cells], false
	t.fields = t.fields[:0]
	for i := range r.cells {
		t.fields = append(t.fields, b.cell(r.cell0+i))
	}
	if r.cells != len(p.cols) {
		p.report(r, t.err(r.line, "", rowCells, rowCellsJA, r.cells, len(p.cols)))
		r.skip = true
		return
	}
	e := &r.ev
	*e = himitsu.AccessEvent{}
	// Whether the references are known good, so that the row needs
	// neither Validate nor CheckAccessEvent (see below).
	refsOK := true
	for i, c := range t.fields {
		if len(c) == 0 {
			continue
		}
		if !utf8.Valid(c) {
			p.report(r, t.err(t.flines[i], t.plan.cols[t.cols[i]].Name, "is not valid UTF-8", "UTF-8 として不正である"))
			continue
		}
		switch p.cols[i] {
		case aeID:
			e.ID = string(c)
		case aeAt:
			at, ok := parseTime(c)
			if !ok {
				p.report(r, t.err(t.flines[i], "at", notTime, notTimeJA, quoteCell(c)))
				continue
			}
			e.At = at
		case aeAccount:
			v := p.account.get(c, p.x, p.refs)
			e.Account, refsOK = v.s, refsOK && v.ok
		case aePerson:
			v := p.person.get(c, p.x, p.refs)
			e.Person, refsOK = v.s, refsOK && v.ok
		case aeDataSet:
			v := p.dataset.get(c, p.x, p.refs)
			e.DataSet, refsOK = v.s, refsOK && v.ok
		case aeAction:
			switch string(c) {
			case "read":
				e.Action = himitsu.ActionRead
			case "query":
				e.Action = himitsu.ActionQuery
			case "export":
				e.Action = himitsu.ActionExport
			case "print":
				e.Action = himitsu.ActionPrint
			case "modify":
				e.Action = himitsu.ActionModify
			case "delete":
				e.Action = himitsu.ActionDelete
			default:
				e.Action = himitsu.Action(c) // Validate names the bad value.
				refsOK = false
			}
		case aePurpose:
			v := p.purpose.get(c, p.x, p.refs)
			e.Purpose, refsOK = v.s, refsOK && v.ok
		case aeSubscriber:
			if len(c) > maxTextBytes {
				p.report(r, t.err(t.flines[i], "subscriber", tooLong, tooLongJA, sizeText(maxTextBytes)))
				continue
			}
			e.Subscriber = string(unguard(c))
			if p.sub != nil {
				e.Subscriber = p.sub(e.Subscriber)
			}
		case aeRecords:
			n, ok := digits(c)
			if !ok || len(c) > 15 {
				p.report(r, t.err(t.flines[i], "records", notInt, notIntJA, quoteCell(c)))
				continue
			}
			e.Records = n
		case aeCount:
			n, ok := digits(c)
			if !ok || len(c) > 15 {
				r.fatal = t.err(t.flines[i], "count", notInt, notIntJA, quoteCell(c))
				return
			}
			e.Count = n
		}
	}
	if t.bad {
		return
	}
	// The common row passes every check that Validate and CheckAccessEvent
	// make: each reference column holds a well-formed ID its register
	// holds (cached per distinct value), the ID is well formed, the time
	// and the data set are there, the action is known, someone is named
	// and the subscriber is a pseudonym (which has no control character).
	// Only a row that fails one of these goes through them, to name the
	// first error exactly as they do.
	if refsOK && e.ID != "" && himitsu.ValidID(e.ID) && !e.At.IsZero() && e.DataSet != "" && e.Action != "" &&
		(e.Account != "" || e.Person != "") && (e.Subscriber == "" || isPseudonym(e.Subscriber)) {
		return
	}
	if err := e.Validate(); err != nil {
		p.report(r, t.fail(err))
	} else if p.refs {
		if err := p.x.CheckAccessEvent(e); err != nil {
			p.report(r, t.fail(err))
		}
	}
}

// lowerHex marks the bytes of a pseudonym's hex digits.
var lowerHex = func() (t [256]bool) {
	for _, c := range []byte("0123456789abcdef") {
		t[c] = true
	}
	return t
}()

// isPseudonym is himitsu.IsPseudonym with a table for the 32 digits.
func isPseudonym(s string) bool {
	if len(s) != 36 || s[:4] != "sub_" {
		return false
	}
	for i := 4; i < 36; i++ {
		if !lowerHex[s[i]] {
			return false
		}
	}
	return true
}
