package bundle

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/safetext"
)

// prescanYAML bounds the nesting of carrier.yaml on the raw text, before
// the parser sees it: goccy's parser takes time and memory quadratic in
// the nesting of flow collections ("[[[[…") and of compact sequences on
// one line ("- - - - …"), so 115 KB of brackets would take gigabytes. It
// counts flow brackets outside quotes, comments and block scalars, and the
// compact indicators at the start of each line; the exact depth is
// checked again on the syntax tree (checkTree).
func prescanYAML(data []byte) error {
	flow := 0
	quote := byte(0) // the open quote of a scalar that spans lines
	blockIndent := -1
	line := 0
	for raw := range bytes.SplitSeq(data, []byte("\n")) {
		line++
		l := bytes.TrimRight(raw, "\r")
		indent := len(l) - len(bytes.TrimLeft(l, " "))
		if blockIndent >= 0 {
			if len(bytes.TrimSpace(l)) == 0 || indent > blockIndent {
				continue
			}
			blockIndent = -1
		}
		i := indent
		compact := 0
		if flow == 0 && quote == 0 {
			for i < len(l) && (l[i] == '-' || l[i] == '?' || l[i] == ':') && (i+1 == len(l) || l[i+1] == ' ' || l[i+1] == '\t') {
				compact++
				i++
				for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
					i++
				}
			}
			if compact > maxYAMLDepth {
				return tooDeep(line)
			}
		}
		tokenStart := true
		for ; i < len(l); i++ {
			c := l[i]
			if quote != 0 {
				switch {
				case quote == '"' && c == '\\':
					i++
				case c == quote && quote == '\'' && i+1 < len(l) && l[i+1] == '\'':
					i++
				case c == quote:
					quote = 0
				}
				continue
			}
			switch {
			case c == '#' && (i == 0 || l[i-1] == ' ' || l[i-1] == '\t'):
				i = len(l)
				continue
			case (c == '"' || c == '\'') && tokenStart:
				quote = c
			case (c == '[' || c == '{') && (flow > 0 || tokenStart):
				flow++
				if flow+compact > maxYAMLDepth {
					return tooDeep(line)
				}
			case (c == ']' || c == '}') && flow > 0:
				flow--
			}
			tokenStart = c == ' ' || c == '\t' || c == '[' || c == '{' || c == ',' || c == ':' || c == '-' || c == '?'
		}
		// A block scalar ("key: |" or "- >-") holds text, not structure:
		// skip its lines, which are indented deeper than the line that
		// opens it.
		if quote == 0 && flow == 0 {
			t := bytes.TrimSpace(l)
			if k := bytes.LastIndexAny(t, "|>"); k > 0 && t[k-1] == ' ' && isBlockHeader(t[k:]) {
				blockIndent = indent
			}
		}
	}
	return nil
}

// isBlockHeader reports whether s is a block scalar header: | or > and
// optional chomping and indentation indicators.
func isBlockHeader(s []byte) bool {
	if len(s) == 0 || (s[0] != '|' && s[0] != '>') {
		return false
	}
	for _, c := range s[1:] {
		if c != '-' && c != '+' && (c < '1' || c > '9') {
			return false
		}
	}
	return len(s) <= 3
}

func tooDeep(line int) error {
	return yamlErr(line, "", "nesting is deeper than the limit of %d levels", "入れ子が上限の %d 段より深い", maxYAMLDepth)
}

// treeCheck walks the syntax tree of carrier.yaml before anything is
// decoded, bounding what the decoder would build (nesting, the number of
// nodes with every alias expanded, the length of each text) and refusing
// YAML features that let a file mean something other than what it shows
// (tags such as !!binary, merge keys).
type treeCheck struct {
	errs    *errList
	anchors map[string]treeSize
	total   int
	stopped bool
}

// treeSize is the expanded size of an anchored value, counted once.
type treeSize struct{ nodes, depth int }

func (c *treeCheck) fail(n ast.Node, path, en, ja string, args ...any) {
	c.errs.add(yamlErr(tokenLine(n), path, en, ja, args...))
}

