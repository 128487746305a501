package catalog

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode"

	"github.com/goccy/go-yaml"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/oscal"
	"github.com/himitsu-oss/himitsu/internal/outfile"
	"github.com/himitsu-oss/himitsu/internal/textwidth"
)

// lineWidth is the terminal width text output is laid out for.
const lineWidth = 100

const usageText = `Usage: himitsu catalog COMMAND [flags] [arguments]

Browse and export the guideline catalog (MIC Enforcement Guidelines for
business improvement orders, TBA Art. 29(1)(i)) embedded in this binary.

本体に組み込んだ発動指針（電気通信事業法第29条第1項第1号）のカタログを
一覧・表示・出力し、カタログのファイルを検査する。表示の言語は --lang で選び、
既定は HIMITSU_LANG（なければロケール）に従う。

Commands:
  list      list items, grouped by category / 項目を分野ごとに一覧する
  show ID   show one item in full; ID is a guideline number or a code / 一項目を詳しく表示する
  export    export the whole catalog (OSCAL 1.1.2 catalog, JSON or YAML) / カタログ全体を出力する
  validate  check a catalog file against the schema and the semantic rules / カタログのファイルを検査する

Example:
  himitsu catalog list --kind assumed-case --lang ja
  himitsu catalog show '5(3)(iv)iii'
  himitsu catalog show TECH-STALE-ACCESS --format json
  himitsu catalog export --format oscal -o himitsu-catalog.oscal.json

Run "himitsu catalog COMMAND -h" for the flags of a command.
`

// UsageError is an error in how the catalog command was called (an
// unknown command or flag, a wrong number of arguments, a value outside
// its choices), with its message in English and Japanese. The himitsu
// command turns it into its usage exit status, like every other command.
type UsageError struct{ Msg, MsgJA string }

func (e *UsageError) Error() string { return e.Msg }

func usage(en, ja string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(en, args...), MsgJA: fmt.Sprintf(ja, args...)}
}

// Run implements "himitsu catalog": args[0] is the command (list, show,
// export, validate), the rest its flags and arguments. lang ("ja" or "en")
// is the default of --lang, the language the other commands would use.
// Output goes to stdout, usage to stderr (to stdout when asked for with
// help). Errors in how it was called are *UsageError; others are
// *himitsu.Error or the catalog's validation errors. Output is
// deterministic: the same catalog and arguments give the same bytes.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, lang string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if lang != "ja" {
		lang = "en"
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return usage("missing command (list, show, export or validate)", "コマンドがない（list、show、export 又は validate）")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usageText)
		return nil
	case "validate":
		return runValidate(rest, stdout, stderr)
	}
	c, err := Default()
	if err != nil {
		return err
	}
	switch cmd {
	case "list":
		return runList(c, rest, stdout, stderr, lang)
	case "show":
		return runShow(c, rest, stdout, stderr, lang)
	case "export":
		return runExport(c, rest, stdout, stderr)
	default:
		return usage("unknown command %q (want list, show, export or validate)", "不明なコマンド「%s」（list、show、export 又は validate）", cmd)
	}
}

// newFlagSet returns a flag set whose usage text has the shape of the
// other commands': a usage line, what it does in English and Japanese,
// the flags and an example.
func newFlagSet(name, synopsis, about, aboutJA, example string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("catalog "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: himitsu catalog %s %s\n\n%s\n\n%s\n", name, synopsis, about, aboutJA)
		var hasFlags bool
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprint(out, "\nFlags:\n")
			fs.PrintDefaults()
		}
		fmt.Fprintf(out, "\nExample:\n  %s\n", example)
	}
	return fs
}

// parseInterspersed parses flags that may come before or after positional
// arguments ("show 5(1)i --format json"), which flag.Parse alone does not
// allow.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func checkChoice(flagName, got string, allowed ...string) error {
	if !slices.Contains(allowed, got) {
		return usage("--%s must be one of %s, got %q", "--%s は %s のいずれかとする（指定は「%s」）", flagName, strings.Join(allowed, ", "), got)
	}
	return nil
}

// flagErr turns -h into a successful run (the usage has been printed) and
// any other flag error into a usage error.
func flagErr(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return usage("%s", "%s", err.Error())
}

