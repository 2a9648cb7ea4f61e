package lsp

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
)

// The workspace: on start every folder is judged by the analyzer's one
// orchestration (Engine.AnalyzeRepo over the folder's guarded opener,
// sitefs, with the unsaved text of open documents laid over it) and the
// findings of every events file, package copies and look-alikes included,
// are published even when the file is not open. Changes on disk are
// followed through workspace/didChangeWatchedFiles, registered dynamically
// when the client supports it; otherwise the workspace is judged again
// after each save. A run reuses every result whose file and whose reads are
// unchanged (fingerprints: a document's arrival order, a file's size and
// modification time), so a change re-judges exactly the results it can
// affect, and clears the diagnostics of files that are gone.

type workspace struct {
	s *Server

	mu        sync.Mutex
	watching  bool
	results   map[string]map[string]*analyzer.FileResult // folder root → path → last result from disk
	published map[string]bool                            // URIs whose published diagnostics came from a scan and were not empty
	read      map[string]map[string]bool                 // folder root → paths some result of the folder read
	gen       int                                        // settings generation: results of an older one are not reused
	resGen    int                                        // the generation results were made in
	rescanReq chan struct{}
	stopped   bool
	started   bool
	scans     int // completed scans (tests wait on it)
	scanCond  *sync.Cond
}

func newWorkspace(s *Server) *workspace {
	w := &workspace{s: s, results: map[string]map[string]*analyzer.FileResult{}, published: map[string]bool{},
		read: map[string]map[string]bool{}, rescanReq: make(chan struct{}, 1)}
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

// scan judges every folder (AnalyzeRepo) and publishes what changed.
func (w *workspace) scan(ctx context.Context) {
	w.mu.Lock()
	if w.stopped {
		w.mu.Unlock()
		return
	}
	if w.resGen != w.gen {
		w.results = map[string]map[string]*analyzer.FileResult{} // settings changed: judge everything again
		w.resGen = w.gen
	}
	w.mu.Unlock()
	w.s.mu.Lock()
	folders := append([]folder(nil), w.s.folders...)
	w.s.mu.Unlock()

	seen := map[string]bool{}
	start := time.Now()
	judged, reused := 0, 0
	for i := range folders {
		fo := &folders[i]
		cfg := w.s.config(fo)
		w.mu.Lock()
		prev := w.results[fo.Root]
		w.mu.Unlock()
		next := map[string]*analyzer.FileResult{}
		read := map[string]bool{}
		_, err := w.s.eng.AnalyzeRepo(ctx, w.s.overlay(fo), cfg, analyzer.RepoOptions{
			Skip:        func(rel string) bool { return w.s.docs.openPath(fo.abs(rel)) }, // an open document publishes its own
			Fingerprint: w.s.fingerprinter(fo),
			Previous:    prev,
			OnFile: func(fr *analyzer.FileResult, wasReused bool) {
				next[fr.Path] = fr
				for _, r := range fr.Reads {
					read[r] = true
				}
				uri := fileURI(fo.abs(fr.Path))
				seen[uri] = true
				if wasReused {
					reused++
					return
				}
				judged++
				w.publishResult(uri, fr)
			},
		})
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			w.s.log.Warn("workspace scan", zap.String("folder", fo.Root), zap.Error(err))
			continue
		}
		w.mu.Lock()
		w.results[fo.Root] = next
		w.read[fo.Root] = read
		w.mu.Unlock()
	}
	// Files whose diagnostics a scan published and that are gone (or no
	// longer judged).
	w.mu.Lock()
	var gone []string
	for uri := range w.published {
		if !seen[uri] {
			gone = append(gone, uri)
			delete(w.published, uri)
		}
	}
	w.mu.Unlock()
	for _, uri := range gone {
		if p, err := uriToPath(uri); err == nil && w.s.docs.openPath(p) {
			continue
		}
		w.s.diag.publish(uri, nil, nil)
	}
	w.s.log.Debug("workspace judged", zap.Int("judged", judged), zap.Int("reused", reused), zap.Duration("took", time.Since(start)))
}

// publishResult publishes a result judged from disk: its findings, or an
// empty list for a file whose earlier findings must be cleared.
func (w *workspace) publishResult(uri string, fr *analyzer.FileResult) {
	var diags []analyzer.Diagnostic
	for _, d := range fr.Diagnostics {
		if d.Path == "" || d.Path == fr.Path {
			diags = append(diags, d)
		}
	}
	w.mu.Lock()
	had := w.published[uri]
	if len(diags) > 0 {
		w.published[uri] = true
	} else {
		delete(w.published, uri)
	}
	w.mu.Unlock()
	if len(diags) == 0 && !had {
		return // nothing to show, nothing to clear
	}
	w.s.diag.publish(uri, nil, w.s.toProtocol(textpos.New(fr.Text), diags, uri))
}

// readByScan reports whether a result the last scan of the folder kept
// read the path (slash, relative to the folder).
func (w *workspace) readByScan(root, rel string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.read[root][rel]
}

// refreshPath judges the workspace again after a document of one of its
// folders closed: the file's diagnostics now come from disk. It reports
// whether the file belongs to a folder (and is judged there).
func (w *workspace) refreshPath(abs string) bool {
	w.s.mu.Lock()
	folders := w.s.folders
	w.s.mu.Unlock()
	fo, rel := locate(folders, abs)
	if fo == nil {
		return false
	}
	cfg := w.s.config(fo)
	if w.s.classify(fo, rel, cfg) == analyzer.RoleNone {
		return false
	}
	// The document's own diagnostics are on the screen: the scan replaces
	// them with the disk's, empty ones included.
	w.mu.Lock()
	w.published[fileURI(abs)] = true
	w.mu.Unlock()
	w.requestRescan()
	return true
}

// DidChangeWatchedFiles re-scans (coalesced) after files change on disk.
func (s *Server) DidChangeWatchedFiles(ctx context.Context, p *protocol.DidChangeWatchedFilesParams) error {
	for _, c := range p.Changes {
		if path, err := uriToPath(string(c.URI)); err == nil && !s.docs.openPath(path) {
			s.textChanged(path)
		}
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
	s.cfgGen.Add(1) // a folder added again reads its configuration afresh
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
