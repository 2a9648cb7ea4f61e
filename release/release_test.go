package release

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// tmpRoot holds every build and install of this run; TestMain removes it.
var tmpRoot string

func TestMain(m *testing.M) {
	d, err := os.MkdirTemp("", "velo-release-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	tmpRoot = d
	code := m.Run()
	os.RemoveAll(d)
	os.Exit(code)
}

// need skips the test with the reason, or fails it under CI=true, where
// node and npm are installed (.ci/run uses them) and nothing may skip.
func need(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " (CI=true: the release tests must run)")
	}
	t.Skip(msg)
}

func needTools(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("release/build.sh is a bash script and these tests read /proc or signal processes; not run on Windows")
	}
	for _, tool := range []string{"bash", "node", "npm", "npx", "git"} {
		if _, err := exec.LookPath(tool); err != nil {
			need(t, "%s is not installed; the release tests build and install the npm packages", tool)
		}
	}
}

// hostPlatform is this machine's name as Node's process.platform-arch, or ""
// when no native package is built for it.
func hostPlatform() string {
	goos := map[string]string{"linux": "linux", "darwin": "darwin", "windows": "win32"}[runtime.GOOS]
	arch := map[string]string{"amd64": "x64", "arm64": "arm64"}[runtime.GOARCH]
	if goos == "" || arch == "" {
		return ""
	}
	return goos + "-" + arch
}

// build runs release/build.sh into out with the extra environment, and
// returns its output.
func build(t *testing.T, out string, env ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "build.sh", out)
	cmd.Env = append(os.Environ(), env...)
	var log bytes.Buffer
	cmd.Stdout = &log
	cmd.Stderr = &log
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("build.sh %s (%v): %v\n%s", out, env, err, log.String())
	}
	t.Logf("build.sh %v took %v:\n%s", env, time.Since(start).Round(100*time.Millisecond), log.String())
	return log.String()
}

// quick is one build for the host platform and wasm, without .vsix files,
// shared by the tests that install it.
var quick struct {
	once    sync.Once
	out     string
	version string
	failed  bool
}

func quickBuild(t *testing.T) string {
	t.Helper()
	quick.once.Do(func() {
		quick.failed = true
		out := filepath.Join(tmpRoot, "quick")
		log := build(t, out, "VELO_PLATFORMS="+hostPlatform(), "VELO_NO_VSIX=1")
		quick.version = versionFrom(t, log)
		quick.out = out
		quick.failed = false
	})
	if quick.failed {
		t.Fatal("the quick build failed (see the first test that ran it)")
	}
	return quick.out
}

// versionFrom reads the version build.sh announces on its first line.
func versionFrom(t *testing.T, log string) string {
	t.Helper()
	first, _, _ := strings.Cut(log, "\n")
	f := strings.Fields(first)
	if len(f) < 3 || f[1] != "velo-lsp" {
		t.Fatalf("build.sh did not announce its version: %q", first)
	}
	return f[2]
}

func nativeBinary(out string) string {
	p := hostPlatform()
	if strings.HasPrefix(p, "win32") {
		return filepath.Join(out, "bin", "velo-lsp-"+p+".exe")
	}
	return filepath.Join(out, "bin", "velo-lsp-"+p)
}

// An install is a fresh folder with the tarballs installed by npm and the
// sites the tests check: the repository's sample site (findings) and a
// clean one.
type install struct {
	name   string
	dir    string
	native bool // the platform package is there
}

var installs struct {
	once   sync.Once
	list   []install
	failed bool
}

// offlineEnv keeps npm away from any registry: our own packages come from
// the tarballs, and a registry on a closed local port turns any attempt to
// fetch into a quick failure instead of a download.
func offlineEnv(dir string) []string {
	return append(os.Environ(),
		"npm_config_registry=http://127.0.0.1:9/",
		"npm_config_cache="+filepath.Join(dir, ".npm-cache"),
		"npm_config_audit=false",
		"npm_config_fund=false",
		"npm_config_update_notifier=false",
		"VELO_LSP_WASM=", "VELO_LSP_DEBUG=",
	)
}

func installed(t *testing.T) []install {
	t.Helper()
	installs.once.Do(func() {
		installs.failed = true
		out := quickBuild(t)
		if hostPlatform() != "" {
			installs.list = append(installs.list, newInstall(t, out, "native package", true))
		}
		installs.list = append(installs.list, newInstall(t, out, "wasm fallback", false))
		installs.failed = false
	})
	if installs.failed {
		t.Fatal("installing the npm packages failed (see the first test that did it)")
	}
	return installs.list
}

