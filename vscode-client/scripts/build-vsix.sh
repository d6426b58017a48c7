#!/usr/bin/env bash
# Builds vscode-client/pyassist.vsix: unit tests, esbuild bundle, the server jar copied in, vsce package (offline).
# The server jar comes from ../server/target/pyassist.jar (built here with Maven when missing) or $PYASSIST_JAR.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$CLIENT_DIR"

if [ -z "${PYASSIST_JAR:-}" ] && [ ! -f ../server/target/pyassist.jar ]; then
  echo "vscode-client: building the server jar"
  (cd .. && mvn -q -B -DskipTests -pl server -am package)
fi
npm_ci_if_needed "$CLIENT_DIR"
npm run --silent package
# Lean: the bundle, the jar, package.json and the README; never node_modules.
files="$(npx --no vsce ls --no-dependencies)"
echo "$files"
if grep -q node_modules <<<"$files"; then
  echo "vscode-client: node_modules would go into the .vsix; check .vscodeignore" >&2
  exit 1
fi
ls -l pyassist.vsix
