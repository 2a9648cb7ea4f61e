#!/usr/bin/env node
// The `velo-lsp` command that npm installs. It runs the native binary of the
// platform package npm chose for this machine (@velo-lsp/<platform>-<arch>,
// one of this package's optional dependencies); when there is none, it runs
// the WebAssembly build shipped beside this file under node:wasi.
//
// It adds nothing to standard output: `velo-lsp serve` speaks the Language
// Server Protocol there, and `check --format json` is read by programs.
// VELO_LSP_DEBUG=1 says on standard error which binary runs and why;
// VELO_LSP_WASM=1 runs the WebAssembly build even where a native one exists.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

// The platforms with a native package, named process.platform-process.arch.
// release/build.sh makes one package per entry and lists them all as this
// package's optionalDependencies.
const PLATFORMS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];

// Signals a terminal, a CI runner or an editor sends to stop a command; the
// child must get them too, or it outlives the launcher.
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function note(msg) {
  if (process.env.VELO_LSP_DEBUG === '1') process.stderr.write(`velo-lsp launcher: ${msg}\n`);
}

function nativeBinary() {
  if (process.env.VELO_LSP_WASM === '1') {
    note('VELO_LSP_WASM=1: using the WebAssembly build');
    return undefined;
  }
  const key = `${process.platform}-${process.arch}`;
  if (!PLATFORMS.includes(key)) {
    note(`no native package is built for ${key}: using the WebAssembly build`);
    return undefined;
  }
  const exe = process.platform === 'win32' ? 'velo-lsp.exe' : 'velo-lsp';
  try {
    return require.resolve(`@velo-lsp/${key}/bin/${exe}`);
  } catch {
    // npm skips optional dependencies on --no-optional, on a lockfile made
    // elsewhere, or when a download failed: still run, on WebAssembly.
    note(`@velo-lsp/${key} is not installed: using the WebAssembly build`);
    return undefined;
  }
}

