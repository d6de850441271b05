#!/usr/bin/env bash
# Installs the linters test/linters.test.ts runs (checkov, kubernetes-validate; pinned in test/linters/requirements.txt)
# into a git-ignored Python virtual environment, .tools/venv. Idempotent: does nothing when that venv already holds
# the pinned versions.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
requirements="$root/test/linters/requirements.txt"
venv="$root/.tools/venv"
stamp="$venv/requirements.stamp"
want="$(cat "$requirements" "$0" | sha256sum | cut -d' ' -f1)"
if [ -x "$venv/bin/checkov" ] && [ -x "$venv/bin/kubernetes-validate" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "install-linters.sh: python3 (3.9 or newer) is needed" >&2; exit 1; }
echo "install-linters.sh: installing checkov and kubernetes-validate into .tools/venv" >&2
start=$(date +%s)
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
echo "$want" > "$stamp"
echo "install-linters.sh: installed in $(( $(date +%s) - start ))s" >&2
