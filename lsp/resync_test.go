package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// A frame whose Content-Length does not match its body, or bytes that are
// no frame at all, get an error reply; the stream then finds the next
// message header and serves what follows. A client conversation over a pipe:
// the bad bytes, then requests that must be answered.

func TestStreamResynchronisesAfterABadFrame(t *testing.T) {
	hover := `{"jsonrpc":"2.0","id":100,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x.js"},"position":{"line":0,"character":0}}}`
	header := func(n int) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n", n) }
	for _, tc := range []struct {
		name string
		raw  string
		// wantID: the error reply names request 100 (its whole body came
		// before the next header); else it has "id": null.
		wantID bool
	}{
		{"Content-Length a little too large", header(len(hover)+5) + hover, true},
		{"Content-Length far too large", header(len(hover)+4000) + hover, true},
		{"Content-Length a little too small", header(len(hover)-5) + hover, false},
		{"Content-Length half the body", header(len(hover)/2) + hover, false},
		{"Content-Length zero", header(0) + hover, false},
		{"Content-Length over the limit", header(MaxMessageSize+1) + hover, false},
		{"Content-Length negative", "Content-Length: -5\r\n\r\n" + hover, false},
		{"garbage without a line end before the next header", `}}]garbage`, false},
		{"a garbage line before the next header", "hello there\r\n", false},
		{"binary garbage", "\x00\xff\xfe\x01\r\n\x00", false},
		{"a header line longer than any header", strings.Repeat("x", 200<<10), false},
		{"a body where a header should be", hover, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestClient(t, Options{Analyze: noAnalysis})
			c.initialize(nil)
			bad := make(chan rpcMsg, 1)
			c.mu.Lock()
			c.pending["100"] = bad
			c.mu.Unlock()
			c.sendRaw([]byte(tc.raw))
			// Two requests sent at once after the bad bytes, not waiting
			// for each other: both are answered.
			sym := map[string]interface{}{"textDocument": map[string]string{"uri": testURI}}
			first := c.start(json.RawMessage(`201`), "textDocument/documentSymbol", sym)
			second := c.start(json.RawMessage(`202`), "textDocument/documentSymbol", sym)
			for _, ch := range []chan rpcMsg{first, second} {
				if r := c.wait(ch, "a request after the bad frame"); r.Error == nil || !strings.Contains(r.Error.Message, "not open") {
					t.Errorf("reply %+v, want the documentSymbol answer (not open)", r.Error)
				}
			}
			if tc.wantID {
				r := c.wait(bad, "the error reply to request 100")
				if r.Error == nil || r.Error.Code != -32700 {
					t.Errorf("request 100: %+v, want a ParseError reply", r.Error)
				}
			} else {
				c.waitFor("an error reply with id null", func() bool { return len(c.nullErrs) > 0 })
				if e := c.nullErrs[0].Error; e == nil || e.Code != -32700 {
					t.Errorf("reply %+v, want a ParseError", e)
				}
			}
			// The session goes on normally.
			c.callOK("shutdown", nil, nil)
			if n := c.server.Panics(); n != 0 {
				t.Errorf("%d panics", n)
			}
		})
	}
}

