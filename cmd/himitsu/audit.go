package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auditlog"
	"github.com/himitsu-oss/himitsu/internal/sqlstore"
)

// runAudit implements 'himitsu audit SUBCOMMAND': the tamper-evident log
// that holds every read and change of a carrier's records.
func runAudit(ctx context.Context, e *env, args []string) error {
	subs := []struct {
		name string
		run  func(context.Context, *env, []string) error
	}{
		{"checkpoint", auditCheckpoint},
		{"verify", auditVerify},
		{"prove", auditProve},
		{"export", auditExport},
		{"rotate-key", auditRotateKey},
		{"migrate-legacy", auditMigrateLegacy},
	}
	if len(args) > 0 {
		for _, s := range subs {
			if args[0] == s.name {
				return s.run(ctx, e, args[1:])
			}
		}
	}
	fmt.Fprint(e.stderr, `Usage: himitsu audit checkpoint|verify|prove|export|rotate-key|migrate-legacy [flags]

Every read of a carrier's records and every change to its registers is an
entry of an append-only Merkle log (RFC 6962) in the database. Signed
checkpoints fix its size and root hash; verify recomputes the tree and names
the first entry that was changed, removed or reordered.

  checkpoint   sign the log's current size and root hash now
  verify       recompute the tree and check every checkpoint (database or export)
  prove        prove that an entry is in a checkpoint, or that one checkpoint extends another
  export       write the log, checkpoints and public keys to a folder for an auditor
  rotate-key   replace the checkpoint signing key, keeping old checkpoints verifiable
  migrate-legacy  move the rows of the old read_log and change_log tables into the log, once

`+auditAboutJA[""]+`
Run 'himitsu audit SUBCOMMAND -h' for its flags.

Example:
  himitsu audit verify --export ./audit-2026-12 --trusted-key @carrier-audit.pub
`)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) == 0 {
			return usagef("missing subcommand")
		}
		return flag.ErrHelp
	}
	return usagef("unknown subcommand %q", args[0])
}

// auditAboutJA explains the audit subcommands in Japanese; aboutJA reads it.
var auditAboutJA = map[string]string{
	"": `事業者の記録の読み出しと台帳の変更は全て、データベース内の追記専用のマークル木
（RFC 6962）の記録となる。署名付きチェックポイントが記録の件数とルートハッシュを
固定し、verify は木を再計算して、改変、削除又は並べ替えられた最初の記録を示す。
  checkpoint 現在の件数とルートハッシュに署名する / verify 木を再計算し全ての
  チェックポイントを検査する / prove 記録がチェックポイントに含まれること、又は
  チェックポイント間の整合性を証明する / export 監査人のために記録、チェックポイント
  及び公開鍵を書き出す / rotate-key 署名鍵を交換する（過去のチェックポイントは引き続き検証できる）
  / migrate-legacy 旧 read_log・change_log 表の行を一度だけ記録へ移す`,
	"audit migrate-legacy": `監査記録ができる前の読み出し記録（read_log）と変更記録（change_log）の行を、
起きた順に監査記録の読み出し・変更の記録として追記し、旧表を空にする。全体を一つの
トランザクションで行い、一度だけ実行される（二回目以降は何もしない）。元の日時と行番号は
各記録に残り、himitsu log は元の日時を示す。移した後は himitsu audit verify で検証できる。
himitsu migrate も同じことを行う。`,
	"audit checkpoint": `監査記録の現在の件数とルートハッシュに Ed25519 鍵で署名し、チェックポイント
（C2SP の署名付きノート形式）として保存する。鍵ファイルがなければ作成する（所有者
のみ読める権限 0600）。秘密鍵は表示も記録もしない。`,
	"audit verify": `保存された記録から木を再計算し、保存されたハッシュと全てのチェックポイント（署名、
鍵の有効範囲、ルートハッシュ）を検査する。改変、削除又は並べ替えられた最初の記録を
示し、問題があれば終了コード1で終わる。--export DIR では書き出したフォルダを
データベースなしで検証する。--trusted-key には事業者から別経路で受け取った公開鍵を
指定すること。`,
	"audit prove": `記録 N がチェックポイントに含まれることの証明（--entry N [--checkpoint SIZE]）、
又は二つのチェックポイントの整合性の証明（--from A --to B）を作成し、検査して出力する。`,
	"audit export": `監査人又は総務省が自分の計算機で himitsu audit verify --export DIR により検証
できるよう、記録、チェックポイント及び公開鍵を DIR に書き出す。書き出す前に
チェックポイントに署名する（--no-checkpoint で省略）。`,
	"audit rotate-key": `署名鍵を新しい鍵に交換する。交換は記録の一件となり、新旧両方の鍵で署名した
チェックポイントが作られる。古い公開鍵は有効範囲とともに保存され、過去の
チェックポイントは引き続き検証できる。`,
}

