// Package intake turns what reaches a complaint desk outside himitsu
// (e-mail as .eml files or mbox, call-centre exports as CSV) into the
// complaints of a carrier bundle, so that every complaint enters through
// the bundle and its validation. E-mail in Japanese encodings is decoded:
// ISO-2022-JP, Shift_JIS and EUC-JP bodies and MIME encoded-words in
// headers. Phone numbers and e-mail addresses in what people wrote are
// replaced by a placeholder, and senders become keyed pseudonyms, since
// the registers hold subscribers only as pseudonyms.
package intake

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	himitsu "github.com/himitsu-oss/himitsu"
)

// Message is one e-mail as the desk received it, decoded to UTF-8.
type Message struct {
	ID      string // the Message-ID header, without angle brackets
	From    string // the sender's address
	Subject string
	Date    time.Time
	Text    string // the plain-text body
	Line    int    // line of the message in its file (1 for an .eml)
}

// maxMessage bounds one message (attachments are not needed to screen).
const maxMessage = 16 << 20

func mailErr(file string, line int, field, en, ja string, args ...any) error {
	return &himitsu.Error{Op: "intake.ReadMail", Kind: himitsu.KindInvalid, File: file, Line: line, Field: field,
		Msg: fmt.Sprintf(en, args...), MsgJA: fmt.Sprintf(ja, args...)}
}

// ReadMail reads one .eml message or, when the name ends in .mbox or the
// data starts with an mbox "From " line, every message of an mbox file.
func ReadMail(name string, r io.Reader) ([]Message, error) {
	data, err := io.ReadAll(io.LimitReader(r, 1<<30))
	if err != nil {
		return nil, mailErr(name, 0, "", "cannot read: %v", "読めない: %v", err)
	}
	if strings.HasSuffix(strings.ToLower(name), ".mbox") || bytes.HasPrefix(data, []byte("From ")) {
		return readMbox(name, data)
	}
	m, err := parseMessage(name, 1, data)
	if err != nil {
		return nil, err
	}
	return []Message{m}, nil
}

// readMbox splits an mbox file at its "From " lines (mboxrd: a body line
// ">From " is unquoted by one ">").
func readMbox(name string, data []byte) ([]Message, error) {
	var out []Message
	var cur bytes.Buffer
	start, line := 0, 0
	flush := func() error {
		if start == 0 {
			return nil
		}
		m, err := parseMessage(name, start, cur.Bytes())
		if err != nil {
			return err
		}
		out = append(out, m)
		cur.Reset()
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), maxMessage)
	for sc.Scan() {
		line++
		l := sc.Bytes()
		if bytes.HasPrefix(l, []byte("From ")) {
			if err := flush(); err != nil {
				return nil, err
			}
			start = line
			continue
		}
		if start == 0 {
			if len(bytes.TrimSpace(l)) == 0 {
				continue
			}
			return nil, mailErr(name, line, "", "not an mbox file: expected a \"From \" line", "mbox形式ではない: 「From 」の行がない")
		}
		if bytes.HasPrefix(bytes.TrimLeft(l, ">"), []byte("From ")) && l[0] == '>' {
			l = l[1:]
		}
		cur.Write(l)
		cur.WriteString("\r\n")
		if cur.Len() > maxMessage {
			return nil, mailErr(name, start, "", "message larger than 16 MB", "メッセージが16MBを超える")
		}
	}
	if err := sc.Err(); err != nil {
		return nil, mailErr(name, line, "", "cannot read: %v", "読めない: %v", err)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// charset returns the decoder of a MIME charset name, or nil when it is
// unknown.
func charset(name string) encoding.Encoding {
	switch strings.ToLower(strings.Trim(name, `" `)) {
	case "", "us-ascii", "utf-8", "utf8":
		return encoding.Nop
	case "iso-2022-jp", "iso-2022-jp-2", "csiso2022jp":
		return japanese.ISO2022JP
	case "shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "cp932", "ms932":
		return japanese.ShiftJIS
	case "euc-jp", "x-euc-jp":
		return japanese.EUCJP
	case "utf-16":
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	case "iso-8859-1", "latin1":
		return charmap.ISO8859_1
	case "windows-1252", "cp1252":
		return charmap.Windows1252
	}
	return nil
}

func decodeCharset(cs string, b []byte) (string, error) {
	enc := charset(cs)
	if enc == nil {
		return "", fmt.Errorf("unknown charset %q", cs)
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), b)
	if err != nil {
		return "", err
	}
	s := string(out)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s, nil
}

