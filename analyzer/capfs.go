package analyzer

import (
	"fmt"
	"io"
	"io/fs"
)

// capFS applies the configured size cap (Config.MaxFileSize) to every read
// a rule makes through FileInput.FS — the files an `export *` chain
// reaches, the events file a backend module is forwarded from — as the
// analyzed file itself is capped: a 20 MB file behind `export *` is an
// error of that chain, not 20 MB read and parsed. The caller's file system
// (sitefs on disk) already refuses what is not a regular file or lies
// outside the root.
type capFS struct {
	fsys fs.FS
	max  int64
}

func (c capFS) Open(name string) (fs.File, error) {
	f, err := c.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err == nil && !info.IsDir() && info.Size() > c.max {
		f.Close()
		return nil, c.tooLarge(name, info.Size())
	}
	return f, nil
}

func (c capFS) ReadFile(name string) ([]byte, error) {
	f, err := c.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, c.max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > c.max {
		return nil, c.tooLarge(name, int64(len(b)))
	}
	return b, nil
}

func (c capFS) tooLarge(name string, size int64) error {
	return &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("%d bytes, over the %d-byte cap (maxFileSize)", size, c.max)}
}

func (c capFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.fsys, name) }

func (c capFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.fsys, name) }

func (c capFS) Lstat(name string) (fs.FileInfo, error) {
	if l, ok := c.fsys.(fs.ReadLinkFS); ok {
		return l.Lstat(name)
	}
	return fs.Stat(c.fsys, name)
}

func (c capFS) ReadLink(name string) (string, error) {
	if l, ok := c.fsys.(fs.ReadLinkFS); ok {
		return l.ReadLink(name)
	}
	return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
}
