package analyzer

import (
	"bytes"
	"unicode/utf8"
)

// Rules for files that could not be examined. Discovery reports the first
// three, and reading a file that fails reports VELO091; of them only the
// size cap has a Run, for a text that reaches AnalyzeFile directly (an
// editor buffer). The encoding and the guard's verdict (VELO094: too
// complex to examine safely) are judged for every text. VELO099 is a panic
// the engine recovered.

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

// ruleTooDeeplyNested is the guard's refusal (jsparse/guard.go). Its id
// and name are from when the guard measured brackets only; the rule is the
// same one, grown to every shape the guard measures, so the id is kept.
var ruleTooDeeplyNested = &Rule{
	ID:       "VELO094",
	Name:     "too-deeply-nested",
	Title:    "File too complex to examine safely",
	Severity: SeverityWarning,
	Since:    "0.1.0",
	on:       stateTooDeep,
	Run:      runTooDeeplyNested,
	Doc: RuleDoc{
		What: "Reports a file that velo-lsp does not parse because its shape could crash or stall the parser: " +
			"brackets nested more than 1,000 levels deep; a chain of more than 5,000 prefix operators (`!`, `-`, " +
			"`typeof`, …), member accesses and calls, assignments, conditionals, arrow functions or `**`; " +
			"statements nested more than 5,000 levels deep without braces; more than 10,000 levels of all of these " +
			"together; more than 2,000 expressions in one comma sequence; or, beyond a budget that grows with the " +
			"file's size, a shape the parser handles in quadratic time (nested `!`, comma sequences, nested labels, " +
			"concatenated strings, deeply nested functions or blocks, names declared again and again). The message " +
			"says which limit the file passes and at which line. None of the file's handlers are checked.",
		Why: "esbuild, which velo-lsp asks whether a file loads, recurses once per level of most constructs: " +
			"somewhere between 130,000 and 400,000 levels its stack runs out, and that ends the process (`check`, or " +
			"the language server with every open document) with no way to recover. Other shapes cost it minutes: " +
			"an 80 KB comma sequence took 41 seconds. The limits sit far above hand-written code (real events files " +
			"use about 1% of them) and far below the points where the parser fails, so only generated code meets them.",
		Example: "`export const x = !!!!…!a;` with 200,000 `!`, or `a.b.b.b…` with 90,000 member accesses.",
		Fix: "Keep generated code and data out of the events file: read data from a collection or a file at run " +
			"time, and keep the events file to the handlers, written by hand.",
	},
}

// runTooDeeplyNested is the one finding for a file the guard refused: the
// limit it passes and where, at the file's start (none of it was
// examined), with a note where the construct starts.
func runTooDeeplyNested(p *Pass) {
	e := p.val.Error
	c := e.TooComplex
	if c == nil {
		// Every refusal carries its measure; should one not, its text
		// still says what was refused.
		p.report(p.diagnostic(Range{0, 0}, e.Message))
		return
	}
	d := p.diagnostic(Range{0, 0}, "this file is too complex to examine safely: "+c.Error()+
		". velo-lsp did not parse it, so none of its handlers were checked")
	d.Notes = append(d.Notes, Note{Range: Range{c.Offset, c.Offset}, Message: "the construct over the limit starts here"})
	p.report(d)
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
