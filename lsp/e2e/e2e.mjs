// End-to-end test of `velo-lsp serve` through vscode-languageserver-protocol,
// the protocol library VS Code itself uses, over stdio.
//
//   node lsp/e2e/e2e.mjs <path to velo-lsp binary>
//
// It initializes, opens an events file whose misspelled handler follows an
// emoji on the same line, checks the diagnostic's range in UTF-16 columns,
// asks for a completion and a hover, applies the preferred quick fix, checks
// the diagnostic is gone, and shuts down (exit status 0). It prints
// "e2e: ok" and exits 0, or prints what failed and exits 1.

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import protocol from 'vscode-languageserver-protocol/node.js';

const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  CompletionRequest,
  HoverRequest,
  CodeActionRequest,
  ShutdownRequest,
  ExitNotification,
} = protocol;

const bin = process.argv[2];
if (!bin) {
  console.error('usage: node e2e.mjs <velo-lsp binary>');
  process.exit(2);
}

function fail(msg) {
  console.error('e2e: FAIL: ' + msg);
  process.exit(1);
}

function check(cond, msg) {
  if (!cond) fail(msg);
}

const timeout = setTimeout(() => fail('timed out after 60 s'), 60_000);

const root = mkdtempSync(join(tmpdir(), 'velo-lsp-e2e-'));
mkdirSync(join(root, 'src', 'backend'), { recursive: true });
const line0 = '/* 🎉 launch 🚀 */ export function wixBilling_onInvoicePayd(event) {}';
const line1 = 'export function wixBilling_onInvoiceSent(event) {}';
const text = line0 + '\n' + line1 + '\n';
const file = join(root, 'src', 'backend', 'events.js');
writeFileSync(file, text);
const uri = pathToFileURL(file).href;

const child = spawn(bin, ['serve', '--stdio', '--log-level', 'debug'], { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
child.stderr.on('data', (d) => { stderr += d; });
const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));

const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const published = [];
let waiters = [];
conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
  published.push(p);
  waiters = waiters.filter((w) => !w(p));
});
conn.onRequest('client/registerCapability', () => null);
conn.listen();

function diagnosticsFor(version) {
  const found = published.find((p) => p.uri === uri && p.version === version);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    waiters.push((p) => {
      if (p.uri === uri && p.version === version) { resolve(p); return true; }
      return false;
    });
  });
}

try {
  const init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'site' }],
    capabilities: {
      textDocument: {
        completion: { completionItem: { snippetSupport: true, labelDetailsSupport: true } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
      },
    },
  });
  check(init.capabilities.positionEncoding === 'utf-16', `positionEncoding ${init.capabilities.positionEncoding}, want utf-16`);
  check(init.capabilities.hoverProvider, 'no hoverProvider');
  await conn.sendNotification(InitializedNotification.type, {});
  await conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'javascript', version: 1, text },
  });

  // The diagnostic's columns are UTF-16 code units: JavaScript's own string
  // indices.
  const d1 = await diagnosticsFor(1);
  const name = 'wixBilling_onInvoicePayd';
  const want = line0.indexOf(name);
  const diag = d1.diagnostics.find((d) => d.code === 'VELO001');
  check(diag, `no VELO001 diagnostic: ${JSON.stringify(d1.diagnostics)}`);
  check(diag.range.start.line === 0 && diag.range.start.character === want && diag.range.end.character === want + name.length,
    `range ${JSON.stringify(diag.range)}, want 0:${want}-0:${want + name.length} (UTF-16)`);

  // Completion inside the misspelled name, after "wixBilling_onInvoice".
  const at = want + 'wixBilling_onInvoice'.length;
  const comp = await conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: at } });
  const items = Array.isArray(comp) ? comp : comp.items;
  const paid = items.find((i) => i.label === 'wixBilling_onInvoicePaid');
  check(paid, `completion lacks wixBilling_onInvoicePaid: ${items.map((i) => i.label).join(', ')}`);
  check(!items.find((i) => i.label === 'wixBilling_onInvoiceSent'), 'completion offers a handler the file already defines');
  check(paid.labelDetails && paid.labelDetails.description === 'wix-billing-backend', `labelDetails ${JSON.stringify(paid.labelDetails)}`);
  check(paid.textEdit.range.start.character === want, `completion edit starts at ${paid.textEdit.range.start.character}, want ${want}`);

  // Hover on the correct handler of line 1.
  const hover = await conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 20 } });
  check(hover && /onInvoiceSent/.test(hover.contents.value) && /wix-billing-backend/.test(hover.contents.value),
    `hover: ${JSON.stringify(hover)}`);

  // The preferred quick fix renames; applying it clears the diagnostic.
  const actions = await conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri }, range: diag.range, context: { diagnostics: [diag], only: ['quickfix'] },
  });
  const fix = actions.find((a) => a.isPreferred);
  check(fix && /wixBilling_onInvoicePaid/.test(fix.title), `no preferred rename: ${actions.map((a) => a.title).join(' | ')}`);
  check(actions.some((a) => /Suppress VELO001/.test(a.title)), 'no suppression action');
  const edits = fix.edit.changes[uri];
  check(edits && edits.length === 1, `fix edits: ${JSON.stringify(fix.edit)}`);
  const e = edits[0];
  const fixed = line0.slice(0, e.range.start.character) + e.newText + line0.slice(e.range.end.character) + '\n' + line1 + '\n';
  await conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: e.range, text: e.newText }],
  });
  const d2 = await diagnosticsFor(2);
  check(d2.diagnostics.length === 0, `after the fix: ${JSON.stringify(d2.diagnostics)}`);
  check(fixed.includes('export function wixBilling_onInvoicePaid(event)'), 'fix text');

  await conn.sendRequest(ShutdownRequest.type);
  await conn.sendNotification(ExitNotification.type);
  const code = await exited;
  check(code === 0, `exit status ${code}, want 0`);
  check(/DEBUG|debug/.test(stderr), 'no debug log on stderr');
  clearTimeout(timeout);
  conn.dispose();
  rmSync(root, { recursive: true, force: true });
  console.log('e2e: ok');
  process.exit(0);
} catch (err) {
  fail((err && err.stack) || String(err));
}
