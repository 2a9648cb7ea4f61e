package lsp

import (
	"context"
	"encoding/json"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// Trap: protocol.CancelParams.ID is an interface{}, so a numeric id decodes as
// float64, which the library's CancelHandler rejects as malformed: the
// numeric cancels VS Code sends cancel nothing. The server keeps its own
// table of running requests and reads the id itself, as an integer or a
// string.

// requests maps the id of each running request to its cancel function.
type requests struct {
	mu      sync.Mutex
	running map[jsonrpc2.ID]context.CancelFunc
}

func newRequests() *requests {
	return &requests{running: map[jsonrpc2.ID]context.CancelFunc{}}
}

// start registers a request; done must be called when it has replied.
func (r *requests) start(ctx context.Context, id jsonrpc2.ID) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	r.mu.Lock()
	r.running[id] = cancel
	r.mu.Unlock()
	return ctx, func() {
		r.mu.Lock()
		delete(r.running, id)
		r.mu.Unlock()
		cancel()
	}
}

// cancel cancels the request with this id, if it is still running.
func (r *requests) cancel(id jsonrpc2.ID) bool {
	r.mu.Lock()
	cancel, ok := r.running[id]
	r.mu.Unlock()
	if ok {
		cancel()
	}
	return ok
}

// parseRequestID reads a JSON-RPC id: an integer (within int32, as jsonrpc2
// stores it) or a string.
func parseRequestID(raw json.RawMessage) (jsonrpc2.ID, bool) {
	var n int64
	if err := json.Unmarshal(raw, &n); err == nil {
		if n < -1<<31 || n > 1<<31-1 {
			return jsonrpc2.ID{}, false
		}
		return jsonrpc2.NewNumberID(int32(n)), true
	}
	var f float64
	if err := json.Unmarshal(raw, &f); err == nil {
		// 3.0 is an integer written as a float.
		if f == float64(int32(f)) {
			return jsonrpc2.NewNumberID(int32(f)), true
		}
		return jsonrpc2.ID{}, false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return jsonrpc2.NewStringID(s), true
	}
	return jsonrpc2.ID{}, false
}

// cancelRequest handles $/cancelRequest (a notification: nothing to answer).
func (s *Server) cancelRequest(params json.RawMessage) {
	var p struct {
		ID json.RawMessage `json:"id"`
	}
	if err := json.Unmarshal(params, &p); err != nil {
		s.log.Warn(protocol.MethodCancelRequest+": bad params", zap.Error(err))
		return
	}
	id, ok := parseRequestID(p.ID)
	if !ok {
		s.log.Warn(protocol.MethodCancelRequest+": bad id", zap.ByteString("id", p.ID))
		return
	}
	if s.requests.cancel(id) {
		s.log.Debug("request cancelled", zap.String("id", idString(id)))
	}
}

// cancelAware answers RequestCancelled for a request whose context was
// cancelled before it replied with a result.
func cancelAware(ctx context.Context, reply jsonrpc2.Replier) jsonrpc2.Replier {
	return func(rctx context.Context, result interface{}, err error) error {
		if ctx.Err() != nil && err == nil {
			err = jsonrpc2.NewError(protocol.CodeRequestCancelled, "request cancelled")
			result = nil
		}
		return reply(context.WithoutCancel(rctx), result, err)
	}
}

func idString(id jsonrpc2.ID) string {
	b, _ := (&id).MarshalJSON()
	return string(b)
}
