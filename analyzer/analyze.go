package analyzer

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
	"github.com/velo-lsp/velo-lsp/catalog"
)

// pass is the state of one file's analysis: its text, both parsers'
// results and the findings so far. Rules read it and call report.
type pass struct {
	eng    *Engine
	shared *runCache // shared by the files of one AnalyzeRepo; nil for one file
	reads  *readsFS  // in.FS, recording what the rules read; nil without a tree
	in     FileInput
	cfg    *Config
	cat    *catalog.Catalog
	now    time.Time
	lang   jsparse.Lang
	file   *jsparse.File
	val    jsparse.Validation
	diags  []Diagnostic
	toks   *jsparse.Tokens // the file's tokens, lexed on first use
}

// tokens returns the file's token stream, lexed once.
func (p *pass) tokens() *jsparse.Tokens {
	if p.toks == nil {
		p.toks = jsparse.Lex(p.in.Text, p.lang)
	}
	return p.toks
}

func (p *pass) report(d Diagnostic) { p.diags = append(p.diags, d) }

// exports reports whether the file exports name (ESM or CommonJS).
func (p *pass) exports(name string) bool {
	if p.file == nil {
		return false
	}
	for i := range p.file.Exports {
		if p.file.Exports[i].Name == name {
			return true
		}
	}
	return false
}

func (p *pass) text(r jsparse.Range) string {
	if r.Start < 0 || r.End > len(p.in.Text) || r.Start > r.End {
		return ""
	}
	return string(p.in.Text[r.Start:r.End])
}

// AnalyzeFile judges one file with the shared engine (see
// Engine.AnalyzeFile).
func AnalyzeFile(in FileInput, cfg Config) *FileResult {
	return defaultEngine.AnalyzeFile(in, cfg)
}

// AnalyzeFile judges one file. It never panics on any input and never
// returns nil. The file's role decides what is checked: events files get
// every rule, look-alikes and other backend modules only the "never fires"
// rules.
func (e *Engine) AnalyzeFile(in FileInput, cfg Config) *FileResult {
	self := ""
	if in.Fingerprint != nil {
		self = in.Fingerprint(in.Path)
	}
	return e.analyzeFile(in, cfg, self, nil)
}

// analyzeFile is AnalyzeFile with the fingerprint of the file's own text
// (taken before it was read) and the cache of the run it belongs to.
func (e *Engine) analyzeFile(in FileInput, cfg Config, self string, run *runCache) (res *FileResult) {
	res = &FileResult{Path: in.Path, Role: in.Role}
	if in.Role == RoleNone || cfg.LooseFiles == LooseIgnore && (in.Role == RoleLooseEvents || in.Role == RoleLooseLookAlike) {
		return res
	}
	defer func() {
		// A bug in a rule must not take down `check` or the server: the file
		// gets one finding that says so, and the others go on.
		if r := recover(); r != nil {
			res = &FileResult{Path: in.Path, Role: in.Role, Diagnostics: []Diagnostic{
				newDiagnostic(ruleInternalError, in.Path, Range{0, 0},
					"velo-lsp failed while checking this file ("+fmt.Sprint(r)+"); its handlers were not checked. Please report this with the file."),
			}}
		}
	}()
	p := newPass(e, in, &cfg, run)
	p.run()
	res.Diagnostics = p.finish()
	if p.reads != nil {
		res.Reads, res.Deps = p.reads.result(in.Path)
	}
	if in.Fingerprint != nil {
		if res.Deps == nil {
			res.Deps = map[string]string{}
		}
		res.Deps[in.Path] = self
	}
	return res
}

func newPass(e *Engine, in FileInput, cfg *Config, run *runCache) *pass {
	cat := cfg.Catalog
	if cat == nil {
		cat = defaultCatalog()
	}
	now := cfg.Now
	if now.IsZero() {
		now = time.Now()
	}
	p := &pass{eng: e, shared: run, in: in, cfg: cfg, cat: cat, now: now, lang: jsparse.LangFromPath(in.Path)}
	if in.FS != nil {
		p.reads = newReadsFS(capFS{fsys: in.FS, max: cfg.maxFileSize()}, in.Fingerprint)
		p.in.FS = p.reads
	}
	return p
}

// structureOf returns the structure of another file's text, through the
// engine's memo.
func (p *pass) structureOf(text []byte, lang jsparse.Lang) *jsparse.File {
	return p.eng.memo.structure(text, lang)
}

