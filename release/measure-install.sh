#!/usr/bin/env bash
# release/measure-install.sh OUTDIR: how long a CI job takes from nothing to
# velo-lsp's first result, both ways the README offers, one after the other
# in one run (the machines here are shared and noisy: compare only figures
# measured side by side).
#
#   go:  go install ./cmd/velo-lsp with an empty GOCACHE and GOMODCACHE
#        (GOFLAGS=-mod=mod, GOPROXY as configured), then velo-lsp check
#   npm: npm install of OUTDIR's tarballs into a fresh folder with an empty
#        npm cache, then npx velo-lsp check
#
# OUTDIR is a release/build.sh output with this machine's platform in it.
# The npm side installs local tarballs, so it leaves out the download from
# the registry (the two tarballs a user's npm fetches: about 10 MB).
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: release/measure-install.sh OUTDIR" >&2
  exit 2
fi
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(cd "$1" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/velo-measure.XXXXXX")
# The module cache is written read-only; make it removable.
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
site="$repo/testdata/sample-site"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

echo "== go install, empty GOCACHE and GOMODCACHE (GOPROXY=$(go env GOPROXY))"
t0=$(now)
(cd "$repo" && env GOCACHE="$work/gocache" GOMODCACHE="$work/gomodcache" GOFLAGS=-mod=mod GOBIN="$work/gobin" \
  CGO_ENABLED=0 go install ./cmd/velo-lsp)
t1=$(now)
"$work/gobin/velo-lsp" check --format json "$site" >"$work/go.json" || true
t2=$(now)
echo "   install $(secs "$t0" "$t1") s, first check $(secs "$t1" "$t2") s, in all $(secs "$t0" "$t2") s"

echo "== npm install of the tarballs, empty npm cache, then npx velo-lsp check"
mkdir -p "$work/site"
cp -R "$site" "$work/site/sample-site"
echo '{"name": "a-velo-site", "private": true}' >"$work/site/package.json"
# The main package and this machine's platform package, as npm would pick
# them from the registry (installing another platform's package fails).
host=$(node -p 'process.platform + "-" + process.arch')
tgz=("$out"/npm/velo-lsp-[0-9]*.tgz "$out"/npm/velo-lsp-"$host"-[0-9]*.tgz)
t0=$(now)
(cd "$work/site" && env npm_config_registry=http://127.0.0.1:9/ \
  npm install --no-audit --no-fund --offline --cache "$work/npmcache" "${tgz[@]}" >/dev/null)
t1=$(now)
(cd "$work/site" && npx --no velo-lsp check --format json sample-site >"$work/npm.json") || true
t2=$(now)
echo "   install $(secs "$t0" "$t1") s, first check $(secs "$t1" "$t2") s, in all $(secs "$t0" "$t2") s"

if cmp -s "$work/go.json" "$work/npm.json"; then
  echo "== both print the same findings"
else
  echo "== the two outputs differ" >&2
  exit 1
fi
