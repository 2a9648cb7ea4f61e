package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
)

// A raw JSON-RPC client for in-process tests: it frames messages itself, so
// tests can also send malformed bytes, numeric cancels and ids of their own.

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

type rpcMsg struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *rpcError       `json:"error,omitempty"`
}

type publishParams struct {
	URI         string          `json:"uri"`
	Version     *int32          `json:"version"`
	Diagnostics []wireDiagnosis `json:"diagnostics"`
}

type wirePos struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type wireRange struct {
	Start wirePos `json:"start"`
	End   wirePos `json:"end"`
}

type wireDiagnosis struct {
	Range    wireRange `json:"range"`
	Severity int       `json:"severity"`
	Code     string    `json:"code"`
	Message  string    `json:"message"`
}

type testClient struct {
	t      testing.TB
	server *Server
	conn   net.Conn
	done   chan int // the server's exit status

	mu       sync.Mutex
	cond     *sync.Cond
	nextID   int
	pending  map[string]chan rpcMsg
	notes    []rpcMsg // notifications from the server, in order
	nullErrs []rpcMsg // error replies with "id": null
	requests []rpcMsg // requests from the server (registerCapability …)
	closed   bool
	lenient  bool // replies to ids never sent are not errors (fuzzing)

	gate *gate // pauses reading (a client whose reader stalls)
}

// gate is a reader that can be paused: while paused, Read waits.
type gate struct {
	r      io.Reader
	mu     sync.Mutex
	cond   *sync.Cond
	paused bool
}

func newGate(r io.Reader) *gate {
	g := &gate{r: r}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *gate) Read(p []byte) (int, error) {
	g.mu.Lock()
	for g.paused {
		g.cond.Wait()
	}
	g.mu.Unlock()
	return g.r.Read(p)
}

func (g *gate) set(paused bool) {
	g.mu.Lock()
	g.paused = paused
	g.cond.Broadcast()
	g.mu.Unlock()
}

// stopReading makes the client stop reading what the server sends (a read
// already under way completes); resumeReading reads again.
func (c *testClient) stopReading()   { c.gate.set(true) }
func (c *testClient) resumeReading() { c.gate.set(false) }

// newTestClient starts a server on one end of a pipe and a client on the
// other.
func newTestClient(t testing.TB, opts Options) *testClient {
	t.Helper()
	if opts.Logger == nil {
		if tt, ok := t.(*testing.T); ok {
			opts.Logger = zaptest.NewLogger(tt, zaptest.Level(zap.WarnLevel))
		} else {
			opts.Logger = zap.NewNop()
		}
	}
	if opts.Debounce == 0 {
		opts.Debounce = 10 * time.Millisecond
	}
	srvEnd, cliEnd := net.Pipe()
	c := &testClient{t: t, conn: cliEnd, done: make(chan int, 1), pending: map[string]chan rpcMsg{}, gate: newGate(cliEnd)}
	c.cond = sync.NewCond(&c.mu)
	c.server = NewServer(opts)
	go func() { c.done <- c.server.Serve(context.Background(), srvEnd) }()
	go c.readLoop()
	t.Cleanup(func() {
		c.resumeReading()
		_ = cliEnd.Close()
		select {
		case <-c.done:
		case <-time.After(5 * time.Second):
			t.Errorf("server did not stop after the connection closed")
		}
	})
	return c
}

func (c *testClient) readLoop() {
	r := bufio.NewReader(c.gate)
	for {
		body, err := readTestFrame(r)
		if err != nil {
			c.mu.Lock()
			c.closed = true
			c.cond.Broadcast()
			c.mu.Unlock()
			return
		}
		var m rpcMsg
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("server sent invalid JSON: %v: %s", err, body)
			continue
		}
		hasID := len(m.ID) > 0 && string(m.ID) != "null"
		c.mu.Lock()
		switch {
		case m.Method != "" && hasID:
			c.requests = append(c.requests, m)
			go c.send(map[string]interface{}{"jsonrpc": "2.0", "id": m.ID, "result": nil})
		case m.Method != "":
			c.notes = append(c.notes, m)
		case !hasID:
			c.nullErrs = append(c.nullErrs, m)
		default:
			if ch, ok := c.pending[string(m.ID)]; ok {
				ch <- m
				delete(c.pending, string(m.ID))
			} else if !c.lenient {
				c.t.Errorf("reply to unknown id %s", m.ID)
			}
		}
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

func readTestFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length:"); ok {
			length, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("no Content-Length")
	}
	body := make([]byte, length)
	_, err := io.ReadFull(r, body)
	return body, err
}

