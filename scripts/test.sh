#!/usr/bin/env bash
# Runs every test of the project: Java unit, whole-server and end-to-end (Neovim) tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

# End-to-end tests fail, rather than skip, when their editor is missing.
export PYASSIST_REQUIRE_E2E=1
mvn -B -ntp verify
