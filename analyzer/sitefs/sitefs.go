// Package sitefs is velo-lsp's one guarded opener. Every read of a site's
// files — discovery, `export *` chains followed by esbuild, a file named on
// the command line, configuration, the language server's workspace scan —
// and every write of `check --fix` goes through an FS of this package, so
// that three promises hold wherever the access starts:
//
//   - nothing outside the root is read or written: paths are resolved with
//     os.Root, which follows a symbolic link only while it stays inside the
//     root (an absolute link, or one that climbs out, is refused), and
//     checks each component as it opens it, not before (a file swapped for
//     a link between a scan and a read is refused, not followed). On Linux
//     (amd64, arm64) reads and listings make the kernel do the same in one
//     openat2 call with RESOLVE_BENEATH (beneath_linux.go), instead of one
//     openat per folder on the way;
//   - only regular files are read: a file is opened without blocking
//     (O_NONBLOCK where the platform has it) and checked with fstat on the
//     open descriptor, so a named pipe, a socket or a device is refused
//     instead of hanging or streaming forever;
//   - no read exceeds the size cap: the size is checked after opening, and
//     the read itself stops one byte past the cap, so a file that grows
//     while it is read is refused too.
//
// Errors wrap ErrOutsideRoot, ErrNotRegular or ErrTooLarge (errors.Is), and
// never contain bytes of a file's content or of a link's target.
package sitefs

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

var (
	// ErrOutsideRoot: the path, or a symbolic link on it, leads outside
	// the root.
	ErrOutsideRoot = errors.New("outside the checked folder")
	// ErrNotRegular: the path is a named pipe, socket, device or folder
	// where a file was expected.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: the file is larger than the size cap.
	ErrTooLarge = errors.New("over the size cap")
	// ErrChanged: a file to be replaced changed since it was read.
	ErrChanged = errors.New("changed since it was read")
)

// DefaultMaxSize is the cap applied when none is given (bytes).
const DefaultMaxSize = 1 << 20

// FS is a guarded view of one folder. It implements fs.FS, fs.ReadFileFS,
// fs.ReadDirFS, fs.StatFS and fs.ReadLinkFS; paths are slash-separated and
// relative to the root, as io/fs wants. Safe for concurrent use.
type FS struct {
	root    *os.Root
	fast    *beneath // the platform's one-call opener, where it has one (reads and listings)
	dir     string   // the root as given, for messages and OS paths
	maxSize int64
}

// forceRoot makes every open go through os.Root (tests compare the paths).
var forceRoot = false

// Open opens the folder dir as a guarded FS with the given size cap in bytes
// (<= 0: DefaultMaxSize). Close releases it.
func Open(dir string, maxSize int64) (*FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	return &FS{root: r, fast: newBeneath(r), dir: dir, maxSize: maxSize}, nil
}

// Close releases the root.
func (f *FS) Close() error {
	f.fast.close()
	return f.root.Close()
}

// Dir is the root folder as given to Open.
func (f *FS) Dir() string { return f.dir }

// MaxSize is the size cap in bytes.
func (f *FS) MaxSize() int64 { return f.maxSize }

// WithMaxSize returns a view of the same root with another size cap (<= 0:
// DefaultMaxSize). It shares the root: close only the original.
func (f *FS) WithMaxSize(n int64) *FS {
	if n <= 0 {
		n = DefaultMaxSize
	}
	g := *f
	g.maxSize = n
	return &g
}

// OSPath is the operating-system path of a root-relative slash path.
func (f *FS) OSPath(name string) string {
	return filepath.Join(f.dir, filepath.FromSlash(name))
}

// clean validates an io/fs path and returns the name os.Root wants.
func clean(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return filepath.FromSlash(name), nil
}

// wrap turns os.Root's errors into this package's: an escape becomes
// ErrOutsideRoot, and the path is the root-relative one (an absolute path
// or a link target never reaches a message).
func wrap(op, name string, err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	inner := err
	if errors.As(err, &pe) {
		inner = pe.Err
	}
	if isEscape(inner) {
		inner = ErrOutsideRoot
	}
	return &fs.PathError{Op: op, Path: name, Err: inner}
}

// isEscape recognises os.Root's refusals of a path that leaves the root.
func isEscape(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "escapes from parent") || strings.Contains(s, "path escapes")
}

// openRegular opens name for reading if it is a regular file within the
// cap; the caller closes it.
func (f *FS) openRegular(op, name string) (*os.File, fs.FileInfo, error) {
	n, err := clean(op, name)
	if err != nil {
		return nil, nil, err
	}
	file, err := f.root.OpenFile(n, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, nil, wrap(op, name, err)
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, nil, wrap(op, name, err)
	}
	if err := checkRegular(op, name, info, f.maxSize); err != nil {
		file.Close()
		return nil, nil, err
	}
	return file, info, nil
}

