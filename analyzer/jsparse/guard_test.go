package jsparse

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestDeepNestingIsRefusedNotFatal: a file nested far deeper than any
// hand-written code would overflow esbuild's recursive parser, which kills
// the process. Every entry point refuses it instead, quickly.
func TestDeepNestingIsRefusedNotFatal(t *testing.T) {
	const levels = 200_000
	src := []byte("export const x = " + strings.Repeat("[", levels) + strings.Repeat("]", levels) + ";\n")
	if d := NestingDepth(src); d != levels {
		t.Fatalf("NestingDepth = %d, want %d", d, levels)
	}
	if v := Validate("events.js", src, LangJS); v.Error == nil || v.Error.ID != "too-deeply-nested" {
		t.Errorf("Validate: %+v", v.Error)
	}
	v, f := Check("events.js", src, LangJS)
	if v.Error == nil || !f.HasErrors {
		t.Errorf("Check: error %+v, HasErrors %v", v.Error, f.HasErrors)
	}
	if f := Parse(src, LangJS); !f.HasErrors || len(f.Exports) != 0 {
		t.Errorf("Parse: %+v", f)
	}
	if _, _, err := EsbuildExports("events.js", src, LangJS); err == nil {
		t.Error("EsbuildExports: no error")
	}
	fsys := fstest.MapFS{
		"events.js": {Data: []byte("export * from './deep.js';\n")},
		"deep.js":   {Data: src},
	}
	if _, err := ResolveExports(fsys, "events.js"); err == nil || !strings.Contains(err.Error(), "levels deep") {
		t.Errorf("ResolveExports: %v", err)
	}
	// At the limit, files are parsed as usual.
	ok := []byte("export const x = " + strings.Repeat("[", MaxNestingDepth-1) + strings.Repeat("]", MaxNestingDepth-1) + ";\n")
	if v := Validate("events.js", ok, LangJS); v.Error != nil {
		t.Errorf("Validate at the limit: %v", v.Error)
	}
}
