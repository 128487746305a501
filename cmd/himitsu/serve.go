package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/examples"
	"github.com/himitsu-oss/himitsu/internal/bundle"
	"github.com/himitsu-oss/himitsu/internal/decide"
	"github.com/himitsu-oss/himitsu/internal/procedure"
	"github.com/himitsu-oss/himitsu/internal/server"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
)

const serveAboutJA = `Web画面とJSON API（/api/v1）を提供する。データベースに事業者が一つもなければ例の
事業者を取り込む。利用者が一人もいない間は、最初の管理者を作成するための一回限りの
リンクを表示する。SIGTERM 又は Ctrl-C で、処理中の要求を終えてから停止する。設定は
フラグ又は環境変数で行う（docs/configuration.md）。`

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "serve", "[--addr HOST:PORT] [--db DSN]",
		`Serve the web application and the JSON API (/api/v1). When the database
holds no carrier, the example carrier is loaded. While no user exists, a
one-time link for creating the first administrator is printed. SIGTERM or
Ctrl-C stops the server after the requests in flight. Every setting is a
flag or an environment variable (docs/configuration.md).`,
		"himitsu serve --addr 127.0.0.1:8080 --db himitsu.db")
	cfg := server.Defaults()
	db := dbFlag(e, fs)
	shared := sharedDBFlag(e, fs)
	fs.StringVar(&cfg.Addr, "addr", envOr(e, "HIMITSU_ADDR", cfg.Addr), "listen address HOST:PORT (env HIMITSU_ADDR)")
	fs.StringVar(&cfg.BaseURL, "base-url", e.getenv("HIMITSU_BASE_URL"), "how users reach the server, for links, e.g. https://himitsu.example.jp (env HIMITSU_BASE_URL)")
	secure := fs.String("secure-cookies", envOr(e, "HIMITSU_SECURE_COOKIES", "auto"), "Secure cookie attribute: auto (on unless listening on loopback), true or false (env HIMITSU_SECURE_COOKIES)")
	fs.DurationVar(&cfg.SessionTTL, "session-ttl", envDuration(e, "HIMITSU_SESSION_TTL", cfg.SessionTTL), "how long a sign-in lasts at most, however much it is used (env HIMITSU_SESSION_TTL)")
	fs.DurationVar(&cfg.SessionIdle, "session-idle", envDuration(e, "HIMITSU_SESSION_IDLE", cfg.SessionIdle), "a sign-in not used for this long ends; each use extends it, up to --session-ttl; 0: no idle end (env HIMITSU_SESSION_IDLE)")
	example := fs.Bool("example", envOr(e, "HIMITSU_EXAMPLE", "true") != "false", "load the example carrier when the database holds none (env HIMITSU_EXAMPLE)")
	logFormat := fs.String("log-format", envOr(e, "HIMITSU_LOG_FORMAT", "text"), "request log format: text or json (env HIMITSU_LOG_FORMAT)")
	rf := reminderFlags(e, fs, &cfg)
	decideSettings := decideFlags(e, fs)
	allowPlain := fs.Bool("allow-plain-texts", envOr(e, "HIMITSU_ALLOW_PLAIN_TEXTS", "false") == "true", "on PostgreSQL, start without a complaint-text key and store what people write unencrypted; logged at every start (env HIMITSU_ALLOW_PLAIN_TEXTS=true)")
	casePeriods := fs.String("case-periods", e.getenv("HIMITSU_CASE_PERIODS"), "deadlines the case forms offer, in days: answer,guidance,plan,reports,soon, e.g. answer=14,plan=30; default "+procedure.DefaultConfig().String()+" (env HIMITSU_CASE_PERIODS)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var err error
	if cfg.Decide, err = decideSettings(); err != nil {
		return err
	}
	if cfg.Cases, err = procedure.ParseConfig(*casePeriods); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments, got %q", fs.Arg(0))
	}
	switch *secure {
	case "auto":
		host, _, _ := net.SplitHostPort(cfg.Addr)
		ip := net.ParseIP(host)
		cfg.SecureCookies = !(host == "localhost" || ip != nil && ip.IsLoopback())
	case "true", "false":
		cfg.SecureCookies = *secure == "true"
	default:
		return usagef("--secure-cookies must be auto, true or false, got %q", *secure)
	}
	var h slog.Handler = slog.NewTextHandler(e.stderr, nil)
	if *logFormat == "json" {
		h = slog.NewJSONHandler(e.stderr, nil)
	}
	cfg.Logger = slog.New(h)
	// What people write to the desk is kept encrypted on a server database
	// unless the operator says otherwise, in so many words, at every start.
	if serverDatabase(*db) && !*allowPlain {
		if keys, err := loadTextKeys(e, *db); err != nil {
			return err
		} else if keys == nil {
			return plainTextsRefused(*db)
		}
	}
	if kf, err := ensureTextKeys(e, *db); err != nil {
		return err
	} else if kf != "" {
		cfg.Logger.Info("created the complaint-text key file; back it up apart from the database / 苦情本文の鍵ファイルを作成した。データベースとは別に保管すること", "file", kf)
	}
	s, err := openStore(ctx, e, *db, *shared)
	if err != nil {
		return err
	}
	defer s.Close()
	if kf := e.getenv("HIMITSU_PSEUDONYM_KEY_FILE"); kf != "" {
		// The public complaint form pseudonymises a subscriber number a
		// person gives; the key must be the one the carriers' imports used.
		key, err := loadPseudonymKey(kf)
		if err != nil {
			return err
		}
		cs, err := s.Carriers(ctx)
		if err != nil {
			return err
		}
		for _, ca := range cs {
			if fp, err := s.KeyFingerprint(ctx, ca.ID); err == nil && fp != "" && fp != keyFingerprint(key) {
				return &himitsu.Error{Op: "serve", Kind: himitsu.KindConflict, File: kf,
					Msg:   fmt.Sprintf("is another pseudonym key than the one carrier %s was imported with", ca.ID),
					MsgJA: fmt.Sprintf("事業者 %s の取込みに使った仮名化鍵とは別の鍵である", ca.ID)}
			}
		}
		cfg.PseudonymKey = key
	}
	if !s.TextsSealed() {
		if *allowPlain {
			cfg.Logger.Warn("--allow-plain-texts: no complaint-text key is configured (HIMITSU_TEXT_KEY_FILE), and what people write to the desk is stored unencrypted by the operator's choice / --allow-plain-texts の指定により、苦情本文の鍵なしで起動し、本文を暗号化せずに保存する",
				"allow_plain_texts", true, "os_user", plainTextsActor(), "db", redactDSN(*db))
		} else {
			cfg.Logger.Warn("no complaint-text key is configured (HIMITSU_TEXT_KEY_FILE): what people write to the desk is stored unencrypted / 苦情本文の鍵が設定されていないため、本文は暗号化されずに保存される")
		}
	}
	if *example {
		if err := loadExampleIfEmpty(ctx, e, s); err != nil {
			return err
		}
	}
	srv, err := server.New(cfg, s)
	if err != nil {
		return err
	}
	rem, err := rf.reminders(cfg, s, srv)
	if err != nil {
		return err
	}
	return srv.Serve(ctx, func(addr string) {
		base := cfg.BaseURL
		if base == "" {
			base = "http://" + addr
			srv.SetBaseURL(base)
		}
		if rem != nil {
			go rem(ctx, base)
		}
		fmt.Fprintf(e.stderr, "himitsu serves %s on http://%s (database %s)\n", s.Engine(), addr, redactDSN(*db))
		link, err := srv.SetupLink(ctx)
		if err != nil {
			fmt.Fprintf(e.stderr, "himitsu serve: %v\n", err)
			return
		}
		if link != "" {
			fmt.Fprintf(e.stderr, "\nNo user exists yet. Open this one-time link to create the first administrator:\n最初の管理者を作成するには、次の一回限りのリンクを開いてください:\n\n  %s\n\n(or run 'himitsu user create --role admin NAME')\n", link)
		}
	})
}

