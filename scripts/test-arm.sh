#!/usr/bin/env bash
# aarch64 cross build (static) + tests under qemu-user: ctest (qemu's default CPU "max"), the kernel
# tests on cortex-a53 (no dotprod: NEON fallback) and neoverse-n1 (dotprod), and token identity of
# `mobilenmt ids` (every kernel each CPU offers) on all three CPUs against the Python reference.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh arm
bash scripts/fetch-sentencepiece.sh
jobs="$(nproc)"
qemu=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
step() { echo; echo "=== $* ==="; }

step "aarch64 configure + build (build-arm)"
if [ ! -f build-arm/build.ninja ]; then
  cmake -S . -B build-arm -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake \
    -DMNMT_STATIC=ON -DMNMT_SENTENCEPIECE_SOURCE=third_party/sentencepiece-src >/dev/null
fi
cmake --build build-arm -j"$jobs"

step "ctest via qemu-aarch64 (cpu max)"
# The CLI tests run $<TARGET_FILE:mobilenmt> through sh, which CMake cannot prefix with the emulator:
# they run below through a qemu wrapper instead.
ctest --test-dir build-arm --output-on-failure -j"$jobs" -E '^engine_(reference_|cli_exit_codes)'

for cpu in cortex-a53 neoverse-n1; do
  step "test_kernels on qemu -cpu $cpu"
  "${qemu[@]}" -cpu "$cpu" build-arm/tests/cpp/test_kernels --gtest_brief=1
done
# Kernels the run-time detection (getauxval HWCAP) offers on each CPU.
kernels_on() { "${qemu[@]}" -cpu "$1" build-arm/tests/cpp/test_kernels --gtest_list_tests |
  sed -n 's/^  PackedInt32IsExact\/\([a-z0-9_]*\).*/\1/p' | tr '\n' ' '; }
for want in "cortex-a53:scalar neon " "neoverse-n1:scalar neon dotprod " "max:scalar neon dotprod "; do
  got="$(kernels_on "${want%%:*}")"
  [ "$got" = "${want#*:}" ] || { echo "qemu -cpu ${want%%:*}: kernels '$got', want '${want#*:}'" >&2; exit 1; }
  echo "qemu -cpu ${want%%:*}: $got"
done

if [ -x build-arm/mobilenmt ]; then
  printf '#!/bin/sh\nexec qemu-aarch64 -L /usr/aarch64-linux-gnu "%s" "$@"\n' "$PWD/build-arm/mobilenmt" \
    > build-arm/mobilenmt-qemu
  chmod +x build-arm/mobilenmt-qemu
  step "CLI exit codes (qemu)"
  sh tests/cpp/tools/cli_exit_codes.sh build-arm/mobilenmt-qemu build-arm/test-model.mnmt
  for cpu in max cortex-a53 neoverse-n1; do
    step "token identity vs models/train/reference.py on qemu -cpu $cpu"
    for model in test-model test-model-post-gelu; do
      QEMU_CPU=$cpu sh tests/cpp/tools/compare_with_reference.sh build-arm/mobilenmt-qemu /usr/bin/python3 . \
        "build-arm/$model.mnmt"
    done
  done
  QEMU_CPU=max sh tests/cpp/tools/compare_with_reference.sh build-arm/mobilenmt-qemu /usr/bin/python3 . \
    build-arm/test-model.mnmt --beam 4
fi
echo; echo "arm tests passed"