// A bad frame between every pair of good ones, many times over, in one
// session: every good request is answered.
func TestStreamResynchronisesOverAndOver(t *testing.T) {
	c := newTestClient(t, Options{Analyze: noAnalysis})
	c.initialize(nil)
	c.mu.Lock()
	c.lenient = true // some bad frames name an id of their own
	c.mu.Unlock()
	sym := map[string]interface{}{"textDocument": map[string]string{"uri": testURI}}
	var chans []chan rpcMsg
	for i := 0; i < 50; i++ {
		body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"textDocument/documentSymbol","params":{}}`, 1000+i)
		c.sendRaw([]byte(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body)+i%7-3, body)))
		chans = append(chans, c.start(json.RawMessage(fmt.Sprint(i+1)), "textDocument/documentSymbol", sym))
	}
	for i, ch := range chans {
		if r := c.wait(ch, fmt.Sprintf("request %d", i+1)); r.Error == nil || !strings.Contains(r.Error.Message, "not open") {
			t.Errorf("request %d: %+v", i+1, r.Error)
		}
	}
}

// The search for the next header is bounded: a peer that sends nothing but
// garbage ends the session once that much has been skipped, instead of
// being read (and buffered) forever.
func TestStreamResyncGivesUpAfterItsBound(t *testing.T) {
	c := newTestClient(t, Options{Analyze: noAnalysis, maxResyncSkip: 64 << 10})
	c.initialize(nil)
	go c.sendRaw([]byte(strings.Repeat("garbage, no header here; ", 1<<20/25)))
	select {
	case code := <-c.done:
		c.done <- code
		if code != 1 {
			t.Errorf("exit status %d, want 1", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the server still reads a stream that has had no header for a megabyte")
	}
}

func TestFindHeader(t *testing.T) {
	for _, tc := range []struct {
		name        string
		in          string
		from, limit int // limit -1: len(in)
		want        int
	}{
		{"at the start", "Content-Length: 12\r\n\r\n{}", 0, -1, 0},
		{"after a body, no line break between", `{"a":1}Content-Length: 5` + "\r\n", 0, -1, 7},
		{"lower case, LF only, blanks", "xx content-length :\t7 \n", 0, -1, 3},
		{"upper case", "CONTENT-LENGTH: 7\r\n", 0, -1, 0},
		{"not before from", "Content-Length: 7\r\nContent-Length: 8\r\n", 1, -1, 19},
		{"starts before the limit, ends after it", "{}Content-Length: 7\r\n", 0, 3, 2},
		{"starts at the limit", "{}Content-Length: 7\r\n", 0, 2, -1},
		{"incomplete: no line end yet", "{}Content-Length: 7", 0, -1, -1},
		{"inside a JSON string", `{"text":"Content-Length: 7\r\n"}`, 0, -1, -1},
		{"no number", "Content-Length: many\r\n", 0, -1, -1},
		{"other headers do not count", "Content-Type: x\r\n", 0, -1, -1},
		{"after many other lengths", strings.Repeat("x.length, X.LENGTH; ", 1000) + "Content-Length: 1\r\n", 0, -1, 20000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			limit := tc.limit
			if limit < 0 {
				limit = len(tc.in)
			}
			if got := findHeader([]byte(tc.in), tc.from, limit); got != tc.want {
				t.Errorf("findHeader(%q, %d, %d) = %d, want %d", truncate(tc.in, 60), tc.from, limit, got, tc.want)
			}
		})
	}
}

// chunkReader returns its input in chunks of random sizes (1 to 300 bytes),
// so that headers and bodies straddle reads.
type chunkReader struct {
	b   []byte
	rng *rand.Rand
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), len(r.b), 1+r.rng.Intn(300))
	copy(p, r.b[:n])
	r.b = r.b[n:]
	return n, nil
}

type discardRWC struct{ io.Reader }

func (discardRWC) Write(p []byte) (int, error) { return len(p), nil }
func (discardRWC) Close() error                { return nil }

// Every well-framed message survives whatever bad frames and garbage come
// between them, whatever the read boundaries: random sessions read straight
// from the stream.
func TestStreamRecoversEveryGoodMessage(t *testing.T) {
	garbage := []byte("abcdefghijklmnopqrstuvwxyz :\"{,[0123456789\r\n\t\x00\xff")
	for seed := int64(0); seed < 300; seed++ {
		rng := rand.New(rand.NewSource(seed))
		var in bytes.Buffer
		var want []int
		whole := map[int]bool{} // bad frames whose whole body is there: they may be served
		for i := 0; i < 30; i++ {
			body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"m","params":{"text":"Content-Length: 9 %s"}}`, i, strings.Repeat("é", rng.Intn(40)))
			switch rng.Intn(4) {
			case 0: // a good frame
				want = append(want, i)
				fmt.Fprintf(&in, "Content-Length: %d\r\n\r\n%s", len(body), body)
			case 1: // a wrong length
				delta := []int{-1, 1, -20, 20, 300, -len(body)}[rng.Intn(6)]
				whole[i] = delta > 0 // taking in white space after it, say
				fmt.Fprintf(&in, "Content-Length: %d\r\n\r\n%s", len(body)+delta, body)
			case 2: // garbage
				for k := rng.Intn(60); k > 0; k-- {
					in.WriteByte(garbage[rng.Intn(len(garbage))])
				}
			case 3: // a good frame with another header first
				want = append(want, i)
				fmt.Fprintf(&in, "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
			}
		}
		s := newStream(discardRWC{&chunkReader{b: in.Bytes(), rng: rng}}, zap.NewNop(), 0)
		var got []int
		for {
			msg, _, err := s.Read(context.Background())
			if err != nil {
				break
			}
			if call, ok := msg.(*jsonrpc2.Call); ok {
				var id int
				_ = json.Unmarshal([]byte(idString(call.ID())), &id)
				got = append(got, id)
			}
		}
		s.out.close()
		var served []int
		for _, id := range got {
			if !whole[id] {
				served = append(served, id)
			}
		}
		if fmt.Sprint(served) != fmt.Sprint(want) {
			t.Fatalf("seed %d: got messages %v, want %v\ninput: %q", seed, got, want, truncate(in.String(), 3000))
		}
	}
}
