// Finding the velo-lsp executable. Pure logic: the file system and the
// environment come in through ResolveEnv, so this module is tested without
// VS Code (see test/resolve.test.ts). It must never import 'vscode'.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The command a user runs to install the server when none is found. */
export const INSTALL_COMMAND = 'go install github.com/velo-lsp/velo-lsp/cmd/velo-lsp@latest';

/** Everything resolution needs to know about the machine. */
export interface ResolveEnv {
  platform: NodeJS.Platform; // process.platform
  arch: string; // process.arch
  extensionPath: string; // the extension's install directory
  pathEnv: string | undefined; // $PATH
  pathExt?: string; // %PATHEXT% (Windows only)
  homeDir: string;
  workspaceFolder?: string; // first workspace folder, for ${workspaceFolder}
  isExecutable(file: string): boolean;
  /** Tries to set the executable bit on a bundled binary that lost it. */
  makeExecutable?(file: string): boolean;
}

export type ServerSource = 'setting' | 'bundled' | 'path';

export type Resolution =
  | { ok: true; command: string; source: ServerSource }
  | { ok: false; message: string };

function pathLib(platform: NodeJS.Platform): typeof path.posix {
  return platform === 'win32' ? path.win32 : path.posix;
}

function exeName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'velo-lsp.exe' : 'velo-lsp';
}

/** server/<platform>-<arch>/velo-lsp inside the extension, e.g. server/linux-x64/velo-lsp. */
export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform, arch: string): string {
  return pathLib(platform).join(extensionPath, 'server', `${platform}-${arch}`, exeName(platform));
}

/** Expands a leading ~ and ${workspaceFolder}, ${userHome} and ${env:NAME}. */
export function expandPath(p: string, env: Pick<ResolveEnv, 'homeDir' | 'workspaceFolder'>, vars: NodeJS.ProcessEnv = {}): string {
  let out = p.trim();
  if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) {
    out = env.homeDir + out.slice(1);
  }
  out = out.replace(/\$\{(workspaceFolder|userHome|env:([A-Za-z_][A-Za-z0-9_]*))\}/g, (whole, name: string, envName?: string) => {
    if (name === 'userHome') return env.homeDir;
    if (name === 'workspaceFolder') return env.workspaceFolder ?? whole;
    return vars[envName as string] ?? '';
  });
  return out;
}

/** Looks a bare command name up in $PATH (and %PATHEXT% on Windows). */
export function findOnPath(name: string, env: ResolveEnv): string | undefined {
  const lib = pathLib(env.platform);
  const sep = env.platform === 'win32' ? ';' : ':';
  const dirs = (env.pathEnv ?? '').split(sep).filter((d) => d.length > 0);
  let exts = [''];
  if (env.platform === 'win32') {
    const fromEnv = (env.pathExt ?? '.EXE;.CMD;.BAT;.COM').split(';').filter((e) => e.length > 0);
    exts = lib.extname(name) !== '' ? [''] : fromEnv.map((e) => e.toLowerCase());
  }
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = lib.join(dir, name + ext);
      if (env.isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function isBareName(p: string, platform: NodeJS.Platform): boolean {
  return !p.includes('/') && !(platform === 'win32' && p.includes('\\'));
}

/**
 * Decides which executable to run, in order:
 *  1. the veloLsp.path setting (a path, or a bare name looked up in $PATH);
 *     when it is set but wrong, that is an error: no silent fallback;
 *  2. the binary shipped in the extension for this platform and architecture;
 *  3. velo-lsp on $PATH.
 * Nothing found: one message that says how to install the server.
 */
export function resolveServer(configured: string | undefined, env: ResolveEnv, vars: NodeJS.ProcessEnv = {}): Resolution {
  const setting = (configured ?? '').trim();
  if (setting !== '') {
    const expanded = expandPath(setting, env, vars);
    if (isBareName(expanded, env.platform)) {
      const found = findOnPath(expanded, env);
      if (found) return { ok: true, command: found, source: 'setting' };
      return {
        ok: false,
        message: `veloLsp.path is "${setting}", but no such command is on PATH. Fix or clear the setting, or install the server with: ${INSTALL_COMMAND}`,
      };
    }
    const lib = pathLib(env.platform);
    const abs = lib.isAbsolute(expanded) || !env.workspaceFolder ? expanded : lib.join(env.workspaceFolder, expanded);
    if (env.isExecutable(abs)) return { ok: true, command: abs, source: 'setting' };
    return {
      ok: false,
      message: `veloLsp.path is "${setting}", but ${abs} is not an executable file. Fix or clear the setting, or install the server with: ${INSTALL_COMMAND}`,
    };
  }

  const bundled = bundledServerPath(env.extensionPath, env.platform, env.arch);
  if (env.isExecutable(bundled) || (env.makeExecutable?.(bundled) === true && env.isExecutable(bundled))) {
    return { ok: true, command: bundled, source: 'bundled' };
  }

  const onPath = findOnPath(exeName(env.platform), env);
  if (onPath) return { ok: true, command: onPath, source: 'path' };

  return {
    ok: false,
    message:
      `The velo-lsp server was not found: this extension ships none for ${env.platform}-${env.arch}, ` +
      `veloLsp.path is not set and velo-lsp is not on PATH. Install it with: ${INSTALL_COMMAND} ` +
      '(then make sure $(go env GOPATH)/bin is on PATH, or set veloLsp.path).',
  };
}

/** isExecutable for the real file system. */
export function nodeIsExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** makeExecutable for the real file system: chmod 755 on a regular file. */
export function nodeMakeExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.chmodSync(file, 0o755);
    return true;
  } catch {
    return false;
  }
}
