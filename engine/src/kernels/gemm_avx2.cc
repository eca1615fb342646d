// AVX2 kernel: int8 sign-extended to int16, then vpmaddwd (pairs of int16 products summed into int32,
// exact). vpmaddubsw is avoided on purpose: it saturates to int16.
#include <immintrin.h>

#include <cstring>

#include "avx2_shared.h"
#include "panel_gemm.h"

namespace mnmt {
namespace {

// 16 int8 from src widened to int16, of which only the first `count` are read; the rest are zero.
__m256i widen16(const int8_t* src, int count) {
  if (count >= 16) return _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src)));
  alignas(16) int8_t tmp[16] = {0};
  std::memcpy(tmp, src, static_cast<size_t>(count));
  return _mm256_cvtepi8_epi16(_mm_load_si128(reinterpret_cast<const __m128i*>(tmp)));
}

// dst[0, stride) = a[0, k) as int16, zero-padded up to `stride` (a multiple of 16).
void widen_row(const int8_t* a, int k, int16_t* dst, size_t stride) {
  for (size_t i = 0; i < stride; i += 16) {
    const int left = k - static_cast<int>(i);
    const __m256i v = left > 0 ? widen16(a + i, left) : _mm256_setzero_si256();
    _mm256_store_si256(reinterpret_cast<__m256i*>(dst + i), v);
  }
}

struct Avx2 {
  static constexpr int kLanes = 8, kDepth = 2, kPanelStep = kLanes * kDepth;
  static constexpr int kRowAlign = 16;                                // int16 per widened vector
  static constexpr int kRowTile = 4, kPanelsBatch = 2, kPanelsGemv = 8;  // 4 x 2 and 1 x 8 accumulators
  static constexpr bool kColSums = false;
  using AElem = int16_t;
  static void prepare_row(const int8_t* a, int k, int16_t* dst, size_t stride) { widen_row(a, k, dst, stride); }
  // acc[r][8 * p + lane] for rows r < MR and panels p < NB, over all kp pairs of k.
  // Fully unrolled with a flat accumulator array so that GCC keeps every accumulator in a register.
  template <int MR, int NB>
  static void tile(const int16_t* a, size_t a_stride, const int8_t* b, size_t q_stride, int kp,
                   const int32_t* /*col_sums*/, int32_t* acc_out, int acc_stride) {
    __m256i acc[MR * NB];
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r) {
#pragma GCC unroll 16
      for (int p = 0; p < NB; ++p) acc[r * NB + p] = _mm256_setzero_si256();
    }
    for (int q = 0; q < kp; ++q) {
      __m256i bv[NB];
#pragma GCC unroll 16
      for (int p = 0; p < NB; ++p) {
        const int8_t* src = b + q * q_stride + p * kPanelStep;
        bv[p] = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src)));
      }
#pragma GCC unroll 16
      for (int r = 0; r < MR; ++r) {
        int32_t pair;
        std::memcpy(&pair, a + r * a_stride + static_cast<size_t>(q) * kDepth, sizeof pair);
        const __m256i av = _mm256_set1_epi32(pair);
#pragma GCC unroll 16
        for (int p = 0; p < NB; ++p) acc[r * NB + p] = _mm256_add_epi32(acc[r * NB + p], _mm256_madd_epi16(av, bv[p]));
      }
    }
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r) {
#pragma GCC unroll 16
      for (int p = 0; p < NB; ++p) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc_out + r * acc_stride + p * kLanes), acc[r * NB + p]);
      }
    }
  }
  static void epilogue(const int32_t* acc, int row, int n0, int count, const Epilogue& ep) {
    epilogue8(acc, row, n0, count, ep);
  }
};

// c[j] = sum_k a[k] * b[j * ldb + k] for j < NJ; `a_tail` is a's last k % 16 values, widened.
template <int NJ>
void dot_rows(const int8_t* a, __m256i a_tail, const int8_t* b, int ldb, int k, int32_t* c) {
  __m256i acc[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
  const int full = k / 16 * 16;
  for (int p = 0; p < full; p += 16) {
    const __m256i av = widen16(a + p, 16);
#pragma GCC unroll 4
    for (int j = 0; j < NJ; ++j) {
      acc[j] = _mm256_add_epi32(acc[j], _mm256_madd_epi16(av, widen16(b + static_cast<size_t>(j) * ldb + p, 16)));
    }
  }
  if (full < k) {
    for (int j = 0; j < NJ; ++j) {
      acc[j] = _mm256_add_epi32(acc[j],
                                _mm256_madd_epi16(a_tail, widen16(b + static_cast<size_t>(j) * ldb + full, k - full)));
    }
  }
  alignas(16) int32_t out[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(out), hsum4(acc[0], acc[1], acc[2], acc[3]));
  for (int j = 0; j < NJ; ++j) c[j] = out[j];
}

void gemm_i32(const int8_t* a, int lda, const int8_t* b, int ldb, int m, int n, int k, int32_t* c, int ldc) {
  const int full = k / 16 * 16;
  for (int i = 0; i < m; ++i) {
    const int8_t* ai = a + static_cast<size_t>(i) * lda;
    int32_t* ci = c + static_cast<size_t>(i) * ldc;
    const __m256i a_tail = full < k ? widen16(ai + full, k - full) : _mm256_setzero_si256();
    int j = 0;
    for (; j + 4 <= n; j += 4) dot_rows<4>(ai, a_tail, b + static_cast<size_t>(j) * ldb, ldb, k, ci + j);
    for (; j < n; ++j) dot_rows<1>(ai, a_tail, b + static_cast<size_t>(j) * ldb, ldb, k, ci + j);
  }
}

using Driver = PanelGemm<Avx2>;

}  // namespace

extern const GemmKernel kAvx2Kernel = {"avx2", Driver::pack, Driver::gemm_packed, gemm_i32};

}  // namespace mnmt
