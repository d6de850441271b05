#!/usr/bin/env bash
# Generates the Go modules of the library's peers, cdk8s (github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2) and cdk8s-plus-28
# (github.com/cdk8s-team/cdk8s-plus-go/cdk8splus28/v2), with jsii-pacmak from the npm packages in node_modules, i.e. the
# versions package-lock.json pins, into a git-ignored folder, .tools/go-peers/{cdk8s,cdk8splus28}. test/go.test.ts points
# the Go examples' module at them with `replace` directives. Generated rather than fetched: this project's Go module proxy
# refuses github.com/cdk8s-team/cdk8s-core-go (403 for every version), and generating both from the same npm packages the
# TypeScript side runs embeds the same JavaScript in the Go binary, so the two sides cannot differ by a cdk8s version.
# Idempotent: does nothing when the modules of the installed versions (and this script) are present.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
peers="$root/.tools/go-peers"
stamp="$peers/peers.stamp"
version() { node -p "require('$root/node_modules/$1/package.json').version"; }
want="cdk8s@$(version cdk8s) cdk8s-plus-28@$(version cdk8s-plus-28) jsii-pacmak@$(version jsii-pacmak) $(sha256sum < "$0" | cut -c1-16)"
if [ -f "$peers/cdk8s/go.mod" ] && [ -f "$peers/cdk8splus28/go.mod" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
echo "install-go-peers.sh: generating the Go modules of $want into .tools/go-peers" >&2
start=$(date +%s)
work="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-hivemq-go-peers-XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Without the npm_* variables `npm test` exports when this runs as pretest. The jsii tools print a banner on every start
# under a Node.js they no longer support (Node 20 since 2026-10-30); silenced for this Node only.
(
  for variable in $(compgen -e); do case "$variable" in npm_*|NPM_*) unset "$variable" ;; esac; done
  export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="$(node -p 'process.versions.node.split(".")[0]')"
  cd "$root"
  for package in cdk8s cdk8s-plus-28; do
    npx --no-install jsii-pacmak --targets go --code-only --no-fingerprint --outdir "$work/$package" "node_modules/$package" >&2
  done
)
rm -rf "$peers"
mkdir -p "$peers.partial"
mv "$work/cdk8s/go/cdk8s" "$work/cdk8s-plus-28/go/cdk8splus28" "$peers.partial/"
echo "$want" > "$peers.partial/peers.stamp"
mv "$peers.partial" "$peers"
echo "install-go-peers.sh: generated in $(( $(date +%s) - start ))s" >&2
