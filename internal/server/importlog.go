package server

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/bundle"
)

func (s *Server) logPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	reads, err := s.store.ReadLog(ctx, c.carrier)
	if err != nil {
		return err
	}
	changes, err := s.store.ChangeLog(ctx, c.carrier)
	if err != nil {
		return err
	}
	recs, err := s.store.RecordLog(ctx, c.carrier, himitsu.RecordLogFilter{Limit: 100})
	if err != nil {
		return err
	}
	// Newest first, the last 100 of each.
	slices.Reverse(reads)
	slices.Reverse(changes)
	if len(reads) > 100 {
		reads = reads[:100]
	}
	if len(changes) > 100 {
		changes = changes[:100]
	}
	v := s.newView(r, c, s.t("log", c.lang), "log")
	return s.page(w, http.StatusOK, v, "log", map[string]any{"Reads": reads, "Changes": changes, "Records": recs})
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request, c *call) error {
	v := s.newView(r, c, s.t("import", c.lang), "import")
	return s.page(w, http.StatusOK, v, "import", map[string]any{})
}

// importError is one located error of a bundle.
type importError struct {
	File, Field, Message string
	Line                 int
}

// importErrors lists the located errors in err (one, or several joined).
func importErrors(err error, lang string) []importError {
	var out []importError
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var he *himitsu.Error
		for x := e; x != nil; {
			var h *himitsu.Error
			if !errors.As(x, &h) {
				break
			}
			if h.File != "" {
				he = h
				break
			}
			x = h.Err
		}
		if he == nil {
			out = append(out, importError{Message: localized(e, lang)})
			return
		}
		m := he.Msg
		if lang == "ja" && he.MsgJA != "" {
			m = he.MsgJA
		}
		if he.Err != nil {
			if m != "" {
				m += ": "
			}
			m += localized(he.Err, lang)
		}
		out = append(out, importError{File: he.File, Line: he.Line, Field: himitsu.ErrorField(he), Message: m})
	}
	walk(err)
	return out
}

func localized(err error, lang string) string {
	var he *himitsu.Error
	if errors.As(err, &he) {
		return he.Localized(lang)
	}
	return err.Error()
}

// importBundle reads an uploaded ZIP of a bundle, checks it whole and
// replaces the carrier's records with it, all or nothing; the importing
// user is granted the carrier.
func (s *Server) importBundle(w http.ResponseWriter, r *http.Request, c *call) error {
	file, hdr, err := r.FormFile("bundle")
	if err != nil {
		return himitsu.FieldErrorJA("bundle", "choose a ZIP file of the bundle", "バンドルの ZIP ファイルを選択すること")
	}
	defer file.Close()
	dir, err := os.MkdirTemp("", "himitsu-upload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	show := func(errs []importError) error {
		v := s.newView(r, c, s.t("import", c.lang), "import")
		return s.page(w, http.StatusUnprocessableEntity, v, "import", map[string]any{"Errors": errs, "Name": hdr.Filename})
	}
	if err := unzip(file, hdr.Size, dir, s.cfg.MaxUpload*4); err != nil {
		return show([]importError{{File: hdr.Filename, Message: localized(err, c.lang)}})
	}
	root := bundleRoot(dir)
	b, err := bundle.Read(r.Context(), root)
	if err != nil {
		return show(importErrors(err, c.lang))
	}
	sum, err := s.store.Replace(c.ctx, b.Records, b)
	if err != nil {
		if himitsu.ErrorKind(err) == himitsu.KindInvalid {
			return show(importErrors(err, c.lang))
		}
		return err
	}
	if !c.user.Sees(sum.Carrier) {
		u := *c.user
		u.Carriers = append(u.Carriers, sum.Carrier)
		err := s.store.UpdateUser(r.Context(), u)
		s.forgetTokens() // the decision point's cached callers
		if err != nil {
			return err
		}
	}
	v := s.newView(r, c, s.t("import", c.lang), "import")
	var counts []string
	for _, reg := range himitsu.RegisterList {
		if n := sum.Counts[reg.Name]; n > 0 {
			counts = append(counts, fmt.Sprintf("%s %d", registerLabel(reg.Name, c.lang), n))
		}
	}
	return s.page(w, http.StatusOK, v, "import", map[string]any{"Done": sum.Carrier, "Counts": counts})
}

// bundleRoot is the directory holding carrier.yaml: the upload's root, or
// the one directory a ZIP of a folder has.
func bundleRoot(dir string) string {
	if _, err := os.Stat(filepath.Join(dir, bundle.CarrierFile)); err == nil {
		return dir
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) == 1 && entries[0].IsDir() {
		return filepath.Join(dir, entries[0].Name())
	}
	return dir
}

// unzip extracts a ZIP into dir, refusing paths that leave it and
// stopping at max bytes in all, so that an upload cannot write elsewhere
// or fill the disk.
func unzip(f io.ReaderAt, size int64, dir string, max int64) error {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return &himitsu.Error{Kind: himitsu.KindInvalid, Msg: "is not a ZIP file", MsgJA: "ZIP ファイルではない"}
	}
	var total int64
	for _, zf := range zr.File {
		name := filepath.FromSlash(zf.Name)
		if !filepath.IsLocal(name) || strings.HasPrefix(zf.Name, "__MACOSX") {
			continue
		}
		target := filepath.Join(dir, name)
		if zf.FileInfo().IsDir() {
			if err := os.MkdirAll(target, 0o700); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
			return err
		}
		rc, err := zf.Open()
		if err != nil {
			return &himitsu.Error{Kind: himitsu.KindInvalid, File: zf.Name, Msg: "cannot be read from the ZIP", MsgJA: "ZIP から読み出せない"}
		}
		out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			rc.Close()
			return err
		}
		n, err := io.Copy(out, io.LimitReader(rc, max-total+1))
		rc.Close()
		out.Close()
		if err != nil {
			return &himitsu.Error{Kind: himitsu.KindInvalid, File: zf.Name, Msg: "cannot be read from the ZIP", MsgJA: "ZIP から読み出せない"}
		}
		total += n
		if total > max {
			return &himitsu.Error{Kind: himitsu.KindInvalid, Msg: fmt.Sprintf("the unpacked bundle exceeds %d MB", max>>20), MsgJA: fmt.Sprintf("展開したバンドルが %d MB を超える", max>>20)}
		}
	}
	return nil
}
