package remind

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"os"
	"strings"
	"time"
)

// MailConfig is the SMTP server reminders are sent through.
type MailConfig struct {
	// Addr is HOST:PORT of the server (submission, usually port 587).
	Addr string
	// From and To are the envelope and header addresses.
	From string
	To   []string
	// StartTLS upgrades the connection before anything else is said
	// (required when set: a server that does not offer it is an error).
	StartTLS bool
	// TLSConfig overrides the TLS settings (tests); nil means verify the
	// server's name against Addr's host.
	TLSConfig *tls.Config
	// Username and Password authenticate with PLAIN when Username is set;
	// net/smtp refuses to send them unencrypted except to localhost.
	Username, Password string
	// Timeout bounds one delivery (30 seconds by default).
	Timeout time.Duration
}

// Check says what is wrong with the configuration, naming the setting.
func (c MailConfig) Check() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("smtp-addr %q: not HOST:PORT", c.Addr)
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("smtp-from %q: %v", c.From, err)
	}
	if len(c.To) == 0 {
		return fmt.Errorf("smtp-to: no recipient")
	}
	for _, t := range c.To {
		if _, err := mail.ParseAddress(t); err != nil {
			return fmt.Errorf("smtp-to %q: %v", t, err)
		}
	}
	return nil
}

// MailChannel sends reminders by e-mail.
type MailChannel struct{ Config MailConfig }

func (MailChannel) Name() string { return "email" }

// Send delivers m as a UTF-8 text mail in Japanese and English, its
// subject encoded (RFC 2047) so that the Japanese survives every relay.
func (mc MailChannel) Send(ctx context.Context, m Message) error {
	c := mc.Config
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	host, _, _ := net.SplitHostPort(c.Addr)
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", c.Addr)
	if err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	cl, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer cl.Close()
	if err := cl.Hello(helloName()); err != nil {
		return err
	}
	if c.StartTLS {
		if ok, _ := cl.Extension("STARTTLS"); !ok {
			return fmt.Errorf("the SMTP server %s does not offer STARTTLS", c.Addr)
		}
		tc := c.TLSConfig
		if tc == nil {
			tc = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
		}
		if err := cl.StartTLS(tc); err != nil {
			return err
		}
	}
	if c.Username != "" {
		if err := cl.Auth(smtp.PlainAuth("", c.Username, c.Password, host)); err != nil {
			return err
		}
	}
	if err := cl.Mail(c.From); err != nil {
		return err
	}
	for _, to := range c.To {
		if err := cl.Rcpt(to); err != nil {
			return err
		}
	}
	w, err := cl.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(mailText(c, m, time.Now())); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return cl.Quit()
}

// mailText is the whole message: headers, then the body in base64 so
// that no relay rewraps or re-encodes the Japanese.
func mailText(c MailConfig, m Message, now time.Time) []byte {
	var b bytes.Buffer
	hdr := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	hdr("From", c.From)
	hdr("To", strings.Join(c.To, ", "))
	hdr("Subject", mime.BEncoding.Encode("UTF-8", m.Subject()))
	hdr("Date", now.Format(time.RFC1123Z))
	hdr("Message-ID", "<"+messageID()+"@himitsu>")
	hdr("X-Himitsu-Reminder", m.ID)
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", "text/plain; charset=UTF-8")
	hdr("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(m.Body()))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}

func messageID() string {
	var r [12]byte
	rand.Read(r[:])
	return hex.EncodeToString(r[:])
}

func helloName() string {
	if h, err := os.Hostname(); err == nil && h != "" && !strings.ContainsAny(h, " \r\n") {
		return h
	}
	return "localhost"
}

func defaultInstance() string {
	return fmt.Sprintf("%s/%d/%s", helloName(), os.Getpid(), messageID()[:8])
}
