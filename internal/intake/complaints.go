package intake

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	himitsu "github.com/himitsu-oss/himitsu"
)

var (
	emailRE = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	// phoneRE finds Japanese phone numbers, domestic or +81, in half or
	// full width, with or without separators.
	phoneRE = regexp.MustCompile(`(\+81[ \-]?|＋８１|\b0|０)[0-9０-９][0-9０-９\-－ 　()（）]{7,14}[0-9０-９]`)
)

// Redact replaces e-mail addresses and phone numbers in what a person
// wrote with placeholders: the text is kept to be screened for leak
// clues, which needs the words, not the numbers.
func Redact(s string) string {
	s = emailRE.ReplaceAllString(s, "[メールアドレス/e-mail]")
	return phoneRE.ReplaceAllStringFunc(s, func(m string) string {
		digits := 0
		for _, r := range m {
			if r >= '0' && r <= '9' || r >= '０' && r <= '９' {
				digits++
			}
		}
		if digits < 10 || digits > 12 {
			return m
		}
		return "[電話番号/phone]"
	})
}

// Options say how received items become complaints.
type Options struct {
	// Pseudonymizer turns the sender's address or the caller's number
	// into a subscriber pseudonym; without it the subscriber is left
	// empty (a raw identifier is never written).
	Pseudonymizer *himitsu.Pseudonymizer
	// Category is the category of e-mail complaints, which arrive
	// without one; the default is "other", for the desk to set.
	Category himitsu.ComplaintCategory
}

// FromMail makes a complaint of an e-mail. Its ID is "mail-" and a digest
// of the Message-ID (or of the message), so that importing the same mail
// twice gives the same complaint.
func FromMail(file string, m Message, opts Options) (himitsu.Complaint, error) {
	key := m.ID
	if key == "" {
		key = m.From + "\n" + m.Date.String() + "\n" + m.Subject + "\n" + m.Text
	}
	sum := sha256.Sum256([]byte(key))
	c := himitsu.Complaint{
		ID:         "mail-" + hex.EncodeToString(sum[:8]),
		ReceivedAt: m.Date,
		Channel:    "email",
		Category:   opts.Category,
		Summary:    clipRunes(Redact(m.Subject), 200),
		Text:       Redact(strings.TrimSpace(m.Subject + "\n\n" + m.Text)),
	}
	if c.Category == "" {
		c.Category = himitsu.ComplaintOther
	}
	if opts.Pseudonymizer != nil && m.From != "" {
		c.Subscriber = opts.Pseudonymizer.Pseudonym(m.From)
	}
	if c.ReceivedAt.IsZero() {
		return c, mailErr(file, m.Line, "Date", "the message has no Date header; the time it was received is required", "Dateヘッダーがない: 受付日時は必須")
	}
	if err := c.Validate(); err != nil {
		return c, located(file, m.Line, err)
	}
	return c, nil
}

func located(file string, line int, err error) error {
	var he *himitsu.Error
	if errors.As(err, &he) {
		cp := *he
		cp.File, cp.Line, cp.Op = file, line, "intake"
		return &cp
	}
	return &himitsu.Error{Op: "intake", Kind: himitsu.KindInvalid, File: file, Line: line, Msg: err.Error()}
}

func clipRunes(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// columnNames lists, for each field of a call-centre export, the column
// names it is known by (English and Japanese exports).
var columnNames = map[string][]string{
	"id":                {"id", "ticket_id", "ticket", "受付番号", "チケット番号"},
	"received_at":       {"received_at", "opened_at", "created_at", "受付日時"},
	"channel":           {"channel", "受付チャネル", "チャネル"},
	"category":          {"category", "agent_category", "分類", "カテゴリ"},
	"outcome":           {"outcome", "resolution", "対応結果", "結果"},
	"text":              {"text", "notes", "description", "内容", "申出内容"},
	"caller":            {"caller", "subscriber", "phone", "電話番号", "契約者"},
	"leak_clue":         {"leak_clue", "escalation_flag", "漏えい端緒"},
	"escalated_at":      {"escalated_at", "エスカレーション日時"},
	"first_response_at": {"first_response_at", "一次回答日時"},
	"closed_at":         {"closed_at", "完了日時"},
}

// categoryWords maps an agent's category, in English or Japanese, to the
// bundle's categories; the first match in this order wins.
var categoryWords = []struct {
	words []string
	cat   himitsu.ComplaintCategory
}{
	{[]string{"leak", "漏えい", "漏洩", "流出"}, himitsu.ComplaintLeakSuspicion},
	{[]string{"secrecy", "通信の秘密"}, himitsu.ComplaintSecrecy},
	{[]string{"privacy", "個人情報", "プライバシー"}, himitsu.ComplaintPrivacy},
	{[]string{"billing", "bill", "charge", "料金", "請求"}, himitsu.ComplaintBilling},
	{[]string{"quality", "coverage", "speed", "品質", "電波", "速度", "つながらない"}, himitsu.ComplaintQuality},
}

func mapCategory(s string) himitsu.ComplaintCategory {
	l := strings.ToLower(strings.TrimSpace(s))
	for _, v := range (himitsu.ComplaintCategory("")).Values() {
		if l == v {
			return himitsu.ComplaintCategory(v)
		}
	}
	for _, cw := range categoryWords {
		for _, w := range cw.words {
			if strings.Contains(l, w) {
				return cw.cat
			}
		}
	}
	return himitsu.ComplaintOther
}

var channelWords = map[string]himitsu.Channel{
	"電話": "phone", "tel": "phone", "call": "phone", "メール": "email", "e-mail": "email", "郵便": "mail", "手紙": "mail",
	"fax": "fax", "ファックス": "fax", "ウェブ": "web", "フォーム": "web", "チャット": "chat", "店頭": "in-person", "来店": "in-person",
	"電話リレー": "text-relay", "relay": "text-relay", "手話": "sign-language", "アプリ": "app",
}

func mapChannel(s string) (himitsu.Channel, bool) {
	l := strings.ToLower(strings.TrimSpace(s))
	if l == "" {
		return "phone", true
	}
	for _, v := range (himitsu.Channel("")).Values() {
		if l == v {
			return himitsu.Channel(v), true
		}
	}
	// Longer words first, so that 電話リレー is not read as 電話.
	best, bestLen := himitsu.Channel(""), 0
	for w, c := range channelWords {
		if strings.Contains(l, w) && len(w) > bestLen {
			best, bestLen = c, len(w)
		}
	}
	return best, bestLen > 0
}

// parseTime reads a time as RFC 3339 or as a local time of Japan
// ("2026-11-02 10:15", "2026/11/02 10:15:00").
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006/01/02 15:04:05", "2006/01/02 15:04", "2006/1/2 15:04"} {
		if t, err := time.ParseInLocation(layout, s, himitsu.Tokyo); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a time: %q", s)
}

