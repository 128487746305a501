package bundle

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/safetext"
)

// carrierType is the document type of carrier.yaml: the format key and
// the non-tabular fields of himitsu.Records, with the same json tags, so
// the file's keys follow the root package without a second list. Dates
// and times are decoded as strings (see shadowType) and parsed afterwards.
func carrierType() reflect.Type {
	fields := []reflect.StructField{{Name: "Format", Type: reflect.TypeFor[string](), Tag: `json:"format"`}}
	rt := reflect.TypeFor[himitsu.Records]()
	for i := range rt.NumField() {
		f := rt.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if r, ok := himitsu.LookupRegister(name); ok && !r.Tabular {
			fields = append(fields, reflect.StructField{Name: f.Name, Type: shadowType(f.Type), Tag: f.Tag})
		}
	}
	return reflect.StructOf(fields)
}

// yamlDoc is the parsed carrier.yaml, kept to locate errors found later.
type yamlDoc struct {
	file   *ast.File
	times  map[string]string // YAML path → a time as written
	format string            // Format or FormatV1
	legacy *legacy           // for FormatV1: the facts settled to false
}

type yamlSection struct {
	doc  *yamlDoc
	name string
}

func (d *yamlDoc) section(name string) locator { return &yamlSection{doc: d, name: name} }

// locate finds the line of a field of the i-th record of the section with
// goccy's YAML path, falling back to the record and then the section when
// the field is absent (a missing required value).
func (s *yamlSection) locate(i int, field string) (string, int, string) {
	base := s.name
	if i >= 0 {
		base = fmt.Sprintf("%s[%d]", s.name, i)
	}
	full := base
	if field != "" {
		full = base + "." + field
	}
	for p := full; p != ""; {
		if line := s.doc.lineOf(p); line > 0 {
			return CarrierFile, line, full
		}
		j := strings.LastIndexAny(p, ".[")
		if j <= 0 {
			break
		}
		p = p[:j]
	}
	return CarrierFile, 1, full
}

// lineOf returns the line of the node at the YAML path "$."+p, or 0.
func (d *yamlDoc) lineOf(p string) int {
	if d == nil || d.file == nil {
		return 0
	}
	path, err := yaml.PathString("$." + p)
	if err != nil {
		return 0
	}
	n, err := path.FilterFile(d.file)
	if err != nil || n == nil || n.GetToken() == nil {
		return 0
	}
	return n.GetToken().Position.Line
}

func yamlErr(line int, field, en, ja string, args ...any) *himitsu.Error {
	return invalid(CarrierFile, line, field, en, ja, args...)
}

// parseCarrier parses and checks carrier.yaml, returning every error it
// finds (see readCarrier).
func parseCarrier(data []byte) (*himitsu.Records, *yamlDoc, error) {
	var errs errList
	rec, doc, _ := readCarrier(data, &errs, nil)
	if !errs.empty() {
		return nil, nil, errs.err()
	}
	return rec, doc, nil
}

// badSet records which records of which register failed their own checks,
// so that their references are not checked (they would only repeat the
// error) and the rest of the bundle is still checked.
type badSet map[string]map[int]bool

func (b badSet) mark(register string, i int) {
	if b[register] == nil {
		b[register] = map[int]bool{}
	}
	b[register][i] = true
}

// markPath marks the record that a YAML path ("incidents[3].known_at")
// belongs to.
func (b badSet) markPath(path string) {
	sec, rest, _ := strings.Cut(path, "[")
	if sec == "" || rest == "" {
		b.mark(strings.SplitN(sec, ".", 2)[0], -1)
		return
	}
	n, _, _ := strings.Cut(rest, "]")
	i := 0
	for _, c := range n {
		if c < '0' || c > '9' {
			return
		}
		i = i*10 + int(c-'0')
	}
	b.mark(sec, i)
}

