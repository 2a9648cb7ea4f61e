// Lays out the npm packages that release/build.sh packs: the main package
// `velo-lsp` (the launcher, the WebAssembly build, the README) and one
// package per platform holding that platform's binary. Every package gets
// the same version, and the main package depends on each platform package
// at exactly that version, so npm never mixes a launcher with a binary of
// another release.
//
// usage: node stage.mjs VERSION BINDIR STAGEDIR PLATFORM...
// Writes STAGEDIR/velo-lsp/ and STAGEDIR/<platform>/ for each PLATFORM given;
// the main package lists all six platforms whichever were built.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [version, binDir, stageDir, ...built] = process.argv.slice(2);
if (!version || !binDir || !stageDir) {
  console.error('usage: node stage.mjs VERSION BINDIR STAGEDIR PLATFORM...');
  process.exit(2);
}

// process.platform-process.arch → npm's os and cpu fields, and a name for people.
const PLATFORMS = {
  'linux-x64': { os: 'linux', cpu: 'x64', human: 'Linux on x64' },
  'linux-arm64': { os: 'linux', cpu: 'arm64', human: 'Linux on ARM64' },
  'darwin-x64': { os: 'darwin', cpu: 'x64', human: 'macOS on Intel' },
  'darwin-arm64': { os: 'darwin', cpu: 'arm64', human: 'macOS on Apple silicon' },
  'win32-x64': { os: 'win32', cpu: 'x64', human: 'Windows on x64' },
  'win32-arm64': { os: 'win32', cpu: 'arm64', human: 'Windows on ARM64' },
};

const repository = { type: 'git', url: 'git+https://github.com/velo-lsp/velo-lsp.git' };
const homepage = 'https://github.com/velo-lsp/velo-lsp#readme';

function writeJSON(file, value) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

function copy(from, to, mode) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
  if (mode !== undefined) fs.chmodSync(to, mode);
}

fs.rmSync(stageDir, { recursive: true, force: true });

for (const key of built) {
  const p = PLATFORMS[key];
  if (!p) {
    console.error(`stage: unknown platform ${key}; known: ${Object.keys(PLATFORMS).join(' ')}`);
    process.exit(2);
  }
  const dir = path.join(stageDir, key);
  const exe = p.os === 'win32' ? 'velo-lsp.exe' : 'velo-lsp';
  copy(path.join(binDir, `velo-lsp-${key}${p.os === 'win32' ? '.exe' : ''}`), path.join(dir, 'bin', exe), 0o755);
  writeJSON(path.join(dir, 'package.json'), {
    name: `@velo-lsp/${key}`,
    version,
    description: `The velo-lsp binary for ${p.human}; installed by the velo-lsp package, not meant to be installed alone.`,
    repository,
    homepage,
    os: [p.os],
    cpu: [p.cpu],
    files: [`bin/${exe}`],
    // Yarn Berry runs binaries from a real folder, not from its zip cache.
    preferUnplugged: true,
  });
  fs.writeFileSync(
    path.join(dir, 'README.md'),
    `# @velo-lsp/${key}\n\n` +
      `The \`velo-lsp\` executable for ${p.human}, a static binary with no dependencies. ` +
      'npm installs it on its own as an optional dependency of [`velo-lsp`](https://www.npmjs.com/package/velo-lsp), ' +
      'whose `velo-lsp` command runs it; install that package instead of this one.\n',
  );
}

const main = path.join(stageDir, 'velo-lsp');
copy(path.join(here, 'velo-lsp', 'bin', 'velo-lsp.js'), path.join(main, 'bin', 'velo-lsp.js'), 0o755);
copy(path.join(binDir, 'velo-lsp.wasm'), path.join(main, 'velo-lsp.wasm'), 0o644);
copy(path.join(here, 'velo-lsp', 'README.md'), path.join(main, 'README.md'));
writeJSON(path.join(main, 'package.json'), {
  name: 'velo-lsp',
  version,
  description:
    'Checks the backend event handlers of Wix Velo sites (backend/events.js): misspelled or unknown handler names, removed events, export forms Velo never calls. A linter for CI and a language server for editors.',
  keywords: ['wix', 'velo', 'events.js', 'linter', 'lsp', 'language-server'],
  repository,
  homepage,
  bin: { 'velo-lsp': 'bin/velo-lsp.js' },
  files: ['bin/velo-lsp.js', 'velo-lsp.wasm', 'README.md'],
  engines: { node: '>=18' },
  optionalDependencies: Object.fromEntries(Object.keys(PLATFORMS).map((k) => [`@velo-lsp/${k}`, version])),
});