func envOr(e *env, name, def string) string {
	if v := e.getenv(name); v != "" {
		return v
	}
	return def
}

func envDuration(e *env, name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(e.getenv(name)); err == nil {
		return d
	}
	return def
}

// loadExampleIfEmpty imports the embedded example carrier into a database
// that holds no carrier, so that a new user sees a working system.
func loadExampleIfEmpty(ctx context.Context, e *env, s *sqlstore.Store) error {
	cs, err := s.Carriers(ctx)
	if err != nil || len(cs) > 0 {
		return err
	}
	dir, err := os.MkdirTemp("", "himitsu-example-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := examples.Extract(examples.MinatoMobile, dir); err != nil {
		return err
	}
	b, err := bundle.Read(ctx, dir)
	if err != nil {
		return &himitsu.Error{Op: "serve", Kind: himitsu.KindInternal, Err: err, Msg: "the embedded example bundle is invalid", MsgJA: "同梱の例のバンドルが不正である"}
	}
	acc, err := accessor(e, "load the example carrier into an empty database", "himitsu serve")
	if err != nil {
		return err
	}
	sum, err := s.Replace(himitsu.WithAccessor(ctx, acc), b.Records, b)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "loaded the example carrier %s (%s records)\n", sum.Carrier, strconv.Itoa(total(sum.Counts)))
	return nil
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// decideFlags declares the decision point's settings (docs/configuration.md)
// and returns the function that, after parsing, combines them: the
// settings file first, then each flag or environment variable given over
// it.
func decideFlags(e *env, fs *flag.FlagSet) func() (decide.Options, error) {
	file := fs.String("decide-config", e.getenv("HIMITSU_DECIDE_CONFIG"), "JSON file of the decision point's settings: lawful_ops, bulk_limit, bulk_limits (env HIMITSU_DECIDE_CONFIG)")
	ops := fs.String("decide-lawful-ops", e.getenv("HIMITSU_DECIDE_LAWFUL_OPS"), "comma-separated lawful business operations the decision point accepts; default "+strings.Join(decide.DefaultLawfulOpsText(), ",")+" (env HIMITSU_DECIDE_LAWFUL_OPS)")
	limit := fs.Int("decide-bulk-limit", envInt(e, "HIMITSU_DECIDE_BULK_LIMIT"), fmt.Sprintf("subscribers one request may concern without a second approver; 0: %d (env HIMITSU_DECIDE_BULK_LIMIT)", decide.DefaultBulkLimit))
	limits := fs.String("decide-bulk-limits", e.getenv("HIMITSU_DECIDE_BULK_LIMITS"), "per-person limits PERSON=N,… over --decide-bulk-limit (env HIMITSU_DECIDE_BULK_LIMITS)")
	return func() (decide.Options, error) {
		var o decide.Options
		if *file != "" {
			data, err := readSettings(*file)
			if err != nil {
				return o, err
			}
			if o, err = decide.ParseSettings(data, *file); err != nil {
				return o, err
			}
		}
		if *ops != "" {
			list, err := decide.ParseLawfulOps(strings.Split(*ops, ","))
			if err != nil {
				return o, usagef("--decide-lawful-ops: %v", err)
			}
			o.LawfulOps = list
		}
		if *limit < 0 {
			return o, usagef("--decide-bulk-limit must be at least 1 (0 for the default %d), got %d", decide.DefaultBulkLimit, *limit)
		}
		if *limit > 0 {
			o.BulkLimit = *limit
		}
		if *limits != "" {
			m, err := decide.ParseBulkLimits(*limits)
			if err != nil {
				return o, usagef("--decide-bulk-limits: %v", err)
			}
			if o.BulkLimits == nil {
				o.BulkLimits = map[string]int{}
			}
			for k, v := range m {
				o.BulkLimits[k] = v
			}
		}
		return o, nil
	}
}

// readSettings reads a settings file, at most one byte over the parser's
// limit (which then refuses it): a wrong path to a device never hangs.
func readSettings(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, &himitsu.Error{Op: "serve", Kind: himitsu.KindInvalid, File: path, Err: err, Msg: "cannot be read", MsgJA: "読み込めない"}
	}
	if !st.Mode().IsRegular() {
		return nil, &himitsu.Error{Op: "serve", Kind: himitsu.KindInvalid, File: path, Msg: "is not a regular file", MsgJA: "通常のファイルではない"}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &himitsu.Error{Op: "serve", Kind: himitsu.KindInvalid, File: path, Err: err, Msg: "cannot be read", MsgJA: "読み込めない"}
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 1<<20+1))
}

func envInt(e *env, name string) int {
	n, _ := strconv.Atoi(e.getenv(name))
	return n
}