// auditKeyFlag adds --key, the checkpoint signing key file.
func auditKeyFlag(e *env, fs *flag.FlagSet) *string {
	def := e.getenv("HIMITSU_AUDIT_KEY_FILE")
	if def == "" {
		if dir, err := os.UserConfigDir(); err == nil {
			def = filepath.Join(dir, "himitsu", "audit.key")
		}
	}
	return fs.String("key", def, "checkpoint signing key file, created (mode 0600) on first use; never printed (env HIMITSU_AUDIT_KEY_FILE)")
}

func auditCheckpoint(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "audit checkpoint", "[--db DSN] [--key FILE] [--origin NAME]",
		`Sign the audit log's current size and root hash with the Ed25519 key in
--key and store the checkpoint (C2SP signed-note format). The key file is
created, readable by its owner only, when it does not exist; --origin names
the log then (default himitsu.local/audit/ and a random suffix).`,
		"himitsu audit checkpoint --db himitsu.db --key /etc/himitsu/audit.key")
	db := dbFlag(e, fs)
	shared := sharedDBFlag(e, fs)
	keyFile := auditKeyFlag(e, fs)
	origin := fs.String("origin", "", "name of the log, used when the key is created")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected arguments %v", fs.Args())
	}
	s, err := openStore(ctx, e, *db, *shared)
	if err != nil {
		return err
	}
	defer s.Close()
	cp, err := signCheckpoint(ctx, e, s.Audit(), *keyFile, *origin)
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(cp.Note)
	return err
}

// signCheckpoint loads (or creates) the key and signs a checkpoint.
func signCheckpoint(ctx context.Context, e *env, l *auditlog.Log, keyFile, origin string) (*auditlog.Checkpoint, error) {
	if keyFile == "" {
		return nil, usagef("no key file: give --key or HIMITSU_AUDIT_KEY_FILE")
	}
	k, created, err := auditlog.LoadKey(keyFile, origin)
	if err != nil {
		return nil, err
	}
	if created {
		fmt.Fprintf(e.stderr, "created the checkpoint signing key %s; public key / 公開鍵: %s\n", keyFile, k.VKey)
	}
	return l.Checkpoint(ctx, k)
}

// trustedKeys is a repeatable --trusted-key flag: a verifier key, or @FILE
// holding one per line.
type trustedKeys []string

func (t *trustedKeys) String() string { return strings.Join(*t, ",") }
func (t *trustedKeys) Set(v string) error {
	if name, ok := strings.CutPrefix(v, "@"); ok {
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				*t = append(*t, line)
			}
		}
		return nil
	}
	*t = append(*t, v)
	return nil
}

func auditVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "audit verify", "[--db DSN | --export DIR] [--trusted-key VKEY|@FILE]... [--format text|json]",
		`Recompute the audit log's Merkle tree from the stored entries, compare
every stored hash, and check every checkpoint: its signature, that its key
was valid for its size, and its root hash. Names the first entry that was
changed, removed or reordered and exits with status 1 when anything is
wrong. --export verifies a folder written by 'himitsu audit export' without
any database. Give the public keys you received from the carrier by another
channel with --trusted-key; without it the keys stored with the log are used,
which proves only that the log is consistent with itself.`,
		"himitsu audit verify --export ./audit-2026-12 --trusted-key @carrier-audit.pub")
	db := dbFlag(e, fs)
	shared := sharedDBFlag(e, fs)
	export := fs.String("export", "", "verify this export folder instead of the database")
	var trusted trustedKeys
	fs.Var(&trusted, "trusted-key", "public key to accept (repeatable), or @FILE with one per line")
	format := fs.String("format", "text", "text or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected arguments %v", fs.Args())
	}
	if *format != "text" && *format != "json" {
		return usagef("--format must be text or json, got %q", *format)
	}
	var rep *auditlog.Report
	var err error
	if *export != "" {
		rep, err = auditlog.VerifyExport(*export, trusted)
	} else {
		s, oerr := openStore(ctx, e, *db, *shared)
		if oerr != nil {
			return oerr
		}
		defer s.Close()
		rep, err = s.Audit().Verify(ctx, trusted)
	}
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(jsonReport(rep, len(trusted) > 0)); err != nil {
			return err
		}
	} else if err := writeReport(e.stdout, rep, len(trusted) > 0); err != nil {
		return err
	}
	if !rep.OK() {
		first, _ := rep.First()
		return &himitsu.Error{Op: "audit verify", Kind: himitsu.KindInvalid, Msg: first.Msg, MsgJA: first.MsgJA}
	}
	return nil
}

type reportJSON struct {
	OK          bool             `json:"ok"`
	Origin      string           `json:"origin"`
	Entries     int64            `json:"entries"`
	Root        string           `json:"root"`
	Checkpoints int              `json:"valid_checkpoints"`
	Signed      int64            `json:"signed_size"`
	Pinned      bool             `json:"trusted_keys_given"`
	Keys        []auditlog.Key   `json:"keys"`
	Problems    []map[string]any `json:"problems"`
}

func jsonReport(r *auditlog.Report, pinned bool) reportJSON {
	out := reportJSON{OK: r.OK(), Origin: r.Origin, Entries: r.Entries, Root: base64.StdEncoding.EncodeToString(r.Root[:]),
		Checkpoints: r.Checkpoints, Signed: r.Signed, Pinned: pinned, Keys: r.Keys, Problems: []map[string]any{}}
	for _, p := range r.Problems {
		m := map[string]any{"what": p.What, "message": p.Msg, "message_ja": p.MsgJA}
		if p.Entry >= 0 {
			m["entry"] = p.Entry
		}
		out.Problems = append(out.Problems, m)
	}
	return out
}

