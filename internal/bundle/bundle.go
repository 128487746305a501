// Package bundle reads and writes the carrier bundle, the documented
// exchange format of himitsu: a folder with carrier.yaml (the carrier and
// its small registers) and one CSV or JSONL file per tabular register. It
// is what `himitsu import`, `himitsu export` and `himitsu assess` take and
// give. docs/bundle.md describes the format; docs/schema holds its JSON
// Schemas, generated from the root package's types by Schemas.
//
// Every bad input gives a *himitsu.Error of kind KindInvalid that locates
// the problem as "file:line: field: reason", so that a person can open the
// file at the line and fix the value.
package bundle

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/safetext"
)

// Format is the value of the format key of carrier.yaml that this package
// writes. A later, incompatible layout gets a new number.
//
// Format 2 made yes/no facts three-valued: an empty CSV cell, an absent
// YAML key or a JSON null is unknown, and only "false" says no. Format 1
// (FormatV1) is still read, with its meaning: there an empty or absent
// fact was false, and Read records it as false.
const Format = "himitsu-bundle/2"

// FormatV1 is the first format, read but no longer written.
const FormatV1 = "himitsu-bundle/1"

// CarrierFile is the name of the bundle's main file.
const CarrierFile = "carrier.yaml"

// Bundle is a bundle that Read has checked. Records holds every register
// except the two logs, which are streamed from their files on demand (and
// validated row by row) because they can hold hundreds of millions of rows.
type Bundle struct {
	Dir     string
	Records *himitsu.Records
	// Cases are the regulator's case files of the carrier (CasesFile),
	// none when the bundle has no such file.
	Cases []himitsu.CaseFile
	// Warnings are values that are accepted but should be looked at: a
	// phone number or an e-mail address in a free-text field (summary,
	// description, note). Each is located like an error; Read fails on
	// none of them.
	Warnings []*himitsu.Error

	index  *himitsu.Index
	events map[string]string // stream register name → file name in Dir
	// subscriber rewrites subscriber values as they are read; nil keeps them.
	subscriber func(string) string
	// refs is false while the registers could not be read, so that the
	// logs are then streamed for their own errors without reference checks.
	refs bool
	// legacy is set for a format-1 bundle: it turns the facts left empty
	// into false, as format 1 meant, and counts them.
	legacy *legacy
}

// legacy settles the facts of a format-1 bundle, where an empty cell or
// an absent key meant false, and counts how many it settled per field so
// that an upgrade can say what each empty cell now means.
type legacy struct {
	filled map[string]int // "register.field" (or "register.list.field") → facts set to false
}

// newInFormat2 are the facts format 1 did not have: a format-1 bundle
// says nothing about them, so they stay unknown.
var newInFormat2 = map[string]bool{"consents.advance_notice": true, "consents.free_opt_out": true,
	"recurrence_measures.removes_root_cause": true, "notifications.explains_what_to_do": true}

// settle sets every unknown fact of the record rv (nested records too) to
// No; path is the register name.
func (l *legacy) settle(path string, rv reflect.Value) {
	if l == nil {
		return
	}
	p := planFor(rv.Type())
	for i := range p.cols {
		c := &p.cols[i]
		f := rv.Field(c.Index)
		switch c.kind {
		case kFact:
			if newInFormat2[path+"."+c.Name] {
				continue // format 1 could not say it: it stays unknown
			}
			if himitsu.Fact(f.Uint()) == himitsu.Unknown {
				f.SetUint(uint64(himitsu.No))
				l.filled[path+"."+c.Name]++
			}
		case kStruct:
			l.settle(path+"."+c.Name, f)
		case kStructs:
			for j := range f.Len() {
				l.settle(path+"."+c.Name, f.Index(j))
			}
		}
	}
}

// FactsSettled reports, for a bundle read in format 1, how many facts
// each field left empty and Read therefore took as false, keyed by
// "register.field" ("datasets.elements.x" for a nested list). Facts of the
// entry log are counted as it is streamed. It is nil for a bundle of the
// current format.
func (b *Bundle) FactsSettled() map[string]int {
	if b.legacy == nil {
		return nil
	}
	return b.legacy.filled
}

// Format reports the format the bundle was read in.
func (b *Bundle) Format() string {
	if b.legacy != nil {
		return FormatV1
	}
	return Format
}

// pseudonymize returns the rewrite of subscriber values for p: raw values
// become pseudonyms, values that already are pseudonyms stay as they are.
func pseudonymize(p *himitsu.Pseudonymizer) func(string) string {
	if p == nil {
		return nil
	}
	return func(s string) string {
		if s == "" || himitsu.IsPseudonym(s) {
			return s
		}
		return p.Pseudonym(s)
	}
}

