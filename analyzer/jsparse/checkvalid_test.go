package jsparse

import "testing"

func TestCheckValid(t *testing.T) {
	for _, tc := range []struct {
		name     string
		src      string
		wantErr  bool
		wantFile bool
	}{
		{"valid file: both parsers", "export function wixBilling_onInvoicePaid(event) {}\n", false, true},
		{"syntax error: esbuild's error, no structure", "export function wixBilling_onInvoicePaid(event) {\n  f(;\n}\n", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, f := CheckValid("events.js", []byte(tc.src), LangJS)
			if (v.Error != nil) != tc.wantErr || (f != nil) != tc.wantFile {
				t.Errorf("error %v, file %v", v.Error, f != nil)
			}
			if f != nil {
				full, cf := Check("events.js", []byte(tc.src), LangJS)
				if full.Error != nil || len(cf.Exports) != len(f.Exports) {
					t.Errorf("CheckValid and Check disagree on a valid file")
				}
			}
		})
	}
}
