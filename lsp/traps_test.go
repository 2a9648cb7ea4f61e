package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// One test per trap of go.lsp.dev listed in ARCHITECTURE.md ("LSP on
// go.lsp.dev"). Each fails when the handling it names is taken out.

const testURI = "file:///site/src/backend/events.js"

// noAnalysis is an analyzer that finds nothing (tests about transport).
func noAnalysis(analyzer.FileInput, analyzer.Config) *analyzer.FileResult {
	return &analyzer.FileResult{}
}

// Trap 1: methods the server does not implement, and methods the library
// does not know, are answered MethodNotFound; nothing panics.
func TestTrap1UnimplementedMethodsAnswerMethodNotFound(t *testing.T) {
	c := newTestClient(t, Options{Analyze: noAnalysis})
	c.initialize(nil)
	pos := map[string]interface{}{"textDocument": map[string]string{"uri": testURI}, "position": map[string]int{"line": 0, "character": 0}}
	for _, m := range []string{"textDocument/definition", "textDocument/formatting", "codeAction/resolve", "completionItem/resolve", "velo/noSuchMethod"} {
		r := c.call(m, pos)
		if r.Error == nil || r.Error.Code != -32601 {
			t.Errorf("%s: got %+v, want a MethodNotFound (-32601) error", m, r.Error)
		}
	}
	// Unknown notifications are dropped silently, and the server is still up.
	c.notify("velo/noSuchNotification", map[string]int{"x": 1})
	// Bad params: an error reply with a proper code, not a crash.
	if r := c.call("textDocument/documentSymbol", nil); r.Error == nil || r.Error.Code != -32602 {
		t.Errorf("documentSymbol without params: got %+v, want InvalidParams (-32602)", r.Error)
	}
	if n := c.server.Panics(); n != 0 {
		t.Errorf("%d panics recovered, want none", n)
	}
}

// Trap 2: a panic in a request handler becomes an InternalError reply, and
// the server goes on; a panic in the analysis worker is logged and the
// worker goes on too.
func TestTrap2PanicsAreRecovered(t *testing.T) {
	var calls atomic.Int32
	exploded := make(chan struct{})
	c := newTestClient(t, Options{
		Analyze: func(in analyzer.FileInput, cfg analyzer.Config) *analyzer.FileResult {
			if calls.Add(1) == 1 {
				close(exploded)
				panic("analyzer exploded")
			}
			return &analyzer.FileResult{}
		},
		testHook: func(ctx context.Context, method string) {
			if method == "textDocument/hover" {
				panic("hover exploded")
			}
		},
	})
	c.initialize(nil)
	c.open(testURI, "export function wixBilling_onInvoicePaid(event) {}\n", 1)
	r := c.call("textDocument/hover", map[string]interface{}{
		"textDocument": map[string]string{"uri": testURI}, "position": map[string]int{"line": 0, "character": 20}})
	if r.Error == nil || r.Error.Code != -32603 || !strings.Contains(r.Error.Message, "hover exploded") {
		t.Fatalf("hover: got %+v, want an InternalError naming the panic", r.Error)
	}
	// The worker survived its panic: the next version is analyzed and published.
	<-exploded
	c.notify("textDocument/didChange", map[string]interface{}{
		"textDocument":   map[string]interface{}{"uri": testURI, "version": 2},
		"contentChanges": []map[string]string{{"text": "export const x = 1;\n"}},
	})
	c.waitDiagnostics(testURI, int32p(2))
	var syms []json.RawMessage
	c.callOK("textDocument/documentSymbol", map[string]interface{}{"textDocument": map[string]string{"uri": testURI}}, &syms)
	if n := c.server.Panics(); n != 2 {
		t.Errorf("%d panics recovered, want 2 (hover and analyzer)", n)
	}
}

