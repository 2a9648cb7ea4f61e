package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/velo-lsp/velo-lsp/catalog"
)

// version is the release; `go build -ldflags "-X main.version=…"` sets it,
// and `go install …@vX` shows the module version instead of this default.
var version = "0.1.0-dev"

func init() {
	register("version", command{summary: "print the version", run: runVersion})
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" && version == "0.1.0-dev" {
		version = bi.Main.Version
	}
}

func runVersion(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "velo-lsp version: takes no arguments")
		return 2
	}
	esbuild := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/evanw/esbuild" {
				esbuild = d.Version
			}
		}
	}
	fmt.Fprintf(stdout, "velo-lsp %s (%s, esbuild %s)\n", version, runtime.Version(), esbuild)
	writeProvenance(stdout, catalog.Default())
	return 0
}

// writeProvenance says how current the event catalog is and what it was
// built from, one source per line.
func writeProvenance(w io.Writer, c *catalog.Catalog) {
	p := c.Provenance()
	date := p.Date
	if date == "" {
		date = "an unknown date"
	}
	fmt.Fprintf(w, "event catalog of %s: %d events in %d modules\n", date, len(c.Events()), len(c.Modules()))
	for _, s := range p.Sources {
		fmt.Fprintf(w, "  %s, %s: %d entries\n", s.Name, s.Pinned, s.Facts)
	}
}
