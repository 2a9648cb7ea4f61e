package analyzer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"sync"
)

// RepoOptions are what a caller that follows changes (the language
// server) adds to a run of AnalyzeRepo. The zero value is a plain check.
type RepoOptions struct {
	// OnFile, when set, is called with the final result of every file
	// judged, with or without findings (discovery's findings about it
	// included), as soon as it is known, one call at a time; reused is true
	// for a result taken over from Previous.
	OnFile func(fr *FileResult, reused bool)
	// Skip, when set, names files that are discovered but neither read
	// nor judged nor reported (the server's open documents, which it
	// judges from their unsaved text).
	Skip func(path string) bool
	// Fingerprint says what a path is now (see FileInput.Fingerprint).
	// With it, every result records its Deps, and a result in Previous
	// whose Deps all still hold is reused instead of judged again: a
	// change re-judges exactly the files whose result read the changed
	// path.
	Fingerprint func(path string) string
	// Previous are results of an earlier run, by path.
	Previous map[string]*FileResult
}

// AnalyzeRepo judges a tree with the shared engine (see Engine.AnalyzeRepo).
func AnalyzeRepo(ctx context.Context, fsys fs.FS, cfg Config) (*RepoResult, error) {
	return defaultEngine.AnalyzeRepo(ctx, fsys, cfg, RepoOptions{})
}

// AnalyzeRepo discovers every events file, package copy, look-alike and
// backend module under the root of fsys and judges each one. It is the one
// orchestration of a tree: `velo-lsp check` and the language server's
// workspace scan both run it. Files are read once each and analysed on all
// cores. A file that cannot be read is one diagnostic; the error return is
// only for a root that cannot be walked or a cancelled context.
func (e *Engine) AnalyzeRepo(ctx context.Context, fsys fs.FS, cfg Config, opts RepoOptions) (*RepoResult, error) {
	if cfg.Catalog == nil {
		// Resolve once here rather than in every worker.
		cfg.Catalog = defaultCatalog()
	}
	cands, problems, err := Discover(ctx, fsys, cfg)
	if err != nil {
		return nil, err
	}
	// Discovery's own findings (too large, unreadable, symlinks) go with the
	// file they name, and get their levels with the file's other findings.
	problemsOf := map[string][]Diagnostic{}
	for _, d := range problems {
		problemsOf[d.Path] = append(problemsOf[d.Path], d)
	}
	// Files discovery already reported as unreadable or too large are not
	// read again: its finding is the more specific one.
	skipRead := SkipReading(problems)
	run := newRunCache()
	var onFileMu sync.Mutex
	report := func(fr *FileResult, reused bool) {
		if opts.OnFile != nil {
			onFileMu.Lock()
			opts.OnFile(fr, reused)
			onFileMu.Unlock()
		}
	}
	results := make([]*FileResult, len(cands))
	var wg sync.WaitGroup
	next := make(chan int)
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				c := cands[i]
				if prev := opts.Previous[c.Path]; prev != nil && opts.Fingerprint != nil && depsHold(prev, opts.Fingerprint) {
					results[i] = prev
					report(prev, true)
					continue
				}
				var fr *FileResult
				if skipRead[c.Path] {
					fr = &FileResult{Path: c.Path, Role: c.Role}
				} else {
					fr = e.analyzeCandidate(fsys, c, cfg, opts.Fingerprint, run)
				}
				withProblems(fr, problemsOf[c.Path])
				cfg.finish(fr)
				results[i] = fr
				report(fr, false)
			}
		}()
	}
	var cancelled error
