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

// AnalyzeRepo discovers every events file, package copy, look-alike and
// backend module under the root of fsys and judges each one. Files are read
// once each and analysed on all cores. A file that cannot be read is one
// diagnostic; the error return is only for a root that cannot be walked or a
// cancelled context.
func AnalyzeRepo(ctx context.Context, fsys fs.FS, cfg Config) (*RepoResult, error) {
	if cfg.Catalog == nil {
		// Resolve once here rather than in every worker.
		cfg.Catalog = defaultCatalog()
	}
	cands, problems, err := Discover(ctx, fsys, cfg)
	if err != nil {
		return nil, err
	}
	res := &RepoResult{}
	// Files discovery already reported as unreadable or too large are not
	// read again: its finding is the more specific one.
	skip := SkipReading(problems)
	results := make([]*FileResult, len(cands))
	var wg sync.WaitGroup
	next := make(chan int)
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if skip[cands[i].Path] {
					results[i] = &FileResult{Path: cands[i].Path, Role: cands[i].Role}
					continue
				}
				results[i] = analyzeCandidate(fsys, cands[i], cfg)
			}
		}()
	}
	var cancelled error
feed:
	for i := range cands {
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

	byPath := map[string]*FileResult{}
	for i, c := range cands {
		r := results[i]
		switch {
		case (c.Role == RoleLooseEvents || c.Role == RoleLooseLookAlike) && cfg.LooseFiles == LooseIgnore:
			// Left alone, as configured: neither judged nor counted.
		case c.Role.IsEventsFile():
			res.EventsFiles++
			res.Files = append(res.Files, r)
			byPath[r.Path] = r
		case c.Role == RoleBackendModule:
			if len(r.Diagnostics) > 0 {
				res.Files = append(res.Files, r)
				byPath[r.Path] = r
			}
		}
	}
	// Discovery's own findings (too large, unreadable, symlinks) go with the
	// file they name, filtered by the configured levels like any other.
	for _, d := range problems {
		if r := RuleByID(d.Code); r != nil {
			if lv, ok := cfg.levelOverride(r); ok {
				d.Severity = lv
			}
		}
		if d.Severity == SeverityOff {
			continue
		}
		fr := byPath[d.Path]
		if fr == nil {
			role, _ := Classify(d.Path, cfg)
			fr = &FileResult{Path: d.Path, Role: role}
			byPath[d.Path] = fr
			res.Files = append(res.Files, fr)
		}
		if !hasDiagnostic(fr.Diagnostics, d) {
			fr.Diagnostics = append(fr.Diagnostics, d)
			sortDiagnostics(fr.Diagnostics)
		}
	}
	sort.Slice(res.Files, func(i, j int) bool { return res.Files[i].Path < res.Files[j].Path })
	for _, f := range res.Files {
		res.Diagnostics = append(res.Diagnostics, f.Diagnostics...)
	}
	sortDiagnostics(res.Diagnostics)
	return res, nil
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
// cap were already reported by discovery and are not read.
func analyzeCandidate(fsys fs.FS, c Candidate, cfg Config) *FileResult {
	if c.Size > cfg.maxFileSize() {
		return &FileResult{Path: c.Path, Role: c.Role}
	}
	text, err := readFS(fsys, c.Path)
	if err != nil {
		d := newDiagnostic(ruleUnreadableFile, c.Path, Range{0, 0},
			"could not read this file, so none of its handlers were checked: "+errorText(err))
		if lv, ok := cfg.levelOverride(ruleUnreadableFile); ok {
			d.Severity = lv
		}
		fr := &FileResult{Path: c.Path, Role: c.Role}
		if d.Severity != SeverityOff {
			fr.Diagnostics = []Diagnostic{d}
		}
		return fr
	}
	fr := AnalyzeFile(FileInput{Path: c.Path, Text: text, Role: c.Role, FS: fsys}, cfg)
	if len(fr.Diagnostics) > 0 {
		fr.Text = text
	}
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

// levelOverride returns the configured level of r when the configuration
// sets one.
func (c *Config) levelOverride(r *Rule) (Severity, bool) {
	if c.Levels == nil {
		return "", false
	}
	if s, ok := c.Levels[r.ID]; ok {
		return s, true
	}
	if s, ok := c.Levels[r.Name]; ok {
		return s, true
	}
	return "", false
}
