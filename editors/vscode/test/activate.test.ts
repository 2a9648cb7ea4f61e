// The bundled extension (dist/extension.js) with the real vscode-languageclient
// and the real server, in plain Node: 'vscode' is the stand-in from
// fake-vscode.ts. It checks what a user would see: the server found and
// started, diagnostics in the Problems collection, completion and hover
// through the registered providers, settings applied live, the restart
// command, and the one message when no server can be found.
//
// Needs dist/extension.js (npm run build) and a server: $VELO_LSP_BIN or
// server/linux-x64/velo-lsp. Skipped without a server, except under CI=true.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { bundledServerPath, INSTALL_COMMAND, nodeIsExecutable } from '../src/resolve';
import { CancellationTokenSource, Diagnostic, DiagnosticSeverity, FakeDocument, makeVscode, Position, Recorder, Uri } from './fake-vscode';

const extRoot = path.join(__dirname, '..');
const bundle = path.join(extRoot, 'dist', 'extension.js');

function serverBinary(): string | undefined {
  if (process.env.VELO_LSP_BIN) return process.env.VELO_LSP_BIN;
  const p = bundledServerPath(extRoot, process.platform, process.arch);
  return nodeIsExecutable(p) ? p : undefined;
}
const bin = serverBinary();
const skip = bin === undefined && process.env.CI !== 'true' ? 'no server built (npm run build:server, or set VELO_LSP_BIN)' : false;

let currentApi: unknown;
const originalLoad = (Module as any)._load;
(Module as any)._load = function (request: string, ...rest: unknown[]) {
  if (request === 'vscode') return currentApi;
  return originalLoad.call(this, request, ...rest);
};

interface Extension {
  activate(ctx: unknown): Promise<void>;
  deactivate(): Promise<void>;
}

// A fresh copy of the bundle (it keeps its client in module state).
function loadExtension(api: unknown): Extension {
  currentApi = api;
  delete require.cache[require.resolve(bundle)];
  return require(bundle) as Extension;
}

// An extension directory holding server/<platform>-<arch>/velo-lsp, or none.
function extensionDir(withServer: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-ext-'));
  if (withServer && bin) {
    const target = bundledServerPath(dir, process.platform, process.arch);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.symlinkSync(path.resolve(bin), target);
  }
  return dir;
}

function siteCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-site-'));
  fs.cpSync(path.join(extRoot, 'test', 'fixtures', 'site'), dir, { recursive: true });
  return dir;
}

function defaults(): Record<string, unknown> {
  return {
    'veloLsp.path': '',
    'veloLsp.rules': {},
    'veloLsp.packageRoots': [],
    'veloLsp.logLevel': 'info',
    'veloLsp.trace.server': 'off',
  };
}

