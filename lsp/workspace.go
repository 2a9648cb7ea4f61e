package lsp

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
)

// The workspace: on start every folder is scanned (analyzer.Discover over
// the folder's guarded opener, sitefs) and the findings of every events file, package copies and
// look-alikes included, are published even when the file is not open.
// Changes on disk are followed through workspace/didChangeWatchedFiles,
// registered dynamically when the client supports it; otherwise the
// workspace is re-scanned after each save. A re-scan re-analyzes only files
// whose size or modification time changed, and clears the diagnostics of
// files that are gone.

type fileStamp struct {
	size int64
	mod  time.Time
	gen  int // settings generation
}

type workspace struct {
	s *Server

	mu        sync.Mutex
	watching  bool
	stamps    map[string]fileStamp // uri → what its published diagnostics came from
	gen       int
	rescanReq chan struct{}
	stopped   bool
	started   bool
	scans     int // completed scans (tests wait on it)
	scanCond  *sync.Cond
}

func newWorkspace(s *Server) *workspace {
	w := &workspace{s: s, stamps: map[string]fileStamp{}, rescanReq: make(chan struct{}, 1)}
	w.scanCond = sync.NewCond(&w.mu)
	return w
}

// start registers the file watchers (when the client can) and runs the
// scanning loop. It returns at once.
func (w *workspace) start() {
	w.mu.Lock()
	if w.started {
		w.mu.Unlock()
		return
	}
	w.started = true
	w.mu.Unlock()
	w.s.mu.Lock()
	dynamic := w.s.caps.Workspace.DidChangeWatchedFiles.DynamicRegistration
	w.s.mu.Unlock()
	ctx := w.s.ctx
	if dynamic {
		w.s.goBackground(func() { w.s.guard(ctx, "register watchers", nil, func() { w.register(ctx) }) })
	}
	w.s.goBackground(func() { w.s.guard(ctx, "workspace scan", nil, func() { w.loop(ctx) }) })
}

func (w *workspace) register(ctx context.Context) {
	globs := []string{"**/*.{js,jsw,ts,mjs,cjs,mts,cts}", "**/.gitignore", "**/.velo-lsp.json"}
	var watchers []protocol.FileSystemWatcher
	for _, g := range globs {
		watchers = append(watchers, protocol.FileSystemWatcher{GlobPattern: g})
	}
	err := w.s.client.RegisterCapability(ctx, &protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:              "velo-lsp-watched-files",
		Method:          protocol.MethodWorkspaceDidChangeWatchedFiles,
		RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: watchers},
	}}})
	if err != nil {
		w.s.log.Warn("registering file watchers failed: re-scanning on save instead", zap.Error(err))
		return
	}
	w.mu.Lock()
	w.watching = true
	w.mu.Unlock()
}

func (w *workspace) isWatching() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.watching
}

func (w *workspace) stop() {
	w.mu.Lock()
	w.stopped = true
	w.mu.Unlock()
}

// invalidate forces the next scan to re-analyze every file.
func (w *workspace) invalidate() {
	w.mu.Lock()
	w.gen++
	w.mu.Unlock()
}

// requestRescan asks the loop for a scan (coalesced).
func (w *workspace) requestRescan() {
	select {
	case w.rescanReq <- struct{}{}:
	default:
	}
}

// waitScans blocks until at least n scans completed (tests).
func (w *workspace) waitScans(n int) {
	w.mu.Lock()
	for w.scans < n {
		w.scanCond.Wait()
	}
	w.mu.Unlock()
}

func (w *workspace) loop(ctx context.Context) {
	w.requestRescan()
	first := true
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.rescanReq:
		}
		// Let a burst of file events settle (not before the first scan).
		if !first {
			select {
			case <-ctx.Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
		first = false
		select {
		case <-w.rescanReq:
		default:
		}
		w.s.guard(ctx, "workspace scan", nil, func() { w.scan(ctx) })
		w.mu.Lock()
		w.scans++
		w.scanCond.Broadcast()
		w.mu.Unlock()
	}
}

