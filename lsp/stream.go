package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// MaxMessageSize is the largest message body, in bytes, the server reads. A
// larger one is skipped (its bytes are read and dropped) and answered with an
// error; the stream goes on with the next message. It leaves room for a 10 MB
// document after JSON escaping.
const MaxMessageSize = 128 << 20

// MaxResyncSkip bounds the bytes skipped while looking for the next message
// header after a bad frame. A peer that sends that much without a header is
// not speaking LSP: the stream ends.
const MaxResyncSkip = MaxMessageSize

// maxHeaderBytes bounds one message's header block.
const maxHeaderBytes = 64 << 10

// stream frames JSON-RPC messages with LSP's Content-Length headers.
//
// jsonrpc2's own stream (jsonrpc2.NewStream) returns an error for a message it
// cannot decode, and the connection then closes: one malformed message would
// end the session. This one answers such a message itself (a parse error for
// bytes that are not JSON, an invalid request for JSON that is not a JSON-RPC
// message) and goes on reading. Only a failure of the underlying reader or
// writer ends the stream.
//
// A frame whose Content-Length is wrong (more or fewer bytes than its body
// has), and bytes that are no frame at all, are answered with a parse error;
// the stream then resynchronises: it looks for the next Content-Length header
// (see findHeader) and goes on from there, skipping at most maxSkip bytes. A
// body never holds such a header (a JSON string cannot hold a raw line end),
// so a header seen inside a body also ends it: a Content-Length that is too
// large does not swallow the messages after it, nor wait for bytes that
// never come.
type stream struct {
	in      *frameReader
	c       io.Closer
	log     *zap.Logger
	maxSkip int

	out *outbox // every message written goes through it (see outbox.go)

	closeOnce sync.Once
	closeErr  error
}

// newStream starts a stream over rwc; maxReplies bounds queued replies (0:
// MaxQueuedReplyBytes).
func newStream(rwc io.ReadWriteCloser, log *zap.Logger, maxReplies int64) *stream {
	return &stream{in: &frameReader{r: rwc}, out: newOutbox(rwc, log, maxReplies), c: rwc, log: log, maxSkip: MaxResyncSkip}
}

// stats describes the output the stream holds (tests).
func (s *stream) stats() outStats { return s.out.stats() }

// errBadFrame is a framing problem that leaves the stream usable: the
// message is answered, and reading goes on from the next header found at or
// after offset from of the unread input.
type errBadFrame struct {
	msg  string
	id   json.RawMessage // the request's id, when its whole body could be read
	from int
}

func (e *errBadFrame) Error() string { return e.msg }

// Read implements jsonrpc2.Stream.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		s.out.waitRoom(ctx)
		hdr, length, err := s.readFrame()
		var bad *errBadFrame
		if errors.As(err, &bad) {
			s.log.Warn("malformed message frame", zap.String("error", bad.msg))
			s.writeError(bad.id, jsonrpc2.ParseError, "parse error: "+bad.msg)
			if err := s.resync(bad.from); err != nil {
				return nil, 0, err
			}
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		// The body stays unread until it decodes: when it does not, the
		// header may have been wrong, and the search for the next one starts
		// inside it.
		raw := s.in.data()[hdr : hdr+length]
		if !endsLikeMessage(raw) {
			s.log.Warn("message is not JSON", zap.Int("bytes", length))
			s.writeError(nil, jsonrpc2.ParseError, "parse error: the message is not valid JSON")
			if err := s.resync(hdr); err != nil {
				return nil, 0, err
			}
			continue
		}
		// jsonrpc2 decodes without copying: the message keeps its bytes.
		body := append([]byte(nil), raw...)
		msg, derr := jsonrpc2.DecodeMessage(body)
		if derr == nil {
			s.in.consume(hdr + length)
			if _, isCall := msg.(*jsonrpc2.Call); isCall {
				s.out.reserve() // every call is answered once (guardCall)
			}
			return msg, int64(hdr + length), nil
		}
		if !json.Valid(body) {
			s.log.Warn("message is not JSON", zap.Error(derr), zap.Int("bytes", length))
			s.writeError(nil, jsonrpc2.ParseError, "parse error: the message is not valid JSON")
			if err := s.resync(hdr); err != nil {
				return nil, 0, err
			}
			continue
		}
		s.in.consume(hdr + length)
		s.answerUndecodable(body, derr)
	}
}

