// Package corpus generates realistic Velo events files for differential
// tests (the scanner's export set against esbuild's) and benchmarks.
//
// A generated file has 100–400 lines: imports (wix-* modules, npm packages,
// local modules), 5–30 handlers in every export form Velo calls and every
// form it does not (CommonJS, re-exports, factories, object-wrapped
// functions, non-functions, unexported handler-named functions), helpers,
// template literals, regular expressions, comments and strings that spell
// handler names, misspelled handler names, Hebrew/CJK/Korean/emoji text
// (sometimes on the same line before a handler), CRLF line ends, missing
// final newlines, a few TypeScript files, a few CommonJS-only files and a few
// files with a syntax error. Output is a pure function of the seed.
package corpus

import (
	"fmt"
	"math/rand"
	"strings"
	"testing/fstest"

	"github.com/velo-lsp/velo-lsp/catalog"
)

// File is one generated source file.
type File struct {
	Name   string // "events-17.js" or "events-17.ts"
	Text   []byte
	CRLF   bool // every line ends in "\r\n"
	Broken bool // a syntax error was planted on purpose
	CJS    bool // CommonJS only: no import/export syntax
	// Handlers are the handler names written (misspelled ones included),
	// in every form, exported or not, in source order.
	Handlers []string
}

// Generate returns n files, deterministic for a seed.
func Generate(seed int64, n int) []File {
	out := make([]File, n)
	for i := range out {
		r := rand.New(rand.NewSource(seed*1_000_003 + int64(i)))
		lines := 100 + r.Intn(301)
		out[i] = generate(r, i, lines)
	}
	return out
}

// GenerateFile returns one file of about the given number of lines (at least
// that many, a few more at most), deterministic for a seed. It is never
// broken on purpose and never CommonJS-only; large files get more handlers
// and helpers.
func GenerateFile(seed int64, lines int) File {
	r := rand.New(rand.NewSource(seed))
	g := &gen{r: r, target: lines}
	g.plan(0)
	g.broken, g.cjs = false, false
	return g.build(0)
}

func generate(r *rand.Rand, i, lines int) File {
	g := &gen{r: r, target: lines}
	g.plan(i)
	return g.build(i)
}

// SupportFiles are the local modules generated events files import from
// (relative to the events file's folder).
var SupportFiles = map[string]string{
	"utils.js": `// shared helpers
export function formatMoney(amount, currency = 'USD') {
  return ` + "`${currency} ${Number(amount).toFixed(2)}`" + `;
}
export const notify = (to, text) => console.log('notify', to, text);
export function logEvent(name, event) {
  console.log(name, JSON.stringify(event));
}
`,
	"shared.js": `// re-exported by events.js with export *
export function sharedAudit(event) { return event; }
export const SHARED_VERSION = 3;
`,
	"handlers.js": `export function onPaid(event) { return event; }
export const onCreated = (event) => event;
export default function fallback(event) { return event; }
`,
}

// Sites lays files out as a tree of sites: files[i] becomes
// site-i/src/backend/events.js (or .ts), next to the SupportFiles.
func Sites(files []File) fstest.MapFS {
	m := fstest.MapFS{}
	for i, f := range files {
		dir := fmt.Sprintf("site-%d/src/backend/", i)
		ext := ".js"
		if strings.HasSuffix(f.Name, ".ts") {
			ext = ".ts"
		}
		m[dir+"events"+ext] = &fstest.MapFile{Data: f.Text}
		for name, text := range SupportFiles {
			m[dir+name] = &fstest.MapFile{Data: []byte(text)}
		}
	}
	return m
}

// ---------------------------------------------------------------------------

