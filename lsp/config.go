package lsp

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/velo-lsp/velo-lsp/analyzer"
	vconfig "github.com/velo-lsp/velo-lsp/analyzer/config"
	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
	"github.com/velo-lsp/velo-lsp/catalog"
)

// settings are the client's settings for the server, from
// initializationOptions and workspace/didChangeConfiguration:
//
//	{
//	  "rules":        {"VELO001": "error", "deprecated-event": "off"},
//	  "packageRoots": [".velo/packages/*", "node_modules/@velo/*"]
//	}
//
// The same object may come wrapped in {"veloLsp": {...}} (VS Code sends its
// configuration section that way) or {"velo-lsp": {...}}.
type settings struct {
	Levels       map[string]analyzer.Severity
	PackageRoots []string
	// SampleCommand: the client runs ShowSampleCommand (see sample.go);
	// read from initializationOptions only.
	SampleCommand bool
}

// parseSettings reads settings from a decoded JSON object. Problems (an
// unknown severity, a wrong type) are returned for logging; the rest is kept.
func parseSettings(v interface{}) (settings, []string) {
	var st settings
	var problems []string
	m, _ := v.(map[string]interface{})
	if m == nil {
		return st, nil
	}
	for _, k := range []string{"veloLsp", "velo-lsp", "velo"} {
		if inner, ok := m[k].(map[string]interface{}); ok {
			m = inner
			break
		}
	}
	if raw, ok := m["rules"].([]interface{}); ok && len(raw) == 0 {
		delete(m, "rules") // an empty Lua table arrives as []
	}
	if raw, ok := m["rules"]; ok && raw != nil {
		rules, ok := raw.(map[string]interface{})
		if !ok {
			problems = append(problems, "rules: want an object of rule id → severity")
		}
		keys := make([]string, 0, len(rules))
		for k := range rules {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			sv, _ := rules[k].(string)
			sev := analyzer.Severity(strings.ToLower(sv))
			switch sev {
			case analyzer.SeverityError, analyzer.SeverityWarning, analyzer.SeverityInfo, analyzer.SeverityOff:
			case "warn":
				sev = analyzer.SeverityWarning
			case "information", "hint":
				sev = analyzer.SeverityInfo
			default:
				problems = append(problems, fmt.Sprintf("rules.%s: unknown severity %v (want off, info, warning or error)", k, rules[k]))
				continue
			}
			if analyzer.RuleByID(k) == nil && len(analyzer.Rules()) > 0 {
				problems = append(problems, fmt.Sprintf("rules.%s: no such rule (kept)", k))
			}
			if st.Levels == nil {
				st.Levels = map[string]analyzer.Severity{}
			}
			st.Levels[k] = sev
		}
	}
	if b, ok := m["sampleCommand"].(bool); ok {
		st.SampleCommand = b
	}
	if raw, ok := m["packageRoots"]; ok && raw != nil {
		list, ok := raw.([]interface{})
		if !ok {
			problems = append(problems, "packageRoots: want an array of slash globs")
		}
		for _, e := range list {
			if s, ok := e.(string); ok && s != "" {
				st.PackageRoots = append(st.PackageRoots, s)
			} else {
				problems = append(problems, fmt.Sprintf("packageRoots: %v is not a glob string", e))
			}
		}
	}
	return st, problems
}

// config returns the analyzer configuration for files of a folder (nil:
// files outside every folder): the folder's .velo-lsp.json (the file the
// check command reads too), then the client's settings on top of it, since
// an editor setting is the user's latest word.
//
// The result is resolved once per folder and settings generation (the
// engine's ResolvedConfig): a settings change or a changed .velo-lsp.json
// bumps s.cfgGen.
func (s *Server) config(f *folder) analyzer.Config {
	key := ""
	if f != nil {
		key = f.Root
	}
	return s.eng.ResolvedConfig(key, s.cfgGen.Load(), func() analyzer.Config { return s.resolveConfig(f) })
}

// resolveConfig is config without the cache.
func (s *Server) resolveConfig(f *folder) analyzer.Config {
	s.mu.Lock()
	st := s.settings
	s.mu.Unlock()
	cfg := analyzer.Config{Catalog: s.cat, Now: s.opts.Now}
	if f != nil {
		if pc := s.projectConfig(f); pc.file != nil && pc.err == nil {
			if err := pc.file.Apply(&cfg, analyzer.Rules()); err != nil {
				s.log.Warn("applying "+pc.path, zap.Error(err))
			}
		}
	}
	if len(st.Levels) > 0 {
		levels := map[string]analyzer.Severity{}
		for k, v := range cfg.Levels {
			levels[k] = v
		}
		for k, v := range st.Levels {
			if r := analyzer.RuleByID(k); r != nil {
				k = r.ID
			}
			levels[k] = v
		}
		cfg.Levels = levels
	}
	if st.PackageRoots != nil {
		cfg.PackageRoots = st.PackageRoots
	}
	return cfg
}

