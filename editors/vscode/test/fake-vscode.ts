// A stand-in for the 'vscode' module, just large enough for the bundled
// extension (dist/extension.js) and the real vscode-languageclient to run
// against the real server in plain Node. It records what the extension and
// the client do (output lines, error messages, diagnostics, registered
// providers and commands) so that test/activate.test.ts can assert on them.
//
// Anything not modelled here is a harmless no-op that returns a disposable:
// the client registers many providers the test never calls.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Listener<T> = (e: T) => unknown;

export class Disposable {
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  constructor(private readonly fn: () => unknown = () => undefined) {}
  dispose(): void {
    this.fn();
  }
}

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  event = (listener: Listener<T>): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  async fireAsync(e: T): Promise<void> {
    for (const l of [...this.listeners]) await l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    private readonly text: string,
  ) {}
  static parse(value: string): Uri {
    const u = new URL(value);
    return new Uri(u.protocol.replace(/:$/, ''), decodeURIComponent(u.pathname), value);
  }
  static file(p: string): Uri {
    return new Uri('file', p, pathToFileURL(p).href);
  }
  get fsPath(): string {
    return this.scheme === 'file' ? fileURLToPath(this.text) : this.path;
  }
  toString(): string {
    return this.text;
  }
  toJSON(): unknown {
    return this.text;
  }
  with(): Uri {
    return this;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    if (typeof a === 'number') {
      this.start = new Position(a, b as number);
      this.end = new Position(c as number, d as number);
    } else {
      this.start = a;
      this.end = b as Position;
    }
  }
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export class Diagnostic {
  code?: unknown;
  source?: string;
  tags?: unknown[];
  relatedInformation?: unknown[];
  constructor(
    public range: Range,
    public message: string,
    public severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  ) {}
}

export class MarkdownString {
  isTrusted?: boolean;
  supportHtml?: boolean;
  constructor(public value = '') {}
  appendMarkdown(v: string): this {
    this.value += v;
    return this;
  }
  appendText(v: string): this {
    this.value += v;
    return this;
  }
  appendCodeblock(v: string, lang = ''): this {
    this.value += '\n```' + lang + '\n' + v + '\n```\n';
    return this;
  }
}

export class CompletionItem {
  detail?: string;
  documentation?: string | MarkdownString;
  insertText?: unknown;
  range?: unknown;
  constructor(
    public label: string | { label: string },
    public kind?: number,
  ) {}
}

export class CompletionList {
  constructor(
    public items: CompletionItem[] = [],
    public isIncomplete = false,
  ) {}
}

export class CodeLens {
  constructor(
    public range: Range,
    public command?: { title: string; command: string; arguments?: unknown[] },
  ) {}
  get isResolved(): boolean {
    return this.command !== undefined;
  }
}

export class Hover {
  contents: MarkdownString[];
  constructor(
    contents: MarkdownString | MarkdownString[],
    public range?: Range,
  ) {
    this.contents = Array.isArray(contents) ? contents : [contents];
  }
}

export class SnippetString {
  constructor(public value = '') {}
}

export class CancellationError extends Error {}

export class CancellationTokenSource {
  private emitter = new EventEmitter<void>();
  token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  cancel(): void {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {}
}

// Any other class the converters may construct: keeps its arguments.
function genericClass(name: string): unknown {
  return class {
    readonly kind = name;
    readonly args: unknown[];
    constructor(...args: unknown[]) {
      this.args = args;
    }
  };
}

// Any other enum: each member is its own name.
const genericEnum = new Proxy({}, { get: (_t, p) => (typeof p === 'string' ? p : undefined) });

// A no-op API object: every function returns a disposable, every event
// accepts listeners and never fires.
function noopApi(known: Record<string, unknown>): Record<string, unknown> {
  return new Proxy(known, {
    get(target, p) {
      if (p in target) return (target as Record<string | symbol, unknown>)[p];
      if (typeof p !== 'string' || p === 'then') return undefined;
      return () => new Disposable();
    },
  });
}

/** A text document backed by a string. */
export class FakeDocument {
  version = 1;
  isClosed = false;
  isDirty = false;
  isUntitled = false;
  eol = 1;
  constructor(
    readonly uri: Uri,
    readonly languageId: string,
    private text: string,
  ) {}
  get fileName(): string {
    return this.uri.fsPath;
  }
  getText(): string {
    return this.text;
  }
  get lineCount(): number {
    return this.text.split('\n').length;
  }
  offsetAt(p: Position): number {
    const lines = this.text.split('\n');
    let off = 0;
    for (let i = 0; i < p.line; i++) off += lines[i].length + 1;
    return off + p.character;
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, offset).split('\n');
    return new Position(before.length - 1, before[before.length - 1].length);
  }
  lineAt(line: number): { text: string } {
    return { text: this.text.split('\n')[line] };
  }
  save(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '{') re += '(';
    else if (c === '}') re += ')';
    else if (c === ',') re += '|';
    else re += c.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp('^(.*/)?' + re.replace(/^\.\*/, '.*') + '$');
}