func writeReport(w io.Writer, r *auditlog.Report, pinned bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "audit log %s / 監査記録 %s\n", r.Origin, r.Origin)
	fmt.Fprintf(&b, "entries / 記録: %d, root / ルート: %s\n", r.Entries, base64.StdEncoding.EncodeToString(r.Root[:]))
	fmt.Fprintf(&b, "valid checkpoints / 有効なチェックポイント: %d, signed up to / 署名済みの件数: %d\n", r.Checkpoints, r.Signed)
	if r.Signed < r.Entries {
		fmt.Fprintf(&b, "note: entries %d to %d are not yet covered by a signed checkpoint / 記録 %d〜%d はまだ署名済みチェックポイントに含まれない\n",
			r.Signed, r.Entries-1, r.Signed, r.Entries-1)
	}
	for _, k := range r.Keys {
		until := "current / 現在"
		if k.UntilSize != nil {
			until = fmt.Sprintf("until size %d / 件数 %d まで", *k.UntilSize, *k.UntilSize)
		}
		fmt.Fprintf(&b, "key / 鍵: %s (from size %d / 件数 %d から, %s)\n", k.VKey, k.SinceSize, k.SinceSize, until)
	}
	if !pinned {
		b.WriteString("warning: no --trusted-key given; the keys stored with the log were used / 警告: --trusted-key の指定がないため、記録とともに保存された鍵を用いた\n")
	}
	if r.OK() {
		b.WriteString("OK: every entry and checkpoint verified / 全ての記録とチェックポイントを検証した\n")
	} else {
		for _, p := range r.Problems {
			fmt.Fprintf(&b, "FAIL: %s\n      %s\n", p.Msg, p.MsgJA)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func auditProve(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "audit prove", "[--db DSN] (--entry N [--checkpoint SIZE] | --from SIZE --to SIZE) [--format text|json]",
		`Prove that entry N (counted from 0) is in the checkpoint of the given size
(the latest when omitted), or that the checkpoint of size --to extends the one
of size --from. The proof is checked before it is printed, with the signed
checkpoints, so that anyone can check it again with any RFC 6962 verifier.`,
		"himitsu audit prove --entry 41 --checkpoint 1200")
	db := dbFlag(e, fs)
	shared := sharedDBFlag(e, fs)
	entry := fs.Int64("entry", -1, "index of the entry to prove, from 0")
	size := fs.Int64("checkpoint", -1, "size of the checkpoint to prove against (default the latest)")
	from := fs.Int64("from", -1, "size of the older checkpoint")
	to := fs.Int64("to", -1, "size of the newer checkpoint")
	format := fs.String("format", "text", "text or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected arguments %v", fs.Args())
	}
	inclusion := *entry >= 0
	if inclusion == (*from >= 0 || *to >= 0) || (!inclusion && (*from < 0 || *to < 0)) {
		return usagef("give either --entry N or both --from and --to")
	}
	if *format != "text" && *format != "json" {
		return usagef("--format must be text or json, got %q", *format)
	}
	s, err := openStore(ctx, e, *db, *shared)
	if err != nil {
		return err
	}
	defer s.Close()
	var out any
	var text strings.Builder
	if inclusion {
		p, err := s.Audit().ProveInclusion(ctx, *entry, *size)
		if err != nil {
			return err
		}
		out = p
		fmt.Fprintf(&text, "entry %d is in the checkpoint of size %d / 記録 %d はサイズ %d のチェックポイントに含まれる\n\n", p.Index, p.TreeSize, p.Index, p.TreeSize)
		fmt.Fprintf(&text, "entry / 記録:\n%s\nleaf hash / 葉ハッシュ: %s\n\ncheckpoint / チェックポイント:\n%s\n", p.Data, p.LeafHash, p.Checkpoint)
		writeHashes(&text, "inclusion proof / 包含証明", p.Proof)
	} else {
		p, err := s.Audit().ProveConsistency(ctx, *from, *to)
		if err != nil {
			return err
		}
		out = p
		fmt.Fprintf(&text, "the checkpoint of size %d extends the one of size %d / サイズ %d のチェックポイントはサイズ %d のものを拡張している\n\n", p.To, p.From, p.To, p.From)
		fmt.Fprintf(&text, "older / 古い方:\n%s\nnewer / 新しい方:\n%s\n", p.FromNote, p.ToNote)
		writeHashes(&text, "consistency proof / 整合性証明", p.Proof)
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	_, err = io.WriteString(e.stdout, text.String())
	return err
}

func writeHashes[H fmt.Stringer](b *strings.Builder, title string, hs []H) {
	fmt.Fprintf(b, "%s (%d):\n", title, len(hs))
	for _, h := range hs {
		fmt.Fprintf(b, "  %s\n", h)
	}
}

func auditExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "audit export", "[--db DSN] [--key FILE] [--no-checkpoint] DIR",
		`Write the audit log (every entry exactly as hashed), its signed checkpoints
and every public key with the sizes it was valid for into DIR, which must not
exist or be empty, so that an auditor or the regulator can run
'himitsu audit verify --export DIR' on their own machine. A checkpoint of the
current size is signed first unless --no-checkpoint is given.`,
		"himitsu audit export --db himitsu.db ./audit-2026-12")
	db := dbFlag(e, fs)
	shared := sharedDBFlag(e, fs)
	keyFile := auditKeyFlag(e, fs)
	noCheckpoint := fs.Bool("no-checkpoint", false, "do not sign a checkpoint before exporting")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one folder, got %d arguments", fs.NArg())
	}
	s, err := openStore(ctx, e, *db, *shared)
	if err != nil {
		return err
	}
	defer s.Close()
	if !*noCheckpoint {
		if _, err := signCheckpoint(ctx, e, s.Audit(), *keyFile, ""); err != nil {
			return err
		}
	}
	n, err := s.Audit().Export(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "exported %d entries to %s / %d 件の記録を %s に書き出した\n", n, fs.Arg(0), n, fs.Arg(0))
	return nil
}

