package sdk

import (
	"strings"
	"testing"
)

// pkgFiles builds a package: package.json naming build/cjs/index.d.ts,
// plus the given files (paths relative to build/cjs/).
func pkgFiles(typings map[string]string) map[string][]byte {
	files := map[string][]byte{
		"package.json": []byte(`{"name":"@wix/auto_sdk_test_things","version":"1.2.3","types":"./build/cjs/index.d.ts",
			"wix":{"sdkDependency":{"fqdn":"wix.test.v1.thing"}}}`),
	}
	for p, src := range typings {
		files["build/cjs/"+p] = []byte(src)
	}
	return files
}

// digestLines extracts and returns the digest, one line per event or type.
func digestLines(t *testing.T, typings map[string]string) []string {
	t.Helper()
	p, err := Extract(pkgFiles(typings))
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	d, err := MarshalDigest(p)
	if err != nil {
		t.Fatalf("MarshalDigest: %v", err)
	}
	var out []string
	for _, l := range strings.Split(string(d), "\n") {
		out = append(out, strings.TrimSuffix(l, ","))
	}
	return out
}

func wantLines(t *testing.T, got []string, want ...string) {
	t.Helper()
	have := map[string]bool{}
	for _, l := range got {
		have[l] = true
	}
	for _, w := range want {
		if !have[w] {
			t.Errorf("missing line\n  %s\nin digest:\n  %s", w, strings.Join(got, "\n  "))
		}
	}
}

// The typical layout: index.d.ts declares EventDefinition consts and
// re-exports the chunk's names; the chunk declares the handler function
// with its JSDoc tags and the envelope types.
const universal = `import * as _wix_sdk_types from '@wix/sdk-types';
import { QuerySpec } from '@wix/sdk-types';

interface Thing extends ThingKindOneOf {
    /** @readonly */
    _id?: string | null;
    name?: string;
    tags?: string[];
    labels?: Array<Label>;
    size?: SizeWithLiterals;
    color?: 'RED' | 'GREEN';
    extra?: Record<string, any>;
    owner?: Person | null;
    /** @deprecated use name */
    title?: string | undefined;
    /** @hidden */
    internal?: number;
    nested?: {
        depth: number;
        path?: string[];
    };
}
/** @oneof */
interface ThingKindOneOf {
    big?: boolean;
}
interface Label {
    _id: string;
}
interface Person {
    email: string;
}
declare enum Size {
    SMALL = "SMALL",
    LARGE = "LARGE"
}
/** @enumType */
type SizeWithLiterals = Size | 'SMALL' | 'LARGE';
interface BaseEventMetadata {
    instanceId?: string | null;
}
interface EventMetadata extends BaseEventMetadata {
    eventTime?: Date | null;
}
interface ThingCreatedEnvelope {
    entity: Thing;
    metadata: EventMetadata;
}
/**
 * @permissionId THINGS.READ
 * @webhook
 * @eventType wix.test.v1.thing_created
 * @serviceIdentifier com.wix.test.Things
 * @slug created
 */
declare function onThingCreated(handler: (event: ThingCreatedEnvelope) => void | Promise<void>): void;
interface ThingGoneEnvelope {
    metadata: EventMetadata;
}
/**
 * @webhook
 * @eventType wix.test.v1.thing_gone
 * @slug gone
 * @deprecated
 * @replacedBy wix.test.v2.thing_deleted
 * @targetRemovalDate 2025-12-31
 * @documentationMaturity preview
 */
declare function onThingGone(handler: (event: ThingGoneEnvelope) => void | Promise<void>): void;
interface Unrelated {
    never: string;
}

export { type Thing as T, type ThingCreatedEnvelope as a, type ThingGoneEnvelope as b, Size as S, onThingCreated as c, onThingGone as d, type Unrelated as U };
`

const index = `import { HttpClient, EventDefinition, BuildEventDefinition } from '@wix/sdk-types';
import { T as Thing, a as ThingCreatedEnvelope, b as ThingGoneEnvelope } from './things.universal-AbC123.js';
export { S as Size, U as Unrelated } from './things.universal-AbC123.js';

declare const onThingCreated$1: EventDefinition<ThingCreatedEnvelope, "wix.test.v1.thing_created">;
declare const onThingGone$1: EventDefinition<ThingGoneEnvelope, "wix.test.v1.thing_gone">;

/** */
declare const onThingCreated: BuildEventDefinition<typeof onThingCreated$1> & typeof onThingCreated$1;
/** */
declare const onThingGone: BuildEventDefinition<typeof onThingGone$1> & typeof onThingGone$1;

export { Thing, ThingCreatedEnvelope, onThingCreated, onThingGone };
`

