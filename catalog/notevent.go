package catalog

import "strings"

// Docs pages for the backend files that hold handler-like names that are not
// events (checked against the stored dev.wix.com pages).
const (
	dataHooksURL = "https://dev.wix.com/docs/velo/events-service-plugins/data/hooks/wix-data-hooks"
	httpURL      = "https://dev.wix.com/docs/velo/velo-only-apis/wix-http-functions/introduction"
	routerURL    = "https://dev.wix.com/docs/velo/api-reference/wix-router/coding-with-the-router-api"
	realtimeURL  = "https://dev.wix.com/docs/velo/api-reference/wix-realtime-backend/realtime-check-permission"
)

// httpMethods are the prefixes of HTTP functions in http-functions.js.
var httpMethods = []string{"get", "post", "put", "delete", "options", "use"}

// routerHooks are the suffixes of router functions in routers.js, as the
// wix-router reference writes them: <prefix>_Router, <prefix>_SiteMap and the
// data binding hooks <prefix>_beforeRouter, _customizeQuery, _afterRouter.
var routerHooks = []string{"Router", "SiteMap", "beforeRouter", "afterRouter", "customizeQuery"}

// ClassifyNotEvent says whether name is an export that belongs in another
// backend file: a data hook (<Collection>_afterInsert … in data.js, hook
// names from the wix-data-hooks reference), an HTTP function (get_, post_,
// put_, delete_, options_, use_ in http-functions.js), a router function
// (<prefix>_Router, _SiteMap, _beforeRouter, _afterRouter, _customizeQuery in
// routers.js) or the realtime permission hook (realtime_check_permission in
// realtime-permissions.js). It returns nil for anything else, including
// every catalog handler. Suffixes match case-insensitively, so
// "Items_AfterInsert" is still reported as a (misspelled) data hook.
func ClassifyNotEvent(name string) *NotEvent {
	if name == "realtime_check_permission" {
		return &NotEvent{Kind: NotEventRealtime, File: "realtime-permissions.js", DocsURL: realtimeURL}
	}
	if len(Default().Lookup(name)) > 0 {
		return nil
	}
	i := strings.LastIndexByte(name, '_')
	if i <= 0 || i == len(name)-1 {
		return nil
	}
	tail := name[i+1:]
	if first := strings.IndexByte(name, '_'); first > 0 {
		for _, m := range httpMethods {
			if name[:first] == m {
				return &NotEvent{Kind: NotEventHTTP, File: "http-functions.js", DocsURL: httpURL}
			}
		}
	}
	for _, h := range Default().dataHooks {
		if strings.EqualFold(tail, h) {
			return &NotEvent{Kind: NotEventDataHook, File: "data.js", DocsURL: dataHooksURL}
		}
	}
	for _, h := range routerHooks {
		if strings.EqualFold(tail, h) {
			return &NotEvent{Kind: NotEventRouter, File: "routers.js", DocsURL: routerURL}
		}
	}
	return nil
}

// DataHooks returns the data hook names (afterInsert, beforeQuery …) from
// the wix-data-hooks reference, sorted.
func (c *Catalog) DataHooks() []string { return c.dataHooks }
