#!/usr/bin/env bash
# The web UI's tests: the committed bundle matches its sources (esbuild), then the browser test on the built jar
# (server/target/pyassist.jar, made by `mvn verify` before this runs) in Debian's chromium. Without chromium the
# browser test is skipped, or fails when PYASSIST_REQUIRE_E2E=1 (as CI sets it). Installs its own npm packages
# with `npm ci` (webui/package-lock.json), using the Node that vscode-client pins.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/../vscode-client/scripts/env.sh"
cd "$here"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "webui: npm ci"
  npm ci --no-audit --no-fund
fi
node build.mjs --check

jar="${PYASSIST_JAR:-$here/../server/target/pyassist.jar}"
if [ ! -f "$jar" ]; then
  echo "webui: $jar is missing (run mvn package first)" >&2
  exit 1
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  if [ "${PYASSIST_REQUIRE_E2E:-0}" = 1 ]; then
    echo "webui: chromium is missing (apt-get install chromium)" >&2
    exit 1
  fi
  echo "webui: chromium is missing; skipping the browser test"
  exit 0
fi
node test/run.mjs --jar "$jar"
