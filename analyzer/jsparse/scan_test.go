package jsparse

// scanCases are shapes beyond parseCases that the scanner must read
// exactly: TypeScript declarations, decorators, ASI, regular expressions
// after statements, format rules. Also fixtures of the differential test.
var scanCases = []struct {
	name string
	lang Lang
	src  string
	want []string // render() of every export, in order
}{
	{"decorated class", LangTS, "@dec export class A {}\nexport @dec2() class B {}\n@a.b(c) class C {}\nexport { C };", nil},
	{"export import alias and require", LangTS, "namespace N { export const x = 1; }\nexport import Q = N.x;\nimport fs = require('fs');\nexport import P = require('path');", nil},
	{"export equals", LangTS, "const h = () => 1;\nexport = h;", nil},
	{"dotted namespace", LangTS, "export namespace A.B { export const x = 1 }", nil},
	{"generic arrow and casts", LangTS, "export const f = <T,>(x: T): T => x, g = <any>(() => 1), h = (x as any) satisfies unknown;", nil},
	{"overloads and declare", LangTS, "export function f(a: string): void;\nexport function f(a: any) {}\ndeclare function g(): void;\nexport default function k(): void;\nexport default function k() {}", nil},
	{"asi and comments after statements", LangJS, "export const a = 1 // one\nexport const b = () => {} // two\nexports.c = 3 // three\nexport { a as d } // four\n", nil},
	{"regex after statements", LangJS, "export function f() {}\n/re/.test('x')\nif (x) {} /y/g.exec(s)\nexport const g = 1", nil},
	{"async and await forms", LangJS, "export const a = async x => x, b = async (y) => y, c = async function () {}, d = async;\nexport default async () => {};", nil},
	{"getters and computed keys", LangJS, "export default { get a() { return 1 }, set a(v) {}, [k]: 1, 'q-r'() {}, 1: 2, async *g() {} };", nil},
	{"CommonJS shadowed", LangJS, "const exports = {};\nexports.a = 1;\nmodule.exports.b = 2;", nil},
	{"module inside functions", LangJS, "function f(module) { return module.x; }\nconst g = () => exports;", nil},
	{"top-level this and return", LangJS, "const self = this;\nif (self) return;", nil},
	{"import meta and require", LangJS, "const u = import.meta.url;\nexport const r = require('x').y;", nil},
	{"TypeScript enums and namespaces", LangTS, "export const enum A { X = 1 }\nexport declare enum B { Y }\nexport namespace C { export declare const z: number }\nnamespace D { import E = C; }\nexport { D };", nil},
	{"labels, blocks and var in blocks", LangJS, "outer: for (;;) { break outer; }\n{ var v = 1; }\nexport { v };", nil},
	{"class heritage and fields", LangTS, "export class A<T extends { a: 1 }> extends B<T> implements C, D { x: number = 1; static { init(); } m(): void {} }", nil},
	{"template literal types and conditional types", LangTS, "export type T<X> = X extends `a${infer R}` ? R : never;\nexport const v: T<'ab'> = 'b';", nil},
	{"string specifier names", LangJS, "const a = 1;\nexport { a as 'a b', a as \"\\u0063\" };\nexport { 'x y' as z } from './m';\nexport * as 'n s' from './n';", nil},
	{"numeric and escaped keys", LangJS, "module.exports = { 0x10: 1, '\\u0061': 2, \\u0062: 3, 'c'() {}, [d]: 4 };", nil},
}
