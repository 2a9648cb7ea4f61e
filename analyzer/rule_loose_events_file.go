package analyzer

import (
	"path"
)

var ruleLooseEventsFile = &Rule{
	ID:       "VELO022",
	Name:     "loose-events-file",
	Title:    "Events file outside any site's backend folder",
	Severity: SeverityInfo,
	Since:    "0.2.0",
	roles:    []Role{RoleLooseEvents, RoleLooseLookAlike},
	Run:      runLooseFile,
	Doc: RuleDoc{
		What: "Says once, on the file, that an events file belongs to no site: it is not in a folder with " +
			"`wix.config.json`, nor in the `src/backend/` or `backend/` folder of one (`velo/events.js`, " +
			"`ClientA/events.js`, an `events.js` at the top of a repository). Such a file is judged as a site's " +
			"events file: its handler names, export forms and payload reads. A look-alike name outside every " +
			"site (`event.js`, `events.web.js`) is said once to be a name Velo never loads. The `looseFiles` " +
			"setting of `.velo-lsp.json` makes this an error (`error`) or turns loose files off (`ignore`).",
		Why: "Velo loads handlers only from a site's `src/backend/events.js` (or `backend/events.js`). A copy kept " +
			"in an ordinary repository and pasted into the editor by hand is fine; a file meant to be the site's " +
			"events file but placed elsewhere never runs.",
		Example: "```js\n// velo/events.js, in a repository without wix.config.json\nexport function wixBilling_onInvoicePaid(event) {}\n```",
		Fix: "Nothing, if the file is a copy you paste into the site's `backend/events.js`. Otherwise move it to " +
			"`src/backend/events.js`, or add the site's `wix.config.json` to make the folder a site.",
		See: []string{aboutBackendEvents},
	},
}

// runLooseFile says once where a loose file stands, on its first
// handler-named export (an editor shows it there). A file with nothing
// handler-like gets nothing.
func runLooseFile(p *Pass) {
	handlers := p.handlerExports()
	n := len(handlers)
	if n == 0 {
		return
	}
	base := path.Base(p.in.Path)
	var msg string
	if p.in.Role == RoleLooseEvents {
		msg = quote(p.in.Path) + " is not inside a site's backend folder: Velo loads only `src/backend/events.js`. " +
			"If this is a copy you paste into the editor, that is fine; its handlers are checked as the site's own."
	} else {
		msg = quote(base) + " is not a name Velo loads: a site's handlers are called only from `src/backend/events.js`, " +
			"so the " + plural(n, "handler") + " here would never run there under this name. " +
			"If this is a copy, name it `events.js` so that velo-lsp checks it as one."
	}
	d := p.diagnostic(toRange(handlers[0].NameRange), msg)
	if p.cfg.LooseFiles == LooseError {
		d.Severity = SeverityError
	}
	p.report(d)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return itoa(n) + " " + word + "s"
}
