//go:build linux && (amd64 || arm64)

package sitefs

import (
	"io/fs"
	"os"
	"path"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// The fast path of the opener on Linux: one openat2(2) call with
// RESOLVE_BENEATH resolves a path inside the root, where os.Root opens
// each folder on the way with its own openat (and, for each, a few fcntl
// calls): a file three folders down costs one system call instead of about
// a dozen. The kernel then enforces what os.Root does: the resolution may
// not leave the root, by "..", by an absolute link or by a link that
// climbs out (EXDEV), checked as it resolves, so a component swapped for a
// link during the walk is refused too. RESOLVE_NO_MAGICLINKS also refuses
// /proc-style links. Where openat2 is missing (Linux before 5.6: ENOSYS)
// or filtered (a seccomp profile: EPERM), the FS falls back to os.Root for
// good. TestBeneathAgreesWithRoot checks both paths on the same trees.

// sysOpenat2 is openat2's number on amd64 and arm64 (the build tag).
const sysOpenat2 = 437

const (
	resolveNoMagicLinks = 0x02
	resolveBeneath      = 0x08
)

// openHow is the kernel's struct open_how.
type openHow struct {
	flags, mode, resolve uint64
}

type beneath struct {
	dir *os.File    // the root folder, opened through the os.Root (the same folder)
	fd  uintptr     // dir's descriptor, taken once (Fd makes it blocking, which a folder is anyway)
	off atomic.Bool // openat2 is unavailable, or the FS is closed: os.Root alone
	// mu is held for reading across each openat2 and for writing by close,
	// so that no open can use fd once close has released it.
	mu sync.RWMutex
}

func newBeneath(r *os.Root) *beneath {
	b := &beneath{}
	d, err := r.Open(".")
	if err != nil {
		b.off.Store(true)
		return b
	}
	b.dir, b.fd = d, d.Fd()
	return b
}

// close turns the fast path off, after any open in flight: a use of the
// FS after Close then reaches the closed os.Root (an error), never a
// descriptor number the process has since given to another file.
func (b *beneath) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.off.Store(true)
	if b.dir != nil {
		b.dir.Close()
	}
}

// open opens name (an OS path relative to the root) with flags; ok is
// false when the fast path is off and the caller must use os.Root.
func (b *beneath) open(name string, flags int) (fd int, ok bool, err error) {
	p, err := syscall.BytePtrFromString(name)
	if err != nil {
		return -1, true, err
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.off.Load() || forceRoot {
		return -1, false, nil
	}
	how := openHow{flags: uint64(flags | syscall.O_CLOEXEC), resolve: resolveBeneath | resolveNoMagicLinks}
	for {
		r, _, e := syscall.Syscall6(sysOpenat2, b.fd, uintptr(unsafe.Pointer(p)), uintptr(unsafe.Pointer(&how)), unsafe.Sizeof(how), 0, 0)
		runtime.KeepAlive(b.dir)
		switch e {
		case 0:
			return int(r), true, nil
		case syscall.EINTR:
			continue
		case syscall.ENOSYS, syscall.EPERM:
			// EPERM: a seccomp filter (openat2 itself never says EPERM
			// for a read-only open, where os.Root would say EACCES).
			b.off.Store(true)
			return -1, false, nil
		case syscall.EXDEV:
			return -1, true, ErrOutsideRoot
		}
		return -1, true, e
	}
}

// readRegular reads n (name as an OS path relative to the root) as
// FS.readFile does, with the same errors: openat2, fstat, reads into a
// buffer of the file's size, close. ok is false when the caller must use
// os.Root.
func (b *beneath) readRegular(op, name, n string, max int64) (data []byte, info fs.FileInfo, ok bool, err error) {
	fd, ok, err := b.open(n, syscall.O_RDONLY|nonBlock|syscall.O_NOCTTY)
	if !ok || err != nil {
		return nil, nil, ok, wrap(op, name, err)
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := fstat(fd, &st); err != nil {
		return nil, nil, true, wrap(op, name, err)
	}
	si := &statInfo{name: path.Base(name), st: st}
	if err := checkRegular(op, name, si, max); err != nil {
		return nil, nil, true, err
	}
	// One byte more than the size, so that reaching the end needs no
	// growth; at most one byte past the cap is ever read.
	buf := make([]byte, 0, st.Size+1)
	for int64(len(buf)) <= max {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		room := buf[len(buf):cap(buf)]
		if left := max + 1 - int64(len(buf)); int64(len(room)) > left {
			room = room[:left]
		}
		got, err := syscall.Read(fd, room)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, nil, true, wrap(op, name, err)
		}
		if got == 0 {
			return buf, si, true, nil
		}
		buf = buf[:len(buf)+got]
	}
	return nil, nil, true, grew(op, name, max)
}

// readDir lists the folder n (name as an OS path relative to the root)
// as FS.ReadDir does: the names come from the open folder, and each
// entry's metadata from fstatat on that folder (the link itself, never
// followed), never by a path. An entry removed meanwhile is left out. ok
// as for open.
func (b *beneath) readDir(op, name, n string) (ents []fs.DirEntry, ok bool, err error) {
	fd, ok, err := b.open(n, syscall.O_RDONLY|syscall.O_DIRECTORY)
	if !ok || err != nil {
		return nil, ok, wrap(op, name, err)
	}
	d := os.NewFile(uintptr(fd), n)
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return nil, true, wrap(op, name, err)
	}
	dirfd := int(d.Fd())
	ents = make([]fs.DirEntry, 0, len(names))
	for _, e := range names {
		var st syscall.Stat_t
		for {
			err = fstatat(dirfd, e, &st, atSymlinkNoFollow)
			if err != syscall.EINTR {
				break
			}
		}
		if err == syscall.ENOENT {
			continue
		}
		if err != nil {
			return nil, true, wrap(op, name, err)
		}
		ents = append(ents, dirEntry{&statInfo{name: e, st: st}})
	}
	return ents, true, nil
}

