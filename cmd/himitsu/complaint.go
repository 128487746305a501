package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/clue"
)

const complaintAboutJA = `苦情を読む。screen は苦情（JSONL: 1行に id、text、任意で lang と received_at。又は
同じ列のCSV）を漏えいの端緒の規則で判定し、苦情ごとに判定（端緒か否か、端緒の種類）と
理由（働いた規則と一致した語）を表示する。データベースは使わない。--format json では
苦情ごとに id を含むJSONオブジェクトを1行ずつ出力する。--rules で自分の規則ファイルを
使える（himitsu complaint rules で既定の規則を出力できる）。入力に人の判定（labels）が
あれば、適合率と再現率も表示する。import はメール（.eml、mbox。ISO-2022-JP、Shift_JIS、
MIMEエンコードされたヘッダーに対応）やコールセンターの書出し（CSV。担当者の分類と対応結果を含む）
から、バンドルの苦情ファイル（complaints.jsonl）を作る。本文の電話番号とメールアドレスは
伏せ字にし、送信者・発信者は --pseudonym-key の鍵で仮名にする。作ったファイルは
himitsu import で検証されて取り込まれる。reseal は全ての苦情本文を現在の本文鍵
（HIMITSU_TEXT_KEY_FILE の先頭の鍵）で暗号化し直す。鍵を更新した後に実行すれば、旧鍵を外せる。
keygen は新しい本文鍵の鍵ファイル（モード0600）を作る。--rotate では既存の鍵ファイルの
先頭に新しい鍵を加え、旧鍵は旧い本文の復号のために残す。`

func runComplaint(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fs := newFlagSet(e, "complaint", "screen|rules|import|reseal|keygen ...", "Read complaints: 'screen' judges each complaint for leak clues with its reasons; 'rules' prints the default screening rules;", "himitsu complaint screen complaints.jsonl")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		return usagef("expected a subcommand: screen, rules, import, reseal or keygen")
	}
	switch args[0] {
	case "screen":
		return runComplaintScreen(e, args[1:])
	case "rules":
		_, err := e.stdout.Write(clue.DefaultSource())
		return err
	case "import":
		return runComplaintImport(e, args[1:])
	case "reseal":
		return runComplaintReseal(ctx, e, args[1:])
	case "keygen":
		return runComplaintKeygen(e, args[1:])
	}
	return usagef("unknown subcommand %q: expected screen, rules, import, reseal or keygen", args[0])
}

// loadRules returns the embedded rules, or the rule file at path.
func loadRules(path string) (*clue.Rules, error) {
	if path == "" {
		return clue.Default(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &himitsu.Error{Op: "complaint", Kind: himitsu.KindInvalid, File: path, Msg: "cannot read the rule file", MsgJA: "規則ファイルを読めない", Err: err}
	}
	return clue.Load(path, data)
}

func runComplaintScreen(e *env, args []string) error {
	fs := newFlagSet(e, "complaint screen", "[--format text|json] [--lang ja|en] [--rules FILE] FILE",
		`Screen complaints for leak clues without a database. FILE is JSONL (one
object a line: "id", "text", optional "lang" and "received_at") or CSV with
the same columns. Each complaint gets a verdict (clue or not, the kind of
clue) with the rules that fired and the words that made them fire; similar
clues and weak signals received close together are reported as clusters.
When the file carries a person's reading ("labels": {"clue", "kind"} in
JSONL, "clue" and "kind" columns in CSV), precision and recall are printed.
--format json writes one JSON object per complaint with its id.`,
		"himitsu complaint screen last-month.jsonl --format json")
	format := fs.String("format", "text", "output format: text or json")
	lang := fs.String("lang", langDefault(e), "language of the report: ja or en (env HIMITSU_LANG)")
	rulesFile := fs.String("rules", "", "a rule file of your own instead of the embedded rules (see 'himitsu complaint rules')")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("expected one complaints file, got %d arguments", fs.NArg())
	}
	if *format != "text" && *format != "json" {
		return usagef("--format must be text or json, got %q", *format)
	}
	if *lang != "ja" && *lang != "en" {
		return usagef("--lang must be ja or en, got %q", *lang)
	}
	rs, err := loadRules(*rulesFile)
	if err != nil {
		return err
	}
	name := fs.Arg(0)
	f, err := os.Open(name)
	if err != nil {
		return &himitsu.Error{Op: "complaint screen", Kind: himitsu.KindInvalid, File: name, Msg: "cannot open the file", MsgJA: "ファイルを開けない", Err: err}
	}
	defer f.Close()
	inputs, err := clue.ReadInputs(name, f)
	if err != nil {
		return err
	}
	screened := make([]clue.Screened, len(inputs))
	for i, in := range inputs {
		screened[i] = clue.Screened{ID: in.ID, Text: in.Text, At: in.At, Verdict: rs.Screen(in.Text)}
	}
	clusters := clue.Clusters(screened, clue.ClusterParams{})
	clusterOf := map[string]int{}
	for n, c := range clusters {
		for _, id := range c.IDs {
			clusterOf[id] = n + 1
		}
	}
	if *format == "json" {
		return writeScreenJSON(e.stdout, rs, inputs, screened, clusterOf, *lang)
	}
	return writeScreenText(e.stdout, rs, inputs, screened, clusters, *lang)
}

