#!/usr/bin/env bash
# Installs what the tests need, from the package registries only. Idempotent: quick when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v nvim >/dev/null || need_apt+=(neovim)
command -v mvn >/dev/null || need_apt+=(maven)
if ((${#need_apt[@]})); then
  echo "install-deps: apt-get install ${need_apt[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