// Handler names (module prefix, event) as real sites spell them.
var events = []string{
	"wixBilling_onInvoicePaid", "wixBilling_onInvoiceSent", "wixBilling_onInvoiceCreated", "wixBilling_onInvoiceOverdue",
	"wixBilling_onPriceQuoteCreated", "wixStores_onNewOrder", "wixStores_onCartCreated", "wixStores_onCartCompleted",
	"wixStores_onProductCreated", "wixStores_onProductUpdated", "wixStores_onInventoryItemUpdated", "wixStores_onOrderPaid",
	"wixCrm_onContactCreated", "wixCrm_onContactUpdated", "wixCrm_onContactDeleted", "wixMembers_onMemberCreated",
	"wixMembers_onMemberUpdated", "wixMembers_onMemberDeleted", "wixBookings_onBookingConfirmed", "wixBookings_onBookingCanceled",
	"wixBookings_onBookingRequestCreated", "wixPricingPlans_onPlanPurchased", "wixPricingPlans_onOrderCanceled",
	"wixPricingPlans_onOrderCycleStarted", "wixEvents_onRsvpCreated", "wixEvents_onTicketOrderPaid", "wixEvents_onEventCreated",
	"wixForms_onFormSubmit", "wixEcom_onOrderCreated", "wixEcom_onOrderPaymentStatusUpdated", "wixEcom_onCartUpdated",
	"wixEcom_onCheckoutCompleted", "wixGroups_onGroupCreated", "wixGroups_onMemberJoined", "wixLoyalty_onAccountCreated",
	"wixMarketing_onCouponCreated", "wixChat_onMessage", "wixBlog_onPostPublished", "wixForum_onPostCreated",
	"wixRestaurants_onOrderCreated", "wixPaidPlans_onPlanPurchased", "wixCron_onHourlyEvent", "wixRealtime_onPublish",
	"wixLocation_onChange", "wixAutomations_onTriggered", "wixMediaManager_onFileUploaded", "wixPay_onPaymentUpdate",
	"wixInbox_onMessageReceived", "wixPortfolio_onProjectCreated", "wixReviews_onReviewCreated",
}

var wixModules = [][2]string{
	{"wixData", "wix-data"}, {"wixFetch", "wix-fetch"}, {"wixCrmBackend", "wix-crm-backend"},
	{"wixStoresBackend", "wix-stores-backend"}, {"wixSecretsBackend", "wix-secrets-backend"},
	{"wixUsersBackend", "wix-users-backend"}, {"wixBillingBackend", "wix-billing-backend"},
}

var npmModules = [][2]string{{"_", "lodash"}, {"dayjs", "dayjs"}, {"axios", "axios"}, {"uuid", "uuid"}}

var unicodeText = []string{
	"שלום עולם", "תודה על ההזמנה", "感谢您的订单", "订单已支付", "주문해 주셔서 감사합니다", "회원 가입",
	"🎉 new order", "🚀🔥 shipped", "café déjà vu", "Ünïcödé ✓", "👨‍👩‍👧 family plan", "ありがとう",
}

type handlerForm int

const (
	hExportFunction handlerForm = iota
	hExportAsync
	hConstArrow
	hConstAsyncArrow
	hConstFunctionExpr
	hSpecifier
	hImported
	hFactory
	hMember
	hReExportPkg
	hReExportLocal
	hDefaultObject
	hCJSProperty
	hNonFunction
	hLetNone
	hDestructured
	hClass
	hNotExported
	hExportStarAs
	numForms
)

type gen struct {
	r       *rand.Rand
	target  int
	ts      bool
	cjs     bool
	broken  bool
	crlf    bool
	noFinal bool

	lines     []string
	used      map[string]bool
	tail      []string // specifier lists and CommonJS exports written last
	imported  []string // names bound by imports usable as handler values
	hasDef    bool
	handlers  []string
	cjsObject []string // entries of a final module.exports = {…}
}

func (g *gen) plan(i int) {
	r := g.r
	g.ts = r.Intn(100) < 5
	g.cjs = !g.ts && r.Intn(100) < 5
	g.broken = r.Intn(100) < 2
	g.crlf = r.Intn(100) < 15
	g.noFinal = r.Intn(100) < 10
	g.used = map[string]bool{}
}

