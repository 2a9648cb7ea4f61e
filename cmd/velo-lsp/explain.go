package main

import (
	"fmt"
	"io"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

func init() {
	register("explain", command{summary: "print a rule's documentation (velo-lsp explain VELO001), or list the rules", run: runExplain})
}

func runExplain(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		for _, r := range analyzer.Rules() {
			fmt.Fprintf(stdout, "%s  %-22s %-8s %s\n", r.ID, r.Name, r.Severity, r.Title)
		}
		return 0
	}
	status := 0
	for i, a := range args {
		r := analyzer.RuleByID(a)
		if r == nil {
			fmt.Fprintf(stderr, "velo-lsp explain: no rule %q (run 'velo-lsp explain' for the list)\n", a)
			status = 2
			continue
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprint(stdout, analyzer.RuleMarkdown(r, 1))
	}
	return status
}