// output writes what render produces to the file of -o, or to stdout.
func output(stdout io.Writer, file string, render func(io.Writer) error) error {
	if file == "" {
		return render(stdout)
	}
	if err := outfile.Write(file, render); err != nil {
		return &himitsu.Error{Kind: himitsu.KindInvalid, File: file,
			Msg: "cannot write: " + err.Error(), MsgJA: "書き込めない：" + err.Error(), Err: err}
	}
	return nil
}

// ---------------------------------------------------------------- list

func runList(c *Catalog, args []string, stdout, stderr io.Writer, defLang string) error {
	fs := newFlagSet("list", "[--kind K] [--lang ja|en] [--format text|json|yaml] [-o FILE]",
		"List the catalog's items, grouped by category.",
		"カタログの項目を分野ごとに一覧する。",
		"himitsu catalog list --kind assumed-case --lang ja", stderr)
	lang := fs.String("lang", defLang, "language of text output: ja or en (env HIMITSU_LANG)")
	format := fs.String("format", "text", "output format: text, json or yaml")
	kindFlag := fs.String("kind", "all", "items to list: assumed-case, scope, principle, provision or all")
	outFile := fs.String("o", "", "write to `FILE` instead of standard output")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return flagErr(err)
	}
	if len(pos) > 0 {
		return usage("list takes no arguments, got %q", "list に引数は指定できない（指定は %q）", pos)
	}
	if err := errors.Join(
		checkChoice("lang", *lang, "en", "ja"),
		checkChoice("format", *format, "text", "json", "yaml"),
		checkChoice("kind", *kindFlag, "all", KindAssumedCase, KindScope, KindPrinciple, KindProvision),
	); err != nil {
		return err
	}
	items := c.ItemsOfKind(*kindFlag)
	switch *format {
	case "json", "yaml":
		type summary struct {
			ID       string `json:"id"`
			Code     string `json:"code"`
			Kind     string `json:"kind"`
			Category string `json:"category"`
			Section  string `json:"section"`
			Title    Text   `json:"title"`
		}
		out := make([]summary, 0, len(items))
		for _, it := range items {
			out = append(out, summary{it.ID, it.Code, it.Kind, it.Category, it.Section, it.Title})
		}
		return output(stdout, *outFile, func(w io.Writer) error { return writeEncoded(w, *format, out) })
	}
	return output(stdout, *outFile, func(w io.Writer) error { return writeList(w, c, items, *lang) })
}

