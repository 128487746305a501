// Package clue screens complaints for clues of a leak of the secrecy of
// communications (guideline 5(4)ii): strangers who know whom a person
// calls, where they go or what they wrote; other people's records shown
// to them; logins, SIM or eSIM reissues and settings changes they did not
// make; sellers who know their usage; a former partner or an employee of
// the carrier who knows too much. The rules are data (rules.yaml, embedded;
// a compliance officer can extend them or load a file of their own) and
// every verdict says which rule and which words made it.
package clue

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/textnorm"
)

//go:embed rules.yaml
var defaultRules []byte

// Text is a phrase in both languages.
type Text struct {
	EN string `yaml:"en" json:"en"`
	JA string `yaml:"ja" json:"ja"`
}

// In returns the text in lang ("ja" or anything else for English).
func (t Text) In(lang string) string {
	if lang == "ja" && t.JA != "" {
		return t.JA
	}
	return t.EN
}

// Pattern is one regular expression of a word list, as written and
// compiled against folded text (see package textnorm).
type Pattern struct {
	Source string
	Line   int
	re     *regexp.Regexp
}

// UnmarshalYAML keeps the line of the pattern, so that a bad expression is
// reported where it stands.
func (p *Pattern) UnmarshalYAML(n ast.Node) error {
	p.Line = n.GetToken().Position.Line
	return yaml.NodeToValue(n, &p.Source)
}

// Rule says that a complaint whose text matches at least one pattern of
// every list in All, and none of the lists in Unless, carries Weight
// towards a clue of Kind. A negative weight marks a look-alike that is not
// a clue (a sales call, the user's own setting); with a Kind it counts
// against that kind only. The engine is not specific to complaints: the
// policy checks use it for their labels.
type Rule struct {
	ID     string   `yaml:"id"`
	Kind   string   `yaml:"kind"`
	Weight float64  `yaml:"weight"`
	All    []string `yaml:"all"`
	Unless []string `yaml:"unless"`
	About  Text     `yaml:"about"`
	Line   int      `yaml:"-"`
}

// UnmarshalYAML decodes a rule strictly and keeps its line.
func (r *Rule) UnmarshalYAML(n ast.Node) error {
	type plain Rule
	var p plain
	if err := yaml.NodeToValue(n, &p, yaml.Strict()); err != nil {
		return err
	}
	*r = Rule(p)
	r.Line = n.GetToken().Position.Line
	return nil
}

// Rules is a loaded, validated rule set.
type Rules struct {
	Version   string               `yaml:"version"`
	Threshold float64              `yaml:"threshold"`
	Kinds     map[string]Text      `yaml:"kinds"`
	Lists     map[string][]Pattern `yaml:"lists"`
	Rules     []Rule               `yaml:"rules"`
	// WeakShare is the share of a rule's lists that must match for a
	// complaint that is not a clue to count as a weak signal in clusters.
	WeakShare float64 `yaml:"weak_share"`
	file      string
}

// Default returns the embedded rule set.
func Default() *Rules {
	r, err := Load("rules.yaml", defaultRules)
	if err != nil {
		// The embedded file is tested; failing here is a build defect.
		panic(err)
	}
	return r
}

// DefaultSource returns the embedded rule file, for a compliance officer
// who wants to start a file of their own from it.
func DefaultSource() []byte { return bytes.Clone(defaultRules) }

// Load parses and validates a rule file. Errors name the file, the line
// and the field, in English and Japanese.
func Load(file string, data []byte) (*Rules, error) {
	rs := &Rules{file: file}
	if err := DecodeYAML(data, rs); err != nil {
		line, msg := yamlErrorLine(err)
		return nil, &himitsu.Error{Op: "clue.Load", Kind: himitsu.KindInvalid, File: file, Line: line,
			Msg: "not a valid rule file: " + msg, MsgJA: "規則ファイルとして読めない: " + msg}
	}
	if err := rs.validate(); err != nil {
		return nil, err
	}
	return rs, nil
}

