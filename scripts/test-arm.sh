#!/usr/bin/env bash
# aarch64 cross build (static) + tests under qemu-user: ctest (qemu's default CPU "max"), the kernel
# tests on cortex-a53 (no dotprod: NEON fallback) and neoverse-n1 (dotprod), and token identity of
# `mobilenmt ids` (every kernel each CPU offers) on all three CPUs against the Python reference (test
# models and the shipped en-de model; the de-en model on `max` only), and a short run of the ARM benchmark harness
# (bench/arm/run.sh --qemu).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc)"
qemu=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
step() { echo; echo "=== $* === (${SECONDS}s)"; }

step "aarch64 configure + build (build-arm)"
bash scripts/lib/configure-arm.sh
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
    for model in test-model test-model-post-gelu test-model-capped; do
      QEMU_CPU=$cpu sh tests/cpp/tools/compare_with_reference.sh build-arm/mobilenmt-qemu /usr/bin/python3 . \
        "build-arm/$model.mnmt"
    done
  done
  QEMU_CPU=max sh tests/cpp/tools/compare_with_reference.sh build-arm/mobilenmt-qemu /usr/bin/python3 . \
    build-arm/test-model.mnmt --beam 4
  # Every model runs the same kernels: en-de goes through all three CPUs, de-en through `max` only.
  for shipped in models/en-de.mnmt models/de-en.mnmt; do
    [ -f "$shipped" ] || continue
    cpus="max cortex-a53 neoverse-n1"
    [ "$shipped" = models/en-de.mnmt ] || cpus=max
    for cpu in $cpus; do
      step "token identity of the shipped model ($shipped) on qemu -cpu $cpu"
      QEMU_CPU=$cpu sh tests/cpp/tools/compare_with_reference.sh build-arm/mobilenmt-qemu /usr/bin/python3 . "$shipped"
    done
  done

  step "ARM benchmark harness (bench/arm/run.sh --qemu): its figure lines, not their values"
  # The source doubles as its reference: only the presence of the BLEU line is checked.
  harness="$(bash bench/arm/run.sh --qemu max -n 5 --warmup 1 --model build-arm/test-model.mnmt \
    --ref tests/fixtures/sentences.en)"
  echo "$harness"
  for figure in '^model load: [0-9.]+ ms$' '^sentences: 5 ' \
    '^latency ms: mean [0-9.]+  p50 [0-9.]+  p90 [0-9.]+  p99 [0-9.]+$' \
    '^throughput: [0-9.]+ source tokens/s, [0-9.]+ target tokens/s' '^peak RSS: [0-9.]+ MiB$' '^BLEU = [0-9.]+ '; do
    grep -Eq "$figure" <<<"$harness" || { echo "bench/arm/run.sh printed no line matching /$figure/" >&2; exit 1; }
  done
fi
echo; echo "arm tests passed"
