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
	Doc: RuleDoc{
		What: "Reports, once per file, a file of a site that looks like the events file but is not it " +
			"(`events.web.js`, `events.jsw`, `Events.js`, `event.js`, an `events.js` outside the backend " +
			"folder) and holds handler-named exports, with each of them as a related location; its names are " +
			"judged too. In other backend files that the events file does not re-export, it reports each " +
			"handler-named export (the fix differs per handler). Outside every site, see VELO022.",
		Why: "Velo looks for event handlers in exactly one file per site or package: `backend/events.js`. " +
			"A handler anywhere else is never called.",
		Example: "```js\n// src/backend/events.web.js\nexport function wixBilling_onInvoicePaid(event) {}\n```",
		Fix: "Move the handler to `src/backend/events.js` (or `backend/events.js` in older layouts), " +
			"or re-export it from there: `export { wixBilling_onInvoicePaid } from './billing.js';`.",
	},
}

// checkNeverLoads reports a look-alike file of a site once: on its first
// handler-named export, with a note for each of them.
func checkNeverLoads(p *pass) {
	var names []*jsparse.Export
	for i := range p.file.Exports {
		e := &p.file.Exports[i]
		if !e.TypeOnly && handlerLike(p.cat, e.Name) {
			names = append(names, e)
		}
	}
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
	d := newDiagnostic(ruleNeverFiresFile, p.in.Path, toRange(names[0].NameRange), msg)
	for _, e := range names {
		d.Notes = append(d.Notes, Note{Range: toRange(e.NameRange), Message: quote(e.Name) + " is exported here and never called"})
	}
	p.report(d)
}

// checkNeverFires reports each handler-like export of a backend module
// that the events file of its backend folder does not re-export.
func checkNeverFires(p *pass) {
	var forwarded func(name string) bool
	for i := range p.file.Exports {
		e := &p.file.Exports[i]
		if e.TypeOnly || !handlerLike(p.cat, e.Name) {
			continue
		}
		if p.in.FS == nil {
			continue // without the tree, whether events.js forwards it is unknown
		}
		if forwarded == nil {
			forwarded = forwardedNames(p.in.FS, p.in.Path)
		}
		if forwarded(e.Name) {
			continue
		}
		msg := quote(e.Name) + " has a handler's name, but " + quote(path.Base(p.in.Path)) + " is not the events file and " +
			quote(site.EventsFileFor(p.in.Path)) + " does not re-export it, so Velo never calls it. Move it to the events file or add " +
			"`export { " + e.Name + " } from './" + strings.TrimSuffix(path.Base(p.in.Path), path.Ext(p.in.Path)) + "';` there."
		p.report(newDiagnostic(ruleNeverFiresFile, p.in.Path, toRange(e.NameRange), msg))
	}
}

// forwardedNames returns a predicate telling whether the events file of
// modPath's backend folder re-exports an export of modPath: through `export
// *` chains (followed through every file they reach), `export … from`, or an
// import that it exports again.
func forwardedNames(fsys fs.FS, modPath string) func(string) bool {
	root := site.BackendRoot(modPath)
	none := func(string) bool { return false }
	if root == "" {
		return none
	}
	for _, name := range []string{"events.js", "events.ts"} {
		evPath := root + "/" + name
		if _, err := fs.Stat(fsys, evPath); err != nil {
			continue
		}
		full := map[string]bool{evPath: true} // files all of whose exports reach the events file
		named := map[string]map[string]bool{} // file → names of it that reach the events file
		queue := []string{evPath}
		for len(queue) > 0 {
			f := queue[0]
			queue = queue[1:]
			src, err := fs.ReadFile(fsys, f)
			if err != nil {
				continue
			}
			for _, e := range jsparse.Parse(src, jsparse.LangFromPath(f)).Exports {
				if e.Source == "" {
					continue
				}
				t := resolveLocal(fsys, f, e.Source)
				if t == "" {
					continue
				}
				if e.Form == jsparse.FormExportStar {
					if !full[t] {
						full[t] = true
						queue = append(queue, t)
					}
					continue
				}
				if named[t] == nil {
					named[t] = map[string]bool{}
				}
				named[t][e.Imported] = true
			}
		}
		return func(n string) bool { return full[modPath] || named[modPath][n] }
	}
	return none
}

// resolveLocal resolves an import specifier of the file at from to a slash
// path in fsys, as Velo does (site.Resolve); "" when it names no file of
// the tree or a package.
func resolveLocal(fsys fs.FS, from, spec string) string {
	t, _ := site.Resolve(site.FileIn(fsys), from, spec)
	return t
}