func TestExtractEventsFromTheEntryAndTheirTags(t *testing.T) {
	got := digestLines(t, map[string]string{"index.d.ts": index, "things.universal-AbC123.d.ts": universal})
	wantLines(t, got,
		`{"package":"@wix/auto_sdk_test_things","version":"1.2.3","fqdn":"wix.test.v1.thing","entry":"build/cjs/index.d.ts"`,
		`{"name":"onThingCreated","eventType":"wix.test.v1.thing_created","envelope":"ThingCreatedEnvelope","slug":"created","webhook":true,"service":"com.wix.test.Things"}`,
		`{"name":"onThingGone","eventType":"wix.test.v1.thing_gone","envelope":"ThingGoneEnvelope","slug":"gone","webhook":true,"maturity":"preview","deprecated":true,"replacedBy":"wix.test.v2.thing_deleted","targetRemovalDate":"2025-12-31"}`,
	)
}

func TestExtractInterfaceFields(t *testing.T) {
	got := digestLines(t, map[string]string{"index.d.ts": index, "things.universal-AbC123.d.ts": universal})
	wantLines(t, got,
		// optional, | null, T[], Array<T>, references, string-literal unions,
		// Record<…>, | undefined, @deprecated, @hidden, inline objects; fields sorted
		`{"name":"Thing","kind":"interface","extends":["ThingKindOneOf"],"fields":[`+
			`{"name":"_id","type":"string","optional":true,"nullable":true},`+
			`{"name":"color","type":"\"RED\" | \"GREEN\"","optional":true},`+
			`{"name":"extra","type":"Record<string, any>","optional":true},`+
			`{"name":"internal","type":"number","optional":true,"hidden":true},`+
			`{"name":"labels","type":"Label","array":true,"optional":true,"ref":"Label"},`+
			`{"name":"name","type":"string","optional":true},`+
			`{"name":"nested","type":"object","optional":true,"fields":[{"name":"depth","type":"number"},{"name":"path","type":"string","array":true,"optional":true}]},`+
			`{"name":"owner","type":"Person","optional":true,"nullable":true,"ref":"Person"},`+
			`{"name":"size","type":"SizeWithLiterals","optional":true,"ref":"SizeWithLiterals"},`+
			`{"name":"tags","type":"string","array":true,"optional":true},`+
			`{"name":"title","type":"string","optional":true,"deprecated":true}]}`,
		`{"name":"ThingKindOneOf","kind":"interface","fields":[{"name":"big","type":"boolean","optional":true}],"oneOf":true}`,
		`{"name":"EventMetadata","kind":"interface","extends":["BaseEventMetadata"],"fields":[{"name":"eventTime","type":"Date","optional":true,"nullable":true}]}`,
		`{"name":"ThingCreatedEnvelope","kind":"interface","fields":[{"name":"entity","type":"Thing","ref":"Thing"},{"name":"metadata","type":"EventMetadata","ref":"EventMetadata"}]}`,
	)
}

func TestExtractEnumsAndLiteralUnions(t *testing.T) {
	got := digestLines(t, map[string]string{"index.d.ts": index, "things.universal-AbC123.d.ts": universal})
	wantLines(t, got,
		`{"name":"Size","kind":"enum","values":["SMALL","LARGE"]}`,
		`{"name":"SizeWithLiterals","kind":"union","values":["SMALL","LARGE"],"members":["Size"]}`,
	)
}

func TestExtractKeepsOnlyTypesReachableFromEnvelopes(t *testing.T) {
	got := digestLines(t, map[string]string{"index.d.ts": index, "things.universal-AbC123.d.ts": universal})
	for _, l := range got {
		if strings.Contains(l, `"name":"Unrelated"`) {
			t.Errorf("Unrelated is exported but no envelope reaches it: %s", l)
		}
	}
	p, err := Extract(pkgFiles(map[string]string{"index.d.ts": index, "things.universal-AbC123.d.ts": universal}))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ty := range p.Types {
		names = append(names, ty.Name)
	}
	want := "BaseEventMetadata EventMetadata Label Person Size SizeWithLiterals Thing ThingCreatedEnvelope ThingGoneEnvelope ThingKindOneOf"
	if strings.Join(names, " ") != want {
		t.Errorf("types = %s\nwant    %s", strings.Join(names, " "), want)
	}
}

