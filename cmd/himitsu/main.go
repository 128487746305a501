// Command himitsu keeps and proves the secrecy of communications of a
// Japanese telecommunications carrier: it imports the carrier's registers,
// assesses them against every assumed case of MIC's Enforcement Guidelines
// and reports. Run "himitsu help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	_ "time/tzdata" // legal dates are reckoned in Asia/Tokyo on every host

	"github.com/himitsu-oss/himitsu"
)

// Exit statuses: 0 success; 1 the command ran and failed (bad input, a
// store error); 2 a usage error or a capability that is not available yet.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// env is what a command may touch of the outside world. Tests substitute
// every part of it.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// afterRegisters, when set, runs after a command has read a carrier's
	// registers and before it streams the carrier's logs: the point where
	// a concurrent import used to mix two states into one output. Tests
	// commit another import there.
	afterRegisters func()
}

type command struct {
	name      string
	summary   string
	summaryJA string
	run       func(ctx context.Context, e *env, args []string) error
}

// commands is the one table of subcommands, in the order help lists them.
func commands() []command {
	return []command{
		{"quickstart", "load the example carrier into a SQLite file and assess it", "例の事業者をSQLiteファイルに取り込み、評価する", runQuickstart},
		{"assess", "assess a carrier bundle or a carrier in the database", "事業者の記録（バンドル又はデータベース）を発動指針に照らして評価する", runAssess},
		{"import", "validate a carrier bundle and load it into the database", "バンドルを検証し、データベースに取り込む", runImport},
		{"export", "write a carrier from the database as a bundle", "データベースの事業者の記録をバンドルとして書き出す", runExport},
		{"upgrade-bundle", "rewrite a bundle in the current format, saying what each empty cell now means", "バンドルを現行の形式に書き換え、各空欄の意味を示す", runUpgradeBundle},
		{"migrate", "create or upgrade the database schema", "データベースのスキーマを作成・更新する", runMigrate},
		{"catalog", "list, show or export the guideline catalog", "発動指針のカタログを一覧・表示・出力する", runCatalog},
		{"log", "list who read or changed a carrier's records, when and why", "事業者の記録を誰がいつ何のために読み、変更したかを一覧する", runLog},
		{"audit", "verify, prove, sign and export the tamper-evident audit log", "改ざん検知可能な監査記録を検証・証明・署名・書き出しする", runAudit},
		{"complaint", "screen complaints for leak clues, with reasons", "苦情を漏えいの端緒の規則で判定し、理由を示す", runComplaint},
		{"policy", "check policy documents or passages from their text", "規約・方針の文書や一節を本文から検査する", runPolicy},
		{"incident", "write the drafts of an incident's reports to the authorities (HTML or PDF)", "事案の当局への報告の草案を作成する（HTML又はPDF）", runIncident},
		{"demo-data", "generate a realistic mid-size carrier bundle", "中規模事業者の模擬データを生成する", runDemoData},
		{"deadlines", "list what is due and what is late: reports, measures, notices", "期限一覧（報告、再発防止策、利用者への通知）と期限超過を表示する", runDeadlines},
		{"serve", "serve the web application and the JSON API", "Web画面とJSON APIを提供する", runServe},
		{"user", "create a user of the web application", "Web画面の利用者を作成する", runUser},
		{"backup", "write a consistent copy of the SQLite database", "SQLiteデータベースの一貫した複製を書き出す", runBackup},
		{"restore", "check a backup and put it in place of the database", "バックアップを検査し、データベースと置き換える", runRestore},
		{"version", "print the version of himitsu and its catalog", "himitsu とカタログの版を表示する", runVersion},
		{"help", "explain a command", "コマンドの使い方を表示する", nil},
	}
}

// errUsage marks an error caused by how the command was called; msgJA,
// when set, is the message in Japanese.
type usageError struct{ msg, msgJA string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

// usageJA is a usage error with its message in English and Japanese.
func usageJA(en, ja string) error { return &usageError{msg: en, msgJA: ja} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes one command line and returns the exit status.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		printHelp(e.stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(rest) == 0 {
			printHelp(e.stdout)
			return exitOK
		}
		name, rest = rest[0], []string{"-h"}
	}
	for _, c := range commands() {
		if c.name != name || c.run == nil {
			continue
		}
		err := c.run(ctx, e, rest)
		return exitStatus(e, name, err)
	}
	fmt.Fprintf(e.stderr, "himitsu: unknown command %q%s\nRun 'himitsu help' for the list of commands.\n", name, suggest(name))
	return exitUsage
}

func exitStatus(e *env, name string, err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		if ue.msgJA != "" && messageLang(e) == "ja" {
			fmt.Fprintf(e.stderr, "himitsu %s: %s\n使い方は 'himitsu %s -h' で表示される。\n", name, ue.msgJA, name)
			return exitUsage
		}
		fmt.Fprintf(e.stderr, "himitsu %s: %s\nRun 'himitsu %s -h' for usage.\n", name, ue.msg, name)
		return exitUsage
	case himitsu.ErrorKind(err) == himitsu.KindNotImplemented:
		fmt.Fprintf(e.stderr, "himitsu %s: %s\n", name, errorText(err, messageLang(e)))
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "himitsu %s: %s\n", name, errorText(err, messageLang(e)))
		return exitFail
	}
}

