package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t testing.TB, root, rel, text string) string {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const misspelled = "export function wixBilling_onInvoicePayd(event) {}\n"

// With dynamic registration the server asks to watch files, and follows
// creation, change and deletion through didChangeWatchedFiles.
func TestWatchedFilesAreFollowed(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "src/backend/events.js", "export function wixBilling_onInvoicePaid(event) {}\n")
	c := newTestClient(t, Options{})
	c.initialize(map[string]interface{}{
		"capabilities":     map[string]interface{}{"workspace": map[string]interface{}{"didChangeWatchedFiles": map[string]interface{}{"dynamicRegistration": true}}},
		"workspaceFolders": []map[string]string{{"uri": fileURI(root), "name": "site"}},
	})
	c.waitFor("registerCapability", func() bool {
		for _, r := range c.requests {
			if r.Method == "client/registerCapability" {
				var p struct {
					Registrations []struct{ Method string } `json:"registrations"`
				}
				_ = json.Unmarshal(r.Params, &p)
				return len(p.Registrations) == 1 && p.Registrations[0].Method == "workspace/didChangeWatchedFiles"
			}
		}
		return false
	})
	c.server.ws.waitScans(1)
	for i := 0; !c.server.ws.isWatching(); i++ {
		c.call("velo/ping", nil) // the registration reply is processed in order
		if i > 100 {
			t.Fatal("not watching")
		}
	}

	pkg := writeFile(t, root, "node_modules/@velo/tools/backend/events.js", misspelled)
	uri := fileURI(pkg)
	c.notify("workspace/didChangeWatchedFiles", map[string]interface{}{"changes": []map[string]interface{}{{"uri": uri, "type": 1}}})
	c.waitFor("diagnostics of the created file", func() bool {
		ps := c.publishesLocked(uri)
		return len(ps) > 0 && len(ps[len(ps)-1].Diagnostics) == 1
	})

	if err := os.Remove(pkg); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]interface{}{"changes": []map[string]interface{}{{"uri": uri, "type": 3}}})
	c.waitFor("diagnostics of the deleted file cleared", func() bool {
		ps := c.publishesLocked(uri)
		return len(ps) > 1 && len(ps[len(ps)-1].Diagnostics) == 0
	})
}

// Without dynamic registration, saving re-scans; closing an events file
// leaves its diagnostics from disk.
func TestRescanOnSaveAndClose(t *testing.T) {
	root := t.TempDir()
	events := writeFile(t, root, "src/backend/events.js", "export function wixBilling_onInvoicePaid(event) {}\n")
	c := newTestClient(t, Options{})
	c.initialize(map[string]interface{}{"workspaceFolders": []map[string]string{{"uri": fileURI(root), "name": "site"}}})
	c.server.ws.waitScans(1)
	c.mu.Lock()
	if len(c.requests) != 0 {
		t.Errorf("registered watchers with a client that cannot: %v", c.requests)
	}
	c.mu.Unlock()

	other := writeFile(t, root, "backend/events.js", misspelled)
	euri := fileURI(events)
	c.open(euri, "export function wixBilling_onInvoicePaid(event) {}\n", 1)
	c.notify("textDocument/didSave", map[string]interface{}{"textDocument": map[string]string{"uri": euri}})
	c.waitFor("diagnostics of a file created before the save", func() bool {
		ps := c.publishesLocked(fileURI(other))
		return len(ps) > 0 && len(ps[len(ps)-1].Diagnostics) == 1
	})

	// The open document has unsaved errors; closing it shows the disk's state.
	c.notify("textDocument/didChange", map[string]interface{}{
		"textDocument":   map[string]interface{}{"uri": euri, "version": 2},
		"contentChanges": []map[string]string{{"text": misspelled}},
	})
	if p := c.waitDiagnostics(euri, int32p(2)); len(p.Diagnostics) != 1 {
		t.Fatalf("unsaved misspelling: %+v", p.Diagnostics)
	}
	c.notify("textDocument/didClose", map[string]interface{}{"textDocument": map[string]string{"uri": euri}})
	c.waitFor("diagnostics from disk after close", func() bool {
		ps := c.publishesLocked(euri)
		last := ps[len(ps)-1]
		return last.Version == nil && len(last.Diagnostics) == 0
	})
}

// Settings from initializationOptions and didChangeConfiguration change rule
// severities.
func TestSettingsChangeSeverities(t *testing.T) {
	c := newTestClient(t, Options{})
	c.initialize(map[string]interface{}{"initializationOptions": map[string]interface{}{"rules": map[string]string{"VELO001": "warning"}}})
	c.open(testURI, misspelled, 1)
	p := c.waitDiagnostics(testURI, int32p(1))
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != 2 {
		t.Fatalf("with VELO001 at warning: %+v", p.Diagnostics)
	}
	n := len(c.publishes(testURI))
	c.notify("workspace/didChangeConfiguration", map[string]interface{}{"settings": map[string]interface{}{"veloLsp": map[string]interface{}{"rules": map[string]string{"unknown-handler": "off"}}}})
	c.waitFor("re-published diagnostics", func() bool { return len(c.publishesLocked(testURI)) > n })
	ps := c.publishes(testURI)
	if last := ps[len(ps)-1]; len(last.Diagnostics) != 0 {
		t.Fatalf("with unknown-handler off: %+v", last.Diagnostics)
	}
}

