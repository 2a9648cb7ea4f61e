package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// runCmd runs the velo-lsp command line in process.
func runCmd(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errb bytes.Buffer
	status = run(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), status
}

// writeSite lays out files under a new temporary folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, text := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestCheckTextFormat(t *testing.T) {
	root := writeSite(t, map[string]string{
		"src/backend/events.js": "/* 🎉 */ export function wixBilling_onInvoicePayed(event) {}\nexport function wixBilling_onInvoicePaid(event) {}\n",
	})
	out, errOut, status := runCmd(t, "check", "--no-color", root)
	if status != 1 {
		t.Fatalf("status %d, want 1; stderr %q", status, errOut)
	}
	// The emoji is two UTF-16 units: "/* 🎉 */ export function " is 25 units, so the name starts at column 26.
	line := regexp.MustCompile(`(?m)^src/backend/events\.js:1:26: error: .*\[VELO001\]$`)
	if !line.MatchString(out) {
		t.Errorf("no finding line at 1:26 in:\n%s", out)
	}
	if !strings.Contains(out, "1 events file checked") {
		t.Errorf("summary missing or wrong:\n%s", out)
	}
}

func TestCheckJSONFormat(t *testing.T) {
	root := writeSite(t, map[string]string{
		"src/backend/events.js":     "export function wixMembers_onMemberCreatd(event) {}\n",
		"src/backend/events.web.js": "export function wixMembers_onMemberCreated(event) {}\n",
		"src/public/util.js":        "export function wixMembers_onMemberCreatd(event) {}\n",
	})
	out, _, status := runCmd(t, "check", "--format", "json", root)
	if status != 1 {
		t.Fatalf("status %d, want 1", status)
	}
	var doc struct {
		Version     int `json:"version"`
		Files       int `json:"files"`
		Diagnostics []struct {
			Path, Severity, Code, Rule, Message string
			Line, Column, EndLine, EndColumn    int
			Suggestions                         []string
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	if doc.Version != 1 || doc.Files != 2 {
		t.Errorf("version %d files %d, want 1 and 2 (events.js and the look-alike)", doc.Version, doc.Files)
	}
	if len(doc.Diagnostics) != 2 {
		t.Fatalf("got %d diagnostics, want 2: %s", len(doc.Diagnostics), out)
	}
	d := doc.Diagnostics[0]
	if d.Path != "src/backend/events.js" || d.Code != "VELO001" || d.Rule != "unknown-handler" || d.Severity != "error" ||
		d.Line != 1 || d.Column != 17 || d.EndLine != 1 || d.EndColumn != 17+len("wixMembers_onMemberCreatd") {
		t.Errorf("first diagnostic = %+v", d)
	}
	if len(d.Suggestions) == 0 || d.Suggestions[0] != "wixMembers_onMemberCreated" {
		t.Errorf("suggestions = %v", d.Suggestions)
	}
	if doc.Diagnostics[1].Code != "VELO020" {
		t.Errorf("second diagnostic = %+v, want VELO020 on the look-alike", doc.Diagnostics[1])
	}
}

func TestCheckExitStatus(t *testing.T) {
	clean := writeSite(t, map[string]string{"src/backend/events.js": "export function wixBilling_onInvoicePaid(event) {}\n"})
	warn := writeSite(t, map[string]string{"src/backend/events.js": "export function get_orders(request) {}\n"})
	for _, tc := range []struct {
		name   string
		args   []string
		status int
		stderr string
	}{
		{"clean site", []string{"check", clean}, 0, ""},
		{"warning below the default level", []string{"check", warn}, 0, ""},
		{"warning at --fail-on warning", []string{"check", "--fail-on", "warning", warn}, 1, ""},
		{"--fail-on none", []string{"check", "--fail-on", "none", warn}, 0, ""},
		{"missing folder", []string{"check", filepath.Join(clean, "nope")}, 2, "no such file or directory"},
		{"bad format", []string{"check", "--format", "xml", clean}, 2, "unknown format"},
		{"bad fail-on", []string{"check", "--fail-on", "fatal", clean}, 2, "unknown level"},
		{"unknown flag", []string{"check", "--frobnicate", clean}, 2, "flag provided but not defined"},
		{"unknown command", []string{"lint"}, 2, "unknown command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, status := runCmd(t, tc.args...)
			if status != tc.status {
				t.Errorf("status %d, want %d (stderr %q)", status, tc.status, errOut)
			}
			if tc.stderr != "" && !strings.Contains(errOut, tc.stderr) {
				t.Errorf("stderr %q lacks %q", errOut, tc.stderr)
			}
			if strings.Contains(errOut, "goroutine ") {
				t.Errorf("stack trace on stderr: %s", errOut)
			}
		})
	}
}

func TestCheckBadInputIsOneMessage(t *testing.T) {
	root := writeSite(t, map[string]string{
		"src/backend/events.js":                       "export function wixBilling_onInvoicePaid(event) {}\n",
		"node_modules/@velo/pkg/backend/events.js":    "export function wixBilling_onInvoicePaid(event) {}\x00\n",
		"node_modules/@velo/latin1/backend/events.js": "// caf\xe9\nexport function wixBilling_onInvoicePaid(event) {}\n",
	})
	out, errOut, status := runCmd(t, "check", "--no-color", root)
	if status != 1 {
		t.Fatalf("status %d, want 1; %s %s", status, out, errOut)
	}
	if strings.Count(out, "[VELO093]") != 2 {
		t.Errorf("want one VELO093 per bad file:\n%s", out)
	}
}

func TestCheckConfigFile(t *testing.T) {
	root := writeSite(t, map[string]string{
		"src/backend/events.js": "export function wixBilling_onInvoicePayed(event) {}\n",
		".velo-lsp.json":        "{\n  \"rules\": {\"unknown-handler\": \"warning\"}\n}\n",
	})
	out, _, status := runCmd(t, "check", "--no-color", root)
	if status != 0 || !strings.Contains(out, "warning:") {
		t.Errorf("config not applied: status %d\n%s", status, out)
	}
	bad := writeSite(t, map[string]string{
		"src/backend/events.js": "export function wixBilling_onInvoicePaid(event) {}\n",
		".velo-lsp.json":        "{\n  \"rulez\": {}\n}\n",
	})
	_, errOut, status := runCmd(t, "check", bad)
	if status != 2 || !strings.Contains(errOut, ".velo-lsp.json:2:3") || !strings.Contains(errOut, "rulez") {
		t.Errorf("bad config: status %d, stderr %q", status, errOut)
	}
}

func TestCheckFixAndDiff(t *testing.T) {
	src := "exports.wixBilling_onInvoicePaid = function (event) {};\r\nfunction wixBilling_onInvoiceSent(event) {}\r\n"
	root := writeSite(t, map[string]string{"src/backend/events.js": src})
	path := filepath.Join(root, "src/backend/events.js")
	out, _, status := runCmd(t, "check", "--diff", root)
	if status != 0 || !strings.Contains(out, "+export const wixBilling_onInvoicePaid") || !strings.Contains(out, "+export function wixBilling_onInvoiceSent") {
		t.Fatalf("diff: status %d\n%s", status, out)
	}
	if b, _ := os.ReadFile(path); string(b) != src {
		t.Fatal("--diff wrote the file")
	}
	if _, _, status := runCmd(t, "check", "--fix", root); status != 0 {
		t.Fatalf("fix status %d", status)
	}
	want := "export const wixBilling_onInvoicePaid = function (event) {};\r\nexport function wixBilling_onInvoiceSent(event) {}\r\n"
	if b, _ := os.ReadFile(path); string(b) != want {
		t.Errorf("fixed file = %q, want %q", b, want)
	}
	if out, _, status := runCmd(t, "check", root); status != 0 {
		t.Errorf("after --fix the site still fails:\n%s", out)
	}
}

// TestSampleSite runs the README's first command: check on the sample site
// reports every rule that a checked-in file can show, and exits 1.
func TestSampleSite(t *testing.T) {
	out, errOut, status := runCmd(t, "check", "--format", "json", "../../testdata/sample-site")
	if status != 1 {
		t.Fatalf("status %d, want 1: %s", status, errOut)
	}
	seen := map[string]bool{}
	var doc struct {
		Diagnostics []struct{ Code string } `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, d := range doc.Diagnostics {
		seen[d.Code] = true
	}
	for _, code := range []string{"VELO001", "VELO002", "VELO003", "VELO010", "VELO011", "VELO012", "VELO013", "VELO014",
		"VELO015", "VELO016", "VELO020", "VELO021", "VELO030", "VELO040", "VELO041"} {
		if !seen[code] {
			t.Errorf("the sample site shows no %s", code)
		}
	}
}

func TestExplain(t *testing.T) {
	out, _, status := runCmd(t, "explain", "VELO001")
	if status != 0 || !strings.Contains(out, "unknown-handler") || !strings.Contains(out, "## Fix") {
		t.Errorf("explain VELO001: status %d\n%s", status, out)
	}
	if _, errOut, status := runCmd(t, "explain", "VELO999"); status != 2 || !strings.Contains(errOut, "no rule") {
		t.Errorf("explain VELO999: status %d %q", status, errOut)
	}
}

// TestCheckInsideBackendFolder: checking the backend folder itself judges
// its files by their place in the site, not as files at a root (where
// events.js would look like a look-alike outside any backend folder).
func TestCheckInsideBackendFolder(t *testing.T) {
	root := writeSite(t, map[string]string{
		"wix.config.json":            "{}",
		"src/backend/events.js":      "export function wixBilling_onInvoicePaid(event) {}\n",
		"src/backend/util/events.js": "export function wixBilling_onInvoiceSent(event) {}\n",
		"src/public/events.js":       "export function wixBilling_onInvoiceSent(event) {}\n",
	})
	out, _, status := runCmd(t, "check", "--format", "json", filepath.Join(root, "src", "backend"))
	if status != 1 {
		t.Fatalf("status %d\n%s", status, out)
	}
	if strings.Contains(out, `"path": "src/backend/events.js"`) || strings.Contains(out, "src/public") {
		t.Errorf("events.js judged as a look-alike, or a file outside the folder reported:\n%s", out)
	}
	if !strings.Contains(out, `"path": "src/backend/util/events.js"`) || !strings.Contains(out, `"files": 2`) {
		t.Errorf("the nested look-alike or the count is missing:\n%s", out)
	}
}

// TestLooseEventsFileIsInfo: an events file outside every site's backend
// folder is judged as a site's, and where it lies is said once, at info
// level, so that it never fails a build by default.
func TestLooseEventsFileIsInfo(t *testing.T) {
	root := writeSite(t, map[string]string{
		"velo/events.js": "export function wixBilling_onInvoicePaid(event) {}\nexport function wixBilling_onInvoicePayd(event) {}\n",
	})
	out, _, status := runCmd(t, "check", "--format", "json", root)
	var doc struct {
		Diagnostics []struct{ Code, Severity string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	levels := map[string]string{}
	for _, d := range doc.Diagnostics {
		levels[d.Code] += d.Severity + " "
	}
	if levels["VELO022"] != "info " || levels["VELO001"] != "error " || status != 1 {
		t.Errorf("status %d, findings by rule %v; want VELO022 once at info and the misspelling as an error", status, levels)
	}
	_, _, status = runCmd(t, "check", writeSite(t, map[string]string{"velo/events.js": "export function wixBilling_onInvoicePaid(event) {}\n"}))
	if status != 0 {
		t.Errorf("a loose file with only valid handlers: status %d, want 0 (info does not fail)", status)
	}
}

// TestWithPrefixLeavesTheResultAlone: a finding of a second PATH gets the
// prefix, and the result it came from (which --fix reads again) keeps its
// own paths, notes included.
func TestWithPrefixLeavesTheResultAlone(t *testing.T) {
	orig := []analyzer.Diagnostic{{
		Path:  "src/backend/events.js",
		Notes: []analyzer.Note{{Path: "src/backend/other.js", Message: "elsewhere"}, {Message: "here"}},
	}}
	for range 2 {
		got := prefixed(orig, "site-b/")
		if got[0].Path != "site-b/src/backend/events.js" || got[0].Notes[0].Path != "site-b/src/backend/other.js" || got[0].Notes[1].Path != "" {
			t.Fatalf("prefixed: %+v", got[0])
		}
	}
	if orig[0].Path != "src/backend/events.js" || orig[0].Notes[0].Path != "src/backend/other.js" {
		t.Errorf("the result changed: %+v", orig[0])
	}
}
