#!/usr/bin/env bash
# One command for the benchmark (bench/README.md): our engine and its peers on the same model and the
# same sentences, then bench/RESULTS.md. Installs and builds what is missing (an existing build is
# used as it is). Options: --n N --systems a,b,... --sets a,b --warmup W --checkpoint PT --model MNMT
# --out DIR --results FILE --page-repeats R; DATA and WORK override where the test sets and the
# training checkpoints are.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh bench
[ -d node_modules/onnxruntime-web ] || npm ci --no-audit --no-fund
[ -x build/mobilenmt ] || bash scripts/build.sh
[ -f build-wasm/mobilenmt-wasm.wasm ] || { bash scripts/setup.sh web && bash scripts/build-wasm.sh; }
# PyTorch's BLAS: OpenBLAS does not recognise this virtual CPU by itself (toolchain.md §5).
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-$(grep -q avx512f /proc/cpuinfo && echo SkylakeX || echo Haswell)}"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
exec node bench/run.mjs "$@"
