// Package analyzer judges Velo backend events files: it discovers them in a
// repository, parses each one (see analyzer/jsparse), runs the rules against
// the event catalog and returns diagnostics.
//
// The package is pure: bytes (and a read-only fs.FS for cross-file rules) in,
// diagnostics with byte ranges out. It imports neither LSP nor a logger, and
// keeps no global mutable state.
//
// Units: every Range is a half-open [Start, End) range of 0-based byte
// offsets into the file named by the enclosing Path.
package analyzer

// Severity of a diagnostic. SeverityOff disables a rule.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
	SeverityOff     Severity = "off"
)

// Rank orders severities: error 3, warning 2, info 1, off 0.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 3
	case SeverityWarning:
		return 2
	case SeverityInfo:
		return 1
	}
	return 0
}

// Range is a half-open range of 0-based byte offsets.
type Range struct {
	Start, End int
}

// Diagnostic is one finding.
type Diagnostic struct {
	Path        string   // slash-separated, relative to the analyzed root
	Range       Range    // bytes in Path
	Code        string   // stable rule id, "VELO001"
	Rule        string   // rule name, kebab-case
	Severity    Severity // after configuration
	Message     string   // what is wrong, why it matters, what to write instead
	Suggestions []string // replacement handler names, best first (may be empty)
	Notes       []Note   // secondary locations
	Fixes       []Fix    // mechanical fixes, preferred first
}

// Note is a secondary message, optionally with a location.
type Note struct {
	Path    string // empty: same file as the diagnostic
	Range   Range  // Start < 0: no location
	Message string
}

// Fix is a set of edits that resolves a diagnostic.
type Fix struct {
	Title     string
	Edits     []Edit
	Preferred bool // the one an editor applies with "fix all" / the best rename
	Safe      bool // applied by `check --fix`
	// Renames is set on a rename: the verification of the fixed file
	// expects From gone and To in its place.
	Renames *Rename
}

// Rename is the name change a fix makes.
type Rename struct {
	From, To string
}

// Edit replaces Range in Path with NewText.
type Edit struct {
	Path    string // empty: same file as the diagnostic
	Range   Range
	NewText string
}
