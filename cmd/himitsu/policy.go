package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/clue"
	"github.com/himitsu-oss/himitsu/internal/policytext"
)

const policyAboutJA = `事業者の文書（プライバシーポリシー、約款、同意画面等）をデータベースなしで検査する。
文書（テキスト、Markdown、HTML、テキスト層のあるPDF）ごとに、
節ごとの読みやすさ（一文の長さ、漢字の割合、長いカタカナ語、法律用語、入れ子の条件）、
冒頭の要約の有無、通信の秘密への最初の言及の位置（何ページ中何ページ目か）、漏えいの
責任を否定する条項（5(1)v）、包括的な同意・権利の放棄（5(1)iv）、任意の利用を利用の
条件とする条項（5(1)iii）を、根拠の文言とともに示す。.jsonl のファイル（1行に id、text、
任意で lang）は一節ずつ判定し、--format json では一節ごとに id と各ラベルを含む
JSONオブジェクトを出力する。--labels と --lexicon で独自の規則・語彙のファイルを使える。`

func runPolicy(_ context.Context, e *env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fs := newFlagSet(e, "policy", "check [flags] FILE...", "Check a carrier's policy documents or passages from their text, without a database.", "himitsu policy check privacy-policy.md")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		return usagef("expected a subcommand: check")
	}
	if args[0] != "check" {
		return usagef("unknown subcommand %q: expected check", args[0])
	}
	return runPolicyCheck(e, args[1:])
}

func runPolicyCheck(e *env, args []string) error {
	fs := newFlagSet(e, "policy check", "[--format text|json] [--lang ja|en] FILE...",
		`Check policy documents from their text, for a lawyer drafting a policy.
A document (plain text, Markdown .md, HTML .html, or a PDF with a text
layer; a scanned or encrypted PDF is refused) gets readability per section
(sentence length, share of kanji, long katakana words, legal jargon from the
lexicon, nested conditions), whether it opens with a short summary, on which
page of how many the secrecy of communications is first mentioned, and every
passage that disclaims responsibility for leaks (guideline 5(1)v), asks for
a blanket consent or a waiver of the secrecy (5(1)iv) or makes an optional
use a condition of the service (5(1)iii), quoted with the rule that found it.
A .jsonl file holds passages ("id", "text", optional "lang"), judged one by
one; --format json writes one object per passage with its id and labels
(one object per document for documents). --labels and --lexicon take rule
and lexicon files of one's own.`,
		"himitsu policy check terms.md privacy.html --lang ja")
	format := fs.String("format", "text", "output format: text or json")
	lang := fs.String("lang", langDefault(e), "language of the report: ja or en (env HIMITSU_LANG)")
	labelsFile := fs.String("labels", "", "a label rule file of your own instead of the embedded one (same format as 'himitsu complaint rules')")
	lexiconFile := fs.String("lexicon", "", "a readability lexicon of your own (jargon, condition words, limits) instead of the embedded one")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("expected one or more files")
	}
	if *format != "text" && *format != "json" {
		return usagef("--format must be text or json, got %q", *format)
	}
	if *lang != "ja" && *lang != "en" {
		return usagef("--lang must be ja or en, got %q", *lang)
	}
	c := policytext.NewChecker()
	if *labelsFile != "" {
		rs, err := loadRules(*labelsFile)
		if err != nil {
			return err
		}
		c.Labels = rs
	}
	if *lexiconFile != "" {
		data, err := os.ReadFile(*lexiconFile)
		if err != nil {
			return &himitsu.Error{Op: "policy check", Kind: himitsu.KindInvalid, File: *lexiconFile, Msg: "cannot read the lexicon", MsgJA: "語彙ファイルを読めない", Err: err}
		}
		lx, err := policytext.LoadLexicon(*lexiconFile, data)
		if err != nil {
			return err
		}
		c.Lexicon = lx
	}
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			return &himitsu.Error{Op: "policy check", Kind: himitsu.KindInvalid, File: name, Msg: "cannot read the file", MsgJA: "ファイルを読めない", Err: err}
		}
		if ext := strings.ToLower(filepath.Ext(name)); ext == ".jsonl" {
			inputs, err := clue.ReadInputs(name, strings.NewReader(string(data)))
			if err != nil {
				return err
			}
			if err := writePassages(e.stdout, c, inputs, *format, *lang); err != nil {
				return err
			}
			continue
		}
		d, err := policytext.ReadDocument(name, data)
		if err != nil {
			return err
		}
		r := c.Analyse(d)
		if *format == "json" {
			enc := json.NewEncoder(e.stdout)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(r); err != nil {
				return err
			}
			continue
		}
		writePolicyReport(e.stdout, r, *lang)
	}
	return nil
}

type passageJSON struct {
	ID string `json:"id"`
	policytext.PassageVerdict
}

