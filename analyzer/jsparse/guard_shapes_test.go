package jsparse

import "strings"

// A shape is one family of adversarial inputs: gen(n) is a whole file that
// repeats one construct n times. The stress harness (guard_stress_test.go)
// finds, per shape, the n where esbuild overflows its stack or goes
// superlinear; the table tests use the same generators at the guard's
// limits.
type shape struct {
	name string
	lang Lang
	gen  func(n int) string
}

func rep(s string, n int) string { return strings.Repeat(s, n) }

// exportExpr wraps an expression as the value of an exported constant.
func exportExpr(e string) string { return "export const x = " + e + ";\n" }

// cycle repeats the items of parts, in turn, n times in all.
func cycle(parts []string, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(parts[i%len(parts)])
	}
	return b.String()
}

var shapes = []shape{
	// prefix operators
	{"prefix !", LangJS, func(n int) string { return exportExpr(rep("!", n) + "a") }},
	{"prefix ~", LangJS, func(n int) string { return exportExpr(rep("~", n) + "a") }},
	{"prefix - +", LangJS, func(n int) string { return exportExpr(cycle([]string{"-", "+"}, n) + "a") }},
	{"prefix typeof", LangJS, func(n int) string { return exportExpr(rep("typeof ", n) + "a") }},
	{"prefix void delete", LangJS, func(n int) string { return exportExpr(cycle([]string{"void ", "delete "}, n) + "a") }},
	{"prefix await", LangJS, func(n int) string { return "export async function f() { return " + rep("await ", n) + "a; }\n" }},
	{"prefix ++", LangJS, func(n int) string { return exportExpr(rep("++ ", n) + "a") }},
	{"prefix new", LangJS, func(n int) string { return exportExpr(rep("new ", n) + "a") }},
	{"prefix yield", LangJS, func(n int) string { return "export function* f() { " + rep("yield ", n) + "a; }\n" }},
	{"spread in array", LangJS, func(n int) string { return exportExpr(rep("[...", n) + "a" + rep("]", n)) }},
	// suffix chains
	{"member chain", LangJS, func(n int) string { return exportExpr("a" + rep(".b", n)) }},
	{"call chain", LangJS, func(n int) string { return exportExpr("f" + rep("()", n)) }},
	{"optional chain", LangJS, func(n int) string { return exportExpr("a" + rep("?.b", n)) }},
	{"index chain", LangJS, func(n int) string { return exportExpr("a" + rep("[0]", n)) }},
	{"tagged template chain", LangJS, func(n int) string { return exportExpr("f" + rep("``", n)) }},
	{"method call chain", LangJS, func(n int) string { return exportExpr("p" + rep(".then(f)", n)) }},
	{"postfix non-null (ts)", LangTS, func(n int) string { return exportExpr("a" + rep("!", n)) }},
	// right-associative chains
	{"assignment chain", LangJS, func(n int) string { return "let a;\n" + rep("a=", n) + "b;\n" }},
	{"compound assignment chain", LangJS, func(n int) string { return "let a;\n" + cycle([]string{"a+=", "a||=", "a??="}, n) + "b;\n" }},
	{"exponent chain", LangJS, func(n int) string { return exportExpr(rep("a**", n) + "a") }},
	{"conditional chain (else)", LangJS, func(n int) string { return exportExpr(rep("a?b:", n) + "c") }},
	{"conditional chain (then)", LangJS, func(n int) string { return exportExpr(rep("a?", n) + "b" + rep(":c", n)) }},
	{"arrow chain", LangJS, func(n int) string { return exportExpr(rep("a=>", n) + "a") }},
	{"arrow chain (distinct names)", LangJS, func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString("a" + itoaShape(i) + "=>")
		}
		return exportExpr(b.String() + "a")
	}},
	{"async arrow chain", LangJS, func(n int) string { return exportExpr(rep("async a=>", n) + "a") }},
	// left-associative binary chains and lists
	{"comma sequence", LangJS, func(n int) string { return "export function f(a) { return " + rep("a,", n) + "a; }\n" }},
	{"comma statement", LangJS, func(n int) string { return rep("a,", n) + "a;\n" }},
	{"comma in parens (left-nested)", LangJS, func(n int) string {
		return "export function f(a) { return " + rep("(", n) + "a" + rep(",a)", n) + "; }\n"
	}},
	{"comma in for", LangJS, func(n int) string { return "for (" + rep("a,", n) + "a;;) break;\n" }},
	{"plus chain", LangJS, func(n int) string { return exportExpr(rep("a+", n) + "a") }},
	{"logical chain", LangJS, func(n int) string { return exportExpr(cycle([]string{"a||", "a&&"}, n) + "a") }},
	{"nullish chain", LangJS, func(n int) string { return exportExpr(rep("a??", n) + "a") }},
	{"mixed precedence", LangJS, func(n int) string {
		return exportExpr(cycle([]string{"a*", "a+", "a<<", "a<", "a==", "a&", "a^", "a|", "a&&", "a||"}, n) + "a")
	}},
	{"string concatenation", LangJS, func(n int) string { return exportExpr(rep(`"ab"+`, n) + `"ab"`) }},
	{"number addition", LangJS, func(n int) string { return exportExpr(rep("1+", n) + "1") }},
	{"array elements", LangJS, func(n int) string { return exportExpr("[" + rep("a,", n) + "a]") }},
	{"call arguments", LangJS, func(n int) string { return exportExpr("f(" + rep("a,", n) + "a)") }},
	{"object properties", LangJS, func(n int) string { return exportExpr("{" + rep("a,", n) + "a}") }},
	{"let declarators", LangJS, func(n int) string { return "let " + rep("a,", n) + "a;\n" }},
	{"let declarators (distinct)", LangJS, func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString("a" + itoaShape(i) + ",")
		}
		return "let " + b.String() + "a;\n"
	}},
	{"redeclarations", LangJS, func(n int) string { return "let a;\n" + rep("let a;\n", n) }},
	{"duplicate keys (lines)", LangJS, func(n int) string { return exportExpr("{\n" + rep("a: 1,\n", n) + "}") }},
	{"string concatenation (long pieces)", LangJS, func(n int) string { return exportExpr(rep(`"`+rep("x", 100)+`"+`, n) + `""`) }},
	{"string concatenation (parens)", LangJS, func(n int) string { return exportExpr(rep("(", n) + `"ab"` + rep(`+"ab")`, n)) }},
	{"string concatenation (templates)", LangJS, func(n int) string { return exportExpr(rep("`ab`+", n) + "``") }},
	{"template substitutions", LangJS, func(n int) string { return exportExpr("`" + rep("${a}", n) + "`") }},
	{"statements", LangJS, func(n int) string { return rep("a;\n", n) }},
	// nesting (brackets and statements)
	{"parens", LangJS, func(n int) string { return exportExpr(rep("(", n) + "a" + rep(")", n)) }},
	{"template nesting", LangJS, func(n int) string { return exportExpr(rep("`${", n) + "a" + rep("}`", n)) }},
	{"object nesting", LangJS, func(n int) string { return exportExpr(rep("{a:", n) + "a" + rep("}", n)) }},
	{"nested arrow functions", LangJS, func(n int) string { return exportExpr(rep("()=>{return ", n) + "a" + rep("}", n)) }},
	{"nested functions with a parameter", LangJS, func(n int) string { return exportExpr(rep("function(a){return ", n) + "a" + rep("}", n)) }},
	{"nested functions with distinct parameters", LangJS, func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString("function(a" + itoaShape(i) + "){return ")
		}
		return exportExpr(b.String() + "a" + rep("}", n))
	}},
	{"nested blocks declaring distinct names", LangJS, func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString("{let a" + itoaShape(i) + ";")
		}
		return b.String() + rep("}", n) + "\n"
	}},
	{"nested blocks declaring a name", LangJS, func(n int) string { return rep("{let a;", n) + rep("}", n) + "\n" }},
	{"nested for-let without braces", LangJS, func(n int) string { return rep("for(let a;;)", n) + "break;\n" }},
	{"class nesting", LangJS, func(n int) string { return exportExpr(rep("class{m(){return ", n) + "a" + rep("}}", n)) }},
	{"label chain", LangJS, func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString("L")
			b.WriteString(itoaShape(i))
			b.WriteString(":")
		}
		return b.String() + ";\n"
	}},
	{"else-if chain", LangJS, func(n int) string { return "if (a) {}" + rep(" else if (a) {}", n) + "\n" }},
	{"nested if without braces", LangJS, func(n int) string { return rep("if(a)", n) + ";\n" }},
	{"nested while without braces", LangJS, func(n int) string { return rep("while(a)", n) + "break;\n" }},
	{"nested for without braces", LangJS, func(n int) string { return rep("for(;;)", n) + "break;\n" }},
	{"nested do-while", LangJS, func(n int) string { return rep("do ", n) + ";" + rep(" while(a)", n) + "\n" }},
	{"nested else", LangJS, func(n int) string { return rep("if(a);else ", n) + ";\n" }},
	{"blocks", LangJS, func(n int) string { return rep("{", n) + rep("}", n) + "\n" }},
	// TypeScript types
	{"type arguments (ts)", LangTS, func(n int) string { return "type T = " + rep("A<", n) + "B" + rep(">", n) + ";\n" }},
	{"union (ts)", LangTS, func(n int) string { return "type T = " + rep("a|", n) + "a;\n" }},
	{"intersection (ts)", LangTS, func(n int) string { return "type T = " + rep("a&", n) + "a;\n" }},
	{"array types (ts)", LangTS, func(n int) string { return "type T = a" + rep("[]", n) + ";\n" }},
	{"keyof chain (ts)", LangTS, func(n int) string { return "type T = " + rep("keyof ", n) + "a;\n" }},
	{"conditional types (ts)", LangTS, func(n int) string { return "type T = " + rep("a extends b ? c : ", n) + "d;\n" }},
	{"function types (ts)", LangTS, func(n int) string { return "type T = " + rep("() => ", n) + "a;\n" }},
	{"indexed access types (ts)", LangTS, func(n int) string { return "type T = a" + rep("['b']", n) + ";\n" }},
	{"as chain (ts)", LangTS, func(n int) string { return exportExpr("a" + rep(" as any", n)) }},
	{"satisfies chain (ts)", LangTS, func(n int) string { return exportExpr("a" + rep(" satisfies any", n)) }},
	{"type assertion chain (ts)", LangTS, func(n int) string { return exportExpr(rep("<any>", n) + "a") }},
	{"generic call chain (ts)", LangTS, func(n int) string { return exportExpr("f" + rep("<a>()", n)) }},
}

func itoaShape(i int) string {
	const digits = "abcdefghijklmnopqrstuvwxyz"
	s := ""
	for {
		s = string(digits[i%26]) + s
		i /= 26
		if i == 0 {
			return s
		}
	}
}
