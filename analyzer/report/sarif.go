package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// SARIF constants.
const (
	SARIFVersion = "2.1.0"
	SARIFSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	// SrcRootID is the uriBaseId every artifact location is relative to: the
	// checked root (GitHub code scanning resolves it to the repository).
	SrcRootID = "%SRCROOT%"
	// DefaultInformationURI is the tool's home page.
	DefaultInformationURI = "https://github.com/velo-lsp/velo-lsp"
)

// DefaultHelpURI is a rule's documentation address: its section of the
// README's rule list (analyzer.HelpURI).
func DefaultHelpURI(r *analyzer.Rule) string { return analyzer.HelpURI(r) }

// The SARIF 2.1.0 object model, reduced to what velo-lsp writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                   `json:"tool"`
		OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult               `json:"results"`
		ColumnKind         string                      `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version"`
		SemanticVer    string      `json:"semanticVersion,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name"`
		ShortDescription     sarifMessage       `json:"shortDescription"`
		FullDescription      sarifMessage       `json:"fullDescription"`
		HelpURI              string             `json:"helpUri,omitempty"`
		Help                 *sarifMultiformat  `json:"help,omitempty"`
		DefaultConfiguration sarifReportingConf `json:"defaultConfiguration"`
		Properties           map[string]any     `json:"properties,omitempty"`
	}
	sarifReportingConf struct {
		Enabled *bool  `json:"enabled,omitempty"`
		Level   string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifMultiformat struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifArtifactLoc struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifResult struct {
		RuleID           string          `json:"ruleId"`
		RuleIndex        int             `json:"ruleIndex"`
		Level            string          `json:"level"`
		Message          sarifMessage    `json:"message"`
		Locations        []sarifLocation `json:"locations"`
		RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
		Fixes            []sarifFix      `json:"fixes,omitempty"`
		Properties       map[string]any  `json:"properties,omitempty"`
	}
	sarifLocation struct {
		ID               *int             `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLoc `json:"physicalLocation"`
		Message          *sarifMessage    `json:"message,omitempty"`
	}
	sarifPhysicalLoc struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           sarifRegion      `json:"region"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
	sarifFix struct {
		Description     sarifMessage          `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLoc   `json:"artifactLocation"`
		Replacements     []sarifReplacement `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion   `json:"deletedRegion"`
		InsertedContent *sarifContent `json:"insertedContent,omitempty"`
	}
	sarifContent struct {
		Text string `json:"text"`
	}
)

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s analyzer.Severity) string {
	switch s {
	case analyzer.SeverityError:
		return "error"
	case analyzer.SeverityWarning:
		return "warning"
	case analyzer.SeverityInfo:
		return "note"
	}
	return "none"
}

// fileURI turns a slash path relative to the root into a relative URI
// reference (percent-encoded; a first segment with a colon is protected by
// "./").
func fileURI(p string) string {
	u := &url.URL{Path: p}
	return u.String()
}

// WriteSARIF writes a SARIF 2.1.0 log with one run: tool.driver describes
// velo-lsp and every rule in opts.Rules (plus a minimal entry for any code
// not among them); each diagnostic is a result whose region uses 1-based
// lines and 1-based UTF-16 columns (run.columnKind "utf16CodeUnits"), whose
// notes with a location are relatedLocations and whose fixes are SARIF
// fixes. Artifact URIs are relative to %SRCROOT%.
func WriteSARIF(w io.Writer, diags []analyzer.Diagnostic, opts Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(buildSARIF(diags, opts))
}

func buildSARIF(diags []analyzer.Diagnostic, opts Options) sarifLog {
	version := opts.ToolVersion
	if version == "" {
		version = "0.0.0-dev"
	}
	info := opts.InformationURI
	if info == "" {
		info = DefaultInformationURI
	}
	helpURI := opts.HelpURI
	if helpURI == nil {
		helpURI = DefaultHelpURI
	}

	driver := sarifDriver{Name: "velo-lsp", Version: version, SemanticVer: semver(version), InformationURI: info, Rules: []sarifRule{}}
	ruleIndex := map[string]int{}
	for _, r := range opts.Rules {
		if r == nil {
			continue
		}
		if _, dup := ruleIndex[r.ID]; dup {
			continue
		}
		ruleIndex[r.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRuleOf(r, helpURI(r)))
	}

	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}, ColumnKind: "utf16CodeUnits"}
	if opts.SrcRoot != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{SrcRootID: {URI: dirURI(opts.SrcRoot)}}
	}

	loc := newLocator(opts.Source)
	artifact := func(p string) sarifArtifactLoc {
		return sarifArtifactLoc{URI: fileURI(p), URIBaseID: SrcRootID}
	}
	region := func(p string, r analyzer.Range) sarifRegion {
		s := loc.span(p, r)
		return sarifRegion{StartLine: s.Line, StartColumn: s.Col, EndLine: s.EndLine, EndColumn: s.EndCol}
	}

	for _, d := range diags {
		idx, ok := ruleIndex[d.Code]
		if !ok {
			idx = len(run.Tool.Driver.Rules)
			ruleIndex[d.Code] = idx
			r := &analyzer.Rule{ID: d.Code, Name: d.Rule, Title: d.Rule, Severity: d.Severity}
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(r, helpURI(r)))
		}
		text := d.Message
		res := sarifResult{
			RuleID:    d.Code,
			RuleIndex: idx,
			Level:     sarifLevel(d.Severity),
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLoc{ArtifactLocation: artifact(d.Path), Region: region(d.Path, d.Range)}}},
		}
		for _, n := range d.Notes {
			if n.Range.Start < 0 {
				text += "\n" + n.Message
				continue
			}
			np := orDefault(n.Path, d.Path)
			id := len(res.RelatedLocations) + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID:               &id,
				PhysicalLocation: sarifPhysicalLoc{ArtifactLocation: artifact(np), Region: region(np, n.Range)},
				Message:          &sarifMessage{Text: n.Message},
			})
		}
		res.Message = sarifMessage{Text: text}
		for _, f := range d.Fixes {
			res.Fixes = append(res.Fixes, sarifFixOf(f, d.Path, artifact, region))
		}
		if len(d.Suggestions) > 0 {
			res.Properties = map[string]any{"suggestions": d.Suggestions}
		}
		run.Results = append(run.Results, res)
	}
	return sarifLog{Schema: SARIFSchema, Version: SARIFVersion, Runs: []sarifRun{run}}
}