// DecodeYAML decodes strictly; the YAML library panics on some malformed
// input (found by fuzzing: a tag where a sequence belongs), which is bad
// input like any other, so the panic becomes an error.
func DecodeYAML(data []byte, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed YAML (%v)", r)
		}
	}()
	return yaml.UnmarshalWithOptions(data, v, yaml.Strict())
}

// yamlErrorLine pulls the "[line:column]" that goccy puts first in its
// messages, so the error can carry the line as a field.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if strings.HasPrefix(msg, "[") {
		if end := strings.Index(msg, "]"); end > 0 {
			lc, _, _ := strings.Cut(msg[1:end], ":")
			if n, e := strconv.Atoi(lc); e == nil {
				first, _, _ := strings.Cut(strings.TrimSpace(msg[end+1:]), "\n")
				return n, first
			}
		}
	}
	first, _, _ := strings.Cut(msg, "\n")
	return 0, first
}

func (rs *Rules) fail(line int, field, en, ja string, args ...any) error {
	return &himitsu.Error{Op: "clue.Load", Kind: himitsu.KindInvalid, File: rs.file, Line: line, Field: field,
		Msg: fmt.Sprintf(en, args...), MsgJA: fmt.Sprintf(ja, args...)}
}

func (rs *Rules) validate() error {
	if rs.Version == "" {
		return rs.fail(1, "version", "missing: say which version of the rules this is", "未記入: 規則の版を書くこと")
	}
	if rs.Threshold == 0 {
		rs.Threshold = 1
	}
	if rs.Threshold < 0 {
		return rs.fail(1, "threshold", "must be positive, got %v", "正の数であること（値: %v）", rs.Threshold)
	}
	if rs.WeakShare == 0 {
		rs.WeakShare = 0.66
	}
	if len(rs.Rules) == 0 {
		return rs.fail(1, "rules", "no rules", "規則が一つもない")
	}
	for name, pats := range rs.Lists {
		if len(pats) == 0 {
			return rs.fail(1, "lists."+name, "empty list", "語のリストが空")
		}
		for i := range pats {
			p := &pats[i]
			re, err := regexp.Compile(textnorm.String(p.Source))
			if err != nil {
				return rs.fail(p.Line, fmt.Sprintf("lists.%s[%d]", name, i), "bad pattern %q: %v", "パターン %q が不正: %v", p.Source, err)
			}
			if re.MatchString("") {
				return rs.fail(p.Line, fmt.Sprintf("lists.%s[%d]", name, i), "pattern %q matches empty text", "パターン %q は空の文字列に一致する", p.Source)
			}
			p.re = re
		}
	}
	seen := map[string]bool{}
	for i := range rs.Rules {
		r := &rs.Rules[i]
		field := fmt.Sprintf("rules[%d]", i)
		if r.ID == "" {
			return rs.fail(r.Line, field+".id", "missing", "未記入")
		}
		if seen[r.ID] {
			return rs.fail(r.Line, field+".id", "duplicate rule %q", "規則 %q が重複している", r.ID)
		}
		seen[r.ID] = true
		if r.Weight == 0 {
			return rs.fail(r.Line, field+".weight", "missing or zero", "未記入又は0")
		}
		if r.Weight > 0 || r.Kind != "" {
			if _, ok := rs.Kinds[r.Kind]; !ok {
				return rs.fail(r.Line, field+".kind", "unknown kind %q (kinds: %s)", "未知の種類 %q（種類: %s）", r.Kind, strings.Join(rs.kindNames(), ", "))
			}
		}
		if len(r.All) == 0 {
			return rs.fail(r.Line, field+".all", "a rule needs at least one list", "規則には一つ以上のリストが必要")
		}
		if r.About.EN == "" || r.About.JA == "" {
			return rs.fail(r.Line, field+".about", "explain the rule in English and Japanese", "規則の説明を英語と日本語で書くこと")
		}
		for _, l := range slices.Concat(r.All, r.Unless) {
			if _, ok := rs.Lists[l]; !ok {
				return rs.fail(r.Line, field, "unknown list %q", "未知のリスト %q", l)
			}
		}
	}
	return nil
}

func (rs *Rules) kindNames() []string {
	var ks []string
	for k := range rs.Kinds {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