// walk returns the number of nodes under n (aliases expanded) and the
// depth below it.
func (c *treeCheck) walk(n ast.Node, path string, depth int) (nodes, below int) {
	if n == nil || c.stopped {
		return 0, 0
	}
	if depth > maxYAMLDepth {
		c.fail(n, path, "nesting is deeper than the limit of %d levels", "入れ子が上限の %d 段より深い", maxYAMLDepth)
		c.stopped = true
		return 0, 0
	}
	c.total++
	if c.total > maxYAMLNodes {
		c.fail(n, path, "holds more than %d values with its aliases expanded (the limit)", "エイリアスを展開すると値が上限の %d 個を超える", maxYAMLNodes)
		c.stopped = true
		return 0, 0
	}
	switch x := n.(type) {
	case *ast.TagNode:
		c.fail(n, path, "YAML tags are not accepted (found %q); write the value without a tag", "YAML のタグは使用できない（「%s」がある）。タグなしで値を記載すること", quoted{s: x.Start.Value})
		return 1, 0
	case *ast.AnchorNode:
		before := c.total
		_, d := c.walk(x.Value, path, depth)
		name := ""
		if x.Name != nil {
			name = x.Name.GetToken().Value
		}
		c.anchors[name] = treeSize{nodes: c.total - before, depth: d}
		return c.total - before, d
	case *ast.AliasNode:
		name := ""
		if x.Value != nil {
			name = x.Value.GetToken().Value
		}
		s := c.anchors[name]
		if depth+s.depth > maxYAMLDepth {
			c.fail(n, path, "nesting is deeper than the limit of %d levels", "入れ子が上限の %d 段より深い", maxYAMLDepth)
			c.stopped = true
			return 0, 0
		}
		c.total += s.nodes
		if c.total > maxYAMLNodes {
			c.fail(n, path, "holds more than %d values with its aliases expanded (the limit)", "エイリアスを展開すると値が上限の %d 個を超える", maxYAMLNodes)
			c.stopped = true
			return 0, 0
		}
		return s.nodes, s.depth
	case *ast.MappingNode, *ast.MappingValueNode:
		before := c.total
		deepest := 0
		for _, mv := range mappingValues(x) {
			if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
				c.fail(mv.Key, path, "merge keys (<<) are not accepted; write the keys out", "マージキー（<<）は使用できない。キーを個別に記載すること")
				continue
			}
			key := keyName(mv)
			p := key
			if path != "" {
				p = path + "." + key
			}
			if len(key) > maxTextBytes {
				c.fail(mv.Key, path, "a key is longer than the limit of %s", "キーが上限の %s より長い", sizeText(maxTextBytes))
				continue
			}
			_, d := c.walk(mv.Value, p, depth+1)
			deepest = max(deepest, d+1)
		}
		return c.total - before, deepest
	case *ast.SequenceNode:
		before := c.total
		deepest := 0
		for i, v := range x.Values {
			_, d := c.walk(v, fmt.Sprintf("%s[%d]", path, i), depth+1)
			deepest = max(deepest, d+1)
		}
		return c.total - before, deepest
	case *ast.LiteralNode:
		if x.Value != nil && len(x.Value.Value) > maxTextBytes {
			c.fail(n, path, "the text is longer than the limit of %s", "文字列が上限の %s より長い", sizeText(maxTextBytes))
		}
		return 1, 0
	default:
		if t := n.GetToken(); t != nil && len(t.Value) > maxTextBytes {
			c.fail(n, path, "the text is longer than the limit of %s", "文字列が上限の %s より長い", sizeText(maxTextBytes))
		}
		return 1, 0
	}
}

// typeCheck walks the syntax tree against the type the document decodes
// into and refuses every value the decoder would convert rather than
// read: 1.9, "48200", 0x10 or 1e3 where a whole number belongs (goccy
// would store 1, 48200, 16 and 1000), 1.10 or True where a text belongs
// (it would store "1.1" and "true"), and unknown keys. It reports every
// such value, with its path and the value itself, quoted.
type typeCheck struct {
	errs    *errList
	anchors map[string]ast.Node
}

func (c *typeCheck) fail(n ast.Node, path, en, ja string, args ...any) bool {
	return c.errs.add(yamlErr(tokenLine(n), path, en, ja, args...))
}

// scalarText is the text of a scalar node as written (for messages).
func scalarText(n ast.Node) string {
	if t := n.GetToken(); t != nil {
		return t.Value
	}
	return strings.TrimSpace(n.String())
}