// scan discovers and analyzes every folder and publishes what changed.
func (w *workspace) scan(ctx context.Context) {
	w.mu.Lock()
	if w.stopped {
		w.mu.Unlock()
		return
	}
	gen := w.gen
	w.mu.Unlock()
	w.s.mu.Lock()
	folders := append([]folder(nil), w.s.folders...)
	w.s.mu.Unlock()

	seen := map[string]bool{}
	start := time.Now()
	files := 0
	for i := range folders {
		fo := &folders[i]
		cfg := w.s.config(fo)
		cands, ddiags, err := analyzer.Discover(ctx, fo.FS, cfg)
		if err != nil {
			w.s.log.Warn("workspace scan", zap.String("folder", fo.Root), zap.Error(err))
		}
		byPath := map[string][]analyzer.Diagnostic{}
		for _, d := range ddiags {
			byPath[d.Path] = append(byPath[d.Path], d)
		}
		// Analyze the candidates on every core; publish as each finishes.
		var (
			wg   sync.WaitGroup
			smu  sync.Mutex
			next = make(chan analyzer.Candidate)
		)
		for i := 0; i < min(runtime.GOMAXPROCS(0), 4); i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for c := range next {
					w.s.guard(ctx, "workspace file", []zap.Field{zap.String("path", c.Path)}, func() {
						uri := w.publishFile(ctx, fo, c.Path, c.Role, byPath[c.Path], cfg, gen)
						if uri != "" {
							smu.Lock()
							seen[uri] = true
							smu.Unlock()
						}
					})
				}
			}()
		}
		for _, c := range cands {
			if ctx.Err() != nil {
				break
			}
			files++
			next <- c
		}
		close(next)
		wg.Wait()
		if ctx.Err() != nil {
			return
		}
		for _, c := range cands {
			delete(byPath, c.Path)
		}
		for p, ds := range byPath { // problems with files that are not candidates
			uri := w.publishFile(ctx, fo, p, analyzer.RoleNone, ds, cfg, gen)
			if uri != "" {
				seen[uri] = true
			}
		}
	}
	// Files that had diagnostics and are gone (or no longer judged).
	w.mu.Lock()
	var gone []string
	for uri := range w.stamps {
		if !seen[uri] {
			gone = append(gone, uri)
			delete(w.stamps, uri)
		}
	}
	w.mu.Unlock()
	for _, uri := range gone {
		if p, err := uriToPath(uri); err == nil && w.s.docs.openPath(p) {
			continue
		}
		w.s.diag.publish(uri, nil, nil)
	}
	w.s.log.Debug("workspace scanned", zap.Int("files", files), zap.Duration("took", time.Since(start)))
}

// publishFile analyzes one file on disk (unless it is open, or unchanged
// since its last publish) and publishes its diagnostics. It returns the
// file's URI when the file is tracked.
func (w *workspace) publishFile(ctx context.Context, fo *folder, rel string, role analyzer.Role, extra []analyzer.Diagnostic, cfg analyzer.Config, gen int) string {
	abs := filepath.Join(fo.Root, filepath.FromSlash(rel))
	uri := fileURI(abs)
	if w.s.docs.openPath(abs) {
		return uri // the open document publishes its own
	}
	info, statErr := fs.Stat(fo.FS, rel)
	stamp := fileStamp{gen: gen}
	if statErr == nil {
		stamp.size, stamp.mod = info.Size(), info.ModTime()
	}
	w.mu.Lock()
	old, had := w.stamps[uri]
	w.mu.Unlock()
	if had && old == stamp && statErr == nil {
		return uri
	}

	var text []byte
	maxSize := cfg.MaxFileSize
	if maxSize <= 0 {
		maxSize = analyzer.DefaultMaxFileSize
	}
	diags := append([]analyzer.Diagnostic(nil), extra...)
	if role != analyzer.RoleNone && statErr == nil && info.Size() <= maxSize {
		b, err := fs.ReadFile(fo.FS, rel)
		if err == nil {
			text = b
			res := w.s.analyze(analyzer.FileInput{Path: rel, Text: b, Role: role, FS: w.s.overlay(fo)}, cfg)
			if res != nil {
				for _, d := range res.Diagnostics {
					if d.Severity != analyzer.SeverityOff && (d.Path == "" || d.Path == rel) {
						diags = append(diags, d)
					}
				}
			}
		} else {
			w.s.log.Warn("reading a workspace file", zap.String("path", abs), zap.Error(err))
		}
	} else if statErr == nil && info.Size() <= maxSize {
		text, _ = fs.ReadFile(fo.FS, rel)
	}
	if len(diags) == 0 && !had {
		return "" // nothing to show, nothing to clear
	}
	w.mu.Lock()
	w.stamps[uri] = stamp
	w.mu.Unlock()
	w.s.diag.publish(uri, nil, w.s.toProtocol(textpos.New(text), diags, uri))
	return uri
}