func newInstall(t *testing.T, out, name string, native bool) install {
	t.Helper()
	dir := filepath.Join(tmpRoot, strings.ReplaceAll(name, " ", "-"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "package.json"), `{"name": "a-velo-site", "private": true}`+"\n")
	copyTree(t, filepath.Join("..", "testdata", "sample-site"), filepath.Join(dir, "testdata", "sample-site"))
	writeFile(t, filepath.Join(dir, "clean-site", "wix.config.json"), "{}\n")
	writeFile(t, filepath.Join(dir, "clean-site", "src", "backend", "events.js"),
		"export function wixBilling_onInvoicePaid(event) {\n  console.log(event.id);\n}\n")

	tgz, err := filepath.Glob(filepath.Join(out, "npm", "*.tgz"))
	if err != nil || len(tgz) == 0 {
		t.Fatalf("no tarballs in %s/npm", out)
	}
	cmd := exec.Command("npm", append([]string{"install", "--offline", "--no-audit", "--no-fund"}, tgz...)...)
	cmd.Dir = dir
	cmd.Env = offlineEnv(dir)
	start := time.Now()
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("npm install %v in %s: %v\n%s", tgz, dir, err, b)
	}
	t.Logf("npm install (%s) took %v:\n%s", name, time.Since(start).Round(100*time.Millisecond), b)
	pkg := filepath.Join(dir, "node_modules", "@velo-lsp", hostPlatform())
	if _, err := os.Stat(pkg); hostPlatform() != "" && err != nil {
		t.Fatalf("npm did not install the platform package %s: %v", pkg, err)
	}
	if !native {
		if err := os.RemoveAll(pkg); err != nil {
			t.Fatal(err)
		}
	}
	return install{name: name, dir: dir, native: native}
}

type result struct {
	stdout, stderr []byte
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

func run(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	ownGroup(cmd)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	code := 0
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s %v: %v", name, args, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("%s %v did not finish within 3 minutes", name, args)
	}
	return result{stdout.Bytes(), stderr.Bytes(), code}
}

// npx runs the installed velo-lsp as a user does; --no: never install.
func npx(t *testing.T, in install, args ...string) result {
	t.Helper()
	return run(t, in.dir, offlineEnv(in.dir), "npx", append([]string{"--no", "velo-lsp"}, args...)...)
}

// TestPackages: the tarballs hold what the launcher needs and are wired
// together at one exact version.
func TestPackages(t *testing.T) {
	needTools(t)
	out := quickBuild(t)
	v := quick.version
	main := readTarball(t, filepath.Join(out, "npm", "velo-lsp-"+v+".tgz"))
	for _, f := range []string{"package/package.json", "package/bin/velo-lsp.js", "package/velo-lsp.wasm", "package/README.md"} {
		if _, ok := main[f]; !ok {
			t.Errorf("velo-lsp-%s.tgz lacks %s", v, f)
		}
	}
	var manifest struct {
		Name                 string
		Version              string
		Bin                  map[string]string
		Dependencies         map[string]string
		OptionalDependencies map[string]string
	}
	if err := json.Unmarshal(main["package/package.json"].data, &manifest); err != nil {
		t.Fatal(err)
	}
	if manifest.Name != "velo-lsp" || manifest.Version != v || manifest.Bin["velo-lsp"] != "bin/velo-lsp.js" {
		t.Errorf("main package.json: name %q version %q bin %v", manifest.Name, manifest.Version, manifest.Bin)
	}
	if len(manifest.Dependencies) != 0 {
		t.Errorf("the main package has dependencies %v; only optional platform packages are allowed", manifest.Dependencies)
	}
	if len(manifest.OptionalDependencies) != len(allPlatforms) {
		t.Errorf("optionalDependencies = %v, want the %d platform packages", manifest.OptionalDependencies, len(allPlatforms))
	}
	for _, p := range allPlatforms {
		if got := manifest.OptionalDependencies["@velo-lsp/"+p.name]; got != v {
			t.Errorf("optionalDependencies[@velo-lsp/%s] = %q, want exactly %q", p.name, got, v)
		}
	}
	if p := hostPlatform(); p != "" {
		checkPlatformTarball(t, out, p, v)
	}
}

