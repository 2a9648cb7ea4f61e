package analyzer_test

import (
	"bytes"
	"context"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/config"
)

// TestOffRuleIsNotRun: a rule whose Run panics stands for any rule. Turned
// off, by id, by name or in .velo-lsp.json, it is never called, in one file
// or in a tree. The engine turns a panic into a VELO099 finding, so a call
// shows; the cases where the rule is on show that it does.
func TestOffRuleIsNotRun(t *testing.T) {
	probe := &analyzer.Rule{ID: "VELO098", Name: "test-probe", Title: "a rule that must not run", Severity: analyzer.SeverityWarning,
		Since: "test", Run: func(*analyzer.Pass) { panic("the probe rule ran") }}
	analyzer.AddRuleForTest(t, probe)
	fromFile := func(json string) analyzer.Config {
		f, err := config.Parse(".velo-lsp.json", []byte(json))
		if err != nil {
			t.Fatal(err)
		}
		var cfg analyzer.Config
		if err := f.Apply(&cfg, analyzer.Rules()); err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	tests := []struct {
		name string
		cfg  analyzer.Config
		runs bool
	}{
		{"default level", analyzer.Config{}, true},
		{"set to info", levels("VELO098", analyzer.SeverityInfo), true},
		{"another rule off", levels("VELO001", analyzer.SeverityOff), true},
		{"off by id", levels("VELO098", analyzer.SeverityOff), false},
		{"off by name", levels("test-probe", analyzer.SeverityOff), false},
		{"off in .velo-lsp.json", fromFile(`{"rules": {"VELO098": "off"}}`), false},
		{"off by name in .velo-lsp.json", fromFile(`{"rules": {"test-probe": "off"}}`), false},
	}
	src := []byte("export function wixBilling_onInvoicePaid(event) {}\n")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := analyzer.AnalyzeFile(analyzer.FileInput{Path: "src/backend/events.js", Text: src, Role: analyzer.RoleSiteEvents}, tt.cfg)
			tree, err := analyzer.AnalyzeRepo(context.Background(), fstest.MapFS{"src/backend/events.js": {Data: src}}, tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			for what, ds := range map[string][]analyzer.Diagnostic{"AnalyzeFile": file.Diagnostics, "AnalyzeRepo": tree.Diagnostics} {
				if ran := hasCode(ds, "VELO099"); ran != tt.runs {
					t.Errorf("%s: the probe ran: %v, want %v (%+v)", what, ran, tt.runs, ds)
				}
			}
		})
	}
}

// TestRulesRunOnlyWhenOn watches every rule's Run over the inputs that
// trigger it (its fixture folder, its documented examples): on, it is
// called; off, it is never called and none of its findings appear.
func TestRulesRunOnlyWhenOn(t *testing.T) {
	folders, _ := fixtureFolders(t)
	for _, r := range analyzer.Rules() {
		if r.Run == nil {
			continue // reported by the engine itself: discovery, reading, a recovered panic
		}
		t.Run(r.ID, func(t *testing.T) {
			var inputs []example
			for _, f := range folders {
				if f.rule == r {
					for _, a := range f.fixtures {
						inputs = append(inputs, fixtureExample(t, a))
					}
				}
			}
			bad, _ := docExamples(t, r)
			inputs = append(inputs, bad...)
			var calls atomic.Int64
			run := r.Run
			r.Run = func(p *analyzer.Pass) { calls.Add(1); run(p) }
			defer func() { r.Run = run }()

			for _, in := range inputs {
				in.analyze(t, nil)
			}
			if calls.Load() == 0 {
				t.Fatalf("%s never ran on %d inputs that trigger it", r.ID, len(inputs))
			}
			calls.Store(0)
			off := map[string]analyzer.Severity{r.ID: analyzer.SeverityOff}
			for _, in := range inputs {
				if ds := in.analyze(t, off); hasCode(ds, r.ID) {
					t.Errorf("%s: a finding of %s, which is off", in.name, r.ID)
				}
			}
			if n := calls.Load(); n != 0 {
				t.Errorf("%s is off, but its Run was called %d times", r.ID, n)
			}
		})
	}
}