// readCarrier parses and checks carrier.yaml, adding its errors to errs.
// The checks run in stages (size and syntax, then limits and types, then
// values); each stage reports every error it finds, and a stage with
// errors ends the file, because what follows would only repeat them. It
// returns nil records when the file could not be decoded. The errors of
// goccy's decoder carry a position; values it cannot position (dates and
// times, which it parses leniently) are checked afterwards on the text.
func readCarrier(data []byte, errs *errList, sub func(string) string) (*himitsu.Records, *yamlDoc, badSet) {
	errs.file(CarrierFile)
	fatal := func(err error) (*himitsu.Records, *yamlDoc, badSet) {
		errs.add(err)
		return nil, nil, nil
	}
	if len(data) > maxCarrierBytes {
		return fatal(tooLarge(CarrierFile, 0, maxCarrierBytes))
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalidUTF8(data)], []byte("\n"))
		return fatal(yamlErr(line, "", "is not valid UTF-8", "UTF-8 として不正である"))
	}
	if isBlankYAML(data) {
		return fatal(yamlErr(1, "", "the file is empty; it needs at least the format and carrier keys", "ファイルが空である。少なくとも format と carrier のキーが必要である"))
	}
	if err := prescanYAML(data); err != nil {
		return fatal(err)
	}
	file, err := parseBytes(data)
	if err != nil {
		return fatal(fromYAMLError(nil, data, err))
	}
	doc := &yamlDoc{file: file, times: map[string]string{}}
	var bodies []ast.Node
	for _, d := range file.Docs {
		if d != nil && d.Body != nil {
			bodies = append(bodies, d.Body)
		}
	}
	if len(bodies) != 1 {
		return fatal(yamlErr(1, "", "must hold exactly one YAML document, found %d", "YAML 文書をちょうど一つ含まなければならないが、%d 個ある", len(bodies)))
	}
	body := bodies[0]
	if _, ok := unwrap(body).(*ast.MappingNode); !ok {
		if _, ok := unwrap(body).(*ast.MappingValueNode); !ok {
			return fatal(yamlErr(tokenLine(body), "", "must be a mapping with the keys format, carrier, organisations, …", "format、carrier、organisations などのキーを持つマッピングでなければならない"))
		}
	}
	format, err := checkFormat(doc, body)
	if err != nil {
		return fatal(err)
	}
	doc.format = format
	before := len(errs.errs)
	tc := &treeCheck{errs: errs, anchors: map[string]treeSize{}}
	tc.walk(body, "", 0)
	if len(errs.errs) > before {
		return nil, nil, nil
	}
	ct := carrierType()
	ty := &typeCheck{errs: errs, anchors: anchorNodes(body)}
	ty.check(body, ct, "")
	if len(errs.errs) > before {
		return nil, nil, nil
	}
	v := reflect.New(ct)
	opts := []yaml.DecodeOption{yaml.Strict()}
	if err := decodeNode(body, v.Interface(), opts); err != nil {
		return fatal(fromYAMLError(doc, data, err))
	}
	rec := &himitsu.Records{}
	bad := badSet{}
	rv := reflect.ValueOf(rec).Elem()
	for i := 1; i < ct.NumField(); i++ {
		name, _, _ := strings.Cut(ct.Field(i).Tag.Get("json"), ",")
		fromShadow(rv.FieldByName(ct.Field(i).Name), v.Elem().Field(i), name, doc, errs, bad)
	}
	// What is stored must export to a carrier.yaml that imports again:
	// aliases can make the written file (which has none) far larger than
	// the one read.
	if out, err := marshalCarrier(rec); err == nil && len(out) > maxCarrierBytes {
		errs.add(yamlErr(1, "", "with its aliases expanded the file would be written as %d bytes, over the limit of %s", "エイリアスを展開すると書き出し時に %d バイトとなり、上限の %s を超える", len(out), sizeText(maxCarrierBytes)))
		return nil, nil, nil
	}
	if format == FormatV1 {
		// Validate the records as format 1 meant them: its absent facts
		// are false.
		doc.legacy = &legacy{filled: map[string]int{}}
		for _, r := range himitsu.RegisterList {
			if !r.Tabular {
				settleField(doc.legacy, r.Name, recordsField(rec, r.Name))
			}
		}
	}
	pseudonymizeSections(rec, sub)
	validateSections(rec, doc, errs, bad)
	return rec, doc, bad
}

