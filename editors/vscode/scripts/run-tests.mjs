// Compiles test/*.test.ts with esbuild (the extension's own modules bundled in,
// npm packages left external) and runs them with node's test runner. No
// 'vscode' module exists outside VS Code, so a tested module that imports it
// fails to load: the tested logic must stay free of it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const tests = fs.readdirSync('test').filter((f) => f.endsWith('.test.ts')).map((f) => path.join('test', f));
if (tests.length === 0) {
  console.error('run-tests: no test/*.test.ts');
  process.exit(1);
}
fs.rmSync('out-test', { recursive: true, force: true });
await esbuild.build({
  entryPoints: tests,
  outdir: 'out-test',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  packages: 'external',
  logLevel: 'warning',
});
const files = fs.readdirSync('out-test').filter((f) => f.endsWith('.js')).map((f) => path.join('out-test', f));
const r = spawnSync(process.execPath, ['--test', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