func (g *gen) add(format string, args ...any) {
	if len(args) == 0 {
		g.lines = append(g.lines, format)
		return
	}
	g.lines = append(g.lines, fmt.Sprintf(format, args...))
}

func (g *gen) pick(xs []string) string { return xs[g.r.Intn(len(xs))] }

// fresh returns an unused identifier built from base.
func (g *gen) fresh(base string) string {
	name := base
	for n := 2; g.used[name]; n++ {
		name = fmt.Sprintf("%s%d", base, n)
	}
	g.used[name] = true
	return name
}

// typo misspells a handler name the ways people do.
func (g *gen) typo(name string) string {
	us := strings.IndexByte(name, '_')
	switch g.r.Intn(5) {
	case 0: // swap two letters of the event
		b := []byte(name)
		i := us + 4 + g.r.Intn(len(name)-us-5)
		b[i], b[i+1] = b[i+1], b[i]
		return string(b)
	case 1: // drop a letter
		i := us + 3 + g.r.Intn(len(name)-us-3)
		return name[:i] + name[i+1:]
	case 2: // lower-case event
		return name[:us+3] + strings.ToLower(name[us+3:us+4]) + name[us+4:]
	case 3: // wrong prefix case
		return strings.ToUpper(name[:1]) + name[1:]
	default: // missing "on"
		return name[:us+1] + name[us+3:]
	}
}

func (g *gen) param() string {
	if g.ts {
		return "(event: any)"
	}
	return "(event)"
}

func (g *gen) build(i int) File {
	r := g.r
	g.header()
	g.imports()
	nh := 5 + r.Intn(26)
	if max := (g.target - 30) / 9; nh > max {
		nh = max
	}
	if nh < 5 {
		nh = 5
	}
	names := r.Perm(len(events))
	for k := 0; k < nh; k++ {
		name := events[names[k%len(names)]]
		if r.Intn(100) < 12 {
			name = g.typo(name)
		}
		if g.used[name] {
			name = g.fresh(name)
		}
		g.used[name] = true
		g.handlers = append(g.handlers, name)
		if r.Intn(4) == 0 {
			g.helper()
		}
		g.handler(name)
	}
	for len(g.lines)+len(g.tail) < g.target-1 {
		g.helper()
	}
	g.lines = append(g.lines, g.tail...)
	if len(g.cjsObject) > 0 {
		g.add("module.exports = {")
		g.lines = append(g.lines, g.cjsObject...)
		g.add("  version() { return 1; },")
		g.add("};")
	}
	if g.broken {
		g.plantError()
	}
	eol := "\n"
	if g.crlf {
		eol = "\r\n"
	}
	text := strings.Join(g.lines, eol)
	if !g.noFinal {
		text += eol
	}
	ext := ".js"
	if g.ts {
		ext = ".ts"
	}
	return File{Name: fmt.Sprintf("events-%d%s", i, ext), Text: []byte(text), CRLF: g.crlf, Broken: g.broken, CJS: g.cjs, Handlers: g.handlers}
}

func (g *gen) header() {
	g.add("// Backend event handlers. Velo calls these when the event happens.")
	if g.r.Intn(2) == 0 {
		g.add("// %s — %s", g.pick(unicodeText), g.pick(unicodeText))
	}
	g.add("/**")
	g.add(" * Handlers: %s, %s", g.pick(events), g.pick(events))
	g.add(" * export function %s(event) {}  <- not real, just documentation", g.pick(events))
	g.add(" */")
}

