package jsparse

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/velo-lsp/velo-lsp/analyzer/internal/corpus"
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

// limitCase is one measure of the guard: gen(n) builds a file whose
// measure is size(n); at the limit the file is parsed, above it refused.
type limitCase struct {
	name  string
	lang  Lang
	shape Shape
	limit int
	gen   func(n int) string
	size  func(n int) int // the measure of gen(n); nil: n
}

var limitCases = []limitCase{
	{"prefix operators", LangJS, ShapePrefix, MaxChain,
		func(n int) string { return exportExpr(rep("~", n) + "a") }, nil},
	{"typeof and void", LangJS, ShapePrefix, MaxChain,
		func(n int) string { return exportExpr(cycle([]string{"typeof ", "void "}, n) + "a") }, nil},
	{"member chain", LangJS, ShapeSuffix, MaxChain,
		func(n int) string { return exportExpr("a" + rep(".b", n)) }, nil},
	{"call chain", LangJS, ShapeSuffix, MaxChain,
		func(n int) string { return exportExpr("f" + rep("()", n)) }, nil},
	{"optional chain and indexes", LangJS, ShapeSuffix, MaxChain,
		func(n int) string { return exportExpr("a" + cycle([]string{"?.b", "[0]"}, n)) }, nil},
	{"assignment chain", LangJS, ShapeRightNested, MaxChain,
		func(n int) string { return "let a;\n" + rep("a=", n) + "b;\n" }, nil},
	{"conditional chain", LangJS, ShapeRightNested, MaxChain,
		func(n int) string { return "(" + rep("a?b:", n) + "c);\n" }, nil},
	{"exponent chain", LangJS, ShapeRightNested, MaxChain,
		func(n int) string { return "(" + rep("a**", n) + "a);\n" }, nil},
	{"else chain", LangJS, ShapeStatements, MaxChain,
		func(n int) string { return rep("if(a);else ", n/2) + ";\n" }, func(n int) int { return n / 2 * 2 }},
	{"comma sequence", LangJS, ShapeComma, MaxCommaSequence,
		func(n int) string { return rep("a,", n) + "a;\n" }, nil},
	{"comma sequence in for", LangJS, ShapeComma, MaxCommaSequence,
		func(n int) string { return "for (" + rep("a,", n) + "a;;) break;\n" }, nil},
	// esbuild drops the parentheses of ((a, a), a): one sequence.
	{"comma sequence in parentheses, left-nested", LangJS, ShapeComma, MaxCommaSequence,
		func(n int) string { return rep("(", n/4) + "a" + rep(",a,a,a,a)", n/4) + ";\n" }, func(n int) int { return n / 4 * 4 }},
	{"parentheses", LangJS, ShapeBrackets, MaxNestingDepth,
		func(n int) string { return exportExpr(rep("(", n) + "a" + rep(")", n)) }, nil},
	{"template substitutions", LangJS, ShapeBrackets, MaxNestingDepth,
		func(n int) string { return exportExpr(rep("`${", n) + "a" + rep("}`", n)) }, nil},
	// Each level within its limits, together over MaxDepth: three
	// brackets, each holding a chain of prefix operators.
	{"combined depth", LangJS, ShapeDepth, MaxDepth,
		func(n int) string {
			k := n - 3
			return rep("~", k/3) + "(" + rep("~", k/3) + "(" + rep("~", k-2*(k/3)) + "(a)));\n"
		}, nil},
	{"type assertions (ts)", LangTS, ShapePrefix, MaxChain,
		func(n int) string { return exportExpr(rep("<any>", n) + "a") }, nil},
}

