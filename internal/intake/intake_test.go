package intake

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"

	himitsu "github.com/himitsu-oss/himitsu"
)

func iso2022(t *testing.T, s string) string {
	out, err := japanese.ISO2022JP.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sjis(t *testing.T, s string) string {
	out, err := japanese.ShiftJIS.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

const body = "知らない人に通話履歴を知られていました。連絡先は090-1234-5678、taro@example.jp です。"

func TestReadMail(t *testing.T) {
	subject := "通話履歴について"
	// Subject as an ISO-2022-JP B encoded-word, as Japanese mailers send it.
	encSubject := "=?ISO-2022-JP?B?" + base64.StdEncoding.EncodeToString([]byte(iso2022(t, subject))) + "?="
	tests := []struct {
		name, file, src string
		n               int
	}{
		{"iso-2022-jp eml", "a.eml", "From: =?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte("山田 太郎")) + "?= <Taro@Example.jp>\r\n" +
			"Subject: " + encSubject + "\r\nDate: Mon, 2 Nov 2026 10:15:00 +0900\r\nMessage-ID: <abc@example.jp>\r\n" +
			"Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n" + iso2022(t, body) + "\r\n", 1},
		{"shift_jis base64 eml", "b.eml", "From: hanako@example.jp\r\nSubject: " + encSubject + "\r\nDate: Mon, 2 Nov 2026 10:15:00 +0900\r\n" +
			"Content-Type: text/plain; charset=Shift_JIS\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
			wrap(base64.StdEncoding.EncodeToString([]byte(sjis(t, body)))) + "\r\n", 1},
		{"multipart with html and plain", "c.eml", "From: a@example.com\r\nSubject: =?utf-8?q?=E9=80=9A=E8=A9=B1=E5=B1=A5=E6=AD=B4=E3=81=AB=E3=81=A4=E3=81=84=E3=81=A6?=\r\nDate: Mon, 2 Nov 2026 10:15:00 +0900\r\n" +
			"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>ignored</p>\r\n" +
			"--XX\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + qp(body) + "\r\n--XX--\r\n", 1},
		{"mbox of two", "in.mbox", "From a@example.com Mon Nov  2 10:15:00 2026\nFrom: a@example.com\nSubject: " + encSubject + "\nDate: Mon, 2 Nov 2026 10:15:00 +0900\n\n" + body + "\n>From the start\n\n" +
			"From b@example.com Mon Nov  2 11:15:00 2026\nFrom: b@example.com\nSubject: " + encSubject + "\nDate: Mon, 2 Nov 2026 11:15:00 +0900\n\n" + body + "\n", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := ReadMail(tt.file, strings.NewReader(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != tt.n {
				t.Fatalf("got %d messages, want %d", len(ms), tt.n)
			}
			for _, m := range ms {
				if m.Subject != subject {
					t.Errorf("subject = %q, want %q", m.Subject, subject)
				}
				if !strings.Contains(m.Text, "知らない人に通話履歴を知られていました") {
					t.Errorf("text = %q, want the decoded Japanese body", m.Text)
				}
				if m.Date.IsZero() {
					t.Error("no date")
				}
			}
			c, err := FromMail(tt.file, ms[0], Options{Pseudonymizer: himitsu.NewPseudonymizer([]byte("0123456789abcdef0123456789abcdef"))})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(c.Text, "090-1234-5678") || strings.Contains(c.Text, "taro@example.jp") || !strings.Contains(c.Text, "[電話番号/phone]") {
				t.Errorf("text not redacted: %q", c.Text)
			}
			if !himitsu.IsPseudonym(c.Subscriber) || c.Channel != "email" || c.Category != "other" || !strings.HasPrefix(c.ID, "mail-") {
				t.Errorf("complaint = %+v, want a pseudonymous e-mail complaint of category other", c)
			}
		})
	}
	t.Run("mbox unquotes From", func(t *testing.T) {
		ms, _ := ReadMail("in.mbox", strings.NewReader(tests[3].src))
		if !strings.Contains(ms[0].Text, "\nFrom the start") {
			t.Errorf("text = %q, want the >From line unquoted", ms[0].Text)
		}
	})
}

func wrap(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	b.WriteString(s)
	return b.String()
}

func qp(s string) string {
	var b strings.Builder
	n := 0
	for _, c := range []byte(s) {
		if n > 70 {
			b.WriteString("=\r\n")
			n = 0
		}
		if c < 128 && c != '=' {
			b.WriteByte(c)
			n++
		} else {
			b.WriteString("=" + strings.ToUpper(hex2(c)))
			n += 3
		}
	}
	return b.String()
}

func hex2(c byte) string {
	const h = "0123456789abcdef"
	return string([]byte{h[c>>4], h[c&15]})
}

func TestReadMailErrors(t *testing.T) {
	tests := []struct {
		name, file, src string
		line            int
		field           string
	}{
		{"not mail", "x.eml", "garbage without headers", 1, ""},
		{"bad date", "x.eml", "From: a@b.jp\r\nDate: yesterday\r\n\r\nhi\r\n", 1, "Date"},
		{"mbox junk first", "x.mbox", "hello\nFrom a@b Mon\n", 1, ""},
		{"mbox bad second", "x.mbox", "From a Mon\nFrom: a@b.jp\nDate: Mon, 2 Nov 2026 10:15:00 +0900\n\nhi\nFrom b Mon\nDate: never\n\nx\n", 6, "Date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadMail(tt.file, strings.NewReader(tt.src))
			var he *himitsu.Error
			if !errors.As(err, &he) || he.File != tt.file || he.Line != tt.line || he.Field != tt.field || he.MsgJA == "" {
				t.Errorf("got %v, want an error at %s:%d field %q in both languages", err, tt.file, tt.line, tt.field)
			}
		})
	}
	_, err := FromMail("x.eml", Message{Text: "hi", Line: 1}, Options{})
	var he *himitsu.Error
	if !errors.As(err, &he) || he.Field != "Date" {
		t.Errorf("a message without a date: got %v, want a Date error", err)
	}
}

func TestReadCallCentre(t *testing.T) {
	key := himitsu.NewPseudonymizer([]byte("0123456789abcdef0123456789abcdef"))
	src := "受付番号,受付日時,受付チャネル,分類,対応結果,申出内容,電話番号,エスカレーション日時,一次回答日時,完了日時\n" +
		"T-1,2026/11/02 10:15,電話,料金,説明して了承,請求額が高い,090-1111-2222,,2026/11/02 10:20,2026/11/02 10:30\n" +
		"T-2,2026-11-03T09:00:00+09:00,電話リレー,漏えいの疑い,調査中,知らない人に通話履歴を知られた,,2026/11/04 09:00,2026/11/03 09:05,\n"
	cs, err := ReadCallCentre("export.csv", strings.NewReader(src), Options{Pseudonymizer: key})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 {
		t.Fatalf("got %d complaints, want 2", len(cs))
	}
	a, b := cs[0], cs[1]
	if a.Category != "billing" || a.Channel != "phone" || a.LeakClue.True() || !himitsu.IsPseudonym(a.Subscriber) || a.Resolution != "説明して了承" {
		t.Errorf("first = %+v, want a billing phone complaint with a pseudonym", a)
	}
	if got, want := a.ReceivedAt, time.Date(2026, 11, 2, 10, 15, 0, 0, himitsu.Tokyo); !got.Equal(want) {
		t.Errorf("received_at = %v, want %v (Japan time)", got, want)
	}
	if b.Category != "leak-suspicion" || b.Channel != "text-relay" || !b.LeakClue.True() || b.EscalatedAt.IsZero() || !b.ClosedAt.IsZero() {
		t.Errorf("second = %+v, want an open, escalated leak-suspicion complaint via text relay", b)
	}
}

func TestReadCallCentreErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		field     string
	}{
		{"missing column", "id,received_at\nT,2026-11-02 10:00\n", 1, "text"},
		{"bad time", "id,received_at,text\nT,someday,x\n", 2, "received_at"},
		{"closed before received", "id,received_at,text,closed_at\nT,2026-11-02 10:00,x,2026-11-01 10:00\n", 2, "closed_at"},
		{"raw caller without key", "id,received_at,text,caller\nT,2026-11-02 10:00,x,090-1111-2222\n", 2, "caller"},
		{"unknown channel", "id,received_at,text,channel\nT,2026-11-02 10:00,x,pigeon\n", 2, "channel"},
		{"duplicate", "id,received_at,text\nT,2026-11-02 10:00,x\nT,2026-11-02 10:00,y\n", 3, "id"},
		{"bad id", "id,received_at,text\n-T,2026-11-02 10:00,x\n", 2, "id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCallCentre("e.csv", strings.NewReader(tt.src), Options{})
			var he *himitsu.Error
			if !errors.As(err, &he) || he.File != "e.csv" || he.Line != tt.line || he.Field != tt.field {
				t.Errorf("got %v, want an error at e.csv:%d field %q", err, tt.line, tt.field)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"電話は090-1234-5678です", "電話は[電話番号/phone]です"},
		{"０９０－１２３４－５６７８", "[電話番号/phone]"},
		{"+81 90 1234 5678", "[電話番号/phone]"},
		{"mail me at a.b@example.co.jp", "mail me at [メールアドレス/e-mail]"},
		{"20GB使った", "20GB使った"},
		{"2026-11-02", "2026-11-02"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzReadMail(f *testing.F) {
	f.Add("a.eml", "From: a@b.jp\r\nSubject: =?ISO-2022-JP?B?GyRCJDMkcxsoQg==?=\r\nDate: Mon, 2 Nov 2026 10:15:00 +0900\r\nContent-Type: multipart/mixed; boundary=X\r\n\r\n--X\r\nContent-Type: text/plain; charset=shift_jis\r\nContent-Transfer-Encoding: base64\r\n\r\ngqKCpA==\r\n--X--\r\n")
	f.Add("a.mbox", "From x\nFrom: a@b\n\n>From y\n")
	f.Fuzz(func(t *testing.T, name, src string) {
		ms, err := ReadMail(name, strings.NewReader(src))
		if err != nil {
			var he *himitsu.Error
			if !errors.As(err, &he) {
				t.Fatalf("error %v is not a *himitsu.Error", err)
			}
			return
		}
		for _, m := range ms {
			FromMail(name, m, Options{})
		}
	})
}

func FuzzReadCallCentre(f *testing.F) {
	f.Add("id,received_at,text,channel,category\nT,2026-11-02 10:00,x,電話,料金\n")
	f.Add("受付番号,受付日時,内容\nT,2026/1/2 10:00,\"a\"\"b\"\n")
	f.Fuzz(func(t *testing.T, src string) {
		cs, err := ReadCallCentre("f.csv", strings.NewReader(src), Options{})
		if err != nil {
			var he *himitsu.Error
			if !errors.As(err, &he) {
				t.Fatalf("error %v is not a *himitsu.Error", err)
			}
			return
		}
		for _, c := range cs {
			if err := c.Validate(); err != nil {
				t.Fatalf("accepted an invalid complaint: %v", err)
			}
		}
	})
}
