// Test-only entry points (mnmt-kernel-test.wasm): run one GEMM through a named kernel so that
// tests/js/kernel.test.mjs can compare the WASM SIMD kernel with the scalar reference bit for bit.
#include <emscripten/emscripten.h>

#include <cstring>

#include "gemm.h"

namespace mnmt {
extern const GemmKernel kScalarKernel;
extern const GemmKernel kWasmSimdKernel;
}  // namespace mnmt

namespace {

const mnmt::GemmKernel* kernel_at(int which) { return which == 0 ? &mnmt::kScalarKernel : &mnmt::kWasmSimdKernel; }

}  // namespace

extern "C" {

// Kernel name by index (0 scalar, 1 wasm_simd).
EMSCRIPTEN_KEEPALIVE const char* mnmt_test_kernel_name(int which) { return kernel_at(which)->name; }

// Packed GEMM of a [m][lda] by b [n][k] with one epilogue mode:
// 0 raw int32 -> out (int32 [m][n]); 1 float store; 2 float accumulate into out; 3 int8 quantize.
// mul/bias are [n] (bias may be null); act 0 none, 1 relu, 2 gelu.
EMSCRIPTEN_KEEPALIVE void mnmt_test_gemm_packed(int which, int mode, const int8_t* a, int lda, int m,
                                                const int8_t* b, int n, int k, const float* mul,
                                                const float* bias, int act, float out_inv, void* out) {
  const mnmt::GemmKernel* kern = kernel_at(which);
  mnmt::PackedB packed;
  kern->pack(b, n, k, &packed);
  mnmt::Epilogue ep;
  ep.mul = mul;
  ep.bias = bias;
  ep.activation = static_cast<mnmt::Activation>(act);
  ep.ldo = n;
  if (mode == 0) ep.out_i32 = static_cast<int32_t*>(out);
  if (mode == 1 || mode == 2) ep.out_f32 = static_cast<float*>(out);
  ep.accumulate = mode == 2;
  if (mode == 3) {
    ep.out_i8 = static_cast<int8_t*>(out);
    ep.out_inv = out_inv;
  }
  kern->gemm_packed(a, lda, m, packed, ep);
}

// Unpacked int32 GEMM (attention path): c[i*ldc+j] = sum_p a[i*lda+p] * b[j*ldb+p].
EMSCRIPTEN_KEEPALIVE void mnmt_test_gemm_i32(int which, const int8_t* a, int lda, const int8_t* b, int ldb,
                                             int m, int n, int k, int32_t* c, int ldc) {
  kernel_at(which)->gemm_i32(a, lda, b, ldb, m, n, k, c, ldc);
}

// Timing helper: packs b once, then runs the packed GEMM `iters` times into int32 (JS times it).
EMSCRIPTEN_KEEPALIVE void mnmt_test_gemm_repeat(int which, const int8_t* a, int m, const int8_t* b, int n, int k,
                                                int iters, int32_t* out) {
  const mnmt::GemmKernel* kern = kernel_at(which);
  mnmt::PackedB packed;
  kern->pack(b, n, k, &packed);
  mnmt::Epilogue ep;
  ep.out_i32 = out;
  ep.ldo = n;
  for (int it = 0; it < iters; ++it) kern->gemm_packed(a, k, m, packed, ep);
}

}  // extern "C"