// TestGuardLimits: for each measure, a file at the limit is parsed (the
// guard lets it through and esbuild reads it) and one just over it is
// refused, with the shape and size in the message.
func TestGuardLimits(t *testing.T) {
	for _, c := range limitCases {
		t.Run(c.name, func(t *testing.T) {
			size := c.size
			if size == nil {
				size = func(n int) int { return n }
			}
			at := []byte(c.gen(c.limit))
			if size(c.limit) != c.limit {
				t.Fatalf("the case measures %d at n = limit", size(c.limit))
			}
			if e := Complexity(at, c.lang); e != nil {
				t.Fatalf("at the limit: refused: %s", e.Error())
			}
			if v := Validate("events.js", at, c.lang); v.Error != nil && v.Error.ID == TooDeeplyNestedID {
				t.Fatalf("at the limit: Validate refused: %s", v.Error.Message)
			}
			n := c.limit + 1
			for size(n) <= c.limit {
				n++
			}
			over := []byte(c.gen(n))
			e := Complexity(over, c.lang)
			if e == nil {
				t.Fatalf("over the limit (%d): accepted", size(n))
			}
			if e.Shape != c.shape || e.Size != size(n) || e.Limit != c.limit {
				t.Fatalf("over the limit: %s (shape %s, size %d), want shape %s, size %d", e.Error(), e.Shape, e.Size, c.shape, size(n))
			}
			if !strings.Contains(e.Error(), group(size(n))) || !strings.Contains(e.Error(), "limit is "+group(c.limit)) {
				t.Errorf("message %q does not say the size and the limit", e.Error())
			}
			if v := Validate("events.js", over, c.lang); v.Error == nil || v.Error.ID != TooDeeplyNestedID {
				t.Errorf("Validate over the limit: %+v", v.Error)
			}
		})
	}
}

// budgetCase: gen(n) grows one superlinear shape; the guard refuses it
// once its steps pass the file's budget.
type budgetCase struct {
	name  string
	lang  Lang
	shape Shape
	gen   func(n int) string
	max   int // n to search up to
}

var budgetCases = []budgetCase{
	{"nested ! operators", LangJS, ShapeNotSteps,
		func(n int) string { return exportExpr(rep("!", n) + "a") }, MaxChain},
	{"nested ! through parentheses", LangJS, ShapeNotSteps,
		func(n int) string { return exportExpr(rep("!!!!(", n) + "a" + rep(")", n)) }, MaxNestingDepth},
	{"many comma sequences", LangJS, ShapeCommaSteps,
		func(n int) string { return rep(rep("a,", 1500)+"a;\n", n) }, 100},
	{"label chain", LangJS, ShapeLabelSteps,
		func(n int) string { return shapeGen("label chain", n) }, MaxChain},
	{"string concatenation", LangJS, ShapeStringBytes,
		func(n int) string { return exportExpr(rep(`"ab"+`, n) + `"ab"`) }, 20000},
	{"string concatenation of templates", LangJS, ShapeStringBytes,
		func(n int) string { return exportExpr(rep("`a${b}c`+", n) + "``") }, 20000},
	{"arrow chain shadowing a name", LangJS, ShapeScopeSteps,
		func(n int) string { return exportExpr(rep("a=>", n) + "a") }, MaxChain},
	{"nested functions", LangJS, ShapeScopeSteps,
		func(n int) string { return shapeGen("nested functions with distinct parameters", n) }, MaxNestingDepth},
	{"nested for (let …) without braces", LangJS, ShapeScopeSteps,
		func(n int) string { return rep("for(let a;;)", n) + "break;\n" }, MaxChain},
	{"nested if without braces", LangJS, ShapeIndentSteps,
		func(n int) string { return rep("if(a)", n) + ";\n" }, MaxChain},
	{"nested do", LangJS, ShapeIndentSteps,
		func(n int) string { return rep("do ", n) + ";" + rep(" while(a)", n) + "\n" }, MaxChain},
	{"nested for", LangJS, ShapeIndentSteps,
		func(n int) string { return rep("for(;;)", n) + "break;\n" }, MaxChain},
	{"redeclarations", LangJS, ShapeRedeclBytes,
		func(n int) string { return rep("let a;\n", n) }, 20000},
	{"let declarators with one name", LangJS, ShapeRedeclBytes,
		func(n int) string { return "let " + rep("a,", n) + "a;\n" }, 30000},
	{"many nested blocks", LangJS, ShapeIndentSteps,
		func(n int) string { return rep(rep("{", 900)+rep("}", 900)+"\n", n) }, 100},
}

