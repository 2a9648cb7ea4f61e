//go:build treesitter

package jsparse

// The differential test: the scanner (Parse) against the tree-sitter
// implementation it replaces (ParseTreeSitter), whole records compared
// (every field of every Export, Member and Declaration, Format,
// UsesCommonJS, HasErrors), on every file esbuild accepts among: the
// repository's fixtures (txtar archives extracted), this package's test
// cases, the generated corpora, the fuzz corpora, and token-level
// mutations of corpus files that esbuild still accepts.
//
// A difference is either a known tree-sitter mistake (named in
// knownDifferences, each checked against esbuild or the language: the
// scanner must be the side that is right) or a test failure.
//
//	go test -tags treesitter -run TestDifferential ./analyzer/jsparse/
//
// VELO_DIFF_MUTANTS sets the number of accepted mutated files (default
// 3000); VELO_DIFF_REPORT=path writes the per-source counts and every
// difference found to path.

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/velo-lsp/velo-lsp/analyzer/internal/corpus"
)

type diffSource struct {
	name  string
	files []diffFile
}

type diffFile struct {
	name string
	lang Lang
	src  []byte
}

func isScriptName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".js", ".jsw", ".mjs", ".cjs", ".ts", ".mts", ".cts":
		return true
	}
	return false
}

// repoRoot is the module root, two levels above this package.
func repoRoot(t *testing.T) string {
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// fixtureFiles reads every script under a testdata directory of the
// repository, and every script inside a txtar archive there.
func fixtureFiles(t *testing.T) []diffFile {
	var out []diffFile
	root := repoRoot(t)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == ".git" || n == "node_modules" || n == "fuzz" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if !strings.Contains(filepath.ToSlash(rel), "testdata/") {
			return nil
		}
		if isScriptName(p) {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, diffFile{rel, LangFromPath(p), data})
		}
		if strings.HasSuffix(p, ".txtar") {
			ar, err := txtar.ParseFile(p)
			if err != nil {
				return err
			}
			for _, f := range ar.Files {
				if isScriptName(f.Name) {
					out = append(out, diffFile{rel + ":" + f.Name, LangFromPath(f.Name), f.Data})
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// testCaseFiles are the sources of this package's table tests.
func testCaseFiles() []diffFile {
	var out []diffFile
	for _, tc := range parseCases {
		out = append(out, diffFile{"parseCases/" + tc.name, tc.lang, []byte(tc.src)})
	}
	for _, tc := range agreementOnly {
		out = append(out, diffFile{"agreementOnly/" + tc.name, tc.lang, []byte(tc.src)})
	}
	for _, tc := range lexCases {
		lang := LangJS
		if tc.ts {
			lang = LangTS
		}
		out = append(out, diffFile{"lexCases/" + tc.name, lang, []byte(tc.src)})
	}
	for _, tc := range declarationCases {
		out = append(out, diffFile{"declarationCases/" + tc.name, tc.lang, []byte(tc.src)})
	}
	for _, tc := range formatCases {
		out = append(out, diffFile{"formatCases/" + tc.name, LangJS, []byte(tc.src)})
	}
	for _, tc := range scanCases {
		out = append(out, diffFile{"scanCases/" + tc.name, tc.lang, []byte(tc.src)})
	}
	return out
}

func corpusFilesFor(seed int64, n int) []diffFile {
	var out []diffFile
	for _, f := range corpus.Generate(seed, n) {
		out = append(out, diffFile{fmt.Sprintf("seed%d/%s", seed, f.Name), LangFromPath(f.Name), f.Text})
	}
	return out
}

// fuzzCorpusFiles reads the checked-in fuzz corpora and, when present, the
// Go build cache's corpora of this package's fuzz tests.
func fuzzCorpusFiles(t *testing.T) (checkedIn, cached []diffFile) {
	read := func(dir string, into *[]diffFile) {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			lines := strings.Split(string(data), "\n")
			if len(lines) < 2 || lines[0] != "go test fuzz v1" {
				return nil
			}
			// the first argument is the source; a bool after it may say TypeScript
			src, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "string("), ")"))
			if err != nil {
				if b, err2 := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")")); err2 == nil {
					src = b
				} else {
					return nil
				}
			}
			lang := LangJS
			if len(lines) > 2 && lines[2] == "bool(true)" && strings.Contains(p, "FuzzLex") {
				lang = LangTS
			}
			*into = append(*into, diffFile{p, lang, []byte(src)})
			return nil
		})
	}
	read("testdata/fuzz", &checkedIn)
	if cache := os.Getenv("GOCACHE"); cache != "" || true {
		if out, err := goEnv("GOCACHE"); err == nil && out != "" {
			read(filepath.Join(out, "fuzz", "github.com", "velo-lsp", "velo-lsp", "analyzer", "jsparse"), &cached)
		}
	}
	return checkedIn, cached
}

