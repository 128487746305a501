package bundle

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/himitsu-oss/himitsu"
)

// CasesFile holds the regulator's case files of the carrier (the case,
// its links and its steps, himitsu.CaseFile), when it has any. It is JSON,
// as the API gives a case file, because a case file is written by himitsu
// (export) rather than typed by hand: its steps carry who recorded them
// and when, which an import keeps.
const CasesFile = "cases.json"

// casesDoc is the document of CasesFile.
type casesDoc struct {
	Cases []himitsu.CaseFile `json:"cases"`
}

// writeCases writes the case files into dir, or nothing when there are none.
func writeCases(dir string, files []himitsu.CaseFile) error {
	if len(files) == 0 {
		return nil
	}
	b, err := json.MarshalIndent(casesDoc{Cases: files}, "", "  ")
	if err != nil {
		return writeErr("cannot write the case files", "事案の記録を書き出せない", err)
	}
	return writeFile(filepath.Join(dir, CasesFile), func(w *bufio.Writer) error {
		if _, err := w.Write(b); err != nil {
			return err
		}
		return w.WriteByte('\n')
	})
}

// readCases reads CasesFile from dir if it is there. Each case file is
// checked on its own (the case's fields, each step's kind and day); the
// procedure and the links are checked by the store as it writes them.
func readCases(dir string, errs *errList) []himitsu.CaseFile {
	_, ok, err := statInBundle(dir, CasesFile)
	if err != nil {
		errs.add(err)
		return nil
	}
	if !ok {
		return nil
	}
	data, err := readInBundle(dir, CasesFile)
	if err != nil {
		errs.add(err)
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc casesDoc
	if err := dec.Decode(&doc); err != nil {
		line, field := 0, ""
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line = lineAt(data, se.Offset)
		case errors.As(err, &te):
			line, field = lineAt(data, te.Offset), te.Field
		}
		errs.add(located(CasesFile, line, field, "is not a valid case-file document: "+err.Error(), "事案の記録として読めない："+err.Error()))
		return nil
	}
	seen := map[string]bool{}
	for i := range doc.Cases {
		f := &doc.Cases[i]
		at := fmt.Sprintf("cases[%d]", i)
		if err := f.Case.Validate(); err != nil {
			errs.add(located(CasesFile, 0, at+".case."+himitsu.ErrorField(err), errorText(err, "en"), errorText(err, "ja")))
			continue
		}
		if seen[f.Case.ID] {
			errs.add(invalid(CasesFile, 0, at+".case.id", "case %s appears twice", "事案 %s が二度記載されている", f.Case.ID))
		}
		seen[f.Case.ID] = true
		for j, st := range f.Steps {
			if _, ok := st.Kind.Info(); !ok {
				errs.add(invalid(CasesFile, 0, fmt.Sprintf("%s.steps[%d].kind", at, j), "unknown step %q", "手続の種類「%s」は定義されていない", string(st.Kind)))
			}
			if st.Seq != j+1 || (st.CaseID != "" && st.CaseID != f.Case.ID) {
				errs.add(invalid(CasesFile, 0, fmt.Sprintf("%s.steps[%d].seq", at, j), "steps are numbered from 1 in order within their case (got %d of case %q)",
					"手続は事案ごとに1から順に番号を付ける（番号 %d、事案「%s」）", st.Seq, st.CaseID))
			}
		}
	}
	return doc.Cases
}

// lineAt is the line of byte offset off in data, from 1.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// errorText is the innermost message of err in lang.
func errorText(err error, lang string) string {
	var he *himitsu.Error
	for e := err; errors.As(e, &he); e = he.Err {
		if he.Err == nil || !errors.As(he.Err, new(*himitsu.Error)) {
			if lang == "ja" && he.MsgJA != "" {
				return he.MsgJA
			}
			return he.Msg
		}
	}
	return err.Error()
}

// checkCaseLinks checks that the records a case links to are in the
// bundle: a case rests on them, linked, not copied.
func checkCaseLinks(files []himitsu.CaseFile, rec *himitsu.Records, errs *errList) {
	ids := map[string]map[string]bool{"incidents": {}, "regulator_reports": {}, "complaints": {}}
	for _, x := range rec.Incidents {
		ids["incidents"][x.ID] = true
	}
	for _, x := range rec.RegulatorReports {
		ids["regulator_reports"][x.ID] = true
	}
	for _, x := range rec.Complaints {
		ids["complaints"][x.ID] = true
	}
	for i, f := range files {
		for _, l := range []struct {
			name string
			ids  []string
		}{{"incidents", f.Case.Incidents}, {"regulator_reports", f.Case.RegulatorReports}, {"complaints", f.Case.Complaints}} {
			for j, id := range l.ids {
				if !ids[l.name][id] {
					errs.add(invalid(CasesFile, 0, fmt.Sprintf("cases[%d].case.%s[%d]", i, l.name, j), "case %s links to %s %q, which the bundle does not hold",
						"事案 %s が参照する %s「%s」がバンドルにない", f.Case.ID, l.name, id))
				}
			}
		}
	}
}
