// Builds the velo-lsp server from this repository into server/<platform>-<arch>/,
// the place the extension looks for a bundled binary. `npm run package` ships
// the linux-x64 one; VELO_LSP_TARGET=darwin-arm64 (any of release/build.sh's
// platforms) cross-compiles another, as the server is pure Go. Release
// builds of every platform's .vsix are made by release/build.sh.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const extRoot = path.resolve(here, '..');
const repoRoot = path.resolve(extRoot, '..', '..');
const target = process.env.VELO_LSP_TARGET ?? 'linux-x64';
const GO = {
  'linux-x64': ['linux', 'amd64'],
  'linux-arm64': ['linux', 'arm64'],
  'darwin-x64': ['darwin', 'amd64'],
  'darwin-arm64': ['darwin', 'arm64'],
  'win32-x64': ['windows', 'amd64'],
  'win32-arm64': ['windows', 'arm64'],
};
if (!GO[target]) {
  console.error(`build-server: unknown target ${target}; known: ${Object.keys(GO).join(' ')}`);
  process.exit(1);
}
const [goos, goarch] = GO[target];
const exe = goos === 'windows' ? 'velo-lsp.exe' : 'velo-lsp';
const outDir = path.join(extRoot, 'server', target);
fs.rmSync(path.join(extRoot, 'server'), { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
const out = path.join(outDir, exe);

const args = ['build', '-trimpath', '-ldflags=-s -w', '-o', out, './cmd/velo-lsp'];
console.log(`build-server: go ${args.join(' ')} (in ${repoRoot})`);
const r = spawnSync('go', args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, CGO_ENABLED: '0', GOOS: goos, GOARCH: goarch } });
if (r.error) {
  console.error(`build-server: cannot run go: ${r.error.message}`);
  process.exit(1);
}
if (r.status !== 0) process.exit(r.status ?? 1);
fs.chmodSync(out, 0o755);
console.log(`build-server: ${path.relative(extRoot, out)} (${fs.statSync(out).size} bytes)`);