// endsLikeMessage reports whether b can be one JSON object or array: it
// ends with its closing bracket. jsonrpc2's decoder reads the first value
// and ignores what follows, so the bytes of the next message that a
// Content-Length slightly too large took in would go unnoticed.
func endsLikeMessage(b []byte) bool {
	b = bytes.TrimRight(b, " \t\r\n")
	return len(b) > 0 && (b[len(b)-1] == '}' || b[len(b)-1] == ']')
}

// answerUndecodable replies to a message jsonrpc2 could not decode that is
// valid JSON: an invalid request carrying the message's id when one can be
// read.
func (s *stream) answerUndecodable(body []byte, derr error) {
	var probe struct {
		ID     json.RawMessage `json:"id"`
		Method *string         `json:"method"`
	}
	_ = json.Unmarshal(body, &probe)
	id := validID(probe.ID)
	if probe.Method != nil && len(probe.ID) == 0 {
		// A notification: JSON-RPC forbids a reply.
		s.log.Warn("invalid notification dropped", zap.Error(derr))
		return
	}
	s.log.Warn("invalid JSON-RPC message", zap.Error(derr))
	s.writeError(id, jsonrpc2.InvalidRequest, "invalid request: "+derr.Error())
}

// validID returns raw when it is a JSON string or an integer, else nil (the
// reply then carries "id": null).
func validID(raw json.RawMessage) json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return raw
	}
	var n int64
	if json.Unmarshal(raw, &n) == nil {
		return raw
	}
	return nil
}

// leadingID returns the id of the request b starts with, when b starts with
// a whole JSON object (whatever follows it); nil otherwise. A frame whose
// Content-Length was too large still gets its error reply with its id.
func leadingID(b []byte) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(b))
	var probe struct {
		ID json.RawMessage `json:"id"`
	}
	if err := dec.Decode(&probe); err != nil {
		return nil
	}
	return validID(probe.ID)
}

// readFrame parses the header block at the start of the unread input and
// waits for the body it announces. It consumes nothing: the block is
// hdr bytes long and the body follows it, length bytes. Problems confined to
// one message come back as *errBadFrame; anything else ends the stream.
func (s *stream) readFrame() (hdr, length int, err error) {
	// Stray blank lines between messages.
	for {
		d := s.in.data()
		i := 0
		for i < len(d) && isSpace(d[i]) {
			i++
		}
		s.in.consume(i)
		if len(s.in.data()) > 0 {
			break
		}
		if err := s.in.fill(); err != nil {
			if err == io.EOF {
				return 0, 0, io.EOF
			}
			return 0, 0, fmt.Errorf("reading header: %w", err)
		}
	}

	declared := int64(-1)
	pos := 0
	for {
		d := s.in.data()
		nl := bytes.IndexByte(d[pos:min(len(d), maxHeaderBytes)], '\n')
		if nl < 0 {
			if len(d) >= maxHeaderBytes {
				return 0, 0, &errBadFrame{msg: fmt.Sprintf("no end of the message header within %d bytes", maxHeaderBytes), from: 1}
			}
			if err := s.in.fill(); err != nil {
				return 0, 0, fmt.Errorf("reading header: %w", unexpected(err))
			}
			continue
		}
		first := pos == 0
		line := strings.TrimSpace(string(d[pos : pos+nl]))
		pos += nl + 1
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		if !ok || !isToken(name) {
			if first {
				// Not a header: garbage, or the rest of a message
				// whose length was wrong.
				return 0, 0, &errBadFrame{msg: fmt.Sprintf("expected a message header, got %q", truncate(line, 80)), from: 1}
			}
			s.log.Warn("ignored header", zap.String("line", truncate(line, 80)))
			continue
		}
		if strings.EqualFold(name, "Content-Length") {
			n, perr := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if perr != nil || n < 0 {
				return 0, 0, &errBadFrame{msg: fmt.Sprintf("invalid Content-Length %q", truncate(value, 40)), from: 1}
			}
			declared = n
		}
	}
	if declared < 0 {
		return 0, 0, &errBadFrame{msg: "missing Content-Length header", from: 1}
	}
	if declared > MaxMessageSize {
		if err := s.skipBody(pos, declared); err != nil {
			return 0, 0, err
		}
		return 0, 0, &errBadFrame{msg: fmt.Sprintf("message of %d bytes exceeds the limit of %d", declared, MaxMessageSize)}
	}
	length = int(declared)
	hdr = pos
	// Wait for the body, watching for a header inside it.
	scanned := hdr
	for {
		d := s.in.data()
		if h := findHeader(d, scanned, hdr+length); h >= 0 {
			return 0, 0, &errBadFrame{
				msg:  fmt.Sprintf("Content-Length says %d bytes but the next message header comes after %d", length, h-hdr),
				id:   leadingID(d[hdr:h]),
				from: h,
			}
		}
		if len(d) >= hdr+length {
			if !endsLikeMessage(d[hdr : hdr+length]) {
				// Content-Length a little too large: the body ends with
				// the start of the next header.
				if id := leadingID(d[hdr : hdr+length]); id != nil {
					return 0, 0, &errBadFrame{msg: fmt.Sprintf("Content-Length %d runs past the end of the message", length), id: id, from: hdr}
				}
			}
			return hdr, length, nil
		}
		scanned = max(hdr, len(d)-maxHeaderLen)
		if err := s.in.fill(); err != nil {
			return 0, 0, fmt.Errorf("reading a body of %d bytes: %w", length, unexpected(err))
		}
	}
}

