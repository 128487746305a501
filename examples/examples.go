// Package examples ships the example carrier bundles inside the binary, so
// that "himitsu quickstart" works on a machine that has only the binary.
package examples

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed all:minato-mobile
var files embed.FS

// MinatoMobile is the hand-written example bundle of a fictitious MVNO and ISP.
const MinatoMobile = "minato-mobile"

// Extract copies the named example bundle into dir.
func Extract(name, dir string) error {
	sub, err := fs.Sub(files, name)
	if err != nil {
		return err
	}
	return fs.WalkDir(sub, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(path))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(sub, path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
