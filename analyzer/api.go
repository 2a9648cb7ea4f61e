package analyzer

import (
	"io/fs"
	"time"

	"github.com/velo-lsp/velo-lsp/catalog"
)

// Role says how a file is judged.
type Role string

const (
	RoleNone          Role = ""               // not judged at all (a page's JS, a public file)
	RoleSiteEvents    Role = "site-events"    // src/backend/events.js|ts, backend/events.js|ts: handlers fire
	RolePackageEvents Role = "package-events" // a Velo package's backend/events.js: handlers fire
	RoleLookAlike     Role = "look-alike"     // inside a site: events.web.js, events.jsw, Events.js, event.js, an events.js outside the backend folder: never loads
	RoleBackendModule Role = "backend-module" // other backend files: only handler-named exports are reported
	// RoleLooseEvents is an events.js|ts that belongs to no site (a copy of
	// a site's backend code kept in an ordinary repository): judged as a
	// site's events file, its location said once, as info.
	RoleLooseEvents Role = "loose-events"
	// RoleLooseLookAlike is a look-alike name (event.js, events.web.js, …)
	// that belongs to no site: said once, as info, that Velo never loads
	// such a name.
	RoleLooseLookAlike Role = "loose-look-alike"
)

// Fires reports whether handlers exported by a file of this role are called.
func (r Role) Fires() bool { return r == RoleSiteEvents || r == RolePackageEvents }

// Judged reports whether the handlers of a file of this role are judged as
// an events file's (names, export forms, payload reads), and offered in
// completion: the site's and packages' events files, and loose copies.
func (r Role) Judged() bool { return r.Fires() || r == RoleLooseEvents }

// IsEventsFile reports whether a file of this role counts as an events
// file examined (the JSON output's "files").
func (r Role) IsEventsFile() bool {
	switch r {
	case RoleSiteEvents, RolePackageEvents, RoleLookAlike, RoleLooseEvents, RoleLooseLookAlike:
		return true
	}
	return false
}

// Loose-file modes (Config.LooseFiles).
const (
	LooseJudge  = "judge"  // the default: judge loose events files, say their location once as info
	LooseIgnore = "ignore" // leave loose files alone: no finding at all
	LooseError  = "error"  // judge them, and report their location as an error
)

// Candidate is one file discovery found.
type Candidate struct {
	Path    string // slash-separated, relative to the root
	Role    Role
	Package string // Velo package name for RolePackageEvents ("@velo/foo"), else ""
	Size    int64  // bytes
	// Real is the path with no symbolic link in it (Path itself, unless
	// the file was reached through a link inside the root).
	Real string
}

// DefaultMaxFileSize is the size cap in bytes above which a file is not
// parsed (one diagnostic instead).
const DefaultMaxFileSize = 1 << 20

// Config is everything that changes how files are found and judged. The zero
// value is the default configuration.
type Config struct {
	Catalog      *catalog.Catalog    // nil: catalog.Default()
	Levels       map[string]Severity // rule id or name → level (SeverityOff disables)
	PackageRoots []string            // slash globs relative to the root, each naming package directories; nil: DefaultPackageRoots
	Ignore       []string            // slash globs relative to the root (gitignore syntax) of paths to skip
	MaxFileSize  int64               // bytes; 0: DefaultMaxFileSize
	// LooseFiles says what to do with events files that belong to no
	// site: LooseJudge (""), LooseIgnore or LooseError.
	LooseFiles string
	// Now is the moment against which sunset dates are judged; zero: the
	// time of the call. Tests set it so that results do not change with the
	// calendar.
	Now time.Time
}

// FileInput is one file to judge.
type FileInput struct {
	Path string // slash-separated, relative to the root
	Text []byte
	Role Role
	// FS is the root, for cross-file rules (local re-export chains). May be
	// nil: cross-file facts are then not checked. The LSP passes an overlay
	// with the unsaved text of open documents.
	FS fs.FS
	// Fingerprint, when set, says what a path of the tree is now (a content
	// hash, a document version, size and modification time: any string
	// that changes when the file does; "" for one that does not exist).
	// The result then records the fingerprint of the file and of every
	// path it read (FileResult.Deps), for a caller that follows changes.
	Fingerprint func(path string) string
}