func (g *gen) imports() {
	r := g.r
	perm := r.Perm(len(wixModules))
	n := 2 + r.Intn(4)
	for k := 0; k < n; k++ {
		m := wixModules[perm[k]]
		g.used[m[0]] = true
		if g.cjs {
			g.add("const %s = require('%s');", m[0], m[1])
			continue
		}
		switch r.Intn(3) {
		case 0:
			g.add("import %s from '%s';", m[0], m[1])
		case 1:
			g.add("import * as %s from \"%s\";", m[0], m[1])
		default:
			fn := g.fresh(strings.TrimPrefix(m[0], "wix") + "Fn")
			g.add("import { %s as %s } from '%s';", "handle", fn, m[1])
			g.imported = append(g.imported, fn)
			g.used[m[0]] = false
		}
	}
	if r.Intn(2) == 0 {
		m := npmModules[r.Intn(len(npmModules))]
		g.used[m[0]] = true
		if g.cjs {
			g.add("const %s = require('%s');", m[0], m[1])
		} else {
			g.add("import %s from '%s';", m[0], m[1])
		}
	}
	if g.cjs {
		g.add("const { formatMoney, notify } = require('./utils');")
	} else {
		g.add("import { formatMoney, notify, logEvent as log } from './utils';")
		g.imported = append(g.imported, "log")
	}
	g.used["formatMoney"], g.used["notify"], g.used["log"] = true, true, true
	if g.ts {
		g.add("import type { Order } from './types';")
		g.add("export type HandlerResult = { ok: boolean };")
		g.add("export interface EventLike { entity?: any }")
	}
	g.add("")
}

// body writes 2–8 statements; await only in async functions.
// payloadPaths lists member paths the payload of handler name has (one and
// two levels deep, from the catalog), or nil when the catalog knows no
// payload for it (a misspelled or unknown name).
func payloadPaths(name string) []string {
	evs := catalog.Default().Lookup(name)
	if len(evs) == 0 {
		return nil
	}
	var out []string
	for _, f := range evs[0].Fields {
		out = append(out, f.Name)
		for _, c := range f.Fields {
			out = append(out, f.Name+"."+c.Name)
		}
	}
	return out
}

// read returns a payload member path for a body to read. Real handlers
// read fields their payload has; now and then (about one read in 40) one it
// does not, as people copy code between events.
func (g *gen) read(paths []string, fallback string) string {
	if len(paths) == 0 {
		return fallback
	}
	if g.r.Intn(40) == 0 {
		return g.pick([]string{"entity", "data", "order", "payload", "item", fallback})
	}
	return g.pick(paths)
}

func (g *gen) body(name string, async bool) {
	r := g.r
	paths := payloadPaths(name)
	n := 2 + r.Intn(7)
	// each statement kind once per body: some declare a const
	for _, kind := range r.Perm(10)[:n] {
		switch kind {
		case 0:
			g.add("  const id = event?.%s ?? 'unknown';", strings.ReplaceAll(g.read(paths, "entity._id"), ".", "?."))
		case 1:
			g.add("  console.log(`[%s] ${JSON.stringify(event)} %s`);", name, g.pick(unicodeText))
		case 2:
			g.add("  if (/^[A-Z]{3}-\\d+$/.test(String(event.%s))) { return null; }", g.read(paths, "id"))
		case 3:
			if async {
				g.add("  await wixDataSafeInsert('Events', { type: '%s', at: new Date() });", name)
			} else {
				g.add("  wixDataSafeInsert('Events', { type: '%s' }).then(() => null, (e) => console.error(e));", name)
			}
		case 4:
			g.add("  // also handled: %s, see below", g.pick(events))
		case 5:
			g.add("  const msg = \"%s: \" + formatMoney(event.%s || 0);", g.pick(events), g.read(paths, "amount"))
		case 6:
			g.add("  const label = `%s ${event.%s || ''}`.trim(); // %s", g.pick(unicodeText), g.read(paths, "title"), g.pick(unicodeText))
		case 7:
			g.add("  for (const item of event.%s || []) {", g.read(paths, "items"))
			g.add("    notify(item.email, `Item ${item.name} — %s`);", g.pick(unicodeText))
			g.add("  }")
		case 8:
			g.add("  /* export function %s(event) {} */", g.pick(events))
		default:
			g.add("  const total = (event.%s || []).reduce((sum, l) => sum + l.price * l.qty, 0);", g.read(paths, "lines"))
		}
	}
	if !g.used["wixDataSafeInsert"] {
		g.used["wixDataSafeInsert"] = true
		g.tail = append([]string{
			"function wixDataSafeInsert(collection, item) {",
			"  return Promise.resolve({ collection, item });",
			"}",
		}, g.tail...)
	}
}