// refreshPath re-publishes a file from disk after its document closed. It
// reports whether the file belongs to a folder (and was handled).
func (w *workspace) refreshPath(abs, docURI string) bool {
	w.s.mu.Lock()
	folders := w.s.folders
	w.s.mu.Unlock()
	fo, rel := locate(folders, abs)
	if fo == nil {
		return false
	}
	cfg := w.s.config(fo)
	role := w.s.classify(fo, rel, cfg)
	if role == analyzer.RoleNone {
		return false
	}
	w.mu.Lock()
	gen := w.gen
	delete(w.stamps, fileURI(abs))
	w.mu.Unlock()
	w.s.goBackground(func() {
		w.s.guard(w.s.ctx, "refresh closed file", nil, func() {
			if w.publishFile(w.s.ctx, fo, rel, role, nil, cfg, gen) == "" {
				w.s.diag.publish(docURI, nil, nil)
			}
		})
	})
	return true
}

// DidChangeWatchedFiles re-scans (coalesced) after files change on disk.
func (s *Server) DidChangeWatchedFiles(ctx context.Context, p *protocol.DidChangeWatchedFilesParams) error {
	for _, c := range p.Changes {
		if strings.HasSuffix(string(c.URI), "/.velo-lsp.json") {
			s.forgetProjectConfigs()
		}
		if strings.HasSuffix(string(c.URI), "/.gitignore") {
			s.ws.invalidate()
		}
	}
	s.ws.requestRescan()
	return nil
}

// DidChangeWorkspaceFolders updates the folders and re-scans.
func (s *Server) DidChangeWorkspaceFolders(ctx context.Context, p *protocol.DidChangeWorkspaceFoldersParams) error {
	s.mu.Lock()
	removed := map[string]bool{}
	for _, f := range p.Event.Removed {
		removed[f.URI] = true
	}
	var next []folder
	for _, f := range s.folders {
		if !removed[f.URI] {
			next = append(next, f)
		} else {
			// A scan still reading it gets errors, and its results are
			// dropped with the folder.
			f.FS.Close()
		}
	}
	for _, f := range p.Event.Added {
		fo, err := newFolder(f.URI)
		if err != nil {
			s.log.Warn("workspace folder not usable", zap.String("uri", f.URI), zap.Error(err))
			continue
		}
		next = append(next, fo)
	}
	s.folders = next
	s.mu.Unlock()
	s.ws.requestRescan()
	return nil
}

// overlay returns the folder's file system with the unsaved text of open
// documents laid over it, for cross-file rules.
func (s *Server) overlay(fo *folder) fs.FS {
	files := map[string][]byte{}
	for _, d := range s.docs.all() {
		if d.path == "" {
			continue
		}
		if rel, ok := fo.rel(d.path); ok {
			files[rel] = d.text
		}
	}
	if len(files) == 0 {
		return fo.FS
	}
	return overlayFS{base: fo.FS, files: files}
}

type overlayFS struct {
	base  fs.FS
	files map[string][]byte
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if b, ok := o.files[name]; ok {
		return &memFile{name: name, r: bytes.NewReader(b), size: int64(len(b))}, nil
	}
	return o.base.Open(name)
}

func (o overlayFS) ReadFile(name string) ([]byte, error) {
	if b, ok := o.files[name]; ok {
		return append([]byte(nil), b...), nil
	}
	return fs.ReadFile(o.base, name)
}

func (o overlayFS) Stat(name string) (fs.FileInfo, error) {
	if b, ok := o.files[name]; ok {
		return memInfo{name: filepath.Base(name), size: int64(len(b))}, nil
	}
	return fs.Stat(o.base, name)
}

// Lstat and ReadLink pass through to the folder (fs.ReadLinkFS), so that
// discovery resolves links in the server as in check.
func (o overlayFS) Lstat(name string) (fs.FileInfo, error) {
	if b, ok := o.files[name]; ok {
		return memInfo{name: filepath.Base(name), size: int64(len(b))}, nil
	}
	if l, ok := o.base.(fs.ReadLinkFS); ok {
		return l.Lstat(name)
	}
	return fs.Stat(o.base, name)
}

func (o overlayFS) ReadLink(name string) (string, error) {
	if l, ok := o.base.(fs.ReadLinkFS); ok {
		return l.ReadLink(name)
	}
	return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
}

type memFile struct {
	name string
	r    *bytes.Reader
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) {
	return memInfo{name: filepath.Base(f.name), size: f.size}, nil
}
func (f *memFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *memFile) Close() error               { return nil }

var _ io.Reader = (*memFile)(nil)

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() interface{}   { return nil }

// uriPathPart returns the path of a URI that names no file (untitled:…),
// without a leading slash, for classification.
func uriPathPart(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	s := p.Path
	if s == "" {
		s = p.Opaque
	}
	return strings.TrimPrefix(s, "/")
}