func goEnv(key string) (string, error) {
	if v := os.Getenv(key); v != "" {
		return v, nil
	}
	home, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, "go-build"), nil
}

// mutants returns up to n token-level mutations of the seed files that
// esbuild accepts (deterministic).
func mutants(seeds []diffFile, n, maxTries int) []diffFile {
	r := rand.New(rand.NewSource(20261201))
	pool := []string{"export", "default", "async", "function", "const", "let", "var", "class", "=", ";", ",", "(", ")",
		"{", "}", "[", "]", ".", "=>", "?.", "!", "+", "/", "*", "await", "module", "exports", "require", "this", "new",
		"typeof", "yield", "return", "in", "of", "as", "type", "interface", "declare", "namespace", "enum", "import",
		"from", "'x'", "0", "`t${a}`", "/re/g", "\n", "x", "h", "=", ":", "?", "...", "static", "get", "abstract", "@d", "#p"}
	var out []diffFile
	for tries := 0; tries < maxTries && len(out) < n; tries++ {
		f := seeds[r.Intn(len(seeds))]
		toks := Lex(f.src, f.lang).List
		var sig []Token
		for _, tk := range toks {
			if !tk.IsComment() && tk.Kind != TokEOF && tk.Kind != TokHashbang {
				sig = append(sig, tk)
			}
		}
		if len(sig) < 2 {
			continue
		}
		k := r.Intn(len(sig))
		tk := sig[k]
		src := f.src
		var m []byte
		word := pool[r.Intn(len(pool))]
		if r.Intn(3) == 0 {
			// a name from the file
			o := sig[r.Intn(len(sig))]
			if o.Kind == TokIdent {
				word = string(src[o.Start:o.End])
			}
		}
		splice := func(a, b int, with string) []byte {
			out := append([]byte{}, src[:a]...)
			out = append(out, with...)
			return append(out, src[b:]...)
		}
		op := r.Intn(7)
		switch op {
		case 0: // delete
			m = splice(tk.Start, tk.End, "")
		case 1: // duplicate
			m = splice(tk.End, tk.End, " "+string(src[tk.Start:tk.End]))
		case 2: // swap with the next token
			if k+1 >= len(sig) {
				continue
			}
			nx := sig[k+1]
			m = append([]byte{}, src[:tk.Start]...)
			m = append(m, src[nx.Start:nx.End]...)
			m = append(m, src[tk.End:nx.Start]...)
			m = append(m, src[tk.Start:tk.End]...)
			m = append(m, src[nx.End:]...)
		case 3: // replace
			m = splice(tk.Start, tk.End, word)
		case 4: // insert before
			m = splice(tk.Start, tk.Start, word+" ")
		case 5: // a line break before the token
			m = splice(tk.Start, tk.Start, "\n")
		default: // join the token to the previous line
			a := tk.Start
			for a > 0 && (src[a-1] == ' ' || src[a-1] == '\t' || src[a-1] == '\n' || src[a-1] == '\r') {
				a--
			}
			if a == tk.Start {
				continue
			}
			m = splice(a, tk.Start, " ")
		}
		if v := Validate("x", m, f.lang); v.Error != nil {
			continue
		}
		if _, _, err := EsbuildExports("x", m, f.lang); err != nil {
			continue
		}
		out = append(out, diffFile{fmt.Sprintf("%s~m%d.%d", f.name, tries, op), f.lang, m})
	}
	return out
}

