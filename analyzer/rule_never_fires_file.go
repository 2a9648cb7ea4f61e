package analyzer

import (
	"io/fs"
	"path"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
	"github.com/velo-lsp/velo-lsp/analyzer/site"
)

var ruleNeverFiresFile = &Rule{
	ID:       "VELO020",
	Name:     "never-fires-file",
	Title:    "Handler in a file that Velo never loads for events",
	Severity: SeverityError,
	Since:    "0.1.0",
	roles:    []Role{RoleLookAlike, RoleBackendModule},
	Run:      runNeverFires,
	Doc: RuleDoc{
		What: "Reports, once per file, a file of a site that looks like the events file but is not it " +
			"(`events.web.js`, `events.jsw`, `Events.js`, `event.js`, an `events.js` outside the backend " +
			"folder) and holds handler-named exports, with each of them as a related location; its names are " +
			"judged too. In other backend files that the events file does not re-export, it reports each " +
			"handler-named export (the fix differs per handler). Outside every site, see VELO022.",
		Why: "Velo looks for event handlers in exactly one file per site or package: `backend/events.js`. " +
			"A handler anywhere else is never called.",
		Example: "```js\n// src/backend/events.js\nexport function wixCrm_onContactCreated(event) {}\n\n" +
			"// src/backend/events.web.js\nexport function wixBilling_onInvoicePaid(event) {}\n```",
		Fix: "Move the handler to `src/backend/events.js` (or `backend/events.js` in older layouts), " +
			"or re-export it from there: `export { wixBilling_onInvoicePaid } from './billing.js';`.",
		See: []string{aboutBackendEvents},
	},
}

func runNeverFires(p *Pass) {
	if p.in.Role == RoleLookAlike {
		checkNeverLoads(p)
	} else {
		checkNeverFires(p)
	}
}

// checkNeverLoads reports a look-alike file of a site once: on its first
// handler-named export, with a note for each of them.
func checkNeverLoads(p *Pass) {
	names := p.handlerExports()
	if len(names) == 0 {
		return
	}
	var list []string
	for _, e := range names {
		list = append(list, quote(e.Name))
	}
	if len(list) > 5 {
		list = append(list[:5], "…")
	}
	msg := quote(path.Base(p.in.Path)) + " is never loaded for events: Velo calls handlers only from " +
		quote(site.EventsFileFor(p.in.Path)) + ", so "
	if len(names) == 1 {
		msg += "the handler-named export here (" + list[0] + ") is never called. Move it there."
	} else {
		msg += "none of the " + itoa(len(names)) + " handler-named exports here (" + strings.Join(list, ", ") + ") is ever called. Move them there."
	}
	d := p.diagnostic(toRange(names[0].NameRange), msg)
	for _, e := range names {
		d.Notes = append(d.Notes, Note{Range: toRange(e.NameRange), Message: quote(e.Name) + " is exported here and never called"})
	}
	p.report(d)
}

// checkNeverFires reports each handler-like export of a backend module
// that the events file of its backend folder does not re-export.
func checkNeverFires(p *Pass) {
	var forwarded func(name string) bool
	for _, e := range p.handlerExports() {
		if p.in.FS == nil {
			continue // without the tree, whether events.js forwards it is unknown
		}
		if forwarded == nil {
			forwarded = p.forwardedFrom(p.in.Path)
		}
		if forwarded(e.Name) {
			continue
		}
		msg := quote(e.Name) + " has a handler's name, but " + quote(path.Base(p.in.Path)) + " is not the events file and " +
			quote(site.EventsFileFor(p.in.Path)) + " does not re-export it, so Velo never calls it. Move it to the events file or add " +
			"`export { " + e.Name + " } from './" + strings.TrimSuffix(path.Base(p.in.Path), path.Ext(p.in.Path)) + "';` there."
		p.report(p.diagnostic(toRange(e.NameRange), msg))
	}
}

// forwardedFrom returns a predicate telling whether the events file of
// modPath's backend folder re-exports an export of modPath. Within one
// AnalyzeRepo run it is computed once per backend folder, and every file
// that asks records the files it read.
func (p *Pass) forwardedFrom(modPath string) func(string) bool {
	root := site.BackendRoot(modPath)
	if root == "" {
		return func(string) bool { return false }
	}
	if p.shared == nil {
		fw := forwardedIn(p, p.in.FS, root)
		return func(n string) bool { return fw.reaches(modPath, n) }
	}
	p.shared.mu.Lock()
	fact := p.shared.forwarded[root]
	if fact == nil {
		fact = &forwardFact{}
		p.shared.forwarded[root] = fact
	}
	p.shared.mu.Unlock()
	fact.once.Do(func() {
		r := newReadsFS(p.reads.fsys, nil)
		fw := forwardedIn(p, r, root)
		fact.pred = fw.reaches
		fact.reads, _ = r.result("")
	})
	for _, rd := range fact.reads {
		p.reads.note(rd)
	}
	return func(n string) bool { return fact.pred(modPath, n) }
}

// forwarding is what the events file of a backend folder re-exports:
// files all of whose exports reach it (through `export *` chains followed
// through every file they reach), and names of other files that reach it
// through `export … from`.
type forwarding struct {
	full  map[string]bool
	named map[string]map[string]bool
}

func (f forwarding) reaches(modPath, name string) bool {
	return f.full[modPath] || f.named[modPath][name]
}

// forwardedIn computes the forwarding of the events file of the backend
// folder root, reading through fsys.
func forwardedIn(p *Pass, fsys fs.FS, root string) forwarding {
	for _, name := range []string{"events.js", "events.ts"} {
		evPath := root + "/" + name
		if _, err := fs.Stat(fsys, evPath); err != nil {
			continue
		}
		fw := forwarding{full: map[string]bool{evPath: true}, named: map[string]map[string]bool{}}
		queue := []string{evPath}
		for len(queue) > 0 {
			f := queue[0]
			queue = queue[1:]
			src, err := fs.ReadFile(fsys, f)
			if err != nil {
				continue
			}
			for _, e := range p.structureOf(src, jsparse.LangFromPath(f)).Exports {
				if e.Source == "" {
					continue
				}
				t := resolveLocal(fsys, f, e.Source)
				if t == "" {
					continue
				}
				if e.Form == jsparse.FormExportStar {
					if !fw.full[t] {
						fw.full[t] = true
						queue = append(queue, t)
					}
					continue
				}
				if fw.named[t] == nil {
					fw.named[t] = map[string]bool{}
				}
				fw.named[t][e.Imported] = true
			}
		}
		return fw
	}
	return forwarding{}
}

// resolveLocal resolves an import specifier of the file at from to a slash
// path in fsys, as Velo does (site.Resolve); "" when it names no file of
// the tree or a package.
func resolveLocal(fsys fs.FS, from, spec string) string {
	t, _ := site.Resolve(site.FileIn(fsys), from, spec)
	return t
}
