// Package config reads `.velo-lsp.json`, the project configuration that
// `velo-lsp check` and the language server share: rule levels, package
// roots, ignore globs, events the catalog does not know yet, and the file
// size cap.
//
// The accepted keys are declared once, as data, in Keys (and ExtraEventKeys,
// FieldKeys for the nested objects): the parser accepts exactly those keys
// and Markdown renders the README's table from the same values, so the
// documentation cannot drift from the code.
//
// Every problem in a file is an *Error that names the file, the 1-based line
// and column (UTF-16 code units, as editors count) and the key:
//
//	.velo-lsp.json:4:3: unknown key "rulez" (did you mean "rules"?)
//
// Parse and Load report every problem they find at once, as an Errors list.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/site"
	"github.com/velo-lsp/velo-lsp/analyzer/sitefs"
	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
	"github.com/velo-lsp/velo-lsp/catalog"
)

// FileName is the name of the configuration file.
const FileName = ".velo-lsp.json"

// File is a parsed configuration file. A key that is absent leaves its
// field at the zero value (nil slices, 0), meaning "keep the default".
type File struct {
	Path         string      // as given to Load or Parse
	Rules        []RuleLevel // "rules", in file order
	PackageRoots []string    // "packageRoots"; nil when absent
	Ignore       []string    // "ignore"; nil when absent
	ExtraEvents  []ExtraEvent
	MaxFileSize  int64  // bytes; 0 when absent
	LooseFiles   string // "looseFiles"; "" when absent

	extraEventsOff int
	idx            *textpos.Index
}

// RuleLevel is one entry of "rules": a rule id or name as written, and its
// level.
type RuleLevel struct {
	Rule   string // as written: "VELO001", "velo001" or "unknown-handler"
	Level  analyzer.Severity
	Offset int // byte offset of the key in the file
}

// ExtraEvent is one entry of "extraEvents": an event a team knows of before
// the catalog does.
type ExtraEvent struct {
	Module      string          // "wix-billing-backend"
	Event       string          // "onInvoiceRefunded"; may be empty: taken from the handler
	Handler     string          // "wixBilling_onInvoiceRefunded"
	PayloadType string          // optional
	Fields      []catalog.Field // optional payload fields, for completion and hover
	DocsURL     string          // optional
	Offset      int             // byte offset of the entry in the file
}

// Error is one problem in a configuration file.
type Error struct {
	File   string // the path given to Load or Parse
	Offset int    // 0-based byte offset
	Line   int    // 1-based
	Column int    // 1-based, UTF-16 code units
	Key    string // the key concerned, as a path ("rules", "extraEvents[0].handler"); "" for syntax errors
	Msg    string // the problem, starting with the key when there is one
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// Errors is every problem found in one file, in file order. It is the error
// type Parse, Load and Apply return.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives the individual errors to errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Found is a configuration file found by Locate: its path and its text,
// read through the guarded opener.
type Found struct {
	Path string // absolute
	Text []byte
}

// maxConfigSize caps a configuration file (bytes): no hand-written file is
// near it, and a file that is not one (a device, a huge log) is refused.
const maxConfigSize = 1 << 20

// Locate looks for FileName in startDir and then in each parent folder up
// to the nearest one that holds `.git` or `wix.config.json` (the repository
// or site root), inclusive. When no folder above startDir is such a root,
// only startDir itself is searched: a file in a shared folder above (/tmp,
// a home folder) must not configure every site below it. The file is read
// through sitefs rooted at that boundary, so a link that leads outside it,
// a named pipe, a device or an oversized file is an error, and its bytes
// never reach a message. startDir may name a file: the search starts in its
// folder. It returns (nil, nil) when there is no configuration file.
func Locate(startDir string) (*Found, error) {
	dir, err := filepath.Abs(startDir)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		dir = filepath.Dir(dir)
	}
	boundary := site.SearchBoundary(dir)
	root, err := sitefs.Open(boundary, maxConfigSize)
	if err != nil {
		return nil, fmt.Errorf("config: cannot read the folder %s: %w", boundary, unwrapPath(err))
	}
	defer root.Close()
	for d := dir; ; d = filepath.Dir(d) {
		rel, err := filepath.Rel(boundary, filepath.Join(d, FileName))
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		rel = filepath.ToSlash(rel)
		p := filepath.Join(d, FileName)
		if fi, err := root.Lstat(rel); err == nil {
			if fi.IsDir() {
				return nil, fmt.Errorf("config: %s is a directory", p)
			}
			text, err := root.ReadFile(rel)
			if err != nil {
				return nil, fmt.Errorf("config: %s: %w", p, unwrapPath(err))
			}
			return &Found{Path: p, Text: text}, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("config: %s: %w", p, unwrapPath(err))
		}
		if d == boundary || filepath.Dir(d) == d {
			return nil, nil
		}
	}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Load reads and parses the configuration file the user named (--config):
// a regular file within the size cap.
func Load(path string) (*File, error) {
	data, err := sitefs.ReadRegularFile(path, maxConfigSize)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, data)
}

