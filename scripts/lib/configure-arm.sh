#!/usr/bin/env bash
# Configures the static aarch64 cross build in build-arm/ (toolchain.md §3) unless it is configured:
# installs the cross compiler and qemu-user, unpacks SentencePiece's source. Used by scripts/test-arm.sh
# and bench/arm/.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/setup.sh arm
bash scripts/fetch-sentencepiece.sh
[ -f build-arm/build.ninja ] && exit 0
cmake -S . -B build-arm -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake \
  -DMNMT_STATIC=ON -DMNMT_SENTENCEPIECE_SOURCE=third_party/sentencepiece-src >/dev/null
