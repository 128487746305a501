package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/himitsu-oss/himitsu/internal/bundle"
	"github.com/himitsu-oss/himitsu/internal/catalog"
	"github.com/himitsu-oss/himitsu/internal/jpcal"
)

// version is set at release builds with -ldflags "-X main.version=v1.2.3".
var version = "dev"

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "version", "", "Print the version of himitsu, of its guideline catalog, of its holiday calendar and of the Go toolchain.", "himitsu version")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cat, err := catalog.Default()
	if err != nil {
		return err
	}
	cal, err := jpcal.Default()
	if err != nil {
		return err
	}
	first, last := cal.Years()
	rev := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = " (" + s.Value[:12] + ")"
			}
		}
	}
	fmt.Fprintf(e.stdout, "himitsu %s%s\ncatalog %s\nholidays %s (%d-%d)\nbundle format %s (reads %s)\n%s %s/%s\n",
		version, rev, cat.Version, cal.Version(), first, last, bundle.Format, bundle.FormatV1, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
