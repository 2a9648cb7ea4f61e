package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Tests of the built `velo-lsp serve` binary: stdout carries nothing but the
// protocol (trap 7: logs, the library's debug lines included, go to stderr
// or --log-file), exit statuses, and the Node end-to-end test.

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// velolspBinary builds cmd/velo-lsp once per test run.
func velolspBinary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "velo-lsp-test-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "velo-lsp")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/velo-lsp/velo-lsp/cmd/velo-lsp").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

func frameJSON(v interface{}) []byte {
	b, _ := json.Marshal(v)
	return frame(string(b))
}

// runSession feeds a scripted session to the binary and returns its
// stdout, stderr and exit status.
func runSession(t *testing.T, args []string, shutdown bool) ([]byte, []byte, int) {
	bin := velolspBinary(t)
	uri := "file:///site/src/backend/events.js"
	var in bytes.Buffer
	in.Write(frameJSON(map[string]interface{}{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]interface{}{"capabilities": map[string]interface{}{}}}))
	in.Write(frameJSON(map[string]interface{}{"jsonrpc": "2.0", "method": "initialized", "params": map[string]interface{}{}}))
	in.Write(frameJSON(map[string]interface{}{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]interface{}{
		"textDocument": map[string]interface{}{"uri": uri, "languageId": "javascript", "version": 1, "text": misspelled}}}))
	in.Write(frameJSON(map[string]interface{}{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": map[string]interface{}{
		"textDocument": map[string]string{"uri": uri}, "position": map[string]int{"line": 0, "character": 20}}}))
	in.Write(frame(`{"jsonrpc":"2.0","id":3,"method":`)) // malformed
	in.Write(frameJSON(map[string]interface{}{"jsonrpc": "2.0", "id": 4, "method": "textDocument/definition", "params": map[string]interface{}{
		"textDocument": map[string]string{"uri": uri}, "position": map[string]int{"line": 0, "character": 20}}}))
	var end bytes.Buffer
	if shutdown {
		end.Write(frameJSON(map[string]interface{}{"jsonrpc": "2.0", "id": 5, "method": "shutdown"}))
	}
	end.Write(frameJSON(map[string]interface{}{"jsonrpc": "2.0", "method": "exit"}))

	cmd := exec.Command(bin, append([]string{"serve"}, args...)...)
	// Keep stdin open until the server exits by itself on "exit".
	pw, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_, _ = pw.Write(in.Bytes())
		time.Sleep(500 * time.Millisecond) // let replies and diagnostics come before shutdown
		_, _ = pw.Write(end.Bytes())
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("the server did not exit; stderr:\n%s", stderr.String())
	}
	return stdout.Bytes(), stderr.Bytes(), cmd.ProcessState.ExitCode()
}

// parseFrames splits stdout into messages, failing on any byte that is not
// part of a well-formed frame.
func parseFrames(t *testing.T, out []byte) []rpcMsg {
	t.Helper()
	r := bufio.NewReader(bytes.NewReader(out))
	var msgs []rpcMsg
	for {
		if _, err := r.Peek(1); err == io.EOF {
			return msgs
		}
		body, err := readTestFrame(r)
		if err != nil {
			t.Fatalf("stdout is not pure protocol after %d messages: %v\n%s", len(msgs), err, truncate(string(out), 2000))
		}
		var m rpcMsg
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("stdout frame is not JSON: %s", body)
		}
		msgs = append(msgs, m)
	}
}

func TestServeStdoutCarriesOnlyTheProtocol(t *testing.T) {
	stdout, stderr, code := runSession(t, []string{"--stdio", "--log-level", "debug"}, true)
	msgs := parseFrames(t, stdout)
	if code != 0 {
		t.Errorf("exit status %d after shutdown, want 0; stderr:\n%s", code, stderr)
	}
	var sawDiag, sawParseError, sawNotFound bool
	for _, m := range msgs {
		switch {
		case m.Method == "textDocument/publishDiagnostics":
			sawDiag = true
		case m.Error != nil && m.Error.Code == -32700:
			sawParseError = true
		case m.Error != nil && m.Error.Code == -32601:
			sawNotFound = true
		}
	}
	if !sawDiag || !sawParseError || !sawNotFound {
		t.Errorf("diagnostics %v, parse error %v, method not found %v: want all", sawDiag, sawParseError, sawNotFound)
	}
	// The library's own debug lines and ours are on stderr.
	if !strings.Contains(string(stderr), "DEBUG") || !strings.Contains(string(stderr), "textDocument/hover") {
		t.Errorf("stderr lacks debug lines:\n%s", truncate(string(stderr), 2000))
	}
}

func TestServeLogFileAndExitWithoutShutdown(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "velo.log")
	stdout, stderr, code := runSession(t, []string{"--log-file", logFile, "--log-level", "info"}, false)
	parseFrames(t, stdout)
	if code != 1 {
		t.Errorf("exit status %d without shutdown, want 1", code)
	}
	if len(stderr) != 0 {
		t.Errorf("with --log-file, stderr should be empty: %s", stderr)
	}
	b, err := os.ReadFile(logFile)
	if err != nil || !strings.Contains(string(b), "initialize") {
		t.Errorf("log file: %v %s", err, b)
	}
}

// TestEndToEndWithNode drives the binary with vscode-languageserver-protocol
// (lsp/e2e/e2e.mjs). Without node or lsp/e2e/node_modules it skips, unless
// CI=true, where it fails. Setup: npm ci --prefix lsp/e2e
func TestEndToEndWithNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = exec.LookPath("npm")
	}
	if err == nil {
		if _, statErr := os.Stat(filepath.Join("e2e", "node_modules", "vscode-languageserver-protocol")); statErr != nil {
			err = statErr
		}
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the Node end-to-end test cannot run (%v); run: npm ci --prefix lsp/e2e", err)
		}
		t.Skipf("node or lsp/e2e/node_modules missing (%v); run: npm ci --prefix lsp/e2e", err)
	}
	bin := velolspBinary(t)
	cmd := exec.Command(node, filepath.Join("e2e", "e2e.mjs"), bin)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil || !strings.Contains(string(out), "e2e: ok") {
		t.Fatalf("e2e failed: %v", err)
	}
}

// newFrameReader returns a function reading one message at a time.
func newFrameReader(r io.Reader) func() (rpcMsg, error) {
	br := bufio.NewReader(r)
	return func() (rpcMsg, error) {
		body, err := readTestFrame(br)
		if err != nil {
			return rpcMsg{}, err
		}
		var m rpcMsg
		err = json.Unmarshal(body, &m)
		return m, err
	}
}
