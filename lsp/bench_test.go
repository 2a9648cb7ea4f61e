package lsp

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/catalog"
)

// Benchmarks of the budgets (not timed tests):
//
//	go test ./lsp -run '^$' -bench . -benchtime 200x
//
// BenchmarkDidChangeToPublish  one-character didChange on a 2,000-line events file → its publish, in process
// BenchmarkCompletion          completion in that file (cold: the first request on a version not parsed yet)
// BenchmarkWorkspaceStartup    initialize → first diagnostics of a 50-events-file workspace (and → all 50)
//
// TestMeasureIdleMemory (VELO_LSP_MEASURE=1) prints the binary's resident
// memory when idle on that workspace.

// eventsFile returns an events file of about n lines: handlers from the
// catalog with bodies that use their payload, emoji and CJK in comments, and
// one misspelled handler.
func eventsFile(n int) string {
	var b strings.Builder
	b.WriteString("import wixData from 'wix-data';\n// 事件处理 🎉\n")
	b.WriteString("export function wixBilling_onInvoicePayd(event) {}\n")
	lines := 3
	seen := map[string]bool{"wixBilling_onInvoicePaid": false}
	for _, ev := range catalog.Default().Events() {
		if lines >= n {
			break
		}
		if ev.Status != catalog.StatusCurrent || seen[ev.Handler] {
			continue
		}
		seen[ev.Handler] = true
		fmt.Fprintf(&b, "// %s — 결제 알림 🚀\nexport async function %s(event) {\n", ev.Event, ev.Handler)
		lines += 2
		for i := 0; i < 6; i++ {
			fmt.Fprintf(&b, "  const v%d = event?.id ?? null; // ✓ step %d\n", i, i)
			lines++
		}
		b.WriteString("  await wixData.insert('log', { at: new Date(), v0 });\n}\n")
		lines += 2
	}
	for lines < n { // pad with a plain helper when the catalog runs out
		fmt.Fprintf(&b, "function helper%d(x) { return x + %d; }\n", lines, lines)
		lines++
	}
	return b.String()
}

// BenchmarkDidChangeToPublish measures what the server does for one
// keystroke, in process: the didChange notification goes over the
// connection to the server's reading goroutine, the diagnostics worker
// (diagnoser.run → diagnoseOpen, with the default adaptive debounce)
// analyzes the new version, and the time stops when the client has decoded
// the publishDiagnostics of that version. No step is copied here, so a
// -cpuprofile or -memprofile of it is a profile of the server's keystroke
// path. The end-to-end figures (a child process over stdio, as an editor
// runs it) come from go run ./lsp/internal/latency.
func BenchmarkDidChangeToPublish(b *testing.B) {
	text := eventsFile(2000)
	lines := strings.Split(text, "\n")
	mid := len(lines) / 2
	for !strings.HasPrefix(lines[mid], "  const v") {
		mid++
	}
	// The middle line is "  const vN = event?.id ?? null; // ✓ step N".
	// One character is typed and deleted, alternately: in the variable
	// name (the file stays valid), or before "const" (a syntax error).
	// Every other text repeats, as a typed-and-deleted character does, and
	// the engine's memo answers it: ms-median is of the new texts only.
	line := lines[mid]
	for _, tc := range []struct {
		name    string
		col     int
		analyze func(analyzer.FileInput, analyzer.Config) *analyzer.FileResult
	}{
		{"stays-valid", strings.Index(line, " v") + 2, nil},
		{"breaks-syntax", strings.Index(line, "const"), nil},
		// The server's share alone: transport, edit, line index, conversion, publish.
		{"server-only", strings.Index(line, " v") + 2, noAnalysis},
	} {
		b.Run(tc.name, func(b *testing.B) {
			if tc.col <= 0 {
				b.Skipf("line %q has no place for this edit", line)
			}
			c := newTestClient(b, Options{Logger: zap.NewNop(), Analyze: tc.analyze, Debounce: DefaultDebounce})
			c.initialize(nil)
			c.open(testURI, text, 1)
			c.waitDiagnostics(testURI, int32p(1))
			at := map[string]int{"line": mid, "character": tc.col}
			after := map[string]int{"line": mid, "character": tc.col + 1}
			var fresh []time.Duration // new texts (typing): the memo has not seen them
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ch := map[string]interface{}{"range": map[string]interface{}{"start": at, "end": at}, "text": "x"}
				if i%2 == 1 {
					ch = map[string]interface{}{"range": map[string]interface{}{"start": at, "end": after}, "text": ""}
				}
				version := int32(i + 2)
				seen := c.noteCount()
				t0 := time.Now()
				c.notify("textDocument/didChange", map[string]interface{}{
					"textDocument":   map[string]interface{}{"uri": testURI, "version": version},
					"contentChanges": []interface{}{ch},
				})
				c.waitPublishAfter(seen, testURI, version)
				if i%2 == 0 {
					fresh = append(fresh, time.Since(t0))
				}
			}
			b.StopTimer()
			b.ReportMetric(median(fresh), "ms-median")
		})
	}
}