// ---------------------------------------------------------------------------
// comparison

// difference is one field that differs between the two implementations.
type difference struct {
	file       string
	field      string // "Exports[2].Stmt", "Format", …
	treeSitter string
	scanner    string
	known      string // the known-difference name, "" when unexplained
}

func rangeText(src []byte, r Range) string {
	if r.Start < 0 || r.End > len(src) || r.Start > r.End {
		return fmt.Sprintf("%v", r)
	}
	s := string(src[r.Start:r.End])
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return fmt.Sprintf("%v %q", r, s)
}

// compareFiles lists the differing fields of the two Files.
func compareFiles(src []byte, ts, sc *File) []difference {
	var out []difference
	add := func(field string, a, b any) {
		out = append(out, difference{field: field, treeSitter: fmt.Sprint(a), scanner: fmt.Sprint(b)})
	}
	cmpStruct := func(prefix string, a, b reflect.Value) {
		for i := 0; i < a.NumField(); i++ {
			fa, fb := a.Field(i), b.Field(i)
			name := a.Type().Field(i).Name
			if name == "Members" {
				continue
			}
			if !reflect.DeepEqual(fa.Interface(), fb.Interface()) {
				if r, ok := fa.Interface().(Range); ok {
					add(prefix+"."+name, rangeText(src, r), rangeText(src, fb.Interface().(Range)))
				} else {
					add(prefix+"."+name, fa.Interface(), fb.Interface())
				}
			}
		}
	}
	if len(ts.Exports) != len(sc.Exports) {
		add("len(Exports)", exportList(ts.Exports), exportList(sc.Exports))
	} else {
		for i := range ts.Exports {
			p := fmt.Sprintf("Exports[%d:%s]", i, ts.Exports[i].Name)
			cmpStruct(p, reflect.ValueOf(ts.Exports[i]), reflect.ValueOf(sc.Exports[i]))
			ma, mb := ts.Exports[i].Members, sc.Exports[i].Members
			if len(ma) != len(mb) {
				add(p+".len(Members)", len(ma), len(mb))
				continue
			}
			for j := range ma {
				cmpStruct(fmt.Sprintf("%s.Members[%d:%s]", p, j, ma[j].Name), reflect.ValueOf(ma[j]), reflect.ValueOf(mb[j]))
			}
		}
	}
	if len(ts.Declarations) != len(sc.Declarations) {
		add("len(Declarations)", declList(ts.Declarations), declList(sc.Declarations))
	} else {
		for i := range ts.Declarations {
			cmpStruct(fmt.Sprintf("Declarations[%d:%s]", i, ts.Declarations[i].Name), reflect.ValueOf(ts.Declarations[i]), reflect.ValueOf(sc.Declarations[i]))
		}
	}
	if ts.Format != sc.Format {
		add("Format", ts.Format, sc.Format)
	}
	if ts.UsesCommonJS != sc.UsesCommonJS {
		add("UsesCommonJS", ts.UsesCommonJS, sc.UsesCommonJS)
	}
	if ts.HasErrors != sc.HasErrors {
		add("HasErrors", fmt.Sprint(ts.HasErrors, ts.ErrorRanges), fmt.Sprint(sc.HasErrors, sc.ErrorRanges))
	}
	return out
}

func exportList(es []Export) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, fmt.Sprintf("%s/%s", formNames[e.Form], e.Name))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func declList(ds []Declaration) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, d.Name)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// ---------------------------------------------------------------------------

type diffCounts struct {
	source                   string
	files, compared, skipped int
	withDiff, unknown        int
}

