#!/usr/bin/env bash
# Installs what test/python.test.ts needs besides the wheel it builds: the third-party Python packages pinned in
# test/python/requirements.txt (cdk8s, cdk8s-plus-28, constructs, the jsii runtime), into a git-ignored virtual
# environment, .tools/pyvenv-bindings, and their wheels into .tools/pyvenv-bindings/wheelhouse, from which the test
# installs them offline into a fresh virtual environment per run, next to the freshly built cdk8s-hivemq wheel.
# Idempotent: does nothing when the venv and the wheelhouse already hold the pinned versions.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
requirements="$root/test/python/requirements.txt"
venv="$root/.tools/pyvenv-bindings"
stamp="$venv/requirements.stamp"
want="$(cat "$requirements" "$0" | sha256sum | cut -d' ' -f1)"
if [ -x "$venv/bin/pip" ] && [ -d "$venv/wheelhouse" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "install-python-bindings.sh: python3 (3.10 or newer) is needed" >&2; exit 1; }
echo "install-python-bindings.sh: installing the pinned Python peers into .tools/pyvenv-bindings" >&2
start=$(date +%s)
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps -r "$requirements" -d "$venv/wheelhouse"
# Installed offline from the wheelhouse: fails when requirements.txt misses a dependency (it is a complete, pinned set).
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-index --find-links "$venv/wheelhouse" -r "$requirements"
echo "$want" > "$stamp"
echo "install-python-bindings.sh: installed in $(( $(date +%s) - start ))s" >&2