// noteCount is the number of notifications received so far.
func (c *testClient) noteCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.notes)
}

// waitPublishAfter waits for the publish of uri at version among the
// notifications after the first seen (decoding each once: a benchmark's
// client must not cost more per edit as the session grows).
func (c *testClient) waitPublishAfter(seen int, uri string, version int32) {
	c.t.Helper()
	c.waitFor(fmt.Sprintf("diagnostics of %s version %d", uri, version), func() bool {
		for ; seen < len(c.notes); seen++ {
			n := c.notes[seen]
			if n.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var p publishParams
			if json.Unmarshal(n.Params, &p) == nil && p.URI == uri && p.Version != nil && *p.Version == version {
				return true
			}
		}
		return false
	})
}

func BenchmarkCompletion(b *testing.B) {
	c := newTestClient(b, Options{Logger: zap.NewNop()})
	c.initialize(nil)
	text := eventsFile(2000)
	// A member chain in the middle of a handler body, and a handler-name position.
	mid := strings.Index(text[len(text)/2:], "event?.id") + len(text)/2 + len("event?.")
	text = text[:mid] + text[mid+2:] // "event?." followed by " ?? null"
	text += "export function \n"
	c.open(testURI, text, 1)
	c.waitDiagnostics(testURI, int32p(1))
	s := c.server
	base := s.docs.get(testURI)
	if items := s.complete(base, mid).Items; len(items) == 0 {
		b.Fatal("no member completion in the benchmark file")
	}
	name := len(text) - 1 // after the last "export function "
	if items := s.complete(base, name).Items; len(items) == 0 {
		b.Fatal("no handler completion in the benchmark file")
	}
	for _, tc := range []struct {
		label string
		off   int
	}{{"member", mid}, {"handler", name}} {
		b.Run(tc.label+"/cold", func(b *testing.B) {
			times := make([]time.Duration, 0, b.N)
			defer func() { b.ReportMetric(median(times), "ms-median") }()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				// A new version, one character inserted in the first line:
				// not parsed yet, as right after a keystroke.
				next := append([]byte("/"), base.text...)
				d := newDocument(base.uri, base.path, base.version+int32(i)+1, next)
				s.complete(d, tc.off+1)
				times = append(times, time.Since(t0))
			}
		})
		b.Run(tc.label+"/warm", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				s.complete(base, tc.off)
			}
		})
	}
}

// workspace50 writes a site with 50 events files (the site's and 49
// package copies), each with one misspelled handler.
func workspace50(tb testing.TB) string {
	root := tb.TempDir()
	text := eventsFile(200)
	writeFile(tb, root, "src/backend/events.js", text)
	for i := 1; i < 50; i++ {
		writeFile(tb, root, fmt.Sprintf("src/packages/@velo/pkg%02d/backend/events.js", i), text)
	}
	writeFile(tb, root, "src/pages/Home.js", "$w.onReady(() => {});\n")
	return root
}

