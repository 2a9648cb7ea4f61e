//go:build linux && (amd64 || arm64)

package sitefs

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer/sitefs/sitefstest"
)

// TestBeneathAgreesWithRoot: the one-call opener (openat2) reads and lists
// exactly what os.Root does, and refuses the same paths with the same
// errors: links inside and out, "..", a named pipe, a folder, a file over
// the cap, a missing file, a dangling link.
func TestBeneathAgreesWithRoot(t *testing.T) {
	root, _ := site(t)
	must(t, sitefstest.MakeFIFO(filepath.Join(root, "src", "backend", "pipe.js")))
	must(t, os.WriteFile(filepath.Join(root, "big.js"), make([]byte, 3000), 0o600))
	must(t, os.WriteFile(filepath.Join(root, "src", "backend", "empty.js"), nil, 0o644))
	must(t, os.Symlink("src", filepath.Join(root, "srclink")))
	must(t, os.Symlink("nowhere.js", filepath.Join(root, "dangling.js")))
	must(t, os.Symlink("../../up/secret.js", filepath.Join(root, "src", "deep-leak.js")))
	f, err := Open(root, 2048)
	must(t, err)
	defer f.Close()

	files := []string{"src/backend/events.js", "src/backend/empty.js", "inside.js", "srclink/backend/events.js",
		"abs-leak.js", "rel-leak.js", "up/secret.js", "up/site/src/backend/events.js", "src/deep-leak.js",
		"src/backend/pipe.js", "src", "big.js", "missing.js", "src/missing/x.js", "dangling.js"}
	dirs := []string{".", "src", "src/backend", "srclink", "srclink/backend", "up", "up/site", "abs-leak.js", "missing", "inside.js", "src/backend/pipe.js", "dangling.js"}
	read := func(root bool) []string {
		forceRoot = root
		defer func() { forceRoot = false }()
		var out []string
		for _, name := range files {
			b, snap, err := f.ReadWithSnapshot(name)
			out = append(out, fmt.Sprintf("read %s: %q size=%d mode=%v mtime=%v err=%v class=%s", name, b, snap.Size, snap.Mode, snap.ModTime.UnixNano(), err, class(err)))
		}
		for _, name := range dirs {
			ents, err := f.ReadDir(name)
			s := fmt.Sprintf("readdir %s: err=%v class=%s", name, err, class(err))
			for _, e := range ents {
				info, ierr := e.Info()
				s += fmt.Sprintf(" [%s dir=%v type=%v size=%d mode=%v mtime=%d %v]", e.Name(), e.IsDir(), e.Type(), info.Size(), info.Mode(), info.ModTime().UnixNano(), ierr)
			}
			out = append(out, s)
		}
		return out
	}
	fast, slow := read(false), read(true)
	if f.fast.off.Load() {
		t.Fatal("openat2 was not used (unavailable here?): nothing compared")
	}
	for i := range fast {
		if fast[i] != slow[i] {
			t.Errorf("openat2 and os.Root differ:\n openat2: %s\n os.Root: %s", fast[i], slow[i])
		}
	}
	// What each must be (so that two equally wrong paths do not pass).
	want := map[string]error{"abs-leak.js": ErrOutsideRoot, "rel-leak.js": ErrOutsideRoot, "up/secret.js": ErrOutsideRoot,
		"src/deep-leak.js": ErrOutsideRoot, "src/backend/pipe.js": ErrNotRegular, "src": ErrNotRegular,
		"big.js": ErrTooLarge, "missing.js": fs.ErrNotExist, "dangling.js": fs.ErrNotExist,
		"up/site/src/backend/events.js": ErrOutsideRoot, "src/missing/x.js": fs.ErrNotExist}
	for _, name := range files {
		b, err := f.ReadFile(name)
		if w := want[name]; w != nil {
			if !errors.Is(err, w) {
				t.Errorf("ReadFile(%s) = %v, want %v", name, err, w)
			}
		} else if err != nil || name != "src/backend/empty.js" && !bytes.Contains(b, []byte("wixA_onB")) {
			t.Errorf("ReadFile(%s) = %q, %v", name, b, err)
		}
	}
}

func class(err error) string {
	for _, e := range []error{ErrOutsideRoot, ErrNotRegular, ErrTooLarge, fs.ErrNotExist} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	if err != nil {
		return "other"
	}
	return "none"
}

// TestBeneathAfterCloseReadsNothing: after Close the descriptor number of
// the root may belong to another folder; a read must fail, not resolve
// against it.
func TestBeneathAfterCloseReadsNothing(t *testing.T) {
	root, outside := site(t)
	f, err := Open(root, 0)
	must(t, err)
	must(t, f.Close())
	for i := 0; i < 2; i++ { // the root's two freed numbers, most likely
		other, err := os.Open(filepath.Dir(outside))
		must(t, err)
		defer other.Close()
	}
	if b, err := f.ReadFile("secret.js"); err == nil {
		t.Errorf("read after Close: %q", b)
	}
	if _, err := f.ReadDir("."); err == nil {
		t.Error("listed after Close")
	}
}