func auditRotateKey(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "audit rotate-key", "[--db DSN] [--key FILE] [--purpose TEXT]",
		`Replace the checkpoint signing key in --key with a new one. The rotation is
an entry of the log, and the checkpoint that includes it is signed by both
keys; the old public key is kept with the sizes it was valid for, so old
checkpoints stay verifiable. The new key is written beside the old one first
and replaces it only after the database has recorded the rotation.`,
		"himitsu audit rotate-key --key /etc/himitsu/audit.key --purpose 'yearly key rotation'")
	db := dbFlag(e, fs)
	shared := sharedDBFlag(e, fs)
	keyFile := auditKeyFlag(e, fs)
	purpose := fs.String("purpose", "", "why the key is replaced (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected arguments %v", fs.Args())
	}
	acc, err := accessor(e, *purpose, "himitsu audit rotate-key")
	if err != nil {
		return err
	}
	old, _, err := auditlog.LoadKey(*keyFile, "")
	if err != nil {
		return err
	}
	s, err := openStore(ctx, e, *db, *shared)
	if err != nil {
		return err
	}
	defer s.Close()
	nextPath := *keyFile + ".next"
	next, err := auditlog.NewKey(nextPath, old.S.Name())
	if err != nil {
		return err
	}
	cp, err := s.Audit().RotateKey(ctx, old, next, acc.Actor, acc.Purpose)
	if err != nil {
		os.Remove(nextPath)
		return err
	}
	if err := os.Rename(nextPath, *keyFile); err != nil {
		return &himitsu.Error{Op: "audit rotate-key", Kind: himitsu.KindInternal, File: nextPath,
			Msg:   "the rotation is recorded but the new key could not replace the old file; move it there by hand",
			MsgJA: "交換は記録されたが、新しい鍵で古い鍵ファイルを置き換えられなかった。手動で移動すること", Err: err}
	}
	fmt.Fprintf(e.stdout, "new public key / 新しい公開鍵: %s\nrotation checkpoint / 交換時のチェックポイント:\n%s", next.VKey, cp.Note)
	return nil
}

func auditMigrateLegacy(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "audit migrate-legacy", "[--db DSN]",
		`Move every row of the old read_log and change_log tables (written before
the audit log existed, and editable by anyone with a database connection)
into the audit log as read and change entries, in the order they happened,
and empty the two tables: one transaction, once (a second run does
nothing). Each entry keeps the row's original time and ID; 'himitsu log'
shows the original time. 'himitsu audit verify' covers them afterwards.
'himitsu migrate' does the same.`,
		"himitsu audit migrate-legacy --db himitsu.db && himitsu audit verify --db himitsu.db")
	db := dbFlag(e, fs)
	shared := sharedDBFlag(e, fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected arguments %v", fs.Args())
	}
	s, err := openStore(ctx, e, *db, *shared)
	if err != nil {
		return err
	}
	defer s.Close()
	return moveLegacyLogs(ctx, e, s, true)
}

// moveLegacyLogs runs the move and says what it did; quiet when there was
// nothing to do, unless verbose.
func moveLegacyLogs(ctx context.Context, e *env, s *sqlstore.Store, verbose bool) error {
	sum, err := s.MigrateLegacyLogs(ctx)
	if err != nil {
		return err
	}
	switch {
	case sum.Already:
		if verbose {
			fmt.Fprintf(e.stdout, "%s\n", pickLang(messageLang(e) == "ja", "the old read and change logs were moved into the audit log earlier: "+sum.Earlier,
				"旧読み出し記録・変更記録は既に監査記録へ移されている: "+sum.Earlier))
		}
	case sum.Reads+sum.Changes == 0:
		if verbose {
			fmt.Fprintf(e.stdout, "%s\n", pickLang(messageLang(e) == "ja", "the old read and change logs were empty; nothing to move", "旧読み出し記録・変更記録は空であり、移すものはない"))
		}
	default:
		fmt.Fprintf(e.stdout, "%s\n", pickLang(messageLang(e) == "ja",
			fmt.Sprintf("moved %d reads and %d changes from the old logs into the audit log (entries %d–%d); sign a checkpoint and run 'himitsu audit verify'", sum.Reads, sum.Changes, sum.First, sum.Last),
			fmt.Sprintf("旧記録から読み出し%d件と変更%d件を監査記録へ移した（記録 %d〜%d）。チェックポイントに署名し、himitsu audit verify を実行すること", sum.Reads, sum.Changes, sum.First, sum.Last)))
	}
	return nil
}
