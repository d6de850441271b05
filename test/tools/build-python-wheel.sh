#!/usr/bin/env bash
# Builds the Python wheel from the current sources, the way a release does (`npm run build`, then `npm run package:python`,
# i.e. jsii and jsii-pacmak), and prints its path. The build runs in a copy of exactly the files it needs (sources,
# package.json and the lock file, the texts the packages ship; node_modules linked), so it never races with another
# build of this checkout (test/package.test.ts runs `npm run build` in the repository at the same time), and a file the
# build needs but the copy lacks fails it instead of being read from elsewhere.
# The wheel is kept in dist/python-test/<SHA-256 of those files and this script>/: a second run from the same sources
# reuses it, any change to them builds a new one, so a stale wheel is never used.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
inputs=(package.json package-lock.json tsconfig.jsii.json README.md API.md CHANGELOG.md LICENSE lib imports bin)
key="$( { find "${inputs[@]}" -type f -print0 | sort -z | xargs -0 sha256sum; sha256sum < "$0"; } | sha256sum | cut -c1-16)"
cache="$root/dist/python-test"
wheel_dir="$cache/$key"
if ! ls "$wheel_dir"/*.whl >/dev/null 2>&1; then
  start=$(date +%s)
  echo "build-python-wheel.sh: building the wheel from the current sources ($key)" >&2
  work="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-hivemq-wheel-XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  cp -R "${inputs[@]}" "$work/"
  ln -s "$root/node_modules" "$work/node_modules"
  # Without the npm_* variables `npm test` exports (its config, flags such as --dry-run included) when this runs as pretest.
  (
    for variable in $(compgen -e); do case "$variable" in npm_*|NPM_*) unset "$variable" ;; esac; done
    cd "$work" && npm run --silent build >&2 && npm run --silent package:python >&2
  )
  rm -rf "$cache"
  mkdir -p "$cache"
  # Copied next to its place, then renamed: a wheel in dist/python-test/<key>/ is always complete.
  cp -R "$work/dist/python" "$wheel_dir.partial"
  mv "$wheel_dir.partial" "$wheel_dir"
  echo "build-python-wheel.sh: built in $(( $(date +%s) - start ))s" >&2
fi
ls "$wheel_dir"/*.whl
