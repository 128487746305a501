package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu/internal/remind"
	"github.com/himitsu-oss/himitsu/internal/server"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
)

// remindFlags are the settings of the deadline reminders of `serve`
// (docs/configuration.md). Secrets come from the environment only, so
// that they do not show in the process list.
type remindFlags struct {
	every                      time.Duration
	daysBefore                 int
	smtpAddr, smtpFrom, smtpTo string
	smtpUser, smtpPassword     string
	smtpStartTLS               bool
	webhookURL, webhookSecret  string
	webhookTimeout             time.Duration
}

func reminderFlags(e *env, fs *flag.FlagSet, cfg *server.Config) *remindFlags {
	rf := &remindFlags{smtpPassword: e.getenv("HIMITSU_SMTP_PASSWORD"), webhookSecret: e.getenv("HIMITSU_WEBHOOK_SECRET")}
	fs.IntVar(&cfg.DueSoonDays, "due-soon-days", envIntOr(e, "HIMITSU_DUE_SOON_DAYS", 3), "days before its due day a duty counts as due soon on the deadline board (env HIMITSU_DUE_SOON_DAYS)")
	fs.DurationVar(&rf.every, "remind-every", envDuration(e, "HIMITSU_REMIND_EVERY", 0), "how often to look for deadline reminders to send; 0 turns reminders off (env HIMITSU_REMIND_EVERY)")
	fs.IntVar(&rf.daysBefore, "remind-days-before", envIntOr(e, "HIMITSU_REMIND_DAYS_BEFORE", 3), "days before its due day a duty is first reminded (env HIMITSU_REMIND_DAYS_BEFORE)")
	fs.StringVar(&rf.smtpAddr, "smtp-addr", e.getenv("HIMITSU_SMTP_ADDR"), "SMTP server HOST:PORT for e-mail reminders; empty: no e-mail (env HIMITSU_SMTP_ADDR)")
	fs.StringVar(&rf.smtpFrom, "smtp-from", e.getenv("HIMITSU_SMTP_FROM"), "sender address of e-mail reminders (env HIMITSU_SMTP_FROM)")
	fs.StringVar(&rf.smtpTo, "smtp-to", e.getenv("HIMITSU_SMTP_TO"), "recipients of e-mail reminders, comma-separated (env HIMITSU_SMTP_TO)")
	fs.StringVar(&rf.smtpUser, "smtp-user", e.getenv("HIMITSU_SMTP_USER"), "SMTP user name; the password is HIMITSU_SMTP_PASSWORD (env HIMITSU_SMTP_USER)")
	fs.BoolVar(&rf.smtpStartTLS, "smtp-starttls", envOr(e, "HIMITSU_SMTP_STARTTLS", "false") == "true", "require STARTTLS before authenticating and sending (env HIMITSU_SMTP_STARTTLS=true)")
	fs.StringVar(&rf.webhookURL, "webhook-url", e.getenv("HIMITSU_WEBHOOK_URL"), "URL that receives a signed JSON POST per reminder; the secret is HIMITSU_WEBHOOK_SECRET (env HIMITSU_WEBHOOK_URL)")
	fs.DurationVar(&rf.webhookTimeout, "webhook-timeout", envDuration(e, "HIMITSU_WEBHOOK_TIMEOUT", 10*time.Second), "timeout of one webhook attempt (env HIMITSU_WEBHOOK_TIMEOUT)")
	return rf
}

// reminders checks the settings and returns the loop to start once the
// server listens, or nil when reminders are off.
func (rf *remindFlags) reminders(cfg server.Config, st *sqlstore.Store, srv *server.Server) (func(ctx context.Context, baseURL string), error) {
	if rf.every < 0 {
		return nil, usageJA(fmt.Sprintf("--remind-every must not be negative, got %s", rf.every), fmt.Sprintf("--remind-every に負の値 %s は指定できない", rf.every))
	}
	if cfg.DueSoonDays < 0 || rf.daysBefore < 0 {
		return nil, usageJA("--due-soon-days and --remind-days-before must not be negative", "--due-soon-days と --remind-days-before に負の値は指定できない")
	}
	var chs []remind.Channel
	if rf.smtpAddr != "" {
		mc := remind.MailConfig{Addr: rf.smtpAddr, From: rf.smtpFrom, StartTLS: rf.smtpStartTLS, Username: rf.smtpUser, Password: rf.smtpPassword}
		for _, t := range strings.Split(rf.smtpTo, ",") {
			if t = strings.TrimSpace(t); t != "" {
				mc.To = append(mc.To, t)
			}
		}
		if err := mc.Check(); err != nil {
			return nil, usageJA(err.Error(), "電子メールによる通知の設定が不正である: "+err.Error())
		}
		chs = append(chs, remind.MailChannel{Config: mc})
	}
	if rf.webhookURL != "" {
		wc := remind.WebhookConfig{URL: rf.webhookURL, Secret: rf.webhookSecret, Timeout: rf.webhookTimeout}
		if err := wc.Check(); err != nil {
			return nil, usageJA(err.Error()+" (HIMITSU_WEBHOOK_SECRET)", "Webhook による通知の設定が不正である: "+err.Error())
		}
		chs = append(chs, remind.WebhookChannel{Config: wc})
	}
	if rf.every == 0 {
		if len(chs) > 0 {
			return nil, usageJA("e-mail or webhook reminders are configured but --remind-every is 0 (reminders off)", "電子メール又は Webhook の通知が設定されているが、--remind-every が 0（通知しない）である")
		}
		return nil, nil
	}
	return func(ctx context.Context, baseURL string) {
		remind.New(remind.Config{Every: rf.every, DaysBefore: rf.daysBefore, BaseURL: baseURL, Logger: cfg.Logger}, st, srv.Board, chs...).Run(ctx)
	}, nil
}

func envIntOr(e *env, name string, def int) int {
	if n, err := strconv.Atoi(e.getenv(name)); err == nil {
		return n
	}
	return def
}
