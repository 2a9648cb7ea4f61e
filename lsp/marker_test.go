package lsp

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
)

// Scenario tests, in the manner of gopls's marker tests. Each
// testdata/*.txtar archive is a workspace folder. Its header holds
// directives, one per line:
//
//	encodings: utf-8            position encodings the client offers (default none: UTF-16)
//	closed: a/b.js c/d.js       files that are not opened (their diagnostics come from the workspace scan)
//	settings: {...}             initializationOptions (JSON)
//	diagnostics: ignore         do not require every diagnostic to be matched (completion of half-typed code)
//
// Every .js/.ts file with markers is opened, unless closed. Markers are
// line comments at the end of a line, several per line allowed; each names
// a location on its own line by a string ("loc") found in the code part of
// that line, where a '|' marks the cursor (default: the start of loc):
//
//	//@diag("loc", "VELO001", "message regexp")  a diagnostic spanning loc (the end is checked when it lies on the line)
//	//@complete("loc|", "label", "-absent")     completion at the cursor: listed labels present in this order, "-x" absent; no labels: empty
//	//@hover("lo|c", "regexp", ...)             hover at the cursor matches every regexp; none: no hover
//	//@fix("loc", "title regexp", "name")      the quick fix whose title matches, applied to the file, equals section @fix/name
//	//@fix("loc", "title regexp", "name", "preferred")   ... and is marked preferred
//	//@nodiag()                               nothing: puts the file under check (it must get no diagnostics)
//
// Every diagnostic published for a file with markers (open or closed) must
// be matched by a @diag marker, and every marker by a diagnostic. A section
// "@symbols/<path>" holds the expected document symbols of that file. Run
// with -update to rewrite the @fix and (existing) @symbols sections.

var update = flag.Bool("update", false, "rewrite the golden sections of lsp/testdata/*.txtar")

func TestScenarios(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txtar"), func(t *testing.T) { runScenario(t, f) })
	}
}

type marker struct {
	file   string
	line   int // 0-based
	name   string
	args   []string
	start  int // byte offsets of loc in the file
	end    int
	cursor int
}

var reMarker = regexp.MustCompile(`//@(\w+)\(`)

func parseMarkers(t *testing.T, name string, text []byte) []marker {
	var out []marker
	lines := strings.SplitAfter(string(text), "\n")
	off := 0
	for i, line := range lines {
		locs := reMarker.FindAllStringSubmatchIndex(line, -1)
		for k, m := range locs {
			end := len(line)
			if k+1 < len(locs) {
				end = locs[k+1][0]
			}
			chunk := strings.TrimRight(line[m[1]:end], " \t\r\n")
			if !strings.HasSuffix(chunk, ")") {
				t.Fatalf("%s:%d: marker without a closing parenthesis", name, i+1)
			}
			var args []string
			if err := json.Unmarshal([]byte("["+chunk[:len(chunk)-1]+"]"), &args); err != nil {
				t.Fatalf("%s:%d: marker arguments: %v", name, i+1, err)
			}
			mk := marker{file: name, line: i, name: line[m[2]:m[3]], args: args}
			if len(args) > 0 {
				code := line[:locs[0][0]]
				loc := args[0]
				bar := strings.IndexByte(loc, '|')
				plain := strings.Replace(loc, "|", "", 1)
				at := strings.Index(code, plain)
				if at < 0 {
					t.Fatalf("%s:%d: %q is not on the line", name, i+1, plain)
				}
				mk.start, mk.end = off+at, off+at+len(plain)
				mk.cursor = mk.start
				if bar >= 0 {
					mk.cursor = mk.start + bar
				}
			}
			out = append(out, mk)
		}
		off += len(line)
	}
	return out
}

