// Package lsp is velo-lsp's language server: an adapter between the Language
// Server Protocol (go.lsp.dev/protocol v0.12.0 over go.lsp.dev/jsonrpc2
// v0.10.0) and the analyzer and catalog packages.
//
// One file per feature: lifecycle.go (initialize, shutdown, exit),
// text_synchronization.go, diagnostics.go, completion.go, hover.go,
// code_action.go, symbols.go, workspace.go, config.go. The transport pieces
// that work around the libraries' traps live in stream.go (malformed
// messages and wrong Content-Lengths, with resynchronisation), outbox.go
// (the bounded output queue: nothing waits for a client that does not
// read), base.go (MethodNotFound for everything else), recover.go (panics)
// and cancel.go ($/cancelRequest with numeric ids).
//
// Units: the analyzer speaks byte offsets; LSP positions are 0-based lines
// and columns in the negotiated encoding (UTF-16 unless the client offers
// UTF-8). Every conversion goes through analyzer/textpos (see positions.go).
package lsp

import (
	"context"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
	"github.com/velo-lsp/velo-lsp/catalog"
)

// Options configure a server. The zero value is the production setup.
type Options struct {
	// Logger receives the server's log (never stdout: that is the
	// protocol). nil: no log.
	Logger *zap.Logger
	// Debounce is the quiet time after an edit before the document is
	// analyzed. 0: DefaultDebounce; negative: none.
	Debounce time.Duration
	// Analyze judges one open document. nil: the server's engine
	// (Engine.AnalyzeFile). Tests replace it.
	Analyze func(analyzer.FileInput, analyzer.Config) *analyzer.FileResult
	// Catalog is the event catalog. nil: catalog.Default().
	Catalog *catalog.Catalog
	// Version is reported in serverInfo.
	Version string
	// Now is the moment sunset dates are judged against (analyzer.Config.Now);
	// zero: the time of each analysis. Tests fix it.
	Now time.Time

	// testHook, when set, runs at the start of every request dispatched to
	// a handler goroutine (tests use it to panic or to block).
	testHook func(ctx context.Context, method string)
	// maxResyncSkip bounds the bytes skipped while looking for the next
	// message header after a bad frame. 0: MaxResyncSkip. Tests lower it.
	maxResyncSkip int
	// maxQueuedReplies bounds the bytes of replies waiting for a client that
	// does not read. 0: MaxQueuedReplyBytes. Tests lower it.
	maxQueuedReplies int64
}

// DefaultDebounce is how long the server waits after the last edit of a burst
// before analyzing.
const DefaultDebounce = 150 * time.Millisecond

// lifecycle states.
const (
	stateNew          int32 = iota // before initialize
	stateInitializing              // initialize answered, initialized not yet seen
	stateRunning
	stateShutdown // shutdown answered: only exit is served
)

// Server is one language server session over one connection.
type Server struct {
	base // MethodNotFound for every protocol.Server method not overridden

	opts    Options
	log     *zap.Logger
	analyze func(analyzer.FileInput, analyzer.Config) *analyzer.FileResult
	cat     *catalog.Catalog

	conn    jsonrpc2.Conn
	stream  *stream
	client  protocol.Client
	handler jsonrpc2.Handler // the library's dispatcher over s (methods without raw needs)

	state  atomic.Int32
	panics atomic.Int64 // recovered panics (a fuzz test asserts there are none)

	mu       sync.Mutex // guards the fields below
	enc      textpos.Encoding
	caps     clientCaps
	settings settings
	folders  []folder
	projCfg  map[string]*projectCfg // folder root → its .velo-lsp.json

	eng      *analyzer.Engine // the analyzer's engine: its memo is the only parse cache
	cfgGen   atomic.Uint64    // settings generation: bumped when settings or a .velo-lsp.json change (config)
	docs     *store
	diag     *diagnoser
	requests *requests
	ws       *workspace

	bg       sync.WaitGroup // background goroutines
	exitOnce sync.Once
	exitCode chan int
	ctx      context.Context // the connection's context, cancelled at exit
	cancel   context.CancelFunc
}

// NewServer builds a server; Serve runs it over a connection.
func NewServer(opts Options) *Server {
	s := &Server{opts: opts, log: opts.Logger, analyze: opts.Analyze, cat: opts.Catalog, eng: analyzer.NewEngine()}
	if s.log == nil {
		s.log = zap.NewNop()
	}
	if s.analyze == nil {
		s.analyze = s.eng.AnalyzeFile
	}
	if s.cat == nil {
		s.cat = catalog.Default()
	}
	s.docs = newStore()
	s.requests = newRequests()
	s.exitCode = make(chan int, 1)
	s.diag = newDiagnoser(s, opts.Debounce)
	s.ws = newWorkspace(s)
	return s
}

// Serve speaks LSP over rwc until exit, or until the stream ends. It returns
// the process exit status: 0 when exit followed shutdown, 1 otherwise.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) int {
	return NewServer(opts).Serve(ctx, rwc)
}

