// Package policytext reads a carrier's policies as text: how readable each
// section is (guideline 5(1)i), where the statements about the secrecy of
// communications stand, and which passages disclaim responsibility for
// leaks (5(1)v), ask for a blanket consent or a waiver of the secrecy
// (5(1)iv) or make an optional use a condition of the service (5(1)iii).
// Every measure and label says what made it, so a lawyer can check it.
//
// Readability is measured with character classes and word lists only (no
// morphological analyser): on the labelled passages this separates clear
// from unclear text as well as the limits allow (see docs/screening.md).
package policytext

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	himitsu "github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/clue"
	"github.com/himitsu-oss/himitsu/internal/textnorm"
)

//go:embed lexicon.yaml
var lexiconData []byte

// Term is a piece of legal jargon and a plain alternative.
type Term struct {
	Term  string `yaml:"term" json:"term"`
	Plain string `yaml:"plain" json:"plain"`
}

// LangLimits are the limits of one language past which text is unclear.
type LangLimits struct {
	SentenceChars         int     `yaml:"sentence_chars"`
	AverageChars          int     `yaml:"average_chars"`
	SentenceWords         int     `yaml:"sentence_words"`
	AverageWords          int     `yaml:"average_words"`
	KanjiShare            float64 `yaml:"kanji_share"`
	ConditionsPerSentence int     `yaml:"conditions_per_sentence"`
	JargonPer1000         float64 `yaml:"jargon_per_1000"`
}

// Limits are the readability limits and the page model.
type Limits struct {
	JA                LangLimits `yaml:"ja"`
	EN                LangLimits `yaml:"en"`
	KatakanaRun       int        `yaml:"katakana_run"`
	SecrecyAfterShare float64    `yaml:"secrecy_after_share"`
	CharsPerPageJA    int        `yaml:"chars_per_page_ja"`
	WordsPerPageEN    int        `yaml:"words_per_page_en"`
}

// Lexicon is the data of the readability measures.
type Lexicon struct {
	Version    string              `yaml:"version"`
	Jargon     map[string][]Term   `yaml:"jargon"`
	Conditions map[string][]string `yaml:"conditions"`
	Limits     Limits              `yaml:"limits"`
	condRE     map[string]*regexp.Regexp
}

// DefaultLexicon returns the embedded lexicon.
func DefaultLexicon() *Lexicon {
	lx, err := LoadLexicon("lexicon.yaml", lexiconData)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return lx
}

// LoadLexicon parses and checks a lexicon file.
func LoadLexicon(file string, data []byte) (lx *Lexicon, err error) {
	fail := func(field, en, ja string, args ...any) error {
		return &himitsu.Error{Op: "policytext.LoadLexicon", Kind: himitsu.KindInvalid, File: file, Line: 1, Field: field,
			Msg: fmt.Sprintf(en, args...), MsgJA: fmt.Sprintf(ja, args...)}
	}
	lx = &Lexicon{}
	if err := clue.DecodeYAML(data, lx); err != nil {
		return nil, fail("", "not a valid lexicon: %v", "語彙ファイルとして読めない: %v", err)
	}
	if lx.Version == "" {
		return nil, fail("version", "missing", "未記入")
	}
	l := lx.Limits
	if l.JA.SentenceChars <= 0 || l.JA.AverageChars <= 0 || l.EN.SentenceWords <= 0 || l.EN.AverageWords <= 0 ||
		l.KatakanaRun <= 0 || l.CharsPerPageJA <= 0 || l.WordsPerPageEN <= 0 || l.SecrecyAfterShare <= 0 {
		return nil, fail("limits", "every limit must be positive", "基準はすべて正の数であること")
	}
	lx.condRE = map[string]*regexp.Regexp{}
	for lang, words := range lx.Conditions {
		var alts []string
		for _, w := range words {
			q := regexp.QuoteMeta(textnorm.String(w))
			if lang == "en" {
				q = `\b` + q + `\b`
			}
			alts = append(alts, q)
		}
		lx.condRE[lang] = regexp.MustCompile(strings.Join(alts, "|"))
	}
	return lx, nil
}