var wordDecoder = &mime.WordDecoder{CharsetReader: func(cs string, input io.Reader) (io.Reader, error) {
	enc := charset(cs)
	if enc == nil {
		return nil, fmt.Errorf("unknown charset %q", cs)
	}
	return transform.NewReader(input, enc.NewDecoder()), nil
}}

// header decodes a header's MIME encoded-words; a header sent raw in
// ISO-2022-JP (old Japanese mailers do this) is decoded too.
func header(h mail.Header, key string) string {
	v := h.Get(key)
	if d, err := wordDecoder.DecodeHeader(v); err == nil {
		v = d
	}
	if strings.Contains(v, "\x1b$B") || strings.Contains(v, "\x1b$@") {
		if d, err := decodeCharset("iso-2022-jp", []byte(v)); err == nil {
			v = d
		}
	}
	return strings.ToValidUTF8(v, "\uFFFD")
}

func parseMessage(name string, line int, data []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return Message{}, mailErr(name, line, "", "not an e-mail message: %v", "メールのメッセージではない: %v", err)
	}
	m := Message{Line: line}
	m.ID = strings.Trim(strings.TrimSpace(msg.Header.Get("Message-Id")), "<>")
	m.Subject = strings.TrimSpace(header(msg.Header, "Subject"))
	if from := header(msg.Header, "From"); from != "" {
		if a, err := mail.ParseAddress(from); err == nil {
			m.From = strings.ToLower(a.Address)
		} else {
			m.From = strings.ToLower(strings.TrimSpace(from))
		}
	}
	if d := msg.Header.Get("Date"); d != "" {
		t, err := mail.ParseDate(d)
		if err != nil {
			return Message{}, mailErr(name, line, "Date", "not a date: %q", "日付ではない: %q", d)
		}
		m.Date = t
	}
	text, err := bodyText(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, 0)
	if err != nil {
		return Message{}, mailErr(name, line, "body", "%v", "本文を読めない: %v", err)
	}
	m.Text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	return m, nil
}

// bodyText returns the text of a body: a text/plain part is preferred, a
// text/html part is used without its tags when there is no plain part.
func bodyText(ctype, cte string, body io.Reader, depth int) (string, error) {
	if depth > 5 {
		return "", fmt.Errorf("multipart nested more than 5 deep")
	}
	if ctype == "" {
		ctype = "text/plain; charset=us-ascii"
	}
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		mt, params = "text/plain", map[string]string{}
	}
	raw, err := io.ReadAll(io.LimitReader(decodeTransfer(cte, body), maxMessage))
	if err != nil {
		return "", err
	}
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
		var html string
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return "", err
			}
			t, err := bodyText(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, depth+1)
			if err != nil {
				return "", err
			}
			pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
			if pt == "" || pt == "text/plain" || strings.HasPrefix(pt, "multipart/") {
				if strings.TrimSpace(t) != "" {
					return t, nil
				}
			} else if pt == "text/html" && html == "" {
				html = t
			}
		}
		return html, nil
	case mt == "text/plain":
		return decodeCharset(params["charset"], raw)
	case mt == "text/html":
		s, err := decodeCharset(params["charset"], raw)
		if err != nil {
			return "", err
		}
		return stripTags(s), nil
	}
	return "", nil // an attachment: not text a person wrote to the desk
}

func decodeTransfer(cte string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &stripSpace{r: r})
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// stripSpace drops the line breaks of base64 text, which the decoder
// does not accept.
type stripSpace struct{ r io.Reader }

func (s *stripSpace) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	j := 0
	for _, c := range p[:n] {
		if c != '\r' && c != '\n' && c != ' ' && c != '\t' {
			p[j] = c
			j++
		}
	}
	if j == 0 && n > 0 && err == nil {
		return s.Read(p)
	}
	return j, err
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}
