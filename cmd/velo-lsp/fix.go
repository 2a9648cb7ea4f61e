package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/sitefs"
)

// applyFixes runs the verified fix loop (analyzer.FixFile) on every file
// with findings and writes the results (or, with diff, prints them as a
// unified diff and writes nothing). Each file is read again with a
// snapshot first: one that changed since it was checked is left alone, and
// the write itself replaces the file atomically only if it is still what
// was read. The run's findings become those that remain, so the exit
// status says what is left. It returns 2 when a file could not be written,
// else 0.
func applyFixes(run *checkRun, diff bool, stdout, stderr io.Writer) int {
	paths := make([]string, 0, len(run.checked))
	for p := range run.checked {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	remaining := map[string][]analyzer.Diagnostic{}
	status, total, files, refused := 0, 0, 0, 0
	for _, p := range paths {
		cf := run.checked[p]
		remaining[p] = nil
		text, snap, err := cf.fsys.ReadWithSnapshot(cf.rel)
		if err != nil {
			fmt.Fprintf(stderr, "velo-lsp check: %s: not fixed: %v\n", p, unwrapPathErr(err))
			remaining[p] = prefixed(cf.result.Diagnostics, cf.prefix)
			status = 2
			continue
		}
		if string(text) != string(run.texts[p]) {
			fmt.Fprintf(stderr, "velo-lsp check: %s: not fixed: it changed since it was checked; run velo-lsp again\n", p)
			remaining[p] = prefixed(cf.result.Diagnostics, cf.prefix)
			continue
		}
		in := analyzer.FileInput{Path: cf.rel, Text: text, Role: cf.result.Role, FS: cf.fsys}
		out := analyzer.FixFile(in, cf.cfg, cf.result)
		remaining[p] = prefixed(out.Remaining, cf.prefix)
		for _, r := range out.Refused {
			refused++
			fmt.Fprintf(stderr, "velo-lsp check: %s: fix %q for %s not applied: %s\n", p, r.Title, r.Code, r.Reason)
		}
		if len(out.Applied) == 0 {
			continue
		}
		total += len(out.Applied)
		files++
		if diff {
			fmt.Fprint(stdout, analyzer.UnifiedDiff(p, text, out.Text))
			continue
		}
		if err := cf.fsys.ReplaceFile(cf.rel, out.Text, snap); err != nil {
			if errors.Is(err, sitefs.ErrChanged) {
				fmt.Fprintf(stderr, "velo-lsp check: %s: not fixed: it changed while being fixed; run velo-lsp again\n", p)
			} else {
				fmt.Fprintf(stderr, "velo-lsp check: %s: not fixed: %v\n", p, unwrapPathErr(err))
				status = 2
			}
			remaining[p] = prefixed(cf.result.Diagnostics, cf.prefix)
			total -= len(out.Applied)
			files--
			continue
		}
		run.texts[p] = out.Text
	}
	// Findings of files without any (discovery's, say) stay as they were.
	var diags []analyzer.Diagnostic
	for _, d := range run.diags {
		if _, ok := remaining[d.Path]; !ok {
			diags = append(diags, d)
		}
	}
	for _, p := range paths {
		diags = append(diags, remaining[p]...)
	}
	sortByPath(diags)
	run.diags = diags
	verb := "applied"
	if diff {
		verb = "would apply"
	}
	msg := fmt.Sprintf("velo-lsp check: %s %d fix(es) in %d file(s)", verb, total, files)
	if refused > 0 {
		msg += fmt.Sprintf("; %d fix(es) refused because the result would not be safe", refused)
	}
	fmt.Fprintln(stderr, msg)
	return status
}

func prefixed(ds []analyzer.Diagnostic, prefix string) []analyzer.Diagnostic {
	out := make([]analyzer.Diagnostic, len(ds))
	for i, d := range ds {
		out[i] = withPrefix(d, prefix)
	}
	return out
}

// withPrefix is d with prefix in front of its path and of its notes' paths.
// The notes are copied first: d shares them with the result it came from,
// which --fix reads again.
func withPrefix(d analyzer.Diagnostic, prefix string) analyzer.Diagnostic {
	if prefix == "" {
		return d
	}
	d.Path = prefix + d.Path
	if len(d.Notes) > 0 {
		d.Notes = slices.Clone(d.Notes)
		for j := range d.Notes {
			if d.Notes[j].Path != "" {
				d.Notes[j].Path = prefix + d.Notes[j].Path
			}
		}
	}
	return d
}

func sortByPath(ds []analyzer.Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Path != ds[j].Path {
			return ds[i].Path < ds[j].Path
		}
		if ds[i].Range.Start != ds[j].Range.Start {
			return ds[i].Range.Start < ds[j].Range.Start
		}
		return ds[i].Code < ds[j].Code
	})
}