// outsideLexer: esbuild accepts the file for what the lexer deliberately
// does not read (SCANNER_NOTES.md): HTML-like comments, identifier
// characters newer than Go's Unicode tables.
func outsideLexer(f diffFile) bool {
	if bytes.Contains(f.src, []byte("<!--")) || bytes.Contains(f.src, []byte("-->")) {
		return true
	}
	for _, t := range Lex(f.src, f.lang).List {
		if t.Kind == TokInvalid && f.src[t.Start] >= 0x80 {
			return true
		}
	}
	return false
}

func TestDifferential(t *testing.T) {
	nMutants := 3000
	if s := os.Getenv("VELO_DIFF_MUTANTS"); s != "" {
		nMutants, _ = strconv.Atoi(s)
	}
	corpusN := 2000
	if testing.Short() {
		nMutants, corpusN = 200, 200
	}
	fixtures := fixtureFiles(t)
	checkedIn, cached := fuzzCorpusFiles(t)
	corpusA := corpusFilesFor(20261128, corpusN)
	corpusB := corpusFilesFor(1, corpusN)
	corpusC := corpusFilesFor(5, corpusN)
	var large []diffFile
	for _, lines := range []int{200, 2000} {
		f := corpus.GenerateFile(42, lines)
		large = append(large, diffFile{fmt.Sprintf("GenerateFile(42,%d)", lines), LangJS, f.Text})
	}
	for name, text := range corpus.SupportFiles {
		large = append(large, diffFile{"SupportFiles/" + name, LangJS, []byte(text)})
	}
	seeds := append(append([]diffFile{}, corpusA[:min(400, len(corpusA))]...), testCaseFiles()...)
	seeds = append(seeds, fixtures...)
	sources := []diffSource{
		{"repository fixtures (testdata/**, txtar extracted)", fixtures},
		{"jsparse test cases", testCaseFiles()},
		{"generated corpus seed 20261128", corpusA},
		{"generated corpus seed 1", corpusB},
		{"generated corpus seed 5", corpusC},
		{"generated single files and support files", large},
		{"checked-in fuzz corpora", checkedIn},
		{"cached fuzz corpora (GOCACHE)", cached},
		{"token-level mutants esbuild accepts", mutants(seeds, nMutants, nMutants*12)},
	}
	var report strings.Builder
	var counts []diffCounts
	byKnown := map[string]int{}
	var all []difference
	srcOf := map[string][]byte{}
	for _, s := range sources {
		c := diffCounts{source: s.name, files: len(s.files)}
		for _, f := range s.files {
			if v := Validate(f.name, f.src, f.lang); v.Error != nil {
				continue
			}
			if outsideLexer(f) {
				c.skipped++
				continue
			}
			names, format, err := EsbuildExports(f.name, f.src, f.lang)
			if err != nil {
				continue
			}
			c.compared++
			ts := ParseTreeSitter(f.src, f.lang)
			sc := Parse(f.src, f.lang)
			ds := compareFiles(f.src, ts, sc)
			if len(ds) > 0 {
				c.withDiff++
			}
			oracle := esbuildView{names: names, format: format}
			for i := range ds {
				ds[i].file = f.name
				ds[i].known = explain(f, ts, sc, oracle, ds[i])
				if ds[i].known == "" {
					c.unknown++
					if c.unknown <= 15 {
						t.Errorf("%s: unexplained difference in %s\n tree-sitter: %s\n     scanner: %s\n--- source:\n%s", f.name, ds[i].field, ds[i].treeSitter, ds[i].scanner, clip(f.src))
					}
				} else {
					byKnown[ds[i].known]++
				}
			}
			all = append(all, ds...)
			if len(ds) > 0 {
				srcOf[f.name] = f.src
			}
			// the scanner is always right about what esbuild exports
			if got := ESMExportNames(sc); format != FormatCJS && !reflect.DeepEqual(got, names) {
				t.Errorf("%s: scanner names %v, esbuild %v", f.name, got, names)
			}
			if sc.Format != format {
				if !knownFormatLimit(f, sc, format) {
					t.Errorf("%s: scanner format %q, esbuild %q", f.name, sc.Format, format)
				}
			}
		}
		counts = append(counts, c)
	}
	fmt.Fprintf(&report, "%-52s %7s %9s %8s %10s %9s\n", "source", "files", "compared", "skipped", "with diff", "unknown")
	total := 0
	for _, c := range counts {
		fmt.Fprintf(&report, "%-52s %7d %9d %8d %10d %9d\n", c.source, c.files, c.compared, c.skipped, c.withDiff, c.unknown)
		total += c.compared
	}
	fmt.Fprintf(&report, "%-52s %7s %9d\n\nknown differences (fields):\n", "total", "", total)
	var names []string
	for k := range byKnown {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(&report, "  %-40s %6d  %s\n", k, byKnown[k], knownDifferences[k])
	}
	t.Log("\n" + report.String())
	if p := os.Getenv("VELO_DIFF_REPORT"); p != "" {
		var b bytes.Buffer
		b.WriteString(report.String())
		b.WriteString("\nevery difference:\n")
		for _, d := range all {
			fmt.Fprintf(&b, "%s\t%s\t%s\n\tts: %s\n\tsc: %s\n", d.known, d.file, d.field, d.treeSitter, d.scanner)
		}
		b.WriteString("\nsources of files with an unexplained difference:\n")
		done := map[string]bool{}
		for _, d := range all {
			if d.known == "" && !done[d.file] {
				done[d.file] = true
				fmt.Fprintf(&b, "=== %s\n%s\n", d.file, srcOf[d.file])
			}
		}
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Error(err)
		}
	}
	if total < 5000 && !testing.Short() {
		t.Errorf("only %d files compared", total)
	}
}

