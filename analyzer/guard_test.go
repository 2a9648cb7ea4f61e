package analyzer

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

// The inputs of issue 10 (part 3) that killed `check` and the language
// server with a fatal stack overflow inside esbuild, or held them for
// minutes, each written after a handler with a misspelled name (which would
// be a VELO001 if the file were examined). Seen without the guard: the !,
// member, call and assignment chains end the test binary ("goroutine stack
// exceeds 1000000000-byte limit"); the comma sequences took 28 s and 155 s
// of CPU (90 s and 352 s of wall time on the shared machine) and were then
// examined as ordinary files; the brackets were examined too.
var tooComplexInputs = []struct {
	name string
	body string // after the handler, from line 2
	want string // the limit and where, as the finding says it
}{
	{"200,000 ! before an expression", "export const x = " + strings.Repeat("!", 200_000) + "a;\n",
		"a chain of 200,000 prefix operators at line 2; the limit is 5,000"},
	{"member chain, 350 KB", "export const x = a" + strings.Repeat(".b", 175_000) + ";\n",
		"a chain of 175,000 member accesses and calls at line 2; the limit is 5,000"},
	{"call chain, 350 KB", "export const x = f" + strings.Repeat("()", 175_000) + ";\n",
		"a chain of 175,000 member accesses and calls at line 2; the limit is 5,000"},
	{"assignment chain, 350 KB", "let a;\n" + strings.Repeat("a=", 175_000) + "b;\n",
		"a chain of 175,000 nested assignments at line 3; the limit is 5,000"},
	{"comma sequence, 80 KB", "export function f(a) {\n  return " + strings.Repeat("a,", 40_000) + "a;\n}\n",
		"a sequence of 40,000 comma operators at line 3; the limit is 2,000"},
	{"comma sequence, 160 KB", "export function f(a) {\n  return " + strings.Repeat("a,", 80_000) + "a;\n}\n",
		"a sequence of 80,000 comma operators at line 3; the limit is 2,000"},
	{"brackets 100,000 deep", "export const x = " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + ";\n",
		"brackets nest 100,000 levels deep at line 2; the limit is 1,000"},
}

const misspelledHandler = "export function wixBilling_onInvoicePayed(event) {}\n"

// TestTooComplexFileIsOneFinding: each input is one VELO094 that says
// which limit the file passes and at which line, and nothing else (the
// file is not examined), quickly. Without the guard before esbuild the
// process dies (stack overflow) or the comma sequences run for minutes.
func TestTooComplexFileIsOneFinding(t *testing.T) {
	for _, c := range tooComplexInputs {
		t.Run(c.name, func(t *testing.T) {
			src := []byte(misspelledHandler + c.body)
			start := time.Now()
			res := AnalyzeFile(FileInput{Path: "src/backend/events.js", Text: src, Role: RoleSiteEvents}, Config{})
			took := time.Since(start)
			if len(res.Diagnostics) != 1 {
				t.Fatalf("%d findings, want one VELO094: %+v", len(res.Diagnostics), res.Diagnostics)
			}
			d := res.Diagnostics[0]
			want := "this file is too complex to examine safely: " + c.want +
				". velo-lsp did not parse it, so none of its handlers were checked"
			if d.Code != "VELO094" || d.Rule != "too-deeply-nested" || d.Message != want || d.Range != (Range{0, 0}) {
				t.Fatalf("got %s %s %v %q\nwant VELO094 at 0 %q", d.Code, d.Rule, d.Range, d.Message, want)
			}
			if len(d.Notes) != 1 || d.Notes[0].Range.Start < len(misspelledHandler) || d.Notes[0].Range.Start >= len(src) {
				t.Errorf("notes %+v: want one inside the construct", d.Notes)
			}
			// Milliseconds with the guard; the comma sequences took esbuild
			// 41 s and over 3 minutes without it. Generous for a loaded
			// machine.
			if took > 10*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}

// TestTooComplexFileInASite: through the engine's repository analysis, an
// events file over a limit is one VELO094, and so is a backend module over
// a limit that the events file re-exports with `export *` (the chain is
// not followed into it: esbuild never sees it), while the site's other
// findings are still reported.
func TestTooComplexFileInASite(t *testing.T) {
	bang := "export const wixBilling_onInvoicePayed = " + strings.Repeat("!", 200_000) + "a;\n"
	fsys := fstest.MapFS{
		"wix.config.json":             {Data: []byte("{}\n")},
		"src/backend/events.js":       {Data: []byte("export * from './gen.js';\nexport function wixBilling_onInvoicePayd(event) {}\n")},
		"src/backend/gen.js":          {Data: []byte(bang)},
		"src/backend/other/events.js": {Data: []byte(misspelledHandler + strings.Repeat("a=", 175_000) + "b;\n")},
	}
	res, err := NewEngine().AnalyzeRepo(context.Background(), fsys, Config{}, RepoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, d := range res.Diagnostics {
		got[d.Path] = append(got[d.Path], d.Code)
	}
	if g := got["src/backend/gen.js"]; len(g) != 1 || g[0] != "VELO094" {
		t.Errorf("gen.js: %v, want one VELO094", g)
	}
	if g := got["src/backend/events.js"]; len(g) != 1 || g[0] != "VELO001" {
		t.Errorf("events.js: %v, want its misspelling (VELO001) only", g)
	}
	if g := got["src/backend/other/events.js"]; len(g) != 1 || g[0] != "VELO094" {
		t.Errorf("other/events.js: %v, want one VELO094", g)
	}
}

// TestFixVerificationIsGuarded: --fix re-validates the fixed text with
// esbuild before writing it; a fixed text over a limit is a refused fix
// that says why, not a crash in the verification.
func TestFixVerificationIsGuarded(t *testing.T) {
	before := []byte(misspelledHandler)
	after := []byte("export function wixBilling_onInvoicePaid(event) {}\nexport const x = " + strings.Repeat("!", 200_000) + "a;\n")
	reason := verifyFix(before, after, jsparse.LangJS, nil)
	if !strings.Contains(reason, "too complex to examine safely: a chain of 200,000 prefix operators at line 2") {
		t.Errorf("reason %q", reason)
	}
	// And the fix loop leaves a file over a limit as it is, with its one
	// finding.
	in := FileInput{Path: "src/backend/events.js", Text: []byte(misspelledHandler + tooComplexInputs[0].body), Role: RoleSiteEvents}
	out := FixFile(in, Config{}, nil)
	if string(out.Text) != string(in.Text) || len(out.Applied) != 0 || len(out.Remaining) != 1 || out.Remaining[0].Code != "VELO094" {
		t.Errorf("FixFile: applied %v, remaining %+v, text changed %v", out.Applied, out.Remaining, string(out.Text) != string(in.Text))
	}
}
