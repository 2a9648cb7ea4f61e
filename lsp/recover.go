package lsp

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// Trap: neither go.lsp.dev/jsonrpc2 nor go.lsp.dev/protocol recovers panics,
// and a panic in any goroutine ends the process. Every handler runs under
// guard or guardCall: a panic is logged with its stack, counted, and (for a
// request) answered with an InternalError; the server goes on.

// guard runs fn, recovering a panic. It is for notifications and background
// work, which have nobody to answer.
func (s *Server) guard(ctx context.Context, what string, fields []zap.Field, fn func()) {
	defer func() {
		if r := recover(); r != nil {
			s.recovered(what, r, fields...)
		}
	}()
	fn()
}

// guardCall runs fn with a replier that remembers whether it was used; a
// panic in fn is answered with an InternalError unless fn already replied.
// A request that returns without replying is answered too, so no request is
// left pending.
func (s *Server) guardCall(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request, fn func(jsonrpc2.Replier)) {
	var (
		mu      sync.Mutex
		replied bool
	)
	once := func(ctx context.Context, result interface{}, err error) error {
		mu.Lock()
		if replied {
			mu.Unlock()
			s.log.Error("second reply dropped", zap.String("method", req.Method()))
			return nil
		}
		replied = true
		mu.Unlock()
		return reply(ctx, result, codedError(err))
	}
	defer func() {
		r := recover()
		if r != nil {
			s.recovered(req.Method(), r)
		}
		mu.Lock()
		done := replied
		mu.Unlock()
		if done {
			return
		}
		if r != nil {
			_ = once(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: %v (the server goes on; see its log)", req.Method(), r))
			return
		}
		if _, isCall := req.(*jsonrpc2.Call); isCall {
			_ = once(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: no reply", req.Method()))
		}
	}()
	fn(once)
}

// recovered logs a recovered panic with its stack.
func (s *Server) recovered(what string, r interface{}, fields ...zap.Field) {
	s.panics.Add(1)
	fields = append(fields,
		zap.String("in", what),
		zap.String("panic", fmt.Sprint(r)),
		zap.ByteString("stack", debug.Stack()))
	s.log.Error("recovered from a panic", fields...)
}

// codedError gives every error reply a JSON-RPC code. The library's
// dispatcher answers undecodable params with a plain error (code 0 on the
// wire): those become InvalidParams, anything else uncoded InternalError.
func codedError(err error) error {
	if err == nil {
		return nil
	}
	var je *jsonrpc2.Error
	if errors.As(err, &je) && je.Code != 0 {
		if je == err {
			return err
		}
		return &jsonrpc2.Error{Code: je.Code, Message: err.Error()}
	}
	if strings.HasPrefix(err.Error(), jsonrpc2.ErrParse.Message) {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "invalid params: %s", strings.TrimPrefix(strings.TrimPrefix(err.Error(), jsonrpc2.ErrParse.Message), ": "))
	}
	return jsonrpc2.NewError(jsonrpc2.InternalError, err.Error())
}
