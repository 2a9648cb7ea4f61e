#!/usr/bin/env bash
# release/build.sh OUTDIR builds what users install, from this checkout:
#
#   OUTDIR/bin/velo-lsp-<platform>[.exe]  native binaries (CGO_ENABLED=0, cross-compiled)
#   OUTDIR/bin/velo-lsp.wasm              the WebAssembly build (GOOS=wasip1)
#   OUTDIR/npm/*.tgz                      velo-lsp (launcher + wasm) and @velo-lsp/<platform>
#   OUTDIR/vsix/*.vsix                    the VS Code extension per platform, and a universal one
#   OUTDIR/SHA256SUMS                     sha256sum of every file above, relative paths
#
# Platforms are named as Node names them (process.platform-process.arch):
# linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64.
#
# Environment:
#   VELO_PLATFORMS  platforms to build (space or comma separated; "host" is
#                   this machine's); default all six. The wasm build, the
#                   main npm package and the universal .vsix are always made.
#   VELO_VERSION    the version to stamp; default: the tag vX.Y.Z at HEAD,
#                   else release/VERSION + "-dev.g<commit>" (".dirty" when
#                   tracked files differ from HEAD).
#   VELO_NO_VSIX=1  skip the .vsix files (they need editors/vscode's npm
#                   packages; build.sh runs `npm ci` there when they are missing).
#
# The binaries are reproducible: the same commit and Go toolchain give the
# same bytes (-trimpath, no VCS stamp, no build paths, fixed GOAMD64/GOARM64).
# The npm tarballs are too (npm pack fixes times and modes); the .vsix files
# are not (vsce stamps the entries it writes with the current time).
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: release/build.sh OUTDIR" >&2
  exit 2
fi

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
if [ "$out" = / ] || [ "$out" = "$repo" ]; then
  echo "build.sh: OUTDIR must be a folder of its own, not $out" >&2
  exit 2
fi

all="linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64"
host_platform() {
  local os arch
  case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  MINGW* | MSYS* | CYGWIN*) os=win32 ;;
  *) echo "build.sh: no platform package for $(uname -s)" >&2; exit 2 ;;
  esac
  case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "build.sh: no platform package for $(uname -m)" >&2; exit 2 ;;
  esac
  echo "$os-$arch"
}
platforms=()
for p in ${VELO_PLATFORMS-$all}; do
  p=${p//,/ }
  for q in $p; do
    [ "$q" = host ] && q=$(host_platform)
    case " $all " in
    *" $q "*) platforms+=("$q") ;;
    *) echo "build.sh: unknown platform '$q' (known: $all, host)" >&2; exit 2 ;;
    esac
  done
done

version=${VELO_VERSION:-}
if [ -z "$version" ]; then
  base=$(tr -d ' \n' <"$repo/release/VERSION")
  if tag=$(git -C "$repo" describe --tags --exact-match --match 'v[0-9]*' HEAD 2>/dev/null); then
    version=${tag#v}
    # The pre-commit hook and its package.json pin release/VERSION (go test
    # ./release checks that they agree): a tag must not ship another number.
    if [ "$version" != "$base" ]; then
      echo "build.sh: HEAD is tagged $tag but release/VERSION says $base; update it (and .pre-commit-hooks.yaml, package.json)" >&2
      exit 2
    fi
  elif sha=$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null); then
    version="$base-dev.g$sha"
    git -C "$repo" diff --quiet HEAD -- 2>/dev/null || version="$version.dirty"
  else
    version="$base-dev"
  fi
fi
# npm and vsce want semver; a prerelease part with a leading-zero number
# ("-dev.0123") is not, hence the "g" before the commit.
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "build.sh: version '$version' is not semver (X.Y.Z or X.Y.Z-pre)" >&2
  exit 2
fi

echo "build.sh: velo-lsp $version for ${platforms[*]:-no native platform} + wasm, into $out"
t_start=$SECONDS
rm -rf "$out/bin" "$out/npm" "$out/vsix" "$out/SHA256SUMS"
mkdir -p "$out/bin" "$out/npm" "$out/vsix"
stage=$(mktemp -d "${TMPDIR:-/tmp}/velo-release.XXXXXX")
trap 'rm -rf "$stage"' EXIT

goos_goarch() {
  case "$1" in
  linux-x64) echo "linux amd64" ;;
  linux-arm64) echo "linux arm64" ;;
  darwin-x64) echo "darwin amd64" ;;
  darwin-arm64) echo "darwin arm64" ;;
  win32-x64) echo "windows amd64" ;;
  win32-arm64) echo "windows arm64" ;;
  wasm) echo "wasip1 wasm" ;;
  esac
}