// skipBody drops an oversized body of n bytes that starts at offset hdr of
// the unread input, or up to a header inside it.
func (s *stream) skipBody(hdr int, n int64) error {
	s.in.consume(hdr)
	for n > 0 {
		d := s.in.data()
		if h := findHeader(d, 0, int(min(n, int64(len(d))))); h >= 0 {
			s.in.consume(h)
			return nil
		}
		drop := int(min(n, int64(max(0, len(d)-maxHeaderLen))))
		if int64(len(d)) >= n {
			drop = int(n)
		}
		s.in.consume(drop)
		n -= int64(drop)
		if n == 0 {
			return nil
		}
		if err := s.in.fill(); err != nil {
			return fmt.Errorf("skipping an oversized message: %w", unexpected(err))
		}
	}
	return nil
}

// resync drops input up to the next message header at or after offset
// from, skipping at most s.maxSkip bytes.
func (s *stream) resync(from int) error {
	skipped := 0
	for {
		d := s.in.data()
		if h := findHeader(d, from, len(d)); h >= 0 {
			s.in.consume(h)
			s.log.Info("resynchronised on the next message header", zap.Int("skipped", skipped+h))
			return nil
		}
		// Keep a tail that may be the start of a header.
		drop := max(min(from, len(d)), len(d)-maxHeaderLen)
		s.in.consume(drop)
		skipped += drop
		from = 0
		if skipped > s.maxSkip {
			s.log.Error("no message header found: the peer is not speaking LSP; ending the session", zap.Int("skipped", skipped))
			return fmt.Errorf("no message header in %d bytes", skipped)
		}
		if err := s.in.fill(); err != nil {
			return err
		}
	}
}

// maxHeaderLen is the longest Content-Length header line findHeader
// recognises.
const maxHeaderLen = len("content-length") + 8 + 1 + 8 + 19 + 8 + 2

// findHeader returns the offset of the first Content-Length header line
// starting in b[from:limit) and complete in b, or -1. Such a line is
// "Content-Length" (in lower, upper or mixed case), a colon, an integer and a
// line end, with spaces or tabs around the colon and the number (at most 8
// each). It may start anywhere, not only at a line start, since a message
// body does not end with a line break. It never matches inside a JSON body:
// there "Content-Length" can only be in a string, and a string cannot hold
// a raw line end.
func findHeader(b []byte, from, limit int) int {
	const name = "content-length"
	limit = min(limit, len(b))
	if from >= limit {
		return -1
	}
	// Candidates are found by their "ength" (lower or upper case), each
	// kind searched once per occurrence: linear in len(b).
	area := b[:min(len(b), limit+len(name))]
	lower, upper := []byte("ength"), []byte("ENGTH")
	search := func(sub []byte, at int) int {
		if at >= len(area) {
			return -1
		}
		if i := bytes.Index(area[at:], sub); i >= 0 {
			return at + i
		}
		return -1
	}
	back := len(name) - len(lower)
	lo, up := search(lower, from+back), search(upper, from+back)
	for lo >= 0 || up >= 0 {
		var e int
		if up < 0 || (lo >= 0 && lo < up) {
			e, lo = lo, search(lower, lo+1)
		} else {
			e, up = up, search(upper, up+1)
		}
		at := e - back
		if at >= limit {
			return -1
		}
		if at >= from && asciiEqualFold(b[at:at+len(name)], name) && headerLineAt(b[at+len(name):]) {
			return at
		}
	}
	return -1
}

// headerLineAt reports whether b starts with `[ \t]*:[ \t]*[0-9]+[ \t]*\r?\n`,
// within the lengths findHeader allows.
func headerLineAt(b []byte) bool {
	i := 0
	blanks := func() bool {
		n := 0
		for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
			i++
			n++
		}
		return n <= 8
	}
	if !blanks() || i >= len(b) || b[i] != ':' {
		return false
	}
	i++
	if !blanks() {
		return false
	}
	digits := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
		digits++
	}
	if digits == 0 || digits > 19 || !blanks() {
		return false
	}
	if i < len(b) && b[i] == '\r' {
		i++
	}
	return i < len(b) && b[i] == '\n'
}

