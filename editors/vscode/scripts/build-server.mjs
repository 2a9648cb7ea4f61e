// Builds the velo-lsp server from this repository into server/<platform>-<arch>/,
// the place the extension looks for a bundled binary. `npm run package` ships
// the linux-x64 one: run it on linux-x64 (the server uses cgo, so it is built
// natively, not cross-compiled).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const extRoot = path.resolve(here, '..');
const repoRoot = path.resolve(extRoot, '..', '..');
const target = process.env.VELO_LSP_TARGET ?? 'linux-x64';
const host = `${process.platform}-${process.arch}`;
if (target !== host) {
  console.error(`build-server: target ${target} but this machine is ${host}; the server needs cgo, build it on ${target}.`);
  process.exit(1);
}
const exe = process.platform === 'win32' ? 'velo-lsp.exe' : 'velo-lsp';
const outDir = path.join(extRoot, 'server', target);
fs.rmSync(path.join(extRoot, 'server'), { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
const out = path.join(outDir, exe);

const args = ['build', '-trimpath', '-ldflags=-s -w', '-o', out, './cmd/velo-lsp'];
console.log(`build-server: go ${args.join(' ')} (in ${repoRoot})`);
const r = spawnSync('go', args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, CGO_ENABLED: '1' } });
if (r.error) {
  console.error(`build-server: cannot run go: ${r.error.message}`);
  process.exit(1);
}
if (r.status !== 0) process.exit(r.status ?? 1);
fs.chmodSync(out, 0o755);
console.log(`build-server: ${path.relative(extRoot, out)} (${fs.statSync(out).size} bytes)`);
