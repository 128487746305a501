package policytext

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu/internal/clue"
	"github.com/himitsu-oss/himitsu/internal/textnorm"
)

// Finding is one thing in a document that a lawyer should look at, with
// the guideline item it bears on and the passage or measure behind it.
type Finding struct {
	Item    string    `json:"item"`
	Label   string    `json:"label"`
	Section string    `json:"section,omitempty"`
	Page    int       `json:"page,omitempty"`
	About   clue.Text `json:"about"`
	Quote   string    `json:"quote,omitempty"`
	Rules   []string  `json:"rules,omitempty"`
}

// SectionReport is the readability of one section and where it starts.
type SectionReport struct {
	Heading     string      `json:"heading,omitempty"`
	Page        int         `json:"page"`
	Readability Readability `json:"readability"`
}

// Position says where something first stands in a document.
type Position struct {
	Page  int     `json:"page"`
	Pages int     `json:"pages"`
	Share float64 `json:"share"`
	Quote string  `json:"quote"`
}

// Report is the analysis of one document.
type Report struct {
	Name           string          `json:"name"`
	Lang           string          `json:"lang"`
	Length         int             `json:"length"`
	Unit           string          `json:"unit"`
	Pages          int             `json:"pages"`
	LayeredSummary bool            `json:"layered_summary"`
	Secrecy        *Position       `json:"secrecy,omitempty"`
	Sections       []SectionReport `json:"sections"`
	Findings       []Finding       `json:"findings"`
}

var (
	secrecyRE = regexp.MustCompile(textnorm.String(`通信の秘密|通信の秘匿|secrecy of (your )?communications|confidentiality of (your )?communications`))
	summaryRE = regexp.MustCompile(textnorm.String(`要約|概要|ポイント|まとめ|summary|at a glance|in short|key points`))
)

