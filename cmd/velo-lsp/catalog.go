package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/velo-lsp/velo-lsp/catalog"
)

func init() {
	register("catalog", command{summary: "list the backend events velo-lsp knows (filter: velo-lsp catalog billing)", run: runCatalog})
}

// runCatalog lists the catalog: a table for people, or --format json (see
// catalog/CATALOG_JSON.md). An optional argument filters by module, handler
// or status.
func runCatalog(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("catalog", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "table", "output format: table or json")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, "usage: velo-lsp catalog [--format table|json] [filter]")
			fmt.Fprintln(stdout, "Lists the backend events velo-lsp knows. The filter keeps modules or handler prefixes containing it, or a status (current, deprecated, removed).")
			return 0
		}
		fmt.Fprintf(stderr, "velo-lsp catalog: %v (usage: velo-lsp catalog [--format table|json] [filter])\n", err)
		return 2
	}
	if fs.NArg() > 1 {
		fmt.Fprintf(stderr, "velo-lsp catalog: one filter at most, got %d (usage: velo-lsp catalog [--format table|json] [filter])\n", fs.NArg())
		return 2
	}
	c := catalog.Default()
	if err := catalog.DefaultError(); err != nil {
		fmt.Fprintf(stderr, "velo-lsp catalog: %v\n", err)
		return 2
	}
	events := catalog.Filter(c.Events(), strings.Join(fs.Args(), ""))
	var err error
	switch *format {
	case "table":
		err = catalog.WriteTable(stdout, events)
	case "json":
		err = catalog.WriteJSON(stdout, events)
	default:
		fmt.Fprintf(stderr, "velo-lsp catalog: unknown format %q (want table or json)\n", *format)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "velo-lsp catalog: %v\n", err)
		return 2
	}
	return 0
}
