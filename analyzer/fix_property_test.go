package analyzer_test

import (
	"strings"
	"testing"
	"time"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/internal/corpus"
	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

// checkFixProperties applies --fix to one file and checks, with esbuild
// as the judge (not the fixer's own verification): the result loads, no
// export name disappears except by a reported rename, the old name of a
// rename is referenced nowhere, and a second --fix changes nothing.
func checkFixProperties(t *testing.T, name string, text []byte) (applied int) {
	t.Helper()
	path := "src/backend/" + name
	lang := jsparse.LangFromPath(path)
	cfg := analyzer.Config{Now: fixtureNow}
	in := analyzer.FileInput{Path: path, Text: text, Role: analyzer.RoleSiteEvents}
	out := analyzer.FixFile(in, cfg, nil)
	if len(out.Applied) == 0 {
		if string(out.Text) != string(text) {
			t.Fatalf("%s: no fix applied, but the text changed", name)
		}
		return 0
	}
	if v := jsparse.Validate(path, out.Text, lang); v.Error != nil {
		t.Fatalf("%s: the fixed file does not load: %s\n%s", name, v.Error.Message, analyzer.UnifiedDiff(name, text, out.Text))
	}
	before, _, err1 := jsparse.EsbuildExports(path, text, lang)
	after, _, err2 := jsparse.EsbuildExports(path, out.Text, lang)
	// esbuild sees a CommonJS file as one default export: its names come
	// from the parser (itself checked against esbuild's CommonJS verdict).
	before = append(before, commonJSNames(text, lang)...)
	after = append(after, commonJSNames(out.Text, lang)...)
	if err1 == nil && err2 == nil {
		renamed := map[string]string{}
		for _, a := range out.Applied {
			if a.Renames != nil {
				renamed[a.Renames.From] = a.Renames.To
			}
		}
		have := map[string]bool{}
		for _, n := range after {
			have[n] = true
		}
		for _, n := range before {
			// A name renamed in one pass can be renamed again in the
			// next (export default function f, exported by name as f,
			// then f's misspelling fixed): follow the chain, at most one
			// hop per applied fix.
			for hops := 0; hops < len(out.Applied); hops++ {
				to, ok := renamed[n]
				if !ok {
					break
				}
				n = to
			}
			// A CommonJS file's esbuild view is "default"; its fix makes it ESM.
			if !have[n] && !(n == "default" && len(after) > 0) {
				t.Fatalf("%s: export %q disappeared (before %v, after %v)\n%s", name, n, before, after, analyzer.UnifiedDiff(name, text, out.Text))
			}
		}
	}
	for _, a := range out.Applied {
		if a.Renames == nil || a.Renames.From == "default" {
			continue
		}
		ots := jsparse.Lex(out.Text, lang)
		for _, tok := range ots.List {
			if tok.Kind == jsparse.TokIdent && ots.Value(tok) == a.Renames.From && !propertyAt(out.Text, tok.Start) && !keyAt(out.Text, tok.End) {
				t.Fatalf("%s: a reference to the renamed %s is left at %d\n%s", name, a.Renames.From, tok.Start, analyzer.UnifiedDiff(name, text, out.Text))
			}
		}
	}
	// No name loses a reference but a renamed one (and, for a CommonJS
	// export turned into an ES one, module and exports).
	refs := func(b []byte) map[string]int {
		m := map[string]int{}
		ts := jsparse.Lex(b, lang)
		toks := ts.List
		for i, tok := range toks {
			if tok.Kind == jsparse.TokIdent && !propertyAt(b, tok.Start) && !(keyAt(b, tok.End) && i > 0 && (toks[i-1].Is(jsparse.OpLBrace) || toks[i-1].Is(jsparse.OpComma))) {
				m[ts.Value(tok)]++
			}
		}
		return m
	}
	rb, ra := refs(text), refs(out.Text)
	for n, k := range rb {
		if n == "module" || n == "exports" || renamedFrom(out, n) {
			continue
		}
		if ra[n] < k {
			t.Fatalf("%s: %s lost a reference (%d before, %d after)\n%s", name, n, k, ra[n], analyzer.UnifiedDiff(name, text, out.Text))
		}
	}
	again := analyzer.FixFile(analyzer.FileInput{Path: path, Text: out.Text, Role: in.Role}, cfg, nil)
	if string(again.Text) != string(out.Text) {
		t.Fatalf("%s: a second --fix changed the file again:\n%s", name, analyzer.UnifiedDiff(name, out.Text, again.Text))
	}
	return len(out.Applied)
}

func commonJSNames(text []byte, lang jsparse.Lang) []string {
	var out []string
	for _, e := range jsparse.Parse(text, lang).Exports {
		if e.Form == jsparse.FormCommonJS && e.Name != "" {
			out = append(out, e.Name)
		}
	}
	return out
}

func renamedFrom(out *analyzer.FixOutcome, n string) bool {
	for _, a := range out.Applied {
		if a.Renames != nil && a.Renames.From == n {
			return true
		}
	}
	return false
}

// propertyAt and keyAt read the raw text around an identifier: a `.`
// before it, a `:` after it (with a `{` or `,` before).
func propertyAt(text []byte, start int) bool {
	i := start - 1
	for i >= 0 && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
		i--
	}
	return i >= 0 && text[i] == '.'
}