func shapeGen(name string, n int) string {
	s, ok := shapeByName(name)
	if !ok {
		panic("no shape " + name)
	}
	return s.gen(n)
}

// TestGuardBudgets: each superlinear shape is accepted up to the largest
// size within its budget (and parsed there) and refused one step beyond,
// by that budget.
func TestGuardBudgets(t *testing.T) {
	for _, c := range budgetCases {
		t.Run(c.name, func(t *testing.T) {
			accepted := func(n int) bool { return Complexity([]byte(c.gen(n)), c.lang) == nil }
			if !accepted(1) {
				t.Fatalf("refused at n = 1: %s", Complexity([]byte(c.gen(1)), c.lang).Error())
			}
			if accepted(c.max) {
				t.Fatalf("accepted at n = %d", c.max)
			}
			lo, hi := 1, c.max // accepted(lo), !accepted(hi)
			for hi-lo > 1 {
				if mid := (lo + hi) / 2; accepted(mid) {
					lo = mid
				} else {
					hi = mid
				}
			}
			at := []byte(c.gen(lo))
			if v := Validate("events.js", at, c.lang); v.Error != nil && v.Error.ID == TooDeeplyNestedID {
				t.Fatalf("at the budget (n = %d): Validate refused: %s", lo, v.Error.Message)
			}
			e := Complexity([]byte(c.gen(hi)), c.lang)
			if e.Shape != c.shape {
				t.Fatalf("just over the budget (n = %d): %s (shape %s), want %s", hi, e.Error(), e.Shape, c.shape)
			}
			if e.Size <= e.Limit || !strings.Contains(e.Error(), "limit for this file is "+group(e.Limit)) {
				t.Errorf("message %q: size %d, limit %d", e.Error(), e.Size, e.Limit)
			}
			t.Logf("largest accepted n = %d (%d bytes); n = %d: %s", lo, len(at), hi, e.Error())
		})
	}
}

// TestReproducedInputsAreRefusedQuickly: the inputs of the defect reports
// (fatal stack overflows in esbuild at 180 to 350 KB, a comma sequence that
// took 41 s at 80 KB) are refused by every entry point that feeds esbuild,
// each in a small fraction of a second of CPU time.
func TestReproducedInputsAreRefusedQuickly(t *testing.T) {
	cases := []struct {
		name  string
		src   string
		shape Shape
		msg   string
	}{
		{"200,000 ! before an expression", "// generated\n\nexport const x = " + rep("!", 200_000) + "a;\n", ShapePrefix,
			"a chain of 200,000 prefix operators at line 3; the limit is 5,000"},
		{"member chain, 180 KB", exportExpr("a" + rep(".b", 90_000)), ShapeSuffix,
			"a chain of 90,000 member accesses and calls at line 1; the limit is 5,000"},
		{"call chain, 250 KB", exportExpr("f" + rep("()", 125_000)), ShapeSuffix,
			"a chain of 125,000 member accesses and calls at line 1; the limit is 5,000"},
		{"assignment chain, 350 KB", "let a;\n" + rep("a=", 175_000) + "b;\n", ShapeRightNested,
			"a chain of 175,000 nested assignments at line 2; the limit is 5,000"},
		{"comma sequence, 80 KB", "export function f(a) {\n  return " + rep("a,", 40_000) + "a;\n}\n", ShapeComma,
			"a sequence of 40,000 comma operators at line 2; the limit is 2,000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := []byte(c.src)
			c0 := cpuTime()
			e := Complexity(src, LangJS)
			guard := cpuTime() - c0
			if e == nil || e.Shape != c.shape || e.Error() != c.msg {
				t.Fatalf("Complexity = %v, want %q", e, c.msg)
			}
			refused := func(who string, v Validation) {
				t.Helper()
				if v.Error == nil || v.Error.ID != TooDeeplyNestedID || !strings.Contains(v.Error.Message, c.msg) {
					t.Errorf("%s: %+v", who, v.Error)
				}
			}
			c0 = cpuTime()
			refused("Validate", Validate("events.js", src, LangJS))
			v, f := CheckValid("events.js", src, LangJS)
			refused("CheckValid", v)
			if f != nil {
				t.Error("CheckValid: a File for a refused file")
			}
			if _, _, err := EsbuildExports("events.js", src, LangJS); err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("EsbuildExports: %v", err)
			}
			fsys := fstest.MapFS{
				"backend/events.js": {Data: []byte("export * from './gen.js';\n")},
				"backend/gen.js":    {Data: src},
			}
			if _, err := ResolveExports(fsys, "backend/events.js"); err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("ResolveExports: %v", err)
			}
			entry := cpuTime() - c0
			// Check also scans the refused file (Parse), for the
			// editor's partial structure.
			v, f = Check("events.js", src, LangJS)
			refused("Check", v)
			if f == nil {
				t.Errorf("Check: no File")
			}
			t.Logf("%d bytes: guard %v CPU; Validate, CheckValid, EsbuildExports, ResolveExports together %v", len(src), guard, entry)
			// Before the guard these inputs killed the process or ran for
			// minutes; the guard reads them in milliseconds. The bound is
			// generous CPU time, far above the guard and far below esbuild.
			if !raceEnabled && (guard > 500*time.Millisecond || entry > 2*time.Second) {
				t.Errorf("too slow: guard %v, entry points %v", guard, entry)
			}
		})
	}
}

