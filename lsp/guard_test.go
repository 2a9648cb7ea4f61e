package lsp

import (
	"strings"
	"testing"
)

// A document over one of the guard's limits (here 200,000 `!`, which
// overflowed esbuild's stack and ended the server) is published as one
// VELO094 that says which limit and where; the server keeps answering
// requests about it and about other documents. A workspace folder holding
// such a file is scanned the same way (the server used to die at every
// start in it).
func TestTooComplexDocumentIsOneFinding(t *testing.T) {
	bang := "export function wixBilling_onInvoicePayed(event) {}\nexport const x = " + strings.Repeat("!", 200_000) + "a;\n"
	root := t.TempDir()
	onDisk := writeFile(t, root, "src/backend/events.js", bang)
	c := newTestClient(t, Options{})
	c.initialize(map[string]interface{}{"workspaceFolders": []map[string]string{{"uri": fileURI(root), "name": "site"}}})
	c.server.ws.waitScans(1)
	scanned := c.waitDiagnostics(fileURI(onDisk), nil)
	if len(scanned.Diagnostics) != 1 || scanned.Diagnostics[0].Code != "VELO094" {
		t.Fatalf("workspace scan: %+v, want one VELO094", scanned.Diagnostics)
	}

	c.open(testURI, bang, 1)
	p := c.waitDiagnostics(testURI, int32p(1))
	if len(p.Diagnostics) != 1 {
		t.Fatalf("%d diagnostics, want one: %+v", len(p.Diagnostics), p.Diagnostics)
	}
	d := p.Diagnostics[0]
	if d.Code != "VELO094" || !strings.Contains(d.Message, "too complex to examine safely: a chain of 200,000 prefix operators at line 2; the limit is 5,000") {
		t.Errorf("got %s %q", d.Code, d.Message)
	}
	if d.Range.Start != (wirePos{0, 0}) {
		t.Errorf("range %+v, want the file's start", d.Range)
	}
	pos := func(line, char int) map[string]interface{} {
		return map[string]interface{}{"textDocument": map[string]string{"uri": testURI}, "position": map[string]int{"line": line, "character": char}}
	}
	for _, m := range []string{"textDocument/hover", "textDocument/completion", "textDocument/documentSymbol"} {
		if r := c.call(m, pos(1, 100_000)); r.Error != nil {
			t.Errorf("%s: %v", m, r.Error.Message)
		}
	}
	// Another document is still served.
	other := "file:///site/src/backend/other/events.js"
	c.open(other, "export function wixBilling_onInvoicePayd(event) {}\n", 1)
	o := c.waitDiagnostics(other, int32p(1))
	misspelled := false
	for _, d := range o.Diagnostics {
		misspelled = misspelled || d.Code == "VELO001"
	}
	if !misspelled {
		t.Errorf("the other document: %+v, want its VELO001", o.Diagnostics)
	}
	if n := c.server.Panics(); n != 0 {
		t.Errorf("%d panics", n)
	}
}
