package analyzer

import (
	"strings"
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

// TestVerifyFixRefusesWhatMakesCodeWorse: whatever a fix generator gets
// wrong, the verification refuses the result.
func TestVerifyFixRefusesWhatMakesCodeWorse(t *testing.T) {
	rename := func(from, to string) []candidate {
		return []candidate{{code: ruleUnknownHandler.ID, fix: Fix{Renames: &Rename{From: from, To: to}}}}
	}
	cjs := []candidate{{code: ruleCommonJSExport.ID}}
	for _, tc := range []struct {
		name, before, after string
		cands               []candidate
		want                string // part of the reason; "" accepted
	}{
		{"a syntax error", "export function a() {}", "export function a() {", nil, "would not load"},
		{"a duplicate declaration", "function b() {}\nexport function a() {}", "function b() {}\nexport function b() {}", rename("a", "b"), "would not load"},
		{"an export dropped", "exports.a = exports.b = function () {};", "export const a = function () {};", cjs, "remove the export `b`"},
		{"an assignment dropped", "exports.a = other = function () {};\nvar other;", "export const a = function () {};\nvar other;", cjs, "what `other` refers to"},
		{"a reference left behind", "export function a() {}\na();", "export function b() {}\na();", rename("a", "b"), "leave 1 reference"},
		{"a reference left behind, no load error", "export function a() {}\nfunction f() { return a; }", "export function b() {}\nfunction f() { return a; }", rename("a", "b"), "leave 1 reference"},
		{"a rename that follows every reference", "export function a() {}\na();", "export function b() {}\nb();", rename("a", "b"), ""},
		{"a CommonJS export turned into an ES one", "exports.a = function () {};", "export const a = function () {};", cjs, ""},
		{"an export added", "function a() {}", "export function a() {}", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := verifyFix([]byte(tc.before), []byte(tc.after), jsparse.LangJS, tc.cands)
			if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("verifyFix = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestFixFileReportsARefusedFix: a safe fix whose result fails
// verification is not applied, and the outcome says why.
func TestFixFileReportsARefusedFix(t *testing.T) {
	src := []byte("export function wixBilling_onInvoicePaid(event) {}\n")
	bad := Diagnostic{Path: "src/backend/events.js", Code: ruleUnknownHandler.ID, Range: Range{0, 6},
		Fixes: []Fix{{Title: "break it", Edits: []Edit{{Range: Range{0, 6}, NewText: "expor"}}, Preferred: true, Safe: true}}}
	in := FileInput{Path: "src/backend/events.js", Text: src, Role: RoleSiteEvents}
	out := FixFile(in, Config{}, &FileResult{Path: in.Path, Diagnostics: []Diagnostic{bad}})
	if string(out.Text) != string(src) || len(out.Applied) != 0 || len(out.Refused) != 1 || !strings.Contains(out.Refused[0].Reason, "would not load") {
		t.Errorf("outcome %+v", out)
	}
}