async function until<T>(what: string, f: () => T | undefined | false, ms = 15000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const affects = { affectsConfiguration: (s: string) => s === 'veloLsp' || s.startsWith('veloLsp.') };
const starts = (rec: Recorder) => rec.output.filter((l) => l.startsWith('Starting ')).length;

describe('the bundled extension in a Velo site', { skip }, () => {
  let rec: Recorder;
  let ext: Extension;
  let site: string;
  let extDir: string;
  let doc: FakeDocument;
  const ctx = { subscriptions: [] as { dispose(): unknown }[], extensionPath: '' };

  before(async () => {
    assert.ok(fs.existsSync(bundle), 'dist/extension.js is missing: npm run build');
    assert.ok(bin, 'no server: npm run build:server or set VELO_LSP_BIN');
    site = siteCopy();
    extDir = extensionDir(true);
    ctx.extensionPath = extDir;
    const file = path.join(site, 'src', 'backend', 'events.js');
    doc = new FakeDocument(Uri.file(file), 'javascript', fs.readFileSync(file, 'utf8'));
    const fake = makeVscode(site, [doc], defaults());
    rec = fake.rec;
    ext = loadExtension(fake.api);
    await ext.activate(ctx);
  });

  after(async () => {
    await ext?.deactivate();
    for (const d of ctx.subscriptions) d.dispose();
    fs.rmSync(site, { recursive: true, force: true });
    fs.rmSync(extDir, { recursive: true, force: true });
  });

  const unknownOf = () => (rec.diagnostics.get(doc.uri.toString()) ?? []).find((d: Diagnostic) => d.code === 'VELO001' || (d.code as any)?.value === 'VELO001');

  it('starts the server shipped in the extension and shows its diagnostics', async () => {
    const started = rec.output.find((l) => l.startsWith('Starting '));
    assert.equal(started, `Starting ${bundledServerPath(extDir, process.platform, process.arch)} (bundled) serve --log-level info`);
    const d = await until('VELO001 in the diagnostics collection', unknownOf);
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, 5);
    assert.match(d.message, /wixBilling_onInvoiceSent/);
    assert.deepEqual(rec.errors, []);
  });

  it('completes handler names through the registered provider', async () => {
    assert.ok(rec.completionProviders.length > 0, 'a completion provider is registered');
    const line = doc.getText().split('\n')[5];
    const pos = new Position(5, line.indexOf('Snet'));
    const tokens = new CancellationTokenSource();
    let labels: string[] = [];
    for (const { provider } of rec.completionProviders) {
      const res = await provider.provideCompletionItems(doc, pos, tokens.token, { triggerKind: 0 });
      const items = Array.isArray(res) ? res : (res?.items ?? []);
      labels = labels.concat(items.map((i: { label: string | { label: string } }) => (typeof i.label === 'string' ? i.label : i.label.label)));
    }
    assert.ok(labels.includes('wixBilling_onInvoiceSent'), `completion labels: ${labels.slice(0, 20).join(', ')}`);
  });

  it('hovers a handler through the registered provider', async () => {
    assert.ok(rec.hoverProviders.length > 0, 'a hover provider is registered');
    const tokens = new CancellationTokenSource();
    const hover = await rec.hoverProviders[0].provider.provideHover(doc, new Position(1, 20), tokens.token);
    const text = (hover?.contents ?? []).map((c: { value?: string }) => c.value ?? String(c)).join('\n');
    assert.match(text, /wix-billing-backend/);
    assert.match(text, /onInvoicePaid/);
  });

  it('copies a sample event from the code lens on a handler', async () => {
    assert.ok(rec.codeLensProviders.length > 0, 'a code lens provider is registered');
    const tokens = new CancellationTokenSource();
    const lenses = await until('a code lens', () => rec.codeLensProviders[0].provider.provideCodeLenses(doc, tokens.token));
    const all = await lenses;
    const lens = all.find((l: any) => l.range.start.line === 1);
    assert.ok(lens, `a lens on the handler's line; got ${JSON.stringify(all)}`);
    assert.equal(lens.command.title, 'Copy a sample event');
    const run = rec.commands.get(lens.command.command);
    assert.ok(run, `the extension registers ${lens.command.command}`);
    await run!(...(lens.command.arguments ?? []));
    const copied = JSON.parse(rec.clipboard.at(-1) ?? 'null');
    assert.equal(typeof copied?.customer, 'object', `the clipboard holds a sample of onInvoicePaid: ${rec.clipboard.at(-1)}`);
    assert.deepEqual(rec.untitled.at(-1), { language: 'json', content: rec.clipboard.at(-1) });
    assert.equal(rec.shown.length, 1, 'the untitled document is shown');
    assert.match(rec.info.at(-1) ?? '', /wixBilling_onInvoicePaid/);
  });

  it('applies a changed rule level without restarting', async () => {
    const before = starts(rec);
    rec.config['veloLsp.rules'] = { 'unknown-handler': 'off' };
    await rec.configChanged.fireAsync(affects);
    await until('VELO001 to go away', () => !unknownOf());
    assert.equal(starts(rec), before, 'no restart for a rule change');
  });

  it('restarts on the command and keeps the settings', async () => {
    const before = starts(rec);
    rec.diagnostics.clear();
    await rec.commands.get('veloLsp.restartServer')!();
    assert.equal(starts(rec), before + 1);
    await until('diagnostics after the restart', () => rec.diagnostics.has(doc.uri.toString()));
    assert.equal(unknownOf(), undefined, 'unknown-handler is still off');
  });

  it('reports a wrong veloLsp.path once, and starts again when it is fixed', async () => {
    rec.config['veloLsp.path'] = '/nowhere/velo-lsp';
    await rec.configChanged.fireAsync(affects);
    assert.equal(rec.errors.length, 1);
    assert.match(rec.errors[0], /veloLsp\.path.*\/nowhere\/velo-lsp/);
    const before = starts(rec);
    rec.config['veloLsp.path'] = bin;
    rec.config['veloLsp.rules'] = {};
    await rec.configChanged.fireAsync(affects);
    assert.equal(starts(rec), before + 1);
    assert.ok(rec.output.some((l) => l.startsWith(`Starting ${bin} (setting)`)));
    await until('VELO001 from the server on veloLsp.path', unknownOf);
  });
});

describe('the bundled extension outside a Velo site', { skip }, () => {
  it('waits for a backend file before starting the server', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-empty-'));
    const extDir = extensionDir(true);
    const fake = makeVscode(empty, [], defaults());
    const ext = loadExtension(fake.api);
    const ctx = { subscriptions: [] as { dispose(): unknown }[], extensionPath: extDir };
    try {
      await ext.activate(ctx);
      assert.equal(starts(fake.rec), 0, 'not started for a workspace without events files');
      await fake.rec.openDocument(new FakeDocument(Uri.file(path.join(empty, 'web', 'app.js')), 'javascript', ''));
      assert.equal(starts(fake.rec), 0, 'not started for ordinary JavaScript');
      await fake.rec.openDocument(new FakeDocument(Uri.file(path.join(empty, 'src', 'public', 'events.web.js')), 'javascript', ''));
      assert.equal(starts(fake.rec), 1, 'started for a look-alike');
    } finally {
      await ext.deactivate();
      for (const d of ctx.subscriptions) d.dispose();
      fs.rmSync(empty, { recursive: true, force: true });
      fs.rmSync(extDir, { recursive: true, force: true });
    }
  });

  it('says once how to install the server when none is found', async () => {
    const site = siteCopy();
    const extDir = extensionDir(false);
    const savedPath = process.env.PATH;
    process.env.PATH = extDir; // nothing there
    const fake = makeVscode(site, [], defaults());
    const ext = loadExtension(fake.api);
    const ctx = { subscriptions: [] as { dispose(): unknown }[], extensionPath: extDir };
    try {
      await ext.activate(ctx);
      assert.equal(fake.rec.errors.length, 1);
      assert.ok(fake.rec.errors[0].includes(INSTALL_COMMAND), fake.rec.errors[0]);
      await fake.rec.openDocument(new FakeDocument(Uri.file(path.join(site, 'src', 'backend', 'events.js')), 'javascript', ''));
      assert.equal(fake.rec.errors.length, 1, 'said once');
      assert.equal(starts(fake.rec), 0);
    } finally {
      process.env.PATH = savedPath;
      await ext.deactivate();
      for (const d of ctx.subscriptions) d.dispose();
      fs.rmSync(site, { recursive: true, force: true });
      fs.rmSync(extDir, { recursive: true, force: true });
    }
  });
});
