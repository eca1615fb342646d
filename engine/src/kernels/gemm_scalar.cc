// The reference kernel: plain loops, the oracle every SIMD kernel is tested against.
#include "gemm.h"

namespace mnmt {
namespace {

void pack_scalar(const int8_t* b, int n, int k, PackedB* out) {
  out->n = n;
  out->k = k;
  out->data.assign(b, b + static_cast<size_t>(n) * k);
  out->col_sums.clear();
}

void gemm_i32_scalar(const int8_t* a, int lda, const int8_t* b, int ldb, int m, int n, int k, int32_t* c,
                     int ldc) {
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      int32_t acc = 0;
      for (int p = 0; p < k; ++p) acc += int32_t{a[i * lda + p]} * int32_t{b[j * ldb + p]};
      c[i * ldc + j] = acc;
    }
  }
}

void gemm_packed_scalar(const int8_t* a, int lda, int m, const PackedB& b, const Epilogue& ep) {
  constexpr int kBlock = 64;
  int32_t acc[kBlock];
  for (int i = 0; i < m; ++i) {
    for (int n0 = 0; n0 < b.n; n0 += kBlock) {
      const int count = b.n - n0 < kBlock ? b.n - n0 : kBlock;
      gemm_i32_scalar(a + static_cast<size_t>(i) * lda, lda, b.data.data() + static_cast<size_t>(n0) * b.k, b.k, 1,
                      count, b.k, acc, count);
      apply_epilogue(acc, i, n0, count, ep);
    }
  }
}

}  // namespace

extern const GemmKernel kScalarKernel = {"scalar", pack_scalar, gemm_packed_scalar, gemm_i32_scalar};

}  // namespace mnmt