// JargonUse is a jargon term found in a text and how often.
type JargonUse struct {
	Term
	Count int `json:"count"`
}

// Problem is one measure past its limit.
type Problem struct {
	Measure string    `json:"measure"`
	Value   float64   `json:"value"`
	Limit   float64   `json:"limit"`
	About   clue.Text `json:"about"`
	Quote   string    `json:"quote,omitempty"`
}

// Readability is the measure of one text. Lengths are in characters for
// Japanese and in words for English (Unit says which).
type Readability struct {
	Lang            string      `json:"lang"`
	Unit            string      `json:"unit"`
	Length          int         `json:"length"`
	Sentences       int         `json:"sentences"`
	AverageSentence float64     `json:"average_sentence"`
	LongestSentence int         `json:"longest_sentence"`
	KanjiShare      float64     `json:"kanji_share,omitempty"`
	LongKatakana    []string    `json:"long_katakana,omitempty"`
	Jargon          []JargonUse `json:"jargon,omitempty"`
	MaxConditions   int         `json:"max_conditions"`
	Clear           bool        `json:"clear"`
	Problems        []Problem   `json:"problems,omitempty"`
}

// Lang returns "ja" when the text has kana or kanji, else "en".
func Lang(text string) string {
	if textnorm.IsJapanese(text) {
		return "ja"
	}
	return "en"
}

// Sentences splits text into sentences: at 。！？ and line ends for
// Japanese, at . ! ? followed by a space or the end for English.
func Sentences(text, lang string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if s := strings.TrimSpace(b.String()); s != "" {
			out = append(out, s)
		}
		b.Reset()
	}
	rs := []rune(text)
	depth := 0 // a 。 inside brackets (a defined term, an aside) ends no sentence
	for i, r := range rs {
		if r == '\n' {
			flush()
			depth = 0
			continue
		}
		b.WriteRune(r)
		switch r {
		case '（', '「', '『', '(':
			depth++
		case '）', '」', '』', ')':
			if depth > 0 {
				depth--
			}
		}
		switch {
		case depth > 0:
		case r == '。' || r == '！' || r == '？':
			flush()
		case lang == "en" && (r == '.' || r == '!' || r == '?') && (i+1 == len(rs) || unicode.IsSpace(rs[i+1])):
			flush()
		}
	}
	flush()
	return out
}

func words(s string) int { return len(strings.Fields(s)) }

