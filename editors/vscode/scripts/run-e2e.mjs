// Runs the real-VS-Code end-to-end test (e2e/vscode.e2e.ts): packages the
// extension (`npm run package`) unless $VELO_E2E_VSIX names a .vsix, bundles
// the test with esbuild, and runs it with node's test runner as the leader of
// a process group of its own. code-server, chromium and everything they start
// (extension host, velo-lsp, renderers) stay in that group, so this script
// stops all of them with one kill(-pgid) when the test ends, fails, or this
// script is interrupted.
//
// Needs code-server (scripts/install-code-server.sh) and /usr/bin/chromium.
// VELO_E2E_NO_EXTENSION=1 skips --install-extension: the assertions must then
// fail (a check that they test the extension, not VS Code alone).
// VELO_E2E_KEEP=1 keeps the run's folder (VS Code's logs are in user-data/logs);
// VELO_E2E_DEBUG=1 saves a screenshot after each command in out-e2e/.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const extRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(extRoot);
const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);

let vsix = process.env.VELO_E2E_VSIX;
if (!vsix) {
  const r = spawnSync('npm', ['run', 'package'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error('run-e2e: npm run package failed');
    process.exit(1);
  }
  vsix = path.join(extRoot, 'velo-lsp-linux-x64.vsix');
  console.log(`run-e2e: packaged ${path.relative(extRoot, vsix)} in ${secs()} s`);
}

fs.rmSync('out-e2e', { recursive: true, force: true });
await esbuild.build({
  entryPoints: ['e2e/vscode.e2e.ts'],
  outdir: 'out-e2e',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

// The run's folder (site copy, VS Code's user data and extensions, chromium's
// profile): made here and removed here, also when the test is killed.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-vscode-e2e-'));

const child = spawn(process.execPath, ['--test-reporter=spec', 'out-e2e/vscode.e2e.js'], {
  detached: true, // the leader of a new process group
  stdio: 'inherit',
  env: { ...process.env, VELO_E2E_VSIX: path.resolve(vsix), VELO_E2E_ROOT: root },
});
const group = -child.pid;

function kill(signal) {
  try {
    process.kill(group, signal);
  } catch {
    // ESRCH: nothing left in the group
  }
}

// The running processes in the group (zombies left to be reaped do not
// count), as "pid command" lines, from /proc (Linux).
function members() {
  const out = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) !== child.pid || state === 'Z') continue;
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push(`${pid} ${cmd.slice(0, 160)}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function groupAlive() {
  return members().length > 0;
}

// Stops the group: SIGTERM, then SIGKILL for what is left after 5 s.
async function stopGroup() {
  if (!groupAlive()) return;
  kill('SIGTERM');
  for (let i = 0; i < 50 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive()) {
    console.error(`run-e2e: still running 5 s after SIGTERM, SIGKILL:\n  ${members().join('\n  ')}`);
    kill('SIGKILL');
    for (let i = 0; i < 50 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 100));
  }
  if (groupAlive()) console.error(`run-e2e: process group ${child.pid} still has processes:\n  ${members().join('\n  ')}`);
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    interrupted = true;
    console.error(`run-e2e: ${sig}: stopping the test's process group`);
    void stopGroup();
  });
}

const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
if (groupAlive()) console.log(`run-e2e: the test exited; stopping what is left of its process group:\n  ${members().join('\n  ')}`);
await stopGroup();
if (process.env.VELO_E2E_KEEP === '1') console.log(`run-e2e: VELO_E2E_KEEP=1: kept ${root}`);
else fs.rmSync(root, { recursive: true, force: true });
console.log(`run-e2e: ${code === 0 && !interrupted ? 'passed' : 'FAILED'} in ${secs()} s`);
process.exit(interrupted ? 1 : code);