// Trap 3: $/cancelRequest with a numeric id (what VS Code sends) cancels the
// request, which is answered RequestCancelled; string ids work too.
func TestTrap3NumericCancel(t *testing.T) {
	c := newTestClient(t, Options{
		Analyze:  noAnalysis,
		testHook: holdHover(5 * time.Second),
	})
	c.initialize(nil)
	c.open(testURI, "export function f(event) {}\n", 1)
	params := map[string]interface{}{"textDocument": map[string]string{"uri": testURI}, "position": map[string]int{"line": 0, "character": 17}}
	for _, id := range []string{`41`, `"req-7"`} {
		start := time.Now()
		ch := c.start(json.RawMessage(id), "textDocument/hover", params)
		time.Sleep(20 * time.Millisecond)
		c.notify("$/cancelRequest", map[string]json.RawMessage{"id": json.RawMessage(id)})
		r := c.wait(ch, "cancelled hover")
		if r.Error == nil || r.Error.Code != -32800 {
			t.Errorf("id %s: got %+v, want RequestCancelled (-32800)", id, r.Error)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("id %s: the cancel took %v: it did not cancel the request", id, d)
		}
	}
}

// Trap 4: a change without "range" replaces the whole text; a change with a
// range at 0:0 inserts. The library's value-typed Range cannot tell them
// apart.
func TestTrap4FullChangeIsNotAnInsertAtOrigin(t *testing.T) {
	c := newTestClient(t, Options{Analyze: noAnalysis})
	c.initialize(nil)
	c.open(testURI, "old text\n", 1)
	change := func(v int, ch map[string]interface{}) {
		c.notify("textDocument/didChange", map[string]interface{}{
			"textDocument":   map[string]interface{}{"uri": testURI, "version": v},
			"contentChanges": []map[string]interface{}{ch},
		})
	}
	zero := map[string]interface{}{"start": map[string]int{"line": 0, "character": 0}, "end": map[string]int{"line": 0, "character": 0}}
	sync := func() {
		c.callOK("textDocument/documentSymbol", map[string]interface{}{"textDocument": map[string]string{"uri": testURI}}, nil)
	}

	change(2, map[string]interface{}{"text": "full 😀 text\n"})
	sync()
	if got := string(c.server.docs.get(testURI).text); got != "full 😀 text\n" {
		t.Fatalf("after a full change: %q", got)
	}
	change(3, map[string]interface{}{"range": zero, "text": "ins "})
	sync()
	if got := string(c.server.docs.get(testURI).text); got != "ins full 😀 text\n" {
		t.Fatalf("after an insert at 0:0: %q", got)
	}
	// A ranged replace after the emoji, in UTF-16 columns: "text" starts at
	// column 12 (the emoji is two units).
	change(4, map[string]interface{}{"range": map[string]interface{}{
		"start": map[string]int{"line": 0, "character": 12}, "end": map[string]int{"line": 0, "character": 16}}, "text": "TEXT"})
	sync()
	if got := string(c.server.docs.get(testURI).text); got != "ins full 😀 TEXT\n" {
		t.Fatalf("after a ranged replace: %q", got)
	}
	if v := c.server.docs.get(testURI).version; v != 4 {
		t.Errorf("version %d, want 4", v)
	}
}

// Trap 5: analysis runs off the request path: a slow analysis does not hold
// up requests, a slow request does not hold up the next one, a burst of
// edits is analyzed once or twice, and results of an older version are not
// published once a newer one is known.
func TestTrap5AnalysisIsOffTheRequestPath(t *testing.T) {
	started := make(chan struct{}, 10)
	c := newTestClient(t, Options{
		Analyze: func(in analyzer.FileInput, cfg analyzer.Config) *analyzer.FileResult {
			started <- struct{}{}
			time.Sleep(1500 * time.Millisecond)
			return &analyzer.FileResult{}
		},
	})
	c.initialize(nil)
	c.open(testURI, "export function f(event) {}\n", 1)
	<-started
	t0 := time.Now()
	c.callOK("textDocument/documentSymbol", map[string]interface{}{"textDocument": map[string]string{"uri": testURI}}, nil)
	if d := time.Since(t0); d > 500*time.Millisecond {
		t.Errorf("a request waited %v for an analysis", d)
	}
}