// messageLang is the language of error messages: "ja" when HIMITSU_LANG is
// ja, or when it is unset and the locale (LC_ALL, else LANG) is Japanese;
// "en" otherwise. HIMITSU_LANG lets a Japanese team on an English host
// (or the reverse) choose without changing the locale of other programs.
func messageLang(e *env) string {
	if l := e.getenv("HIMITSU_LANG"); l != "" {
		if l == "ja" {
			return "ja"
		}
		return "en"
	}
	locale := e.getenv("LC_ALL")
	if locale == "" {
		locale = e.getenv("LANG")
	}
	if strings.HasPrefix(locale, "ja") {
		return "ja"
	}
	return "en"
}

// errorText renders err in lang; an error that is not a *himitsu.Error has
// no translation and is rendered as it is.
func errorText(err error, lang string) string {
	if he, ok := err.(*himitsu.Error); ok {
		return he.Localized(lang)
	}
	if es, ok := err.(himitsu.Errors); ok {
		return es.Localized(lang)
	}
	return err.Error()
}

func suggest(name string) string {
	var close []string
	for _, c := range commands() {
		if strings.HasPrefix(c.name, name) || strings.HasPrefix(name, c.name) {
			close = append(close, c.name)
		}
	}
	if len(close) == 0 {
		return ""
	}
	sort.Strings(close)
	return " (did you mean " + strings.Join(close, " or ") + "?)"
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, `himitsu keeps the secrecy of communications of a telecommunications carrier
and proves it: registers, assessment against MIC's Enforcement Guidelines
(Telecommunications Business Act Art. 29(1)(i)), reports.
himitsu は電気通信事業者の通信の秘密の確保を支援し、その状況を証明するためのツールです。

Usage: himitsu COMMAND [flags] [arguments]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-11s %s\n  %-11s %s\n", c.name, c.summary, "", c.summaryJA)
	}
	fmt.Fprint(w, `
The database is a SQLite file (default himitsu.db) or a postgres:// URL,
given by --db or the HIMITSU_DB environment variable. A SQLite file is
created with mode 0600; one that other accounts may read is refused unless
--allow-shared-db or HIMITSU_ALLOW_SHARED_DB=1 is given. Reading or changing
a carrier's records needs --purpose; your operating-system account is
recorded with it.
データベースはSQLiteファイル（既定は himitsu.db）又は postgres:// のURLで、--db 又は
環境変数 HIMITSU_DB で指定する。SQLiteファイルはモード0600で作成し、他のアカウントが
読めるファイルは --allow-shared-db 又は HIMITSU_ALLOW_SHARED_DB=1 がなければ開かない。
事業者の記録を読み、又は変更するには --purpose が必要であり、OSのアカウントとともに記録される。
Run 'himitsu help COMMAND' for a command's flags and an example.
`)
}

// newFlagSet returns a FlagSet whose usage text explains the command, in
// English and in Japanese, with an example, printed on -h.
func newFlagSet(e *env, name, synopsis, about, example string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: himitsu %s %s\n\n%s\n", name, synopsis, about)
		if ja := aboutJA(name); ja != "" {
			fmt.Fprintf(out, "\n%s\n", ja)
		}
		var hasFlags bool
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprint(out, "\nFlags:\n")
			fs.PrintDefaults()
		}
		if example != "" {
			fmt.Fprintf(out, "\nExample:\n  %s\n", example)
		}
	}
	return fs
}

// logAboutJA explains 'himitsu log'.
const logAboutJA = `データベースから事業者の記録を読んだ者及び変更した者、日時、目的並びに手段を一覧する。
assess、export 及び quickstart による読み出し（対象と件数）と、確定した取込み及び削除
（台帳ごとの書込件数）は全て記録され、事業者を削除しても記録は残る。--kind で
reads（読み出し）、changes（変更）又は all（両方、既定）を選ぶ。`

// aboutJA explains a command in Japanese, below the English text.
func aboutJA(name string) string {
	if ja, ok := auditAboutJA[name]; ok {
		return ja
	}
	return map[string]string{
		"quickstart": `例の事業者（架空のMVNO・ISP「みなとモバイル」）で himitsu の主な仕事を行う。
必要ならSQLiteデータベースを作成し、本体に同梱した例のバンドルを取り込み、
評価して報告書を出力する。実演であるため、quickstart は自らの目的
（"quickstart demonstration: import the example carrier" 及び
"quickstart demonstration: assess the example carrier"）を記し、データベースの
記録にはOSのアカウントとともに残る。他のコマンドでは --purpose が必須である。`,
		"assess": `事業者の記録を「通信の秘密の確保に支障があるときの業務の改善命令の発動に係る
指針」の全ての想定事例に照らして判定し、報告書（所見と根拠記録、事故の報告期限、
総合評価）を出力する。評価の対象はバンドル又はデータベース。データベースから
読むには --purpose が必須であり、台帳と記録を一つのスナップショットから読み、
評価の前にOSのアカウント及び目的とともに読み出し記録に残す。-o の出力は一時
ファイルを経て置き換えるが、デバイスやFIFO（/dev/stdout、パイプ）には直接書き
込み、置き換えない。リンクはたどる。評価を実行できた場合は、所見の有無にかかわらず
終了コードは0である。`,
		"import": `バンドル（docs/bundle.md）を検証し、その事業者の記録を一つのトランザクションで
置き換える。不正な値があれば「ファイル:行: 項目: 理由」を示して中止し、データベース
は変更しない。--dry-run では検証のみ行う。生の加入者識別子は --pseudonym-key の鍵で
仮名化され、鍵がなければ拒否される。鍵ファイルは16進数字32〜128桁で、所有者
のみが読めること（モード0600）。鍵の指紋（鍵そのものではない）を事業者ごとに保存し、
別の鍵による取込みは拒否する。確定した取込みは、同じトランザクションの中で
OSのアカウントと目的（--purpose、必須）とともに変更記録に残る（himitsu log で確認できる）。`,
		"export": `データベースの事業者の記録をバンドルとして DIR に書き出す。書き出したバンドルを
取り込むと同じ状態に戻る。台帳と記録は一つのスナップショットから読むため、途中で
確定した取込みが混ざることはない。読み出しは、書出しの前に、OSのアカウント及び
目的（--purpose、必須）とともに読み出し記録に残る。以前に中断した書出しが DIR の
横に残した一時フォルダは最初に削除する。`,
		"migrate":          `データベースのスキーマを作成し、未適用のマイグレーションを適用する。SQLiteのファイルはモード0600で作成し、他のアカウントが読めるファイルは --allow-shared-db がなければ開かない。`,
		"log":              logAboutJA,
		"upgrade-bundle":   upgradeAboutJA,
		"complaint":        complaintAboutJA,
		"complaint screen": complaintAboutJA,
		"complaint import": complaintAboutJA,
		"complaint reseal": complaintAboutJA,
		"complaint keygen": complaintAboutJA,
		"policy":           policyAboutJA,
		"policy check":     policyAboutJA,
		"incident":         incidentAboutJA,
		"incident draft":   incidentAboutJA,
		"demo-data":        `中規模の事業者（規模1で加入者約2万、従事者約300人、6か月分のアクセス記録100万件）の模擬データを、意図的な弱点を含めて生成する。同じ seed からは同じ内容が得られる。`,
		"serve":            serveAboutJA,
		"user":             userAboutJA,
		"backup":           backupAboutJA,
		"restore":          restoreAboutJA,
		"version":          `himitsu、ガイドラインのカタログ、祝日の暦及びGoツールチェーンの版を表示する。`,
	}[name]
}

// parseFlags parses args, turning flag errors into usage errors. Flags may
// follow the arguments ("assess DIR --lang ja"), as people type them; "--"
// ends the flags.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return &usageError{msg: err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// Parse once more with only the arguments, so fs.Args reports them.
	return fs.Parse(append([]string{"--"}, positional...))
}

// dbFlag adds --db, whose default comes from HIMITSU_DB or "himitsu.db".
func dbFlag(e *env, fs *flag.FlagSet) *string {
	def := e.getenv("HIMITSU_DB")
	if def == "" {
		def = "himitsu.db"
	}
	return fs.String("db", def, "SQLite file or postgres:// URL (env HIMITSU_DB)")
}

// sharedDBFlag adds --allow-shared-db, whose default comes from
// HIMITSU_ALLOW_SHARED_DB ("1", "true" or "yes").
func sharedDBFlag(e *env, fs *flag.FlagSet) *bool {
	v := strings.ToLower(e.getenv("HIMITSU_ALLOW_SHARED_DB"))
	return fs.Bool("allow-shared-db", v == "1" || v == "true" || v == "yes",
		"open a SQLite database file that other accounts may read or write (refused by default; env HIMITSU_ALLOW_SHARED_DB=1)")
}

// purposeFlag adds --purpose, which has no default: whoever reads or
// changes a carrier's records states why, in their own words.
func purposeFlag(fs *flag.FlagSet, usage string) *string {
	return fs.String("purpose", "", usage+" (required)")
}
