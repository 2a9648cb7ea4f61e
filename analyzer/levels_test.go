package analyzer_test

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// failFS fails to open one path: a file discovery lists (it lists
// folders, it does not open files) but that cannot be read when its turn
// comes. It has Open only, so that every read goes through it.
type failFS struct {
	m    fstest.MapFS
	path string
}

func (f failFS) Open(name string) (fs.File, error) {
	if name == f.path {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.m.Open(name)
}

// TestConfiguredLevelsApplyToEveryFinding: whoever makes a finding (a
// rule's Run, one that raises its own level, the reading of a file, a
// recovered panic), the configured level is the one the caller receives,
// and a finding that is off is not received at all.
func TestConfiguredLevelsApplyToEveryFinding(t *testing.T) {
	events := []byte("export * from './more.js';\nexport function wixBilling_onInvoicePayed(event) {}\n")
	loose := fstest.MapFS{"velo/events.js": {Data: []byte("export function wixBilling_onInvoicePaid(event) {}\n")}}
	site := fstest.MapFS{"src/backend/events.js": {Data: events}}
	tests := []struct {
		name  string
		fsys  fs.FS
		cfg   analyzer.Config
		code  string
		level analyzer.Severity // "": no finding of code
	}{
		{"a rule's finding", site, analyzer.Config{}, "VELO001", analyzer.SeverityError},
		{"a rule's finding, set to info", site, levels("VELO001", analyzer.SeverityInfo), "VELO001", analyzer.SeverityInfo},
		{"a rule's finding, off", site, levels("VELO001", analyzer.SeverityOff), "VELO001", ""},
		{"raised by its rule", loose, analyzer.Config{LooseFiles: analyzer.LooseError}, "VELO022", analyzer.SeverityError},
		{"raised by its rule, set to warning", loose, analyzer.Config{LooseFiles: analyzer.LooseError, Levels: map[string]analyzer.Severity{"loose-events-file": analyzer.SeverityWarning}}, "VELO022", analyzer.SeverityWarning},
		{"a file that cannot be read", failFS{site, "src/backend/events.js"}, analyzer.Config{}, "VELO091", analyzer.SeverityError},
		{"a file that cannot be read, set to info", failFS{site, "src/backend/events.js"}, levels("VELO091", analyzer.SeverityInfo), "VELO091", analyzer.SeverityInfo},
		{"a file that cannot be read, off", failFS{site, "src/backend/events.js"}, levels("VELO091", analyzer.SeverityOff), "VELO091", ""},
		{"a recovered panic", panicFS{site, "src/backend/more.js"}, analyzer.Config{}, "VELO099", analyzer.SeverityError},
		{"a recovered panic, set to warning", panicFS{site, "src/backend/more.js"}, levels("VELO099", analyzer.SeverityWarning), "VELO099", analyzer.SeverityWarning},
		{"a recovered panic, off", panicFS{site, "src/backend/more.js"}, levels("VELO099", analyzer.SeverityOff), "VELO099", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := analyzer.AnalyzeRepo(context.Background(), tt.fsys, tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			var got analyzer.Severity
			for _, d := range res.Diagnostics {
				if d.Code == tt.code {
					got = d.Severity
				}
				if d.Severity == analyzer.SeverityOff {
					t.Errorf("received a finding that is off: %+v", d)
				}
			}
			if got != tt.level {
				t.Errorf("%s at %q, want %q (%+v)", tt.code, got, tt.level, res.Diagnostics)
			}
		})
	}
}

func levels(k string, s analyzer.Severity) analyzer.Config {
	return analyzer.Config{Levels: map[string]analyzer.Severity{k: s}}
}
