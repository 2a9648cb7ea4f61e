package jsparse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/velo-lsp/velo-lsp/analyzer/site"
)

// LangFromPath picks the language from a file name: .ts, .mts and .cts are
// TypeScript, everything else (.js .jsw .mjs .cjs and unknown extensions) is
// JavaScript.
func LangFromPath(p string) Lang {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		switch strings.ToLower(p[i:]) {
		case ".ts", ".mts", ".cts":
			return LangTS
		}
	}
	return LangJS
}

func loaderFor(lang Lang) api.Loader {
	if lang == LangTS {
		return api.LoaderTS
	}
	return api.LoaderJS
}

// Validate asks esbuild whether the file loads: exactly one Transform call
// (ESM output, no bundling, no minification). It returns esbuild's first
// error located in bytes, and the module format as far as the Transform
// output tells it:
//
//   - FormatCJS when esbuild wrapped the file as CommonJS (its own verdict:
//     module/exports used without any import/export syntax, or a top-level
//     return);
//   - FormatESM when a line of the output starts with an import or export
//     statement, or the output holds import.meta;
//   - FormatNone otherwise.
//
// The ESM/none split is a scan of the printed output, not esbuild's own
// verdict: a file whose only ESM syntax is `export {}` or a top-level await
// reads as none, and a template literal with a line starting with "export"
// reads as ESM. Check gives the exact format (esbuild's CommonJS verdict plus
// the scanner's ESM syntax); prefer it when both run anyway.
//
// Exports is left nil (the metafile needs a Build; see EsbuildExports). The
// path is used only for messages. Safe for concurrent use.
func Validate(path string, src []byte, lang Lang) Validation {
	if e := guardSource(src, lang); e != nil {
		return Validation{Error: e}
	}
	v, code := transform(src, string(src), lang, false)
	if v.Error == nil {
		v.Format = formatFromTransform(code)
	}
	return v
}

// transform is the one esbuild call. Output is printed as UTF-8 (no
// escaping of non-ASCII text), and without whitespace when minify is set:
// both make esbuild's printer cheaper, and neither changes what is valid.
// text is src as a string (esbuild takes one; the caller may have it).
func transform(src []byte, text string, lang Lang, minify bool) (Validation, []byte) {
	res := api.Transform(text, api.TransformOptions{
		Loader:           loaderFor(lang),
		Format:           api.FormatESModule,
		Target:           api.ESNext,
		Charset:          api.CharsetUTF8,
		MinifyWhitespace: minify,
		LogLevel:         api.LogLevelSilent,
	})
	var v Validation
	for _, w := range res.Warnings {
		v.Warnings = append(v.Warnings, convertMessage(src, w))
	}
	if len(res.Errors) > 0 {
		e := convertMessage(src, res.Errors[0])
		v.Error = &e
		return v, nil
	}
	return v, res.Code
}

// Check is the fast path for one file: one esbuild Transform and one scan
// (Parse), run at the same time. When esbuild rejects the file, the File is
// still the scanner's (for the LSP's partial structure) and
// Validation.Format is FormatNone. When esbuild accepts it, the format
// combines esbuild's own CommonJS verdict (its Transform wraps a CommonJS
// file) with the scanner's ESM syntax, and the File's Format is set to the
// same value: it equals the esbuild metafile's format (including a direct
// eval, which makes esbuild's bundler treat a file without ESM syntax as
// CommonJS). Safe for concurrent use.
func Check(path string, src []byte, lang Lang) (Validation, *File) {
	v, f, _ := check(path, src, lang, true)
	return v, f
}

// CheckValid is Check for callers that use no structure of a file esbuild
// rejects (the analyzer reports the syntax error and nothing else): on a
// syntax error it returns a nil File as soon as esbuild answers. A file that
// does not parse is what the user has after most keystrokes, so this path
// sets the editor's latency.
func CheckValid(path string, src []byte, lang Lang) (Validation, *File) {
	v, f, _ := check(path, src, lang, false)
	return v, f
}

// CheckValidTokens is CheckValid that also returns the file's tokens (as
// Lex would give them, values included), lexed once for the guard, the
// scan and the caller: the analyzer's rules read them instead of lexing
// the file again. The tokens are never nil, also for a file the guard or
// esbuild refused; they are only read, by the scan and by the caller at
// the same time when esbuild rejected the file first.
func CheckValidTokens(path string, src []byte, lang Lang) (Validation, *File, *Tokens) {
	return check(path, src, lang, false)
}

// checkConcurrently runs the scan in its own goroutine while esbuild
// transforms (measured in SCANNER_NOTES.md).
var checkConcurrently = true

func check(path string, src []byte, lang Lang, structureOfBroken bool) (Validation, *File, *Tokens) {
	ts := lexShared(src, lang)
	if e := guardTokens(ts, lang); e != nil {
		if !structureOfBroken {
			return Validation{Error: e}, nil, ts
		}
		return Validation{Error: e}, Parse(src, lang), ts
	}
	v, f := checkGuarded(ts, lang, structureOfBroken)
	return v, f, ts
}