func (p *pass) run() {
	if max := p.cfg.maxFileSize(); int64(len(p.in.Text)) > max {
		p.report(fileTooLarge(p.in.Path, int64(len(p.in.Text)), max))
		return
	}
	if d, bad := checkEncoding(p.in.Path, p.in.Text); bad {
		p.report(d)
		return
	}
	if p.in.Role == RoleBackendModule && !mentionsHandlerLikeName(p.cat, p.in.Text) {
		// Only handler-like exports are judged in other backend files, and
		// the text spells none: skip both parsers (most backend files).
		return
	}
	p.parse()
	if p.val.Error != nil && p.val.Error.ID == jsparse.TooDeeplyNestedID {
		p.report(tooDeeplyNested(p.in.Path, p.val.Error))
		return
	}
	if p.file == nil {
		if p.in.Role.Judged() {
			checkSyntaxError(p) // nothing else: no handler of the file fires
			applySuppressions(p)
			return
		}
		// A look-alike or backend module that does not parse: its
		// handler-like names are still worth reporting where they are.
		p.file = p.structureOf(p.in.Text, p.lang)
	}
	switch p.in.Role {
	case RoleSiteEvents, RolePackageEvents, RoleLooseEvents:
		if p.in.Role == RoleLooseEvents {
			checkLooseFile(p)
		}
		checkNames(p)
		checkExportForms(p)
		checkNotExported(p)
		checkLocalReexports(p)
		checkSDKListeners(p)
		checkPayloadReads(p)
	case RoleLooseLookAlike:
		checkLooseFile(p)
	case RoleLookAlike:
		// Even when one does not parse, the useful thing to say is that
		// its handlers are in a file that never loads; and a wrong name is
		// a wrong name wherever it is written.
		checkNeverLoads(p)
		checkNames(p)
	case RoleBackendModule:
		checkNeverFires(p)
	}
	applySuppressions(p)
}

// parse runs esbuild's Transform (the verdict on validity) and the
// scanner (the structure with exact ranges) once per text, through the
// engine's memo. p.file is nil when esbuild rejects the file.
func (p *pass) parse() {
	p.val, p.file = p.eng.memo.validation(p.in.Path, p.in.Text, p.lang)
}

// finish applies configured levels, drops disabled findings and sorts.
func (p *pass) finish() []Diagnostic {
	out := p.diags[:0]
	for _, d := range p.diags {
		// A rule may raise its own default for one finding (a deprecated
		// event past its sunset is an error); configuration wins over both.
		if r := RuleByID(d.Code); r != nil {
			if lv, ok := p.cfg.levelOverride(r); ok {
				d.Severity = lv
			}
		}
		if d.Severity == SeverityOff || d.Severity == "" {
			continue
		}
		out = append(out, d)
	}
	sortDiagnostics(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

func (c *Config) maxFileSize() int64 {
	if c.MaxFileSize > 0 {
		return c.MaxFileSize
	}
	return DefaultMaxFileSize
}

func sortDiagnostics(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Range.Start != b.Range.Start {
			return a.Range.Start < b.Range.Start
		}
		return a.Code < b.Code
	})
}

// checkEncoding rejects binary files (a NUL byte) and invalid UTF-8: the
// Velo editor saves UTF-8, and esbuild would misplace every position after
// a bad byte.
func checkEncoding(p string, text []byte) (Diagnostic, bool) {
	if i := bytes.IndexByte(text, 0); i >= 0 {
		return newDiagnostic(ruleInvalidEncoding, p, Range{0, 0},
			"this file contains a NUL byte at offset "+itoa(i)+" and looks binary; it is not a JavaScript source Velo can load, so no handler in it fires"), true
	}
	if !utf8.Valid(text) {
		off := firstInvalidUTF8(text)
		return newDiagnostic(ruleInvalidEncoding, p, Range{off, off},
			"this file is not valid UTF-8 (first bad byte at offset "+itoa(off)+"); save it as UTF-8 so that Velo and velo-lsp read the same text"), true
	}
	return Diagnostic{}, false
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// dirOf returns the slash directory of a slash path ("" for the root).
func dirOf(p string) string {
	d := path.Dir(p)
	if d == "." {
		return ""
	}
	return d
}

// defaultCatalog is the embedded catalog; a function so that tests can see
// where the default comes from.
func defaultCatalog() *catalog.Catalog { return catalog.Default() }

// mentionsHandlerLikeName reports whether text spells, anywhere, an
// identifier that handlerLike accepts. It is a cheap pre-filter (one pass
// over the bytes, no allocation for identifiers without an underscore): a
// file that names no such identifier cannot export one.
func mentionsHandlerLikeName(cat *catalog.Catalog, text []byte) bool {
	isIdent := func(c byte) bool {
		return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
	}
	for i := 0; i < len(text); {
		if !isIdent(text[i]) {
			i++
			continue
		}
		j := i
		underscore := false
		for j < len(text) && isIdent(text[j]) {
			if text[j] == '_' && j > i {
				underscore = true
			}
			j++
		}
		if underscore && handlerLike(cat, string(text[i:j])) {
			return true
		}
		i = j
	}
	return false
}

// MaxNestingDepth is the deepest bracket nesting of a file that is parsed
// (see jsparse.MaxNestingDepth: deeper files could overflow the parser's
// stack, which no recover catches).
const MaxNestingDepth = jsparse.MaxNestingDepth