func writeList(w io.Writer, c *Catalog, items []Item, lang string) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n%s %s (%s)\n", c.Title.In(lang), label(lang, "version"), c.Version, c.Published)
	for _, cat := range c.Categories {
		var group []Item
		for _, it := range items {
			if it.Category == cat.ID {
				group = append(group, it)
			}
		}
		if len(group) == 0 {
			continue
		}
		idW, codeW := 0, 0
		for _, it := range group {
			idW = max(idW, textwidth.Width(it.ID))
			codeW = max(codeW, textwidth.Width(it.Code))
		}
		fmt.Fprintf(&b, "\n[%s] %s\n", cat.Section, cat.Title.In(lang))
		for _, it := range group {
			line := "  " + textwidth.PadRight(it.ID, idW) + "  " + textwidth.PadRight(it.Code, codeW) + "  "
			line += textwidth.Truncate(it.Title.In(lang), lineWidth-textwidth.Width(line))
			b.WriteString(strings.TrimRight(line, " ") + "\n")
		}
	}
	if lang == "ja" {
		fmt.Fprintf(&b, "\n%d 項目\n", len(items))
	} else {
		fmt.Fprintf(&b, "\n%d items\n", len(items))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// ---------------------------------------------------------------- show

func runShow(c *Catalog, args []string, stdout, stderr io.Writer, defLang string) error {
	fs := newFlagSet("show", "ID [--lang ja|en] [--format text|json|yaml] [-o FILE]",
		"Show one item in full. ID is a guideline number such as 5(3)(iv)iii or a code such as TECH-STALE-ACCESS.",
		"一つの項目を詳しく表示する。ID は 5(3)(iv)iii のような指針の番号、又は TECH-STALE-ACCESS のようなコードである。",
		"himitsu catalog show '5(3)(iv)iii' --lang ja", stderr)
	lang := fs.String("lang", defLang, "language of text output: ja or en (env HIMITSU_LANG)")
	format := fs.String("format", "text", "output format: text, json or yaml (json and yaml carry both languages)")
	outFile := fs.String("o", "", "write to `FILE` instead of standard output")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return flagErr(err)
	}
	if len(pos) != 1 {
		return usage("show takes exactly one item ID or code, got %d arguments", "show には項目の ID 又はコードを一つだけ指定する（指定は %d 個）", len(pos))
	}
	if err := errors.Join(
		checkChoice("lang", *lang, "en", "ja"),
		checkChoice("format", *format, "text", "json", "yaml"),
	); err != nil {
		return err
	}
	it, ok := c.lookup(pos[0])
	if !ok {
		e := &himitsu.Error{Kind: himitsu.KindNotFound,
			Msg:   fmt.Sprintf("no item with ID or code %q", pos[0]),
			MsgJA: fmt.Sprintf("ID 又はコードが「%s」の項目はない", pos[0])}
		if s := c.suggest(pos[0]); len(s) > 0 {
			e.Msg += "; did you mean " + strings.Join(s, ", ") + "?"
			e.MsgJA += "。候補：" + strings.Join(s, "、")
		}
		return e
	}
	if *format != "text" {
		return output(stdout, *outFile, func(w io.Writer) error { return writeEncoded(w, *format, it) })
	}
	return output(stdout, *outFile, func(w io.Writer) error { return writeItem(w, c, it, *lang) })
}

// lookup finds an item by ID, code or OSCAL control ID.
func (c *Catalog) lookup(q string) (Item, bool) {
	if it, ok := c.Item(q); ok {
		return it, true
	}
	for _, it := range c.Items {
		if oscal.ID(it.ID) == q {
			return it, true
		}
	}
	return Item{}, false
}

// suggest returns up to three IDs or codes close to q, best first.
func (c *Catalog) suggest(q string) []string {
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			// Parentheses carry the structure of a guideline number:
			// without them 5(3)(iv)iiii and 5(3)(ii)iii look alike.
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '(' || r == ')' {
				return unicode.ToLower(r)
			}
			return -1
		}, s)
	}
	nq := norm(q)
	type cand struct {
		name      string
		dist, lev int // dist counts containment as one edit; lev does not
		pos       int
	}
	var cands []cand
	for i, it := range c.Items {
		best, bestLev := -1, -1
		for _, name := range []string{it.ID, it.Code} {
			n := norm(name)
			d := levenshtein(nq, n)
			if bestLev < 0 || d < bestLev {
				bestLev = d
			}
			// A name containing the query (or the reverse) is close, but
			// only when neither is a small part of the other: "3" is not
			// a near miss for "5(3)(iv)iiii".
			if nq != "" && (strings.Contains(n, nq) && 2*len(nq) >= len(n) || strings.Contains(nq, n) && 2*len(n) >= len(nq)) {
				d = min(d, 1)
			}
			if best < 0 || d < best {
				best = d
			}
		}
		if best <= max(2, len([]rune(nq))/3) {
			cands = append(cands, cand{it.ID + " (" + it.Code + ")", best, bestLev, i})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		if a.lev != b.lev {
			return a.lev - b.lev
		}
		return a.pos - b.pos
	})
	var out []string
	for _, c := range cands[:min(3, len(cands))] {
		out = append(out, c.name)
	}
	return out
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

