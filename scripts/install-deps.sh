#!/usr/bin/env bash
# Installs what the tests need, from the package registries only (Debian, PyPI, npm, Maven Central).
# Idempotent: quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v mvn >/dev/null || need_apt+=(maven)
command -v nvim >/dev/null || need_apt+=(neovim)                                   # Neovim end-to-end test
command -v npm >/dev/null || need_apt+=(nodejs npm)                                # bootstraps vscode-client's Node 24
command -v chromium >/dev/null || need_apt+=(chromium fonts-dejavu-core)           # VS Code end-to-end browser
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)                     # code-server's kerberos module
{ command -v make && command -v g++; } >/dev/null || need_apt+=(build-essential)   # code-server native modules
python3 -c "import venv" 2>/dev/null || need_apt+=(python3-venv)
if ((${#need_apt[@]})); then
  echo "install-deps: apt-get install ${need_apt[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# The validator pipeline's pinned CPU environment (models/README.md).
if [ ! -x models/.venv/bin/python ] || ! models/.venv/bin/python -c "import torch, transformers, onnxruntime, pytest, peft, sacrebleu, rouge_score" 2>/dev/null; then
  echo "install-deps: models/.venv (PyTorch CPU, transformers, ONNX)"
  python3 -m venv models/.venv
  models/.venv/bin/pip install -q --disable-pip-version-check -e "./models[test]"
fi

# pyflakes 4.1 (the names layer's parity target, pinned in bench/requirements-peers.txt too) for PyflakesSuiteTest; bench/.venv is
# ignored by git (.venv/).
if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c "import pyflakes, sys; sys.exit(pyflakes.__version__ != '4.1.0')" 2>/dev/null; then
  echo "install-deps: bench/.venv (pyflakes 4.1.0)"
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q --disable-pip-version-check pyflakes==4.1.0
fi
