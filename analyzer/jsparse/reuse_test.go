package jsparse

import (
	"reflect"
	"strings"
	"testing"
)

// TestReuseAcrossEdit: when reuse is allowed, the carried-over structure
// must equal a fresh parse of the new text; when an edit could change the
// top level, reuse must be refused.
func TestReuseAcrossEdit(t *testing.T) {
	const base = "import x from 'y';\n" +
		"export function wixBilling_onInvoicePaid(event) {\n  const total = event.amount;\n  return total;\n}\n" +
		"function helper(a) {\n  return a;\n}\n" +
		"export const wixBilling_onInvoiceSent = (event) => {\n  helper(event);\n};\n" +
		"export default { wixCrm_onContactCreated(event) { return 1; } };\n"
	for _, tc := range []struct {
		name      string
		from, to  string // first occurrence of from in base is replaced by to
		wantReuse bool
	}{
		{"one letter typed in a handler body", "const total", "const totals", true},
		{"one letter deleted in a helper body", "return a;", "return ;", true},
		{"a word typed in an arrow body", "helper(event);", "helper(event); foo", true},
		{"edit of a handler name", "wixBilling_onInvoicePaid", "wixBilling_onInvoicePayed", false},
		{"a closing brace typed in a body", "return total;", "return total; }", false},
		{"a quote typed in a body", "return total;", "return 'total;", false},
		{"a line break typed in a body", "return total;", "return\ntotal;", false},
		{"a comment typed in a body", "return total;", "return total; //", false},
		{"an edit at the top level", "import x", "import xy", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(base, tc.from) {
				t.Fatalf("%q not in base", tc.from)
			}
			newText := strings.Replace(base, tc.from, tc.to, 1)
			old := Parse([]byte(base), LangJS)
			got, stmt, ok := ReuseAcrossEdit([]byte(base), []byte(newText), old)
			if ok != tc.wantReuse {
				t.Fatalf("reuse = %v, want %v", ok, tc.wantReuse)
			}
			if !ok {
				return
			}
			// The statement holds the edit and is one whole top-level statement.
			edit := strings.Index(newText, tc.to)
			if stmt.Start > edit || stmt.End < edit+len(tc.to) {
				t.Errorf("statement %v does not hold the edit at %d", stmt, edit)
			}
			if v := ValidateStatement([]byte(newText), stmt, LangJS); v.Error != nil {
				t.Errorf("the edited statement does not validate alone: %v", v.Error)
			}
			fresh := Parse([]byte(newText), LangJS)
			if !reflect.DeepEqual(got.Exports, fresh.Exports) {
				t.Errorf("exports differ from a fresh parse:\n got %+v\nwant %+v", got.Exports, fresh.Exports)
			}
			if !reflect.DeepEqual(got.Declarations, fresh.Declarations) {
				t.Errorf("declarations differ from a fresh parse:\n got %+v\nwant %+v", got.Declarations, fresh.Declarations)
			}
		})
	}
}