// rewriteSubscriber applies sub to the "subscriber" field of the record
// rv, and to each of its "subjects" (a warrant's subscribers), if its type
// has them.
func rewriteSubscriber(p *plan, rv reflect.Value, sub func(string) string) {
	if sub == nil {
		return
	}
	if i, ok := p.byName["subscriber"]; ok {
		f := rv.Field(p.cols[i].Index)
		f.SetString(sub(f.String()))
	}
	if i, ok := p.byName["subjects"]; ok {
		if f := rv.Field(p.cols[i].Index); f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String {
			for j := 0; j < f.Len(); j++ {
				f.Index(j).SetString(sub(f.Index(j).String()))
			}
		}
	}
}

var _ himitsu.EventSource = (*Bundle)(nil)

// invalid returns a located input error with a message in English and in
// Japanese; both formats take the same args (the Japanese one with
// explicit indexes where its word order differs).
func invalid(file string, line int, field, en, ja string, args ...any) *himitsu.Error {
	return located(file, line, field, fmt.Sprintf(en, args...), fmt.Sprintf(ja, args...))
}

// located returns a located input error with messages already formatted.
func located(file string, line int, field, msg, msgJA string) *himitsu.Error {
	return &himitsu.Error{Op: "bundle.Read", Kind: himitsu.KindInvalid, File: file, Line: line, Field: field, Msg: msg, MsgJA: msgJA}
}

// unreadable is the error of a file or folder that cannot be read; the
// operating system's reason is kept as the cause.
func unreadable(file, msg, msgJA string, err error) *himitsu.Error {
	return &himitsu.Error{Op: "bundle.Read", Kind: himitsu.KindInvalid, File: file, Msg: msg, MsgJA: msgJA, Err: err}
}

// flatten turns a Validate or CheckRefs error into a dotted field path
// ("elements[2].class") and the innermost message, in English and in
// Japanese (English when the message has no Japanese).
func flatten(err error) (field, msg, msgJA string) {
	field = himitsu.ErrorField(err)
	var e *himitsu.Error
	for errors.As(err, &e) {
		msg, msgJA = e.Msg, e.MsgJA
		if e.Err == nil {
			break
		}
		err = e.Err
	}
	if msg == "" {
		msg = err.Error()
	}
	if msgJA == "" {
		msgJA = msg
	}
	return field, msg, msgJA
}

// tabularFile returns the name of the file that holds register name in
// dir ("" when there is none), refusing a bundle that has both forms.
func tabularFile(dir, name string) (string, error) {
	var found []string
	for _, ext := range []string{".csv", ".jsonl"} {
		_, ok, err := statInBundle(dir, name+ext)
		if err != nil {
			return "", err
		}
		if ok {
			found = append(found, name+ext)
		}
	}
	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return found[0], nil
	}
	return "", invalid(found[0], 0, "", "both %s and %s exist; keep only one of them", "%s と %s の両方が存在する。どちらか一方のみを残すこと", found[0], found[1])
}

// checkNames refuses data files whose names are not part of the format, so
// that a misspelt file name ("person.csv") does not silently leave a
// register empty.
func checkNames(dir string, errs *errList) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return unreadable(dir, "the bundle folder cannot be read", "バンドルのフォルダを読み込めない", err)
	}
	for _, e := range entries {
		name := e.Name()
		ext := filepath.Ext(name)
		switch ext {
		case ".csv", ".jsonl", ".yaml", ".yml", ".json":
		default:
			continue
		}
		if name == CarrierFile || name == CasesFile {
			continue
		}
		stem := strings.TrimSuffix(name, ext)
		if r, ok := himitsu.LookupRegister(stem); ok && r.Tabular && (ext == ".csv" || ext == ".jsonl") {
			continue
		}
		errs.add(invalid(safetext.Echo(name), 0, "", "is not a file of the bundle format; tabular registers are %s (as .csv or .jsonl), everything else goes in %s",
			"バンドル形式のファイルではない。表形式の台帳は %s（.csv 又は .jsonl）であり、それ以外は全て %s に記載する", strings.Join(tabularNames(), ", "), CarrierFile))
	}
	return nil
}

func tabularNames() []string {
	var names []string
	for _, r := range himitsu.RegisterList {
		if r.Tabular {
			names = append(names, r.Name)
		}
	}
	return names
}

// recordsField returns the field of Records that holds register name.
func recordsField(rec *himitsu.Records, name string) reflect.Value {
	rv := reflect.ValueOf(rec).Elem()
	rt := rv.Type()
	for i := range rt.NumField() {
		if n, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ","); n == name {
			return rv.Field(i)
		}
	}
	panic("bundle: Records has no register " + name)
}

