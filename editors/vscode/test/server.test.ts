// The real server, started the way the extension starts it: the command from
// resolveServer, the arguments from serverArgs plus the --stdio that the
// language client appends, and the settings from serverPayload, both in
// initializationOptions and in workspace/didChangeConfiguration.
//
// Needs a built server: $VELO_LSP_BIN, or server/linux-x64/velo-lsp (from
// `npm run build:server`). Skipped without one, except under CI=true.
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

import {
  createProtocolConnection,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

import { nodeIsExecutable, resolveServer } from '../src/resolve';
import { serverArgs, serverPayload } from '../src/settings';

const extRoot = path.join(__dirname, '..');

function findBinary(): string | undefined {
  const env = process.env.VELO_LSP_BIN;
  if (env) return env;
  const r = resolveServer('', {
    platform: process.platform,
    arch: process.arch,
    extensionPath: extRoot,
    pathEnv: '', // the bundled binary only: not whatever is on PATH
    homeDir: os.homedir(),
    isExecutable: nodeIsExecutable,
  });
  return r.ok ? r.command : undefined;
}

const bin = findBinary();
const skip = bin === undefined && process.env.CI !== 'true' ? 'no server built (npm run build:server, or set VELO_LSP_BIN)' : false;

describe('the extension against the real server', { skip }, () => {
  let proc: ChildProcess;
  let conn: ProtocolConnection;
  let exitCode: Promise<number | null>;
  const publishes: PublishDiagnosticsParams[] = [];
  let site: string;
  let uri: string;

  before(async () => {
    assert.ok(bin, 'no velo-lsp binary: run npm run build:server or set VELO_LSP_BIN');
    site = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-vscode-'));
    fs.cpSync(path.join(extRoot, 'test', 'fixtures', 'site'), site, { recursive: true });
    uri = pathToFileURL(path.join(site, 'src', 'backend', 'events.js')).href;

    proc = spawn(bin, [...serverArgs({ logLevel: 'debug' }), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    exitCode = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.stderr!.resume(); // the server's log
    conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => publishes.push(p));
    conn.listen();
  });

  after(async () => {
    conn?.dispose();
    if (proc && proc.exitCode === null) proc.kill();
    if (site) fs.rmSync(site, { recursive: true, force: true });
  });

  // Waits for a publish for our file that satisfies ok.
  async function published(ok: (d: Diagnostic[]) => boolean, since: number): Promise<Diagnostic[]> {
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      for (const p of publishes.slice(since)) {
        if (p.uri === uri && ok(p.diagnostics)) return p.diagnostics;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`no matching publishDiagnostics for ${uri}; got ${JSON.stringify(publishes.filter((p) => p.uri === uri))}`);
  }

  const hasUnknown = (ds: Diagnostic[]) => ds.some((d) => d.code === 'VELO001');

  it('accepts the command line and initializationOptions the extension sends', async () => {
    const init = await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(site).href,
      workspaceFolders: [{ uri: pathToFileURL(site).href, name: 'site' }],
      capabilities: {},
      initializationOptions: serverPayload({ rules: { 'unknown-handler': 'off' }, packageRoots: [] }),
    });
    assert.ok(init.capabilities.textDocumentSync !== undefined, 'server advertises text sync');
    await conn.sendNotification(InitializedNotification.type, {});
    const text = fs.readFileSync(path.join(site, 'src', 'backend', 'events.js'), 'utf8');
    await conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'javascript', version: 1, text },
    });
    const ds = await published((d) => !hasUnknown(d), 0);
    assert.equal(hasUnknown(ds), false, 'unknown-handler is off');
  });

  it('applies settings changed through didChangeConfiguration', async () => {
    const since = publishes.length;
    await conn.sendNotification(DidChangeConfigurationNotification.type, { settings: serverPayload({ rules: { VELO001: 'error' } }) });
    const ds = await published(hasUnknown, since);
    const d = ds.find((x) => x.code === 'VELO001')!;
    assert.equal(d.severity, 1, 'error');
    assert.equal(d.range.start.line, 5);
    assert.match(d.message, /wixBilling_onInvoiceSent/);
  });

  it('shuts down and exits with status 0', async () => {
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    // stdin stays open, as with a client that does not close it: exit alone
    // must end the process.
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still running 5 s after exit'), 5000).unref());
    assert.equal(await Promise.race([exitCode, timeout]), 0);
  });
});
