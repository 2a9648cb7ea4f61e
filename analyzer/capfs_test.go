package analyzer

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestExportStarTargetsKeepTheSizeCap: a file an `export *` chain reaches
// is read under the same cap as the events file.
func TestExportStarTargetsKeepTheSizeCap(t *testing.T) {
	big := "export function wixBilling_onInvoicePayed(event) {}\n" + strings.Repeat("// filler\n", 300)
	fsys := fstest.MapFS{
		"src/backend/events.js": {Data: []byte("export * from './more.js';\n")},
		"src/backend/more.js":   {Data: []byte(big)},
	}
	in := FileInput{Path: "src/backend/events.js", Text: fsys["src/backend/events.js"].Data, Role: RoleSiteEvents, FS: fsys}
	under := AnalyzeFile(in, Config{MaxFileSize: 1 << 20})
	if !hasCode(under.Diagnostics, "VELO001") {
		t.Fatalf("under the cap the misspelled forwarded name is found: %+v", under.Diagnostics)
	}
	over := AnalyzeFile(in, Config{MaxFileSize: 1024})
	if hasCode(over.Diagnostics, "VELO001") {
		t.Errorf("a target over the cap was read: %+v", over.Diagnostics)
	}
}