// locator finds the line of a field of the i-th record of a register, so
// that errors found after parsing (references) point at the right place.
type locator interface {
	locate(i int, field string) (file string, line int, fieldName string)
}

// Read reads and checks the bundle in dir: carrier.yaml and every tabular
// register except the two logs, the values of every record, duplicate IDs
// within each register, and every reference between records. The logs are
// checked when streamed (see Validate).
func Read(ctx context.Context, dir string) (*Bundle, error) {
	return ReadWith(ctx, dir, ReadOptions{})
}

// ReadOptions changes how a bundle is read.
type ReadOptions struct {
	// Pseudonymizer, when set, turns every subscriber value that is not
	// already a pseudonym (a phone number, a customer number) into one as
	// it is read, so that raw identifiers never reach the records, the
	// database or a report. Without it such values are refused.
	Pseudonymizer *himitsu.Pseudonymizer
}

// ReadWith is Read with options.
//
// Reading goes on after a bad value, so that one run reports every error
// it can find (up to maxErrors, in file order: carrier.yaml, then the
// tabular files in register order, each by line), as a himitsu.Errors
// when there is more than one. When there are errors, the two logs are
// streamed too, so that their errors are reported in the same run. Nothing
// is returned but the errors: a bundle is all or nothing.
func ReadWith(ctx context.Context, dir string, opts ReadOptions) (*Bundle, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, unreadable(dir, "the bundle folder cannot be opened", "バンドルのフォルダを開けない", err)
	}
	if !fi.IsDir() {
		return nil, invalid(dir, 0, "", "is not a folder; a bundle is a folder holding %s", "フォルダではない。バンドルは %s を含むフォルダである", CarrierFile)
	}
	var errs errList
	// Errors are reported in the order of the format: carrier.yaml, then
	// the tabular registers in register order, each file by line.
	errs.file(CarrierFile)
	for _, r := range himitsu.RegisterList {
		if r.Tabular {
			errs.file(r.Name + ".csv")
			errs.file(r.Name + ".jsonl")
		}
	}
	if err := checkNames(dir, &errs); err != nil {
		return nil, err
	}
	var rec *himitsu.Records
	var yloc *yamlDoc
	bad := badSet{}
	if _, ok, err := statInBundle(dir, CarrierFile); err != nil {
		errs.add(err)
	} else if !ok {
		errs.add(unreadable(CarrierFile, "cannot be read (a bundle needs it)", "読み込めない（バンドルに必須のファイルである）", fs.ErrNotExist))
	} else if data, err := readInBundle(dir, CarrierFile); err != nil {
		errs.add(err)
	} else {
		rec, yloc, bad = readCarrier(data, &errs, pseudonymize(opts.Pseudonymizer))
	}
	// Without the carrier's records, references cannot be checked; the
	// tabular files are still read for their own errors.
	refs := rec != nil
	if rec == nil {
		rec, bad = &himitsu.Records{}, badSet{}
	}
	locs := map[string]locator{}
	for _, r := range himitsu.RegisterList {
		if !r.Tabular {
			locs[r.Name] = yloc.section(r.Name)
		}
	}
	var leg *legacy
	if yloc != nil {
		leg = yloc.legacy
	}
	b := &Bundle{Dir: dir, Records: rec, events: map[string]string{}, subscriber: pseudonymize(opts.Pseudonymizer), legacy: leg}
	for _, r := range himitsu.RegisterList {
		if !r.Tabular || errs.full() {
			continue
		}
		file, err := tabularFile(dir, r.Name)
		if err != nil {
			errs.add(err)
			refs = false
			continue
		}
		if r.Stream {
			b.events[r.Name] = file
			continue
		}
		if file == "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		slice, loc, badRows, complete, err := readTable(ctx, filepath.Join(dir, file), file, r.Type, b.subscriber, &errs)
		if err != nil {
			return nil, err // cancelled
		}
		if !complete {
			// Rows are missing, so references to them would fail too.
			refs = false
		}
		if !slice.IsValid() {
			continue // the file could not be read at all; errs says why
		}
		if leg != nil {
			// Format 1's empty facts are false; a record may be valid only
			// with the unknown value (an account of unknown sharing without
			// a person), so it is checked again as format 1 reads it.
			for i := range slice.Len() {
				leg.settle(r.Name, slice.Index(i))
				if badRows[i] {
					continue
				}
				if err := slice.Index(i).Addr().Interface().(validator).Validate(); err != nil {
					field, msg, msgJA := flatten(err)
					file, line, name := loc.locate(i, field)
					errs.add(located(file, line, name, msg, msgJA))
					badRows[i] = true
				}
			}
		}
		recordsField(rec, r.Name).Set(slice)
		locs[r.Name] = loc
		for i := range badRows {
			bad.mark(r.Name, i)
		}
	}
	b.Cases = readCases(dir, &errs)
	if refs {
		checkCaseLinks(b.Cases, rec, &errs)
	}
	b.index = himitsu.NewIndex(rec)
	if refs && !errs.full() {
		checkRefs(rec, b.index, locs, bad, &errs)
	}
	if !errs.empty() {
		if !errs.full() {
			b.refs = refs
			if err := b.validate(ctx, &errs); err != nil && ctx.Err() != nil {
				return nil, ctx.Err()
			}
		}
		return nil, errs.err()
	}
	b.refs = true
	b.Warnings = freeTextWarnings(rec, locs)
	return b, nil
}

