package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/config"
)

var update = flag.Bool("update", false, "regenerate the README's generated sections")

// readmeSections are the README's generated parts: each lies between
// "<!-- BEGIN NAME …-->" and "<!-- END NAME -->" and is rebuilt from the
// code (or from the Markdown file kept beside the code it documents).
func readmeSections(t *testing.T) map[string]string {
	read := func(p string) string {
		b, err := os.ReadFile(filepath.FromSlash(p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	return map[string]string{
		"RULES":   analyzer.RulesMarkdown(),
		"CONFIG":  stripGeneratedNote(config.Markdown()),
		"CATALOG": demoteHeadings(read("../../catalog/CATALOG_JSON.md")),
		"EDITORS": demoteHeadings(read("../../editors/README-section.md")),
	}
}

func stripGeneratedNote(s string) string {
	return regexp.MustCompile(`(?m)^<!-- Generated .*-->\n+`).ReplaceAllString(s, "")
}

// demoteHeadings moves a section's headings one level down so that it
// nests under the README heading that holds it.
func demoteHeadings(s string) string {
	return regexp.MustCompile(`(?m)^(#+) `).ReplaceAllString(s, "#$1 ")
}

// TestREADMEIsCurrent fails when a generated section of the README is
// stale; go test ./cmd/velo-lsp -run TestREADMEIsCurrent -update rewrites
// them.
func TestREADMEIsCurrent(t *testing.T) {
	const path = "../../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	changed := false
	for name, want := range readmeSections(t) {
		begin := regexp.MustCompile(`<!-- BEGIN ` + name + ` [^>]*-->\n`).FindStringIndex(s)
		end := strings.Index(s, "<!-- END "+name+" -->")
		if begin == nil || end < begin[1] {
			t.Errorf("README.md lacks the BEGIN/END %s markers", name)
			continue
		}
		want = strings.TrimRight(want, "\n") + "\n"
		if s[begin[1]:end] == want {
			continue
		}
		if !*update {
			t.Errorf("README.md section %s is stale; run: go test ./cmd/velo-lsp -run TestREADMEIsCurrent -update", name)
			continue
		}
		s = s[:begin[1]] + want + s[end:]
		changed = true
	}
	if changed {
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestREADMEWorkflowCommands checks that every velo-lsp command line in the
// README's shell and YAML examples is one the command accepts: the CI
// workflow and the pre-commit hook must not rot.
func TestREADMEWorkflowCommands(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	site := writeSite(t, map[string]string{"src/backend/events.js": "export function wixBilling_onInvoicePaid(event) {}\n"})
	lines := regexp.MustCompile(`(?m)(?:^|run: |exec )(?:npx (?:--no-install |--yes )?)?velo-lsp(?:@[0-9.]+)? (check[^\n>|]*)`).FindAllStringSubmatch(string(b), -1)
	if len(lines) < 3 {
		t.Fatalf("found only %d velo-lsp check command lines in the README", len(lines))
	}
	for _, m := range lines {
		args := strings.Fields(m[1])
		for i, a := range args {
			if a == "." || a == "PATH..." {
				args[i] = site
			}
		}
		if strings.Contains(m[1], "[") { // the synopsis, not an example
			continue
		}
		_, errOut, status := runCmd(t, args...)
		if status == 2 {
			t.Errorf("README command %q is rejected: %s", "velo-lsp "+m[1], errOut)
		}
	}
}