var labels = map[string][2]string{ // key → {en, ja}
	"version":     {"version", "版"},
	"kind":        {"Kind", "種別"},
	"category":    {"Category", "分野"},
	"section":     {"Section", "節"},
	"weight":      {"Weight", "重み"},
	"statement":   {"Statement", "記述"},
	"citation":    {"Citation", "出典"},
	"legal_basis": {"Legal basis", "法的根拠"},
	"evidence":    {"Evidence registers", "証拠台帳"},
	"signals":     {"Signals", "兆候"},
	"rules":       {"Automated rules", "自動判定ルール"},
	"remediation": {"Remediation", "是正策"},
	"disclaimer": {
		"The project's own wording; not legal advice. See \"himitsu catalog export\" for sources.",
		"本プロジェクト独自の表現であり、法的助言ではない。出典の詳細は export の出力を参照。",
	},
	KindAssumedCase: {"assumed case", "想定事例"},
	KindScope:       {"scope", "対象範囲"},
	KindPrinciple:   {"principle", "原則"},
	KindProvision:   {"provision", "関係法令"},
}

func label(lang, key string) string {
	l, ok := labels[key]
	if !ok {
		return key
	}
	if lang == "ja" {
		return l[1]
	}
	return l[0]
}

func writeItem(w io.Writer, c *Catalog, it Item, lang string) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s  %s\n", it.ID, it.Code)
	b.WriteString(wrap(it.Title.In(lang), "", lineWidth))
	b.WriteString("\n")

	facts := [][2]string{{label(lang, "kind"), label(lang, it.Kind)}}
	cat, _ := c.Category(it.Category)
	facts = append(facts,
		[2]string{label(lang, "category"), fmt.Sprintf("%s [%s] %s", cat.ID, cat.Section, cat.Title.In(lang))},
		[2]string{label(lang, "section"), it.Section})
	if it.Weight > 0 {
		facts = append(facts, [2]string{label(lang, "weight"), fmt.Sprint(it.Weight)})
	}
	keyW := 0
	for _, f := range facts {
		keyW = max(keyW, textwidth.Width(f[0]))
	}
	for _, f := range facts {
		fmt.Fprintf(&b, "%s  %s\n", textwidth.PadRight(f[0]+":", keyW+1), f[1])
	}

	section := func(key string, body string) {
		fmt.Fprintf(&b, "\n%s\n%s", label(lang, key), body)
	}
	section("statement", wrap(it.Statement.In(lang), "  ", lineWidth))
	section("citation", wrap(it.Citation.In(lang), "  ", lineWidth))
	if len(it.LegalBasis) > 0 {
		var lb strings.Builder
		idW := 0
		for _, id := range it.LegalBasis {
			idW = max(idW, textwidth.Width(id))
		}
		for _, id := range it.LegalBasis {
			title := ""
			if p, ok := c.Item(id); ok {
				title = p.Title.In(lang)
			}
			line := "  " + textwidth.PadRight(id, idW) + "  "
			lb.WriteString(strings.TrimRight(line+textwidth.Truncate(title, lineWidth-textwidth.Width(line)), " ") + "\n")
		}
		section("legal_basis", lb.String())
	}
	if len(it.Evidence) > 0 {
		section("evidence", wrap(strings.Join(it.Evidence, ", "), "  ", lineWidth))
	}
	if len(it.Signals) > 0 {
		var sb strings.Builder
		for _, s := range it.Signals {
			w := wrap(s.In(lang), "    ", lineWidth)
			sb.WriteString("  - " + strings.TrimPrefix(w, "    "))
		}
		section("signals", sb.String())
	}
	if len(it.Rules) > 0 {
		section("rules", wrap(strings.Join(it.Rules, ", "), "  ", lineWidth))
	}
	section("remediation", wrap(it.Remediation.In(lang), "  ", lineWidth))
	fmt.Fprintf(&b, "\n%s\n", wrap(label(lang, "disclaimer"), "", lineWidth))
	_, err := w.Write(b.Bytes())
	return err
}

// -------------------------------------------------------------- export