// TestGuardAcceptsOrdinaryCode: the generated events files of the
// benchmarks and hand-written constructs near what people write pass
// every measure with room to spare.
func TestGuardAcceptsOrdinaryCode(t *testing.T) {
	srcs := []string{
		"export function wixStores_onNewOrder(event) {\n  if (!event || !event.order) return;\n" +
			"  const total = event.order.totals.subtotal + event.order.totals.tax - (event.order.discount ?? 0);\n" +
			"  return fetch(`https://example.com/${event.order.id}`, { method: 'POST', body: JSON.stringify({ a: 1, b: [1, 2, 3] }) })\n" +
			"    .then((r) => r.json()).then((j) => j.ok ? j.value : null).catch((e) => { console.error(e); });\n}\n",
		"label: for (let i = 0, n = 10; i < n; i++) { if (i % 2) continue label; else if (i > 5) break label; }\n",
		"export const f = (a) => (b) => (c) => a + b + c, g = async function* () { yield await x; };\n",
		"class A extends B { static #x = 1; get y() { return this.#x; } m() { return super.m?.() ?? 0; } }\n",
		"const s = 'a' + 'b' + 'c' + `d${e}f` + 1 + 2;\nlet x = a ? b : c ? d : e;\nswitch (x) { case 1: case 2: break; default: }\n",
	}
	for _, s := range srcs {
		if e := Complexity([]byte(s), LangJS); e != nil {
			t.Errorf("%q: %s", s, e.Error())
		}
	}
	for _, lines := range []int{200, 2000} {
		f := corpus.GenerateFile(42, lines).Text
		if e := Complexity(f, LangJS); e != nil {
			t.Errorf("generated file of %d lines: %s", lines, e.Error())
		}
	}
}

// TestGuardMessages: the message names the shape, its size, the line and
// the limit; Validate's error wraps it.
func TestGuardMessages(t *testing.T) {
	src := []byte("const a = 1;\n\nexport const x = " + rep("a.", 6000) + "a;\n")
	v := Validate("events.js", src, LangJS)
	want := "The file is too complex to examine safely: a chain of 6,000 member accesses and calls at line 3; the limit is 5,000; it was not parsed"
	if v.Error == nil || v.Error.Message != want || v.Error.ID != TooDeeplyNestedID {
		t.Fatalf("Validate: %+v\nwant %q", v.Error, want)
	}
	for n, s := range map[int]string{0: "0", 999: "999", 1000: "1,000", 200000: "200,000", 1234567: "1,234,567"} {
		if group(n) != s {
			t.Errorf("group(%d) = %q, want %q", n, group(n), s)
		}
	}
}