interface Filter {
  scheme?: string;
  language?: string;
  pattern?: string;
}

function matches(selector: Filter | Filter[] | string, doc: FakeDocument): number {
  const list = Array.isArray(selector) ? selector : [selector];
  for (const f of list) {
    if (typeof f === 'string') {
      if (f === doc.languageId) return 10;
      continue;
    }
    if (f.scheme && f.scheme !== doc.uri.scheme) continue;
    if (f.language && f.language !== doc.languageId) continue;
    if (f.pattern && !globToRegExp(f.pattern).test(doc.uri.fsPath)) continue;
    return 10;
  }
  return 0;
}

/** What the fake records, for assertions. */
export interface Recorder {
  output: string[];
  errors: string[];
  diagnostics: Map<string, Diagnostic[]>;
  diagnosticEvents: EventEmitter<string>;
  completionProviders: { selector: unknown; provider: any }[];
  hoverProviders: { selector: unknown; provider: any }[];
  codeLensProviders: { selector: unknown; provider: any }[];
  clipboard: string[];
  untitled: { language?: string; content?: string }[];
  shown: unknown[];
  info: string[];
  commands: Map<string, (...args: unknown[]) => unknown>;
  config: Record<string, unknown>;
  configChanged: EventEmitter<{ affectsConfiguration(section: string): boolean }>;
  openDocument(doc: FakeDocument): Promise<void>;
}

