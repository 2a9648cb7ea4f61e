package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/report")

// goldenDir holds the expected outputs.
var goldenDir = filepath.Join("..", "..", "testdata", "report")

// The files the sample findings point into. Multibyte text (Hebrew, CJK,
// emoji, Korean) stands before the flagged names so that UTF-16 columns
// differ from byte and character columns; events.js uses CRLF, helpers.js
// has no final newline.
var sources = map[string]string{
	"src/backend/events.js": "// אירועים של החנות 🛒\r\n" +
		"import wixData from 'wix-data';\r\n" +
		"\r\n" +
		"/* 🎉 发票 */ export function wixBilling_onInvoicePayed(event) {\r\n" +
		"  return wixData.insert('log', event.data);\r\n" +
		"}\r\n" +
		"\r\n" +
		"export const wixStores_onNewOrder = 42; // 注文 ✅\r\n" +
		"module.exports.wixCrm_onContactCreated = function (event) {};\r\n",
	"src/backend/helpers.js": "// 한국어 도우미\n" +
		"export function wixBilling_onInvoicePaid(event) {}",
}

// at returns the byte range of the n-th (0-based) occurrence of sub in the
// file p.
func at(t testing.TB, p, sub string, n int) analyzer.Range {
	t.Helper()
	text := sources[p]
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(text[off:], sub)
		if j < 0 {
			t.Fatalf("%q: occurrence %d of %q not found", p, n, sub)
		}
		if i == n {
			return analyzer.Range{Start: off + j, End: off + j + len(sub)}
		}
		off += j + len(sub)
	}
}

func sampleRules() []*analyzer.Rule {
	return []*analyzer.Rule{
		{
			ID: "VELO001", Name: "unknown-handler", Title: "Handler name matches no known event",
			Severity: analyzer.SeverityError, Since: "0.1.0",
			Doc: analyzer.RuleDoc{
				What:    "Reports exported functions whose name looks like an event handler but names no event.",
				Why:     "Velo calls a handler only when its name is exactly `<prefix>_on<Event>`; any other name is never called.",
				Example: "export function wixBilling_onInvoicePayed(event) {}",
				Fix:     "Rename the function to the event's handler name, `wixBilling_onInvoicePaid`.",
			},
			Safe: true,
		},
		{
			ID: "VELO004", Name: "not-a-function", Title: "Handler-named export is not a function",
			Severity: analyzer.SeverityWarning, Since: "0.1.0",
			Doc: analyzer.RuleDoc{
				What: "Reports handler-named exports whose value is not a function.",
				Why:  "Velo calls the export; a number or string cannot be called, so the event is lost.",
				Fix:  "Export a function.",
			},
		},
		{
			ID: "VELO005", Name: "commonjs-export", Title: "CommonJS export in an events file",
			Severity: analyzer.SeverityInfo, Since: "0.1.0",
			Doc: analyzer.RuleDoc{
				What:    "Reports `module.exports` and `exports.x` assignments.",
				Why:     "Velo backend files are ES modules; CommonJS exports are not seen.",
				Example: "module.exports.wixCrm_onContactCreated = function (event) {};",
				Fix:     "Write `export function wixCrm_onContactCreated(event) {}`.",
			},
			Safe: true,
		},
	}
}

