package analyzer

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
	"github.com/velo-lsp/velo-lsp/catalog"
)

// Pass is one file's analysis as its rules see it: the file, its role and
// configuration, what the parsers made of it, the facts several rules
// share (facts.go, computed once on first use) and the findings so far. A
// rule's Run reads it and reports on it. Rules are declared in this
// package, which is why Pass has no exported methods.
type Pass struct {
	eng    *Engine
	shared *runCache // shared by the files of one AnalyzeRepo; nil for one file
	reads  *readsFS  // in.FS, recording what the rules read; nil without a tree
	in     FileInput
	cfg    *Config
	cat    *catalog.Catalog
	now    time.Time
	lang   jsparse.Lang
	state  fileState
	file   *jsparse.File
	val    jsparse.Validation
	rule   *Rule // the rule whose Run is running
	diags  []Diagnostic
	facts  facts
}

// fileState is how far the engine got with a file before its rules run.
// A rule declares the states it runs in (Rule.on): most need the file's
// structure; a few speak of a file that could not be examined.
type fileState uint8

const (
	// stateParsed: the scanner's structure is there. esbuild accepted the
	// file, or the file is a look-alike or another backend module, whose
	// handler-like names are worth reporting even when it does not load.
	stateParsed      fileState = 1 << iota
	stateSyntaxError           // an events file esbuild rejects: none of its handlers fires
	stateTooLarge              // over the size cap: not parsed
	stateBadEncoding           // a NUL byte or invalid UTF-8: not parsed
	stateTooDeep               // brackets nested too deep to parse safely
)

func (p *Pass) report(d Diagnostic) { p.diags = append(p.diags, d) }

// diagnostic starts a finding of the running rule in this file.
func (p *Pass) diagnostic(rng Range, msg string) Diagnostic {
	return newDiagnostic(p.rule, p.in.Path, rng, msg)
}

func (p *Pass) text(r jsparse.Range) string {
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
// returns nil. The file's role decides which rules run (Rule.roles):
// events files get nearly all of them, look-alikes and other backend
// modules only the "never fires" and name rules.
func (e *Engine) AnalyzeFile(in FileInput, cfg Config) *FileResult {
	self := ""
	if in.Fingerprint != nil {
		self = in.Fingerprint(in.Path)
	}
	res := e.analyzeFile(in, cfg, self, nil)
	cfg.finish(res)
	return res
}

// analyzeFile is AnalyzeFile with the fingerprint of the file's own text
// (taken before it was read) and the cache of the run it belongs to. Its
// findings carry their rules' default levels: the caller finishes the
// result (Config.finish).
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
	res.Diagnostics = p.diags
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

func newPass(e *Engine, in FileInput, cfg *Config, run *runCache) *Pass {
	cat := cfg.Catalog
	if cat == nil {
		cat = defaultCatalog()
	}
	now := cfg.Now
	if now.IsZero() {
		now = time.Now()
	}
	p := &Pass{eng: e, shared: run, in: in, cfg: cfg, cat: cat, now: now, lang: jsparse.LangFromPath(in.Path)}
	if in.FS != nil {
		p.reads = newReadsFS(capFS{fsys: in.FS, max: cfg.maxFileSize()}, in.Fingerprint)
		p.in.FS = p.reads
	}
	return p
}

// structureOf returns the structure of another file's text, through the
// engine's memo.
func (p *Pass) structureOf(text []byte, lang jsparse.Lang) *jsparse.File {
	return p.eng.memo.structure(text, lang)
}

// run examines the file, then runs every rule that applies to it, in id
// order; then the file's suppression comments silence what they cover, and
// the rules that judge those comments run last.
func (p *Pass) run() {
	p.state = p.examine()
	if p.state == 0 {
		return
	}
	for _, r := range allRules {
		if !r.afterSuppressions && p.applies(r) {
			p.runRule(r)
		}
	}
	if p.state&(stateParsed|stateSyntaxError) == 0 {
		return // a file that was not parsed: its comments were not read either
	}
	p.dropSuppressed()
	for _, r := range allRules {
		if r.afterSuppressions && p.applies(r) {
			p.runRule(r)
		}
	}
}

// examine takes the file as far as its rules need: the size cap, the
// encoding, both parsers. It returns 0 for a file no rule has anything to
// say about.
func (p *Pass) examine() fileState {
	if int64(len(p.in.Text)) > p.cfg.maxFileSize() {
		return stateTooLarge
	}
	if badEncoding(p.in.Text) {
		return stateBadEncoding
	}
	if p.in.Role == RoleBackendModule && !mentionsHandlerLikeName(p.cat, p.in.Text) {
		// Only handler-like exports are judged in other backend files, and
		// the text spells none: skip both parsers (most backend files).
		return 0
	}
	p.parse()
	if p.val.Error != nil && p.val.Error.ID == jsparse.TooDeeplyNestedID {
		return stateTooDeep
	}
	if p.file == nil {
		if p.in.Role.Judged() {
			return stateSyntaxError // nothing else: no handler of the file fires
		}
		// A look-alike or backend module that does not parse: its
		// handler-like names are still worth reporting where they are.
		p.file = p.structureOf(p.in.Text, p.lang)
	}
	return stateParsed
}

// applies reports whether r runs on this file: it has a Run, the file's
// state and role are among the ones it declares, and the configuration
// does not turn it off.
func (p *Pass) applies(r *Rule) bool {
	if r.Run == nil {
		return false
	}
	on := r.on
	if on == 0 {
		on = stateParsed
	}
	if p.state&on == 0 || r.roles != nil && !slices.Contains(r.roles, p.in.Role) {
		return false
	}
	return p.cfg.level(r) != SeverityOff
}

func (p *Pass) runRule(r *Rule) {
	p.rule = r
	r.Run(p)
	p.rule = nil
}

// parse runs esbuild's Transform (the verdict on validity) and the
// scanner (the structure with exact ranges) once per text, through the
// engine's memo. p.file is nil when esbuild rejects the file.
func (p *Pass) parse() {
	var ts *jsparse.Tokens
	p.val, p.file, ts = p.eng.memo.validation(p.in.Path, p.in.Text, p.lang)
	if ts != nil {
		p.facts.toks = ts // lexed once: the rules read the check's tokens
	}
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

// badEncoding reports a text that is not one Velo loads as JavaScript: a
// NUL byte (a binary file) or invalid UTF-8 (see VELO093).
func badEncoding(text []byte) bool {
	return bytes.IndexByte(text, 0) >= 0 || !utf8.Valid(text)
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
