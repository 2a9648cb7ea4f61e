package analyzer

import (
	"sort"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

// chainNames are the names an events file exports through `export * from
// './local.js'` chains and does not export directly, each placed at the
// `export *` statement that brings it: esbuild resolves the chain (only
// files under the root are read). Without a file system (an editor buffer
// with no workspace) there are none.
func chainNames(p *Pass) []exportedName {
	if p.in.FS == nil {
		return nil
	}
	var stars []*jsparse.Export
	for i := range p.file.Exports {
		e := &p.file.Exports[i]
		if e.Form == jsparse.FormExportStar && !isPackageSource(e.Source) {
			stars = append(stars, e)
		}
	}
	if len(stars) == 0 {
		return nil
	}
	if !chainMayBringHandlers(p, stars) {
		return nil // no file of the chain spells a handler-like name: nothing to judge
	}
	names, err := jsparse.ResolveExports(p.in.FS, p.in.Path)
	if err != nil {
		return nil // the chain does not build; esbuild's error is reported in the file that has it
	}
	direct := map[string]bool{}
	for _, e := range p.file.Exports {
		direct[e.Name] = true
	}
	sort.Strings(names)
	chains := map[string][]string{} // target → every name it exports, chains followed
	var out []exportedName
	for _, n := range names {
		if direct[n] {
			continue
		}
		// Which star brings it: the first one whose target exports it,
		// directly or through its own chain. With one star there is no
		// question (and no second esbuild build of its target to ask).
		star := stars[0]
		for _, s := range stars {
			if len(stars) == 1 {
				break
			}
			if starBrings(p, s, n, chains) {
				star = s
				break
			}
		}
		out = append(out, exportedName{name: n, rng: toRange(star.NameRange), via: "through `export * from " + jsQuote(star.Source) + "`, "})
	}
	return out
}

// localStarSources returns the local targets of the `export * from '…'`
// statements of a text (relative or backend/… specifiers), read from its
// code tokens: an `export *` in a comment or a string is not one.
func localStarSources(text []byte, lang jsparse.Lang) []string {
	var code []jsparse.Token
	ts := jsparse.Lex(text, lang)
	for _, t := range ts.List {
		if !t.IsComment() {
			code = append(code, t)
		}
	}
	var out []string
	for i := 0; i+3 < len(code); i++ {
		if !ts.IsWord(code[i], "export") || !code[i+1].Is(jsparse.OpStar) {
			continue
		}
		j := i + 2
		if ts.IsWord(code[j], "as") {
			j += 2 // as <name>
		}
		if j+1 < len(code) && ts.IsWord(code[j], "from") && code[j+1].Kind == jsparse.TokString {
			spec := ts.Value(code[j+1])
			if strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") || strings.HasPrefix(spec, "backend/") {
				out = append(out, spec)
			}
		}
	}
	return out
}

// chainMayBringHandlers reads the files that the `export *` statements
// reach (following their own `export *` lines, each file once) and reports
// whether any of them spells a handler-like name. Only then is esbuild's
// Build worth its cost: a chain of helpers brings nothing to judge.
// Unreadable or unresolvable targets count as "may": esbuild decides.
func chainMayBringHandlers(p *Pass, stars []*jsparse.Export) bool {
	seen := map[string]bool{}
	var queue []string
	for _, s := range stars {
		t := resolveLocal(p.in.FS, p.in.Path, s.Source)
		if t == "" {
			return true
		}
		queue = append(queue, t)
	}
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		if seen[f] {
			continue
		}
		seen[f] = true
		text, err := readFS(p.in.FS, f)
		if err != nil {
			return true
		}
		if mentionsHandlerLikeName(p.cat, text) {
			return true
		}
		for _, spec := range localStarSources(text, jsparse.LangFromPath(f)) {
			t := resolveLocal(p.in.FS, f, spec)
			if t == "" {
				return true
			}
			queue = append(queue, t)
		}
	}
	return false
}

// starBrings reports whether the target of an `export *` exports n,
// directly or through its own `export *` chain (names per target cached in
// chains for the file's other names).
func starBrings(p *Pass, star *jsparse.Export, n string, chains map[string][]string) bool {
	target := resolveLocal(p.in.FS, p.in.Path, star.Source)
	if target == "" {
		return false
	}
	names, ok := chains[target]
	if !ok {
		names, _ = jsparse.ResolveExports(p.in.FS, target)
		chains[target] = names
	}
	i := sort.SearchStrings(names, n)
	return i < len(names) && names[i] == n
}
