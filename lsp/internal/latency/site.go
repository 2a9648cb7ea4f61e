package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/velo-lsp/velo-lsp/catalog"
)

// reservedPrefix: the generated file has no handler of wix-billing-backend.
// The scripts type those names at the top level (a name the file already
// exported would be a duplicate export, a different error path from the
// one measured) and complete "wixBilling_onInv".
const reservedPrefix = "wixBilling_"

var comments = []string{
	"שלום, ההזמנה התקבלה", "感谢您的订单 🎉", "주문해 주셔서 감사합니다", "🚀 shipped", "café déjà vu ✓",
	"👨‍👩‍👧 family plan", "ありがとう", "nightly clean-up",
}

// handlerBlock is one generated handler.
type handlerBlock struct {
	name string
}

// eventsFile generates an events file of at least n lines, the way real
// sites write them: imports of wix-* modules and a local helper module,
// many handlers of current events from the catalog (async and not, arrow
// consts among them), each reading fields its payload has (event.<field>,
// one nested level), logging, awaiting wix-data, early returns; helper
// functions between handlers; block and line comments with Hebrew, CJK,
// Korean and emoji; one misspelled handler (an unknown-handler
// diagnostic is always on screen), a deprecated one and one read of a
// field the payload lacks. Output is a pure function of n and the catalog.
func eventsFile(cat *catalog.Catalog, n int) (string, []handlerBlock) {
	var lines []string
	add := func(format string, args ...any) {
		if len(args) == 0 {
			lines = append(lines, format)
			return
		}
		lines = append(lines, fmt.Sprintf(format, args...))
	}
	add("// Backend events of the shop. Velo calls each handler when its event happens.")
	add("// %s", comments[0])
	add("import wixData from 'wix-data';")
	add("import { fetch } from 'wix-fetch';")
	add("import { formatMoney, notify, logEvent } from 'backend/utils';")
	add("")
	add("const LOG = 'EventLog';")
	add("")
	add("export function wixStores_onNewOrdr(event) {") // misspelled on purpose
	add("  logEvent('order', event);")
	add("}")
	add("")
	for _, ev := range cat.Events() { // a deprecated event that still fires
		if ev.Status == catalog.StatusDeprecated && ev.SunsetDate == "" && !strings.HasPrefix(ev.Handler, reservedPrefix) {
			add("export function %s(event) {", ev.Handler)
			add("  logEvent('%s', event);", ev.Event)
			add("}")
			add("")
			break
		}
	}

	var blocks []handlerBlock
	seen := map[string]bool{}
	k := 0
	for _, ev := range cat.Events() {
		if len(lines) >= n {
			break
		}
		if ev.Status != catalog.StatusCurrent || ev.Maturity != catalog.MaturityStable || seen[ev.Handler] || strings.HasPrefix(ev.Handler, reservedPrefix) {
			continue
		}
		seen[ev.Handler] = true
		k++
		add("/**")
		add(" * %s.%s — %s", ev.Module, ev.Event, comments[k%len(comments)])
		add(" */")
		blocks = append(blocks, handlerBlock{name: ev.Handler})
		switch k % 4 {
		case 0, 1:
			add("export async function %s(event) {", ev.Handler)
		case 2:
			add("export function %s(event) {", ev.Handler)
		default:
			add("export const %s = async (event) => {", ev.Handler)
		}
		reads := payloadReads(ev.Fields)
		for i, r := range reads {
			add("  const v%d = event.%s;", i, r)
		}
		if k == 7 && len(reads) > 0 {
			add("  const extra = event.notAFieldOfThisPayload;") // an unknown payload field
		}
		add("  console.log('%s', JSON.stringify(event)); // %s", ev.Handler, comments[(k+3)%len(comments)])
		if len(reads) > 0 {
			add("  if (!v0) {")
			add("    return;")
			add("  }")
		}
		if k%4 == 2 {
			add("  wixData.insert(LOG, { type: '%s', at: new Date() }).catch((e) => console.error(e));", ev.Event)
		} else {
			add("  await wixData.insert(LOG, { type: '%s', at: new Date() });", ev.Event)
		}
		if k%4 == 3 {
			add("};")
		} else {
			add("}")
		}
		add("")
		if k%3 == 0 {
			add("// helper for %s", ev.Event)
			add("function summary%d(items) {", k)
			add("  let total = 0;")
			add("  for (const it of items || []) {")
			add("    total += Number(it.price || 0) * (it.quantity || 1);")
			add("  }")
			add("  return formatMoney(total) + ' — %s';", comments[k%len(comments)])
			add("}")
			add("")
		}
	}
	for i := 0; len(lines) < n; i++ { // the catalog ran out
		add("function pad%d(x) { return x + %d; }", i, i)
	}
	return strings.Join(lines, "\n") + "\n", blocks
}