func clip(src []byte) string {
	if len(src) > 1500 {
		return string(src[:1500]) + "\n…"
	}
	return string(src)
}

// esbuildView is the oracle for one file.
type esbuildView struct {
	names  []string
	format Format
}

// knownDifferences names every difference the test expects: each is a
// tree-sitter mistake, and explain checks that the scanner is the side
// that is right (against esbuild's metafile, or the language).
var knownDifferences = map[string]string{
	"ts-error-on-valid-input":           "tree-sitter reports a syntax error (and recovers into another structure) on a file esbuild accepts",
	"ts-range-takes-trailing-comment":   "tree-sitter's statement, value or body range runs over a comment after the last token (ASI, function bodies)",
	"ts-wrong-export-names":             "tree-sitter's ESM export names differ from esbuild's metafile, the scanner's equal them (export on its own line, export namespace A.B, namespaces holding export declare, export {x}\\nfrom …)",
	"format-top-level-this":             "top-level this makes esbuild treat a file without ESM syntax as CommonJS; tree-sitter ignored it",
	"format-return-in-block":            "a top-level return inside a block makes the file CommonJS; tree-sitter saw returns only as direct children of the program",
	"format-export-equals":              "TypeScript export = is CommonJS for esbuild (module.exports = …), not ESM",
	"format-import-with-commonjs":       "esbuild: an import statement makes a file ESM only when no CommonJS marker is present",
	"format-import-equals":              "TypeScript import x = require() is not ESM syntax for esbuild",
	"format-module-bound-locally":       "module/exports bound by a parameter, local or top-level let/const/function is not CommonJS for esbuild; tree-sitter checked top-level bindings only",
	"ts-namespace-not-a-declaration":    "tree-sitter reads a non-exported TypeScript namespace as an expression statement: it is missing from Declarations and exports naming it are unresolved",
	"ts-import-alias-member":            "export import A = B.C: tree-sitter classified B.C (a nested_identifier node) as other; it is a member access",
	"ts-type-assertion-not-unwrapped":   "<T>expr: tree-sitter classified the type instead of the expression",
	"ts-export-keyword-on-its-own-line": "export followed by a line break: tree-sitter loses the export (a type-only one here; when a name is lost it is ts-wrong-export-names)",
	"ts-var-in-block":                   "var inside a top-level block binds a module-level name; tree-sitter knew only direct children of the program (an export of it was unresolved, or type-only in TypeScript)",
	"format-import-statement-missed":    "an import statement tree-sitter read as an expression (import`x`, a path written as a template, which esbuild loads)",
	"ts-empty-module-specifier":         "export … from '': tree-sitter took the empty source for no source (a local specifier, or no export * at all)",
	"ts-dotted-namespace":               "namespace A.B { … }: tree-sitter names no binding for A (a nested_identifier); the scanner exports A (type-only when esbuild emits nothing)",
	"ts-line-comment-end":               "a line comment ends at CR, U+2028 and U+2029 too; tree-sitter ran it on to the next LF, reading code as comment",
	"ts-newline-inside-statement":       "a line break where JavaScript continues the statement (require\\n(…)) or where TypeScript requires one line (declare\\nclass): tree-sitter decided the other way",
	"ts-commonjs-shadowed":              "exports/module declared by the file itself (let/const/class/function/import) is an ordinary object: not a CommonJS export",
	"ts-require-in-export-declaration":  "export const x = require('y'): a top-level require() that tree-sitter did not count in UsesCommonJS",
}