// Rule is one check: its declaration (id, name, default level,
// documentation) and the code that finds it, in one value, one per file
// (rule_<name>.go) and listed in rules.go. Its id never changes and is
// never reused.
type Rule struct {
	ID       string   // "VELO001"
	Name     string   // kebab-case, "unknown-handler"
	Title    string   // one line
	Severity Severity // default level
	Since    string   // version that introduced it
	Doc      RuleDoc
	Safe     bool // its fixes may be applied by `check --fix`

	// Run reports the rule's findings in one file. The engine calls it at
	// most once per file, only for the roles and the file state the rule
	// declares, and never when the configuration turns the rule off. It is
	// nil for the rules only the engine itself reports: discovery and
	// reading (VELO091, VELO092) and a recovered panic (VELO099). VELO090
	// is both: discovery reports a file over the cap, its Run a text over
	// the cap that reaches AnalyzeFile directly.
	Run func(*Pass)
	// roles are the roles of the files Run is called on; nil: every role
	// that is judged.
	roles []Role
	// on is the state a file must be in for Run to be called.
	on fileState
	// afterSuppressions: Run is called after the other rules' findings
	// were matched against the file's suppression comments (the rules
	// that judge those comments).
	afterSuppressions bool
}

// RuleDoc is a rule's documentation in four fixed sections (Markdown).
type RuleDoc struct {
	What    string // What it does
	Why     string // Why is this bad (why the handler would never be called)
	Example string // code that triggers it (a ```js block, run as a test), or a description when the trigger is not code
	Fix     string // what to write instead (a ```js block in it is run as a test too and must not trigger the rule)
	// See are Wix's own pages that document what the rule relies on.
	See []string
}

// Implemented in this package (signatures relied upon):
//
//   func Rules() []*Rule                  // every rule, sorted by ID
//   func RuleByID(idOrName string) *Rule  // nil when unknown
//   func Classify(path string, cfg Config) (Role, string)   // role and package name of a slash path relative to the root
//   func Discover(ctx context.Context, fsys fs.FS, cfg Config) ([]Candidate, []Diagnostic, error)
//       walk the root: skips .git and node_modules (but not Velo package roots), honours .gitignore files and cfg.Ignore,
//       never follows a symlink out of the root; problems (over the size cap, unreadable, symlink out of root) are diagnostics.
//   func AnalyzeFile(in FileInput, cfg Config) *FileResult
//   func AnalyzeRepo(ctx context.Context, fsys fs.FS, cfg Config) (*RepoResult, error)

// FileResult is the analysis of one file.
type FileResult struct {
	Path        string
	Role        Role
	Diagnostics []Diagnostic // sorted by Range.Start, then Code
	// Reads lists the other paths of the tree the analysis read or looked
	// for (sorted): a change to any of them, or to the file itself, can
	// change this result. Empty without FileInput.FS.
	Reads []string
	// Deps is, when the analysis had a fingerprint function, the
	// fingerprint of the file itself and of every path in Reads as they
	// were when read; nil otherwise.
	Deps map[string]string
	// Text is the file's content as analysed, kept only when there are
	// diagnostics (so that reports convert positions without reading the
	// file a second time).
	Text []byte
}

// RepoResult is the analysis of a whole root.
type RepoResult struct {
	Files       []*FileResult // every file examined (events files, package copies, look-alikes, backend modules with findings), sorted by Path
	Diagnostics []Diagnostic  // all findings, sorted by Path, Range.Start, Code
	// EventsFiles counts the events files examined (site and package copies,
	// look-alikes included): the JSON output's "files".
	EventsFiles int
}
