package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/velo-lsp/velo-lsp/analyzer/sitefs/sitefstest"
)

// TestTheServerReadsNothingOutsideItsFolder: a workspace whose events file
// forwards `export * from './leak.js'`, where leak.js is a link to a file
// outside the folder, and whose .velo-lsp.json is a named pipe. The server
// answers (the pipe never blocks it), publishes the events file's
// diagnostics, and nothing it sends names the handler in the file outside.
func TestTheServerReadsNothingOutsideItsFolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes in the file system")
	}
	base := t.TempDir()
	secret := filepath.Join(base, "outside", "leak.js")
	writeFile(t, filepath.Join(base, "outside"), "leak.js", "export function wixSecret_onLeakedName(event) {}\n")
	root := filepath.Join(base, "site")
	writeFile(t, root, "wix.config.json", "{}")
	events := writeFile(t, root, "src/backend/events.js", "export * from './leak.js';\nexport function wixBilling_onInvoicePayd(event) {}\n")
	if err := os.Symlink(secret, filepath.Join(root, "src/backend/leak.js")); err != nil {
		t.Fatal(err)
	}
	if err := sitefstest.MakeFIFO(filepath.Join(root, ".velo-lsp.json")); err != nil {
		t.Skip("mkfifo:", err)
	}

	c := newTestClient(t, Options{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.initialize(map[string]interface{}{"workspaceFolders": []map[string]string{{"uri": fileURI(root), "name": "site"}}})
		c.waitFor("the events file's diagnostics from the scan", func() bool {
			ps := c.publishesLocked(fileURI(events))
			return len(ps) > 0 && len(ps[len(ps)-1].Diagnostics) > 0
		})
		c.open(fileURI(events), "export * from './leak.js';\nexport function wixBilling_onInvoicePayd(event) {}\n", 1)
		c.waitDiagnostics(fileURI(events), int32p(1))
		c.call("velo/ping", nil)
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the server did not answer within 60 s (a named pipe blocked it?)")
	}
	c.mu.Lock()
	everything, _ := json.Marshal([]interface{}{c.notes, c.requests})
	c.mu.Unlock()
	if !strings.Contains(string(everything), "onInvoicePayd") {
		t.Fatalf("the messages do not even name the misspelled handler of the folder; the check below would prove nothing:\n%s", everything)
	}
	if strings.Contains(string(everything), "wixSecret") {
		t.Errorf("a name from the file outside the folder reached the client:\n%s", everything)
	}
}
