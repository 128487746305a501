package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/bundle"
)

// upgradeAboutJA explains 'himitsu upgrade-bundle'.
const upgradeAboutJA = `旧い形式のバンドル IN を読み、現行の形式のバンドルとして OUT（存在しないか空のフォルダ）に
書き出す。himitsu-bundle/1 では真偽の事実の空欄（YAML ではキーの省略）は false を意味したが、
himitsu-bundle/2 では「不明」を意味する。そのため空欄だった事実は明示的な false として書き出し、
どの台帳のどの項目の空欄が幾つ false になったかを一覧する。実際には分からない事実は OUT で
空欄に戻すと、評価はそれを所見とせず証明（質問）を求める。`

func runUpgradeBundle(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "upgrade-bundle", "[--pseudonym-key FILE] IN OUT",
		`Read the bundle IN, of an older format, and write it in the current format
(`+bundle.Format+`) to OUT, which must not exist or be empty. In
`+bundle.FormatV1+` an empty cell (in YAML, an absent key) of a yes/no fact
meant false; in `+bundle.Format+` it means unknown. So every fact IN left
empty is written to OUT as an explicit false, and the command lists, per
file and field, how many empty cells now say false. Where the carrier does
not actually know a fact, empty the cell again in OUT: the assessment then
asks for an attestation instead of finding on it.`,
		"himitsu upgrade-bundle old/minato new/minato")
	keyFile := pseudonymKeyFlag(e, fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef("expected the bundle to read and the folder to write, got %d arguments", fs.NArg())
	}
	in, out := fs.Arg(0), fs.Arg(1)
	b, _, err := readBundle(ctx, in, *keyFile)
	if err != nil {
		return err
	}
	tabular := "csv"
	if m, _ := filepath.Glob(filepath.Join(in, "*.jsonl")); len(m) > 0 {
		tabular = "jsonl"
	}
	// Write streams both logs through b, so the facts of the entry log
	// are counted by the time it returns.
	if err := bundle.Write(ctx, out, b.Records, b, bundle.WriteOptions{Tabular: tabular}); err != nil {
		return err
	}
	printUpgrade(e.stdout, in, out, b, tabular)
	return nil
}

// printUpgrade says what the upgrade did, in English and in Japanese.
func printUpgrade(w io.Writer, in, out string, b *bundle.Bundle, tabular string) {
	if b.Format() == bundle.Format {
		fmt.Fprintf(w, "%s is already in %s; written unchanged to %s\n", in, bundle.Format, out)
		fmt.Fprintf(w, "%s は既に %s であり、そのまま %s に書き出した\n", in, bundle.Format, out)
		return
	}
	fmt.Fprintf(w, "upgraded %s (%s) to %s (%s)\n", in, b.Format(), out, bundle.Format)
	fmt.Fprintf(w, "%s（%s）を %s（%s）に変換した\n", in, b.Format(), out, bundle.Format)
	settled := b.FactsSettled()
	total := 0
	for _, n := range settled {
		total += n
	}
	if total == 0 {
		fmt.Fprintln(w, "No yes/no fact was left empty; nothing changed meaning.")
		fmt.Fprintln(w, "空欄の事実はなく、意味の変わる値はない。")
		return
	}
	fmt.Fprintf(w, `
In %[1]s an empty cell of a yes/no fact meant false; in %[2]s it means unknown.
These %[3]d empty cells are now written as false, as %[1]s meant them:
%[1]s では事実の空欄は false を意味したが、%[2]s では「不明」を意味する。
次の %[3]d 個の空欄は、%[1]s での意味のとおり false として書き出した:

`, b.Format(), bundle.Format, total)
	keys := make([]string, 0, len(settled))
	for k := range settled {
		keys = append(keys, k)
	}
	// In the order of the registers, then by field, so that the list
	// follows docs/bundle.md.
	pos := map[string]int{}
	for i, r := range himitsu.RegisterList {
		pos[r.Name] = i
	}
	slices.SortFunc(keys, func(a, b string) int {
		ra, _, _ := strings.Cut(a, ".")
		rb, _, _ := strings.Cut(b, ".")
		if d := pos[ra] - pos[rb]; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	width := 0
	for _, k := range keys {
		width = max(width, len(k))
	}
	for _, k := range keys {
		reg, _, _ := strings.Cut(k, ".")
		file := bundle.CarrierFile
		if r, ok := himitsu.LookupRegister(reg); ok && r.Tabular {
			file = reg + "." + tabular
		}
		fmt.Fprintf(w, "  %-20s  %-*s  %8d → false\n", file, width, k, settled[k])
	}
	fmt.Fprintf(w, `
Review them in %[1]s: where the carrier does not know a fact, empty the cell
again, so that the assessment asks for an attestation instead of finding.
%[1]s で確認すること。実際には分からない事実は空欄に戻すと、評価は所見とせず証明を求める。
`, out)
}