func sampleDiagnostics(t testing.TB) []analyzer.Diagnostic {
	const ev, helpers = "src/backend/events.js", "src/backend/helpers.js"
	cjs := at(t, ev, "module.exports.wixCrm_onContactCreated = function", 0)
	return []analyzer.Diagnostic{
		{
			Path: ev, Range: at(t, ev, "wixBilling_onInvoicePayed", 0),
			Code: "VELO001", Rule: "unknown-handler", Severity: analyzer.SeverityError,
			Message:     "wixBilling_onInvoicePayed matches no event of wix-billing-backend, so it is never called: did you mean `wixBilling_onInvoicePaid`?",
			Suggestions: []string{"wixBilling_onInvoicePaid", "wixBilling_onInvoiceSent"},
			Notes: []analyzer.Note{
				{Path: helpers, Range: at(t, helpers, "wixBilling_onInvoicePaid", 0), Message: "a function with the suggested name is defined here"},
			},
			Fixes: []analyzer.Fix{
				{Title: "Rename to wixBilling_onInvoicePaid", Preferred: true, Safe: true,
					Edits: []analyzer.Edit{{Range: at(t, ev, "wixBilling_onInvoicePayed", 0), NewText: "wixBilling_onInvoicePaid"}}},
			},
		},
		{
			Path: ev, Range: at(t, ev, "wixStores_onNewOrder", 0),
			Code: "VELO004", Rule: "not-a-function", Severity: analyzer.SeverityWarning,
			Message: "wixStores_onNewOrder is a number, not a function: 100% of wixStores/onNewOrder events are dropped",
			Notes:   []analyzer.Note{{Range: analyzer.Range{Start: -1}, Message: "Velo calls the exported value with the event object."}},
		},
		{
			Path: ev, Range: at(t, ev, "module.exports.wixCrm_onContactCreated", 0),
			Code: "VELO005", Rule: "commonjs-export", Severity: analyzer.SeverityInfo,
			Message: "CommonJS exports are not seen by Velo.\nWrite an ES module export instead.",
			Fixes: []analyzer.Fix{
				{Title: "Convert to an ES module export", Preferred: true, Safe: true,
					Edits: []analyzer.Edit{
						{Range: cjs, NewText: "export function wixCrm_onContactCreated"},
						{Range: at(t, ev, "function (event) {};", 0), NewText: "(event) {}"},
					}},
			},
		},
		{
			// A file the Source cannot give: positions fall back to 1:1. Its
			// code is not among the rules: SARIF gets a minimal rule entry.
			Path: "src/backend/big, old/events.js", Range: analyzer.Range{Start: 0, End: 0},
			Code: "VELO090", Rule: "file-too-large", Severity: analyzer.SeverityWarning,
			Message: "The file is larger than 1048576 bytes and was not analyzed.",
		},
	}
}

func sampleOptions() Options {
	files := map[string][]byte{}
	for p, s := range sources {
		files[p] = []byte(s)
	}
	return Options{Source: MapSource(files), Files: 3, Rules: sampleRules(), ToolVersion: "0.1.0"}
}

func TestGolden(t *testing.T) {
	diags := sampleDiagnostics(t)
	tests := []struct {
		name   string
		file   string
		format Format
		color  bool
	}{
		{"text", "check.txt", FormatText, false},
		{"text with colour", "check.color.txt", FormatText, true},
		{"json", "check.json", FormatJSON, false},
		{"sarif", "check.sarif", FormatSARIF, false},
		{"github", "check.github.txt", FormatGitHub, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := sampleOptions()
			opts.Color = tt.color
			var buf bytes.Buffer
			if err := Write(&buf, tt.format, diags, opts); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join(goldenDir, tt.file)
			if *update {
				if err := os.MkdirAll(goldenDir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from the golden file (run with -update if intended)\n--- got\n%s\n--- want\n%s", tt.file, buf.Bytes(), want)
			}
		})
	}
}

// TestColumnsAreUTF16 pins the positions by hand, independently of the
// golden files: 1-based lines, 1-based UTF-16 columns, exclusive end.
func TestColumnsAreUTF16(t *testing.T) {
	rep := JSON(sampleDiagnostics(t), sampleOptions())
	type lc struct{ line, col, endLine, endCol int }
	want := []lc{
		// "/* 🎉 发票 */ export function " is 3+2+1+2+4+16 = 28 UTF-16 units
		// (37 bytes); the name is 25 units.
		{4, 29, 4, 54},
		{8, 14, 8, 34},
		{9, 1, 9, 39},
		{1, 1, 1, 1},
	}
	if len(rep.Diagnostics) != len(want) {
		t.Fatalf("got %d diagnostics, want %d", len(rep.Diagnostics), len(want))
	}
	for i, w := range want {
		d := rep.Diagnostics[i]
		if got := (lc{d.Line, d.Column, d.EndLine, d.EndColumn}); got != w {
			t.Errorf("%s %s: got %d:%d-%d:%d, want %d:%d-%d:%d", d.Code, d.Path, got.line, got.col, got.endLine, got.endCol, w.line, w.col, w.endLine, w.endCol)
		}
	}
}