// catalogFor returns the catalog for a document: the default one plus the
// extra events of its folder's .velo-lsp.json.
func (s *Server) catalogFor(d *document) *catalog.Catalog {
	fo, _ := s.locate(d.path, d.uri)
	if c := s.config(fo).Catalog; c != nil {
		return c
	}
	return s.cat
}

// projectCfg is a folder's .velo-lsp.json, loaded once until invalidated.
type projectCfg struct {
	path string // "" when there is none
	text []byte // as read, for positions of its problems
	file *vconfig.File
	err  error
}

// projectConfig loads (once) the .velo-lsp.json that applies to a folder:
// in the folder or the nearest parent. A broken file is reported as
// diagnostics on it and otherwise ignored.
func (s *Server) projectConfig(f *folder) *projectCfg {
	s.mu.Lock()
	pc := s.projCfg[f.Root]
	s.mu.Unlock()
	if pc != nil {
		return pc
	}
	pc = &projectCfg{}
	found, err := vconfig.Locate(f.Root)
	if err == nil && found != nil {
		pc.path = found.Path
		pc.text = found.Text
		pc.file, pc.err = vconfig.Parse(found.Path, found.Text)
		if pc.err == nil {
			// Apply checks rule names and extra events: surface those too.
			probe := analyzer.Config{Catalog: s.cat}
			pc.err = pc.file.Apply(&probe, analyzer.Rules())
		}
		s.publishConfigProblems(pc)
	} else if err != nil {
		s.log.Warn("looking for "+vconfig.FileName, zap.String("folder", f.Root), zap.Error(err))
	}
	s.mu.Lock()
	if s.projCfg == nil {
		s.projCfg = map[string]*projectCfg{}
	}
	s.projCfg[f.Root] = pc
	s.mu.Unlock()
	return pc
}

// forgetProjectConfigs drops the loaded .velo-lsp.json files (after one
// changed) and re-analyzes everything.
func (s *Server) forgetProjectConfigs() {
	s.mu.Lock()
	s.projCfg = nil
	s.mu.Unlock()
	s.cfgGen.Add(1)
	s.reanalyzeAll()
}

// reanalyzeAll judges every open document and the workspace again, after a
// change of configuration.
func (s *Server) reanalyzeAll() {
	s.ws.invalidate()
	for _, d := range s.docs.all() {
		s.diag.schedule(d.uri, true)
	}
	s.ws.requestRescan()
}

// publishConfigProblems shows a .velo-lsp.json's problems on the file.
func (s *Server) publishConfigProblems(pc *projectCfg) {
	uri := fileURI(pc.path)
	var errs vconfig.Errors
	if !errors.As(pc.err, &errs) {
		if pc.err != nil {
			s.log.Warn("reading "+pc.path, zap.Error(pc.err))
		}
		s.diag.publish(uri, nil, nil)
		return
	}
	ix := textpos.New(pc.text)
	enc := s.encoding()
	var out []protocol.Diagnostic
	for _, e := range errs {
		out = append(out, protocol.Diagnostic{
			Range:    toRange(ix, analyzer.Range{Start: e.Offset, End: e.Offset}, enc),
			Severity: protocol.DiagnosticSeverityError,
			Source:   "velo-lsp",
			Message:  e.Msg + " (this file is ignored until it is fixed)",
		})
	}
	s.diag.publish(uri, nil, out)
}

// DidChangeConfiguration applies new settings: every open document is
// re-analyzed and the workspace re-scanned.
func (s *Server) DidChangeConfiguration(ctx context.Context, p *protocol.DidChangeConfigurationParams) error {
	st, problems := parseSettings(p.Settings)
	for _, pr := range problems {
		s.log.Warn("didChangeConfiguration", zap.String("problem", pr))
	}
	s.mu.Lock()
	// Whether the client runs ShowSampleCommand is part of what it is, said
	// once at initialize; a settings change does not undo it.
	st.SampleCommand = s.settings.SampleCommand
	s.settings = st
	s.mu.Unlock()
	s.cfgGen.Add(1)
	s.reanalyzeAll()
	return nil
}
