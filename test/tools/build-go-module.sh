#!/usr/bin/env bash
# Generates the library's Go module from the current sources, the way a release does (`npm run build`, then jsii-pacmak
# with the go target, as `npm run package:sources` runs it), and prints its folder (module cdk8s-hivemq/go/cdk8shivemq,
# from package.json's jsii.targets.go). Like test/tools/build-python-wheel.sh: built in a copy of exactly the files it
# needs (node_modules linked), so it never races with another build of this checkout, and kept in
# dist/go-test/<SHA-256 of those files and this script>/cdk8shivemq: a second run from the same sources reuses it, any
# change to them generates a new one, so a stale module is never tested.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
inputs=(package.json package-lock.json tsconfig.jsii.json README.md API.md CHANGELOG.md LICENSE lib imports bin)
key="$( { find "${inputs[@]}" -type f -print0 | sort -z | xargs -0 sha256sum; sha256sum < "$0"; } | sha256sum | cut -c1-16)"
cache="$root/dist/go-test"
module_dir="$cache/$key/cdk8shivemq"
if [ ! -f "$module_dir/go.mod" ]; then
  start=$(date +%s)
  echo "build-go-module.sh: generating the Go module from the current sources ($key)" >&2
  work="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-hivemq-go-XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  cp -R "${inputs[@]}" "$work/"
  ln -s "$root/node_modules" "$work/node_modules"
  # Without the npm_* variables `npm test` exports (its config, flags such as --dry-run included) when this runs as pretest.
  (
    for variable in $(compgen -e); do case "$variable" in npm_*|NPM_*) unset "$variable" ;; esac; done
    export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="$(node -p 'process.versions.node.split(".")[0]')"
    cd "$work" && npm run --silent build >&2 && npx --no-install jsii-pacmak --targets go --code-only --no-fingerprint >&2
  )
  rm -rf "$cache"
  mkdir -p "$cache"
  # Moved next to its place, then renamed: a module in dist/go-test/<key>/ is always complete.
  mv "$work/dist/go" "$cache/$key.partial"
  mv "$cache/$key.partial" "$cache/$key"
  echo "build-go-module.sh: generated in $(( $(date +%s) - start ))s" >&2
fi
echo "$module_dir"