export function makeVscode(workspaceFolder: string, docs: FakeDocument[], config: Record<string, unknown>): { api: unknown; rec: Recorder } {
  const didOpen = new EventEmitter<FakeDocument>();
  const rec: Recorder = {
    output: [],
    errors: [],
    diagnostics: new Map(),
    diagnosticEvents: new EventEmitter<string>(),
    completionProviders: [],
    hoverProviders: [],
    codeLensProviders: [],
    clipboard: [],
    untitled: [],
    shown: [],
    info: [],
    commands: new Map(),
    config,
    configChanged: new EventEmitter(),
    async openDocument(doc) {
      docs.push(doc);
      await didOpen.fireAsync(doc);
    },
  };

  const outputChannel = (name: string) => ({
    name,
    append: (s: string) => rec.output.push(s),
    appendLine: (s: string) => rec.output.push(s),
    replace: () => undefined,
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  });

  const workspace = noopApi({
    workspaceFolders: [{ uri: Uri.file(workspaceFolder), name: path.basename(workspaceFolder), index: 0 }],
    get textDocuments() {
      return docs;
    },
    onDidOpenTextDocument: didOpen.event,
    onDidChangeConfiguration: rec.configChanged.event,
    getConfiguration(section?: string) {
      const prefix = section ? section + '.' : '';
      return {
        get: (key: string, def?: unknown) => (prefix + key in config ? config[prefix + key] : def),
        has: (key: string) => prefix + key in config,
        inspect: () => undefined,
        update: () => Promise.resolve(),
      };
    },
    async findFiles(include: string, _exclude: string, max?: number) {
      const re = globToRegExp(include);
      const out: Uri[] = [];
      const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory() && e.name !== 'node_modules') walk(p);
          else if (e.isFile() && re.test(p)) out.push(Uri.file(p));
        }
      };
      walk(workspaceFolder);
      return max ? out.slice(0, max) : out;
    },
    async openTextDocument(what: { language?: string; content?: string }) {
      rec.untitled.push(what);
      return new FakeDocument(Uri.parse(`untitled:Untitled-${rec.untitled.length}`), what.language ?? 'plaintext', what.content ?? '');
    },
    createFileSystemWatcher: () => ({
      onDidCreate: () => new Disposable(),
      onDidChange: () => new Disposable(),
      onDidDelete: () => new Disposable(),
      dispose: () => undefined,
    }),
  });

  const languages = noopApi({
    match: matches,
    createDiagnosticCollection: (name: string) => ({
      name,
      set(uri: Uri | unknown, diags?: Diagnostic[]) {
        if (uri instanceof Uri) {
          rec.diagnostics.set(uri.toString(), diags ?? []);
          rec.diagnosticEvents.fire(uri.toString());
        }
      },
      delete(uri: Uri) {
        rec.diagnostics.delete(uri.toString());
      },
      get: (uri: Uri) => rec.diagnostics.get(uri.toString()),
      clear: () => rec.diagnostics.clear(),
      forEach: () => undefined,
      has: (uri: Uri) => rec.diagnostics.has(uri.toString()),
      dispose: () => undefined,
    }),
    registerCompletionItemProvider(selector: unknown, provider: unknown) {
      rec.completionProviders.push({ selector, provider });
      return new Disposable();
    },
    registerHoverProvider(selector: unknown, provider: unknown) {
      rec.hoverProviders.push({ selector, provider });
      return new Disposable();
    },
    registerCodeLensProvider(selector: unknown, provider: unknown) {
      rec.codeLensProviders.push({ selector, provider });
      return new Disposable();
    },
  });

  const window = noopApi({
    createOutputChannel: outputChannel,
    showErrorMessage: (msg: string) => {
      rec.errors.push(msg);
      return Promise.resolve(undefined);
    },
    showWarningMessage: (msg: string) => {
      rec.errors.push(msg);
      return Promise.resolve(undefined);
    },
    showInformationMessage: (msg: string) => {
      rec.info.push(msg);
      return Promise.resolve(undefined);
    },
    showTextDocument: (doc: unknown) => {
      rec.shown.push(doc);
      return Promise.resolve(undefined);
    },
    activeTextEditor: undefined,
    visibleTextEditors: [],
    tabGroups: { all: [], onDidChangeTabs: () => new Disposable() },
  });

  const commands = noopApi({
    registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
      rec.commands.set(id, fn);
      return new Disposable(() => rec.commands.delete(id));
    },
    executeCommand: (id: string, ...args: unknown[]) => Promise.resolve(rec.commands.get(id)?.(...args)),
  });

  const known: Record<string, unknown> = {
    version: '1.82.0',
    Disposable,
    EventEmitter,
    Uri,
    Position,
    Range,
    Diagnostic,
    DiagnosticSeverity,
    MarkdownString,
    CompletionItem,
    CompletionList,
    Hover,
    CodeLens,
    SnippetString,
    CancellationError,
    CancellationTokenSource,
    workspace,
    languages,
    window,
    commands,
    env: { language: 'en', appName: 'fake-vscode', clipboard: {
        writeText: (s: string) => {
          rec.clipboard.push(s);
          return Promise.resolve();
        },
      }, openExternal: () => Promise.resolve(true) },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    TextDocumentSaveReason: { Manual: 1, AfterDelay: 2, FocusOut: 3 },
  };
  const api = new Proxy(known, {
    get(target, p) {
      if (p in target) return target[p as string];
      if (typeof p !== 'string' || p === 'then' || p === '__esModule' || p === 'default') return undefined;
      // Classes are capitalised names used with `new`; enums are objects:
      // a class stand-in serves both (its members are undefined, not names).
      return /Kind$|Tag$|Severity$|Reason$|Type$/.test(p) ? genericEnum : genericClass(p);
    },
  });
  return { api, rec };
}