func keyAt(text []byte, end int) bool {
	i := end
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i < len(text) && text[i] == ':'
}

func TestFixPropertiesOnGeneratedFiles(t *testing.T) {
	n := 200
	if testing.Short() {
		n = 60
	}
	files := corpus.Generate(7, n)
	total, fixedFiles := 0, 0
	for _, f := range files {
		k := checkFixProperties(t, f.Name, f.Text)
		total += k
		if k > 0 {
			fixedFiles++
		}
	}
	if total == 0 {
		t.Fatal("no fix applied to any generated file: the property was not exercised")
	}
	t.Logf("%d fixes applied in %d of %d files", total, fixedFiles, len(files))
}

// FuzzFixFile checks the same properties on mutated inputs.
func FuzzFixFile(f *testing.F) {
	for _, s := range []string{
		"exports.wixMembers_onMemberCreated = exports.wixCrm_onContactCreated = function(e){};",
		"exports.wixBilling_onInvoicePaid = other = function(e){};\nvar other;",
		"export function wixBiling_onInvoicePaid(e) {}\nwixBiling_onInvoicePaid(1);",
		"const wixBilling_onInvoicePaid = 1;\nexport function wixBilling_onInvoicePayed(e) {}",
		"export { f as wixBilling_onInvoicePaid } from \"@velo/it's\";",
		"export default function wixBilling_onInvoicePaid(e) {}",
		"function wixBilling_onInvoicePaid(e) {}\nexport const x = { wixBilling_onInvoicePaid };",
	} {
		f.Add(s)
	}
	for _, file := range corpus.Generate(3, 20) {
		f.Add(string(file.Text))
	}
	for _, s := range guardSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 20000 || strings.ContainsRune(src, 0) {
			return
		}
		start := time.Now()
		checkFixProperties(t, "events.js", []byte(src))
		// Slowness is a finding too: the fuzzer keeps the input.
		if d := time.Since(start); d > 20*time.Second {
			t.Fatalf("--fix on a %d-byte input took %v", len(src), d)
		}
	})
}

// guardSeeds are files at and just over the guard's limits (issue 10 part
// 3: shapes that overflow esbuild's stack or make it quadratic), each with
// a misspelled handler that --fix would rename, all under FuzzFixFile's
// 20,000 bytes: the fuzzers start from both sides of every limit.
func guardSeeds() []string {
	head := "export function wixBilling_onInvoicePayed(event) {}\n"
	r := strings.Repeat
	return []string{
		head + "export const x = " + r("!", jsparse.MaxChain) + "a;\n",
		head + "export const x = " + r("!", jsparse.MaxChain+1) + "a;\n",
		head + "export const x = a" + r(".b", jsparse.MaxChain) + ";\n",
		head + "export const x = a" + r(".b", jsparse.MaxChain+1) + ";\n",
		head + "export const x = f" + r("()", jsparse.MaxChain+1) + ";\n",
		head + "let a;\n" + r("a=", jsparse.MaxChain) + "b;\n",
		head + "let a;\n" + r("a=", jsparse.MaxChain+1) + "b;\n",
		head + "export function f(a) {\n  return " + r("a,", jsparse.MaxCommaSequence) + "a;\n}\n",
		head + "export function f(a) {\n  return " + r("a,", jsparse.MaxCommaSequence+1) + "a;\n}\n",
		head + "export const x = " + r("[", jsparse.MaxNestingDepth) + r("]", jsparse.MaxNestingDepth) + ";\n",
		head + "export const x = " + r("[", jsparse.MaxNestingDepth+1) + r("]", jsparse.MaxNestingDepth+1) + ";\n",
	}
}
