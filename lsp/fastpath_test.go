package lsp

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
)

// The keystroke path equals the slow path: after every edit of a random
// sequence, what the server publishes for the open document is exactly what
// a full analysis of the same text on disk (what `check` runs) reports.
// Edits are words and statements, not bytes, and include the ones whose
// validity depends on the rest of the file: a legacy octal (ES modules are
// strict), `with`, `delete x`, `arguments = 1`, top-level await, a
// duplicate export, broken and repaired braces.
func TestKeystrokePathEqualsCheck(t *testing.T) {
	const base = `import wixData from 'wix-data';

function add(n) {
  const total = n + 1;
  return total;
}

export function wixBilling_onInvoicePaid(event) {
  const id = event.id;
  console.log(id, add(1));
}

export async function wixCrm_onContactCreated(event) {
  await wixData.insert('log', { at: event.metadata.eventTime });
}

export function helper(list) {
  for (const x of list) {
    console.log(x);
  }
}
`
	snippets := []string{
		"return n + 010;", "with (Math) { max(1, 2); }", "delete total;", "arguments = 1;",
		"await Promise.resolve();", "export function wixBilling_onInvoicePaid(event) {}",
		"const total = 2;", "let fresh = event.data;", "if (n) {", "}", "console.log(event.entity);",
		"export const wixBilling_onInvoicePayd = (e) => e;", "'use strict';", "x = 08;", "yield 1;",
		"export * from './more.js';", "module.exports.a = 1;", "label: for (;;) { break label; }",
	}
	words := []string{"event", "evt", "n", "wixBilling_onInvoiceSent", "async", "await", "function", "return", "010", "0o10", "x"}

	root := t.TempDir()
	file := filepath.Join(root, "src", "backend", "events.js")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "src", "backend", "more.js"), []byte("export function wixBilling_onInvoiceCreatd(event) {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(base), 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	c := newTestClient(t, Options{Now: now, Debounce: -1})
	c.initialize(map[string]interface{}{"workspaceFolders": []map[string]string{{"uri": fileURI(root), "name": "site"}}})
	uri := fileURI(file)
	c.open(uri, base, 1)
	c.waitDiagnostics(uri, int32p(1))

	rng := rand.New(rand.NewSource(1))
	text, lastValid := base, base
	for step := 2; step <= 300; step++ {
		// Stay mostly in valid code, where a keystroke path has most to
		// skip: three of four edits that break the file are not made,
		// unless they are edits whose validity depends on the context
		// (which a shortcut could miss).
		next := randomEdit(rng, text, snippets, words)
		if jsparse.Validate("", []byte(text), jsparse.LangJS).Error != nil && rng.Intn(2) == 0 {
			next = lastValid // the user undoes the edit that broke the file
		}
		for tries := 0; tries < 20 && next != lastValid && !contextual(text, next) && jsparse.Validate("", []byte(next), jsparse.LangJS).Error != nil && rng.Intn(4) != 0; tries++ {
			next = randomEdit(rng, text, snippets, words)
		}
		text = next
		if jsparse.Validate("", []byte(text), jsparse.LangJS).Error == nil {
			lastValid = text
		}
		c.notify("textDocument/didChange", map[string]interface{}{
			"textDocument":   map[string]interface{}{"uri": uri, "version": step},
			"contentChanges": []map[string]string{{"text": text}},
		})
		got := c.waitDiagnostics(uri, int32p(int32(step))).Diagnostics
		// The same text judged from disk by a fresh engine, as check does.
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		res := analyzer.NewEngine().AnalyzeFile(analyzer.FileInput{Path: "src/backend/events.js", Text: []byte(text),
			Role: analyzer.RoleSiteEvents, FS: os.DirFS(root)}, analyzer.Config{Now: now})
		if g, w := describeWire(got), describeAnalyzer([]byte(text), res.Diagnostics); g != w {
			t.Fatalf("step %d: the editor and check disagree on\n%s\n--- editor ---\n%s\n--- check ---\n%s", step, text, g, w)
		}
	}
}

// contextual reports whether the edit from a to b inserted one of the
// constructs whose validity depends on the rest of the file.
func contextual(a, b string) bool {
	for _, c := range []string{"010", "08", "with (", "delete ", "arguments =", "await ", "export function wixBilling_onInvoicePaid", "yield", "'use strict'"} {
		if strings.Count(b, c) > strings.Count(a, c) {
			return true
		}
	}
	return false
}

// randomEdit makes one edit at a token boundary of text: most often a
// statement written on the same line inside a function body (what typing
// in a handler is), else a statement on a line of its own, a word replaced
// or deleted, or a word inserted.
func randomEdit(rng *rand.Rand, text string, snippets, words []string) string {
	ts := jsparse.Lex([]byte(text), jsparse.LangJS)
	toks := ts.List[:len(ts.List)-1]
	if len(toks) == 0 {
		return text + snippets[rng.Intn(len(snippets))] + "\n"
	}
	t := toks[rng.Intn(len(toks))]
	switch n := rng.Intn(10); {
	case n < 5: // a statement on the same line, after a ';' inside a body
		var bodies []jsparse.Range
		f := jsparse.Parse([]byte(text), jsparse.LangJS)
		for _, e := range f.Exports {
			bodies = append(bodies, e.Body)
		}
		for _, d := range f.Declarations {
			bodies = append(bodies, d.Body)
		}
		var semis []int
		for _, k := range toks {
			for _, b := range bodies {
				if k.Is(jsparse.OpSemicolon) && b.Start >= 0 && b.Start < k.Start && k.End < b.End {
					semis = append(semis, k.End)
					break
				}
			}
		}
		if len(semis) == 0 {
			return text
		}
		at := semis[rng.Intn(len(semis))]
		return text[:at] + " " + snippets[rng.Intn(len(snippets))] + text[at:]
	case n < 7: // a statement on a line of its own
		i := strings.IndexByte(text[t.End:], '\n')
		at := len(text)
		if i >= 0 {
			at = t.End + i + 1
		}
		return text[:at] + "  " + snippets[rng.Intn(len(snippets))] + "\n" + text[at:]
	case n < 9 && (t.Kind == jsparse.TokIdent || t.Kind == jsparse.TokKeyword || t.Kind == jsparse.TokNumber):
		if rng.Intn(3) == 0 {
			return text[:t.Start] + text[t.End:]
		}
		return text[:t.Start] + words[rng.Intn(len(words))] + text[t.End:]
	default:
		return text[:t.End] + " " + words[rng.Intn(len(words))] + text[t.End:]
	}
}

func describeWire(ds []wireDiagnosis) string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d:%d-%d:%d %s %s", d.Range.Start.Line, d.Range.Start.Character, d.Range.End.Line, d.Range.End.Character, d.Code, d.Message))
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func describeAnalyzer(text []byte, ds []analyzer.Diagnostic) string {
	ix := textpos.New(text)
	var out []string
	for _, d := range ds {
		if d.Severity == analyzer.SeverityOff {
			continue
		}
		r := toRange(ix, d.Range, textpos.UTF16)
		msg := d.Message
		for _, n := range d.Notes {
			if n.Range.Start < 0 || (n.Path != "" && n.Path != d.Path) {
				if n.Message != "" {
					msg += "\n" + n.Message
				}
			}
		}
		out = append(out, fmt.Sprintf("%d:%d-%d:%d %s %s", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character, d.Code, msg))
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}