// checkGuarded is check after the guard accepted ts (the benchmark that
// prices the guard calls it alone).
func checkGuarded(ts *Tokens, lang Lang, structureOfBroken bool) (Validation, *File) {
	type scanned struct {
		f     *File
		facts scanFacts
	}
	scan := func() scanned {
		f := &File{Lang: lang}
		return scanned{f, parseTokens(ts, lang, f)}
	}
	var v Validation
	var code []byte
	var r scanned
	if checkConcurrently {
		done := make(chan scanned, 1)
		go func() { done <- scan() }()
		v, code = transform(ts.Src, ts.text, lang, true)
		if v.Error != nil && !structureOfBroken {
			return v, nil // the scan finishes on its own; done is buffered
		}
		r = <-done
	} else {
		v, code = transform(ts.Src, ts.text, lang, true)
		if v.Error != nil && !structureOfBroken {
			return v, nil
		}
		r = scan()
	}
	if v.Error != nil {
		return v, r.f
	}
	v.Format = r.facts.formatWith(isCJSWrapper(code))
	r.f.Format = v.Format
	return v, r.f
}

// cjsWrapperTail is how esbuild ends an ESM-format Transform of a file it
// classified as CommonJS: the whole file becomes `var require_stdin =
// __commonJS({...}); export default require_stdin();`.
const (
	cjsWrapperHead    = "require_stdin = __commonJS({"
	cjsWrapperHeadMin = "require_stdin=__commonJS({"
	cjsWrapperTail    = "export default require_stdin();\n"
)

func isCJSWrapper(code []byte) bool {
	return bytes.HasSuffix(code, []byte(cjsWrapperTail)) &&
		(bytes.Contains(code, []byte(cjsWrapperHead)) || bytes.Contains(code, []byte(cjsWrapperHeadMin)))
}

func formatFromTransform(code []byte) Format {
	if isCJSWrapper(code) {
		return FormatCJS
	}
	// esbuild prints every top-level statement at the start of a line.
	for rest := code; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if startsWithKeyword(line, "export") || startsWithKeyword(line, "import") && !bytes.HasPrefix(line, []byte("import(")) {
			return FormatESM
		}
	}
	if bytes.Contains(code, []byte("import.meta")) {
		return FormatESM
	}
	return FormatNone
}

func startsWithKeyword(line []byte, kw string) bool {
	if !bytes.HasPrefix(line, []byte(kw)) {
		return false
	}
	if len(line) == len(kw) {
		return true
	}
	c := line[len(kw)]
	return c == ' ' || c == '{' || c == '*' || c == '"' || c == '\''
}

// convertMessage turns an esbuild message into a SyntaxError with byte
// offsets into src.
func convertMessage(src []byte, m api.Message) SyntaxError {
	e := SyntaxError{ID: m.ID, Message: m.Text, Range: Range{0, 0}}
	if r, ok := locationRange(src, m.Location); ok {
		e.Range = r
	}
	for _, n := range m.Notes {
		note := Note{Message: n.Text, Range: Range{-1, -1}}
		if r, ok := locationRange(src, n.Location); ok {
			note.Range = r
		}
		e.Notes = append(e.Notes, note)
	}
	return e
}

func locationRange(src []byte, loc *api.Location) (Range, bool) {
	if loc == nil || loc.Line <= 0 {
		return Range{}, false
	}
	start := EsbuildOffset(src, loc.Line, loc.Column)
	end := start + loc.Length
	if loc.Length < 0 {
		end = start
	}
	if end > len(src) {
		end = len(src)
	}
	return Range{start, end}, true
}