func TestAllFieldsFollowsExtends(t *testing.T) {
	p, err := Extract(pkgFiles(map[string]string{"index.d.ts": index, "things.universal-AbC123.d.ts": universal}))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range p.AllFields("EventMetadata") {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != "eventTime,instanceId" {
		t.Errorf("AllFields(EventMetadata) = %s, want eventTime,instanceId", got)
	}
}

// The older layout: index.d.ts is `export * from './src/x.context.js'`,
// whose consts name the public file's EventDefinition through typeof.
func TestExtractOlderLayoutThroughStarExportsAndCreateEventModule(t *testing.T) {
	got := digestLines(t, map[string]string{
		"index.d.ts": `export * from './src/thing.context.js';`,
		"src/thing.context.d.ts": `import { onThingCreated as publicOnThingCreated } from './thing.public.js';
import { createEventModule } from '@wix/sdk-runtime/event-definition-modules';
/**
 * Triggered when a thing is created.
 */
export declare const onThingCreated: ReturnType<typeof createEventModule<typeof publicOnThingCreated>>;
export { Thing } from './thing.universal.js';`,
		"src/thing.public.d.ts": `import { EventDefinition } from '@wix/sdk-types';
import { ThingCreatedEnvelope } from './thing.universal.js';
export declare const onThingCreated: EventDefinition<ThingCreatedEnvelope, "wix.test.v1.thing_created">;`,
		"src/thing.universal.d.ts": `export interface Thing { id: string; }
export interface ThingCreatedEnvelope { entity: Thing; }
/**
 * Developer Preview
 * @webhook
 * @eventType wix.test.v1.thing_created
 * @slug created
 */
export declare function onThingCreated(handler: (event: ThingCreatedEnvelope) => void | Promise<void>): void;`,
	})
	wantLines(t, got,
		`{"name":"onThingCreated","eventType":"wix.test.v1.thing_created","envelope":"ThingCreatedEnvelope","slug":"created","webhook":true,"maturity":"preview"}`,
		`{"name":"Thing","kind":"interface","fields":[{"name":"id","type":"string"}]}`,
	)
}

func TestExtractHandlerFunctionExportedDirectly(t *testing.T) {
	got := digestLines(t, map[string]string{
		"index.d.ts": `export { onThingCreated } from './u.js';`,
		"u.d.ts": `interface E { n: number }
/**
 * @eventType wix.test.v1.thing_created
 * @hidden
 */
declare function onThingCreated(handler: (event: E) => void): void;
/** not an event: no @eventType */
declare function onSomething(handler: (event: E) => void): void;
export { onThingCreated, onSomething };`,
	})
	wantLines(t, got, `{"name":"onThingCreated","eventType":"wix.test.v1.thing_created","envelope":"E","hidden":true}`)
	for _, l := range got {
		if strings.Contains(l, "onSomething") {
			t.Errorf("a handler function without @eventType is not an event: %s", l)
		}
	}
}

func TestExtractTypeAliases(t *testing.T) {
	got := digestLines(t, map[string]string{
		"index.d.ts": `import { EventDefinition } from '@wix/sdk-types';
import type { Env } from './types';
export declare const onX: EventDefinition<Env, "wix.test.x">;`,
		"types.d.ts": `export interface Env { a: Both; b: Either; c: Shape; d: Named; e: Gen<string>; f: Lit; g: Keys; h: Cond<number>; i: Mapped; j: Idx; k: Fn; l: Tup; m: Dict; }
type Both = A & B;
type Either = A | B | null;
type Shape = { x: number; y?: string; [key: string]: any };
type Named = A;
interface Gen<T> { value: T; items: T[]; }
type Lit = 'only';
type Keys = keyof A;
type Cond<T> = T extends string ? 'yes' : 'no';
type Mapped = { [K in keyof A]?: A[K] };
type Idx = A['a'];
type Fn = (a: string, b?: number) => void;
type Tup = [string, number];
interface Dict { [key: string]: A; u?: A | B | null; w: string | A; }
interface A { a: string; }
interface B { b: number; }`,
	})
	wantLines(t, got,
		`{"name":"Both","kind":"intersection","members":["A","B"]}`,
		`{"name":"Either","kind":"union","members":["A","B","null"]}`,
		`{"name":"Shape","kind":"object","fields":[{"name":"string","type":"any","index":true},{"name":"x","type":"number"},{"name":"y","type":"string","optional":true}]}`,
		`{"name":"Named","kind":"alias","members":["A"]}`,
		// a type parameter is not a reference to a package type
		`{"name":"Gen","kind":"interface","typeParams":["T"],"fields":[{"name":"items","type":"T","array":true},{"name":"value","type":"T"}]}`,
		`{"name":"Lit","kind":"union","values":["only"]}`,
		// shapes that are not modelled are opaque, with their text
		`{"name":"Keys","kind":"opaque","members":["keyof A"]}`,
		`{"name":"Cond","kind":"opaque","typeParams":["T"],"members":["T extends string ? 'yes' : 'no'"]}`,
		`{"name":"Mapped","kind":"opaque","members":["{ [K in keyof A]?: A[K] }"]}`,
		`{"name":"Idx","kind":"opaque","members":["A['a']"]}`,
		`{"name":"Fn","kind":"alias","members":["(a: string, b?: number) => void"]}`,
		`{"name":"Tup","kind":"alias","members":["[string, number]"]}`,
		`{"name":"Dict","kind":"interface","fields":[{"name":"string","type":"A","ref":"A","index":true},{"name":"u","type":"A | B","optional":true,"nullable":true},{"name":"w","type":"string | A","ref":"A"}]}`,
		`{"name":"Env","kind":"interface","fields":[{"name":"a","type":"Both","ref":"Both"},{"name":"b","type":"Either","ref":"Either"},{"name":"c","type":"Shape","ref":"Shape"},{"name":"d","type":"Named","ref":"Named"},{"name":"e","type":"Gen<string>","ref":"Gen"},{"name":"f","type":"Lit","ref":"Lit"},{"name":"g","type":"Keys","ref":"Keys"},{"name":"h","type":"Cond<number>","ref":"Cond"},{"name":"i","type":"Mapped","ref":"Mapped"},{"name":"j","type":"Idx","ref":"Idx"},{"name":"k","type":"Fn","ref":"Fn"},{"name":"l","type":"Tup","ref":"Tup"},{"name":"m","type":"Dict","ref":"Dict"}]}`,
	)
}

func TestExtractResolvesAcrossFilesAndAliases(t *testing.T) {
	got := digestLines(t, map[string]string{
		"index.d.ts": `import { EventDefinition } from '@wix/sdk-types';
import { E as Envelope } from './a.js';
import * as ns from './b.js';
declare const onX$1: EventDefinition<Envelope, "wix.test.x">;
declare const onX: typeof onX$1;
declare const onY: EventDefinition<ns.Other, "wix.test.y">;
export { onX, onY };`,
		// a.d.ts re-exports from c.d.ts under another name, and star-exports d
		"a.d.ts": `export { Inner as E } from './c.js';
export * from './d.js';`,
		"c.d.ts": `import { Leaf as L } from './a.js';
interface Inner { leaf: L; date: Date; meta: _sdk.Meta; }
export { Inner };`,
		"d.d.ts": `export interface Leaf { ok: boolean }`,
		"b.d.ts": `export interface Other { x: string }`,
	})
	wantLines(t, got,
		`{"name":"onX","eventType":"wix.test.x","envelope":"Inner"}`,
		`{"name":"onY","eventType":"wix.test.y","envelope":"Other"}`,
		// the field shows the declared name (Leaf), not the local alias (L);
		// Date and a namespace from another package stay leaves
		`{"name":"Inner","kind":"interface","fields":[{"name":"date","type":"Date"},{"name":"leaf","type":"Leaf","ref":"Leaf"},{"name":"meta","type":"Meta"}]}`,
		`{"name":"Leaf","kind":"interface","fields":[{"name":"ok","type":"boolean"}]}`,
	)
}

func TestExtractMergesInterfacesAndNamesCollisions(t *testing.T) {
	got := digestLines(t, map[string]string{
		"index.d.ts": `import { EventDefinition } from '@wix/sdk-types';
import { Env as E1 } from './one.js';
import { Env as E2 } from './two.js';
export declare const onA: EventDefinition<E1, "wix.test.a">;
export declare const onB: EventDefinition<E2, "wix.test.b">;`,
		"one.d.ts": `export interface Env { item: Item; }
export interface Item { a: string; }
export interface Item { b: string; }`,
		"two.d.ts": `export interface Env { item: Item; }
export interface Item { c: number; }`,
	})
	wantLines(t, got,
		`{"name":"onA","eventType":"wix.test.a","envelope":"Env"}`,
		`{"name":"onB","eventType":"wix.test.b","envelope":"Env$2"}`,
		// declarations of one interface in one file merge
		`{"name":"Item","kind":"interface","fields":[{"name":"a","type":"string"},{"name":"b","type":"string"}]}`,
		// a different declaration of the same name elsewhere gets a suffix
		`{"name":"Item$2","kind":"interface","fields":[{"name":"c","type":"number"}]}`,
		`{"name":"Env$2","kind":"interface","fields":[{"name":"item","type":"Item$2","ref":"Item$2"}]}`,
	)
}

func TestExtractIdenticalDeclarationsInTwoFilesMerge(t *testing.T) {
	p, err := Extract(pkgFiles(map[string]string{
		"index.d.ts": `import { EventDefinition } from '@wix/sdk-types';
import { Env as E1 } from './one.js';
import { Env as E2 } from './two.js';
export declare const onA: EventDefinition<E1, "wix.test.a">;
export declare const onB: EventDefinition<E2, "wix.test.b">;`,
		"one.d.ts": `export interface Env { id: string; }`,
		"two.d.ts": `export interface Env { id: string; }`,
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Types) != 1 || p.Events[0].Envelope != "Env" || p.Events[1].Envelope != "Env" {
		t.Errorf("identical declarations should be one type: %+v %+v", p.Types, p.Events)
	}
}

func TestExtractNeverFailsOnStrangeInput(t *testing.T) {
	inputs := []string{
		``,
		`interface`,
		`interface X {`,
		`declare const onX: EventDefinition<`,
		`export { a as`,
		`type X = { a: string; ;; } ] ) > {{{`,
		"declare const onX: EventDefinition<Env, `wix.${string}`>;",
		`declare class C<T> extends B implements I { private x: number; get y(): string; constructor(a: T); }`,
		`declare namespace NS { interface Q { } } declare module 'm' { export const a: number; }`,
		`export default interface D { a: string } export = D; import X = require('x');`,
		`interface R { [Symbol.iterator](): any; new (x: number): R; (a: string): void; readonly r: string; get: number; set?: string; method<T>(a: T): T }`,
		"type T = `a${'b' | `c${string}`}`; /* unterminated",
		`declare function f(this: Window, { a, b }: { a: number; b: string }, ...rest: any[]): asserts a is string;`,
		strings.Repeat("(", 5000) + "x" + strings.Repeat(")", 5000),
		"type Deep = " + strings.Repeat("Array<", 3000) + "string" + strings.Repeat(">", 3000) + ";",
		"\x00\xff\xfe interface 日本 { 名前: string }",
	}
	for _, src := range inputs {
		files := pkgFiles(map[string]string{"index.d.ts": src})
		if _, err := Extract(files); err != nil {
			t.Errorf("Extract(%.40q): %v", src, err)
		}
	}
}

func TestExtractUnknownEnvelopeShapeIsKeptAsText(t *testing.T) {
	got := digestLines(t, map[string]string{
		"index.d.ts": `import { EventDefinition } from '@wix/sdk-types';
export declare const onX: EventDefinition<Partial<Something>, "wix.test.x">;`,
	})
	wantLines(t, got, `{"name":"onX","eventType":"wix.test.x","envelope":"Partial<Something>"}`)
}

func TestExtractNeedsPackageJSONAndAnEntry(t *testing.T) {
	if _, err := Extract(map[string][]byte{}); err == nil {
		t.Error("no package.json: want an error")
	}
	if _, err := Extract(map[string][]byte{"package.json": []byte(`{"name":"x","types":"nope.d.ts"}`)}); err == nil {
		t.Error("no typings entry: want an error")
	}
	if _, err := Extract(map[string][]byte{"package.json": []byte(`{`)}); err == nil {
		t.Error("malformed package.json: want an error")
	}
	// the entry may come from exports["."].types when "types" is absent
	p, err := Extract(map[string][]byte{
		"package.json":        []byte(`{"name":"x","version":"1","exports":{".":{"types":"./lib/main.d.mts"}}}`),
		"lib/main.d.mts":      []byte(`export * from './events.mjs';`),
		"lib/events.d.mts":    []byte(`import { EventDefinition } from '@wix/sdk-types'; export interface E { a: string } export declare const onA: EventDefinition<E, "t.a">;`),
		"lib/unrelated.d.mts": []byte(`export declare const onB: EventDefinition<E, "t.b">;`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Entry != "lib/main.d.mts" || len(p.Events) != 1 || p.Events[0].Name != "onA" || p.Events[0].Envelope != "E" {
		t.Errorf("got entry %q events %+v", p.Entry, p.Events)
	}
}
