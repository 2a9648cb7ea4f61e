package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
)

// A client that stops reading what the server sends (its reader stalled, or
// busy) must not make the server block, grow without bound or die: output
// waits in a bounded queue, where diagnostics of a document replace the
// ones not yet sent, replies to requests are kept (those past a memory cap
// as small error replies), and reading goes on. The tests measure what the
// stream holds through its counters, never through timing.

func docURI(i int) string { return fmt.Sprintf("file:///site%d/src/backend/events.js", i) }

// waitServer polls a condition on the server's own state (not timing: the
// deadline only turns a hang into a failure).
func waitServer(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: timed out", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// allPublished reports whether the current text of every open document has
// been analysed and its diagnostics handed to the stream.
func (s *Server) allPublished() bool {
	s.diag.mu.Lock()
	dirty := len(s.diag.dirty)
	s.diag.mu.Unlock()
	if dirty > 0 {
		return false
	}
	s.diag.pubMu.Lock()
	defer s.diag.pubMu.Unlock()
	for _, d := range s.docs.all() {
		if s.diag.published[d.uri] != d.seq {
			return false
		}
	}
	return true
}

func TestStalledClientGetsTheLatestDiagnosticsOfEachDocument(t *testing.T) {
	const docs, versions = 2000, 4
	c := newTestClient(t, Options{Analyze: echoAnalysis, Debounce: -1})
	c.initialize(nil)
	text := func(i, v int) string {
		return fmt.Sprintf("document %d, version %d\n%s\n", i, v, strings.Repeat("padding ", 40))
	}
	c.stopReading()
	for v := 1; v <= versions; v++ {
		for i := 0; i < docs; i++ {
			if v == 1 {
				c.open(docURI(i), text(i, v), v)
				continue
			}
			c.notify("textDocument/didChange", map[string]interface{}{
				"textDocument":   map[string]interface{}{"uri": docURI(i), "version": v},
				"contentChanges": []map[string]string{{"text": text(i, v)}},
			})
		}
	}
	// The last ten are closed: their diagnostics are cleared.
	for i := docs - 10; i < docs; i++ {
		c.notify("textDocument/didClose", map[string]interface{}{"textDocument": map[string]string{"uri": docURI(i)}})
	}
	waitServer(t, "every document's last version analysed and handed to the stream", c.server.allPublished)
	waitServer(t, "the clearing of the closed documents handed to the stream", func() bool {
		return c.server.stream.stats().messages >= docs
	})

	// At most one publish per document is held, whatever was published
	// before: about docs × one publish, never versions × that.
	one := len(fmt.Sprintf(`Content-Length: 999\r\n\r\n{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":%q,"version":4,"diagnostics":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"severity":1,"code":"VELO001","source":"velo-lsp","message":%q}]}}`, docURI(docs), text(docs, versions)))
	st := c.server.stream.stats()
	t.Logf("held while the client does not read: %d messages, %d bytes (one publish: %d bytes)", st.messages, st.bytes, one)
	if st.messages > docs+2 {
		t.Errorf("%d messages held for %d documents: diagnostics of a document are not coalesced", st.messages, docs)
	}
	if limit := int64(docs * one * 3 / 2); st.bytes > limit {
		t.Errorf("%d bytes held, want at most %d (one publish per document)", st.bytes, limit)
	}

	c.resumeReading()
	// Read what arrives once, in order: the last publish of each document,
	// and whether any came after a later one.
	last := map[string]publishParams{}
	closed := map[string]bool{}
	for i := docs - 10; i < docs; i++ {
		closed[docURI(i)] = true
	}
	final := func(p publishParams) bool {
		if closed[p.URI] {
			return len(p.Diagnostics) == 0 && p.Version == nil
		}
		return p.Version != nil && *p.Version == versions
	}
	read, satisfied := 0, 0
	done := func() bool {
		for ; read < len(c.notes); read++ {
			n := c.notes[read]
			if n.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var p publishParams
			if err := json.Unmarshal(n.Params, &p); err != nil {
				t.Errorf("publish params: %v", err)
				continue
			}
			prev, seen := last[p.URI]
			if seen && prev.Version != nil && p.Version != nil && *p.Version < *prev.Version {
				t.Errorf("%s: version %d published after version %d", p.URI, *p.Version, *prev.Version)
			}
			if seen && final(prev) {
				satisfied--
			}
			if final(p) {
				satisfied++
			}
			last[p.URI] = p
		}
		return satisfied == docs
	}
	c.waitFor("the last diagnostics of every document", done)
	for i := 0; i < docs-10; i++ {
		if p := last[docURI(i)]; len(p.Diagnostics) != 1 || p.Diagnostics[0].Message != text(i, versions) {
			t.Fatalf("%s: last diagnostics %+v, want those of version %d", docURI(i), p.Diagnostics, versions)
		}
	}
}

// Replies are never dropped, but past a memory cap a reply waits as a small
// error instead of its result; when the client reads again, every request
// has its answer.
func TestStalledClientRepliesAreCapped(t *testing.T) {
	const requests = 100
	// Measure one result, then set the cap to eight of them.
	var b strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&b, "export function helper%d(event) { return %d; }\n", i, i)
	}
	probe := newTestClient(t, Options{Analyze: noAnalysis})
	probe.initialize(nil)
	probe.open(testURI, b.String(), 1)
	var one json.RawMessage
	probe.callOK("textDocument/documentSymbol", map[string]interface{}{"textDocument": map[string]string{"uri": testURI}}, &one)
	capBytes := 8 * len(one)

	c := newTestClient(t, Options{Analyze: noAnalysis, maxQueuedReplies: int64(capBytes)})
	c.initialize(nil)
	c.open(testURI, b.String(), 1)
	c.waitDiagnostics(testURI, int32p(1))
	c.stopReading()
	var chans []chan rpcMsg
	for i := 0; i < requests; i++ {
		chans = append(chans, c.start(json.RawMessage(fmt.Sprint(1000+i)), "textDocument/documentSymbol",
			map[string]interface{}{"textDocument": map[string]string{"uri": testURI}}))
	}
	waitServer(t, "every request answered (handed to the stream)", func() bool {
		c.server.requests.mu.Lock()
		defer c.server.requests.mu.Unlock()
		return len(c.server.requests.running) == 0 && c.server.stream.stats().messages >= requests-1
	})
	st := c.server.stream.stats()
	t.Logf("held: %d replies, %d bytes (one result: %d bytes; cap %d)", st.messages, st.bytes, len(one), capBytes)
	if limit := int64(capBytes + len(one) + requests*300); st.bytes > limit {
		t.Errorf("%d bytes of replies held, want at most %d", st.bytes, limit)
	}

	c.resumeReading()
	results, errs := 0, 0
	for i, ch := range chans {
		r := c.wait(ch, fmt.Sprintf("reply %d", i))
		switch {
		case r.Error == nil:
			results++
		case r.Error.Code == codeRequestFailed && strings.Contains(r.Error.Message, "not reading"):
			errs++
		default:
			t.Errorf("reply %d: %+v", i, r.Error)
		}
	}
	if results == 0 || errs == 0 {
		t.Errorf("%d results and %d errors, want the first replies whole and the rest as errors", results, errs)
	}
}