func BenchmarkWorkspaceStartup(b *testing.B) {
	root := workspace50(b)
	var first, all time.Duration
	for i := 0; i < b.N; i++ {
		c := newTestClient(b, Options{Logger: zap.NewNop()})
		t0 := time.Now()
		c.initialize(map[string]interface{}{"workspaceFolders": []map[string]string{{"uri": fileURI(root), "name": "site"}}})
		c.waitFor("first diagnostics", func() bool { return c.countPublishesLocked() >= 1 })
		first += time.Since(t0)
		c.waitFor("all diagnostics", func() bool { return c.countPublishesLocked() >= 50 })
		all += time.Since(t0)
		_ = c.conn.Close()
	}
	b.ReportMetric(float64(first.Milliseconds())/float64(b.N), "ms-to-first")
	b.ReportMetric(float64(all.Milliseconds())/float64(b.N), "ms-to-all-50")
}

func (c *testClient) countPublishesLocked() int {
	n := 0
	for _, m := range c.notes {
		if m.Method == "textDocument/publishDiagnostics" {
			n++
		}
	}
	return n
}

// TestMeasureIdleMemory prints the resident memory of `velo-lsp serve` idle
// on the 50-file workspace, and its initialize → diagnostics times. Run with
// VELO_LSP_MEASURE=1; the budget is 60 MB.
func TestMeasureIdleMemory(t *testing.T) {
	if os.Getenv("VELO_LSP_MEASURE") != "1" {
		t.Skip("set VELO_LSP_MEASURE=1 to measure")
	}
	bin := velolspBinary(t)
	root := workspace50(t)
	cmd := exec.Command(bin, "serve", "--log-level", "error")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	msgs := make(chan rpcMsg, 256)
	go func() {
		r := newFrameReader(stdout)
		for {
			m, err := r()
			if err != nil {
				close(msgs)
				return
			}
			msgs <- m
		}
	}()
	t0 := time.Now()
	_, _ = stdin.Write(frameJSON(map[string]interface{}{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]interface{}{
		"capabilities": map[string]interface{}{}, "workspaceFolders": []map[string]string{{"uri": fileURI(root), "name": "site"}}}}))
	_, _ = stdin.Write(frameJSON(map[string]interface{}{"jsonrpc": "2.0", "method": "initialized", "params": map[string]interface{}{}}))
	n := 0
	var first time.Duration
	for m := range msgs {
		if m.Method == "textDocument/publishDiagnostics" {
			if n++; n == 1 {
				first = time.Since(t0)
			}
			if n == 50 {
				break
			}
		}
	}
	all := time.Since(t0)
	time.Sleep(2 * time.Second)
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	rss := ""
	for _, l := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			rss = strings.TrimSpace(strings.TrimPrefix(l, "VmRSS:"))
		}
	}
	fmt.Printf("velo-lsp serve, 50 events files: initialize → first diagnostics %v, → all 50 %v; idle RSS %s\n", first, all, rss)
}

// BenchmarkAnalyzeFileOnly is the analyzer's share of
// BenchmarkDidChangeToPublish: analyzer.AnalyzeFile on the same file.
func BenchmarkAnalyzeFileOnly(b *testing.B) {
	text := []byte(eventsFile(2000))
	times := make([]time.Duration, 0, b.N)
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		analyzer.AnalyzeFile(analyzer.FileInput{Path: "src/backend/events.js", Text: text, Role: analyzer.RoleSiteEvents}, analyzer.Config{})
		times = append(times, time.Since(t0))
	}
	b.ReportMetric(median(times), "ms-median")
}

// median in milliseconds.
func median(ds []time.Duration) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[len(s)/2].Microseconds()) / 1000
}
