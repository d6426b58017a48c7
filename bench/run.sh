#!/usr/bin/env bash
# Installs the peers (pyright from npm, pylsp from Debian), builds pyassist, and runs the LSP benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pylsp >/dev/null || { apt-get update -qq && apt-get install -y -qq python3-pylsp python3-pyflakes; }
(cd bench && npm ci --no-audit --no-fund --silent)
[ -f server/target/pyassist.jar ] || mvn -q -B -DskipTests package
python3 bench/lsp_bench.py "$@"