func asciiEqualFold(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := range b {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// isToken reports whether s is an HTTP header name (RFC 9110 token).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// unexpected turns io.EOF in the middle of a message into
// io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// frameReader buffers the input so that a frame can be looked at before it
// is consumed: a body that turns out not to be one is searched for the next
// header. The unread input is buf[off:]; it grows only as bytes arrive
// (never to a size a header merely claims).
type frameReader struct {
	r   io.Reader
	buf []byte
	off int
	err error // sticky: the reader's first error
}

const readChunk = 64 << 10

// data returns the unread input.
func (f *frameReader) data() []byte { return f.buf[f.off:] }

// consume drops the first n bytes of the unread input.
func (f *frameReader) consume(n int) {
	f.off += n
	if f.off == len(f.buf) {
		f.off = 0
		f.buf = f.buf[:0]
		if cap(f.buf) > 4*readChunk {
			f.buf = nil // do not keep a large message's buffer
		}
	}
}

// fill reads more input: one Read of up to readChunk bytes. It returns an
// error only when no byte came.
func (f *frameReader) fill() error {
	for {
		if f.err != nil {
			return f.err
		}
		if f.off > 0 && (f.off >= readChunk || cap(f.buf)-len(f.buf) < readChunk) {
			n := copy(f.buf, f.buf[f.off:])
			f.buf = f.buf[:n]
			f.off = 0
		}
		if cap(f.buf)-len(f.buf) < readChunk {
			nb := make([]byte, len(f.buf), max(2*cap(f.buf), len(f.buf)+readChunk))
			copy(nb, f.buf)
			f.buf = nb
		}
		n, err := f.r.Read(f.buf[len(f.buf) : len(f.buf)+readChunk])
		f.buf = f.buf[:len(f.buf)+n]
		if err != nil {
			f.err = err
		}
		if n > 0 {
			return nil
		}
	}
}

// Write implements jsonrpc2.Stream. It queues the message and returns at
// once (see outbox.go).
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	data, err := marshalMessage(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	m := &outMsg{frame: frameBytes(data), kind: outOther}
	switch msg := msg.(type) {
	case *jsonrpc2.Response:
		m.kind, m.answers = outReply, true
		id := msg.ID()
		if idJSON, err := (&id).MarshalJSON(); err == nil {
			size := len(data)
			m.shrink = func(held int64) []byte {
				return errorFrame(idJSON, codeRequestFailed, fmt.Sprintf(
					"the result (%d bytes) was dropped: the client is not reading, and %d bytes of replies already wait for it", size, held))
			}
		}
	case *jsonrpc2.Notification:
		if msg.Method() == protocol.MethodTextDocumentPublishDiagnostics {
			if uri := publishURI(msg.Params()); uri != "" {
				m.kind, m.uri = outPublish, uri
			}
		}
	}
	if err := s.out.put(m); err != nil {
		return 0, err
	}
	return int64(len(m.frame)), nil
}

// writeError sends an error response with the given raw id (nil: null).
func (s *stream) writeError(id json.RawMessage, code jsonrpc2.Code, message string) {
	if err := s.out.put(&outMsg{frame: errorFrame(id, code, message), kind: outReply}); err != nil {
		s.log.Warn("writing an error reply", zap.Error(err))
	}
}

// errorFrame is a framed error response with the given raw id (nil: null).
func errorFrame(id json.RawMessage, code jsonrpc2.Code, message string) []byte {
	if id == nil {
		id = json.RawMessage("null")
	}
	data, _ := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   jsonrpc2.Error  `json:"error"`
	}{"2.0", id, jsonrpc2.Error{Code: code, Message: message}})
	return frameBytes(data)
}

// Close implements jsonrpc2.Stream: it closes the connection (once). The
// output queue is not dropped: a client that closed the server's input may
// still read the replies of its last requests (Serve flushes it at the end).
func (s *stream) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.c.Close() })
	return s.closeErr
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// marshalMessage encodes a jsonrpc2 message (its MarshalJSON).
func marshalMessage(msg jsonrpc2.Message) ([]byte, error) {
	return json.Marshal(msg)
}

// codeRequestFailed is LSP 3.17's RequestFailed: a request that was valid
// but could not be answered.
const codeRequestFailed = -32803