// TestCheckJSONMatchesNativeBinary: npx velo-lsp check gives the native
// binary's JSON byte for byte, with the platform package and without it
// (the WebAssembly fallback), and adds nothing to stderr.
func TestCheckJSONMatchesNativeBinary(t *testing.T) {
	needTools(t)
	list := installed(t)
	if hostPlatform() == "" {
		t.Skip("no native binary for this machine to compare with")
	}
	for _, in := range list {
		t.Run(in.name, func(t *testing.T) {
			args := []string{"check", "--format", "json", "testdata/sample-site"}
			want := run(t, in.dir, offlineEnv(in.dir), nativeBinary(quick.out), args...)
			if want.code != 1 || !bytes.Contains(want.stdout, []byte(`"diagnostics"`)) {
				t.Fatalf("the native binary on the sample site: want findings and exit 1, got %v", want)
			}
			start := time.Now()
			got := npx(t, in, args...)
			t.Logf("npx velo-lsp %s: %v", strings.Join(args, " "), time.Since(start).Round(10*time.Millisecond))
			if !bytes.Equal(got.stdout, want.stdout) {
				t.Errorf("npx velo-lsp check --format json differs from the native binary's output\nnpx:\n%s\nnative:\n%s", got.stdout, want.stdout)
			}
			if got.code != want.code {
				t.Errorf("exit %d, the native binary's %d", got.code, want.code)
			}
			if !bytes.Equal(got.stderr, want.stderr) {
				t.Errorf("stderr %q, the native binary's %q", got.stderr, want.stderr)
			}
			// Which build ran: the launcher says so when asked.
			env := append(offlineEnv(in.dir), "VELO_LSP_DEBUG=1")
			r := run(t, in.dir, env, "npx", "--no", "velo-lsp", "version")
			wantNote := "running " + filepath.Join(in.dir, "node_modules", "@velo-lsp", hostPlatform(), "bin")
			if !in.native {
				wantNote = "under node:wasi"
			}
			if r.code != 0 || !strings.Contains(string(r.stderr), wantNote) {
				t.Errorf("VELO_LSP_DEBUG=1 velo-lsp version: want exit 0 and %q on stderr, got %v", wantNote, r)
			}
			if !strings.Contains(string(r.stdout), "velo-lsp "+quick.version+" ") {
				t.Errorf("velo-lsp version does not print the stamped version %s:\n%s", quick.version, r.stdout)
			}
		})
	}
}

// TestExitCodes: the launcher passes the exit status on: 0 clean, 1
// findings, 2 usage error.
func TestExitCodes(t *testing.T) {
	needTools(t)
	cases := []struct {
		name string
		args []string
		want int
	}{
		{"clean site", []string{"check", "clean-site"}, 0},
		{"site with findings", []string{"check", "testdata/sample-site"}, 1},
		{"findings below --fail-on", []string{"check", "--fail-on", "none", "testdata/sample-site"}, 0},
		{"unknown format", []string{"check", "--format", "nope", "clean-site"}, 2},
		{"unknown command", []string{"no-such-command"}, 2},
	}
	for _, in := range installed(t) {
		t.Run(in.name, func(t *testing.T) {
			for _, c := range cases {
				got := npx(t, in, c.args...)
				if got.code != c.want {
					t.Errorf("%s: npx velo-lsp %s: exit %d, want %d\n%v", c.name, strings.Join(c.args, " "), got.code, c.want, got)
				}
			}
		})
	}
}

// TestServe: `npx velo-lsp serve` speaks LSP over stdin and stdout: the
// initialize reply, diagnostics published for the workspace (work that
// runs while the server waits for input), shutdown and exit with status 0,
// and nothing on stdout but protocol frames.
func TestServe(t *testing.T) {
	needTools(t)
	for _, in := range installed(t) {
		t.Run(in.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, "npx", "--no", "velo-lsp", "serve")
			cmd.Dir = in.dir
			cmd.Env = offlineEnv(in.dir)
			ownGroup(cmd)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			c := newClient(stdin, stdout)
			fail := func(format string, args ...any) {
				t.Helper()
				_ = cmd.Cancel()
				_ = cmd.Wait()
				t.Fatalf(format+"\nserver's stderr:\n%s", append(args, stderr.String())...)
			}
			site := "file://" + filepath.ToSlash(filepath.Join(in.dir, "testdata", "sample-site"))
			start := time.Now()
			c.send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{
				"processId": os.Getpid(), "rootUri": site, "capabilities": map[string]any{},
				"workspaceFolders": []any{map[string]any{"uri": site, "name": "sample-site"}},
			}})
			init, err := c.await(ctx, func(m message) bool { return string(m.ID) == "1" })
			if err != nil {
				fail("no reply to initialize: %v", err)
			}
			if !bytes.Contains(init.Result, []byte(`"capabilities"`)) {
				fail("initialize reply without capabilities: %s", init.raw)
			}
			t.Logf("initialize answered after %v", time.Since(start).Round(10*time.Millisecond))
			c.send(map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}})
			diag, err := c.await(ctx, func(m message) bool {
				return m.Method == "textDocument/publishDiagnostics" && bytes.Contains(m.Params, []byte(`"code"`))
			})
			if err != nil {
				fail("no diagnostics published for the sample site: %v", err)
			}
			t.Logf("first diagnostics after %v: %.120s", time.Since(start).Round(10*time.Millisecond), diag.Params)
			c.send(map[string]any{"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
			if _, err := c.await(ctx, func(m message) bool { return string(m.ID) == "2" }); err != nil {
				fail("no reply to shutdown: %v", err)
			}
			c.send(map[string]any{"jsonrpc": "2.0", "method": "exit"})
			_ = stdin.Close()
			if err := c.drain(ctx); err != nil {
				fail("stdout after exit: %v", err)
			}
			err = cmd.Wait()
			if ctx.Err() != nil {
				t.Fatalf("serve did not finish within 3 minutes\n%s", stderr.String())
			}
			if err != nil {
				t.Fatalf("serve after shutdown and exit: %v (want exit status 0)\n%s", err, stderr.String())
			}
		})
	}
}