// sarifFixOf groups a fix's edits by file, in first-seen order.
func sarifFixOf(f analyzer.Fix, defPath string, artifact func(string) sarifArtifactLoc, region func(string, analyzer.Range) sarifRegion) sarifFix {
	out := sarifFix{Description: sarifMessage{Text: f.Title}, ArtifactChanges: []sarifArtifactChange{}}
	byPath := map[string]int{}
	for _, e := range f.Edits {
		p := orDefault(e.Path, defPath)
		i, ok := byPath[p]
		if !ok {
			i = len(out.ArtifactChanges)
			byPath[p] = i
			out.ArtifactChanges = append(out.ArtifactChanges, sarifArtifactChange{ArtifactLocation: artifact(p)})
		}
		rep := sarifReplacement{DeletedRegion: region(p, e.Range)}
		if e.NewText != "" {
			rep.InsertedContent = &sarifContent{Text: e.NewText}
		}
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, rep)
	}
	return out
}

func sarifRuleOf(r *analyzer.Rule, helpURI string) sarifRule {
	short := r.Title
	if short == "" {
		short = r.Name
	}
	full := strings.TrimSpace(r.Doc.What)
	if full == "" {
		full = short
	}
	out := sarifRule{
		ID:                   r.ID,
		Name:                 pascal(r.Name),
		ShortDescription:     sarifMessage{Text: sentence(short)},
		FullDescription:      sarifMessage{Text: sentence(full)},
		HelpURI:              helpURI,
		DefaultConfiguration: sarifReportingConf{Level: sarifLevel(r.Severity)},
		Properties:           map[string]any{"kebabName": r.Name},
	}
	if r.Severity == analyzer.SeverityOff {
		f := false
		out.DefaultConfiguration.Enabled = &f
	}
	if md := helpMarkdown(r); md != "" {
		out.Help = &sarifMultiformat{Text: helpText(r), Markdown: md}
	}
	return out
}

// helpMarkdown renders a rule's documentation with the analyzer's own
// renderer (the one `velo-lsp explain` and the README use), or "" when the
// rule has none.
func helpMarkdown(r *analyzer.Rule) string {
	if strings.TrimSpace(r.Doc.What+r.Doc.Why+r.Doc.Example+r.Doc.Fix) == "" {
		return ""
	}
	return strings.TrimSpace(analyzer.RuleMarkdown(r, 2))
}

// helpText is the plain-text rendering SARIF requires beside markdown.
func helpText(r *analyzer.Rule) string {
	var parts []string
	for _, s := range []string{r.Doc.What, r.Doc.Why, r.Doc.Example, r.Doc.Fix} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n\n")
}

// pascal turns a kebab-case rule name into the PascalCase friendly name
// SARIF consumers expect ("unknown-handler" → "UnknownHandler").
func pascal(kebab string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(kebab, func(r rune) bool { return r == '-' || r == '_' || r == ' ' }) {
		r, size := utf8.DecodeRuneInString(part)
		b.WriteString(string(unicode.ToUpper(r)) + part[size:])
	}
	return b.String()
}

// sentence makes s end with a period, as SARIF guidance asks of messages.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// semver returns version when it looks like a semantic version, else "".
func semver(v string) string {
	v = strings.TrimPrefix(v, "v")
	if len(v) == 0 || v[0] < '0' || v[0] > '9' || strings.Count(v, ".") < 2 {
		return ""
	}
	return v
}

// dirURI turns an OS directory into a file: URI ending in a slash, as
// originalUriBaseIds requires.
func dirURI(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	p := filepath.ToSlash(dir)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive letters
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
