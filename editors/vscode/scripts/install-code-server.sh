#!/usr/bin/env bash
# Installs what the real-VS-Code end-to-end test (editors/vscode/e2e,
# e2e_test.go) needs, and nothing from outside Debian and the npm registry:
#   - Debian's chromium (the browser puppeteer-core drives), ripgrep (VS Code's
#     search binary, which its npm package would download), libkrb5-dev and
#     the C/C++ build tools for code-server's native modules;
#   - code-server 4.100.3 from npm: VS Code 1.100.3, the last release whose
#     engines.node allows Node 20. Its postinstall downloads prebuilt binaries,
#     so it runs with --ignore-scripts and this script does the postinstall by
#     hand, building every native module from source against /usr's Node
#     headers.
#
# Where: $VELO_CODE_SERVER_DIR, else ${XDG_CACHE_HOME:-$HOME/.cache}/velo-lsp/
# code-server-4.100.3 (outside the repository, so a fresh clone on the same
# machine reuses it). Idempotent: a finished install leaves a .velo-installed
# stamp and a second run only checks the Debian packages; an interrupted one is
# removed and redone. Debian packages need root (CI runs as root).
set -euo pipefail

VERSION=4.100.3
DIR=${VELO_CODE_SERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/velo-lsp/code-server-$VERSION}
STAMP=$DIR/.velo-installed
start=$(date +%s)
log() { echo "install-code-server: $*"; }

# Debian packages, installed only when missing.
packages=(chromium ripgrep libkrb5-dev build-essential python3 pkg-config)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: ${missing[*]}; install them as root (apt-get install ${missing[*]})" >&2
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$VERSION $(node --version)" ]; then
  log "code-server $VERSION already in $DIR ($(($(date +%s) - start)) s)"
  exit 0
fi

log "installing code-server $VERSION into $DIR"
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
npm=(npm --no-audit --no-fund --loglevel=error)

# Native modules build against the local Node's headers (no header download);
# node-pty's build script runs `npx node-gyp`, which must not prompt.
export npm_config_nodedir=/usr npm_config_yes=true

echo '{"name":"velo-lsp-code-server","private":true}' >package.json
"${npm[@]}" install --ignore-scripts "code-server@$VERSION"
cs=$DIR/node_modules/code-server

# code-server's own native module (password hashing): node-pre-gyp cannot
# download a prebuilt binary and falls back to building it.
"${npm[@]}" rebuild argon2

# What code-server's postinstall.sh does, without its downloads.
cd "$cs/lib/vscode"
"${npm[@]}" install --omit=dev --ignore-scripts
# @vscode/ripgrep's postinstall downloads rg unless bin/ exists: give it Debian's.
mkdir -p node_modules/@vscode/ripgrep/bin
cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
# node-pty, spdlog, kerberos, native-watchdog, ... from source.
"${npm[@]}" rebuild
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh
cd extensions
"${npm[@]}" install --omit=dev --ignore-scripts
node ./postinstall.mjs >/dev/null

# The native modules VS Code's server loads must load, and code-server must run.
cd "$cs/lib/vscode"
node -e '
for (const m of ["node-pty", "@vscode/spdlog", "kerberos", "native-watchdog", "@parcel/watcher"]) require(m);
require("fs").accessSync("node_modules/@vscode/ripgrep/bin/rg", require("fs").constants.X_OK);
'
cfg=$(mktemp -d)
XDG_CONFIG_HOME=$cfg node "$cs/out/node/entry.js" --version
rm -rf "$cfg"

echo "$VERSION $(node --version)" >"$STAMP"
log "done in $(($(date +%s) - start)) s"
