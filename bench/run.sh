#!/usr/bin/env bash
# Installs the peers (ruff, ty, pyrefly and pyflakes from PyPI into bench/.venv at the versions pinned in
# bench/requirements-peers.txt; pyright from npm; pylsp from Debian), builds pyassist, and runs the LSP
# benchmark (arguments go to bench/lsp_bench.py). `bench/run.sh --check` runs bench/check_bench.py instead.
set -euo pipefail
cd "$(dirname "$0")/.."
pinned=$(grep -v '^#' bench/requirements-peers.txt | sort)
if [ "$(bench/.venv/bin/pip freeze 2>/dev/null | grep -xF "$pinned" | sort)" != "$pinned" ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q -r bench/requirements-peers.txt
fi
command -v pylsp >/dev/null || { apt-get update -qq && apt-get install -y -qq python3-pylsp python3-pyflakes; }
(cd bench && npm ci --no-audit --no-fund --silent)
[ -f server/target/pyassist.jar ] || mvn -q -B -DskipTests package
if [ "${1:-}" = "--check" ]; then
  shift
  python3 bench/check_bench.py "$@"
else
  python3 bench/lsp_bench.py "$@"
fi
