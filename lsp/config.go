package lsp

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/velo-lsp/velo-lsp/analyzer"
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
// files outside every folder).
func (s *Server) config(f *folder) analyzer.Config {
	s.mu.Lock()
	st := s.settings
	s.mu.Unlock()
	return analyzer.Config{
		Catalog:      s.cat,
		Levels:       st.Levels,
		PackageRoots: st.PackageRoots,
		Now:          s.opts.Now,
	}
}

// DidChangeConfiguration applies new settings: every open document is
// re-analyzed and the workspace re-scanned.
func (s *Server) DidChangeConfiguration(ctx context.Context, p *protocol.DidChangeConfigurationParams) error {
	st, problems := parseSettings(p.Settings)
	for _, pr := range problems {
		s.log.Warn("didChangeConfiguration", zap.String("problem", pr))
	}
	s.mu.Lock()
	s.settings = st
	s.mu.Unlock()
	s.ws.invalidate()
	for _, d := range s.docs.all() {
		s.diag.schedule(d.uri, true)
	}
	s.ws.requestRescan()
	return nil
}
