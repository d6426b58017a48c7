#!/usr/bin/env bash
# Runs every test of the project: Java (unit, whole-server, jar and Neovim end-to-end), Python (validator
# pipeline) and TypeScript (VS Code client unit tests and its end-to-end test in a real VS Code; the web UI's
# bundle check and its browser test).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

# End-to-end tests fail, rather than skip, when their editor or browser is missing.
export PYASSIST_REQUIRE_E2E=1

failed=()
run() {
  local name=$1; shift
  echo "=== $name: $*"
  local start=$SECONDS
  if "$@"; then echo "=== $name: ok ($((SECONDS - start)) s)"; else echo "=== $name: FAILED ($((SECONDS - start)) s)"; failed+=("$name"); fi
}

run java mvn -B -ntp verify
run models models/.venv/bin/python -m pytest -q models
run vscode-client bash vscode-client/scripts/test.sh
run webui bash webui/scripts/test.sh

if ((${#failed[@]})); then
  echo "test.sh: failed: ${failed[*]}"
  exit 1
fi
echo "test.sh: all suites passed"
