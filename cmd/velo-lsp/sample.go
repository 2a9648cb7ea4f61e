package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/velo-lsp/velo-lsp/catalog"
)

func init() {
	register("sample", command{summary: "print a sample event object for a handler, to test it before publishing", run: runSample})
}

const sampleUsage = "usage: velo-lsp sample [--format json|js] HANDLER"

// runSample prints the sample event of one handler (catalog.Sample): as
// JSON, or as a snippet that calls the handler with it.
func runSample(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sample", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "json", "output format: json or js")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, sampleUsage)
			fmt.Fprintln(stdout, "Prints an event object for the handler with every payload field velo-lsp knows, for calling the handler yourself (backend events fire only on the published site).")
			return 0
		}
		fmt.Fprintf(stderr, "velo-lsp sample: %v (%s)\n", err, sampleUsage)
		return 2
	}
	if len(paths) != 1 {
		fmt.Fprintf(stderr, "velo-lsp sample: name one handler (%s)\n", sampleUsage)
		return 2
	}
	if *format != "json" && *format != "js" {
		fmt.Fprintf(stderr, "velo-lsp sample: unknown format %q (want json or js)\n", *format)
		return 2
	}
	c := catalog.Default()
	name := paths[0]
	e := sampleEventOf(c, name)
	if e == nil {
		msg := fmt.Sprintf("velo-lsp sample: %q is not a handler in the event catalog", name)
		var names []string
		for _, s := range c.Suggest(name) {
			names = append(names, s.Handler)
		}
		if len(names) > 3 {
			names = names[:3]
		}
		if len(names) > 0 {
			msg += "; did you mean " + strings.Join(names, ", ") + "?"
		} else {
			msg += " (velo-lsp catalog lists them)"
		}
		fmt.Fprintln(stderr, msg)
		return 2
	}
	text, err := json.MarshalIndent(catalog.Sample(e), "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "velo-lsp sample: %v\n", err)
		return 2
	}
	if len(e.Fields) == 0 {
		fmt.Fprintf(stderr, "velo-lsp sample: the catalog does not know the payload of %s: the sample is empty\n", name)
	}
	if *format == "json" {
		fmt.Fprintf(stdout, "%s\n", text)
		return 0
	}
	fmt.Fprint(stdout, SampleSnippet(name, text))
	return 0
}

// SampleSnippet is the call of a handler with a sample event, as a user
// pastes it into the editor's functional-testing pane.
func SampleSnippet(handler string, eventJSON []byte) string {
	return fmt.Sprintf("import { %s } from 'backend/events';\n\n%s(%s);\n", handler, handler, eventJSON)
}

// sampleEventOf finds the event of a handler name (an older name too),
// preferring one that fires today.
func sampleEventOf(c *catalog.Catalog, name string) *catalog.Event {
	evs := c.Lookup(name)
	for _, e := range evs {
		if e.Status == catalog.StatusCurrent {
			return e
		}
	}
	if len(evs) > 0 {
		return evs[0]
	}
	return nil
}