// TestRuleExamples runs each rule's documented example (`velo-lsp explain`
// shows it): it must trigger the rule; the code of its Fix section, when
// there is some, must not.
func TestRuleExamples(t *testing.T) {
	for _, r := range analyzer.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			bad, good := docExamples(t, r)
			if len(bad) == 0 {
				t.Fatalf("%s: its Example section holds no ```js block and no input is built for it (builtExamples)", r.ID)
			}
			for _, ex := range bad {
				if ds := ex.analyze(t, nil); !hasCode(ds, r.ID) {
					t.Errorf("the example (%s) does not trigger %s: %+v", ex.name, r.ID, ds)
				}
			}
			for _, ex := range good {
				if ds := ex.analyze(t, nil); hasCode(ds, r.ID) {
					t.Errorf("the Fix section's code (%s) triggers %s: %+v", ex.name, r.ID, ds)
				}
			}
		})
	}
}

// example is an input to analyse with extra levels (nil: the defaults).
type example struct {
	name    string
	analyze func(t *testing.T, levels map[string]analyzer.Severity) []analyzer.Diagnostic
}

// treeExample analyses a tree as `check` does, on fixtureNow.
func treeExample(name string, fsys fs.FS) example {
	return example{name: name, analyze: func(t *testing.T, levels map[string]analyzer.Severity) []analyzer.Diagnostic {
		res, err := analyzer.AnalyzeRepo(context.Background(), fsys, analyzer.Config{Now: fixtureNow, Levels: levels})
		if err != nil {
			t.Fatal(err)
		}
		return res.Diagnostics
	}}
}

// bufferExample analyses one text as the server does an open document.
func bufferExample(name string, in analyzer.FileInput) example {
	return example{name: name, analyze: func(t *testing.T, levels map[string]analyzer.Severity) []analyzer.Diagnostic {
		return analyzer.AnalyzeFile(in, analyzer.Config{Now: fixtureNow, Levels: levels}).Diagnostics
	}}
}

// fixtureExample analyses a fixture archive with its own settings.
func fixtureExample(t *testing.T, archive string) example {
	fx := loadFixture(t, archive)
	return example{name: filepath.Base(archive), analyze: func(t *testing.T, levels map[string]analyzer.Severity) []analyzer.Diagnostic {
		cfg := fx.cfg
		cfg.Levels = map[string]analyzer.Severity{}
		for _, l := range []map[string]analyzer.Severity{fx.cfg.Levels, levels} {
			for k, v := range l {
				cfg.Levels[k] = v
			}
		}
		res, err := analyzer.AnalyzeRepo(context.Background(), fx.fsys, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return res.Diagnostics
	}}
}

// docExamples returns the inputs of r's documentation: bad from its
// Example section (its ```js blocks, or for a rule whose trigger is not
// code the inputs builtExamples makes from the description), good from
// the ```js blocks of its Fix section. In a block, a comment line that
// names a path (`// src/backend/events.web.js`, `// velo/events.js, in a
// repository without wix.config.json`) starts that file; code before any
// such line is src/backend/events.js.
func docExamples(t *testing.T, r *analyzer.Rule) (bad, good []example) {
	t.Helper()
	blocks := jsBlocks(r.Doc.Example)
	build, described := builtExamples[r.ID]
	switch {
	case len(blocks) > 0 && described:
		t.Fatalf("%s: its example is code now; drop its entry in builtExamples", r.ID)
	case described && strings.TrimSpace(r.Doc.Example) != build.text:
		t.Fatalf("%s: its example now says %q; builtExamples builds %q", r.ID, r.Doc.Example, build.text)
	case described:
		bad = build.inputs()
	}
	for i, b := range blocks {
		bad = append(bad, treeExample("Example block "+strconv.Itoa(i+1), exampleFiles(b)))
	}
	for i, b := range jsBlocks(r.Doc.Fix) {
		good = append(good, treeExample("Fix block "+strconv.Itoa(i+1), exampleFiles(b)))
	}
	return bad, good
}

// jsBlocks returns the contents of the ```js fenced blocks of a Markdown
// text.
func jsBlocks(md string) []string {
	var out []string
	var cur *strings.Builder
	for _, line := range strings.Split(md, "\n") {
		switch {
		case cur == nil && strings.TrimSpace(line) == "```js":
			cur = &strings.Builder{}
		case cur != nil && strings.TrimSpace(line) == "```":
			out = append(out, cur.String())
			cur = nil
		case cur != nil:
			cur.WriteString(line + "\n")
		}
	}
	return out
}

// exampleFiles splits an example's code into the files its path comments
// name.
func exampleFiles(code string) fstest.MapFS {
	files := fstest.MapFS{}
	name := "src/backend/events.js"
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			files[name] = &fstest.MapFile{Data: []byte(text.String())}
		}
		text.Reset()
	}
	for _, line := range strings.SplitAfter(code, "\n") {
		if p := pathComment(line); p != "" {
			flush()
			name = p
		}
		text.WriteString(line)
	}
	flush()
	return files
}