// EsbuildOffset converts an esbuild location (1-based line, 0-based column in
// bytes) into a byte offset into src. Lines are counted exactly as esbuild
// counts them: "\n", "\r\n" (once), a lone "\r", U+2028 and U+2029 each end a
// line. The result is clamped to [0, len(src)].
func EsbuildOffset(src []byte, line, column int) int {
	lineStart := 0
	cur := 1
	for i := 0; i < len(src) && cur < line; {
		r, size := rune(src[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(src[i:])
		}
		i += size
		switch r {
		case '\n':
			lineStart = i
			if i-size == 0 || src[i-size-1] != '\r' {
				cur++
			}
		case '\r':
			lineStart = i
			cur++
			// a following '\n' belongs to this terminator
			if i < len(src) && src[i] == '\n' && cur == line {
				lineStart = i + 1
			}
		case '\u2028', '\u2029':
			lineStart = i
			cur++
		}
	}
	if cur < line {
		return len(src)
	}
	off := lineStart + column
	if column < 0 {
		off = lineStart
	}
	if off > len(src) {
		off = len(src)
	}
	return off
}

// ---------------------------------------------------------------------------
// Build with metafile

const fsNamespace = "velo-fs"

// errNotFound marks a relative import that names no file inside the root.
var errNotFound = errors.New("no such file inside the root")

// EsbuildExports builds this one file alone (bundling on, every import
// external, metafile on, nothing written) and returns esbuild's export names
// for it (sorted) and the format esbuild detected. For a CommonJS file the
// names are esbuild's ESM view of it (["default"]). Used by the agreement
// test; the hot path uses Validate. Safe for concurrent use.
func EsbuildExports(p string, src []byte, lang Lang) ([]string, Format, error) {
	if e := guardSource(src, lang); e != nil {
		return nil, FormatNone, errors.New(e.Message)
	}
	name := cleanPath(p)
	if name == "" {
		name = "input.js"
	}
	load := func(q string) ([]byte, error) {
		if q == name {
			return src, nil
		}
		return nil, errNotFound
	}
	return runBuild(name, load, nil, lang)
}

// ResolveExports bundles path inside fsys with esbuild and returns the final
// export names (sorted) after following `export *` and `export … from`
// chains through the site's own modules, resolved as Velo resolves them
// (site.Resolve: "./x", "../x", "backend/x", "public/x", extensionless
// specifiers of .js, .web.js and .jsw modules). They are read from fsys
// only, never from the real disk and never outside the root; packages (npm
// names, wix-*, @velo/*, @wix/*) are external, so their names are not
// followed. A local specifier that finds no file, or one that climbs out of
// the root, is an error. Nothing is written. Safe for concurrent use.
func ResolveExports(fsys fs.FS, p string) ([]string, error) {
	name := cleanPath(p)
	if name == "" || !fs.ValidPath(name) {
		return nil, fmt.Errorf("resolve exports of %q: invalid path", p)
	}
	load := func(q string) ([]byte, error) { return fs.ReadFile(fsys, q) }
	exists := func(q string) bool {
		st, err := fs.Stat(fsys, q)
		return err == nil && !st.IsDir()
	}
	names, _, err := runBuild(name, load, exists, LangFromPath(name))
	return names, err
}

func cleanPath(p string) string {
	p = strings.ReplaceAll(p, "\\", "/")
	p = path.Clean("/" + p)
	return strings.TrimPrefix(p, "/")
}

// runBuild bundles entry with a plugin that serves files through load. When
// exists is nil, every import (relative ones too) is external.
func runBuild(entry string, load func(string) ([]byte, error), exists func(string) bool, entryLang Lang) ([]string, Format, error) {
	plugin := api.Plugin{
		Name: fsNamespace,
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: `.*`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
				if a.Kind == api.ResolveEntryPoint {
					return api.OnResolveResult{Path: entry, Namespace: fsNamespace}, nil
				}
				if exists == nil || a.Namespace != fsNamespace {
					return api.OnResolveResult{Path: a.Path, External: true}, nil
				}
				if j := path.Join(path.Dir(a.Importer), a.Path); site.IsLocalSpecifier(a.Path) && (j == ".." || strings.HasPrefix(j, "../")) {
					return api.OnResolveResult{}, fmt.Errorf("import %q from %s leaves the root", a.Path, a.Importer)
				}
				target, local := site.Resolve(exists, a.Importer, a.Path)
				if !local {
					return api.OnResolveResult{Path: a.Path, External: true}, nil
				}
				if target == "" {
					return api.OnResolveResult{}, fmt.Errorf("import %q from %s: %w", a.Path, a.Importer, errNotFound)
				}
				return api.OnResolveResult{Path: target, Namespace: fsNamespace}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: fsNamespace}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
				data, err := load(a.Path)
				if err != nil {
					return api.OnLoadResult{}, err
				}
				lang := LangFromPath(a.Path)
				if a.Path == entry {
					lang = entryLang
				}
				if e := guardSource(data, lang); e != nil {
					return api.OnLoadResult{}, fmt.Errorf("%s: %s", a.Path, e.Message)
				}
				s := string(data)
				return api.OnLoadResult{Contents: &s, Loader: loaderFor(lang)}, nil
			})
		},
	}
	res := api.Build(api.BuildOptions{
		EntryPoints: []string{entry},
		Bundle:      true,
		Write:       false,
		Metafile:    true,
		Format:      api.FormatESModule,
		Platform:    api.PlatformNeutral,
		Target:      api.ESNext,
		LogLevel:    api.LogLevelSilent,
		Outfile:     "out.js",
		Plugins:     []api.Plugin{plugin},
	})
	if len(res.Errors) > 0 {
		m := res.Errors[0]
		where := ""
		if m.Location != nil {
			where = fmt.Sprintf("%s:%d:%d: ", strings.TrimPrefix(m.Location.File, fsNamespace+":"), m.Location.Line, m.Location.Column)
		}
		return nil, FormatNone, fmt.Errorf("esbuild: %s%s", where, m.Text)
	}
	var meta struct {
		Inputs map[string]struct {
			Format string `json:"format"`
		} `json:"inputs"`
		Outputs map[string]struct {
			Exports    []string `json:"exports"`
			EntryPoint string   `json:"entryPoint"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		return nil, FormatNone, fmt.Errorf("esbuild metafile: %w", err)
	}
	names := []string{}
	for _, o := range meta.Outputs {
		if o.EntryPoint == "" {
			continue
		}
		names = append(names, o.Exports...)
	}
	sort.Strings(names)
	format := FormatNone
	for k, in := range meta.Inputs {
		if strings.TrimPrefix(k, fsNamespace+":") == entry {
			format = Format(in.Format)
		}
	}
	return names, format, nil
}