// isDecimal reports whether s is a whole number in plain decimal: no sign
// other than a leading minus, no leading zeros, no underscores.
func isDecimal(s string, signed bool) bool {
	if signed && strings.HasPrefix(s, "-") && len(s) > 1 {
		s = s[1:]
	}
	if s == "" || (len(s) > 1 && s[0] == '0') || len(s) > 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (c *typeCheck) check(n ast.Node, t reflect.Type, path string) {
	if n == nil || c.errs.full() {
		return
	}
	switch x := n.(type) {
	case *ast.AnchorNode:
		c.check(x.Value, t, path)
		return
	case *ast.AliasNode:
		if x.Value != nil {
			c.check(c.anchors[x.Value.GetToken().Value], t, path)
		}
		return
	case *ast.TagNode, *ast.NullNode:
		return // tags are refused by treeCheck; null is the zero value
	}
	want := func() {
		en, ja := yamlTypeName(t)
		text := scalarText(n)
		switch n.(type) {
		case *ast.MappingNode, *ast.MappingValueNode:
			c.fail(n, path, "has the wrong type: want %[1]s, got a mapping", "型が誤っている（%[2]sでなければならないが、マッピングである）", en, ja)
		case *ast.SequenceNode:
			c.fail(n, path, "has the wrong type: want %[1]s, got a list", "型が誤っている（%[2]sでなければならないが、リストである）", en, ja)
		default:
			c.fail(n, path, "has the wrong type: want %[1]s, got %[3]q", "型が誤っている（%[2]sでなければならないが、「%[3]s」である）", en, ja, quoteCell([]byte(text)))
		}
	}
	switch t.Kind() {
	case reflect.Pointer:
		c.check(n, t.Elem(), path) // a fact's *bool: null is unknown
	case reflect.Int, reflect.Int64, reflect.Int32:
		if _, ok := n.(*ast.IntegerNode); !ok || !isDecimal(scalarText(n), true) {
			want()
		}
	case reflect.Bool:
		if _, ok := n.(*ast.BoolNode); !ok || (scalarText(n) != "true" && scalarText(n) != "false") {
			want()
		}
	case reflect.String:
		switch x := n.(type) {
		case *ast.StringNode:
			if !utf8.ValidString(x.Value) {
				c.fail(n, path, "is not valid UTF-8", "UTF-8 として不正である")
			}
		case *ast.LiteralNode:
		case *ast.IntegerNode:
			// A plain decimal like 2024 reads back as the same text;
			// 012 or 0x10 would be stored as "10" or "16".
			if !isDecimal(scalarText(n), false) {
				c.fail(n, path, "%[1]q would be read as a number, not as the text written; put it in quotes", "「%[1]s」は文字列ではなく数値として読まれる。引用符で囲むこと", quoteCell([]byte(scalarText(n))))
			}
		case *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
			c.fail(n, path, "%[1]q would be read as a number or a boolean, not as the text written; put it in quotes", "「%[1]s」は文字列ではなく数値又は真偽値として読まれる。引用符で囲むこと", quoteCell([]byte(scalarText(n))))
		default:
			want()
		}
	case reflect.Slice:
		seq, ok := n.(*ast.SequenceNode)
		if !ok {
			want()
			return
		}
		for i, v := range seq.Values {
			c.check(v, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Struct:
		mvs := mappingValues(n)
		if mvs == nil {
			want()
			return
		}
		for _, mv := range mvs {
			key := keyName(mv)
			p := key
			if path != "" {
				p = path + "." + key
			}
			f, ok := fieldByTag(t, key)
			if !ok {
				c.unknown(mv, path, p, key)
				continue
			}
			c.check(mv.Value, f.Type, p)
		}
	}
}

// unknown reports an unknown key, quoted so that control characters in it
// reach the terminal escaped.
func (c *typeCheck) unknown(mv *ast.MappingValueNode, parent, p, key string) {
	if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
		return // refused by treeCheck
	}
	if r, ok := himitsu.LookupRegister(key); ok && r.Tabular && parent == "" {
		c.fail(mv.Key, key, "unknown field: %[1]s is a tabular register and belongs in %[1]s.csv or %[1]s.jsonl", "不明な項目である。%[1]s は表形式の台帳であり、%[1]s.csv 又は %[1]s.jsonl に記載する", key)
		return
	}
	c.fail(mv.Key, safetext.Echo(p), "unknown field", "不明な項目である")
}

// fieldByTag finds the field of struct type t whose json name is name.
func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if n, _, _ := strings.Cut(f.Tag.Get("json"), ","); n == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}