func writePassages(w io.Writer, c *policytext.Checker, inputs []clue.Input, format, lang string) error {
	ja := lang == "ja"
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, in := range inputs {
		v := c.Judge(in.Text, in.Lang)
		if format == "json" {
			if err := enc.Encode(passageJSON{ID: in.ID, PassageVerdict: v}); err != nil {
				return err
			}
			continue
		}
		var flags []string
		add := func(on bool, en, jaText string) {
			if on {
				flags = append(flags, pickLang(ja, en, jaText))
			}
		}
		add(v.Disclaims, "DISCLAIMS RESPONSIBILITY FOR LEAKS (5(1)v)", "漏えいの責任を否定（5(1)v）")
		add(v.BlanketConsent, "BLANKET CONSENT OR WAIVER (5(1)iv)", "包括的な同意・放棄（5(1)iv）")
		add(v.ConditionOfUse, "OPTIONAL USE MADE A CONDITION (5(1)iii)", "任意の利用を条件にしている（5(1)iii）")
		add(!v.Clear, "UNCLEAR (5(1)i)", "分かりにくい（5(1)i）")
		if len(flags) == 0 {
			flags = append(flags, pickLang(ja, "no finding", "所見なし"))
		}
		fmt.Fprintf(w, "%s  %s\n", in.ID, strings.Join(flags, "; "))
		for _, r := range v.Reasons {
			var words []string
			for _, m := range r.Matches {
				words = append(words, fmt.Sprintf("%q", m.Text))
			}
			fmt.Fprintf(w, "    %s %s: %s\n      %s %s\n", pickLang(ja, "rule", "規則"), r.Rule, r.About.In(lang), pickLang(ja, "words:", "語:"), strings.Join(words, ", "))
		}
		for _, p := range v.Readability.Problems {
			fmt.Fprintf(w, "    %s\n", p.About.In(lang))
		}
	}
	return nil
}

func pickLang(ja bool, en, jaText string) string {
	if ja {
		return jaText
	}
	return en
}

func writePolicyReport(w io.Writer, r policytext.Report, lang string) {
	ja := lang == "ja"
	unit := r.Unit
	if ja {
		unit = map[string]string{"chars": "文字", "words": "語"}[r.Unit]
	}
	fmt.Fprintf(w, "%s\n", r.Name)
	fmt.Fprintf(w, "  %s\n", pickLang(ja,
		fmt.Sprintf("language %s, about %d pages (%d %s), %d sections", r.Lang, r.Pages, r.Length, unit, len(r.Sections)),
		fmt.Sprintf("言語 %s、約%dページ（%d%s）、%d節", r.Lang, r.Pages, r.Length, unit, len(r.Sections))))
	fmt.Fprintf(w, "  %s %s\n", pickLang(ja, "short summary up front:", "冒頭の要約:"), pickLang(ja, map[bool]string{true: "yes", false: "no"}[r.LayeredSummary], map[bool]string{true: "あり", false: "なし"}[r.LayeredSummary]))
	if s := r.Secrecy; s != nil {
		fmt.Fprintf(w, "  %s\n    %q\n", pickLang(ja,
			fmt.Sprintf("secrecy of communications first mentioned on page %d of %d", s.Page, s.Pages),
			fmt.Sprintf("通信の秘密への最初の言及: %dページ中%dページ目", s.Pages, s.Page)), s.Quote)
	} else {
		fmt.Fprintf(w, "  %s\n", pickLang(ja, "secrecy of communications: not mentioned", "通信の秘密: 言及なし"))
	}
	fmt.Fprintf(w, "  %s\n", pickLang(ja, "sections:", "節:"))
	for _, s := range r.Sections {
		rd := s.Readability
		state := pickLang(ja, "clear", "明瞭")
		if !rd.Clear {
			state = pickLang(ja, "UNCLEAR", "分かりにくい")
		}
		heading := s.Heading
		if heading == "" {
			heading = pickLang(ja, "(opening)", "（冒頭）")
		}
		measures := pickLang(ja,
			fmt.Sprintf("average sentence %.0f %s, longest %d, conditions %d", rd.AverageSentence, unit, rd.LongestSentence, rd.MaxConditions),
			fmt.Sprintf("一文の平均%.0f%s、最長%d、条件%d", rd.AverageSentence, unit, rd.LongestSentence, rd.MaxConditions))
		if rd.Lang == "ja" {
			measures += pickLang(ja, fmt.Sprintf(", kanji %.0f%%", 100*rd.KanjiShare), fmt.Sprintf("、漢字%.0f%%", 100*rd.KanjiShare))
		}
		if len(rd.LongKatakana) > 0 {
			measures += pickLang(ja, ", long katakana: ", "、長いカタカナ語: ") + strings.Join(rd.LongKatakana, " ")
		}
		fmt.Fprintf(w, "    p.%d  %s  %s  (%s)\n", s.Page, heading, state, measures)
	}
	if len(r.Findings) == 0 {
		fmt.Fprintf(w, "  %s\n\n", pickLang(ja, "no findings", "所見なし"))
		return
	}
	fmt.Fprintf(w, "  %s\n", pickLang(ja, "findings:", "所見:"))
	for _, f := range r.Findings {
		where := ""
		if f.Page > 0 {
			where = fmt.Sprintf(" p.%d", f.Page)
		}
		if f.Section != "" {
			where += " " + f.Section
		}
		fmt.Fprintf(w, "    [%s] %s%s: %s\n", f.Item, f.Label, where, f.About.In(lang))
		if f.Quote != "" {
			fmt.Fprintf(w, "      %q\n", f.Quote)
		}
		if len(f.Rules) > 0 {
			fmt.Fprintf(w, "      %s %s\n", pickLang(ja, "rule:", "規則:"), strings.Join(f.Rules, ", "))
		}
	}
	fmt.Fprintln(w)
}