func chars(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// Measure measures one text in lang ("ja" or "en"; empty: guessed).
func (lx *Lexicon) Measure(text, lang string) Readability {
	if lang == "" {
		lang = Lang(text)
	}
	rd := Readability{Lang: lang, Unit: "chars"}
	length := chars
	lim := lx.Limits.JA
	maxSentence, maxAverage := lim.SentenceChars, lim.AverageChars
	if lang == "en" {
		rd.Unit, length, lim = "words", words, lx.Limits.EN
		maxSentence, maxAverage = lim.SentenceWords, lim.AverageWords
	}
	sents := Sentences(text, lang)
	rd.Sentences = len(sents)
	longest := ""
	worstCond, worstCondSentence := 0, ""
	for _, s := range sents {
		n := length(s)
		rd.Length += n
		if n > rd.LongestSentence {
			rd.LongestSentence, longest = n, s
		}
		if re := lx.condRE[lang]; re != nil {
			if c := len(re.FindAllStringIndex(textnorm.String(s), -1)); c > worstCond {
				worstCond, worstCondSentence = c, s
			}
		}
	}
	rd.MaxConditions = worstCond
	if rd.Sentences > 0 {
		rd.AverageSentence = float64(rd.Length) / float64(rd.Sentences)
	}
	if lang == "ja" {
		han, letters := 0, 0
		run := []rune{}
		endRun := func() {
			if len(run) >= lx.Limits.KatakanaRun {
				rd.LongKatakana = append(rd.LongKatakana, string(run))
			}
			run = run[:0]
		}
		for _, r := range text {
			if unicode.IsLetter(r) {
				letters++
			}
			if unicode.Is(unicode.Han, r) {
				han++
			}
			if unicode.Is(unicode.Katakana, r) || r == 'ー' {
				run = append(run, r)
			} else {
				endRun()
			}
		}
		endRun()
		if letters > 0 {
			rd.KanjiShare = float64(han) / float64(letters)
		}
	}
	folded := textnorm.String(text)
	jargonCount := 0
	for _, t := range lx.Jargon[lang] {
		if c := strings.Count(folded, textnorm.String(t.Term)); c > 0 {
			rd.Jargon = append(rd.Jargon, JargonUse{Term: t, Count: c})
			jargonCount += c
		}
	}
	unit := map[bool]string{true: "文字", false: "語"}[lang == "ja"]
	add := func(measure string, value, limit float64, en, ja, quote string) {
		rd.Problems = append(rd.Problems, Problem{Measure: measure, Value: value, Limit: limit, About: clue.Text{EN: en, JA: ja}, Quote: quote})
	}
	if rd.LongestSentence > maxSentence {
		add("longest_sentence", float64(rd.LongestSentence), float64(maxSentence),
			fmt.Sprintf("a sentence of %d %s (limit %d)", rd.LongestSentence, rd.Unit, maxSentence),
			fmt.Sprintf("一文が%d%s（基準%d）", rd.LongestSentence, unit, maxSentence), clip(longest))
	}
	if rd.AverageSentence > float64(maxAverage) {
		add("average_sentence", rd.AverageSentence, float64(maxAverage),
			fmt.Sprintf("sentences of %.0f %s on average (limit %d)", rd.AverageSentence, rd.Unit, maxAverage),
			fmt.Sprintf("一文の平均が%.0f%s（基準%d）", rd.AverageSentence, unit, maxAverage), "")
	}
	if lang == "ja" && lim.KanjiShare > 0 && rd.KanjiShare > lim.KanjiShare && rd.Length >= 80 {
		add("kanji_share", rd.KanjiShare, lim.KanjiShare,
			fmt.Sprintf("%.0f%% of the letters are kanji (limit %.0f%%)", 100*rd.KanjiShare, 100*lim.KanjiShare),
			fmt.Sprintf("漢字の割合が%.0f%%（基準%.0f%%）", 100*rd.KanjiShare, 100*lim.KanjiShare), "")
	}
	if lim.ConditionsPerSentence > 0 && worstCond > lim.ConditionsPerSentence {
		add("conditions", float64(worstCond), float64(lim.ConditionsPerSentence),
			fmt.Sprintf("a sentence with %d nested conditions or exceptions (limit %d)", worstCond, lim.ConditionsPerSentence),
			fmt.Sprintf("一文に条件・例外が%d個入れ子になっている（基準%d）", worstCond, lim.ConditionsPerSentence), clip(worstCondSentence))
	}
	if rd.Length > 0 && lim.JargonPer1000 > 0 {
		per := 1000 * float64(jargonCount) / float64(rd.Length)
		if per > lim.JargonPer1000 && jargonCount >= 2 {
			var ts []string
			for _, j := range rd.Jargon {
				ts = append(ts, j.Term.Term+"→"+j.Plain)
			}
			add("jargon", per, lim.JargonPer1000,
				fmt.Sprintf("%.1f legal terms per 1000 %s (limit %.0f): %s", per, rd.Unit, lim.JargonPer1000, strings.Join(ts, ", ")),
				fmt.Sprintf("法律用語が1000%sあたり%.1f個（基準%.0f）: %s", unit, per, lim.JargonPer1000, strings.Join(ts, "、")), "")
		}
	}
	rd.Clear = len(rd.Problems) == 0
	return rd
}

// clip shortens a quote to about 120 characters.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 120 {
		return s
	}
	return string([]rune(s)[:120]) + "…"
}
