// AVX-VNNI kernel: VEX-encoded 256-bit vpdpbusd (u8 x s8 -> s32). Activations are shifted to u8
// (a + 128); the exact correction -128 * sum_k b[n][k] comes from PackedB::col_sums.
#include <immintrin.h>

#include <cstring>

#include "avx2_shared.h"
#include "panel_gemm.h"

namespace mnmt {
namespace {

// 32 bytes from src, of which only the first `count` (< 32) are read; the rest are zero.
__m256i load_partial(const int8_t* src, int count) {
  alignas(32) int8_t tmp[32] = {0};
  std::memcpy(tmp, src, static_cast<size_t>(count));
  return _mm256_load_si256(reinterpret_cast<const __m256i*>(tmp));
}

// dst[0, stride) = a[0, k) + 128 as u8, zero-extended (a = 0 -> 128) up to `stride` (a multiple of 32).
void shift_row_to_u8(const int8_t* a, int k, uint8_t* dst, size_t stride) {
  const __m256i bias = _mm256_set1_epi8(static_cast<char>(0x80));
  for (size_t i = 0; i < stride; i += 32) {
    const int left = k - static_cast<int>(i);
    __m256i v = _mm256_setzero_si256();
    if (left >= 32) {
      v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + i));
    } else if (left > 0) {
      v = load_partial(a + i, left);
    }
    _mm256_store_si256(reinterpret_cast<__m256i*>(dst + i), _mm256_xor_si256(v, bias));
  }
}

struct AvxVnni {
  static constexpr int kLanes = 8, kDepth = 4, kPanelStep = kLanes * kDepth;
  static constexpr int kRowAlign = 32;                                   // bytes per vector
  static constexpr int kRowTile = 4, kPanelsBatch = 3, kPanelsGemv = 8;  // 4 x 3 and 1 x 8 accumulators
  static constexpr bool kColSums = true;
  using AElem = uint8_t;
  static void prepare_row(const int8_t* a, int k, uint8_t* dst, size_t stride) { shift_row_to_u8(a, k, dst, stride); }
  // acc[r][8 * p + lane] for rows r < MR and panels p < NB, over all kq quads of k.
  // Fully unrolled with a flat accumulator array so that GCC keeps every accumulator in a register.
  template <int MR, int NB>
  static void tile(const uint8_t* a, size_t a_stride, const int8_t* b, size_t q_stride, int kq,
                   const int32_t* col_sums, int32_t* acc_out, int acc_stride) {
    __m256i acc[MR * NB];
#pragma GCC unroll 16
    for (int p = 0; p < NB; ++p) {
      const __m256i cs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(col_sums + p * kLanes));
      const __m256i correction = _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_slli_epi32(cs, 7));
#pragma GCC unroll 16
      for (int r = 0; r < MR; ++r) acc[r * NB + p] = correction;
    }
    for (int q = 0; q < kq; ++q) {
      __m256i bv[NB];
#pragma GCC unroll 16
      for (int p = 0; p < NB; ++p) {
        bv[p] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + q * q_stride + p * kPanelStep));
      }
#pragma GCC unroll 16
      for (int r = 0; r < MR; ++r) {
        int32_t quad;
        std::memcpy(&quad, a + r * a_stride + static_cast<size_t>(q) * kDepth, sizeof quad);
        const __m256i av = _mm256_set1_epi32(quad);
#pragma GCC unroll 16
        for (int p = 0; p < NB; ++p) acc[r * NB + p] = _mm256_dpbusd_avx_epi32(acc[r * NB + p], av, bv[p]);
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

// Rows of B (unpacked) are the u8 operand here: sum (b + 128) * a = sum a * b + 128 * sum a, and
// sum a is computed once per row of A. `a_tail` is a's last k % 32 values, zero-padded.
template <int NJ>
void dot_rows(const int8_t* a, __m256i a_tail, int32_t a_sum, const int8_t* b, int ldb, int k, int32_t* c) {
  const __m256i flip = _mm256_set1_epi8(static_cast<char>(0x80));
  __m256i acc[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
  const int full = k / 32 * 32;
  for (int p = 0; p < full; p += 32) {
    const __m256i av = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + p));
#pragma GCC unroll 4
    for (int j = 0; j < NJ; ++j) {
      const __m256i bv = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + static_cast<size_t>(j) * ldb + p));
      acc[j] = _mm256_dpbusd_avx_epi32(acc[j], _mm256_xor_si256(bv, flip), av);
    }
  }
  if (full < k) {
#pragma GCC unroll 4
    for (int j = 0; j < NJ; ++j) {
      const __m256i bv = load_partial(b + static_cast<size_t>(j) * ldb + full, k - full);
      acc[j] = _mm256_dpbusd_avx_epi32(acc[j], _mm256_xor_si256(bv, flip), a_tail);
    }
  }
  const __m128i sums = _mm_sub_epi32(hsum4(acc[0], acc[1], acc[2], acc[3]), _mm_slli_epi32(_mm_set1_epi32(a_sum), 7));
  alignas(16) int32_t out[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(out), sums);
  for (int j = 0; j < NJ; ++j) c[j] = out[j];
}

void gemm_i32(const int8_t* a, int lda, const int8_t* b, int ldb, int m, int n, int k, int32_t* c, int ldc) {
  const int full = k / 32 * 32;
  for (int i = 0; i < m; ++i) {
    const int8_t* ai = a + static_cast<size_t>(i) * lda;
    int32_t* ci = c + static_cast<size_t>(i) * ldc;
    const __m256i a_tail = full < k ? load_partial(ai + full, k - full) : _mm256_setzero_si256();
    const __m256i ones = _mm256_set1_epi8(1);
    __m256i sum_acc = _mm256_dpbusd_avx_epi32(_mm256_setzero_si256(), ones, a_tail);
    for (int p = 0; p < full; p += 32) {
      sum_acc = _mm256_dpbusd_avx_epi32(sum_acc, ones, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(ai + p)));
    }
    const int32_t a_sum = _mm_cvtsi128_si32(hsum4(sum_acc, sum_acc, sum_acc, sum_acc));
    int j = 0;
    for (; j + 4 <= n; j += 4) dot_rows<4>(ai, a_tail, a_sum, b + static_cast<size_t>(j) * ldb, ldb, k, ci + j);
    for (; j < n; ++j) dot_rows<1>(ai, a_tail, a_sum, b + static_cast<size_t>(j) * ldb, ldb, k, ci + j);
  }
}

using Driver = PanelGemm<AvxVnni>;

}  // namespace

extern const GemmKernel kAvxVnniKernel = {"avxvnni", Driver::pack, Driver::gemm_packed, gemm_i32};

}  // namespace mnmt