// explain returns the known-difference name of d, "" when unexplained.
func explain(f diffFile, ts, sc *File, oracle esbuildView, d difference) string {
	namesRight := func(file *File) bool {
		if oracle.format == FormatCJS {
			return len(ESMExportNames(file)) == 0
		}
		return reflect.DeepEqual(ESMExportNames(file), oracle.names)
	}
	scRight := namesRight(sc) && sc.Format == oracle.format
	if !scRight {
		return ""
	}
	if ts.HasErrors && !sc.HasErrors {
		return "ts-error-on-valid-input"
	}
	if !namesRight(ts) {
		return "ts-wrong-export-names"
	}
	x := scanDetails(f.src, f.lang)
	switch {
	case d.field == "Format":
		switch {
		case ts.Format == FormatNone && x.topThis:
			return "format-top-level-this"
		case ts.Format == FormatNone && x.topReturn:
			return "format-return-in-block"
		case ts.Format == FormatESM && exportEquals(f):
			return "format-export-equals"
		case ts.Format == FormatESM && x.importStmt && sc.Format == FormatCJS:
			return "format-import-with-commonjs"
		case ts.Format == FormatESM && sc.Format == FormatNone && bytes.Contains(f.src, []byte("require(")):
			return "format-import-equals"
		case ts.Format == FormatCJS && !x.cjsRef:
			return "format-module-bound-locally"
		case ts.Format == FormatNone && sc.Format == FormatESM && exportOnItsOwnLine(f):
			return "ts-export-keyword-on-its-own-line"
		case ts.Format == FormatNone && sc.Format == FormatESM && x.importStmt:
			return "format-import-statement-missed"
		case lineCommentEndsOtherwise(f):
			return "ts-line-comment-end"
		}
		return ""
	case strings.HasSuffix(d.field, ".Stmt") || strings.HasSuffix(d.field, ".ValueRange") || strings.HasSuffix(d.field, ".Body"):
		a, b := fieldRange(ts, d.field), fieldRange(sc, d.field)
		if a.Start == b.Start && a.End > b.End && b.End >= 0 && onlyTrivia(f.src[b.End:a.End]) {
			return "ts-range-takes-trailing-comment"
		}
	}
	if newlineInsideStatement(f) {
		return "ts-newline-inside-statement"
	}
	if strings.HasPrefix(d.field, "Declarations[") {
		name := strings.TrimSuffix(strings.SplitN(strings.SplitN(d.field, ":", 2)[1], "]", 2)[0], "")
		if b := x.bindings[name]; b != nil && b.value != nil && f.src[b.value.start] == '<' && f.lang == LangTS {
			return "ts-type-assertion-not-unwrapped"
		}
	}
	// a non-exported namespace: a Declaration tree-sitter lacks, exports of it unresolved
	namespaces := map[string]bool{}
	for name, b := range x.bindings {
		if b.kind == bkNamespace && !b.exported {
			namespaces[name] = true
		}
	}
	if d.field == "len(Declarations)" && len(namespaces) > 0 {
		var without []Declaration
		for _, dd := range sc.Declarations {
			if !namespaces[dd.Name] {
				without = append(without, dd)
			}
		}
		if reflect.DeepEqual(without, ts.Declarations) {
			return "ts-namespace-not-a-declaration"
		}
	}
	if e := fieldExport(sc, d.field); e != nil {
		st := string(f.src[e.Stmt.Start:e.Stmt.End])
		if namespaces[e.Local] && e.Form == FormSpecifier {
			return "ts-namespace-not-a-declaration"
		}
		if b := x.bindings[e.Local]; b != nil && b.nested && e.Form == FormSpecifier {
			return "ts-var-in-block"
		}
		if strings.HasSuffix(d.field, ".Value") && strings.HasPrefix(st, "export import ") && e.Value == ValueMember {
			return "ts-import-alias-member"
		}
		if e.ValueRange.Start >= 0 && f.src[e.ValueRange.Start] == '<' && f.lang == LangTS {
			return "ts-type-assertion-not-unwrapped"
		}
	}
	if d.field == "len(Exports)" && extraOnly(ts, sc, func(e Export) bool {
		st := string(f.src[e.Stmt.Start:e.Stmt.End])
		return strings.Contains(st, "namespace "+e.Name+".") || strings.Contains(st, "module "+e.Name+".")
	}) {
		return "ts-dotted-namespace"
	}
	if d.field == "len(Exports)" && lostOnItsOwnLine(f, ts, sc) {
		return "ts-export-keyword-on-its-own-line"
	}
	if bytes.Contains(f.src, []byte("from''")) || bytes.Contains(f.src, []byte(`from""`)) || bytes.Contains(f.src, []byte("from ''")) || bytes.Contains(f.src, []byte(`from ""`)) {
		if e := fieldExport(sc, d.field); e != nil && e.Source == "" && (e.Form == FormReExport || e.Form == FormExportStar) || d.field == "len(Exports)" {
			return "ts-empty-module-specifier"
		}
	}
	shadowed := false
	for _, dd := range sc.Declarations {
		if dd.Name == "exports" || dd.Name == "module" {
			shadowed = true
		}
	}
	if shadowed && (d.field == "len(Exports)" || d.field == "UsesCommonJS") {
		return "ts-commonjs-shadowed"
	}
	if d.field == "UsesCommonJS" && sc.UsesCommonJS {
		for _, e := range sc.Exports {
			if (e.Form == FormVariable || e.Form == FormDestructured) && e.ValueRange.Start >= 0 &&
				bytes.HasPrefix(bytes.TrimLeft(f.src[e.ValueRange.Start:e.ValueRange.End], "(await "), []byte("require")) {
				return "ts-require-in-export-declaration"
			}
		}
	}
	return ""
}