// checkRefs checks every reference of every record, in register order,
// except those of records that are already known to be bad.
func checkRefs(rec *himitsu.Records, x *himitsu.Index, locs map[string]locator, bad badSet, errs *errList) {
	for _, r := range himitsu.RegisterList {
		if r.Stream || bad[r.Name][-1] {
			continue
		}
		f := recordsField(rec, r.Name)
		check := func(i int, v any) bool {
			if err := x.CheckRefs(v); err != nil {
				field, msg, msgJA := flatten(err)
				file, line, name := locs[r.Name].locate(i, field)
				return errs.add(located(file, line, name, msg, msgJA))
			}
			return true
		}
		if f.Kind() != reflect.Slice {
			if !check(-1, f.Addr().Interface()) {
				return
			}
			continue
		}
		for i := range f.Len() {
			if bad[r.Name][i] {
				continue
			}
			if !check(i, f.Index(i).Addr().Interface()) {
				return
			}
		}
	}
}

// validator is implemented by every register type.
type validator interface{ Validate() error }

// AccessEvents streams access_events.csv or .jsonl, checking each row's
// values, references and ID. A bad row ends the calls of fn; the file is
// read on to report every bad row (up to maxErrors) in one error. An error
// of fn or of the context is returned unchanged. A bundle without the
// file has no access events.
func (b *Bundle) AccessEvents(ctx context.Context, fn func(*himitsu.AccessEvent) error) error {
	var errs errList
	if err := b.accessEvents(ctx, &errs, fn); err != nil {
		return err
	}
	return errs.err()
}

func (b *Bundle) accessEvents(ctx context.Context, errs *errList, fn func(*himitsu.AccessEvent) error) error {
	file := b.events["access_events"]
	if file == "" {
		return ctx.Err()
	}
	errs.file(file)
	return streamAccessEvents(ctx, filepath.Join(b.Dir, file), file, b.index, b.refs, b.subscriber, errs, fn)
}

// EntryLogs streams entry_logs.csv or .jsonl like AccessEvents.
func (b *Bundle) EntryLogs(ctx context.Context, fn func(*himitsu.EntryLog) error) error {
	var errs errList
	if err := b.entryLogs(ctx, &errs, fn); err != nil {
		return err
	}
	return errs.err()
}

func (b *Bundle) entryLogs(ctx context.Context, errs *errList, fn func(*himitsu.EntryLog) error) error {
	file := b.events["entry_logs"]
	if file == "" {
		return ctx.Err()
	}
	errs.file(file)
	var e himitsu.EntryLog
	return streamTable(ctx, filepath.Join(b.Dir, file), file, &e, nil, errs, func(t *tableReader) error {
		b.legacy.settle("entry_logs", reflect.ValueOf(&e).Elem())
		if b.refs {
			if err := b.index.CheckRefs(&e); err != nil {
				t.report(t.fail(err))
				return nil
			}
		}
		if t.failed {
			return nil
		}
		return fn(&e)
	})
}

// Validate streams both logs to the end and returns their errors (every
// one up to maxErrors); together with Read it checks the whole bundle
// without importing it.
func (b *Bundle) Validate(ctx context.Context) error {
	var errs errList
	if err := b.validate(ctx, &errs); err != nil {
		return err
	}
	return errs.err()
}

func (b *Bundle) validate(ctx context.Context, errs *errList) error {
	if err := b.accessEvents(ctx, errs, func(*himitsu.AccessEvent) error { return nil }); err != nil {
		return err
	}
	if errs.full() {
		return nil
	}
	return b.entryLogs(ctx, errs, func(*himitsu.EntryLog) error { return nil })
}

// settleField settles a register field of Records: one record or a slice.
func settleField(l *legacy, name string, f reflect.Value) {
	if f.Kind() != reflect.Slice {
		l.settle(name, f)
		return
	}
	for i := range f.Len() {
		l.settle(name, f.Index(i))
	}
}