// payloadReads returns up to three member paths the payload has: its
// first fields, and one nested field when the first object field has one.
func payloadReads(fields []catalog.Field) []string {
	var out []string
	for _, f := range fields {
		if len(out) == 2 {
			break
		}
		if isIdent(f.Name) {
			out = append(out, f.Name)
		}
	}
	for _, f := range fields {
		if len(f.Fields) > 0 && !f.Array && isIdent(f.Name) && isIdent(f.Fields[0].Name) {
			out = append(out, f.Name+"?."+f.Fields[0].Name)
			break
		}
	}
	return out
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9' {
			continue
		}
		return false
	}
	return true
}

const utilsJS = `// Shared helpers of the backend.
export function formatMoney(amount, currency = 'USD') {
  return ` + "`${currency} ${Number(amount).toFixed(2)}`" + `;
}
export const notify = (to, text) => console.log('notify', to, text);
export function logEvent(name, event) {
  console.log(name, JSON.stringify(event));
}
`

// writeSite writes a site (wix.config.json, src/backend/events.js with
// text, src/backend/utils.js, a page) under root and returns the events
// file's path.
func writeSite(root, text string) (string, error) {
	files := map[string]string{
		"wix.config.json":       `{"siteId": "00000000-0000-0000-0000-000000000000", "uiVersion": "6"}` + "\n",
		"src/backend/events.js": text,
		"src/backend/utils.js":  utilsJS,
		"src/pages/Home.js":     "$w.onReady(() => {});\n",
	}
	for rel, body := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return "", err
		}
	}
	return filepath.Join(root, "src", "backend", "events.js"), nil
}

// doc is the client's copy of the open document, as lines without their
// "\n". Edits are made where the line is ASCII up to the edit, so a byte
// column is also the UTF-16 column the protocol speaks (checked).
type doc struct {
	lines   []string
	version int
}

func newDoc(text string) *doc {
	return &doc{lines: strings.Split(strings.TrimSuffix(text, "\n"), "\n"), version: 1}
}

func (d *doc) text() string { return strings.Join(d.lines, "\n") + "\n" }

// edit is one change in protocol terms: replace [line:col, line:endCol)
// of one line with text, which may end a line ("…\n…": at most one line
// break).
type edit struct {
	line, col, endCol int
	text              string
}

// apply applies e to the copy, checks the ASCII premise and returns the
// contentChanges entry to send.
func (d *doc) apply(e edit) (map[string]any, error) {
	l := d.lines[e.line]
	if e.endCol > len(l) || e.col > e.endCol {
		return nil, fmt.Errorf("edit %+v outside line %d (%q)", e, e.line, l)
	}
	for i := 0; i < e.endCol; i++ {
		if l[i] >= utf8.RuneSelf {
			return nil, fmt.Errorf("edit %+v on line %d after non-ASCII text: columns would differ", e, e.line)
		}
	}
	rng := map[string]any{
		"start": map[string]int{"line": e.line, "character": e.col},
		"end":   map[string]int{"line": e.line, "character": e.endCol},
	}
	if strings.Contains(e.text, "\n") {
		// Only a line break at the end of what replaces: a new line after.
		before, after, _ := strings.Cut(e.text, "\n")
		if strings.Contains(after, "\n") {
			return nil, fmt.Errorf("edit %+v: at most one line break", e)
		}
		head := l[:e.col] + before
		tail := after + l[e.endCol:]
		d.lines = append(d.lines[:e.line+1], d.lines[e.line:]...)
		d.lines[e.line], d.lines[e.line+1] = head, tail
	} else {
		d.lines[e.line] = l[:e.col] + e.text + l[e.endCol:]
	}
	d.version++
	return map[string]any{"range": rng, "text": e.text}, nil
}