// What the server answers on its reading goroutine (malformed frames, a
// second initialize) is queued too: a client that does not read never stops
// the server from reading.
func TestStalledClientDoesNotStopTheReader(t *testing.T) {
	c := newTestClient(t, Options{Analyze: noAnalysis})
	c.initialize(nil)
	c.mu.Lock()
	c.lenient = true
	c.mu.Unlock()
	c.stopReading()
	for i := 0; i < 200; i++ {
		c.sendRaw(frame(`{"jsonrpc":"2.0","id":1,"method":`))
		c.send(map[string]interface{}{"jsonrpc": "2.0", "id": 5000 + i, "method": "initialize", "params": map[string]interface{}{}})
	}
	c.open(testURI, "export const x = 1;\n", 1)
	waitServer(t, "the didOpen after them read", func() bool { return c.server.docs.get(testURI) != nil })
	c.resumeReading()
	c.callOK("shutdown", nil, nil)
}

// Past twice the cap of held replies (error replies included), the server
// stops reading until the client reads: memory stays bounded even against a
// client that sends requests forever and reads nothing.
func TestStalledClientPausesTheReaderPastTheHardCap(t *testing.T) {
	const capBytes = 8 << 10
	c := newTestClient(t, Options{Analyze: noAnalysis, maxQueuedReplies: capBytes})
	c.initialize(nil)
	c.stopReading()
	const requests = 2000
	chans := make(chan chan rpcMsg, requests)
	go func() {
		for i := 0; i < requests; i++ {
			chans <- c.start(json.RawMessage(fmt.Sprint(1000+i)), "textDocument/documentSymbol",
				map[string]interface{}{"textDocument": map[string]string{"uri": testURI}})
		}
		close(chans)
	}()
	waitServer(t, "the reader paused", func() bool { return c.server.stream.stats().paused })
	// The requests read before the pause are answered (as errors: past
	// the cap) and counted.
	waitServer(t, "the requests read so far answered", func() bool {
		c.server.requests.mu.Lock()
		defer c.server.requests.mu.Unlock()
		return len(c.server.requests.running) == 0
	})
	if st := c.server.stream.stats(); !st.paused || st.bytes > 2*capBytes+4<<10 {
		t.Errorf("%d bytes held (reader paused: %v), want at most about %d with the reader paused", st.bytes, st.paused, 2*capBytes)
	}
	c.resumeReading()
	n := 0
	for ch := range chans {
		c.wait(ch, "a reply")
		n++
	}
	if n != requests {
		t.Errorf("%d replies, want %d", n, requests)
	}
}