// send writes one framed message.
func (c *testClient) send(v interface{}) {
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatalf("marshal: %v", err)
	}
	c.sendRaw([]byte(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(b), b)))
}

// sendRaw writes bytes as they are.
func (c *testClient) sendRaw(b []byte) {
	_ = c.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.conn.Write(b); err != nil {
		c.t.Logf("write: %v", err)
	}
}

// start sends a request with the given id and returns the reply channel.
func (c *testClient) start(id json.RawMessage, method string, params interface{}) chan rpcMsg {
	ch := make(chan rpcMsg, 1)
	c.mu.Lock()
	c.pending[string(id)] = ch
	c.mu.Unlock()
	msg := map[string]interface{}{"jsonrpc": "2.0", "id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	c.send(msg)
	return ch
}

// call sends a request and waits for its reply.
func (c *testClient) call(method string, params interface{}) rpcMsg {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := json.RawMessage(strconv.Itoa(c.nextID))
	c.mu.Unlock()
	return c.wait(c.start(id, method, params), method)
}

func (c *testClient) wait(ch chan rpcMsg, what string) rpcMsg {
	c.t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(10 * time.Second):
		c.t.Fatalf("no reply to %s within 10s", what)
		return rpcMsg{}
	}
}

// callOK calls and decodes the result, failing on an error reply.
func (c *testClient) callOK(method string, params, result interface{}) {
	c.t.Helper()
	m := c.call(method, params)
	if m.Error != nil {
		c.t.Fatalf("%s: error %d %s", method, m.Error.Code, m.Error.Message)
	}
	if result != nil {
		if err := json.Unmarshal(m.Result, result); err != nil {
			c.t.Fatalf("%s: decoding %s: %v", method, m.Result, err)
		}
	}
}

func (c *testClient) notify(method string, params interface{}) {
	msg := map[string]interface{}{"jsonrpc": "2.0", "method": method}
	if params != nil {
		msg["params"] = params
	}
	c.send(msg)
}

// waitFor waits until cond (called with c.mu held) is true.
func (c *testClient) waitFor(what string, cond func() bool) {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	timer := time.AfterFunc(10*time.Second, func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for !cond() {
		if time.Now().After(deadline) || c.closed {
			c.t.Fatalf("waiting for %s: timed out (or connection closed)", what)
		}
		c.cond.Wait()
	}
}

// publishes returns every publishDiagnostics received for uri, in order.
func (c *testClient) publishes(uri string) []publishParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.publishesLocked(uri)
}

func (c *testClient) publishesLocked(uri string) []publishParams {
	var out []publishParams
	for _, n := range c.notes {
		if n.Method != "textDocument/publishDiagnostics" {
			continue
		}
		var p publishParams
		_ = json.Unmarshal(n.Params, &p)
		if p.URI == uri {
			out = append(out, p)
		}
	}
	return out
}

// waitDiagnostics waits for a publish for uri at version (nil: any) and
// returns the latest one.
func (c *testClient) waitDiagnostics(uri string, version *int32) publishParams {
	c.t.Helper()
	var got publishParams
	c.waitFor("diagnostics of "+uri, func() bool {
		ps := c.publishesLocked(uri)
		for i := len(ps) - 1; i >= 0; i-- {
			if version == nil || (ps[i].Version != nil && *ps[i].Version == *version) {
				got = ps[i]
				return true
			}
		}
		return false
	})
	return got
}

// initialize runs initialize + initialized with the given capabilities.
func (c *testClient) initialize(params map[string]interface{}) map[string]interface{} {
	c.t.Helper()
	if params == nil {
		params = map[string]interface{}{}
	}
	if _, ok := params["capabilities"]; !ok {
		params["capabilities"] = map[string]interface{}{}
	}
	var res map[string]interface{}
	c.callOK("initialize", params, &res)
	c.notify("initialized", map[string]interface{}{})
	return res
}

func (c *testClient) open(uri, text string, version int) {
	c.notify("textDocument/didOpen", map[string]interface{}{
		"textDocument": map[string]interface{}{"uri": uri, "languageId": "javascript", "version": version, "text": text},
	})
}

func int32p(v int32) *int32 { return &v }