// Analyse measures a document: readability per section, whether it opens
// with a layered summary, where the statements about the secrecy of
// communications first stand, and every paragraph that disclaims
// responsibility for leaks, asks for a blanket consent or waiver, or makes
// an optional use a condition of the service.
func (c *Checker) Analyse(d *Document) Report {
	lim := c.Lexicon.Limits
	unitsOf := chars
	perPage := lim.CharsPerPageJA
	r := Report{Name: d.Name, Lang: d.Lang, Unit: "chars"}
	if d.Lang == "en" {
		unitsOf, perPage, r.Unit = words, lim.WordsPerPageEN, "words"
	}
	// units[i] is the length in units of the text before byte i, built
	// once so that pages are found without counting the prefix again.
	unitsBefore := prefixUnits(d.Text, d.Lang == "en")
	r.Length = unitsOf(d.Text)
	r.Pages = max(1, (r.Length+perPage-1)/perPage)
	page := func(offset int) int { return min(r.Pages, unitsBefore(offset)/perPage+1) }
	if len(d.PageStarts) > 0 {
		// A PDF says where its pages begin: count those, not estimates.
		r.Pages = len(d.PageStarts)
		page = func(offset int) int {
			n, _ := slices.BinarySearch(d.PageStarts, offset+1)
			return max(1, n)
		}
	}

	say := func(en, jaText string) clue.Text { return clue.Text{EN: en, JA: jaText} }

	// A layered summary: a heading or the opening tenth of the text that
	// presents itself as a summary.
	opening := d.Text[:openingCut(d.Text)]
	if summaryRE.MatchString(textnorm.String(opening)) {
		r.LayeredSummary = true
	} else if r.Pages >= 3 {
		r.Findings = append(r.Findings, Finding{Item: "5(1)i", Label: "no-layered-summary", Page: 1,
			About: say(fmt.Sprintf("a document of %d pages that does not open with a short summary of the key points", r.Pages),
				fmt.Sprintf("%dページの文書だが、冒頭に要点の短い要約がない", r.Pages))})
	}

	f := textnorm.Fold(d.Text)
	if loc := secrecyRE.FindStringIndex(f.Text); loc != nil {
		off := f.OriginalOffset(loc[0])
		p := page(off)
		r.Secrecy = &Position{Page: p, Pages: r.Pages, Share: float64(unitsBefore(off)) / float64(max(1, r.Length)), Quote: clip(sentenceAt(d.Text, off))}
		if r.Secrecy.Share > lim.SecrecyAfterShare && r.Pages > 1 {
			r.Findings = append(r.Findings, Finding{Item: "5(1)i", Label: "secrecy-late", Page: p, Quote: r.Secrecy.Quote,
				About: say(fmt.Sprintf("the secrecy of communications is first mentioned on page %d of %d", p, r.Pages),
					fmt.Sprintf("通信の秘密への最初の言及が%dページ中%dページ目にある", r.Pages, p))})
		}
	} else {
		r.Findings = append(r.Findings, Finding{Item: "5(1)i", Label: "secrecy-absent",
			About: say("the document never mentions the secrecy of communications", "文書に通信の秘密への言及がない")})
	}

	for _, s := range d.Sections {
		p := page(s.Offset)
		rd := c.Lexicon.Measure(s.Text, d.Lang)
		r.Sections = append(r.Sections, SectionReport{Heading: s.Heading, Page: p, Readability: rd})
		for _, pr := range rd.Problems {
			r.Findings = append(r.Findings, Finding{Item: "5(1)i", Label: "unclear:" + pr.Measure, Section: s.Heading, Page: p, About: pr.About, Quote: pr.Quote})
		}
		for _, para := range paragraphs(s.Text) {
			v := c.Labels.Screen(para.text)
			for _, k := range v.Kinds {
				var rules []string
				for _, rs := range v.Reasons {
					if rs.Kind == k {
						rules = append(rules, rs.Rule)
					}
				}
				item := map[string]string{LabelDisclaims: "5(1)v", LabelBlanket: "5(1)iv", LabelCondition: "5(1)iii"}[k]
				t := c.Labels.Kinds[k]
				r.Findings = append(r.Findings, Finding{Item: item, Label: k, Section: s.Heading, Page: page(s.Offset + para.offset),
					About: t, Quote: clip(para.text), Rules: rules})
			}
		}
	}
	return r
}

// openingCut returns the end of the opening tenth of the text (at least
// 400 bytes), on a rune boundary.
func openingCut(s string) int {
	n := max(len(s)/10, 400)
	if n >= len(s) {
		return len(s)
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return n
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// prefixUnits returns a function giving the number of units (non-space
// characters, or words) before a byte offset of s.
func prefixUnits(s string, byWords bool) func(int) int {
	counts := make([]int32, len(s)+1)
	n := 0
	inWord := false
	for i, r := range s {
		space := r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '　'
		if byWords {
			if !space && !inWord {
				n++
			}
			inWord = !space
		} else if !space {
			n++
		}
		end := i + len(string(r))
		for k := i + 1; k <= end && k <= len(s); k++ {
			counts[k] = int32(n)
		}
	}
	return func(off int) int {
		if off < 0 {
			return 0
		}
		if off > len(s) {
			off = len(s)
		}
		return int(counts[off])
	}
}

// sentenceAt returns the line around byte offset off.
func sentenceAt(s string, off int) string {
	start := strings.LastIndexByte(s[:off], '\n') + 1
	end := strings.IndexByte(s[off:], '\n')
	if end < 0 {
		end = len(s)
	} else {
		end += off
	}
	return strings.TrimSpace(s[start:end])
}

type paragraph struct {
	text   string
	offset int
}

// paragraphs splits a section's text into its lines (a clause, a list
// item), the unit a label quotes.
func paragraphs(s string) []paragraph {
	var out []paragraph
	off := 0
	for _, line := range strings.SplitAfter(s, "\n") {
		if t := strings.TrimSpace(line); t != "" {
			out = append(out, paragraph{text: t, offset: off})
		}
		off += len(line)
	}
	return out
}
