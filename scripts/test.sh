#!/usr/bin/env bash
# Runs every test suite: native C++ (CTest), the same under ASan+UBSan, the model-loader fuzzer, WASM
# (Node and headless Chromium), aarch64 under qemu,
# and the Python pipeline tests. Installs what is missing first (Debian 12).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PYTHON=/usr/bin/python3
jobs="$(nproc)"
step() { echo; echo "=== $* === (${SECONDS}s)"; }

step "native build + ctest"
BUILD_DIR=build bash scripts/build.sh
ctest --test-dir build --output-on-failure -j"$jobs"

step "WebAssembly build + node tests (C ABI, SIMD kernel, JS API)"
bash scripts/setup.sh web
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build
npm run test:js

step "browser tests (headless Chromium)"
npm run test:browser

step "README's run command: serves the page; translates piped text"
PORT=18080 bash scripts/run.sh --serve > /tmp/mnmt-run-serve.log 2>&1 &
server=$!
served_manifest() {
  node -e "fetch('http://127.0.0.1:18080/models/manifest.json').then((r) => r.text())
    .then((t) => process.exit(t.includes('\"en-de\"') ? 0 : 1), () => process.exit(1))"
}
for _ in $(seq 120); do served_manifest && break; sleep 1; done
served_manifest || { cat /tmp/mnmt-run-serve.log; exit 1; }
kill "$server"; wait "$server" 2>/dev/null || true
lines="$(echo "Hello world." | bash scripts/run.sh 2>/dev/null | grep -c .)" || true
[ "$lines" = 1 ] || { echo "run.sh: want one line of translation on stdout, got $lines" >&2; exit 1; }

step "AddressSanitizer + UBSan (clang) build + ctest, libFuzzer model-loader run"
# One clang tree serves both: every target under ASan+UBSan, the engine also with libFuzzer coverage.
CC=clang-14 CXX=clang++-14 BUILD_DIR=build-asan bash scripts/build.sh -DMNMT_SANITIZE=ON -DMNMT_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -E '^python'

step "python pipeline tests"
$PYTHON -m unittest discover -s tests/python -t . -v 2>&1 | tail -n 25

step "aarch64 cross build + qemu tests (NEON, dotprod, cortex-a53 fallback, token identity)"
bash scripts/test-arm.sh

echo; echo "all tests passed"