// Serve runs the session; see the package function Serve.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) int {
	ctx, s.cancel = context.WithCancel(ctx)
	defer s.cancel()
	s.ctx = ctx
	// The library's dispatcher logs every call at debug level through the
	// logger it finds in the context: give it ours (stderr or a file).
	ctx = protocol.WithLogger(ctx, s.log.Named("protocol"))
	s.stream = newStream(rwc, s.log, s.opts.maxQueuedReplies)
	if s.opts.maxResyncSkip > 0 {
		s.stream.maxSkip = s.opts.maxResyncSkip
	}
	s.conn = jsonrpc2.NewConn(s.stream)
	s.client = protocol.ClientDispatcher(s.conn, s.log.Named("client"))
	s.handler = protocol.ServerHandler(s, nil)
	s.conn.Go(ctx, s.handle)
	s.goBackground(func() { s.diag.run(ctx) })

	var code int
	select {
	case <-ctx.Done(): // a signal
		code = 1
		if s.state.Load() == stateShutdown {
			code = 0
		}
	case code = <-s.exitCode:
	case <-s.conn.Done():
		if err := s.conn.Err(); err != nil && err != io.EOF {
			s.log.Info("connection ended", zap.Error(err))
		}
		code = 1
		if s.state.Load() == stateShutdown {
			code = 0
		}
	case <-s.stream.out.failed():
		// The client no longer reads (its end of the output is closed):
		// nothing the server does can reach it.
		s.log.Info("the connection's output failed: ending the session")
		code = 1
	}
	s.cancel()
	s.diag.stop()
	// What is queued (the reply to shutdown above all) goes out before
	// the connection closes, within reason.
	s.stream.out.flush(flushTimeout)
	_ = s.conn.Close()
	// Closing stdin does not interrupt a read blocked on it everywhere: do
	// not wait long for the reading goroutine (the process exits anyway).
	select {
	case <-s.conn.Done():
	case <-time.After(200 * time.Millisecond):
	}
	// Let background work (an analysis in progress) finish, within reason.
	bgDone := make(chan struct{})
	go func() { s.bg.Wait(); close(bgDone) }()
	select {
	case <-bgDone:
	case <-time.After(3 * time.Second):
		s.log.Warn("background work still running at exit")
	}
	// Replies of requests that finished meanwhile: a client that closed
	// the server's input may still be reading its output.
	if !s.stream.out.flush(flushTimeout) {
		s.log.Info("ending with output the client did not read", zap.Int64("bytes", s.stream.out.stats().bytes))
	}
	s.stream.out.close()
	return code
}

// Panics returns how many handler panics were recovered.
func (s *Server) Panics() int64 { return s.panics.Load() }

// handle is the connection's only handler. It runs on the reading goroutine,
// so it never blocks on analysis:
//   - $/cancelRequest, exit, initialize and shutdown are answered inline;
//   - notifications (text synchronisation above all) are applied inline and
//     in order, each guarded against panics, and are short;
//   - every other request runs in its own goroutine with a cancellable
//     context, so a slow request never holds up the ones after it (unlike
//     jsonrpc2.AsyncHandler, which starts a request only after the previous
//     one replied).
//
// It always returns nil: an error would make jsonrpc2 close the connection.
func (s *Server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	call, isCall := req.(*jsonrpc2.Call)
	method := req.Method()

	switch method {
	case protocol.MethodCancelRequest:
		s.guard(ctx, method, nil, func() { s.cancelRequest(req.Params()) })
		return nil
	case protocol.MethodExit:
		s.exit()
		return nil
	case protocol.MethodInitialize:
		s.guardCall(ctx, reply, req, func(r jsonrpc2.Replier) { s.initialize(ctx, r, req) })
		return nil
	case protocol.MethodShutdown:
		s.guardCall(ctx, reply, req, func(r jsonrpc2.Replier) { s.shutdown(ctx, r, req) })
		return nil
	}

	switch s.state.Load() {
	case stateNew:
		if isCall {
			_ = reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "the server is not initialized: send initialize first"))
		}
		return nil
	case stateShutdown:
		if isCall {
			_ = reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "the server is shut down: only exit is accepted"))
		}
		return nil
	}

	if !isCall {
		s.guard(ctx, method, nil, func() { s.notification(ctx, reply, req) })
		return nil
	}

	rctx, done := s.requests.start(ctx, call.ID())
	s.goBackground(func() {
		defer done()
		s.guardCall(rctx, reply, req, func(r jsonrpc2.Replier) {
			if s.opts.testHook != nil {
				s.opts.testHook(rctx, method)
			}
			s.request(rctx, cancelAware(rctx, r), req)
		})
	})
	return nil
}

// goBackground runs fn in a goroutine that Serve waits for at the end.
func (s *Server) goBackground(fn func()) {
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		fn()
	}()
}

// notification routes a notification. Those that need their raw params are
// handled here; the rest go through the library's dispatcher to the
// protocol.Server methods of s.
func (s *Server) notification(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) {
	switch req.Method() {
	case protocol.MethodTextDocumentDidChange:
		s.didChange(ctx, req.Params())
	default:
		_ = s.handler(ctx, reply, req)
	}
}

// request routes a request (see notification).
func (s *Server) request(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) {
	switch req.Method() {
	case protocol.MethodTextDocumentCompletion:
		s.completion(ctx, reply, req.Params())
	default:
		_ = s.handler(ctx, reply, req)
	}
}

// encoding returns the negotiated position encoding.
func (s *Server) encoding() textpos.Encoding {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enc
}