// pseudonymizeSections applies sub to the subscriber identifiers of
// carrier.yaml's registers (a warrant's subjects) before they are
// validated, as the tabular files' subscriber column is.
func pseudonymizeSections(rec *himitsu.Records, sub func(string) string) {
	if sub == nil {
		return
	}
	for i := range rec.LawEnforcementRequests {
		for j, s := range rec.LawEnforcementRequests[i].Subjects {
			rec.LawEnforcementRequests[i].Subjects[j] = sub(s)
		}
	}
}

// parseBytes runs goccy's parser, turning a panic inside it into an error.
func parseBytes(data []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = yamlErr(1, "", "cannot be parsed: %v", "解析できない: %v", r)
		}
	}()
	return parser.ParseBytes(data, 0)
}

// anchorNodes maps each anchor of the document to its value, the last
// definition winning as in YAML.
func anchorNodes(body ast.Node) map[string]ast.Node {
	m := map[string]ast.Node{}
	ast.Walk(anchorVisitor(m), body)
	return m
}

type anchorVisitor map[string]ast.Node

func (v anchorVisitor) Visit(n ast.Node) ast.Visitor {
	if a, ok := n.(*ast.AnchorNode); ok && a.Name != nil {
		v[a.Name.GetToken().Value] = a.Value
	}
	return v
}

// decodeNode runs goccy's decoder and turns a panic inside it into an
// error: the decoder is third-party code and bad input must never crash
// an import.
func decodeNode(body ast.Node, v any, opts []yaml.DecodeOption) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = yamlErr(1, "", "cannot be decoded: %v", "解析できない: %v", r)
		}
	}()
	return yaml.NodeToValue(body, v, opts...)
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// isBlankYAML reports whether data holds only blank lines and comments.
func isBlankYAML(data []byte) bool {
	for line := range bytes.SplitSeq(data, []byte("\n")) {
		l := bytes.TrimSpace(line)
		if len(l) > 0 && l[0] != '#' && string(l) != "---" && string(l) != "..." {
			return false
		}
	}
	return true
}

func unwrap(n ast.Node) ast.Node {
	for {
		switch x := n.(type) {
		case *ast.TagNode:
			n = x.Value
		case *ast.AnchorNode:
			n = x.Value
		default:
			return n
		}
	}
}

func tokenLine(n ast.Node) int {
	if n == nil || n.GetToken() == nil {
		return 1
	}
	return n.GetToken().Position.Line
}

// mappingValues returns the key/value pairs of a mapping node, or nil.
func mappingValues(n ast.Node) []*ast.MappingValueNode {
	switch x := unwrap(n).(type) {
	case *ast.MappingNode:
		return x.Values
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{x}
	}
	return nil
}

func keyName(mv *ast.MappingValueNode) string {
	if mv.Key == nil {
		return ""
	}
	if t := mv.Key.GetToken(); t != nil {
		return t.Value
	}
	return mv.Key.String()
}

// checkFormat insists on the format key before anything else is read, so a
// bundle of another version is refused with a clear reason rather than
// with an error about some field it has and this version lacks.
func checkFormat(doc *yamlDoc, body ast.Node) (string, error) {
	for _, mv := range mappingValues(body) {
		if keyName(mv) != "format" {
			continue
		}
		var s string
		if err := yaml.NodeToValue(mv.Value, &s); err != nil || s != Format && s != FormatV1 {
			return "", yamlErr(tokenLine(mv.Value), "format", "unsupported bundle format %q; this version reads %s and %s", "未対応のバンドル形式「%s」である。この版が読むのは %s 及び %s である", quoted{s: strings.TrimSpace(mv.Value.String())}, Format, FormatV1)
		}
		return s, nil
	}
	return "", yamlErr(1, "format", "is required: the first line of carrier.yaml is `format: %s`", "必須である。carrier.yaml の最初の行は `format: %s` とする", Format)
}

