import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bundledServerPath, expandPath, findOnPath, INSTALL_COMMAND, resolveServer, ResolveEnv } from '../src/resolve';

// A fake machine: only the listed files exist and are executable.
function env(files: string[], over: Partial<ResolveEnv> = {}): ResolveEnv & { chmodded: string[] } {
  const exec = new Set(files);
  const chmodded: string[] = [];
  return {
    platform: 'linux',
    arch: 'x64',
    extensionPath: '/ext',
    pathEnv: '/usr/local/bin:/home/u/go/bin',
    homeDir: '/home/u',
    workspaceFolder: '/site',
    isExecutable: (f) => exec.has(f),
    chmodded,
    ...over,
  };
}

describe('bundledServerPath', () => {
  it('names server/<platform>-<arch>/velo-lsp inside the extension', () => {
    assert.equal(bundledServerPath('/ext', 'linux', 'x64'), '/ext/server/linux-x64/velo-lsp');
    assert.equal(bundledServerPath('/ext', 'darwin', 'arm64'), '/ext/server/darwin-arm64/velo-lsp');
  });
  it('adds .exe and uses backslashes on Windows', () => {
    assert.equal(bundledServerPath('C:\\ext', 'win32', 'x64'), 'C:\\ext\\server\\win32-x64\\velo-lsp.exe');
  });
});

describe('resolveServer', () => {
  it('prefers the veloLsp.path setting over the bundled binary and PATH', () => {
    const e = env(['/opt/velo/velo-lsp', '/ext/server/linux-x64/velo-lsp', '/usr/local/bin/velo-lsp']);
    assert.deepEqual(resolveServer('/opt/velo/velo-lsp', e), { ok: true, command: '/opt/velo/velo-lsp', source: 'setting' });
  });

  it('expands ~ and ${workspaceFolder} in the setting', () => {
    const e = env(['/home/u/bin/velo-lsp', '/site/tools/velo-lsp']);
    assert.deepEqual(resolveServer('~/bin/velo-lsp', e), { ok: true, command: '/home/u/bin/velo-lsp', source: 'setting' });
    assert.deepEqual(resolveServer('${workspaceFolder}/tools/velo-lsp', e), {
      ok: true,
      command: '/site/tools/velo-lsp',
      source: 'setting',
    });
  });

  it('reads a relative setting against the workspace folder', () => {
    const e = env(['/site/bin/velo-lsp']);
    assert.deepEqual(resolveServer('bin/velo-lsp', e), { ok: true, command: '/site/bin/velo-lsp', source: 'setting' });
  });

  it('looks a bare command name in the setting up on PATH', () => {
    const e = env(['/home/u/go/bin/velo-lsp-dev']);
    assert.deepEqual(resolveServer('velo-lsp-dev', e), { ok: true, command: '/home/u/go/bin/velo-lsp-dev', source: 'setting' });
  });

  it('reports a wrong setting instead of falling back silently', () => {
    const e = env(['/ext/server/linux-x64/velo-lsp']);
    const r = resolveServer('/nowhere/velo-lsp', e);
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.message.includes('veloLsp.path') && r.message.includes('/nowhere/velo-lsp'));
  });

  it('uses the bundled binary when the setting is empty or blank', () => {
    const e = env(['/ext/server/linux-x64/velo-lsp', '/usr/local/bin/velo-lsp']);
    for (const setting of [undefined, '', '   ']) {
      assert.deepEqual(resolveServer(setting, e), { ok: true, command: '/ext/server/linux-x64/velo-lsp', source: 'bundled' });
    }
  });

  it('restores a lost executable bit on the bundled binary', () => {
    const files = new Set<string>();
    const e = env([], {
      isExecutable: (f) => files.has(f),
      makeExecutable: (f) => {
        if (f !== '/ext/server/linux-x64/velo-lsp') return false;
        files.add(f);
        return true;
      },
    });
    assert.deepEqual(resolveServer('', e), { ok: true, command: '/ext/server/linux-x64/velo-lsp', source: 'bundled' });
  });

  it('ignores a bundled binary for another platform and falls back to PATH', () => {
    const e = env(['/ext/server/linux-x64/velo-lsp', '/home/u/go/bin/velo-lsp'], { platform: 'darwin', arch: 'arm64' });
    assert.deepEqual(resolveServer('', e), { ok: true, command: '/home/u/go/bin/velo-lsp', source: 'path' });
  });

  it('takes the first PATH entry that has the command', () => {
    const e = env(['/usr/local/bin/velo-lsp', '/home/u/go/bin/velo-lsp']);
    assert.deepEqual(resolveServer(undefined, e), { ok: true, command: '/usr/local/bin/velo-lsp', source: 'path' });
  });

  it('gives one message with the install command when nothing is found', () => {
    const r = resolveServer(undefined, env([]));
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.message.includes(INSTALL_COMMAND), 'message names the install command');
    assert.ok(!r.ok && r.message.includes('linux-x64'));
  });
});

describe('findOnPath', () => {
  it('tries PATHEXT extensions on Windows', () => {
    const e = env(['C:\\go\\bin\\velo-lsp.exe'], { platform: 'win32', pathEnv: 'C:\\tools;C:\\go\\bin', pathExt: '.COM;.EXE' });
    assert.equal(findOnPath('velo-lsp', e), 'C:\\go\\bin\\velo-lsp.exe');
  });
  it('skips empty PATH entries and finds nothing in an empty PATH', () => {
    assert.equal(findOnPath('velo-lsp', env(['velo-lsp'], { pathEnv: '' })), undefined);
    assert.equal(findOnPath('velo-lsp', env(['/b/velo-lsp'], { pathEnv: '::/b:' })), '/b/velo-lsp');
  });
});

describe('expandPath', () => {
  it('expands ${userHome} and ${env:NAME}, and leaves other text alone', () => {
    const e = { homeDir: '/home/u', workspaceFolder: undefined };
    assert.equal(expandPath('${userHome}/x', e), '/home/u/x');
    assert.equal(expandPath('${env:GOBIN}/velo-lsp', e, { GOBIN: '/gobin' }), '/gobin/velo-lsp');
    assert.equal(expandPath('${workspaceFolder}/x', e), '${workspaceFolder}/x');
    assert.equal(expandPath('/a~b/c', e), '/a~b/c');
  });
});
