package sitefs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/velo-lsp/velo-lsp/analyzer/sitefs/sitefstest"
)

// site makes a root with a file inside, a secret outside, and links.
func site(t *testing.T) (root, outside string) {
	t.Helper()
	base := t.TempDir()
	root = filepath.Join(base, "site")
	outside = filepath.Join(base, "secret.js")
	must(t, os.MkdirAll(filepath.Join(root, "src", "backend"), 0o755))
	must(t, os.WriteFile(filepath.Join(root, "src", "backend", "events.js"), []byte("export function wixA_onB() {}\n"), 0o640))
	must(t, os.WriteFile(outside, []byte("export function SECRET_onLeak() {}\n"), 0o644))
	must(t, os.Symlink(outside, filepath.Join(root, "abs-leak.js")))
	must(t, os.Symlink("../secret.js", filepath.Join(root, "rel-leak.js")))
	must(t, os.Symlink("src/backend/events.js", filepath.Join(root, "inside.js")))
	must(t, os.Symlink("..", filepath.Join(root, "up")))
	return root, outside
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestNothingOutsideTheRootIsRead(t *testing.T) {
	root, _ := site(t)
	f, err := Open(root, 0)
	must(t, err)
	defer f.Close()
	for _, name := range []string{"abs-leak.js", "rel-leak.js", "up/secret.js", "up/site/src/backend/events.js"} {
		b, err := f.ReadFile(name)
		if err == nil {
			t.Errorf("%s: read %q", name, b)
			continue
		}
		if strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "secret.js") && name != "up/secret.js" {
			t.Errorf("%s: the error shows what lies outside: %v", name, err)
		}
		if _, err := f.Open(name); err == nil {
			t.Errorf("%s: Open succeeded", name)
		}
	}
	if b, err := f.ReadFile("inside.js"); err != nil || !strings.Contains(string(b), "wixA_onB") {
		t.Errorf("a link inside the root: %q %v", b, err)
	}
	if _, err := f.ReadFile("../secret.js"); err == nil {
		t.Error("a path with .. was read")
	}
	if _, err := f.ReadFile("/etc/passwd"); err == nil {
		t.Error("an absolute path was read")
	}
}

func TestOnlyRegularFilesAreRead(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes in the file system")
	}
	root, _ := site(t)
	fifo := filepath.Join(root, "src", "backend", "pipe.js")
	if err := sitefstest.MakeFIFO(fifo); err != nil {
		t.Skip(err)
	}
	f, err := Open(root, 0)
	must(t, err)
	defer f.Close()
	done := make(chan error, 3)
	go func() {
		_, err := f.ReadFile("src/backend/pipe.js")
		done <- err
		_, err = f.Open("src/backend/pipe.js")
		done <- err
		_, err = f.ReadFile("src/backend")
		done <- err
	}()
	for i := 0; i < 3; i++ {
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) {
				t.Errorf("read %d: %v, want ErrNotRegular", i, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("reading a named pipe blocked")
		}
	}
	if _, err := ReadRegularFile(fifo, 0); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadRegularFile(fifo) = %v", err)
	}
}

func TestTheSizeCapHoldsForEveryRead(t *testing.T) {
	root, _ := site(t)
	big := filepath.Join(root, "big.js")
	must(t, os.WriteFile(big, make([]byte, 2048), 0o644))
	f, err := Open(root, 1024)
	must(t, err)
	defer f.Close()
	if _, err := f.ReadFile("big.js"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadFile = %v", err)
	}
	if _, err := f.Open("big.js"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Open = %v", err)
	}
	if _, err := f.WithMaxSize(4096).ReadFile("big.js"); err != nil {
		t.Errorf("a larger cap: %v", err)
	}
	// A file that grows after it was opened is cut at the cap.
	must(t, os.WriteFile(big, make([]byte, 1000), 0o644))
	file, err := f.Open("big.js")
	must(t, err)
	defer file.Close()
	must(t, os.WriteFile(big, make([]byte, 5000), 0o644))
	if _, err := io.ReadAll(file); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file that grew: %v", err)
	}
	if _, err := ReadRegularFile(big, 1024); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadRegularFile = %v", err)
	}
}

func TestReplaceFileIsAtomicAndRefusesAChangedFile(t *testing.T) {
	root, _ := site(t)
	f, err := Open(root, 0)
	must(t, err)
	defer f.Close()
	name := "src/backend/events.js"
	b, snap, err := f.ReadWithSnapshot(name)
	must(t, err)
	must(t, f.ReplaceFile(name, append(b, "// fixed\n"...), snap))
	got, err := os.ReadFile(filepath.Join(root, name))
	must(t, err)
	if !strings.HasSuffix(string(got), "// fixed\n") {
		t.Errorf("not replaced: %q", got)
	}
	if info, _ := os.Stat(filepath.Join(root, name)); info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", info.Mode().Perm())
	}
	// A save made after the read is not overwritten.
	_, snap2, err := f.ReadWithSnapshot(name)
	must(t, err)
	must(t, os.WriteFile(filepath.Join(root, name), []byte("saved by the user\n"), 0o640))
	if err := f.ReplaceFile(name, []byte("fix\n"), snap2); !errors.Is(err, ErrChanged) {
		t.Errorf("replace after a save = %v, want ErrChanged", err)
	}
	if got, _ := os.ReadFile(filepath.Join(root, name)); string(got) != "saved by the user\n" {
		t.Errorf("the user's save was lost: %q", got)
	}
	// Same size, same content hash differs: still refused.
	_, snap3, err := f.ReadWithSnapshot(name)
	must(t, err)
	must(t, os.WriteFile(filepath.Join(root, name), []byte("saved by the usER\n"), 0o640))
	must(t, os.Chtimes(filepath.Join(root, name), snap3.ModTime, snap3.ModTime))
	if err := f.ReplaceFile(name, []byte("fix\n"), snap3); !errors.Is(err, ErrChanged) {
		t.Errorf("same size and mtime, other content = %v, want ErrChanged", err)
	}
	// A link is never replaced, inside or out.
	for _, link := range []string{"inside.js", "abs-leak.js"} {
		if err := f.ReplaceFile(link, []byte("x"), snap); err == nil {
			t.Errorf("%s: a link was replaced", link)
		}
	}
	ents, _ := os.ReadDir(filepath.Join(root, "src", "backend"))
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestFSInterfaces(t *testing.T) {
	root, _ := site(t)
	f, err := Open(root, 0)
	must(t, err)
	defer f.Close()
	var _ fs.ReadFileFS = f
	var _ fs.ReadDirFS = f
	var _ fs.StatFS = f
	var _ fs.ReadLinkFS = f
	ents, err := f.ReadDir(".")
	must(t, err)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "abs-leak.js,inside.js,rel-leak.js,src,up" {
		t.Errorf("ReadDir = %v", names)
	}
	if target, err := f.ReadLink("rel-leak.js"); err != nil || target != "../secret.js" {
		t.Errorf("ReadLink = %q %v", target, err)
	}
	if info, err := f.Lstat("abs-leak.js"); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("Lstat = %v %v", info, err)
	}
	if b, err := fs.ReadFile(f, "src/backend/events.js"); err != nil || len(b) == 0 {
		t.Errorf("fs.ReadFile: %v", err)
	}
}
