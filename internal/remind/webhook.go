package remind

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// WebhookConfig is where reminders are posted.
type WebhookConfig struct {
	// URL receives a JSON POST per reminder.
	URL string
	// Secret signs each body (HMAC-SHA256); required.
	Secret string
	// Timeout bounds one attempt (10 seconds by default).
	Timeout time.Duration
	// Attempts within one send, with Backoff doubling between them (3 and
	// 1 second by default); after the last the reminder waits for a later
	// tick.
	Attempts int
	Backoff  time.Duration
	// Client is the HTTP client (tests); http.Client with Timeout when nil.
	Client *http.Client
}

// Check says what is wrong with the configuration, naming the setting.
func (c WebhookConfig) Check() error {
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("webhook-url %q: not an http(s) URL", c.URL)
	}
	if len(c.Secret) < 16 {
		return fmt.Errorf("webhook-secret: at least 16 characters are needed to sign")
	}
	return nil
}

// Signature headers. The signature is HMAC-SHA256 over the timestamp, a
// full stop and the body, hex-encoded after "sha256=": a receiver
// recomputes it with the shared secret, compares in constant time and
// refuses an old timestamp, so a captured post cannot be replayed later.
const (
	HeaderSignature = "X-Himitsu-Signature"
	HeaderTimestamp = "X-Himitsu-Timestamp"
	HeaderDelivery  = "X-Himitsu-Delivery"
)

// Sign returns the signature header value of body sent at ts.
func Sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%d.", ts)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a received post as a receiver should: the signature
// over the timestamp and body, compared in constant time, and a timestamp
// no further than maxAge from now (either way), so that a captured post
// cannot be replayed later.
func Verify(secret, timestamp, signature string, body []byte, now time.Time, maxAge time.Duration) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("%s: not Unix seconds", HeaderTimestamp)
	}
	if d := now.Sub(time.Unix(ts, 0)); d > maxAge || d < -maxAge {
		return fmt.Errorf("%s: %s from now, more than %s", HeaderTimestamp, d.Round(time.Second), maxAge)
	}
	if !hmac.Equal([]byte(signature), []byte(Sign(secret, ts, body))) {
		return fmt.Errorf("%s: does not match the body", HeaderSignature)
	}
	return nil
}

// WebhookChannel posts reminders as JSON.
type WebhookChannel struct {
	Config WebhookConfig
	// Now is the clock of the timestamp; time.Now when nil.
	Now func() time.Time
}

func (WebhookChannel) Name() string { return "webhook" }

// Payload is the JSON body posted.
type Payload struct {
	Event string `json:"event"` // "deadline.reminder"
	Message
}

// Send posts m, retrying a network error, a 429 or a 5xx with backoff.
// Any 2xx is delivery; another status is an error.
func (wc WebhookChannel) Send(ctx context.Context, m Message) error {
	c := wc.Config
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if c.Attempts <= 0 {
		c.Attempts = 3
	}
	if c.Backoff <= 0 {
		c.Backoff = time.Second
	}
	client := c.Client
	if client == nil {
		client = &http.Client{Timeout: c.Timeout}
	}
	now := time.Now
	if wc.Now != nil {
		now = wc.Now
	}
	body, err := json.Marshal(Payload{Event: "deadline.reminder", Message: m})
	if err != nil {
		return err
	}
	wait := c.Backoff
	var last error
	for i := 0; i < c.Attempts; i++ {
		if i > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
			wait *= 2
		}
		retry, err := wc.post(ctx, client, c, body, m.ID, now().Unix())
		if err == nil {
			return nil
		}
		last = err
		if !retry {
			break
		}
	}
	return last
}

func (wc WebhookChannel) post(ctx context.Context, client *http.Client, c WebhookConfig, body []byte, id string, ts int64) (retry bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", c.URL, bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "himitsu-reminders")
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(c.Secret, ts, body))
	req.Header.Set(HeaderDelivery, id)
	resp, err := client.Do(req)
	if err != nil {
		return true, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return false, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return true, fmt.Errorf("%w: HTTP %d", errReceiver, resp.StatusCode)
	}
	return false, fmt.Errorf("%w: HTTP %d", errReceiver, resp.StatusCode)
}