// shadowType is t with every time.Time and himitsu.Date replaced by a
// string. goccy's decoder parses times leniently (an unknown layout gives
// the zero time without an error) and its custom unmarshalers reformat the
// whole document for every value (quadratic in the file size), so dates
// and times are decoded as text and parsed by fromShadow, which knows the
// path of each value and so its line.
func shadowType(t reflect.Type) reflect.Type {
	switch {
	case t == timeType || t == dateType:
		return reflect.TypeFor[string]()
	case t == factType:
		// A fact is decoded as a *bool: nil (absent or null) is unknown.
		return reflect.TypeFor[*bool]()
	case t.Kind() == reflect.Slice:
		if e := shadowType(t.Elem()); e != t.Elem() {
			return reflect.SliceOf(e)
		}
		return t
	case t.Kind() != reflect.Struct:
		return t
	}
	fields := make([]reflect.StructField, t.NumField())
	changed := false
	for i := range t.NumField() {
		f := t.Field(i)
		fields[i] = reflect.StructField{Name: f.Name, Type: shadowType(f.Type), Tag: f.Tag}
		changed = changed || fields[i].Type != f.Type
	}
	if !changed {
		return t
	}
	return reflect.StructOf(fields)
}

// fromShadow copies a decoded shadow value into the real one, parsing
// dates and times; path is the YAML path of the value, for errors, which
// go to errs (the record is marked bad and the copy goes on). The text of
// every time is kept in doc.times, so that messages can show a time with
// the offset it was written with.
func fromShadow(dst, src reflect.Value, path string, doc *yamlDoc, errs *errList, bad badSet) {
	t := dst.Type()
	switch {
	case t == timeType || t == dateType:
		s := src.String()
		if s == "" {
			return
		}
		if t == dateType {
			d, ok := parseDate([]byte(s))
			if !ok {
				errs.add(yamlErr(max(doc.lineOf(path), 1), path, notDate, notDateJA, quoteCell([]byte(s))))
				bad.markPath(path)
				return
			}
			dst.Set(reflect.ValueOf(d))
			return
		}
		tm, ok := parseTime([]byte(s))
		if !ok {
			errs.add(yamlErr(max(doc.lineOf(path), 1), path, notTime, notTimeJA, quoteCell([]byte(s))))
			bad.markPath(path)
			return
		}
		doc.times[path] = s
		dst.Set(reflect.ValueOf(tm))
	case t == factType:
		if !src.IsNil() {
			dst.SetUint(uint64(himitsu.FactOf(src.Elem().Bool())))
		}
	case src.Type() == t:
		dst.Set(src)
	case t.Kind() == reflect.Slice:
		if src.IsNil() {
			return
		}
		out := reflect.MakeSlice(t, src.Len(), src.Len())
		for i := range src.Len() {
			fromShadow(out.Index(i), src.Index(i), fmt.Sprintf("%s[%d]", path, i), doc, errs, bad)
		}
		dst.Set(out)
	case t.Kind() == reflect.Struct:
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			fromShadow(dst.Field(i), src.Field(i), path+"."+name, doc, errs, bad)
		}
	default:
		panic(fmt.Sprintf("bundle: cannot convert %s to %s", src.Type(), t))
	}
}

// timesOf returns the times of the record at path prefix as written.
func (d *yamlDoc) timesOf(prefix string) []string {
	if d == nil {
		return nil
	}
	var out []string
	for p, s := range d.times {
		if p == prefix || strings.HasPrefix(p, prefix+".") || strings.HasPrefix(p, prefix+"[") {
			out = append(out, s)
		}
	}
	return out
}

