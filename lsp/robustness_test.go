package lsp

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// Malformed input on the wire gets an error reply and the next message is
// served; requests about documents never opened, positions past the end, a
// 10 MB document and invalid UTF-8 get a clear error or an empty answer.

func frame(body string) []byte {
	return []byte(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body))
}

func TestMalformedMessagesGetAnErrorAndServingGoesOn(t *testing.T) {
	for _, tc := range []struct {
		name     string
		raw      []byte
		wantCode int
	}{
		{"not JSON", frame(`{"jsonrpc":"2.0","id":1,"method":`), -32700},
		{"garbage", frame("\x00\xff garbage"), -32700},
		{"JSON array", frame(`[1,2,3]`), -32600},
		{"fractional id", frame(`{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}`), -32600},
		{"no Content-Length", []byte("Content-Type: x\r\n\r\n"), -32700},
		{"bad Content-Length", []byte("Content-Length: many\r\n\r\n"), -32700},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestClient(t, Options{Analyze: noAnalysis})
			c.sendRaw(tc.raw)
			var got rpcMsg
			c.waitFor("an error reply", func() bool {
				for _, m := range c.nullErrs {
					got = m
					return true
				}
				return false
			})
			if got.Error == nil || got.Error.Code != tc.wantCode {
				t.Fatalf("got %+v, want code %d", got.Error, tc.wantCode)
			}
			// The next message is served.
			res := c.initialize(nil)
			if res["capabilities"] == nil {
				t.Fatalf("initialize after the bad message: %v", res)
			}
		})
	}
	t.Run("reply keeps a readable id", func(t *testing.T) {
		c := newTestClient(t, Options{Analyze: noAnalysis})
		ch := make(chan rpcMsg, 1)
		c.mu.Lock()
		c.pending["5"] = ch
		c.mu.Unlock()
		c.sendRaw(frame(`{"jsonrpc":"1.0","id":5,"method":"initialize"}`))
		r := c.wait(ch, "reply to id 5")
		if r.Error == nil || r.Error.Code != -32600 {
			t.Fatalf("got %+v, want InvalidRequest", r.Error)
		}
		c.initialize(nil)
	})
}

func TestRequestsBeforeInitializeAndAfterShutdown(t *testing.T) {
	c := newTestClient(t, Options{Analyze: noAnalysis})
	if r := c.call("textDocument/hover", map[string]interface{}{}); r.Error == nil || r.Error.Code != -32002 {
		t.Errorf("before initialize: %+v, want ServerNotInitialized", r.Error)
	}
	c.initialize(nil)
	if r := c.call("initialize", map[string]interface{}{}); r.Error == nil {
		t.Errorf("a second initialize succeeded")
	}
	c.callOK("shutdown", nil, nil)
	if r := c.call("textDocument/hover", map[string]interface{}{}); r.Error == nil || r.Error.Code != -32600 {
		t.Errorf("after shutdown: %+v, want InvalidRequest", r.Error)
	}
}