// pathComment returns the path a `// path[, words]` line names, or "".
func pathComment(line string) string {
	rest, ok := strings.CutPrefix(line, "// ")
	if !ok {
		return ""
	}
	word := strings.TrimSpace(rest)
	if i := strings.IndexAny(word, " ,"); i >= 0 {
		word = word[:i]
	}
	if strings.Contains(word, "/") && (strings.HasSuffix(word, ".js") || strings.HasSuffix(word, ".ts") || strings.HasSuffix(word, ".jsw")) {
		return word
	}
	return ""
}

// builtExamples are the examples that describe a file rather than show
// code: each entry holds the description it implements (the rule's
// Example section, word for word, so that a change to one shows here) and
// builds the inputs it describes.
var builtExamples = map[string]struct {
	text   string
	inputs func() []example
}{
	"VELO090": {"A 3 MB `src/backend/events.js` produced by a bundler.", func() []example {
		text := bytes.Repeat([]byte("export const chunk = 'bundled';\n"), 3<<20/32)
		return []example{bufferExample("a 3 MB buffer", analyzer.FileInput{Path: "src/backend/events.js", Text: text, Role: analyzer.RoleSiteEvents})}
	}},
	"VELO091": {"`src/backend/events.js` is a symbolic link to a file that was deleted.", func() []example {
		return []example{treeExample("a dangling link", fstest.MapFS{
			"src/backend/events.js": {Data: []byte("events-before-cleanup.js"), Mode: fs.ModeSymlink | 0o777},
		})}
	}},
	"VELO092": {"`src/backend -> /home/me/shared/backend`", func() []example {
		return []example{treeExample("a link out of the root", fstest.MapFS{
			"src/backend": {Data: []byte("/home/me/shared/backend"), Mode: fs.ModeSymlink | 0o777},
		})}
	}},
	"VELO093": {"An events.js saved as UTF-16 or Windows-1255.", func() []example {
		code := "export function wixBilling_onInvoicePaid(event) {}\n"
		var utf16 []byte
		for i := 0; i < len(code); i++ {
			utf16 = append(utf16, code[i], 0) // little-endian; every character of code is ASCII
		}
		// "// שלום" in Windows-1255: one byte per Hebrew letter, none of them UTF-8.
		cp1255 := append([]byte("// \xf9\xec\xe5\xed\n"), code...)
		return []example{
			treeExample("UTF-16", fstest.MapFS{"src/backend/events.js": {Data: utf16}}),
			treeExample("Windows-1255", fstest.MapFS{"src/backend/events.js": {Data: cp1255}}),
		}
	}},
	"VELO094": {"`export const x = !!!!…!a;` with 200,000 `!`, or `a.b.b.b…` with 90,000 member accesses.", func() []example {
		bang := "export const x = " + strings.Repeat("!", 200_000) + "a;\n"
		members := "export const x = a" + strings.Repeat(".b", 90_000) + ";\n"
		return []example{
			bufferExample("200,000 !", analyzer.FileInput{Path: "src/backend/events.js", Text: []byte(bang), Role: analyzer.RoleSiteEvents}),
			bufferExample("90,000 member accesses", analyzer.FileInput{Path: "src/backend/events.js", Text: []byte(members), Role: analyzer.RoleSiteEvents}),
		}
	}},
	"VELO099": {"Any file that triggers a defect in velo-lsp.", func() []example {
		// The defect: reading the file of its `export *` chain panics.
		files := fstest.MapFS{"src/backend/events.js": {Data: []byte("export * from './more.js';\n")}}
		return []example{bufferExample("a defect reached through the tree", analyzer.FileInput{
			Path: "src/backend/events.js", Text: files["src/backend/events.js"].Data, Role: analyzer.RoleSiteEvents,
			FS: panicFS{FS: files, path: "src/backend/more.js"}})}
	}},
}