// factOf reads a yes/no cell: a yes is Yes, a recognised no is No, and
// anything else (an empty cell above all) is unknown, not no.
func factOf(s string) himitsu.Fact {
	if truthy(s) {
		return himitsu.Yes
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "0", "false", "no", "n", "いいえ", "無", "なし", "×":
		return himitsu.No
	}
	return himitsu.Unknown
}

func truthy(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "y", "はい", "有", "あり", "○":
		return true
	}
	return false
}

// ReadCallCentre reads a call-centre export (CSV with a header; column
// names in English or Japanese, see columnNames) into complaints: the
// agent's category is mapped to the bundle's categories, the outcome
// becomes the resolution, and the agent's escalation flag (or a category
// of leak suspicion) is the person's reading of a leak clue.
func ReadCallCentre(file string, r io.Reader, opts Options) ([]himitsu.Complaint, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, mailErr(file, 1, "", "no header line: %v", "見出し行がない: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		for field, names := range columnNames {
			for _, n := range names {
				if strings.EqualFold(h, n) {
					if _, dup := col[field]; !dup {
						col[field] = i
					}
				}
			}
		}
	}
	for _, need := range []string{"id", "received_at", "text"} {
		if _, ok := col[need]; !ok {
			return nil, mailErr(file, 1, need, "missing column (one of: %s)", "列がない（次のいずれか: %s）", strings.Join(columnNames[need], ", "))
		}
	}
	get := func(rec []string, f string) string {
		if i, ok := col[f]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var out []himitsu.Complaint
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, mailErr(file, line, "", "bad CSV: %v", "CSVが不正: %v", err)
		}
		line, _ := cr.FieldPos(0)
		c := himitsu.Complaint{ID: get(rec, "id"), Category: mapCategory(get(rec, "category")), Resolution: get(rec, "outcome"),
			Text: Redact(get(rec, "text"))}
		c.Summary = clipRunes(c.Text, 80)
		ch, ok := mapChannel(get(rec, "channel"))
		if !ok {
			return nil, mailErr(file, line, "channel", "unknown channel %q", "未知のチャネル %q", get(rec, "channel"))
		}
		c.Channel = ch
		c.LeakClue = factOf(get(rec, "leak_clue"))
		if c.Category == himitsu.ComplaintLeakSuspicion {
			c.LeakClue = himitsu.Yes
		}
		for _, tf := range []struct {
			field string
			dst   *time.Time
		}{{"received_at", &c.ReceivedAt}, {"escalated_at", &c.EscalatedAt}, {"first_response_at", &c.FirstResponseAt}, {"closed_at", &c.ClosedAt}} {
			t, err := parseTime(get(rec, tf.field))
			if err != nil {
				return nil, mailErr(file, line, tf.field, "%v", "日時として読めない: %v", err)
			}
			*tf.dst = t
		}
		if caller := get(rec, "caller"); caller != "" {
			if opts.Pseudonymizer == nil {
				return nil, mailErr(file, line, "caller", "a raw caller identifier needs a pseudonym key (--pseudonym-key) or the column removed", "発信者の生の識別子には仮名化の鍵（--pseudonym-key）が必要。鍵がなければ列を除くこと")
			}
			c.Subscriber = opts.Pseudonymizer.Pseudonym(caller)
		}
		if prev, dup := seen[c.ID]; dup {
			return nil, mailErr(file, line, "id", "duplicate id %q (first on line %d)", "IDが重複（%[2]d行目にもある）: %[1]q", c.ID, prev)
		}
		seen[c.ID] = line
		if err := c.Validate(); err != nil {
			return nil, located(file, line, err)
		}
		out = append(out, c)
	}
	return out, nil
}
