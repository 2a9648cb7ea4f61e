package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckTooComplexFile: `check` and `check --fix` on a site whose
// events file holds 200,000 `!` (a fatal stack overflow in esbuild, which
// ended the process) report one VELO094 with the limit, the line and where
// the construct starts, and leave the file as it was.
func TestCheckTooComplexFile(t *testing.T) {
	text := "export function wixBilling_onInvoicePayed(event) {}\nexport const x = " + strings.Repeat("!", 200_000) + "a;\n"
	root := writeSite(t, map[string]string{"wix.config.json": "{}\n", "src/backend/events.js": text})
	out, errOut, status := runCmd(t, "check", "--no-color", root)
	want := "src/backend/events.js:1:1: warning: this file is too complex to examine safely: a chain of 200,000 prefix operators at line 2; the limit is 5,000. velo-lsp did not parse it, so none of its handlers were checked [VELO094]\n" +
		"    note: src/backend/events.js:2:18: the construct over the limit starts here\n"
	if status != 0 || !strings.HasPrefix(out, want) || !strings.Contains(out, "1 problem (0 errors, 1 warning, 0 info)") {
		t.Fatalf("status %d, stderr %q, output:\n%s\nwant it to start with:\n%s", status, errOut, out, want)
	}
	if _, errOut, status := runCmd(t, "check", "--fix", "--no-color", root); status != 0 {
		t.Fatalf("--fix: status %d, stderr %q", status, errOut)
	}
	if b, err := os.ReadFile(filepath.Join(root, "src/backend/events.js")); err != nil || string(b) != text {
		t.Fatalf("--fix changed the file (%v)", err)
	}
}
