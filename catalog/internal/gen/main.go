// Command gen writes the catalog data file (catalog/catalog.json) from the
// DocWorks sources in ../shared/velo-docs and the overlay catalog/overlay.json.
//
//	go run ./catalog/internal/gen [-docs ../shared/velo-docs] [-overlay catalog/overlay.json] [-out catalog/catalog.json] [-v]
//
// Paths are relative to the repository root; `go generate ./catalog` runs it
// from the catalog folder with the matching relative flags.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/velo-lsp/velo-lsp/catalog/internal/generate"
)

func main() {
	docs := flag.String("docs", "../shared/velo-docs", "velo-docs folder (DocWorks service files)")
	overlay := flag.String("overlay", "catalog/overlay.json", "hand-kept overlay file")
	out := flag.String("out", "catalog/catalog.json", "data file to write")
	verbose := flag.Bool("v", false, "print how each finding was settled")
	flag.Parse()

	ov, err := os.ReadFile(*overlay)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	data, rep, err := generate.Generate(os.DirFS(*docs), ov)
	if rep != nil && *verbose {
		for _, n := range rep.Notes {
			fmt.Fprintln(os.Stderr, n)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gen: wrote %s (%d bytes)\n", *out, len(data))
}