feed:
	for i := range cands {
		if opts.Skip != nil && opts.Skip(cands[i].Path) {
			continue
		}
		select {
		case next <- i:
		case <-ctx.Done():
			cancelled = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	if cancelled != nil {
		return nil, cancelled
	}

	res := &RepoResult{}
	judged := map[string]bool{}
	for i, c := range cands {
		r := results[i]
		if r == nil {
			continue // skipped
		}
		judged[c.Path] = true
		if c.Role.IsEventsFile() && !(isLoose(c.Role) && cfg.LooseFiles == LooseIgnore) {
			res.EventsFiles++
		}
		if reportable(c, r, cfg) {
			res.Files = append(res.Files, r)
		}
	}
	// Findings about paths that are no candidate (a link out of the root, a
	// file too large to be classified as read).
	var others []string
	for p := range problemsOf {
		if !judged[p] && (opts.Skip == nil || !opts.Skip(p)) {
			others = append(others, p)
		}
	}
	sort.Strings(others)
	for _, p := range others {
		role, _ := Classify(p, cfg)
		fr := &FileResult{Path: p, Role: role}
		withProblems(fr, problemsOf[p])
		cfg.finish(fr)
		if len(fr.Diagnostics) == 0 {
			continue // every finding about it is off
		}
		res.Files = append(res.Files, fr)
		report(fr, false)
	}
	sort.Slice(res.Files, func(i, j int) bool { return res.Files[i].Path < res.Files[j].Path })
	for _, f := range res.Files {
		res.Diagnostics = append(res.Diagnostics, f.Diagnostics...)
	}
	sortDiagnostics(res.Diagnostics)
	return res, nil
}

func isLoose(r Role) bool { return r == RoleLooseEvents || r == RoleLooseLookAlike }

// reportable says whether a candidate's result is part of the run's
// results: every events file (look-alikes and package copies included), and
// other backend modules only with findings. Loose files left alone by the
// configuration are neither judged nor counted.
func reportable(c Candidate, fr *FileResult, cfg Config) bool {
	switch {
	case isLoose(c.Role) && cfg.LooseFiles == LooseIgnore:
		return len(fr.Diagnostics) > 0 // only discovery's findings, if any
	case c.Role.IsEventsFile():
		return true
	}
	return len(fr.Diagnostics) > 0
}

// withProblems adds discovery's findings about a file to its result.
func withProblems(fr *FileResult, ds []Diagnostic) {
	for _, d := range ds {
		if !hasDiagnostic(fr.Diagnostics, d) {
			fr.Diagnostics = append(fr.Diagnostics, d)
		}
	}
}

// depsHold reports whether every path a result depended on is as it was.
func depsHold(fr *FileResult, fingerprint func(string) string) bool {
	if fr.Deps == nil {
		return false
	}
	if _, ok := fr.Deps[fr.Path]; !ok {
		return false
	}
	for p, fp := range fr.Deps {
		if fingerprint(p) != fp {
			return false
		}
	}
	return true
}

func hasDiagnostic(ds []Diagnostic, d Diagnostic) bool {
	for _, x := range ds {
		if x.Code == d.Code && x.Range == d.Range {
			return true
		}
	}
	return false
}

// analyzeCandidate reads one discovered file and judges it. Files over the
// cap were already reported by discovery and are not read. The result is
// the caller's to finish (Config.finish).
func (e *Engine) analyzeCandidate(fsys fs.FS, c Candidate, cfg Config, fingerprint func(string) string, run *runCache) *FileResult {
	if c.Size > cfg.maxFileSize() {
		return &FileResult{Path: c.Path, Role: c.Role}
	}
	self := ""
	if fingerprint != nil {
		self = fingerprint(c.Path) // before the read: a change after it shows next time
	}
	text, err := readFS(fsys, c.Path)
	if err != nil {
		return &FileResult{Path: c.Path, Role: c.Role, Diagnostics: []Diagnostic{newDiagnostic(ruleUnreadableFile, c.Path, Range{0, 0},
			"could not read this file, so none of its handlers were checked: "+errorText(err))}}
	}
	fr := e.analyzeFile(FileInput{Path: c.Path, Text: text, Role: c.Role, FS: fsys, Fingerprint: fingerprint}, cfg, self, run)
	fr.Text = text
	return fr
}

// readFS reads a file, refusing one that grew past the cap since discovery.
func readFS(fsys fs.FS, p string) ([]byte, error) {
	b, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	return b, nil
}

// errorText gives the innermost useful error text (the path is already in
// the diagnostic).
func errorText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// runCache holds what the files of one AnalyzeRepo run share: the tree does
// not change during a run (as far as the run can tell), so a fact of it
// computed for one file holds for the others. Each fact keeps the paths
// its computation read, which every file that uses it records as its own.
type runCache struct {
	mu        sync.Mutex
	forwarded map[string]*forwardFact // backend folder → what its events file forwards
}

type forwardFact struct {
	once  sync.Once
	pred  func(modPath string, name string) bool
	reads []string
}

func newRunCache() *runCache { return &runCache{forwarded: map[string]*forwardFact{}} }