// checkRegular refuses what is not a regular file of at most max bytes.
func checkRegular(op, name string, info fs.FileInfo, max int64) error {
	if !info.Mode().IsRegular() {
		return &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("%w (%s)", ErrNotRegular, kind(info.Mode()))}
	}
	if info.Size() > max {
		return &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("%w: %d bytes, the cap is %d", ErrTooLarge, info.Size(), max)}
	}
	return nil
}

// grew is the refusal of a file that grew past the cap while it was read.
func grew(op, name string, max int64) error {
	return &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("%w: it grew past %d bytes while read", ErrTooLarge, max)}
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m.IsDir():
		return "a folder"
	}
	return "not a file"
}

// ReadFile reads a regular file of at most the cap. It implements
// fs.ReadFileFS.
func (f *FS) ReadFile(name string) ([]byte, error) {
	b, _, err := f.readFile("read", name)
	return b, err
}

// Snapshot is what ReadWithSnapshot saw of a file: enough to tell, before a
// replacement, whether the file changed since.
type Snapshot struct {
	Size    int64
	ModTime time.Time
	Mode    fs.FileMode
	Hash    [sha256.Size]byte
}

// ReadWithSnapshot reads a file as ReadFile does and records its size,
// modification time, mode and content hash for ReplaceFile.
func (f *FS) ReadWithSnapshot(name string) ([]byte, Snapshot, error) {
	b, info, err := f.readFile("read", name)
	if err != nil {
		return nil, Snapshot{}, err
	}
	return b, Snapshot{Size: info.Size(), ModTime: info.ModTime(), Mode: info.Mode(), Hash: sha256.Sum256(b)}, nil
}

func (f *FS) readFile(op, name string) ([]byte, fs.FileInfo, error) {
	n, err := clean(op, name)
	if err != nil {
		return nil, nil, err
	}
	if b, info, ok, err := f.fast.readRegular(op, name, n, f.maxSize); ok {
		return b, info, err
	}
	file, info, err := f.openRegular(op, name)
	if err != nil {
		return nil, nil, err
	}
	defer file.Close()
	// Read at most one byte past the cap: a file that grew after the fstat
	// is refused rather than read to its end.
	b, err := io.ReadAll(io.LimitReader(file, f.maxSize+1))
	if err != nil {
		return nil, nil, wrap(op, name, err)
	}
	if int64(len(b)) > f.maxSize {
		return nil, nil, grew(op, name, f.maxSize)
	}
	return b, info, nil
}

// Open implements fs.FS: folders are opened for listing, regular files for
// reading (capped); anything else is refused.
func (f *FS) Open(name string) (fs.File, error) {
	n, err := clean("open", name)
	if err != nil {
		return nil, err
	}
	info, err := f.root.Stat(n)
	if err != nil {
		return nil, wrap("open", name, err)
	}
	if info.IsDir() {
		d, err := f.root.Open(n)
		if err != nil {
			return nil, wrap("open", name, err)
		}
		return d, nil
	}
	file, _, err := f.openRegular("open", name)
	if err != nil {
		return nil, err
	}
	return &cappedFile{File: file, left: f.maxSize + 1, name: name, max: f.maxSize}, nil
}

// cappedFile stops reading one byte past the cap.
type cappedFile struct {
	*os.File
	left int64
	name string
	max  int64
}

func (c *cappedFile) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, &fs.PathError{Op: "read", Path: c.name, Err: fmt.Errorf("%w: %d bytes", ErrTooLarge, c.max)}
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.File.Read(p)
	c.left -= int64(n)
	if c.left <= 0 && err == nil {
		return n, &fs.PathError{Op: "read", Path: c.name, Err: fmt.Errorf("%w: %d bytes", ErrTooLarge, c.max)}
	}
	return n, err
}

// ReadDir implements fs.ReadDirFS, sorted by name.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	n, err := clean("readdir", name)
	if err != nil {
		return nil, err
	}
	if ents, ok, err := f.fast.readDir("readdir", name, n); ok {
		if err != nil {
			return nil, err
		}
		sortEntries(ents)
		return ents, nil
	}
	// Without blocking: opening a named pipe would wait for a writer
	// (listing it then fails as for any file that is not a folder).
	d, err := f.root.OpenFile(n, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, wrap("readdir", name, err)
	}
	defer d.Close()
	ents, err := d.ReadDir(-1)
	if err != nil {
		return nil, wrap("readdir", name, err)
	}
	sortEntries(ents)
	return ents, nil
}

