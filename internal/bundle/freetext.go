package bundle

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	himitsu "github.com/himitsu-oss/himitsu"
)

// freeTextFields are the json names of the fields that hold free text
// (summaries, descriptions, notes): the fields where a person may paste a
// subscriber's phone number or e-mail address although the registers
// hold subscribers only as pseudonyms.
var freeTextFields = map[string]bool{"summary": true, "description": true, "note": true, "text": true}

var (
	// emailPattern finds an e-mail address.
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	// phonePattern finds a Japanese phone number, domestic (090-1234-5678,
	// 03-1234-5678) or E.164 (+81 90 1234 5678), once full-width digits
	// and signs have been made ASCII; phoneDigits then checks its length.
	phonePattern = regexp.MustCompile(`(\+81[ \-]?\(?0?\)?[ \-]?|\b0)\d{1,4}[ \-)]?\d{1,4}[ \-]?\d{3,4}\b`)
	halfWidth    = strings.NewReplacer("０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9", "＋", "+", "－", "-", "ー", "-", "（", "(", "）", ")", "\u3000", " ")
)

// personalData names what kind of personal identifier s holds, in English
// and Japanese, or "" when it holds none.
func personalData(s string) (en, ja string) {
	if emailPattern.MatchString(s) {
		return "an e-mail address", "メールアドレス"
	}
	for _, m := range phonePattern.FindAllString(halfWidth.Replace(s), -1) {
		n := 0
		for _, c := range m {
			if c >= '0' && c <= '9' {
				n++
			}
		}
		if strings.HasPrefix(m, "+81") {
			n -= 2
			if strings.Contains(m, "(0)") || strings.HasPrefix(strings.TrimLeft(m[3:], " -("), "0") {
				n--
			}
			n++ // the domestic leading 0
		}
		if n == 10 || n == 11 {
			return "a phone number", "電話番号"
		}
	}
	return "", ""
}

// scanFreeText calls found for every free-text field of the struct rv
// (nested structs and lists of structs included) that holds a phone
// number or an e-mail address, with the field's path ("elements[1].note").
func scanFreeText(rv reflect.Value, path string, found func(field, en, ja string)) {
	p := planFor(rv.Type())
	for i := range p.cols {
		c := &p.cols[i]
		f := rv.Field(c.Index)
		name := c.Name
		if path != "" {
			name = path + "." + c.Name
		}
		switch c.kind {
		case kString:
			if freeTextFields[c.Name] && f.String() != "" {
				if en, ja := personalData(f.String()); en != "" {
					found(name, en, ja)
				}
			}
		case kStruct:
			scanFreeText(f, name, found)
		case kStructs:
			for j := range f.Len() {
				scanFreeText(f.Index(j), fmt.Sprintf("%s[%d]", name, j), found)
			}
		}
	}
}

// warning is a located note about a value that is accepted but should be
// looked at.
func warning(file string, line int, field, en, ja string) *himitsu.Error {
	return &himitsu.Error{Op: "bundle.Read", Kind: himitsu.KindOther, File: file, Line: line, Field: field,
		Msg:   fmt.Sprintf("holds %s; registers keep subscribers only as pseudonyms, so check that this text should hold it", en),
		MsgJA: fmt.Sprintf("%sを含む。台帳では契約者を仮名でのみ保持するため、この文に含めるべきか確認すること", ja)}
}

// freeTextWarnings scans every record held in memory for phone numbers
// and e-mail addresses in free text, and returns at most maxErrors
// warnings, located like errors.
func freeTextWarnings(rec *himitsu.Records, locs map[string]locator) []*himitsu.Error {
	var out []*himitsu.Error
	for _, r := range himitsu.RegisterList {
		if r.Stream || locs[r.Name] == nil {
			continue
		}
		f := recordsField(rec, r.Name)
		scan := func(i int, v reflect.Value) {
			scanFreeText(v, "", func(field, en, ja string) {
				if len(out) < maxErrors {
					file, line, name := locs[r.Name].locate(i, field)
					out = append(out, warning(file, line, name, en, ja))
				}
			})
		}
		if f.Kind() != reflect.Slice {
			scan(-1, f)
			continue
		}
		for i := range f.Len() {
			scan(i, f.Index(i))
		}
	}
	return out
}