// fromYAMLError turns an error of goccy's parser or decoder into a located
// error, naming the key path found at the error's position: from the
// syntax tree when there is one, else from the indentation of the lines
// above the error (a syntax error leaves no tree). The parser's messages
// can quote the input, so they are echoed with control characters escaped.
func fromYAMLError(doc *yamlDoc, data []byte, err error) error {
	var ye yaml.Error
	if !errors.As(err, &ye) || ye.GetToken() == nil {
		msg := safetext.Echo(err.Error())
		return located(CarrierFile, 1, "", msg, "YAML として読み込めない: "+msg)
	}
	pos := ye.GetToken().Position
	field := ""
	if doc != nil {
		field = pathAt(doc.file, pos.Line, pos.Column)
	} else {
		field = pathBeforeLine(data, pos.Line)
	}
	// The parser's own messages are English; the Japanese text says what
	// kind of problem it is and quotes them.
	msg := safetext.Echo(ye.GetMessage())
	msgJA := "YAML の構文が不正である: " + msg
	var te *yaml.TypeError
	var ue *yaml.UnknownFieldError
	var ne *yaml.UnexpectedNodeTypeError
	switch {
	case errors.As(err, &ne):
		msg, msgJA = "has the wrong type: "+msg, "型が誤っている: "+msg
	case errors.As(err, &te):
		en, ja := yamlTypeName(te.DstType)
		msg = fmt.Sprintf("has the wrong type: want %s", en)
		msgJA = fmt.Sprintf("型が誤っている（%sでなければならない）", ja)
	case errors.As(err, &ue):
		key := ye.GetToken().Value
		msg, msgJA = fmt.Sprintf("unknown field %q", quoteCell([]byte(key))), fmt.Sprintf("不明な項目「%s」である", quoteCell([]byte(key)))
	}
	return located(CarrierFile, pos.Line, safetext.Echo(field), msg, msgJA)
}

// pathBeforeLine guesses the key path of line n of a block-style YAML
// text from the keys and list items above it and their indentation
// ("incidents[3].known_at"), for syntax errors, where there is no tree.
// It returns "" when the guess is not clear.
func pathBeforeLine(data []byte, n int) string {
	type level struct {
		indent int
		key    string
		item   int // index of the current list item under key, -1 if none
	}
	var stack []level
	line := 0
	for raw := range bytes.SplitSeq(data, []byte("\n")) {
		line++
		if line > n {
			break
		}
		l := string(bytes.TrimRight(raw, "\r"))
		t := strings.TrimLeft(l, " ")
		if t == "" || t[0] == '#' {
			continue
		}
		indent := len(l) - len(t)
		isItem := strings.HasPrefix(t, "- ") || t == "-"
		if isItem {
			// An item belongs to the key above at a smaller or equal indent.
			for len(stack) > 0 && stack[len(stack)-1].indent > indent {
				stack = stack[:len(stack)-1]
			}
			if len(stack) > 0 {
				stack[len(stack)-1].item++
			}
			t = strings.TrimLeft(t[1:], " ")
			indent = len(l) - len(t)
		} else {
			for len(stack) > 0 && stack[len(stack)-1].indent >= indent {
				stack = stack[:len(stack)-1]
			}
		}
		key, _, ok := strings.Cut(t, ":")
		if !ok || strings.ContainsAny(key, "{}[]\"'") {
			continue
		}
		stack = append(stack, level{indent: indent, key: strings.TrimSpace(key), item: -1})
	}
	var b strings.Builder
	for i, lv := range stack {
		if i > 0 {
			b.WriteString(".")
		}
		b.WriteString(lv.key)
		if lv.item >= 0 && i < len(stack)-1 {
			fmt.Fprintf(&b, "[%d]", lv.item)
		}
	}
	return b.String()
}

// asWritten puts back the offset a time was written with into a message:
// times are held in UTC, so a message about "2026-04-01T09:00:00+09:00"
// would otherwise say "2026-04-01T00:00:00Z", which the person does not
// find in the file. times are the texts of the record's times.
func asWritten(msg string, times []string) string {
	for _, s := range times {
		t, ok := parseTime([]byte(s))
		if !ok {
			continue
		}
		if u := t.Format(time.RFC3339); u != s {
			msg = strings.ReplaceAll(msg, u, s)
		}
	}
	return msg
}

