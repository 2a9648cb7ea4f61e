// Command gen writes the catalog data from its pinned sources: the DocWorks
// snapshot in ../shared/velo-docs, the facts read on dev.wix.com pages
// (catalog/sources/pages.json), the pinned @wix/auto_sdk_* typings
// (catalog/sources/sdk.json and sdk/*.json) and the overlay
// catalog/overlay.json. It
// writes catalog.bin (the embedded, fast-loading form) and catalog.json (the
// same data as text, for review).
//
//	go run ./catalog/internal/gen [-docs ../shared/velo-docs] [-pages catalog/sources/pages.json] [-sdk catalog/sources] [-overlay catalog/overlay.json] [-out catalog/catalog.bin] [-json catalog/catalog.json] [-v]
//
// Paths are relative to the working directory; `go generate ./catalog` runs
// it from the catalog folder with matching flags.
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
	pages := flag.String("pages", "catalog/sources/pages.json", "facts read on dev.wix.com pages (empty: none)")
	sdkDir := flag.String("sdk", "catalog/sources", "folder holding sdk.json and the sdk/ digests (empty: none)")
	out := flag.String("out", "catalog/catalog.bin", "embedded data file to write")
	jsonOut := flag.String("json", "catalog/catalog.json", "review copy to write (empty: none)")
	verbose := flag.Bool("v", false, "print how each finding was settled")
	flag.Parse()
	if err := run(*docs, *overlay, *pages, *sdkDir, *out, *jsonOut, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(docs, overlay, pages, sdkDir, out, jsonOut string, verbose bool) error {
	ov, err := os.ReadFile(overlay)
	if err != nil {
		return err
	}
	var pg []byte
	if pages != "" {
		if pg, err = os.ReadFile(pages); err != nil {
			return err
		}
	}
	var sdk *generate.SDKSource
	if sdkDir != "" {
		if sdk, err = generate.LoadSDK(os.DirFS(sdkDir)); err != nil {
			return err
		}
	}
	f, rep, err := generate.Generate(generate.Inputs{Docs: os.DirFS(docs), Overlay: ov, Pages: pg, SDK: sdk})
	if rep != nil && verbose {
		for _, n := range rep.Notes {
			fmt.Fprintln(os.Stderr, n)
		}
	}
	if err != nil {
		return err
	}
	bin, err := generate.EncodeBinary(f)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, bin, 0o644); err != nil {
		return err
	}
	if jsonOut != "" {
		text, err := generate.EncodeJSON(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(jsonOut, text, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "gen: %d modules, %d events, %d payload types; wrote %s (%d bytes)\n",
		len(f.Modules), len(f.Events), len(f.Types), out, len(bin))
	return nil
}