// extraOnly: the scanner's exports are tree-sitter's plus some that
// extra accepts.
func extraOnly(ts, sc *File, extra func(Export) bool) bool {
	if len(sc.Exports) <= len(ts.Exports) {
		return false
	}
	k := 0
	for _, e := range sc.Exports {
		if k < len(ts.Exports) && reflect.DeepEqual(ts.Exports[k], e) {
			k++
			continue
		}
		if !extra(e) {
			return false
		}
	}
	return k == len(ts.Exports)
}

// lostOnItsOwnLine: every export tree-sitter has, the scanner has; the
// others start with `export` and a line break.
func lostOnItsOwnLine(f diffFile, ts, sc *File) bool {
	if len(sc.Exports) <= len(ts.Exports) {
		return false
	}
	k := 0
	for _, e := range sc.Exports {
		if k < len(ts.Exports) && reflect.DeepEqual(ts.Exports[k], e) {
			k++
			continue
		}
		rest := f.src[e.Stmt.Start:e.Stmt.End]
		if !bytes.HasPrefix(rest, []byte("export")) || !bytes.ContainsAny(bytes.TrimLeft(rest[6:], " \t")[:1], "\r\n") {
			return false
		}
	}
	return k == len(ts.Exports)
}

// exportEquals: TypeScript's export = (the two tokens, whatever lies between).
func exportEquals(f diffFile) bool {
	ts := Lex(f.src, f.lang)
	sig := significantTokens(ts)
	for i := 0; i+1 < len(sig); i++ {
		if ts.IsWord(sig[i], "export") && sig[i+1].Is(OpAssign) {
			return true
		}
	}
	return false
}