// A broken .velo-lsp.json is reported on the file and otherwise ignored.
func TestBrokenProjectConfigIsReported(t *testing.T) {
	root := t.TempDir()
	cfgPath := writeFile(t, root, ".velo-lsp.json", "{\n  \"rules\": {\"no-such-rule\": \"off\"}\n}\n")
	writeFile(t, root, "src/backend/events.js", misspelled)
	c := newTestClient(t, Options{})
	c.initialize(map[string]interface{}{"workspaceFolders": []map[string]string{{"uri": fileURI(root), "name": "site"}}})
	c.server.ws.waitScans(1)
	c.call("velo/ping", nil) // a round trip: every earlier message has been read
	ps := c.publishes(fileURI(cfgPath))
	if len(ps) == 0 || len(ps[len(ps)-1].Diagnostics) != 1 {
		t.Fatalf("diagnostics on .velo-lsp.json: %+v", ps)
	}
	d := ps[len(ps)-1].Diagnostics[0]
	if d.Range.Start.Line != 1 || !strings.Contains(d.Message, "no-such-rule") {
		t.Errorf("diagnostic %+v: want line 1 naming the rule", d)
	}
	// The events file is still judged, with the defaults.
	if ev := c.publishes(fileURI(filepath.Join(root, "src/backend/events.js"))); len(ev) == 0 || len(ev[len(ev)-1].Diagnostics) != 1 {
		t.Errorf("events file: %+v", ev)
	}
}

// Folders added later are scanned; removed ones stop being scanned. A
// rootUri alone names the folder.
func TestWorkspaceFoldersChange(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	aFile := writeFile(t, a, "src/backend/events.js", misspelled)
	bFile := writeFile(t, b, "backend/events.js", misspelled)
	c := newTestClient(t, Options{})
	c.initialize(map[string]interface{}{"rootUri": fileURI(a)})
	c.waitFor("diagnostics of the root's file", func() bool { return len(c.publishesLocked(fileURI(aFile))) > 0 })
	c.notify("workspace/didChangeWorkspaceFolders", map[string]interface{}{"event": map[string]interface{}{
		"added": []map[string]string{{"uri": fileURI(b), "name": "b"}}, "removed": []map[string]string{{"uri": fileURI(a), "name": "a"}}}})
	c.waitFor("diagnostics of the added folder's file", func() bool { return len(c.publishesLocked(fileURI(bFile))) > 0 })
	c.waitFor("the removed folder's diagnostics cleared", func() bool {
		ps := c.publishesLocked(fileURI(aFile))
		return len(ps[len(ps)-1].Diagnostics) == 0
	})
}

// Clients without hierarchical symbols get SymbolInformation.
func TestFlatSymbols(t *testing.T) {
	c := newTestClient(t, Options{Analyze: noAnalysis})
	c.initialize(nil)
	c.open(testURI, "export function wixBilling_onInvoicePaid(event) {}\n", 1)
	var syms []struct {
		Name          string `json:"name"`
		ContainerName string `json:"containerName"`
		Location      struct {
			URI   string    `json:"uri"`
			Range wireRange `json:"range"`
		} `json:"location"`
	}
	c.callOK("textDocument/documentSymbol", map[string]interface{}{"textDocument": map[string]string{"uri": testURI}}, &syms)
	if len(syms) != 1 || syms[0].Location.URI != testURI || syms[0].Location.Range.Start.Character != 16 || !strings.Contains(syms[0].ContainerName, "onInvoicePaid") {
		t.Fatalf("symbols: %+v", syms)
	}
}

// A change to one file re-judges the files whose results read it: when the
// open events file starts forwarding more.js, the VELO020 of more.js (on
// disk, never opened, unchanged) goes away, and comes back when the line is
// removed again.
func TestAChangeRejudgesTheFilesThatReadIt(t *testing.T) {
	root := t.TempDir()
	events := writeFile(t, root, "src/backend/events.js", "export function wixCrm_onContactCreated(event) {}\n")
	more := writeFile(t, root, "src/backend/more.js", "export function wixBilling_onInvoicePaid(event) {}\n")
	helper := writeFile(t, root, "src/backend/helper.js", "export function add(a, b) { return a + b; }\n")
	c := newTestClient(t, Options{})
	c.initialize(map[string]interface{}{"workspaceFolders": []map[string]string{{"uri": fileURI(root), "name": "site"}}})
	c.server.ws.waitScans(1)
	muri, euri := fileURI(more), fileURI(events)
	last := func(uri string) []wireDiagnosis {
		ps := c.publishesLocked(uri)
		if len(ps) == 0 {
			return nil
		}
		return ps[len(ps)-1].Diagnostics
	}
	c.waitFor("VELO020 on more.js", func() bool { d := last(muri); return len(d) == 1 && d[0].Code == "VELO020" })

	c.open(euri, "export function wixCrm_onContactCreated(event) {}\n", 1)
	c.waitDiagnostics(euri, int32p(1))
	c.notify("textDocument/didChange", map[string]interface{}{
		"textDocument":   map[string]interface{}{"uri": euri, "version": 2},
		"contentChanges": []map[string]string{{"text": "export * from './more.js';\nexport function wixCrm_onContactCreated(event) {}\n"}},
	})
	c.waitFor("more.js cleared once the open events file forwards it", func() bool {
		ps := c.publishesLocked(muri)
		return len(ps) > 1 && len(ps[len(ps)-1].Diagnostics) == 0
	})
	c.notify("textDocument/didChange", map[string]interface{}{
		"textDocument":   map[string]interface{}{"uri": euri, "version": 3},
		"contentChanges": []map[string]string{{"text": "export function wixCrm_onContactCreated(event) {}\n"}},
	})
	c.waitFor("VELO020 back on more.js", func() bool { d := last(muri); return len(d) == 1 && d[0].Code == "VELO020" })
	if ps := c.publishes(fileURI(helper)); len(ps) != 0 {
		t.Errorf("helper.js (no finding, reads nothing) was published: %+v", ps)
	}
}
