package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestWASIBuildGivesTheNativeFindings builds velo-lsp for GOOS=wasip1,
// runs `check` under Node's node:wasi and compares its output and exit
// status with a native build's on the sample site, in JSON and in text.
// It needs node (20 or later); under CI=true a missing node fails the test.
func TestWASIBuildGivesTheNativeFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("builds velo-lsp twice")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is needed to run the wasip1 build:", err)
		}
		t.Skip("no node on PATH")
	}
	dir := t.TempDir()
	wasm := filepath.Join(dir, "velo-lsp.wasm")
	native := filepath.Join(dir, "velo-lsp")
	build := func(out string, env ...string) {
		t.Helper()
		start := time.Now()
		cmd := exec.Command("go", "build", "-trimpath", "-o", out, ".")
		cmd.Env = append(append(os.Environ(), "CGO_ENABLED=0"), env...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %v: %v\n%s", env, err, b)
		}
		t.Logf("built %s in %v", filepath.Base(out), time.Since(start).Round(time.Millisecond))
	}
	build(wasm, "GOOS=wasip1", "GOARCH=wasm")
	build(native)
	runner, err := filepath.Abs("testdata/wasi-run.mjs")
	if err != nil {
		t.Fatal(err)
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) ([]byte, int) {
		t.Helper()
		var out, errb bytes.Buffer
		cmd := exec.Command(name, args...)
		cmd.Dir = repo
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit):
			return out.Bytes(), exit.ExitCode()
		case err != nil:
			t.Fatalf("%s: %v\n%s", name, err, errb.String())
		}
		if errb.Len() > 0 {
			t.Logf("%s stderr: %s", filepath.Base(name), errb.String())
		}
		return out.Bytes(), 0
	}
	for _, args := range [][]string{
		{"check", "--format", "json", "testdata/sample-site"},
		{"check", "--no-color", "testdata/sample-site"},
		{"check", "--format", "json", filepath.Join(repo, "testdata/sample-site/src/backend/events.js")},
	} {
		want, wantStatus := run(native, args...)
		got, gotStatus := run(node, append([]string{"--no-warnings", runner, wasm}, args...)...)
		if len(want) == 0 {
			t.Fatalf("%v: the native build printed nothing", args)
		}
		if gotStatus != wantStatus || !bytes.Equal(got, want) {
			t.Errorf("%v under node:wasi: status %d, want %d; output\n%s\nwant\n%s", args, gotStatus, wantStatus, got, want)
		}
	}
}
