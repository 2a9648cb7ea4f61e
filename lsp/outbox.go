package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"go.uber.org/zap"
)

// The outbox is the stream's output queue. Nothing that sends a message
// waits for the client to read it: Write puts the message in the queue and
// returns, and one writer goroutine writes the queue out in order. So a
// client that stops reading (a stalled reader, an editor busy elsewhere)
// never holds up the goroutine that reads its messages, the diagnostics
// worker or a request handler, and cannot deadlock a client that writes
// before it reads.
//
// What waits is bounded:
//   - publishDiagnostics is kept once per document: a newer publish for a
//     document whose previous one is still queued replaces it in place (only
//     the latest matters). Queued publishes are therefore at most one per
//     document the server knows of.
//   - Replies are never dropped (a client waits for each), but once
//     maxReplies bytes of replies are queued, a further reply is queued as a
//     small RequestFailed error instead of its result.
//   - Other messages (requests to the client) are refused past
//     maxQueuedOtherBytes: their sender gets an error.
//   - Past twice maxReplies of replies and other messages (error replies
//     keep coming from a client that sends requests and reads nothing), the
//     reader stops reading (waitRoom) until the client has read some: the one
//     place a slow client slows the server, and only past that bound.

// MaxQueuedReplyBytes is the size of the replies the server holds for a
// client that does not read before it replaces further results with errors.
const MaxQueuedReplyBytes = 32 << 20

// maxQueuedOtherBytes bounds queued messages that are neither replies nor
// diagnostics.
const maxQueuedOtherBytes = 4 << 20

// flushTimeout is how long closing the stream waits for queued output.
const flushTimeout = 2 * time.Second

type outKind int

const (
	outReply   outKind = iota // a reply to a request of the client
	outPublish                // textDocument/publishDiagnostics, coalesced per URI
	outOther                  // anything else (requests to the client)
)

// outMsg is one framed message in the queue.
type outMsg struct {
	frame []byte
	kind  outKind
	uri   string // outPublish: its document
	// shrink returns the small error reply that replaces a reply over the
	// cap (held: the bytes of replies already queued); nil: keep it whole.
	shrink func(held int64) []byte
	// answers: a reply to a request the reader returned (see reserve).
	answers bool
}

// replyReserve is what a request read and not yet answered counts for
// against the reader's bound: more than a shrunk reply takes, so requests
// that are running when the reader pauses cannot carry the queue past it.
const replyReserve = 512

var errOutboxClosed = errors.New("the connection is closed")

type outbox struct {
	w          io.Writer
	log        *zap.Logger
	maxReplies int64

	mu         sync.Mutex
	cond       *sync.Cond // wakes the writer
	queue      []*outMsg
	byURI      map[string]*outMsg // the queued (not in flight) publish of each document
	inflight   *outMsg
	bytes      int64 // queued and in flight
	replyBytes int64 // of those, replies (and other messages: see heldLocked)
	otherBytes int64
	running    int64         // requests read and not yet answered (reserve)
	err        error         // set when writing failed or the outbox closed
	progress   chan struct{} // closed (and replaced) whenever a message has been written
	paused     bool          // the reader is waiting in waitRoom
	shrunk     int           // replies shrunk since the queue last emptied (for the log)
	broken     chan struct{} // closed when writing to the client failed
}

func newOutbox(w io.Writer, log *zap.Logger, maxReplies int64) *outbox {
	if maxReplies <= 0 {
		maxReplies = MaxQueuedReplyBytes
	}
	o := &outbox{w: w, log: log, maxReplies: maxReplies, byURI: map[string]*outMsg{}, progress: make(chan struct{}), broken: make(chan struct{})}
	o.cond = sync.NewCond(&o.mu)
	go o.run()
	return o
}

// put queues m.
func (o *outbox) put(m *outMsg) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err != nil {
		return o.err
	}
	switch m.kind {
	case outPublish:
		if old := o.byURI[m.uri]; old != nil {
			o.bytes += int64(len(m.frame) - len(old.frame))
			old.frame = m.frame
			return nil
		}
		o.byURI[m.uri] = m
	case outReply:
		if m.answers && o.running > 0 {
			o.running--
		}
		if m.shrink != nil && o.replyBytes > 0 && o.replyBytes+int64(len(m.frame)) > o.maxReplies {
			m.frame = m.shrink(o.replyBytes)
			if o.shrunk++; o.shrunk == 1 {
				o.log.Warn("the client is not reading: further replies are sent as errors until it does",
					zap.Int64("queuedBytes", o.bytes), zap.Int64("replyBytes", o.replyBytes))
			}
		}
	case outOther:
		if o.otherBytes > 0 && o.otherBytes+int64(len(m.frame)) > maxQueuedOtherBytes {
			return fmt.Errorf("the client is not reading: %d bytes of messages wait", o.bytes)
		}
	}
	o.queue = append(o.queue, m)
	o.account(m, 1)
	o.cond.Signal()
	return nil
}