const atSymlinkNoFollow = 0x100

// fstatat is fstatat(2).
func fstatat(dirfd int, name string, st *syscall.Stat_t, flags int) error {
	p, err := syscall.BytePtrFromString(name)
	if err != nil {
		return err
	}
	_, _, e := syscall.Syscall6(sysFstatat, uintptr(dirfd), uintptr(unsafe.Pointer(p)), uintptr(unsafe.Pointer(st)), uintptr(flags), 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

// dirEntry is fs.DirEntry from fstatat.
type dirEntry struct{ info *statInfo }

func (e dirEntry) Name() string               { return e.info.name }
func (e dirEntry) IsDir() bool                { return e.info.IsDir() }
func (e dirEntry) Type() fs.FileMode          { return e.info.Mode().Type() }
func (e dirEntry) Info() (fs.FileInfo, error) { return e.info, nil }
func (e dirEntry) String() string             { return fs.FormatDirEntry(e) }

func fstat(fd int, st *syscall.Stat_t) error {
	for {
		err := syscall.Fstat(fd, st)
		if err != syscall.EINTR {
			return err
		}
	}
}

// statInfo is fs.FileInfo from fstat, as os.File.Stat builds it.
type statInfo struct {
	name string
	st   syscall.Stat_t
}

func (s *statInfo) Name() string       { return s.name }
func (s *statInfo) Size() int64        { return s.st.Size }
func (s *statInfo) ModTime() time.Time { return time.Unix(s.st.Mtim.Unix()) }
func (s *statInfo) IsDir() bool        { return s.Mode().IsDir() }
func (s *statInfo) Sys() any           { return &s.st }
func (s *statInfo) Mode() fs.FileMode {
	m := fs.FileMode(s.st.Mode & 0o777)
	switch s.st.Mode & syscall.S_IFMT {
	case syscall.S_IFBLK:
		m |= fs.ModeDevice
	case syscall.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFDIR:
		m |= fs.ModeDir
	case syscall.S_IFIFO:
		m |= fs.ModeNamedPipe
	case syscall.S_IFLNK:
		m |= fs.ModeSymlink
	case syscall.S_IFSOCK:
		m |= fs.ModeSocket
	}
	if s.st.Mode&syscall.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if s.st.Mode&syscall.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if s.st.Mode&syscall.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}