function runNative(bin, args) {
  note(`running ${bin}`);
  if (process.platform !== 'win32') {
    try {
      fs.accessSync(bin, fs.constants.X_OK);
    } catch {
      // Some tools that copy node_modules (caches, zip-based deploys) drop
      // the executable bit; putting it back beats failing.
      try {
        fs.chmodSync(bin, 0o755);
      } catch {
        // spawn below reports the real error
      }
    }
  }
  // The handlers go in before the spawn: a signal that came after the
  // child started but before they were in place would kill the launcher
  // alone and leave the child running.
  let child;
  const handlers = new Map();
  for (const sig of FORWARDED) {
    const h = () => {
      try {
        child.kill(sig);
      } catch {
        // already gone
      }
    };
    handlers.set(sig, h);
    process.on(sig, h);
  }
  child = spawn(bin, args, { stdio: 'inherit', windowsHide: true });
  const unhook = () => {
    for (const [sig, h] of handlers) process.removeListener(sig, h);
  };
  let started = false;
  child.on('spawn', () => {
    started = true;
  });
  child.on('error', (err) => {
    unhook();
    if (!started) {
      // The binary could not be started at all (wrong architecture under
      // emulation, a noexec mount, a damaged file): the WebAssembly build
      // gives the same results, only slower.
      note(`cannot start ${bin} (${err.message}): using the WebAssembly build`);
      runWasm(args);
      return;
    }
    process.stderr.write(`velo-lsp: ${err.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    unhook();
    if (signal) exitBySignal(signal);
    else process.exit(code ?? 1);
  });
}

// The launcher ends the way its child ended, so that a shell, CI runner or
// editor sees the same status as with the binary itself: it re-raises the
// signal on itself and, where that does not kill it (a signal Node ignores,
// such as SIGPIPE, or Windows), exits with 128 + the signal's number, as
// shells report a death by signal.
function exitBySignal(signal) {
  if (process.platform !== 'win32') {
    try {
      process.kill(process.pid, signal);
    } catch {
      // fall through
    }
  }
  process.exit(128 + (os.constants.signals[signal] ?? 0));
}

// WASI fdflags bits (preview1).
const FDFLAG_APPEND = 1;
const FDFLAG_DSYNC = 2;
const FDFLAG_NONBLOCK = 4;
const FDFLAG_SYNC = 16;
const WASI_FDFLAGS = 0x1f;

function hostToWasiFlags(raw) {
  const c = fs.constants;
  let f = 0;
  if (c.O_APPEND && raw & c.O_APPEND) f |= FDFLAG_APPEND;
  if (c.O_NONBLOCK && raw & c.O_NONBLOCK) f |= FDFLAG_NONBLOCK;
  if (c.O_SYNC && (raw & c.O_SYNC) === c.O_SYNC) f |= FDFLAG_SYNC;
  else if (c.O_DSYNC && raw & c.O_DSYNC) f |= FDFLAG_DSYNC;
  return f;
}

// Node's WASI (uvwasi) answers fd_fdstat_get with the host's raw
// fcntl(F_GETFL) bits, while fd_fdstat_set_flags takes WASI bits. Go's
// wasip1 runtime sets stdin non-blocking (get, add NONBLOCK, set) and then
// reads the flags back to decide whether to wait for input in poll_oneoff:
// with the raw bits it never sees NONBLOCK, treats the non-blocking stdin as
// blocking and fails at the first read that finds no data yet ("read
// /dev/stdin: Try again"), which ends `velo-lsp serve` at once. So: a
// descriptor's flags are those the program last set on it; before that,
// the host's bits translated when they cannot be WASI bits (a Node whose
// WASI answers in WASI bits passes through unchanged).
function fixFdFlags(imports, memory) {
  const set = new Map();
  const origGet = imports.fd_fdstat_get;
  const origSet = imports.fd_fdstat_set_flags;
  imports.fd_fdstat_set_flags = (fd, flags) => {
    const errno = origSet(fd, flags);
    if (errno === 0) set.set(fd, flags & WASI_FDFLAGS);
    return errno;
  };
  imports.fd_fdstat_get = (fd, ptr) => {
    const errno = origGet(fd, ptr);
    if (errno !== 0) return errno;
    const view = new DataView(memory().buffer);
    const raw = view.getUint16(ptr + 2, true); // fdstat.fs_flags
    let flags = raw;
    if (set.has(fd)) flags = set.get(fd);
    else if (raw & ~WASI_FDFLAGS) flags = hostToWasiFlags(raw);
    view.setUint16(ptr + 2, flags, true);
    return 0;
  };
}

// Where the program sees a host path. On POSIX, the file system root is
// preopened as itself, so every path means what it means to the native
// binary: the same files, the same configuration lookup up to the
// repository root, absolute paths in arguments. On Windows, the current
// drive's root is preopened as "/" and C:\x\y is seen as /x/y; other drives
// are out of reach.
function guestPath(host) {
  if (process.platform !== 'win32') return host;
  const abs = path.resolve(host);
  return '/' + abs.slice(path.parse(abs).root.length).split(path.sep).join('/');
}

function guestArgs(args) {
  if (process.platform !== 'win32') return args;
  const drive = path.parse(process.cwd()).root.toLowerCase();
  const convert = (a) => {
    if (a === '' || !fs.existsSync(a)) return a;
    if (!path.isAbsolute(a)) return a.split('\\').join('/');
    return path.parse(a).root.toLowerCase() === drive ? guestPath(a) : a;
  };
  return args.map((a) => {
    const eq = a.indexOf('=');
    if (a.startsWith('-') && eq > 0) return a.slice(0, eq + 1) + convert(a.slice(eq + 1));
    return convert(a);
  });
}

function runWasm(args) {
  const wasmFile = path.join(__dirname, '..', 'velo-lsp.wasm');
  // node:wasi emits an ExperimentalWarning, on the next tick: that tick
  // never comes, as everything below runs synchronously up to process.exit,
  // so the warning is never printed (the release tests compare stderr with
  // the native binary's).
  let wasi;
  let instance;
  try {
    const { WASI } = require('node:wasi');
    const root = process.platform === 'win32' ? path.parse(process.cwd()).root : '/';
    wasi = new WASI({
      version: 'preview1',
      args: ['velo-lsp', ...guestArgs(args)],
      // Go's wasip1 runtime takes its working directory from PWD.
      env: { ...process.env, PWD: guestPath(process.cwd()) },
      preopens: { '/': root },
      returnOnExit: true,
    });
    const imports = { ...wasi.wasiImport };
    fixFdFlags(imports, () => instance.exports.memory);
    // V8 otherwise compiles the whole 19 MB module with its optimizing
    // compiler too: measured on a 2-core machine, 4 s of CPU before the
    // first finding, against 0.4 s with the baseline compiler alone, whose
    // code is fast enough for velo-lsp's work.
    require('node:v8').setFlagsFromString('--liftoff-only');
    const module = new WebAssembly.Module(fs.readFileSync(wasmFile));
    instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: imports });
  } catch (err) {
    process.stderr.write(`velo-lsp: cannot run ${wasmFile} on Node ${process.version} (it needs Node 20 or later): ${err.message}\n`);
    process.exit(2);
  }
  note(`running ${wasmFile} under node:wasi`);
  let code;
  try {
    code = wasi.start(instance);
  } catch (err) {
    process.stderr.write(`velo-lsp: the WebAssembly build stopped: ${err.message}\n`);
    process.exit(2);
  }
  process.exit(code ?? 0);
}

const args = process.argv.slice(2);
const bin = nativeBinary();
if (bin) runNative(bin, args);
else runWasm(args);
