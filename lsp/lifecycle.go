package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
)

// initialize answers the initialize request (inline: nothing else may run
// before it). It decodes the raw params itself to read the 3.17 fields.
func (s *Server) initialize(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) {
	if s.state.Load() != stateNew {
		_ = reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize was already received"))
		return
	}
	var p initializeParams
	if len(req.Params()) > 0 {
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			_ = reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "initialize: %v", err))
			return
		}
	}

	enc := textpos.UTF16
	for _, e := range p.Capabilities.General.PositionEncodings {
		if e == "utf-8" {
			enc = textpos.UTF8
			break
		}
	}
	st, problems := parseSettings(p.InitializationOptions)
	for _, pr := range problems {
		s.log.Warn("initializationOptions", zap.String("problem", pr))
	}

	folders := foldersFromInit(p)
	s.mu.Lock()
	s.enc = enc
	s.caps = p.Capabilities
	s.settings = st
	s.folders = folders
	s.mu.Unlock()
	s.cfgGen.Add(1)

	s.log.Info("initialize",
		zap.String("positionEncoding", enc.String()),
		zap.Int("folders", len(folders)))

	syncOpts := &protocol.TextDocumentSyncOptions{
		OpenClose: true,
		Change:    protocol.TextDocumentSyncKindIncremental,
		Save:      &protocol.SaveOptions{},
	}
	res := &initializeResult{
		Capabilities: serverCapabilities{
			ServerCapabilities: protocol.ServerCapabilities{
				TextDocumentSync: syncOpts,
				CompletionProvider: &protocol.CompletionOptions{
					TriggerCharacters: []string{"."},
				},
				HoverProvider: true,
				CodeActionProvider: &protocol.CodeActionOptions{
					CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, protocol.Source},
				},
				CodeLensProvider:       &protocol.CodeLensOptions{},
				DocumentSymbolProvider: true,
				Workspace: &protocol.ServerCapabilitiesWorkspace{
					WorkspaceFolders: &protocol.ServerCapabilitiesWorkspaceFolders{
						Supported:           true,
						ChangeNotifications: true,
					},
				},
			},
			PositionEncoding: enc.String(),
		},
		ServerInfo: &protocol.ServerInfo{Name: "velo-lsp", Version: s.opts.Version},
	}
	s.state.Store(stateInitializing)
	_ = reply(ctx, res, nil)
}

// Initialized starts the workspace scan and the file watching.
func (s *Server) Initialized(ctx context.Context, _ *protocol.InitializedParams) error {
	if !s.state.CompareAndSwap(stateInitializing, stateRunning) {
		return nil
	}
	s.ws.start()
	return nil
}

// shutdown answers shutdown: from then on only exit is served.
func (s *Server) shutdown(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) {
	switch s.state.Load() {
	case stateNew:
		_ = reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "shutdown before initialize"))
		return
	case stateShutdown:
		_ = reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "shutdown was already received"))
		return
	}
	s.state.Store(stateShutdown)
	s.diag.stop()
	s.ws.stop()
	s.log.Info("shutdown")
	_ = reply(ctx, nil, nil)
}

// exit ends the session: status 0 after shutdown, 1 without.
func (s *Server) exit() {
	code := 1
	if s.state.Load() == stateShutdown {
		code = 0
	}
	s.exitOnce.Do(func() {
		s.log.Info("exit", zap.Int("status", code))
		s.exitCode <- code
	})
}

// foldersFromInit returns the workspace folders, falling back to rootUri
// and rootPath.
func foldersFromInit(p initializeParams) []folder {
	var out []folder
	for _, f := range p.WorkspaceFolders {
		if fo, err := newFolder(f.URI); err == nil {
			out = append(out, fo)
		}
	}
	if len(out) == 0 && p.RootURI != "" {
		if fo, err := newFolder(p.RootURI); err == nil {
			out = append(out, fo)
		}
	}
	if len(out) == 0 && p.RootPath != "" {
		if fo, err := newFolder(fileURI(p.RootPath)); err == nil {
			out = append(out, fo)
		}
	}
	return out
}
