// Package vscode holds the VS Code extension (TypeScript, built with npm).
// This Go test runs the extension's own tests and packaging from `go test
// ./...`, so that the README's single test command covers them too.
package vscode

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// needNodeModules skips when the extension's npm dependencies are not
// installed (a fresh clone: `npm ci` in editors/vscode installs them), and
// fails instead under CI=true, where .ci/run installs them.
func needNodeModules(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("npm"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("npm is not installed")
		}
		t.Skip("npm is not installed")
	}
	if _, err := os.Stat(filepath.Join("node_modules", "vscode-languageclient")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("editors/vscode/node_modules is missing: .ci/run should have run npm ci there")
		}
		t.Skip("editors/vscode/node_modules is missing; run: (cd editors/vscode && npm ci)")
	}
}

func npm(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command("npm", args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("npm %v: %v\n%s", args, err, out)
	}
	t.Logf("npm %v:\n%s", args, out)
}

// TestExtension type-checks, bundles and unit-tests the extension, and runs
// it with the real language client against a server built from this repo.
func TestExtension(t *testing.T) {
	needNodeModules(t)
	npm(t, "run", "build:server")
	npm(t, "test")
}

// TestPackageVSIX builds the linux-x64 .vsix with the server inside.
func TestPackageVSIX(t *testing.T) {
	needNodeModules(t)
	if testing.Short() {
		t.Skip("packaging is slow; skipped with -short")
	}
	npm(t, "run", "package")
	st, err := os.Stat("velo-lsp-linux-x64.vsix")
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() < 1<<20 {
		t.Errorf("the .vsix is %d bytes: the server binary is missing", st.Size())
	}
}
