package decide

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/himitsu-oss/himitsu"
)

// The decision point's settings (Options) come from `himitsu serve`'s
// flags, their environment variables, or a settings file given with
// --decide-config. The file is JSON:
//
//	{"lawful_ops": ["billing", "complaints"], "bulk_limit": 100,
//	 "bulk_limits": {"P-0042": 500}}
//
// Every key is optional; an unknown key, a lawful operation that is not
// one of himitsu's, or a limit below 1 is refused with the field named.

// maxSettingsBytes bounds the settings file: it holds a list of
// operations and one limit per person, not records.
const maxSettingsBytes = 1 << 20

// settingsFile is the JSON form of Options.
type settingsFile struct {
	LawfulOps  []string       `json:"lawful_ops"`
	BulkLimit  *int           `json:"bulk_limit"`
	BulkLimits map[string]int `json:"bulk_limits"`
}

// ParseSettings reads a settings file (file names it in errors) into
// Options.
func ParseSettings(data []byte, file string) (Options, error) {
	var o Options
	bad := func(field, en, ja string, args ...any) (Options, error) {
		return Options{}, &himitsu.Error{Op: "decide.ParseSettings", Kind: himitsu.KindInvalid, File: file, Field: field,
			Msg: fmt.Sprintf(en, args...), MsgJA: fmt.Sprintf(ja, args...)}
	}
	if len(data) > maxSettingsBytes {
		return bad("", "is %d bytes, over the limit of %d", "%d バイトあり、上限の %d バイトを超えている", len(data), maxSettingsBytes)
	}
	if !utf8.Valid(data) {
		return bad("", "is not valid UTF-8", "UTF-8 として不正である")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f settingsFile
	if err := dec.Decode(&f); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &te):
			return bad(te.Field, "has a %s where %s is expected", "%[2]s が必要な箇所に %[1]s がある", te.Value, te.Type.String())
		case errors.As(err, &se):
			return bad("", "is not valid JSON at byte %d: %v", "バイト %d で JSON として不正である: %v", se.Offset, err)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
			return bad(name, "is not a setting (lawful_ops, bulk_limit, bulk_limits)", "設定項目ではない（lawful_ops、bulk_limit、bulk_limits）")
		case err == io.EOF:
			return bad("", "is empty; write {} for the defaults", "空である。既定値でよければ {} と書くこと")
		}
		return bad("", "cannot be read as JSON: %v", "JSON として読めない: %v", err)
	}
	if dec.More() {
		return bad("", "holds more than one JSON value", "複数の JSON 値を含んでいる")
	}
	ops, err := ParseLawfulOps(f.LawfulOps)
	if err != nil {
		var he *himitsu.Error
		if errors.As(err, &he) {
			he.File = file
		}
		return Options{}, err
	}
	o.LawfulOps = ops
	if f.BulkLimit != nil {
		if *f.BulkLimit < 1 {
			return bad("bulk_limit", "is %d; it must be at least 1", "%d である。1以上でなければならない", *f.BulkLimit)
		}
		o.BulkLimit = *f.BulkLimit
	}
	for _, p := range slices.Sorted(maps.Keys(f.BulkLimits)) {
		if n := f.BulkLimits[p]; n < 1 || p == "" {
			return bad("bulk_limits."+p, "is %d for person %q; a limit must be at least 1 and name a person", "従事者 %[2]q について %[1]d である。上限は1以上で、従事者を指定しなければならない", n, p)
		}
	}
	if len(f.BulkLimits) > 0 {
		o.BulkLimits = f.BulkLimits
	}
	return o, nil
}

// ParseLawfulOps checks a list of lawful business operations. "other" is
// refused: an operation the carrier has not named cannot be judged lawful
// by a machine.
func ParseLawfulOps(list []string) ([]himitsu.LawfulBusiness, error) {
	var ops []himitsu.LawfulBusiness
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if s == string(himitsu.LawfulOther) || !slices.Contains(himitsu.LawfulBusiness("").Values(), s) {
			return nil, himitsu.FieldErrorJA("lawful_ops", "holds %q, not one of %s", "%q は %s のいずれでもない",
				s, strings.Join(DefaultLawfulOpsText(), ", "))
		}
		ops = append(ops, himitsu.LawfulBusiness(s))
	}
	return ops, nil
}

// DefaultLawfulOpsText is the default list as text, for usage messages.
func DefaultLawfulOpsText() []string {
	out := make([]string, len(DefaultLawfulOps))
	for i, o := range DefaultLawfulOps {
		out[i] = string(o)
	}
	return out
}

// ParseBulkLimits reads PERSON=N pairs separated by commas, as the
// --decide-bulk-limits flag gives them.
func ParseBulkLimits(s string) (map[string]int, error) {
	m := map[string]int{}
	for _, pair := range strings.Split(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		p, v, ok := strings.Cut(pair, "=")
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if !ok || strings.TrimSpace(p) == "" || err != nil || n < 1 {
			return nil, himitsu.FieldErrorJA("bulk_limits", "holds %q; write PERSON=N with N at least 1", "%q を含む。PERSON=N（N は1以上）の形で書くこと", pair)
		}
		m[strings.TrimSpace(p)] = n
	}
	if len(m) == 0 {
		return nil, nil
	}
	return m, nil
}
