package analyzer

import (
	"sort"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

// checkLocalReexports judges the names an events file exports through
// `export * from './local.js'` chains: esbuild resolves the chain (only
// files under the root are read), and each name that the file does not
// export directly is judged at the `export *` statement that brings it.
// Without a file system (an editor buffer with no workspace) it does
// nothing.
func checkLocalReexports(p *pass) {
	if p.in.FS == nil {
		return
	}
	var stars []*jsparse.Export
	for i := range p.file.Exports {
		e := &p.file.Exports[i]
		if e.Form == jsparse.FormExportStar && !isPackageSource(e.Source) {
			stars = append(stars, e)
		}
	}
	if len(stars) == 0 {
		return
	}
	names, err := jsparse.ResolveExports(p.in.FS, p.in.Path)
	if err != nil {
		return // the chain does not build; esbuild's error is reported in the file that has it
	}
	direct := map[string]bool{}
	for _, e := range p.file.Exports {
		direct[e.Name] = true
	}
	sort.Strings(names)
	for _, n := range names {
		if direct[n] {
			continue
		}
		// Which star brings it: the first one whose target exports it.
		star := stars[0]
		for _, s := range stars {
			if target := resolveLocal(p.in.FS, p.in.Path, s.Source); target != "" && exportsName(p, target, n) {
				star = s
				break
			}
		}
		judgeName(p, n, toRange(star.NameRange), "through `export * from "+jsQuote(star.Source)+"`, ", nil)
	}
}

// exportsName reports whether the file at target exports n directly.
func exportsName(p *pass, target, n string) bool {
	src, err := readFS(p.in.FS, target)
	if err != nil {
		return false
	}
	for _, e := range jsparse.Parse(src, jsparse.LangFromPath(target)).Exports {
		if e.Name == n {
			return true
		}
	}
	return false
}
