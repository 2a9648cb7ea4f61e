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
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/velo-lsp/velo-lsp/catalog/internal/generate"
	"github.com/velo-lsp/velo-lsp/catalog/internal/schema"
	"github.com/velo-lsp/velo-lsp/catalog/internal/sdk"
)

func main() {
	docs := flag.String("docs", "../shared/velo-docs", "velo-docs folder (DocWorks service files)")
	overlay := flag.String("overlay", "catalog/overlay.json", "hand-kept overlay file")
	pages := flag.String("pages", "catalog/sources/pages.json", "facts read on dev.wix.com pages (empty: none)")
	sdkDir := flag.String("sdk", "catalog/sources", "folder holding sdk.json and the sdk/ digests (empty: none)")
	out := flag.String("out", "catalog/catalog.bin", "embedded data file to write")
	jsonOut := flag.String("json", "catalog/catalog.json", "review copy to write (empty: none)")
	verbose := flag.Bool("v", false, "print how each finding was settled")
	refresh := flag.Bool("refresh", false, "first move every SDK pin to the registry's latest version and re-extract its digest (network), then regenerate and list what changed")
	flag.Parse()
	var before *schema.File
	if *refresh {
		var err error
		if before, err = refreshSDK(*sdkDir, *jsonOut); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
	if err := run(*docs, *overlay, *pages, *sdkDir, *out, *jsonOut, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if before != nil {
		if err := reportChanges(before, *jsonOut); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

// refreshSDK re-pins the SDK typings to their latest versions. It returns
// the catalog as it was, to compare with afterwards.
func refreshSDK(sdkDir, jsonOut string) (*schema.File, error) {
	if sdkDir == "" || jsonOut == "" {
		return nil, fmt.Errorf("-refresh needs -sdk and -json")
	}
	before, err := readJSON(jsonOut)
	if err != nil {
		return nil, err
	}
	res, err := sdk.Sync(context.Background(), sdk.SyncOptions{
		Pins: filepath.Join(sdkDir, "sdk.json"), Dir: filepath.Join(sdkDir, "sdk"), Latest: true})
	if err != nil {
		return nil, err
	}
	for _, m := range res.PinMoves {
		fmt.Fprintln(os.Stderr, "gen: pin", m)
	}
	fmt.Fprintf(os.Stderr, "gen: %d SDK packages, %d events; %d digests rewritten\n", len(res.Pins), res.Events, len(res.Changed))
	return before, nil
}

func readJSON(path string) (*schema.File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f schema.File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &f, nil
}

// reportChanges lists the events and unnamed events added or dropped since
// the catalog before the refresh.
func reportChanges(before *schema.File, jsonOut string) error {
	after, err := readJSON(jsonOut)
	if err != nil {
		return err
	}
	keys := func(f *schema.File) map[string]bool {
		m := map[string]bool{}
		for _, e := range f.Events {
			m[e.Module+" "+e.Handler] = true
		}
		for _, u := range f.Unnamed {
			m[u.Module+" "+u.Event+" (unnamed)"] = true
		}
		return m
	}
	b, a := keys(before), keys(after)
	n := 0
	for k := range a {
		if !b[k] {
			fmt.Fprintln(os.Stderr, "gen: + "+k)
			n++
		}
	}
	for k := range b {
		if !a[k] {
			fmt.Fprintln(os.Stderr, "gen: - "+k)
			n++
		}
	}
	fmt.Fprintf(os.Stderr, "gen: %d change(s) to the event list\n", n)
	return nil
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
	var src *generate.SDKSource
	if sdkDir != "" {
		if src, err = generate.LoadSDK(os.DirFS(sdkDir)); err != nil {
			return err
		}
	}
	f, rep, err := generate.Generate(generate.Inputs{Docs: os.DirFS(docs), Overlay: ov, Pages: pg, SDK: src})
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