func TestJSONShape(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, nil, Options{Files: 7}); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(strings.Fields(buf.String()), ""), `{"version":1,"files":7,"diagnostics":[]}`; got != want {
		t.Errorf("empty report = %s, want %s", got, want)
	}
	buf.Reset()
	if err := WriteJSON(&buf, sampleDiagnostics(t), sampleOptions()); err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Diagnostics []map[string]any `json:"diagnostics"`
	}
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	keys := []string{"path", "line", "column", "endLine", "endColumn", "severity", "code", "rule", "message", "suggestions"}
	for i, d := range raw.Diagnostics {
		if len(d) != len(keys) {
			t.Errorf("diagnostic %d has %d keys, want %d: %v", i, len(d), len(keys), d)
		}
		for _, k := range keys {
			if _, ok := d[k]; !ok {
				t.Errorf("diagnostic %d lacks %q", i, k)
			}
		}
		if _, ok := d["suggestions"].([]any); !ok {
			t.Errorf("diagnostic %d: suggestions = %#v, want an array", i, d["suggestions"])
		}
	}
}

func TestTextSummary(t *testing.T) {
	s := func(diags []analyzer.Diagnostic, files int) string {
		var buf bytes.Buffer
		if err := WriteText(&buf, diags, Options{Files: files}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
		return lines[len(lines)-1]
	}
	d := func(p string, sev analyzer.Severity) analyzer.Diagnostic {
		return analyzer.Diagnostic{Path: p, Severity: sev, Code: "VELO001", Message: "m"}
	}
	tests := []struct {
		name  string
		diags []analyzer.Diagnostic
		files int
		want  string
	}{
		{"nothing", nil, 4, "no problems; 4 events files checked"},
		{"one file checked", nil, 1, "no problems; 1 events file checked"},
		{"one error", []analyzer.Diagnostic{d("a.js", analyzer.SeverityError)}, 1,
			"1 problem (1 error, 0 warnings, 0 info) in 1 file; 1 events file checked"},
		{"mixed over two files", []analyzer.Diagnostic{
			d("a.js", analyzer.SeverityError), d("a.js", analyzer.SeverityError),
			d("b.js", analyzer.SeverityWarning), d("b.js", analyzer.SeverityInfo),
		}, 5, "4 problems (2 errors, 1 warning, 1 info) in 2 files; 5 events files checked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s(tt.diags, tt.files); got != tt.want {
				t.Errorf("summary = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTextColourOnlyWhenAsked(t *testing.T) {
	for _, color := range []bool{false, true} {
		opts := sampleOptions()
		opts.Color = color
		var buf bytes.Buffer
		if err := WriteText(&buf, sampleDiagnostics(t), opts); err != nil {
			t.Fatal(err)
		}
		if has := strings.Contains(buf.String(), "\x1b["); has != color {
			t.Errorf("Color=%v: output contains escape sequences = %v", color, has)
		}
	}
}

func TestColorEnabled(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t.Setenv("NO_COLOR", "")
	if ColorEnabled(f) {
		t.Error("a regular file is not a terminal")
	}
	if ColorEnabled(nil) {
		t.Error("nil file")
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		t.Setenv("TERM", "xterm")
		if !ColorEnabled(tty) {
			t.Error("/dev/tty with NO_COLOR empty: want colour")
		}
		t.Setenv("NO_COLOR", "1")
		if ColorEnabled(tty) {
			t.Error("NO_COLOR=1 must disable colour")
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	tests := []struct {
		in, data, prop string
	}{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"%0A literal", "%250A literal", "%250A literal"},
	}
	for _, tt := range tests {
		if got := escapeData(tt.in); got != tt.data {
			t.Errorf("escapeData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := escapeProperty(tt.in); got != tt.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tt.in, got, tt.prop)
		}
	}
	var buf bytes.Buffer
	if err := WriteGitHub(&buf, sampleDiagnostics(t), sampleOptions()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d lines, want one per finding (4):\n%s", len(lines), buf.String())
	}
	for i, prefix := range []string{"::error file=", "::warning file=", "::notice file=", "::warning file=src/backend/big%2C old/events.js,"} {
		if !strings.HasPrefix(lines[i], prefix) {
			t.Errorf("line %d = %q, want prefix %q", i, lines[i], prefix)
		}
	}
}

func TestSARIFStructure(t *testing.T) {
	var buf bytes.Buffer
	opts := sampleOptions()
	opts.SrcRoot = "/work/site"
	if err := WriteSARIF(&buf, sampleDiagnostics(t), opts); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind = %q", run.ColumnKind)
	}
	if got := run.OriginalURIBaseIDs[SrcRootID].URI; got != "file:///work/site/" {
		t.Errorf("%%SRCROOT%% = %q", got)
	}
	rules := run.Tool.Driver.Rules
	if len(rules) != 4 || rules[3].ID != "VELO090" {
		t.Fatalf("rules = %+v, want the 3 given plus VELO090", rules)
	}
	if rules[0].Name != "UnknownHandler" || rules[0].DefaultConfiguration.Level != "error" || rules[2].DefaultConfiguration.Level != "note" {
		t.Errorf("rule 0 = %+v, rule 2 level %q", rules[0], rules[2].DefaultConfiguration.Level)
	}
	if rules[0].Help == nil || !strings.Contains(rules[0].Help.Markdown, "Why it matters") {
		t.Errorf("rule 0 help = %+v", rules[0].Help)
	}
	levels := map[string]bool{"none": true, "note": true, "warning": true, "error": true}
	for i, r := range rules {
		if !levels[r.DefaultConfiguration.Level] {
			t.Errorf("rule %d: level %q is not a SARIF level", i, r.DefaultConfiguration.Level)
		}
	}
	for i, r := range run.Results {
		if !levels[r.Level] {
			t.Errorf("result %d: level %q is not a SARIF level", i, r.Level)
		}
		if rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %d: ruleIndex %d is %s, ruleId %s", i, r.RuleIndex, rules[r.RuleIndex].ID, r.RuleID)
		}
		for _, l := range r.Locations {
			a := l.PhysicalLocation.ArtifactLocation
			if a.URIBaseID != SrcRootID || a.URI == "" {
				t.Errorf("result %d: artifact location %+v", i, a)
			}
		}
	}
	r0 := run.Results[0]
	if len(r0.RelatedLocations) != 1 || r0.RelatedLocations[0].PhysicalLocation.ArtifactLocation.URI != "src/backend/helpers.js" ||
		r0.RelatedLocations[0].PhysicalLocation.Region.StartLine != 2 {
		t.Errorf("related locations = %+v", r0.RelatedLocations)
	}
	if len(r0.Fixes) != 1 || r0.Fixes[0].ArtifactChanges[0].Replacements[0].DeletedRegion != (sarifRegion{4, 29, 4, 54}) {
		t.Errorf("fix = %+v", r0.Fixes)
	}
	if got := run.Results[2].Fixes[0].ArtifactChanges; len(got) != 1 || len(got[0].Replacements) != 2 {
		t.Errorf("two edits in one file should be one artifactChange with two replacements: %+v", got)
	}
	if got := run.Results[1].Message.Text; !strings.HasSuffix(got, "\nVelo calls the exported value with the event object.") {
		t.Errorf("a note without location should join the message: %q", got)
	}
	if got := run.Results[3].Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "src/backend/big,%20old/events.js" {
		t.Errorf("uri = %q, want percent-encoded", got)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		if got, err := ParseFormat(string(f)); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil || !strings.Contains(err.Error(), "sarif") {
		t.Errorf("ParseFormat(xml) error = %v", err)
	}
	if err := Write(&bytes.Buffer{}, "xml", nil, Options{}); err == nil {
		t.Error("Write with an unknown format must fail")
	}
}

// TestWriteJSONEqualsTheEncodedDocument: the streaming WriteJSON writes the
// bytes json.Encoder (two-space indent, no HTML escaping) writes for the
// whole JSONReport, with no finding, one, and several (with characters that
// need escaping).
func TestWriteJSONEqualsTheEncodedDocument(t *testing.T) {
	all := sampleDiagnostics(t)
	odd := all[0]
	odd.Message = "quotes \" backslash \\ <tag> & tab\t newline\n U+2028\u2028"
	for _, diags := range [][]analyzer.Diagnostic{nil, all[:1], all, {odd}} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(JSON(diags, sampleOptions())); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := WriteJSON(&got, diags, sampleOptions()); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%d findings: WriteJSON wrote\n%s\nwant\n%s", len(diags), got.String(), want.String())
		}
	}
}