// FindAndLoad combines Locate and Parse: it returns (nil, nil) when there
// is no configuration file for startDir.
func FindAndLoad(startDir string) (*File, error) {
	f, err := Locate(startDir)
	if err != nil || f == nil {
		return nil, err
	}
	return Parse(f.Path, f.Text)
}

// Parse parses the text of a configuration file; name is used in error
// messages. On problems it returns Errors listing every one of them.
func Parse(name string, data []byte) (*File, error) {
	f := &File{Path: name, idx: textpos.New(data)}
	p := &parser{file: f}
	v, err := parseJSON(data)
	if err != nil {
		var se *syntaxError
		if errors.As(err, &se) {
			p.errorf(se.off, "", "%s", se.msg)
		} else {
			p.errorf(0, "", "%v", err)
		}
		return nil, p.errs
	}
	if v.kind != kindObject {
		p.errorf(v.off, "", "the file must hold a JSON object, not %s", v.kind)
		return nil, p.errs
	}
	p.object(v, "", Keys, f)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return f, nil
}

// Apply sets in cfg what the file sets, leaving the rest as it is: rule
// levels (keyed by rule id), package roots, ignore globs, the size cap, and
// a catalog with the extra events added (to cfg.Catalog, or to
// catalog.Default() when that is nil). rules is the list of known rules
// (analyzer.Rules()); a key of "rules" that names none of them, or names a
// rule another key already named, is an error. cfg is changed only when
// Apply succeeds.
func (f *File) Apply(cfg *analyzer.Config, rules []*analyzer.Rule) error {
	p := &parser{file: f}
	levels := map[string]analyzer.Severity{}
	for k, v := range cfg.Levels {
		levels[k] = v
	}
	namedBy := map[string]string{}
	for _, rl := range f.Rules {
		r := findRule(rules, rl.Rule)
		if r == nil {
			msg := fmt.Sprintf("rules: unknown rule %q", rl.Rule)
			if s := closestRule(rules, rl.Rule); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			p.errorf(rl.Offset, "rules."+rl.Rule, "%s", msg)
			continue
		}
		if prev, dup := namedBy[r.ID]; dup {
			p.errorf(rl.Offset, "rules."+rl.Rule, "rules: %q names the same rule as %q (%s)", rl.Rule, prev, r.ID)
			continue
		}
		namedBy[r.ID] = rl.Rule
		levels[r.ID] = rl.Level
	}
	var cat *catalog.Catalog
	if len(f.ExtraEvents) > 0 {
		base := cfg.Catalog
		if base == nil {
			base = catalog.Default()
		}
		extra := make([]catalog.Event, len(f.ExtraEvents))
		for i, e := range f.ExtraEvents {
			extra[i] = e.CatalogEvent(f.Path)
		}
		c, err := base.WithExtra(extra)
		if err != nil {
			p.errorf(f.extraEventsOff, "extraEvents", "extraEvents: %v", err)
		}
		cat = c
	}
	if len(p.errs) > 0 {
		return p.errs
	}
	if len(f.Rules) > 0 {
		cfg.Levels = levels
	}
	if f.PackageRoots != nil {
		cfg.PackageRoots = append([]string{}, f.PackageRoots...)
	}
	if f.Ignore != nil {
		cfg.Ignore = append([]string{}, f.Ignore...)
	}
	if f.LooseFiles != "" {
		cfg.LooseFiles = f.LooseFiles
	}
	if f.MaxFileSize > 0 {
		cfg.MaxFileSize = f.MaxFileSize
	}
	if cat != nil {
		cfg.Catalog = cat
	}
	return nil
}

// CatalogEvent converts the entry to a catalog event (status current,
// maturity stable) whose Source names the configuration file.
func (e ExtraEvent) CatalogEvent(configPath string) catalog.Event {
	return catalog.Event{
		Module:      e.Module,
		Event:       e.Event,
		Handler:     e.Handler,
		Status:      catalog.StatusCurrent,
		Maturity:    catalog.MaturityStable,
		PayloadType: e.PayloadType,
		Fields:      e.Fields,
		DocsURL:     e.DocsURL,
		Source:      "extraEvents in " + filepath.ToSlash(configPath),
	}
}

// findRule finds a rule by id (any case) or by name (exact).
func findRule(rules []*analyzer.Rule, key string) *analyzer.Rule {
	for _, r := range rules {
		if r != nil && (strings.EqualFold(r.ID, key) || r.Name == key) {
			return r
		}
	}
	return nil
}

// closestRule returns the id or name nearest to key, or "" when none is
// near.
func closestRule(rules []*analyzer.Rule, key string) string {
	var cands []string
	for _, r := range rules {
		if r != nil {
			cands = append(cands, r.ID, r.Name)
		}
	}
	return closest(key, cands)
}