func TestTrap5SlowRequestDoesNotBlockTheNext(t *testing.T) {
	c := newTestClient(t, Options{
		Analyze:  noAnalysis,
		testHook: holdHover(3 * time.Second),
	})
	c.initialize(nil)
	c.open(testURI, "export function f(event) {}\n", 1)
	slow := c.start(json.RawMessage(`900`), "textDocument/hover", map[string]interface{}{
		"textDocument": map[string]string{"uri": testURI}, "position": map[string]int{"line": 0, "character": 17}})
	t0 := time.Now()
	c.callOK("textDocument/documentSymbol", map[string]interface{}{"textDocument": map[string]string{"uri": testURI}}, nil)
	if d := time.Since(t0); d > time.Second {
		t.Errorf("documentSymbol waited %v behind a slow hover", d)
	}
	c.notify("$/cancelRequest", map[string]int{"id": 900})
	c.wait(slow, "slow hover")
}

// When analysis is slow, a burst of keystrokes is analyzed far fewer times
// than it has keystrokes; when it is fast, every keystroke is analyzed and
// published at once (no fixed debounce).
func TestTrap5BurstIsCoalescedWhenAnalysisIsSlow(t *testing.T) {
	for _, tc := range []struct {
		name  string
		took  time.Duration
		check func(t *testing.T, n int32)
	}{
		{"slow", 40 * time.Millisecond, func(t *testing.T, n int32) {
			// Without a debounce every keystroke would be analyzed (20); a
			// loaded machine may stretch the typing, hence some slack.
			if n > 8 {
				t.Errorf("20 keystrokes were analyzed %d times, want at most 8", n)
			}
		}},
		{"fast", 0, func(t *testing.T, n int32) {
			if n < 15 {
				t.Errorf("20 keystrokes were analyzed %d times: a fast analysis is debounced", n)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			c := newTestClient(t, Options{
				Debounce: 150 * time.Millisecond,
				Analyze: func(in analyzer.FileInput, cfg analyzer.Config) *analyzer.FileResult {
					calls.Add(1)
					time.Sleep(tc.took)
					return &analyzer.FileResult{}
				},
			})
			c.initialize(nil)
			c.open(testURI, "x\n", 1)
			c.waitDiagnostics(testURI, int32p(1))
			calls.Store(0)
			for v := 2; v <= 21; v++ { // typing: one keystroke every 10 ms
				c.notify("textDocument/didChange", map[string]interface{}{
					"textDocument":   map[string]interface{}{"uri": testURI, "version": v},
					"contentChanges": []map[string]string{{"text": strings.Repeat("x", v) + "\n"}},
				})
				time.Sleep(10 * time.Millisecond)
			}
			c.waitDiagnostics(testURI, int32p(21))
			tc.check(t, calls.Load())
		})
	}
}

func TestTrap5StaleResultsAreDropped(t *testing.T) {
	var calls atomic.Int32
	c := newTestClient(t, Options{
		Debounce: 80 * time.Millisecond,
		Analyze: func(in analyzer.FileInput, cfg analyzer.Config) *analyzer.FileResult {
			calls.Add(1)
			if bytes.Contains(in.Text, []byte("slow")) {
				time.Sleep(400 * time.Millisecond)
			}
			return &analyzer.FileResult{Diagnostics: []analyzer.Diagnostic{{
				Range: analyzer.Range{Start: 0, End: 1}, Code: "VELO001", Severity: analyzer.SeverityError, Message: string(in.Text),
			}}}
		},
	})
	c.initialize(nil)
	c.open(testURI, "slow\n", 1)
	time.Sleep(50 * time.Millisecond) // version 1 is being analyzed (slowly)
	for v := 2; v <= 21; v++ {
		c.notify("textDocument/didChange", map[string]interface{}{
			"textDocument":   map[string]interface{}{"uri": testURI, "version": v},
			"contentChanges": []map[string]string{{"text": strings.Repeat("x", v) + "\n"}},
		})
	}
	last := c.waitDiagnostics(testURI, int32p(21))
	if msg := last.Diagnostics[0].Message; msg != strings.Repeat("x", 21)+"\n" {
		t.Errorf("version 21 published with the text of another version: %q", msg)
	}
	for _, p := range c.publishes(testURI) {
		if p.Version != nil && *p.Version == 1 {
			t.Errorf("results of version 1 were published after version 2 was known")
		}
	}
	if n := calls.Load(); n > 3 {
		t.Errorf("a burst of 20 edits was analyzed %d times, want at most 3", n)
	}
}

// Trap 6: the 3.17 fields the library lacks are sent: positionEncoding in
// the capabilities (utf-8 when offered, else utf-16), with columns counted
// in it, and labelDetails on completion items.
func TestTrap6PositionEncodingAndLabelDetails(t *testing.T) {
	text := "/* 😀 é */ BAD\n"
	bad := strings.Index(text, "BAD")
	analyze := func(in analyzer.FileInput, cfg analyzer.Config) *analyzer.FileResult {
		i := bytes.Index(in.Text, []byte("BAD"))
		if i < 0 {
			return &analyzer.FileResult{}
		}
		return &analyzer.FileResult{Diagnostics: []analyzer.Diagnostic{{
			Range: analyzer.Range{Start: i, End: i + 3}, Code: "VELO001", Severity: analyzer.SeverityError, Message: "bad"}}}
	}
	for _, tc := range []struct {
		name      string
		offered   []string
		want      string
		wantStart int
	}{
		{"utf-8 offered", []string{"utf-8", "utf-16"}, "utf-8", bad},
		{"nothing offered", nil, "utf-16", 11}, // "/* " 3 + emoji 2 + " " + é 1 + " */ " 4
		{"utf-32 only", []string{"utf-32"}, "utf-16", 11},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestClient(t, Options{Analyze: analyze})
			caps := map[string]interface{}{}
			if tc.offered != nil {
				caps["general"] = map[string]interface{}{"positionEncodings": tc.offered}
			}
			res := c.initialize(map[string]interface{}{"capabilities": caps})
			got := res["capabilities"].(map[string]interface{})["positionEncoding"]
			if got != tc.want {
				t.Fatalf("positionEncoding %v, want %s", got, tc.want)
			}
			c.open(testURI, text, 1)
			p := c.waitDiagnostics(testURI, int32p(1))
			if len(p.Diagnostics) != 1 || p.Diagnostics[0].Range.Start.Character != tc.wantStart || p.Diagnostics[0].Range.End.Character != tc.wantStart+3 {
				t.Fatalf("diagnostics %+v, want columns %d-%d", p.Diagnostics, tc.wantStart, tc.wantStart+3)
			}
		})
	}
	t.Run("labelDetails", func(t *testing.T) {
		c := newTestClient(t, Options{Analyze: noAnalysis})
		c.initialize(nil)
		c.open(testURI, "export function wixBilling_onInvoiceP\n", 1)
		r := c.call("textDocument/completion", map[string]interface{}{
			"textDocument": map[string]string{"uri": testURI}, "position": map[string]int{"line": 0, "character": 37}})
		if r.Error != nil {
			t.Fatal(r.Error.Message)
		}
		if !bytes.Contains(r.Result, []byte(`"labelDetails":{`)) || !bytes.Contains(r.Result, []byte(`"description":"wix-billing-backend"`)) {
			t.Fatalf("no labelDetails in %s", truncate(string(r.Result), 400))
		}
	})
}

// holdHover is a test hook that keeps each hover request busy until it is
// cancelled or d has passed.
func holdHover(d time.Duration) func(context.Context, string) {
	return func(ctx context.Context, method string) {
		if method == "textDocument/hover" {
			select {
			case <-ctx.Done():
			case <-time.After(d):
			}
		}
	}
}
