package vscode

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// codeServerVersion is the code-server that scripts/install-code-server.sh
// installs: VS Code 1.100.3, the last release whose engines.node allows Node 20.
const codeServerVersion = "4.100.3"

// codeServerDir is where scripts/install-code-server.sh puts code-server
// (the same default as the script and e2e/vscode.e2e.ts).
func codeServerDir() string {
	if d := os.Getenv("VELO_CODE_SERVER_DIR"); d != "" {
		return d
	}
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache")
	}
	return filepath.Join(cache, "velo-lsp", "code-server-"+codeServerVersion)
}

// need skips the test with the reason, or fails it under CI=true, where
// .ci/run installs everything the end-to-end test needs.
func need(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " (CI=true: .ci/run should have installed it)")
	}
	t.Skip(msg)
}

// TestVSCodeE2E runs the extension in a real VS Code: the packaged .vsix
// installed into code-server, driven from Debian's chromium with
// puppeteer-core (e2e/vscode.e2e.ts, through scripts/run-e2e.mjs). It checks
// what a user sees: the squiggle and the Problems panel row for a misspelled
// handler, the hover, the completion list, the rename quick fix and a
// workspace setting taking effect. Every process the run starts carries a
// marker in its environment; any still running afterwards is a failure.
func TestVSCodeE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("the VS Code end-to-end test takes a minute or more; skipped with -short")
	}
	needNodeModules(t)
	if _, err := os.Stat(filepath.Join("node_modules", "puppeteer-core")); err != nil {
		need(t, "editors/vscode/node_modules/puppeteer-core is missing; run: (cd editors/vscode && npm ci)")
	}
	dir := codeServerDir()
	if _, err := os.Stat(filepath.Join(dir, ".velo-installed")); err != nil {
		need(t, "code-server %s is not installed in %s; run: editors/vscode/scripts/install-code-server.sh", codeServerVersion, dir)
	}
	chromium := os.Getenv("VELO_E2E_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		need(t, "%s is not installed; run: editors/vscode/scripts/install-code-server.sh (apt-get install chromium)", chromium)
	}

	// Leave time before go test's own deadline to stop everything cleanly.
	limit := 8 * time.Minute
	if dl, ok := t.Deadline(); ok && time.Until(dl)-30*time.Second < limit {
		limit = time.Until(dl) - 30*time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()

	marker := fmt.Sprintf("VELO_E2E_RUN=%d-%d", os.Getpid(), time.Now().UnixNano())
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, "node", "scripts/run-e2e.mjs")
	cmd.Env = append(os.Environ(), marker)
	cmd.Stdout = &out
	cmd.Stderr = &out
	// On timeout, SIGTERM: run-e2e.mjs then stops the test's process group.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 20 * time.Second

	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start).Round(100 * time.Millisecond)

	if strays := processesWith(marker); len(strays) > 0 {
		for _, p := range strays {
			_ = syscall.Kill(p.pid, syscall.SIGKILL)
		}
		t.Errorf("%d processes of the run were still running after it (killed now):\n%s", len(strays), formatProcs(strays))
	}
	if ctx.Err() != nil {
		t.Fatalf("the VS Code end-to-end test did not finish within %v:\n%s", limit, out.String())
	}
	if err != nil {
		t.Fatalf("the VS Code end-to-end test failed after %v: %v\n%s", elapsed, err, out.String())
	}
	t.Logf("the VS Code end-to-end test passed in %v:\n%s", elapsed, out.String())
}

type proc struct {
	pid int
	cmd string
}

// processesWith lists the processes whose environment holds the entry
// (Linux /proc; processes of other users are not readable and not ours).
func processesWith(entry string) []proc {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []proc
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil || !bytes.Contains(append(append([]byte{0}, env...), 0), []byte("\x00"+entry+"\x00")) {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		out = append(out, proc{pid, strings.TrimSpace(strings.ReplaceAll(string(cmdline), "\x00", " "))})
	}
	return out
}

func formatProcs(ps []proc) string {
	var b strings.Builder
	for _, p := range ps {
		c := p.cmd
		if len(c) > 200 {
			c = c[:200] + "…"
		}
		fmt.Fprintf(&b, "  %d %s\n", p.pid, c)
	}
	return b.String()
}

// TestProcessesWith: the stray-process check finds a process by the entry in
// its environment, and only by the whole entry.
func TestProcessesWith(t *testing.T) {
	entry := fmt.Sprintf("VELO_E2E_RUN=probe-%d", time.Now().UnixNano())
	cmd := exec.Command("sleep", "30")
	cmd.Env = append(os.Environ(), entry)
	if err := cmd.Start(); err != nil {
		t.Skip("cannot start sleep:", err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	// Between fork and exec the child still shows the parent's environment,
	// so wait (up to 5 s) for the exec before judging.
	var got []proc
	for deadline := time.Now().Add(5 * time.Second); ; {
		if got = processesWith(entry); len(got) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(got) != 1 || got[0].pid != cmd.Process.Pid {
		t.Errorf("processesWith(%q) = %v, want just pid %d", entry, got, cmd.Process.Pid)
	}
	if got := processesWith(entry[:len(entry)-1]); len(got) != 0 {
		t.Errorf("a prefix of the entry matched %v", got)
	}
}