func runScenario(t *testing.T, path string) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := textpos.UTF16
	var offered []string
	closed := map[string]bool{}
	var initOpts interface{}
	ignoreDiags := false
	for _, l := range strings.Split(string(ar.Comment), "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "encodings":
			offered = strings.Fields(v)
			for _, e := range offered {
				if e == "utf-8" {
					enc = textpos.UTF8
				}
			}
		case "diagnostics":
			ignoreDiags = v == "ignore"
		case "closed":
			for _, f := range strings.Fields(v) {
				closed[f] = true
			}
		case "settings":
			if err := json.Unmarshal([]byte(v), &initOpts); err != nil {
				t.Fatalf("settings: %v", err)
			}
		}
	}

	root := t.TempDir()
	texts := map[string][]byte{}
	golden := map[string]*txtar.File{}
	for i := range ar.Files {
		f := &ar.Files[i]
		if strings.HasPrefix(f.Name, "@") {
			golden[f.Name] = f
			continue
		}
		texts[f.Name] = f.Data
		p := filepath.Join(root, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	uriOf := func(name string) string { return fileURI(filepath.Join(root, filepath.FromSlash(name))) }

	// Sunset dates are judged on a fixed day, so results do not change with
	// the calendar.
	c := newTestClient(t, Options{Now: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)})
	caps := map[string]interface{}{
		"textDocument": map[string]interface{}{
			"completion":     map[string]interface{}{"completionItem": map[string]interface{}{"snippetSupport": true, "labelDetailsSupport": true, "tagSupport": map[string]interface{}{"valueSet": []int{1}}}},
			"documentSymbol": map[string]interface{}{"hierarchicalDocumentSymbolSupport": true},
		},
	}
	if offered != nil {
		caps["general"] = map[string]interface{}{"positionEncodings": offered}
	}
	params := map[string]interface{}{
		"capabilities":     caps,
		"workspaceFolders": []map[string]string{{"uri": fileURI(root), "name": "site"}},
	}
	if initOpts != nil {
		params["initializationOptions"] = initOpts
	}
	c.initialize(params)

	var names []string
	for n := range texts {
		names = append(names, n)
	}
	sort.Strings(names)
	markers := map[string][]marker{}
	var opened []string
	for _, n := range names {
		ms := parseMarkers(t, n, texts[n])
		_, hasSymbols := golden["@symbols/"+n]
		if len(ms) == 0 && !hasSymbols {
			continue
		}
		markers[n] = ms
		if !closed[n] {
			c.open(uriOf(n), string(texts[n]), 1)
			opened = append(opened, n)
		}
	}
	for _, n := range opened {
		c.waitDiagnostics(uriOf(n), int32p(1))
	}
	c.server.ws.waitScans(1)
	c.call("textDocument/documentSymbol", map[string]interface{}{"textDocument": map[string]string{"uri": "file:///sync"}}) // a round trip

	dirty := false
	for _, n := range names {
		ms, ok := markers[n]
		if !ok {
			continue
		}
		uri := uriOf(n)
		ix := textpos.New(texts[n])
		pos := func(off int) map[string]int {
			l, col := ix.Position(off, enc)
			return map[string]int{"line": l, "character": col}
		}
		// Diagnostics.
		var got []wireDiagnosis
		if ps := c.publishes(uri); len(ps) > 0 {
			if closed[n] {
				got = ps[len(ps)-1].Diagnostics
			} else {
				got = c.waitDiagnostics(uri, int32p(1)).Diagnostics
			}
		}
		used := make([]bool, len(got))
		for _, m := range ms {
			if m.name != "diag" {
				continue
			}
			if len(m.args) < 2 {
				t.Errorf("%s:%d: @diag needs a location and a code", n, m.line+1)
				continue
			}
			sl, sc := ix.Position(m.start, enc)
			el, ec := ix.Position(m.end, enc)
			found := false
			for i, d := range got {
				if used[i] || d.Code != m.args[1] || d.Range.Start.Line != sl || d.Range.Start.Character != sc {
					continue
				}
				if d.Range.End.Line == el && d.Range.End.Character != ec {
					continue
				}
				if len(m.args) > 2 && !regexp.MustCompile(m.args[2]).MatchString(d.Message) {
					t.Errorf("%s:%d: %s message %q does not match %q", n, m.line+1, d.Code, d.Message, m.args[2])
				}
				used[i], found = true, true
				break
			}
			if !found {
				t.Errorf("%s:%d: no %s diagnostic at %d:%d-%d:%d; got %s", n, m.line+1, m.args[1], sl, sc, el, ec, describeDiags(got))
			}
		}
		for i, d := range got {
			if !used[i] && !ignoreDiags {
				t.Errorf("%s: unexpected diagnostic %s", n, describeDiags([]wireDiagnosis{d}))
			}
		}
		if closed[n] {
			continue
		}
		// Requests.
		for _, m := range ms {
			at := fmt.Sprintf("%s:%d: @%s", n, m.line+1, m.name)
			tdoc := map[string]string{"uri": uri}
			switch m.name {
			case "complete":
				var list completionListWire
				c.callOK("textDocument/completion", map[string]interface{}{"textDocument": tdoc, "position": pos(m.cursor)}, &list)
				checkCompletion(t, at, list, m.args[1:])
			case "hover":
				var h *struct {
					Contents struct{ Value string } `json:"contents"`
				}
				c.callOK("textDocument/hover", map[string]interface{}{"textDocument": tdoc, "position": pos(m.cursor)}, &h)
				if len(m.args) == 1 {
					if h != nil {
						t.Errorf("%s: want no hover, got %q", at, h.Contents.Value)
					}
					continue
				}
				if h == nil {
					t.Errorf("%s: no hover", at)
					continue
				}
				for _, re := range m.args[1:] {
					if !regexp.MustCompile(re).MatchString(h.Contents.Value) {
						t.Errorf("%s: hover does not match %q:\n%s", at, re, h.Contents.Value)
					}
				}
			case "fix":
				if len(m.args) < 3 {
					t.Errorf("%s: needs a location, a title and a golden name", at)
					continue
				}
				var actions []codeActionWire
				c.callOK("textDocument/codeAction", map[string]interface{}{"textDocument": tdoc,
					"range":   map[string]interface{}{"start": pos(m.start), "end": pos(m.end)},
					"context": map[string]interface{}{"diagnostics": []interface{}{}}}, &actions)
				var act *codeActionWire
				var titles []string
				for i := range actions {
					titles = append(titles, actions[i].Title)
					if act == nil && regexp.MustCompile(m.args[1]).MatchString(actions[i].Title) {
						act = &actions[i]
					}
				}
				if act == nil {
					t.Errorf("%s: no action matching %q among %q", at, m.args[1], titles)
					continue
				}
				if len(m.args) > 3 && m.args[3] == "preferred" && !act.IsPreferred {
					t.Errorf("%s: %q is not preferred", at, act.Title)
				}
				result := applyEdits(t, texts[n], act.Edit.Changes[uri], enc)
				key := "@fix/" + m.args[2]
				if *update {
					setGolden(ar, golden, key, result)
					dirty = true
				} else if g := golden[key]; g == nil {
					t.Errorf("%s: no section %s (run with -update)", at, key)
				} else if string(g.Data) != string(result) {
					t.Errorf("%s: fix result differs from %s:\n--- got ---\n%s--- want ---\n%s", at, key, result, g.Data)
				}
			}
		}
		// Symbols.
		key := "@symbols/" + n
		if _, ok := golden[key]; ok {
			var syms []struct {
				Name           string    `json:"name"`
				Detail         string    `json:"detail"`
				Kind           int       `json:"kind"`
				SelectionRange wireRange `json:"selectionRange"`
			}
			c.callOK("textDocument/documentSymbol", map[string]interface{}{"textDocument": map[string]string{"uri": uri}}, &syms)
			var b strings.Builder
			for _, s := range syms {
				fmt.Fprintf(&b, "%d:%d %s (kind %d) %s\n", s.SelectionRange.Start.Line+1, s.SelectionRange.Start.Character+1, s.Name, s.Kind, s.Detail)
			}
			if *update {
				setGolden(ar, golden, key, []byte(b.String()))
				dirty = true
			} else if g := golden[key]; string(g.Data) != b.String() {
				t.Errorf("%s: symbols differ:\n--- got ---\n%s--- want ---\n%s", n, b.String(), g.Data)
			}
		}
	}
	if dirty {
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type completionListWire struct {
	Items []struct {
		Label        string `json:"label"`
		Detail       string `json:"detail"`
		Tags         []int  `json:"tags"`
		LabelDetails *struct {
			Description string `json:"description"`
		} `json:"labelDetails"`
	} `json:"items"`
}

type codeActionWire struct {
	Title       string `json:"title"`
	Kind        string `json:"kind"`
	IsPreferred bool   `json:"isPreferred"`
	Edit        struct {
		Changes map[string][]struct {
			Range   wireRange `json:"range"`
			NewText string    `json:"newText"`
		} `json:"changes"`
	} `json:"edit"`
}

func checkCompletion(t *testing.T, at string, list completionListWire, want []string) {
	t.Helper()
	index := map[string]int{}
	var labels []string
	for i, it := range list.Items {
		if _, ok := index[it.Label]; !ok {
			index[it.Label] = i
		}
		labels = append(labels, it.Label)
	}
	if len(want) == 0 && len(list.Items) > 0 {
		t.Errorf("%s: want no items, got %d (%s…)", at, len(labels), strings.Join(labels[:min(5, len(labels))], ", "))
	}
	last := -1
	for _, w := range want {
		if strings.HasPrefix(w, "-") {
			if _, ok := index[w[1:]]; ok {
				t.Errorf("%s: %s is offered and should not be", at, w[1:])
			}
			continue
		}
		i, ok := index[w]
		if !ok {
			t.Errorf("%s: %s is not offered; got %d items (%s…)", at, w, len(labels), strings.Join(labels[:min(8, len(labels))], ", "))
			continue
		}
		if i < last {
			t.Errorf("%s: %s ranks before the label listed before it", at, w)
		}
		last = i
	}
}

func applyEdits(t *testing.T, text []byte, edits []struct {
	Range   wireRange `json:"range"`
	NewText string    `json:"newText"`
}, enc textpos.Encoding) []byte {
	ix := textpos.New(text)
	type span struct {
		s, e int
		txt  string
	}
	var spans []span
	for _, e := range edits {
		s, err1 := ix.Offset(e.Range.Start.Line, e.Range.Start.Character, enc)
		en, err2 := ix.Offset(e.Range.End.Line, e.Range.End.Character, enc)
		if err1 != nil || err2 != nil {
			t.Errorf("edit out of range: %+v", e.Range)
		}
		spans = append(spans, span{s, en, e.NewText})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].s > spans[j].s })
	out := append([]byte(nil), text...)
	for _, s := range spans {
		out = append(out[:s.s], append([]byte(s.txt), out[s.e:]...)...)
	}
	return out
}

func setGolden(ar *txtar.Archive, golden map[string]*txtar.File, key string, data []byte) {
	if g := golden[key]; g != nil {
		g.Data = data
		return
	}
	ar.Files = append(ar.Files, txtar.File{Name: key, Data: data})
	golden[key] = &ar.Files[len(ar.Files)-1]
}

func describeDiags(ds []wireDiagnosis) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, fmt.Sprintf("%s %d:%d-%d:%d %q", d.Code, d.Range.Start.Line, d.Range.Start.Character, d.Range.End.Line, d.Range.End.Character, d.Message))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}
