package analyzer

import (
	"github.com/velo-lsp/velo-lsp/analyzer/site"
	"github.com/velo-lsp/velo-lsp/catalog"
)

var ruleWrongFile = &Rule{
	ID:       "VELO021",
	Name:     "wrong-file",
	Title:    "Data hook, HTTP function or router hook in the events file",
	Severity: SeverityWarning,
	Since:    "0.1.0",
	roles:    nameRoles,
	Run:      runWrongFile,
	Doc: RuleDoc{
		What: "Reports exports of the events file whose names belong to another backend file: data hooks " +
			"(`Items_afterInsert`, in `data.js`), HTTP functions (`get_orders`, in `http-functions.js`), " +
			"router hooks (`shop_Router`, in `routers.js`) and realtime permission checks.",
		Why:     "Velo looks for each of these in its own file. Exported from events.js they are never called.",
		Example: "```js\n// src/backend/events.js\nexport function Orders_afterInsert(item, context) { return item; }\n```",
		Fix: "Move the function to the file named in the message (`src/backend/data.js`, " +
			"`src/backend/http-functions.js`, `src/backend/routers.js`).",
		See: []string{
			"https://dev.wix.com/docs/velo/events-service-plugins/data/hooks/wix-data-hooks",
			"https://dev.wix.com/docs/velo/velo-only-apis/wix-http-functions/introduction",
			"https://dev.wix.com/docs/velo/api-reference/wix-router/coding-with-the-router-api",
		},
	},
}

func runWrongFile(p *Pass) {
	for _, n := range p.namesJudged(nameWrongFile) {
		p.report(wrongFile(p, n.name, n.rng, n.notEvent, n.via))
	}
}

func wrongFile(p *Pass, name string, rng Range, ne *catalog.NotEvent, via string) Diagnostic {
	kind := map[catalog.NotEventKind]string{
		catalog.NotEventDataHook: "a data hook",
		catalog.NotEventHTTP:     "an HTTP function",
		catalog.NotEventRouter:   "a router hook",
		catalog.NotEventRealtime: "a realtime permission check",
	}[ne.Kind]
	if kind == "" {
		kind = "not an event handler"
	}
	file := ne.File
	if root := site.BackendRoot(p.in.Path); root != "" && file != "" {
		file = root + "/" + file
	}
	msg := via + quote(name) + " is " + kind + ", not an event handler: Velo looks for it in " + quote(file) +
		" and never calls it from the events file. Move it there."
	if ne.DocsURL != "" {
		msg += " See " + ne.DocsURL
	}
	return p.diagnostic(rng, msg)
}
