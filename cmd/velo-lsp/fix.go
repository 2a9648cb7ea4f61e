package main

import (
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// applyFixes writes (or, with diff, prints) the safe fixes of a check run.
// It returns 0 when every file was handled, 2 on a write error.
func applyFixes(run *checkRun, diff bool, stdout, stderr io.Writer) int {
	byPath := map[string][]analyzer.Diagnostic{}
	for _, d := range run.diags {
		byPath[d.Path] = append(byPath[d.Path], d)
	}
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	total, files := 0, 0
	for _, p := range paths {
		before := run.texts[p]
		after, n := analyzer.ApplySafeFixes(before, byPath[p])
		if n == 0 {
			continue
		}
		total += n
		files++
		if diff {
			fmt.Fprint(stdout, analyzer.UnifiedDiff(p, before, after))
			continue
		}
		osPath := run.osPaths[p]
		st, err := os.Stat(osPath)
		if err != nil {
			fmt.Fprintf(stderr, "velo-lsp check: %s: %v\n", p, err)
			return 2
		}
		if err := os.WriteFile(osPath, after, st.Mode().Perm()); err != nil {
			fmt.Fprintf(stderr, "velo-lsp check: %s: %v\n", p, err)
			return 2
		}
	}
	verb := "applied"
	if diff {
		verb = "would apply"
	}
	fmt.Fprintf(stderr, "velo-lsp check: %s %d fix(es) in %d file(s)\n", verb, total, files)
	return 0
}
