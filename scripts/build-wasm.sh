#!/usr/bin/env bash
# Builds the WebAssembly engine into build-wasm/ (or $BUILD_DIR): SentencePiece from the Debian
# source, the engine, the C ABI and the kernel test module. Extra arguments go to CMake.
# Outputs: build-wasm/mobilenmt-wasm.{mjs,wasm}, build-wasm/mnmt-kernel-test.{mjs,wasm}.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-build-wasm}"
export NODE_PATH=/usr/share/nodejs  # emcc's JS optimizer needs Debian's acorn (toolchain.md §1)

bash scripts/fetch-sentencepiece.sh
if [ ! -f "$build_dir/build.ninja" ]; then
  emcmake cmake -S wasm -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    "-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node;--no-experimental-fetch" \
    -DMNMT_SENTENCEPIECE_SOURCE="$PWD/third_party/sentencepiece-src" -DMNMT_BUILD_TESTS=OFF "$@" >/dev/null
fi
targets=(mnmt_kernel_test)
grep -q '^build mobilenmt_wasm:' "$build_dir/build.ninja" && targets+=(mobilenmt_wasm)
cmake --build "$build_dir" -j"${JOBS:-$(nproc)}" --target "${targets[@]}"