func significantTokens(ts *Tokens) []Token {
	var out []Token
	for _, t := range ts.List {
		if !t.IsComment() && t.Kind != TokHashbang {
			out = append(out, t)
		}
	}
	return out
}

// lineCommentEndsOtherwise: a line comment ended by CR, U+2028 or U+2029.
func lineCommentEndsOtherwise(f diffFile) bool {
	for _, t := range Lex(f.src, f.lang).List {
		if t.Kind == TokLineComment && t.End < len(f.src) && f.src[t.End] != '\n' && !(f.src[t.End] == '\r' && t.End+1 < len(f.src) && f.src[t.End+1] == '\n') {
			return true
		}
	}
	return false
}

// newlineInsideStatement: require and its '(' on two lines, or declare
// and its declaration.
func newlineInsideStatement(f diffFile) bool {
	ts := Lex(f.src, f.lang)
	sig := significantTokens(ts)
	for i := 0; i+1 < len(sig); i++ {
		if (ts.IsWord(sig[i], "require") && sig[i+1].Is(OpLParen) || ts.IsWord(sig[i], "declare")) && sig[i+1].NewlineBefore() {
			return true
		}
	}
	return false
}

// exportOnItsOwnLine: an export keyword followed by a line break.
func exportOnItsOwnLine(f diffFile) bool {
	ts := Lex(f.src, f.lang)
	toks := ts.List
	for i, t := range toks {
		if ts.IsWord(t, "export") && i+1 < len(toks) && toks[i+1].NewlineBefore() {
			return true
		}
	}
	return false
}

// fieldExport returns the scanner's export a field path names, if any.
func fieldExport(file *File, field string) *Export {
	if !strings.HasPrefix(field, "Exports[") {
		return nil
	}
	idx, err := strconv.Atoi(strings.SplitN(field[len("Exports["):], ":", 2)[0])
	if err != nil || idx >= len(file.Exports) {
		return nil
	}
	return &file.Exports[idx]
}

// scanDetails returns the scanner's extractor for a file (format facts).
func scanDetails(src []byte, lang Lang) *extractor {
	f := &File{Lang: lang}
	p := newParser(indexedTokens(src, lang), lang, f)
	p.parseProgram()
	return p.x
}

// fieldRange reads the range a difference's field path names.
func fieldRange(file *File, field string) Range {
	v := reflect.ValueOf(*file)
	for _, part := range strings.Split(field, ".") {
		if i := strings.IndexByte(part, '['); i >= 0 {
			name := part[:i]
			idx, _ := strconv.Atoi(strings.SplitN(part[i+1:], ":", 2)[0])
			v = v.FieldByName(name).Index(idx)
			continue
		}
		v = v.FieldByName(part)
	}
	r, _ := v.Interface().(Range)
	return r
}

// onlyTrivia: white space and comments only.
func onlyTrivia(b []byte) bool {
	for _, t := range Lex(b, LangJS).List {
		if t.Kind != TokEOF && !t.IsComment() {
			return false
		}
	}
	return true
}

// knownFormatLimit: the scanner's format differs from esbuild's in a
// documented corner (module/exports only in code esbuild proves dead).
func knownFormatLimit(f diffFile, sc *File, esbuild Format) bool {
	return false
}

// indexedTokens lexes src with the scanner's index.
func indexedTokens(src []byte, lang Lang) *Tokens {
	return newLexerIn(src, string(src), lang, 0, len(src), new(lexBuffers)).run()
}