// Stat implements fs.StatFS (links followed inside the root).
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	n, err := clean("stat", name)
	if err != nil {
		return nil, err
	}
	info, err := f.root.Stat(n)
	return info, wrap("stat", name, err)
}

// Lstat implements fs.ReadLinkFS.
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	n, err := clean("lstat", name)
	if err != nil {
		return nil, err
	}
	info, err := f.root.Lstat(n)
	return info, wrap("lstat", name, err)
}

// ReadLink implements fs.ReadLinkFS. The target is returned to the caller
// (discovery decides with it whether the link stays inside), never put in an
// error.
func (f *FS) ReadLink(name string) (string, error) {
	n, err := clean("readlink", name)
	if err != nil {
		return "", err
	}
	t, err := f.root.Readlink(n)
	return t, wrap("readlink", name, err)
}

// ReplaceFile writes data in place of the file at name, atomically: it is
// written to a new file in the same folder, with the original's permissions,
// synced, checked once more against snap (size, modification time and
// content hash: a save made since the file was read is not overwritten),
// and renamed over the original. On any failure the original is untouched
// and the temporary file removed.
func (f *FS) ReplaceFile(name string, data []byte, snap Snapshot) error {
	n, err := clean("replace", name)
	if err != nil {
		return err
	}
	if info, err := f.root.Lstat(n); err != nil {
		return wrap("replace", name, err)
	} else if !info.Mode().IsRegular() {
		// Replacing a link would turn it into a file: write nowhere.
		return &fs.PathError{Op: "replace", Path: name, Err: fmt.Errorf("%w (a symbolic link or special file)", ErrNotRegular)}
	}
	dir, base := path.Split(name)
	var tmpName string
	var tmp *os.File
	for i := 0; ; i++ {
		tmpName = path.Join(dir, fmt.Sprintf(".%s.velo-lsp-%d-%d.tmp", base, os.Getpid(), i))
		tmp, err = f.root.OpenFile(filepath.FromSlash(tmpName), os.O_WRONLY|os.O_CREATE|os.O_EXCL, snap.Mode.Perm())
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || i > 100 {
			return wrap("replace", name, err)
		}
	}
	fail := func(err error) error {
		tmp.Close()
		f.root.Remove(filepath.FromSlash(tmpName))
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(wrap("replace", name, err))
	}
	// The umask may have narrowed the mode given to OpenFile.
	if err := tmp.Chmod(snap.Mode.Perm()); err != nil {
		return fail(wrap("replace", name, err))
	}
	if err := tmp.Sync(); err != nil {
		return fail(wrap("replace", name, err))
	}
	if err := tmp.Close(); err != nil {
		return fail(wrap("replace", name, err))
	}
	if err := f.unchanged(name, snap); err != nil {
		f.root.Remove(filepath.FromSlash(tmpName))
		return err
	}
	if err := f.root.Rename(filepath.FromSlash(tmpName), n); err != nil {
		f.root.Remove(filepath.FromSlash(tmpName))
		return wrap("replace", name, err)
	}
	return nil
}

// unchanged checks that the file still is what snap recorded.
func (f *FS) unchanged(name string, snap Snapshot) error {
	cur, info, err := f.readFile("replace", name)
	if err != nil {
		return err
	}
	if info.Size() != snap.Size || !info.ModTime().Equal(snap.ModTime) || sha256.Sum256(cur) != snap.Hash {
		return &fs.PathError{Op: "replace", Path: name, Err: ErrChanged}
	}
	return nil
}

// ReadRegularFile reads a file the user named outside any root (an explicit
// --config): a regular file within maxSize, opened without blocking. The
// path is the user's own; links are followed as the user's shell would.
func ReadRegularFile(p string, maxSize int64) ([]byte, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	file, err := os.OpenFile(p, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: p, Err: fmt.Errorf("%w (%s)", ErrNotRegular, kind(info.Mode()))}
	}
	if info.Size() > maxSize {
		return nil, &fs.PathError{Op: "read", Path: p, Err: fmt.Errorf("%w: %d bytes, the cap is %d", ErrTooLarge, info.Size(), maxSize)}
	}
	b, err := io.ReadAll(io.LimitReader(file, maxSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > maxSize {
		return nil, &fs.PathError{Op: "read", Path: p, Err: ErrTooLarge}
	}
	return bytes.Clone(b), nil
}

func sortEntries(ents []fs.DirEntry) {
	sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
}