func (g *gen) handler(name string) {
	r := g.r
	form := handlerForm(r.Intn(100))
	// Supported forms dominate real files.
	switch {
	case form < 30:
		form = hExportFunction
	case form < 45:
		form = hExportAsync
	case form < 55:
		form = hConstArrow
	case form < 62:
		form = hConstAsyncArrow
	case form < 66:
		form = hConstFunctionExpr
	case form < 72:
		form = hSpecifier
	default:
		form = hImported + handlerForm(r.Intn(int(numForms-hImported)))
	}
	if g.cjs {
		form = hCJSProperty
	}
	lead := ""
	if r.Intn(10) == 0 {
		lead = fmt.Sprintf("/* %s */ ", g.pick(unicodeText))
	}
	p := g.param()
	switch form {
	case hExportFunction:
		g.add("%sexport function %s%s {", lead, name, p)
		g.body(name, false)
		g.add("}")
	case hExportAsync:
		g.add("%sexport async function %s%s {", lead, name, p)
		g.body(name, true)
		g.add("}")
	case hConstArrow:
		g.add("%sexport const %s = %s => {", lead, name, p)
		g.body(name, false)
		g.add("};")
	case hConstAsyncArrow:
		g.add("%sexport const %s = async %s => {", lead, name, p)
		g.body(name, true)
		g.add("};")
	case hConstFunctionExpr:
		g.add("%sexport const %s = function %s {", lead, name, p)
		g.body(name, false)
		g.add("};")
	case hSpecifier:
		local := g.fresh("_" + name)
		g.add("%sasync function %s%s {", lead, local, p)
		g.body(name, true)
		g.add("}")
		g.tail = append(g.tail, fmt.Sprintf("export { %s as %s };", local, name))
	case hImported:
		g.add("%sexport const %s = %s;", lead, name, g.pick(g.imported))
	case hFactory:
		if !g.used["makeHandler"] {
			g.used["makeHandler"] = true
			g.add("const makeHandler = (kind) => (event) => console.log(kind, event);")
		}
		g.add("%sexport const %s = makeHandler('%s');", lead, name, name)
	case hMember:
		if !g.used["handlers"] {
			g.used["handlers"] = true
			g.add("const handlers = { onAny(event) { return event; } };")
		}
		g.add("%sexport const %s = handlers.onAny;", lead, name)
	case hReExportPkg:
		g.add("%sexport { onEvent as %s } from '@velo/%s-helpers';", lead, name, strings.ToLower(name[:3]))
	case hReExportLocal:
		g.add("export { onPaid as %s } from './handlers';", name)
	case hDefaultObject:
		if g.hasDef {
			g.add("export const %s = { run%s { return event; } };", name, p)
			break
		}
		g.hasDef = true
		g.add("export default {")
		g.add("  %s%s {", name, p)
		g.body(name, false)
		g.add("  },")
		g.add("};")
	case hCJSProperty:
		switch {
		case g.cjs && r.Intn(3) == 0:
			local := g.fresh("_" + name)
			g.add("function %s%s {", local, p)
			g.body(name, false)
			g.add("}")
			g.cjsObject = append(g.cjsObject, fmt.Sprintf("  %s: %s,", name, local))
		case g.cjs && r.Intn(2) == 0:
			g.add("module.exports.%s = async %s => {", name, p)
			g.body(name, true)
			g.add("};")
		default:
			g.add("exports.%s = function %s {", name, p)
			g.body(name, false)
			g.add("};")
		}
	case hNonFunction:
		g.add("%sexport const %s = %d;", lead, name, r.Intn(1000))
	case hLetNone:
		g.add("export let %s;", name)
	case hDestructured:
		g.add("export const { %s } = handlers2;", name)
		if !g.used["handlers2"] {
			g.used["handlers2"] = true
			g.tail = append(g.tail, "var handlers2 = {};")
		}
	case hClass:
		g.add("export class %s { handle%s { return event; } }", name, p)
	case hNotExported:
		g.add("function %s%s {", name, p)
		g.body(name, false)
		g.add("}")
	case hExportStarAs:
		if g.used["*shared"] {
			g.add("export function %s%s { return 0; }", name, p)
			break
		}
		g.used["*shared"] = true
		g.add("export * from './shared';")
		g.add("export * as %s from './handlers';", name)
	}
	g.add("")
}