// allPlatforms are the native packages build.sh makes, with what their
// binaries must be.
var allPlatforms = []struct{ name, os, cpu string }{
	{"linux-x64", "linux", "x64"},
	{"linux-arm64", "linux", "arm64"},
	{"darwin-x64", "darwin", "x64"},
	{"darwin-arm64", "darwin", "arm64"},
	{"win32-x64", "win32", "x64"},
	{"win32-arm64", "win32", "arm64"},
}

// message is one JSON-RPC message as the tests read it.
type message struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	raw    []byte
}

// client reads LSP frames from the server's stdout in the background; any
// byte there that is not part of a frame is an error (the launcher must not
// write to stdout).
type client struct {
	w    io.Writer
	msgs chan message
	errc chan error
}

func newClient(w io.Writer, r io.Reader) *client {
	c := &client{w: w, msgs: make(chan message, 100), errc: make(chan error, 1)}
	go func() {
		br := bufio.NewReader(r)
		for {
			m, err := readFrame(br)
			if err != nil {
				c.errc <- err
				close(c.msgs)
				return
			}
			c.msgs <- m
		}
	}()
	return c
}

func readFrame(br *bufio.Reader) (message, error) {
	length := -1
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			if err == io.EOF && line == "" && length < 0 {
				return message{}, io.EOF
			}
			return message{}, fmt.Errorf("reading a header: %q: %w", line, err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return message{}, fmt.Errorf("not an LSP header line: %q", line)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil {
				return message{}, fmt.Errorf("bad Content-Length %q", value)
			}
			length = n
		}
	}
	if length < 0 {
		return message{}, errors.New("a header block without Content-Length")
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(br, body); err != nil {
		return message{}, fmt.Errorf("reading a %d-byte body: %w", length, err)
	}
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		return message{}, fmt.Errorf("a body that is not JSON: %q", body)
	}
	m.raw = body
	return m, nil
}

func (c *client) send(v any) {
	b, _ := json.Marshal(v)
	fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(b), b)
}

// await returns the first message that matches, answering the server's own
// requests with a null result on the way.
func (c *client) await(ctx context.Context, match func(message) bool) (message, error) {
	for {
		select {
		case m, ok := <-c.msgs:
			if !ok {
				return message{}, <-c.errc
			}
			if m.Method != "" && len(m.ID) > 0 {
				c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": nil})
			}
			if match(m) {
				return m, nil
			}
		case <-ctx.Done():
			return message{}, ctx.Err()
		}
	}
}

// drain reads to the end of stdout: only whole frames may come, then EOF.
func (c *client) drain(ctx context.Context) error {
	for {
		select {
		case _, ok := <-c.msgs:
			if !ok {
				if err := <-c.errc; err != io.EOF {
					return err
				}
				return nil
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// ownGroup puts the command and everything it starts (npx, the shell npm
// runs, the launcher, the server) in a process group of its own, and makes
// cancelling it kill the whole group: killing npx alone leaves the launcher
// and the server running, holding the pipes that Wait waits on.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
}

// exitedBy reports how a finished process ended: its exit code, or -1 and
// the signal that killed it.
func exitedBy(ps *os.ProcessState) (int, syscall.Signal) {
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -1, ws.Signal()
	}
	return ps.ExitCode(), 0
}
