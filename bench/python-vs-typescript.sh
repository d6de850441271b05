#!/usr/bin/env bash
# Time to synthesize the secure-production example from Python against TypeScript, in the same run, as whole processes:
#   python  examples/python/secure_production.py, with the wheel built from the current sources (test/tools/build-python-wheel.sh)
#           in a fresh virtual environment next to the pinned peers (test/python/requirements.txt). jsii runs the library in
#           a Node.js child process and every call crosses a pipe as JSON.
#   node    examples/secure-production.ts compiled to JavaScript by tsc (ES2020, CommonJS: the options the package is built
#           with), run by plain node: no ts-node, whose start-up compile would dominate.
# One unmeasured run of each first (the jsii runtime unpacks the package into its cache on first use), then N runs of
# each, alternating, so a busy moment hits both. Prints min / median / max and the ratio of the medians. Noisy: compare
# within one run, never across machines. A script, not a test: no timing is asserted anywhere.
# Usage: bash bench/python-vs-typescript.sh [N=5]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${1:-5}"
work="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-hivemq-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The jsii runtime's banner about an end-of-life Node.js, printed on every start; silenced for this Node only.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="$(node -p 'process.versions.node.split(".")[0]')"
export PYTHONDONTWRITEBYTECODE=1

bash test/tools/install-python-bindings.sh
wheel="$(bash test/tools/build-python-wheel.sh | tail -n 1)"
python3 -m venv --without-pip "$work/venv"
.tools/pyvenv-bindings/bin/pip --python "$work/venv/bin/python" install --quiet --no-index \
  --find-links .tools/pyvenv-bindings/wheelhouse -r test/python/requirements.txt "$wheel"

# The repository's compiler options (ES2020, CommonJS, strict), only this example and what it imports.
cat > "$work/tsconfig.json" <<JSON
{ "extends": "$root/tsconfig.json", "compilerOptions": { "outDir": "$work/js", "rootDir": "$root", "typeRoots": ["$root/node_modules/@types"], "types": ["node"] }, "include": [], "files": ["$root/examples/secure-production.ts"] }
JSON
npx tsc -p "$work/tsconfig.json"
cat > "$work/js/synth.js" <<'JS'
const { App } = require('cdk8s');
const { secureProductionChart } = require('./examples/secure-production');
const app = new App({ outdir: process.argv[2] });
secureProductionChart(app);
app.synth();
JS

python_cmd=("$work/venv/bin/python" examples/python/secure_production.py)
node_cmd=(env NODE_PATH="$root/node_modules" node "$work/js/synth.js")

# Prints the wall time of one run in milliseconds; the output must be the same bytes for both languages.
time_ms() {
  local outdir="$1"; shift
  rm -rf "$outdir"
  local start end
  start=$(date +%s%N)
  "$@" "$outdir" >/dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

time_ms "$work/out-python" "${python_cmd[@]}" >/dev/null
time_ms "$work/out-node" "${node_cmd[@]}" >/dev/null
cmp "$work/out-python/secure-production.k8s.yaml" "$work/out-node/secure-production.k8s.yaml"

python_ms=()
node_ms=()
for _ in $(seq "$runs"); do
  python_ms+=("$(time_ms "$work/out-python" "${python_cmd[@]}")")
  node_ms+=("$(time_ms "$work/out-node" "${node_cmd[@]}")")
done

python3 - "$runs" "${python_ms[*]}" "${node_ms[*]}" <<'PY'
import statistics, sys
runs, python_ms, node_ms = sys.argv[1], [int(v) for v in sys.argv[2].split()], [int(v) for v in sys.argv[3].split()]
print(f"secure-production example, {runs} runs each, alternating, whole processes (ms):")
for name, values in (("python (jsii)", python_ms), ("node (tsc JS)", node_ms)):
    print(f"  {name:14} min {min(values):6}  median {statistics.median(values):8.0f}  max {max(values):6}   {values}")
print(f"  ratio of medians python / node: {statistics.median(python_ms) / statistics.median(node_ms):.2f}")
PY
