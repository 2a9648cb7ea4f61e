package release

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignals runs the launcher as an editor does (node_modules/.bin/velo-lsp
// serve, stdin held open) and stops it: a signal sent to the launcher must
// reach the native server, which exits, and the launcher ends as the server
// did; a server killed by a signal makes the launcher die of that signal.
// No server may be left running.
func TestSignals(t *testing.T) {
	needTools(t)
	if runtime.GOOS != "linux" {
		t.Skip("finds the server process through /proc (Linux)")
	}
	var in install
	for _, i := range installed(t) {
		if i.native {
			in = i
		}
	}
	if in.dir == "" {
		t.Skip("no native package for this machine")
	}
	binary := filepath.Join(in.dir, "node_modules", "@velo-lsp", hostPlatform(), "bin", "velo-lsp")

	cases := []struct {
		name       string
		signal     syscall.Signal
		toChild    bool
		wantCode   int            // the launcher's exit code, when it exits
		wantSignal syscall.Signal // the signal it dies of, when it does
	}{
		// serve stops on SIGTERM and SIGINT with status 1 (no shutdown was asked).
		{"SIGTERM to the launcher", syscall.SIGTERM, false, 1, 0},
		{"SIGINT to the launcher", syscall.SIGINT, false, 1, 0},
		// Go's default for SIGHUP kills the server, and the launcher re-raises it.
		{"SIGHUP to the launcher", syscall.SIGHUP, false, -1, syscall.SIGHUP},
		{"SIGKILL to the server", syscall.SIGKILL, true, -1, syscall.SIGKILL},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command("node", filepath.Join(in.dir, "node_modules", ".bin", "velo-lsp"), "serve")
			cmd.Dir = in.dir
			cmd.Env = offlineEnv(in.dir)
			// The server's stdin stays open until the end of the case, as an
			// editor's would: a server that no signal reached keeps running
			// (cmd.StdinPipe would be closed by Wait when the launcher exits,
			// and the end of input alone would stop the server).
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			cmd.Stdin = r
			// Stdout is an *os.File too, so that Wait does not also wait for
			// a stray server holding a pipe that os/exec would copy from.
			outR, outW, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer outR.Close()
			cmd.Stdout = outW
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			r.Close()
			outW.Close()
			done := make(chan struct{})
			go func() { _ = cmd.Wait(); close(done) }()
			child := waitForChild(t, cmd.Process.Pid, binary)
			if child == 0 {
				_ = cmd.Process.Kill()
				<-done
				t.Fatalf("the launcher (pid %d) started no %s within 20 s", cmd.Process.Pid, binary)
			}
			// A server still starting has not asked for SIGINT and SIGTERM
			// yet and dies of them (the launcher then dies of them too, which
			// is right, but not the case tested here): signal it once it has
			// answered initialize.
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			lsp := newClient(w, outR)
			lsp.send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}})
			if _, err := lsp.await(ctx, func(m message) bool { return string(m.ID) == "1" }); err != nil {
				_ = cmd.Process.Kill()
				_ = syscall.Kill(child, syscall.SIGKILL)
				<-done
				t.Fatalf("no reply to initialize: %v", err)
			}
			target := cmd.Process.Pid
			if c.toChild {
				target = child
			}
			if err := syscall.Kill(target, c.signal); err != nil {
				t.Fatal(err)
			}
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				_ = cmd.Process.Kill()
				_ = syscall.Kill(child, syscall.SIGKILL)
				<-done
				t.Fatalf("the launcher did not end within 20 s of %v", c.signal)
			}
			code, sig := exitedBy(cmd.ProcessState)
			if code != c.wantCode || sig != c.wantSignal {
				t.Errorf("the launcher ended with code %d signal %v, want code %d signal %v", code, sig, c.wantCode, c.wantSignal)
			}
			// The launcher reaps its child before it exits, so the pid is
			// gone; a process still there is a stray server.
			deadline := time.Now().Add(2 * time.Second)
			for alive(child) && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if alive(child) {
				_ = syscall.Kill(child, syscall.SIGKILL)
				t.Errorf("the server (pid %d) was still running after the launcher ended (killed now)", child)
			}
		})
	}
}

// waitForChild returns the pid of parent's child process running exe,
// once it runs it (after exec), or 0 after 20 s.
func waitForChild(t *testing.T, parent int, exe string) int {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		ents, err := os.ReadDir("/proc")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			pid, err := strconv.Atoi(e.Name())
			if err != nil {
				continue
			}
			stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
			if err != nil {
				continue
			}
			// pid (comm) state ppid ...: comm may hold spaces, so split after ')'.
			s := string(stat)
			f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
			if len(f) < 2 || f[1] != strconv.Itoa(parent) {
				continue
			}
			if link, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && link == exe {
				return pid
			}
		}
	}
	return 0
}

// alive reports whether pid is a running process (a zombie is not).
func alive(pid int) bool {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	s := string(stat)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z"
}
