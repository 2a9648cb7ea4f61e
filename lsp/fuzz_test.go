package lsp

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// FuzzMessagePath feeds arbitrary bytes to a running server, after a valid
// initialize and didOpen, through the whole message path: framing,
// decoding, dispatch, handlers, analysis. The server must not panic (not even
// a recovered one: those are bugs too), must only write well-formed replies
// (the client checks every frame it reads), and must stop cleanly when the
// connection closes. Seeds that found bugs are kept in
// testdata/fuzz/FuzzMessagePath.
func FuzzMessagePath(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := newTestClient(t, Options{Logger: zap.NewNop(), Debounce: -1})
		c.mu.Lock()
		c.lenient = true
		c.mu.Unlock()
		c.send(map[string]interface{}{"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": map[string]interface{}{
			"capabilities": map[string]interface{}{"general": map[string]interface{}{"positionEncodings": []string{"utf-16"}}},
		}})
		c.notify("initialized", map[string]interface{}{})
		c.open(testURI, "export function wixBilling_onInvoicePayd(event) {\n  event.data.\n}\nmodule.exports.x = 1;\n", 1)
		c.sendRaw(data)
		time.Sleep(5 * time.Millisecond)
		_ = c.conn.Close()
		select {
		case code := <-c.done:
			c.done <- code
		case <-time.After(10 * time.Second):
			t.Fatal("the server did not stop after the connection closed")
		}
		if n := c.server.Panics(); n != 0 {
			t.Fatalf("%d panics recovered", n)
		}
	})
}

func fuzzSeeds() [][]byte {
	msg := func(v interface{}) []byte {
		b, _ := json.Marshal(v)
		return frame(string(b))
	}
	pos := func(line, char int) map[string]interface{} {
		return map[string]interface{}{"textDocument": map[string]string{"uri": testURI}, "position": map[string]int{"line": line, "character": char}}
	}
	join := func(parts ...[]byte) []byte {
		var out []byte
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	rng := map[string]interface{}{"start": map[string]int{"line": 0, "character": 16}, "end": map[string]int{"line": 0, "character": 40}}
	return [][]byte{
		msg(map[string]interface{}{"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": pos(0, 20)}),
		msg(map[string]interface{}{"jsonrpc": "2.0", "id": 2, "method": "textDocument/completion", "params": pos(1, 13)}),
		msg(map[string]interface{}{"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params": map[string]interface{}{
			"textDocument": map[string]string{"uri": testURI}, "range": rng, "context": map[string]interface{}{"diagnostics": []interface{}{}}}}),
		msg(map[string]interface{}{"jsonrpc": "2.0", "id": 4, "method": "textDocument/documentSymbol", "params": map[string]interface{}{"textDocument": map[string]string{"uri": testURI}}}),
		join(
			msg(map[string]interface{}{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": map[string]interface{}{
				"textDocument":   map[string]interface{}{"uri": testURI, "version": 2},
				"contentChanges": []interface{}{map[string]interface{}{"range": rng, "text": "😀"}, map[string]interface{}{"text": "x"}}}}),
			msg(map[string]interface{}{"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover", "params": pos(0, 1)}),
		),
		msg(map[string]interface{}{"jsonrpc": "2.0", "method": "$/cancelRequest", "params": map[string]interface{}{"id": 1}}),
		msg(map[string]interface{}{"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": map[string]interface{}{
			"settings": map[string]interface{}{"veloLsp": map[string]interface{}{"rules": map[string]string{"VELO001": "off"}, "packageRoots": []string{"x/*"}}}}}),
		join(msg(map[string]interface{}{"jsonrpc": "2.0", "id": 6, "method": "shutdown"}), msg(map[string]interface{}{"jsonrpc": "2.0", "method": "exit"})),
		[]byte("Content-Length: 3\r\n\r\n{]}"),
		[]byte("Content-Length: 99999999\r\n\r\n{"),
		[]byte("\r\n\r\nContent-Length: -1\r\n\r\n"),
		frame(`{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":null}`),
		frame(`{"jsonrpc":"2.0","id":8,"method":"textDocument/didChange","params":{"textDocument":{"uri":"` + testURI + `","version":3},"contentChanges":[{"range":{"start":{"line":4294967295,"character":4294967295},"end":{"line":0,"character":0}},"text":"\ud800"}]}}`),
	}
}

// FuzzCompletionAndHover runs completion and hover at every kind of offset
// of arbitrary (half-typed) text and of an edit of it: nothing may panic.
func FuzzCompletionAndHover(f *testing.F) {
	for _, s := range []string{
		"export function wixBilling_onInv",
		"export async function wixBilling_onInvoicePaid(event) {\n  event.id.",
		"export const wixBilling_onInvoiceSent = async (invoice) => {\n  return invoice.",
		"function local(e) {}\nexport { local as wixBilling_on",
		"export function wixBilling_onInvoicePaid(/* x */ event) { if (event.\n",
		"/* 🎉 */ export function 안녕(e) { e.😀. }",
		"export { a as b, c as ",
	} {
		f.Add(s, uint16(len(s)), "x")
	}
	s := NewServer(Options{Logger: zap.NewNop()})
	f.Fuzz(func(t *testing.T, text string, off uint16, edit string) {
		uri := "file:///site/src/backend/events.js"
		prev := newDocument(uri, "/site/src/backend/events.js", 1, []byte(text))
		s.docs.set(prev)
		o := int(off) % (len(text) + 1)
		next := newDocument(uri, prev.path, 2, []byte(text[:o]+edit+text[o:]))
		s.docs.set(next)
		for _, d := range []*document{next, prev} {
			for _, at := range []int{o, o + len(edit), len(d.text)} {
				if at > len(d.text) {
					continue
				}
				s.complete(d, at)
				s.docs.set(d)
				line, col := d.index.Position(at, 0)
				_, _ = s.Hover(context.Background(), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
					TextDocument: protocol.TextDocumentIdentifier{URI: protocol.DocumentURI(uri)},
					Position:     protocol.Position{Line: uint32(line), Character: uint32(col)},
				}})
			}
		}
		s.docs.remove(uri)
	})
}
