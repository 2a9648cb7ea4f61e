// Runs a wasip1 build of velo-lsp under Node's WASI (preview1), the way a
// machine with Node and no native binary would: the current folder is
// preopened at its own absolute path, so relative and absolute paths name
// the same files as natively, and output paths print the same.
// Usage: node --no-warnings wasi-run.mjs velo-lsp.wasm ARGS...
import { WASI } from 'node:wasi';
import { readFile } from 'node:fs/promises';

const [wasmPath, ...args] = process.argv.slice(2);
const cwd = process.cwd();
const wasi = new WASI({
  version: 'preview1',
  args: ['velo-lsp', ...args],
  env: { ...process.env, PWD: cwd },
  preopens: { [cwd]: cwd },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