# One go build per target. -s -w drop the symbol table and DWARF (a third
# of the size; panics still print their stacks). GOAMD64/GOARM64 are pinned
# so that a builder's own settings do not change the bytes.
gobuild() { # target output
  local goos goarch t0=$SECONDS
  read -r goos goarch <<<"$(goos_goarch "$1")"
  (cd "$repo" && env CGO_ENABLED=0 GOOS="$goos" GOARCH="$goarch" GOAMD64=v1 GOARM64=v8.0 \
    go build -trimpath -buildvcs=false -ldflags="-s -w -X main.version=$version" -o "$2" ./cmd/velo-lsp)
  printf 'build.sh: %-13s %9d bytes  %4d s\n' "$1" "$(wc -c <"$2")" $((SECONDS - t0))
}

for p in ${platforms[@]+"${platforms[@]}"}; do
  exe=""
  [[ $p == win32-* ]] && exe=.exe
  gobuild "$p" "$out/bin/velo-lsp-$p$exe"
done
gobuild wasm "$out/bin/velo-lsp.wasm"

# npm: stage the packages, then pack each (npm pack runs no scripts here:
# the staged package.json files have none).
node "$repo/release/npm/stage.mjs" "$version" "$out/bin" "$stage/npm" ${platforms[@]+"${platforms[@]}"}
for d in "$stage"/npm/*/; do
  (cd "$d" && npm pack --silent --pack-destination "$out/npm" >/dev/null)
done
echo "build.sh: npm: $(cd "$out/npm" && ls | tr '\n' ' ')"

if [ "${VELO_NO_VSIX:-}" != 1 ]; then
  ext="$repo/editors/vscode"
  if [ ! -x "$ext/node_modules/.bin/vsce" ] || [ ! -d "$ext/node_modules/esbuild" ]; then
    (cd "$ext" && npm ci --no-audit --no-fund)
  fi
  # The extension's bundle, once; every .vsix carries the same one.
  (cd "$ext" && node scripts/bundle.mjs >/dev/null)
  # A copy of the extension's manifest and files with the release version,
  # and without the prepublish script (the bundle is built already), so the
  # checkout's package.json stays as it is.
  vs="$stage/vscode"
  mkdir -p "$vs/dist"
  cp "$ext/dist/extension.js" "$vs/dist/"
  cp "$ext/README.md" "$ext/CHANGELOG.md" "$ext/.vscodeignore" "$vs/"
  node -e '
    const fs = require("fs");
    const m = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    m.version = process.argv[2];
    delete m.scripts;
    delete m.devDependencies;
    fs.writeFileSync(process.argv[3], JSON.stringify(m, null, 2) + "\n");
  ' "$ext/package.json" "$version" "$vs/package.json"
  vsce="$ext/node_modules/.bin/vsce"
  pack_vsix() { # target-or-empty output
    local target=()
    [ -n "$1" ] && target=(--target "$1")
    (cd "$vs" && "$vsce" package --no-dependencies --skip-license ${target[@]+"${target[@]}"} --out "$2" >/dev/null)
  }
  for p in ${platforms[@]+"${platforms[@]}"}; do
    exe=""
    [[ $p == win32-* ]] && exe=.exe
    # Where src/resolve.ts looks: server/<platform>-<arch>/velo-lsp[.exe].
    rm -rf "$vs/server"
    mkdir -p "$vs/server/$p"
    cp "$out/bin/velo-lsp-$p$exe" "$vs/server/$p/velo-lsp$exe"
    chmod 755 "$vs/server/$p/velo-lsp$exe"
    pack_vsix "$p" "$out/vsix/velo-lsp-$p-$version.vsix"
  done
  # The universal one has no server: it runs veloLsp.path or velo-lsp on PATH.
  rm -rf "$vs/server"
  pack_vsix "" "$out/vsix/velo-lsp-universal-$version.vsix"
  echo "build.sh: vsix: $(cd "$out/vsix" && ls | tr '\n' ' ')"
fi

sha256() { if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }
(cd "$out" && find bin npm vsix -type f | LC_ALL=C sort | while read -r f; do sha256 "$f"; done >SHA256SUMS)
echo "build.sh: $(wc -l <"$out/SHA256SUMS" | tr -d ' ') files in $out/SHA256SUMS, $((SECONDS - t_start)) s in all"