type screenJSON struct {
	ID       string        `json:"id"`
	Clue     bool          `json:"clue"`
	Kind     string        `json:"kind,omitempty"`
	KindName string        `json:"kind_name,omitempty"`
	Score    float64       `json:"score"`
	Weak     bool          `json:"weak,omitempty"`
	Cluster  int           `json:"cluster,omitempty"`
	Reasons  []clue.Reason `json:"reasons,omitempty"`
	Label    *labelJSON    `json:"label,omitempty"`
}

type labelJSON struct {
	Clue  bool   `json:"clue"`
	Kind  string `json:"kind,omitempty"`
	Agree bool   `json:"agree"`
}

func writeScreenJSON(w io.Writer, rs *clue.Rules, inputs []clue.Input, screened []clue.Screened, clusterOf map[string]int, lang string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i, s := range screened {
		v := s.Verdict
		o := screenJSON{ID: s.ID, Clue: v.Clue, Kind: v.Kind, Score: v.Score, Weak: v.Weak, Cluster: clusterOf[s.ID], Reasons: v.Reasons}
		if v.Kind != "" {
			o.KindName = rs.KindName(v.Kind, lang)
		}
		if l := inputs[i].Label; l != nil {
			o.Label = &labelJSON{Clue: l.Clue, Kind: l.Kind, Agree: l.Clue == v.Clue}
		}
		if err := enc.Encode(o); err != nil {
			return err
		}
	}
	return nil
}

func writeScreenText(w io.Writer, rs *clue.Rules, inputs []clue.Input, screened []clue.Screened, clusters []clue.Cluster, lang string) error {
	ja := lang == "ja"
	pick := func(en, jaText string) string {
		if ja {
			return jaText
		}
		return en
	}
	clues, weak := 0, 0
	var labelled []clue.Labelled
	for i, s := range screened {
		v := s.Verdict
		switch {
		case v.Clue:
			clues++
			fmt.Fprintf(w, "%s  %s  %s: %s\n", s.ID, pick("LEAK CLUE", "漏えいの端緒"), v.Kind, rs.KindName(v.Kind, lang))
		case v.Weak:
			weak++
			fmt.Fprintf(w, "%s  %s\n", s.ID, pick("no clue (weak signal)", "端緒ではない（弱い兆候）"))
		default:
			fmt.Fprintf(w, "%s  %s\n", s.ID, pick("no clue", "端緒ではない"))
		}
		for _, r := range v.Reasons {
			var words []string
			for _, m := range r.Matches {
				words = append(words, fmt.Sprintf("%q", m.Text))
			}
			fmt.Fprintf(w, "    %s %s (%+g): %s\n      %s %s\n", pick("rule", "規則"), r.Rule, r.Weight, r.About.In(lang), pick("words:", "語:"), strings.Join(words, ", "))
		}
		if l := inputs[i].Label; l != nil {
			labelled = append(labelled, *l)
			if l.Clue != v.Clue {
				fmt.Fprintf(w, "    %s\n", pick(fmt.Sprintf("the person's reading differs: clue=%v", l.Clue), fmt.Sprintf("人の判定と異なる: 端緒=%v", l.Clue)))
			}
		}
	}
	fmt.Fprintf(w, "\n%s\n", pick(
		fmt.Sprintf("%d complaints: %d leak clues, %d weak signals (rules version %s)", len(screened), clues, weak, rs.Version),
		fmt.Sprintf("苦情%d件: 漏えいの端緒%d件、弱い兆候%d件（規則の版 %s）", len(screened), clues, weak, rs.Version)))
	for n, c := range clusters {
		ids := c.IDs
		more := ""
		if len(ids) > 20 {
			more = pick(fmt.Sprintf(" and %d more", len(ids)-20), fmt.Sprintf(" ほか%d件", len(ids)-20))
			ids = ids[:20]
		}
		fmt.Fprintf(w, "%s %d (%s): %s\n  %s%s\n", pick("cluster", "まとまり"), n+1, c.Kind, c.Message.In(lang), strings.Join(ids, ", "), more)
	}
	if len(labelled) > 0 {
		ev := rs.Evaluate(labelled)
		fmt.Fprintf(w, "%s %s\n", pick("against the labels:", "人の判定との比較:"), ev.Clue.String())
	}
	return nil
}
