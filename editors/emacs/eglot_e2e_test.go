// Package emacs checks the README's Eglot snippet against the real velo-lsp
// binary with the Emacs and Eglot installed on the machine (Debian: emacs-nox
// and elpa-eglot). It skips when either is missing: CI does not install
// Emacs.
package emacs

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestEglotEndToEnd(t *testing.T) {
	emacs, err := exec.LookPath("emacs")
	if err != nil {
		t.Skip("emacs not on PATH")
	}
	if out, err := exec.Command(emacs, "--batch", "-q", "--eval", "(require 'eglot)").CombinedOutput(); err != nil {
		t.Skipf("eglot not available: %v\n%s", err, out)
	}
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not on PATH (Eglot takes the project root from version control)")
	}

	bin := os.Getenv("VELO_LSP_BIN")
	if bin == "" {
		bin = filepath.Join(t.TempDir(), "velo-lsp")
		if out, err := exec.Command("go", "build", "-o", bin, "github.com/velo-lsp/velo-lsp/cmd/velo-lsp").CombinedOutput(); err != nil {
			t.Fatalf("building velo-lsp: %v\n%s", err, out)
		}
	}

	// The sample site of the Neovim test, as a git repository: Emacs 28's
	// project.el finds roots through version control only.
	site := t.TempDir()
	src := filepath.Join("..", "nvim", "testdata", "site")
	if err := os.CopyFS(site, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(git, "init", "-q", site).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	file := filepath.Join(site, "src", "backend", "events.js")
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	outFile := filepath.Join(t.TempDir(), "out.json")
	cmd := exec.Command(emacs, "--batch", "-q", "-l", "eglot-e2e.el")
	cmd.Env = append(os.Environ(), "VELO_LSP_BIN="+bin, "VELO_FILE="+file, "VELO_OUT="+outFile, "HOME="+t.TempDir())
	out, runErr := cmd.CombinedOutput()
	b, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatalf("emacs wrote no results (%v): %v\n%s", runErr, err, out)
	}
	var r struct {
		Emacs       string `json:"emacs"`
		Eglot       string `json:"eglot"`
		Error       string `json:"error"`
		Diagnostics []struct {
			Code      string `json:"code"`
			Message   string `json:"message"`
			Line      int    `json:"line"`
			Character int    `json:"character"`
		} `json:"diagnostics"`
		Completion []string `json:"completion"`
		Hover      string   `json:"hover"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	if r.Error != "" {
		t.Fatalf("the Emacs script failed: %s\n%s", r.Error, out)
	}
	t.Logf("Emacs %s, Eglot %s: %d diagnostics, %d completions", r.Emacs, r.Eglot, len(r.Diagnostics), len(r.Completion))

	// Eglot speaks UTF-16 columns: the emoji before the name counts as two.
	line := strings.Split(string(text), "\n")[5]
	prefix := line[:strings.Index(line, "wixBiling_onInvoiceSent")]
	wantChar := len(utf16.Encode([]rune(prefix)))
	found := false
	for _, d := range r.Diagnostics {
		if d.Code == "VELO001" {
			found = true
			if d.Line != 5 || d.Character != wantChar {
				t.Errorf("VELO001 at %d:%d, want 5:%d", d.Line, d.Character, wantChar)
			}
		} else {
			t.Errorf("unexpected diagnostic %s: %s", d.Code, d.Message)
		}
	}
	if !found {
		t.Errorf("no VELO001 for the misspelled handler; got %+v", r.Diagnostics)
	}
	if !contains(r.Completion, "wixBilling_onInvoiceCreated") {
		t.Errorf("completion lacks wixBilling_onInvoiceCreated: %v", r.Completion)
	}
	if !strings.Contains(r.Hover, "wix-billing-backend") {
		t.Errorf("hover lacks the module:\n%s", r.Hover)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