// account adds (sign 1) or removes (-1) m's bytes. o.mu is held.
func (o *outbox) account(m *outMsg, sign int64) {
	n := sign * int64(len(m.frame))
	o.bytes += n
	switch m.kind {
	case outReply:
		o.replyBytes += n
	case outOther:
		o.otherBytes += n
	}
}

// run is the writer goroutine.
func (o *outbox) run() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for {
		for len(o.queue) == 0 && o.err == nil {
			o.cond.Wait()
		}
		if o.err != nil {
			return
		}
		m := o.queue[0]
		o.queue[0] = nil
		o.queue = o.queue[1:]
		if m.kind == outPublish && o.byURI[m.uri] == m {
			delete(o.byURI, m.uri)
		}
		o.inflight = m
		o.mu.Unlock()
		_, err := o.w.Write(m.frame)
		o.mu.Lock()
		o.inflight = nil
		o.account(m, -1)
		if err != nil && o.err == nil {
			o.log.Info("writing to the client failed: output dropped", zap.Error(err))
			o.failLocked(fmt.Errorf("writing to the client: %w", err))
			close(o.broken)
		}
		if len(o.queue) == 0 {
			o.shrunk = 0
		}
		close(o.progress)
		o.progress = make(chan struct{})
	}
}

// failLocked drops the queue; later puts return err.
func (o *outbox) failLocked(err error) {
	o.err = err
	for _, m := range o.queue {
		o.account(m, -1)
	}
	o.queue = nil
	o.byURI = map[string]*outMsg{}
	o.cond.Broadcast()
	close(o.progress)
	o.progress = make(chan struct{})
}

// reserve counts a request the reader is about to hand on: until its reply
// is queued, it counts replyReserve bytes against the reader's bound.
func (o *outbox) reserve() {
	o.mu.Lock()
	o.running++
	o.mu.Unlock()
}

// heldLocked is what counts against the reader's bound: replies, other
// messages and the replies of running requests (publishes are bounded by
// coalescing).
func (o *outbox) heldLocked() int64 {
	return o.replyBytes + o.otherBytes + o.running*replyReserve
}

// waitRoom returns at once unless twice maxReplies of replies and other
// messages wait (running requests included); then it waits until the
// client has read half of that (or ctx ends, or the outbox fails).
func (o *outbox) waitRoom(ctx context.Context) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err != nil || o.heldLocked() < 2*o.maxReplies {
		return
	}
	o.log.Warn("the client is not reading: reading paused until it does", zap.Int64("queuedBytes", o.bytes))
	o.paused = true
	defer func() { o.paused = false }()
	for o.err == nil && o.heldLocked() >= o.maxReplies {
		ch := o.progress
		o.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			o.mu.Lock()
			return
		}
		o.mu.Lock()
	}
}

// flush waits until the queue is written out, writing fails, or timeout
// passes. It reports whether everything was written.
func (o *outbox) flush(timeout time.Duration) bool {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	o.mu.Lock()
	defer o.mu.Unlock()
	for (len(o.queue) > 0 || o.inflight != nil) && o.err == nil {
		ch := o.progress
		o.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			o.mu.Lock()
			return false
		}
		o.mu.Lock()
	}
	return o.err == nil
}

// failed is closed when writing to the client has failed: nothing more can
// reach it.
func (o *outbox) failed() <-chan struct{} { return o.broken }

// close drops what is queued and stops the writer (a write in progress
// ends when the connection closes).
func (o *outbox) close() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err == nil {
		o.failLocked(errOutboxClosed)
	}
}

func (o *outbox) stats() outStats {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := len(o.queue)
	if o.inflight != nil {
		n++
	}
	return outStats{bytes: o.bytes, messages: n, paused: o.paused}
}

// outStats is the output a stream holds: queued or being written.
type outStats struct {
	bytes    int64
	messages int
	paused   bool // the reader waits for the client to read (waitRoom)
}

// frameBytes returns a message body with its Content-Length header.
func frameBytes(body []byte) []byte {
	hdr := fmt.Sprintf("Content-Length: %d\r\n\r\n", len(body))
	out := make([]byte, 0, len(hdr)+len(body))
	return append(append(out, hdr...), body...)
}

// publishURI reads the uri of publishDiagnostics params without decoding
// the diagnostics (the uri comes first as the library encodes them).
func publishURI(params json.RawMessage) string {
	dec := json.NewDecoder(bytes.NewReader(params))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return ""
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return ""
		}
		if key, _ := t.(string); key == "uri" {
			var uri string
			if dec.Decode(&uri) != nil {
				return ""
			}
			return uri
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return ""
		}
	}
	return ""
}
