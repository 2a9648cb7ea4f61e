package analyzer

import (
	"bytes"
	"unicode/utf8"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

// Rules for files that could not be examined. Discovery reports the first
// three, and reading a file that fails reports VELO091; of them only the
// size cap has a Run, for a text that reaches AnalyzeFile directly (an
// editor buffer). The encoding and the nesting depth are judged for every
// text. VELO099 is a panic the engine recovered.

var ruleFileTooLarge = &Rule{
	ID:       "VELO090",
	Name:     "file-too-large",
	Title:    "File over the size cap, not examined",
	Severity: SeverityWarning,
	Since:    "0.1.0",
	on:       stateTooLarge,
	Run:      runFileTooLarge,
	Doc: RuleDoc{
		What:    "Reports an events file larger than the size cap (1 MiB by default, `maxFileSize` in `.velo-lsp.json`).",
		Why:     "Its handlers are not checked; a generated or bundled file that large is rarely meant to be the events file.",
		Example: "A 3 MB `src/backend/events.js` produced by a bundler.",
		Fix:     "Keep handlers in a small events file that imports the rest, or raise the cap.",
	},
}

var ruleUnreadableFile = &Rule{
	ID:       "VELO091",
	Name:     "unreadable-file",
	Title:    "File that could not be read",
	Severity: SeverityError,
	Since:    "0.1.0",
	Doc: RuleDoc{
		What:    "Reports an events file that exists but could not be read (permissions, an I/O error, a link whose target is gone).",
		Why:     "Nothing in it was checked.",
		Example: "`src/backend/events.js` is a symbolic link to a file that was deleted.",
		Fix:     "Make the file readable by the user running velo-lsp.",
	},
}

var ruleSymlinkOutsideRoot = &Rule{
	ID:       "VELO092",
	Name:     "symlink-outside-root",
	Title:    "Symbolic link that leaves the checked folder",
	Severity: SeverityWarning,
	Since:    "0.1.0",
	Doc: RuleDoc{
		What:    "Reports a symbolic link under the checked folder that points outside it; velo-lsp does not follow it.",
		Why:     "velo-lsp reads only files under the root it was given. Wix does not follow such links either.",
		Example: "`src/backend -> /home/me/shared/backend`",
		Fix:     "Replace the link with the files, or check the target folder directly.",
	},
}

var ruleInvalidEncoding = &Rule{
	ID:       "VELO093",
	Name:     "invalid-encoding",
	Title:    "Binary file or invalid UTF-8",
	Severity: SeverityError,
	Since:    "0.1.0",
	on:       stateBadEncoding,
	Run:      runInvalidEncoding,
	Doc: RuleDoc{
		What:    "Reports an events file that contains a NUL byte or is not valid UTF-8.",
		Why:     "Velo expects UTF-8 JavaScript; a binary or mis-encoded file does not load, so none of its handlers fire.",
		Example: "An events.js saved as UTF-16 or Windows-1255.",
		Fix:     "Save the file as UTF-8.",
	},
}

func runFileTooLarge(p *Pass) {
	p.report(p.diagnostic(Range{0, 0},
		"this file is "+itoa(len(p.in.Text))+" bytes, over the "+itoa(int(p.cfg.maxFileSize()))+"-byte cap, so velo-lsp did not examine it; "+
			"raise `maxFileSize` in .velo-lsp.json to check it"))
}

// runInvalidEncoding rejects binary files (a NUL byte) and invalid UTF-8:
// the Velo editor saves UTF-8, and esbuild would misplace every position
// after a bad byte.
func runInvalidEncoding(p *Pass) {
	text := p.in.Text
	if i := bytes.IndexByte(text, 0); i >= 0 {
		p.report(p.diagnostic(Range{0, 0},
			"this file contains a NUL byte at offset "+itoa(i)+" and looks binary; it is not a JavaScript source Velo can load, so no handler in it fires"))
		return
	}
	off := firstInvalidUTF8(text)
	p.report(p.diagnostic(Range{off, off},
		"this file is not valid UTF-8 (first bad byte at offset "+itoa(off)+"); save it as UTF-8 so that Velo and velo-lsp read the same text"))
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

var ruleTooDeeplyNested = &Rule{
	ID:       "VELO094",
	Name:     "too-deeply-nested",
	Title:    "File nested too deeply to parse safely",
	Severity: SeverityWarning,
	Since:    "0.1.0",
	on:       stateTooDeep,
	Run:      runTooDeeplyNested,
	Doc: RuleDoc{
		What: "Reports a file whose brackets nest more than 1,000 levels deep; velo-lsp does not parse it.",
		Why: "Parsers recurse once per level, and a file nested hundreds of thousands of levels deep would " +
			"exhaust the stack. Such a file is generated, not written, and its handlers are not checked.",
		Example: "`export const data = [[[[…]]]];` with 200,000 levels of brackets.",
		Fix:     "Keep generated data out of the events file: load it from a collection or a separate module.",
	},
}

func runTooDeeplyNested(p *Pass) {
	p.report(p.diagnostic(Range{0, 0},
		"brackets in this file nest "+itoa(jsparse.NestingDepth(p.in.Text))+" levels deep, over the limit of "+itoa(MaxNestingDepth)+
			", so velo-lsp did not parse it and none of its handlers were checked"))
}

var ruleInternalError = &Rule{
	ID:       "VELO099",
	Name:     "internal-error",
	Title:    "velo-lsp failed on this file",
	Severity: SeverityError,
	Since:    "0.1.0",
	Doc: RuleDoc{
		What:    "Reports a file on which velo-lsp itself failed (a bug in velo-lsp, not in the file).",
		Why:     "The file's handlers were not checked, so mistakes in it may go unseen.",
		Example: "Any file that triggers a defect in velo-lsp.",
		Fix:     "Report the file to the velo-lsp maintainers; meanwhile check its handlers by hand.",
	},
}
