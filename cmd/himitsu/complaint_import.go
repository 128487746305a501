package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/intake"
)

func runComplaintImport(e *env, args []string) error {
	fs := newFlagSet(e, "complaint import", "[--from auto|mail|callcentre] [--pseudonym-key FILE] [--category C] -o OUT FILE...",
		`Turn complaints received outside himitsu into a bundle's complaints file
(JSONL), so that they enter through 'himitsu import' and its validation.
FILE is an e-mail (.eml), an mbox file (.mbox) or a call-centre export
(.csv, with a header; English or Japanese column names, the agent's
category and outcome). Japanese mail encodings are decoded (ISO-2022-JP,
Shift_JIS, EUC-JP, MIME encoded-words). Phone numbers and e-mail addresses
in what people wrote are replaced by placeholders; senders and callers
become pseudonyms with --pseudonym-key (a call-centre export with a caller
column needs it). E-mail arrives without a category: --category sets it
(default other). OUT must not exist; it is written whole or not at all.`,
		"himitsu complaint import -o bundle/complaints.jsonl --pseudonym-key key.hex inbox.mbox calls.csv")
	from := fs.String("from", "auto", "kind of input: auto (by file name), mail or callcentre")
	out := fs.String("o", "", "the complaints file to write (JSONL); must not exist")
	category := fs.String("category", "other", "category of e-mail complaints: "+strings.Join(himitsu.ComplaintCategory("").Values(), ", "))
	keyFile := pseudonymKeyFlag(e, fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("expected one or more input files")
	}
	if *out == "" {
		return usagef("-o OUT is required")
	}
	if *from != "auto" && *from != "mail" && *from != "callcentre" {
		return usagef("--from must be auto, mail or callcentre, got %q", *from)
	}
	opts := intake.Options{Category: himitsu.ComplaintCategory(*category)}
	if !slices.Contains(opts.Category.Values(), *category) {
		return usagef("--category must be one of %s, got %q", strings.Join(opts.Category.Values(), ", "), *category)
	}
	if *keyFile != "" {
		key, err := loadPseudonymKey(*keyFile)
		if err != nil {
			return err
		}
		opts.Pseudonymizer = himitsu.NewPseudonymizer(key)
	}
	if _, err := os.Lstat(*out); err == nil {
		return &himitsu.Error{Op: "complaint import", Kind: himitsu.KindConflict, File: *out,
			Msg: "exists: choose another name or remove it", MsgJA: "既に存在する: 別の名前にするか削除すること"}
	}
	var all []himitsu.Complaint
	where := map[string]string{}
	for _, name := range fs.Args() {
		f, err := os.Open(name)
		if err != nil {
			return &himitsu.Error{Op: "complaint import", Kind: himitsu.KindInvalid, File: name, Msg: "cannot open the file", MsgJA: "ファイルを開けない", Err: err}
		}
		kind := *from
		if kind == "auto" {
			kind = "mail"
			if strings.EqualFold(filepath.Ext(name), ".csv") {
				kind = "callcentre"
			}
		}
		var cs []himitsu.Complaint
		if kind == "callcentre" {
			cs, err = intake.ReadCallCentre(name, f, opts)
		} else {
			var ms []intake.Message
			ms, err = intake.ReadMail(name, f)
			for _, m := range ms {
				if err != nil {
					break
				}
				var c himitsu.Complaint
				c, err = intake.FromMail(name, m, opts)
				cs = append(cs, c)
			}
		}
		f.Close()
		if err != nil {
			return err
		}
		for _, c := range cs {
			if prev, dup := where[c.ID]; dup {
				return &himitsu.Error{Op: "complaint import", Kind: himitsu.KindInvalid, File: name, Field: "id",
					Msg: fmt.Sprintf("complaint %s is also in %s", c.ID, prev), MsgJA: fmt.Sprintf("苦情 %s は %s にもある", c.ID, prev)}
			}
			where[c.ID] = name
			all = append(all, c)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i := range all {
		if err := enc.Encode(&all[i]); err != nil {
			return err
		}
	}
	if err := writeWhole(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s\n", pickLang(langDefault(e) == "ja",
		fmt.Sprintf("wrote %d complaints to %s; check and load them with 'himitsu import'", len(all), *out),
		fmt.Sprintf("苦情%d件を %s に書き出した。himitsu import で検証して取り込むこと", len(all), *out)))
	return nil
}

// writeWhole writes data to path through a temporary file in the same
// directory and a rename, so that a failure leaves no half-written file.
func writeWhole(path string, data []byte) error {
	fail := func(err error) error {
		return &himitsu.Error{Op: "complaint import", Kind: himitsu.KindInternal, File: path, Msg: "cannot write the file", MsgJA: "ファイルを書けない", Err: err}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".himitsu-complaints-*")
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fail(err)
	}
	return nil
}
