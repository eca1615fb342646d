// 256-bit pieces shared by gemm_avx2.cc and gemm_avxvnni.cc (both compiled with -mavx2). Internal
// linkage for the reason panel_gemm.h gives.
#pragma once

#include <immintrin.h>

#include "gemm.h"

namespace mnmt {
namespace {  // NOLINT(google-build-namespaces)

// apply_epilogue() in 8-wide SIMD: the same IEEE operations in the same order, hence the same bits.
// GELU, raw int32 output and the last count % 8 columns go through the shared scalar code.
void epilogue8(const int32_t* acc, int row, int n0, int count, const Epilogue& ep) {
  constexpr int kLanes = 8;
  int j = 0;
  if (EpilogueRow::vectorizable(ep)) {
    const EpilogueRow e(ep, row, n0);
    const __m256 zero = _mm256_setzero_ps(), lo = _mm256_set1_ps(-127.0f), hi = _mm256_set1_ps(127.0f);
    const __m256 inv = _mm256_set1_ps(e.out_inv);
    for (; j + kLanes <= count; j += kLanes) {
      __m256 t = _mm256_cvtepi32_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(acc + j)));
      t = _mm256_mul_ps(t, _mm256_loadu_ps(e.mul + j));
      if (e.bias != nullptr) t = _mm256_add_ps(t, _mm256_loadu_ps(e.bias + j));
      if (e.relu) t = _mm256_max_ps(t, zero);  // t > 0 ? t : +0
      if (e.out_i8 != nullptr) {
        __m256 x = _mm256_mul_ps(t, inv);
        x = _mm256_min_ps(_mm256_max_ps(x, lo), hi);
        const __m256i q32 = _mm256_cvtps_epi32(x);
        const __m128i q16 = _mm_packs_epi32(_mm256_castsi256_si128(q32), _mm256_extracti128_si256(q32, 1));
        _mm_storel_epi64(reinterpret_cast<__m128i*>(e.out_i8 + j), _mm_packs_epi16(q16, q16));
      } else if (e.accumulate) {
        _mm256_storeu_ps(e.out_f32 + j, _mm256_add_ps(_mm256_loadu_ps(e.out_f32 + j), t));
      } else {
        _mm256_storeu_ps(e.out_f32 + j, t);
      }
    }
  }
  if (j < count) apply_epilogue(acc + j, row, n0 + j, count - j, ep);
}

// Four int32 vectors -> their four horizontal sums.
__m128i hsum4(__m256i v0, __m256i v1, __m256i v2, __m256i v3) {
  const __m256i h = _mm256_hadd_epi32(_mm256_hadd_epi32(v0, v1), _mm256_hadd_epi32(v2, v3));
  return _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
}

}  // namespace
}  // namespace mnmt
