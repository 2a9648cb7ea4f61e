// The VS Code side of velo-lsp: find the server, start it for Velo backend
// files, pass settings through. Everything that can be decided without VS Code
// lives in resolve.ts, settings.ts and selector.ts.

import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

import { INSTALL_COMMAND, nodeIsExecutable, nodeMakeExecutable, resolveServer } from './resolve';
import { sampleMessage, SHOW_SAMPLE_COMMAND } from './sample';
import { documentSelector, EVENTS_FILE_GLOB, isVeloDocument } from './selector';
import { needsRestart, RawSettings, serverArgs, serverPayload, toServerSettings } from './settings';

const SECTION = 'veloLsp';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let traceOutput: vscode.OutputChannel;
let lastSettings: RawSettings = {};
let reportedMissing = false;
let pendingStart: vscode.Disposable | undefined;
// Set once the workspace turned out to be a Velo site: a later fix of
// veloLsp.path then starts the server that could not be found before.
let wanted = false;

function readSettings(): RawSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    path: c.get('path'),
    rules: c.get('rules'),
    packageRoots: c.get('packageRoots'),
    logLevel: c.get('logLevel'),
  };
}

function logProblems(raw: RawSettings): void {
  for (const p of toServerSettings(raw).problems) output.appendLine(`[settings] ${p}`);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Velo LSP');
  traceOutput = vscode.window.createOutputChannel('Velo LSP Trace');
  context.subscriptions.push(output, traceOutput);

  context.subscriptions.push(
    vscode.commands.registerCommand('veloLsp.restartServer', async () => {
      reportedMissing = false;
      await stopClient();
      await startClient(context);
    }),
    vscode.commands.registerCommand('veloLsp.showOutput', () => output.show(true)),
    // Run from the server's "Copy a sample event" code lens and code action
    // (lsp/sample.go): the sample on the clipboard and in an untitled JSON
    // document.
    vscode.commands.registerCommand(SHOW_SAMPLE_COMMAND, async (handler: unknown, sample: unknown) => {
      if (typeof handler !== 'string' || typeof sample !== 'string') return;
      await vscode.env.clipboard.writeText(sample);
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: sample });
      await vscode.window.showTextDocument(doc, { preview: false });
      void vscode.window.showInformationMessage(sampleMessage(handler));
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      const next = readSettings();
      const restart = needsRestart(lastSettings, next);
      lastSettings = next;
      logProblems(next);
      if (!client) {
        if (wanted && restart) {
          reportedMissing = false;
          await startClient(context);
        }
        return;
      }
      if (restart) {
        await stopClient();
        await startClient(context);
      } else {
        await client.sendNotification(DidChangeConfigurationNotification.type, { settings: serverPayload(next) });
      }
    }),
    { dispose: () => void stopClient() },
  );

  lastSettings = readSettings();
  logProblems(lastSettings);

  if (await workspaceIsVeloSite()) {
    await startClient(context);
    return;
  }
  // Activated by a JavaScript/TypeScript file in a workspace without a backend
  // events file: start only when a Velo backend file or a look-alike is opened.
  pendingStart = vscode.workspace.onDidOpenTextDocument(async (doc) => {
    if (doc.uri.scheme === 'file' && isVeloDocument(doc.uri.fsPath)) {
      pendingStart?.dispose();
      pendingStart = undefined;
      await startClient(context);
    }
  });
  context.subscriptions.push({ dispose: () => pendingStart?.dispose() });
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

async function workspaceIsVeloSite(): Promise<boolean> {
  if (vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && isVeloDocument(d.uri.fsPath))) {
    return true;
  }
  const found = await vscode.workspace.findFiles(EVENTS_FILE_GLOB, '**/node_modules/**', 1);
  return found.length > 0;
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  wanted = true;
  if (client) return;
  const raw = readSettings();
  const resolution = resolveServer(
    typeof raw.path === 'string' ? raw.path : undefined,
    {
      platform: process.platform,
      arch: process.arch,
      extensionPath: context.extensionPath,
      pathEnv: process.env.PATH,
      pathExt: process.env.PATHEXT,
      homeDir: os.homedir(),
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      isExecutable: nodeIsExecutable,
      makeExecutable: nodeMakeExecutable,
    },
    process.env,
  );
  if (!resolution.ok) {
    output.appendLine(resolution.message);
    if (!reportedMissing) {
      reportedMissing = true;
      const copy = 'Copy install command';
      const open = 'Open settings';
      const choice = await vscode.window.showErrorMessage(resolution.message, copy, open);
      if (choice === copy) await vscode.env.clipboard.writeText(INSTALL_COMMAND);
      if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'veloLsp.path');
    }
    return;
  }
  output.appendLine(`Starting ${resolution.command} (${resolution.source}) ${serverArgs(raw).join(' ')}`);

  const serverOptions: ServerOptions = {
    command: resolution.command,
    args: serverArgs(raw),
    transport: TransportKind.stdio, // appends --stdio, which the server accepts
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    // sampleCommand: this client runs SHOW_SAMPLE_COMMAND.
    initializationOptions: { veloLsp: { ...serverPayload(raw).veloLsp, sampleCommand: true } },
    outputChannel: output,
    traceOutputChannel: traceOutput,
    middleware: {
      workspace: {
        // A server that pulls settings gets the mapped veloLsp object too.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return params.items.map((item, i) =>
            item.section === SECTION ? serverPayload(readSettings()).veloLsp : result[i],
          );
        },
      },
    },
  };
  client = new LanguageClient(SECTION, 'Velo LSP', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    output.appendLine(`velo-lsp failed to start: ${err instanceof Error ? err.message : String(err)}`);
    const failed = client;
    client = undefined;
    await failed.dispose().catch(() => undefined);
    void vscode.window.showErrorMessage(`velo-lsp failed to start (${resolution.command}); see the Velo LSP output.`, 'Show output')
      .then((c) => c && output.show(true));
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) return;
  try {
    await c.stop();
  } catch (err) {
    output.appendLine(`stopping velo-lsp: ${err instanceof Error ? err.message : String(err)}`);
  }
}
