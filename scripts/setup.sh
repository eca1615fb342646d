#!/usr/bin/env bash
# Installs what is missing on a Debian 12 machine (idempotent, fast when everything is there).
# Usage: scripts/setup.sh [native|test|web|arm|bench|all]   (default: all)
set -euo pipefail
what="${1:-all}"

packages=(build-essential cmake ninja-build pkg-config git ca-certificates
  libsentencepiece-dev sentencepiece python3-sentencepiece python3-numpy)
case "$what" in
  native) ;;
  test|all) packages+=(libgtest-dev googletest clang-14 libclang-rt-14-dev python3-torch libopenblas0-pthread) ;;&
  web|all) packages+=(emscripten chromium zip) ;;&
  arm|all) packages+=(g++-aarch64-linux-gnu qemu-user libglib2.0-dev xz-utils) ;;&
  bench|all) packages+=(chromium python3-torch libopenblas0-pthread python3-onnx) ;;&
  *) ;;
esac
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