func runExport(c *Catalog, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("export", "[--format oscal|json|yaml] [-o FILE]",
		"Export the whole catalog: an OSCAL 1.1.2 catalog (JSON), or the catalog itself as JSON or YAML.",
		"カタログ全体を出力する（OSCAL 1.1.2 のカタログ（JSON）、又はカタログそのものを JSON か YAML で）。",
		"himitsu catalog export --format oscal -o himitsu-catalog.oscal.json", stderr)
	format := fs.String("format", "oscal", "output format: oscal (OSCAL 1.1.2 catalog JSON), json or yaml")
	outFile := fs.String("o", "", "write to `FILE` instead of standard output")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return flagErr(err)
	}
	if len(pos) > 0 {
		return usage("export takes no arguments, got %q", "export に引数は指定できない（指定は %q）", pos)
	}
	if err := checkChoice("format", *format, "oscal", "json", "yaml"); err != nil {
		return err
	}
	var b bytes.Buffer
	switch *format {
	case "oscal":
		out, err := c.OSCAL()
		if err != nil {
			return err
		}
		b.Write(out)
	default:
		if err := writeEncoded(&b, *format, c); err != nil {
			return err
		}
	}
	return output(stdout, *outFile, func(w io.Writer) error { _, err := w.Write(b.Bytes()); return err })
}

// ------------------------------------------------------------ validate

func runValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", "[FILE]",
		"Check a catalog file (the embedded catalog without FILE) against the schema and the semantic rules.",
		"カタログのファイル（指定がなければ組み込みのカタログ）をスキーマと意味上の規則に照らして検査する。",
		"himitsu catalog validate internal/catalog/data/catalog.yaml", stderr)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return flagErr(err)
	}
	var data []byte
	name := "embedded catalog"
	switch len(pos) {
	case 0:
		data = embeddedCatalog
	case 1:
		name = pos[0]
		if data, err = os.ReadFile(name); err != nil {
			return &himitsu.Error{Kind: himitsu.KindInvalid, File: name,
				Msg: "cannot read: " + err.Error(), MsgJA: "読み込めない：" + err.Error(), Err: err}
		}
	default:
		return usage("validate takes at most one file, got %d", "validate に指定できるファイルは一つまで（指定は %d 個）", len(pos))
	}
	c, err := Parse(data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: ok (version %s, %d items, %d assumed cases)\n",
		name, c.Version, len(c.Items), len(c.AssumedCases()))
	return nil
}

// -------------------------------------------------------------- output

// writeEncoded writes v as indented JSON or as YAML (both with a final
// newline). YAML is produced from the JSON encoding so that both formats
// share field names, order and omissions.
func writeEncoded(w io.Writer, format string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("catalog: encode: %w", err)
	}
	if format == "yaml" {
		if b, err = yaml.JSONToYAML(b); err != nil {
			return fmt.Errorf("catalog: encode yaml: %w", err)
		}
	} else {
		b = append(b, '\n')
	}
	_, err = w.Write(b)
	return err
}

// wrap breaks s into lines of at most width columns, each starting with
// indent, and ends every line with a newline. Words are split at spaces;
// text without spaces (Japanese) is split between characters, keeping
// closing punctuation off the start of a line.
func wrap(s, indent string, width int) string {
	avail := width - textwidth.Width(indent)
	var b strings.Builder
	line, lineW := "", 0
	flush := func() {
		b.WriteString(strings.TrimRight(indent+line, " ") + "\n")
		line, lineW = "", 0
	}
	for _, tok := range tokens(s) {
		tw := textwidth.Width(tok)
		if tok == " " {
			if lineW > 0 && lineW < avail {
				line += " "
				lineW++
			}
			continue
		}
		if lineW+tw > avail && lineW > 0 {
			line = strings.TrimRight(line, " ")
			flush()
		}
		line += tok
		lineW += tw
	}
	if lineW > 0 || b.Len() == 0 {
		flush()
	}
	return b.String()
}

// tokens splits s into words, single spaces, and single wide characters
// (each followed by any closing punctuation that must not start a line).
func tokens(s string) []string {
	var out []string
	var word []rune
	emit := func() {
		if len(word) > 0 {
			out = append(out, string(word))
			word = word[:0]
		}
	}
	for _, r := range strings.Join(strings.Fields(s), " ") {
		switch {
		case r == ' ':
			emit()
			out = append(out, " ")
		case strings.ContainsRune("、。，．）」』】〕・：；？！ー", r) && len(out) > 0 && len(word) == 0 && out[len(out)-1] != " ":
			out[len(out)-1] += string(r)
		case textwidth.RuneWidth(r) == 2:
			emit()
			out = append(out, string(r))
		default:
			word = append(word, r)
		}
	}
	emit()
	return out
}