func TestExitStatus(t *testing.T) {
	for _, tc := range []struct {
		name     string
		shutdown bool
		want     int
	}{{"after shutdown", true, 0}, {"without shutdown", false, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestClient(t, Options{Analyze: noAnalysis})
			c.initialize(nil)
			if tc.shutdown {
				c.callOK("shutdown", nil, nil)
			}
			c.notify("exit", nil)
			select {
			case got := <-c.done:
				c.done <- got // for the cleanup
				if got != tc.want {
					t.Errorf("exit status %d, want %d", got, tc.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the server did not exit")
			}
		})
	}
}

func TestBadDocumentsAndPositions(t *testing.T) {
	c := newTestClient(t, Options{})
	c.initialize(nil)
	pos := func(uri string, line, char int) map[string]interface{} {
		return map[string]interface{}{"textDocument": map[string]string{"uri": uri}, "position": map[string]int{"line": line, "character": char}}
	}
	for _, m := range []string{"textDocument/hover", "textDocument/completion", "textDocument/documentSymbol", "textDocument/codeAction"} {
		p := pos("file:///never/opened.js", 0, 0)
		p["range"] = map[string]interface{}{"start": map[string]int{"line": 0, "character": 0}, "end": map[string]int{"line": 0, "character": 0}}
		p["context"] = map[string]interface{}{"diagnostics": []interface{}{}}
		r := c.call(m, p)
		if r.Error == nil || !strings.Contains(r.Error.Message, "not open") {
			t.Errorf("%s on a document never opened: %+v, want a clear error", m, r.Error)
		}
	}

	c.open(testURI, "export function wixBilling_onInvoicePaid(event) {}\n", 1)
	for _, p := range [][2]int{{0, 500}, {7, 0}, {1 << 30, 1 << 30}} {
		r := c.call("textDocument/hover", pos(testURI, p[0], p[1]))
		if r.Error != nil {
			t.Errorf("hover at %v: %v", p, r.Error.Message)
		}
		r = c.call("textDocument/completion", pos(testURI, p[0], p[1]))
		if r.Error != nil {
			t.Errorf("completion at %v: %v", p, r.Error.Message)
		}
	}

	// Invalid UTF-8 inside the JSON string, and a lone surrogate escape.
	body := "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///site/backend/events.js\",\"languageId\":\"javascript\",\"version\":1,\"text\":\"export function \xff\xfe wixBilling_onInvoicePaid(e) {} \\ud83d\"}}}"
	c.sendRaw(frame(body))
	c.waitDiagnostics("file:///site/backend/events.js", int32p(1))
	if r := c.call("textDocument/hover", pos("file:///site/backend/events.js", 0, 30)); r.Error != nil {
		t.Errorf("hover in invalid UTF-8: %v", r.Error.Message)
	}

	// A 10 MB document.
	big := strings.Repeat("export function wixBilling_onInvoicePaid(event) { /* 😀 */ }\n", 10<<20/62)
	start := time.Now()
	c.open("file:///site/src/backend/big/events.js", big, 1)
	for _, m := range []string{"textDocument/hover", "textDocument/completion", "textDocument/documentSymbol"} {
		r := c.call(m, pos("file:///site/src/backend/big/events.js", 1000, 20))
		if r.Error != nil {
			t.Errorf("%s on 10 MB: %v", m, r.Error.Message)
		}
	}
	c.waitDiagnostics("file:///site/src/backend/big/events.js", int32p(1))
	t.Logf("10 MB document: open, three requests and diagnostics in %v", time.Since(start))
	if n := c.server.Panics(); n != 0 {
		t.Errorf("%d panics", n)
	}
}

// Cancelling Serve's context (SIGINT/SIGTERM in velo-lsp serve) ends the
// session even while a read is blocked.
func TestServeEndsWhenItsContextIsCancelled(t *testing.T) {
	srvEnd, cliEnd := net.Pipe()
	defer cliEnd.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Serve(ctx, srvEnd, Options{}) }()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case code := <-done:
		if code != 1 {
			t.Errorf("status %d, want 1 (no shutdown)", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after its context was cancelled")
	}
}

// TestInitializationOptionsOfAnyShape: Neovim sends an empty Lua table as
// [] (for init_options = {} and for empty nested tables); null and scalars
// arrive from other clients. Each is "no settings", never an error.
func TestInitializationOptionsOfAnyShape(t *testing.T) {
	for _, opts := range []interface{}{
		[]interface{}{},
		nil,
		"x",
		map[string]interface{}{"veloLsp": map[string]interface{}{"rules": []interface{}{}, "packageRoots": []interface{}{}}},
	} {
		c := newTestClient(t, Options{})
		res := c.initialize(map[string]interface{}{"initializationOptions": opts})
		if res["capabilities"] == nil {
			t.Errorf("initializationOptions %#v: no capabilities in %v", opts, res)
		}
	}
}