var helperNames = []string{"formatDate", "buildMessage", "sendEmail", "sanitize", "parseAmount", "toSlug", "retry", "groupBy"}

func (g *gen) helper() {
	r := g.r
	name := g.fresh(g.pick(helperNames))
	switch r.Intn(6) {
	case 0:
		g.add("function %s(value, opts = {}) {", name)
		g.add("  // %s is called from wixStores_onNewOrder", name)
		g.add("  const re = /\\$\\{[^}]*\\}|\\/\\*.*?\\*\\//g;")
		g.add("  return String(value).replace(re, '').slice(0, opts.max || 80);")
		g.add("}")
	case 1:
		g.add("const %s = (order) => `", name)
		g.add("Order ${order.number} — %s", g.pick(unicodeText))
		g.add("export function wixFake_onTemplate(event) {}")
		g.add("Total: ${formatMoney(order.total)}`;")
	case 2:
		g.add("async function %s(fn, times = 3) {", name)
		g.add("  for (let i = 0; i < times; i++) {")
		g.add("    try { return await fn(); } catch (e) { console.warn('retry', i, e && e.message); }")
		g.add("  }")
		g.add("  throw new Error(\"export const wixBroken_onRetry = 1\");")
		g.add("}")
	case 3:
		g.add("const %s = {", name)
		g.add("  he: '%s',", unicodeText[1])
		g.add("  zh: '%s',", unicodeText[2])
		g.add("  ko: '%s',", unicodeText[4])
		g.add("  emoji: '%s',", unicodeText[6])
		g.add("};")
	case 4:
		g.add("/*")
		g.add(" * %s", g.pick(unicodeText))
		g.add(" * module.exports.%s = () => {};", g.pick(events))
		g.add(" */")
		exp := "export "
		if g.cjs {
			exp = ""
		}
		g.add("%sfunction %s(list, key) {", exp, name)
		g.add("  return list.reduce((acc, x) => ((acc[x[key]] = acc[x[key]] || []).push(x), acc), {});")
		g.add("}")
	default:
		g.add("const %s = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');", name)
	}
	g.add("")
}

// plantError breaks the file the way half-typed code is broken.
func (g *gen) plantError() {
	r := g.r
	// never inside the first lines: keep imports intact
	at := len(g.lines)/3 + r.Intn(len(g.lines)/2+1)
	if at >= len(g.lines) {
		at = len(g.lines) - 1
	}
	switch r.Intn(3) {
	case 0:
		g.lines = append(g.lines[:at], append([]string{"export function wixStores_onHalfTyped(event {"}, g.lines[at:]...)...)
	case 1:
		g.lines = append(g.lines[:at], append([]string{"const = 5;"}, g.lines[at:]...)...)
	default:
		g.lines = append(g.lines[:at], append([]string{"if (x) { // 🎉 unclosed"}, g.lines[at:]...)...)
	}
}