// scriptRWC is a connection whose input is a fixed script (then EOF) and
// whose output is collected: `velo-lsp serve < session`.
type scriptRWC struct {
	in  *strings.Reader
	mu  sync.Mutex
	out bytes.Buffer
}

func (s *scriptRWC) Read(p []byte) (int, error) { return s.in.Read(p) }
func (s *scriptRWC) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.Write(p)
}
func (s *scriptRWC) Close() error { return nil }

// A client that sends its requests and closes its end still gets every
// reply, those of requests still running at the end of the input included.
func TestRepliesAfterTheInputEnds(t *testing.T) {
	var script strings.Builder
	write := func(v interface{}) { script.Write(frameJSON(v)) }
	write(map[string]interface{}{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]interface{}{"capabilities": map[string]interface{}{}}})
	write(map[string]interface{}{"jsonrpc": "2.0", "method": "initialized", "params": map[string]interface{}{}})
	write(map[string]interface{}{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]interface{}{
		"textDocument": map[string]interface{}{"uri": testURI, "languageId": "javascript", "version": 1, "text": "export function f(event) {}\n"}}})
	const requests = 20
	for i := 0; i < requests; i++ {
		write(map[string]interface{}{"jsonrpc": "2.0", "id": 100 + i, "method": "textDocument/documentSymbol", "params": map[string]interface{}{
			"textDocument": map[string]string{"uri": testURI}}})
	}
	rwc := &scriptRWC{in: strings.NewReader(script.String())}
	Serve(context.Background(), rwc, Options{Analyze: noAnalysis, Logger: zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)),
		testHook: func(ctx context.Context, method string) { time.Sleep(50 * time.Millisecond) }})
	rwc.mu.Lock()
	out := append([]byte(nil), rwc.out.Bytes()...)
	rwc.mu.Unlock()
	got := map[string]bool{}
	for _, m := range parseFrames(t, out) {
		if len(m.ID) > 0 && m.Method == "" {
			got[string(m.ID)] = true
		}
	}
	for i := 0; i < requests; i++ {
		if id := fmt.Sprint(100 + i); !got[id] {
			t.Errorf("no reply to request %s", id)
		}
	}
}

// brokenOutput is a connection whose output fails (the client closed its
// end of the server's output) while its input stays open.
type brokenOutput struct {
	r io.Reader
}

func (b brokenOutput) Read(p []byte) (int, error)  { return b.r.Read(p) }
func (b brokenOutput) Write(p []byte) (int, error) { return 0, io.ErrClosedPipe }
func (b brokenOutput) Close() error                { return nil }

// When the server can no longer write to the client, the session ends
// (status 1), even though its input is still open.
func TestSessionEndsWhenOutputFails(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	done := make(chan int, 1)
	go func() {
		done <- Serve(context.Background(), brokenOutput{pr}, Options{Analyze: noAnalysis, Logger: zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))})
	}()
	_, _ = pw.Write(frameJSON(map[string]interface{}{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]interface{}{"capabilities": map[string]interface{}{}}}))
	select {
	case code := <-done:
		if code != 1 {
			t.Errorf("status %d, want 1", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server goes on although it cannot write to its client")
	}
}
