package lsp

import (
	"bufio"
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
	"go.uber.org/zap"
)

// MaxMessageSize is the largest message body, in bytes, the server reads. A
// larger one is skipped (its bytes are read and dropped) and answered with an
// error; the stream goes on with the next message. It leaves room for a 10 MB
// document after JSON escaping.
const MaxMessageSize = 128 << 20

// stream frames JSON-RPC messages with LSP's Content-Length headers.
//
// jsonrpc2's own stream (jsonrpc2.NewStream) returns an error for a message it
// cannot decode, and the connection then closes: one malformed message would
// end the session. This one answers such a message itself (a parse error for
// bytes that are not JSON, an invalid request for JSON that is not a JSON-RPC
// message) and goes on reading. Only a failure of the underlying reader or
// writer ends the stream.
type stream struct {
	in  *bufio.Reader
	out io.Writer
	c   io.Closer
	log *zap.Logger

	mu sync.Mutex // serialises writes: conn's and ours
}

func newStream(rwc io.ReadWriteCloser, log *zap.Logger) *stream {
	return &stream{in: bufio.NewReaderSize(rwc, 64<<10), out: rwc, c: rwc, log: log}
}

// errBadFrame is a framing problem that leaves the stream usable: the
// message is answered and skipped.
type errBadFrame struct{ msg string }

func (e *errBadFrame) Error() string { return e.msg }

// Read implements jsonrpc2.Stream.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		body, n, err := s.readFrame()
		var bad *errBadFrame
		if errors.As(err, &bad) {
			s.log.Warn("malformed message frame", zap.String("error", bad.msg))
			s.writeError(nil, jsonrpc2.ParseError, bad.msg)
			continue
		}
		if err != nil {
			return nil, n, err
		}
		msg, derr := jsonrpc2.DecodeMessage(body)
		if derr == nil {
			return msg, n, nil
		}
		s.answerUndecodable(body, derr)
	}
}

// answerUndecodable replies to a message jsonrpc2 could not decode: a parse
// error when the body is not JSON at all, else an invalid request carrying
// the message's id when one can be read.
func (s *stream) answerUndecodable(body []byte, derr error) {
	if !json.Valid(body) {
		s.log.Warn("message is not JSON", zap.Error(derr), zap.Int("bytes", len(body)))
		s.writeError(nil, jsonrpc2.ParseError, "parse error: the message is not valid JSON")
		return
	}
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

// readFrame reads one header block and its body. Problems confined to one
// message come back as *errBadFrame; anything else ends the stream.
func (s *stream) readFrame() ([]byte, int64, error) {
	var total int64
	length := int64(-1)
	var problem string
	sawHeader := false
	for {
		line, err := s.in.ReadString('\n')
		total += int64(len(line))
		if err != nil {
			if err == io.EOF && total == 0 {
				return nil, total, io.EOF
			}
			return nil, total, fmt.Errorf("reading header: %w", err)
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if !sawHeader {
				continue // stray blank lines between messages
			}
			break
		}
		sawHeader = true
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			problem = fmt.Sprintf("invalid header line %q", truncate(line, 80))
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, perr := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if perr != nil || n < 0 {
				problem = fmt.Sprintf("invalid Content-Length %q", truncate(value, 40))
				continue
			}
			length = n
		}
	}
	if length < 0 {
		if problem == "" {
			problem = "missing Content-Length header"
		}
		return nil, total, &errBadFrame{problem}
	}
	if length > MaxMessageSize {
		n, err := io.CopyN(io.Discard, s.in, length)
		total += n
		if err != nil {
			return nil, total, fmt.Errorf("skipping an oversized message: %w", err)
		}
		return nil, total, &errBadFrame{fmt.Sprintf("message of %d bytes exceeds the limit of %d", length, MaxMessageSize)}
	}
	// Grow the buffer as bytes arrive rather than trusting the header with
	// one large allocation.
	var buf bytes.Buffer
	if length <= 1<<20 {
		buf.Grow(int(length))
	}
	n, err := buf.ReadFrom(io.LimitReader(s.in, length))
	total += n
	if err == nil && n < length {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return nil, total, fmt.Errorf("reading a body of %d bytes: %w", length, err)
	}
	body := buf.Bytes()
	if problem != "" {
		// Content-Length was readable: the message can be served, the odd
		// header is only logged.
		s.log.Warn("ignored header", zap.String("problem", problem))
	}
	return body, total, nil
}

// Write implements jsonrpc2.Stream.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	data, err := marshalMessage(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	return s.writeFrame(data)
}

func (s *stream) writeFrame(data []byte) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := fmt.Fprintf(s.out, "Content-Length: %d\r\n\r\n", len(data))
	if err != nil {
		return int64(n), fmt.Errorf("writing header: %w", err)
	}
	m, err := s.out.Write(data)
	if err != nil {
		return int64(n + m), fmt.Errorf("writing body: %w", err)
	}
	return int64(n + m), nil
}

// writeError sends an error response with the given raw id (nil: null).
func (s *stream) writeError(id json.RawMessage, code jsonrpc2.Code, message string) {
	if id == nil {
		id = json.RawMessage("null")
	}
	data, _ := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   jsonrpc2.Error  `json:"error"`
	}{"2.0", id, jsonrpc2.Error{Code: code, Message: message}})
	if _, err := s.writeFrame(data); err != nil {
		s.log.Warn("writing an error reply", zap.Error(err))
	}
}

// Close implements jsonrpc2.Stream.
func (s *stream) Close() error { return s.c.Close() }

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