// yamlTypeName names the type a YAML value should have had, in English
// and in Japanese.
func yamlTypeName(t reflect.Type) (en, ja string) {
	if t == nil {
		return "another type", "別の型"
	}
	switch {
	case t == timeType:
		return "a time (RFC 3339 with offset)", "日時（オフセット付きの RFC 3339 形式）"
	case t == dateType:
		return "a date (YYYY-MM-DD)", "日付（YYYY-MM-DD 形式）"
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a text", "文字列"
	case reflect.Bool:
		return "true or false", "真偽値（true 又は false）"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number", "整数"
	case reflect.Slice:
		return "a list", "リスト"
	case reflect.Struct, reflect.Map:
		return "a mapping", "マッピング"
	}
	return t.String(), t.String()
}

// pathAt returns the key path ("datasets[2].elements[0].class") of the
// node at line:col, or of the deepest key on that line.
func pathAt(f *ast.File, line, col int) string {
	if f == nil {
		return ""
	}
	best := ""
	var walk func(n ast.Node, path string)
	walk = func(n ast.Node, path string) {
		if n == nil {
			return
		}
		n = unwrap(n)
		switch x := n.(type) {
		case *ast.MappingNode, *ast.MappingValueNode:
			for _, mv := range mappingValues(x) {
				p := keyName(mv)
				if path != "" {
					p = path + "." + p
				}
				if t := mv.Key.GetToken(); t != nil && t.Position.Line == line {
					best = p
				}
				walk(mv.Value, p)
			}
		case *ast.SequenceNode:
			for i, v := range x.Values {
				walk(v, fmt.Sprintf("%s[%d]", path, i))
			}
		default:
			if t := n.GetToken(); t != nil && t.Position.Line == line && t.Position.Column == col && path != "" {
				best = path
			}
		}
	}
	for _, d := range f.Docs {
		if d != nil {
			walk(d.Body, "")
		}
	}
	return best
}

// validateSections validates every record of carrier.yaml and refuses
// duplicate IDs within a section, adding every error to errs and marking
// the records in bad.
func validateSections(rec *himitsu.Records, doc *yamlDoc, errs *errList, bad badSet) {
	for _, r := range himitsu.RegisterList {
		if r.Tabular {
			continue
		}
		loc := doc.section(r.Name)
		f := recordsField(rec, r.Name)
		if f.Kind() != reflect.Slice {
			if bad[r.Name][-1] {
				continue
			}
			if err := f.Addr().Interface().(validator).Validate(); err != nil {
				field, msg, msgJA := flatten(err)
				file, line, name := loc.locate(-1, field)
				times := doc.timesOf(r.Name)
				errs.add(located(file, line, name, asWritten(msg, times), asWritten(msgJA, times)))
				bad.mark(r.Name, -1)
			}
			continue
		}
		seen := map[string]int{}
		for i := range f.Len() {
			item := f.Index(i)
			if bad[r.Name][i] {
				// Already reported (a bad date or time); its zero value
				// would only repeat that as "is required".
			} else if err := item.Addr().Interface().(validator).Validate(); err != nil {
				field, msg, msgJA := flatten(err)
				file, line, name := loc.locate(i, field)
				times := doc.timesOf(fmt.Sprintf("%s[%d]", r.Name, i))
				if !errs.add(located(file, line, name, asWritten(msg, times), asWritten(msgJA, times))) {
					return
				}
				bad.mark(r.Name, i)
			}
			id := item.FieldByName("ID").String()
			if first, dup := seen[id]; dup && id != "" {
				file, line, name := loc.locate(i, "id")
				_, firstLine, _ := loc.locate(first, "id")
				if !errs.add(invalid(file, line, name, dupID, dupIDJA, quoted{s: id}, firstLine)) {
					return
				}
				bad.mark(r.Name, i)
				continue
			}
			seen[id] = i
		}
	}
}
