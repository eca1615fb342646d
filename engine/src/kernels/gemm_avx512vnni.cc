// AVX-512 VNNI kernel: vpdpbusd (u8 x s8 -> s32) on 512-bit vectors. Activations are shifted to u8
// (a + 128); the exact correction -128 * sum_k b[n][k] comes from PackedB::col_sums.
#include <immintrin.h>

#include <cstring>

#include "gemm.h"
#include "panel_gemm.h"

namespace mnmt {
namespace {

__mmask64 tail_mask64(int count) { return count >= 64 ? ~__mmask64{0} : (__mmask64{1} << count) - 1; }
__mmask16 tail_mask16(int count) { return static_cast<__mmask16>(count >= 16 ? 0xffff : (1u << count) - 1); }

// dst[0, stride) = a[0, k) + 128 as u8, zero-extended (a = 0 -> 128) up to `stride` (a multiple of 64).
void shift_row_to_u8(const int8_t* a, int k, uint8_t* dst, size_t stride) {
  const __m512i bias = _mm512_set1_epi8(static_cast<char>(0x80));
  for (size_t i = 0; i < stride; i += 64) {
    const int left = k - static_cast<int>(i);
    const __m512i v = left > 0 ? _mm512_maskz_loadu_epi8(tail_mask64(left), a + i) : _mm512_setzero_si512();
    _mm512_store_si512(dst + i, _mm512_xor_si512(v, bias));
  }
}

// apply_epilogue() in 16-wide SIMD: the same IEEE operations in the same order, hence the same bits.
// GELU and raw int32 output go through the shared scalar code.
void epilogue16(const int32_t* acc, int row, int n0, int count, const Epilogue& ep) {
  constexpr int kLanes = 16;
  if (!EpilogueRow::vectorizable(ep)) {
    apply_epilogue(acc, row, n0, count, ep);
    return;
  }
  const EpilogueRow e(ep, row, n0);
  const __m512 zero = _mm512_setzero_ps(), lo = _mm512_set1_ps(-127.0f), hi = _mm512_set1_ps(127.0f);
  const __m512 inv = _mm512_set1_ps(e.out_inv);
  for (int j = 0; j < count; j += kLanes) {
    const __mmask16 mask = tail_mask16(count - j);
    __m512 t = _mm512_cvtepi32_ps(_mm512_maskz_loadu_epi32(mask, acc + j));
    t = _mm512_mul_ps(t, _mm512_maskz_loadu_ps(mask, e.mul + j));
    if (e.bias != nullptr) t = _mm512_add_ps(t, _mm512_maskz_loadu_ps(mask, e.bias + j));
    if (e.relu) t = _mm512_max_ps(t, zero);  // t > 0 ? t : +0
    if (e.out_i8 != nullptr) {
      __m512 x = _mm512_mul_ps(t, inv);
      x = _mm512_min_ps(_mm512_max_ps(x, lo), hi);
      _mm512_mask_cvtepi32_storeu_epi8(e.out_i8 + j, mask, _mm512_cvtps_epi32(x));
    } else if (e.accumulate) {
      _mm512_mask_storeu_ps(e.out_f32 + j, mask, _mm512_add_ps(_mm512_maskz_loadu_ps(mask, e.out_f32 + j), t));
    } else {
      _mm512_mask_storeu_ps(e.out_f32 + j, mask, t);
    }
  }
}

struct Avx512Vnni {
  static constexpr int kLanes = 16, kDepth = 4, kPanelStep = kLanes * kDepth;
  static constexpr int kRowAlign = 64;                                   // bytes per vector
  static constexpr int kRowTile = 6, kPanelsBatch = 4, kPanelsGemv = 8;  // 6 x 4 and 1 x 8 accumulators
  static constexpr bool kColSums = true;
  using AElem = uint8_t;
  static void prepare_row(const int8_t* a, int k, uint8_t* dst, size_t stride) { shift_row_to_u8(a, k, dst, stride); }
  // acc[r][16 * p + lane] for rows r < MR and panels p < NB, over all kq quads of k.
  // Fully unrolled with a flat accumulator array so that GCC keeps every accumulator in a register.
  template <int MR, int NB>
  static void tile(const uint8_t* a, size_t a_stride, const int8_t* b, size_t q_stride, int kq,
                   const int32_t* col_sums, int32_t* acc_out, int acc_stride) {
    __m512i acc[MR * NB];
#pragma GCC unroll 16
    for (int p = 0; p < NB; ++p) {
      const __m512i cs = _mm512_loadu_si512(col_sums + p * kLanes);
      const __m512i correction = _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_slli_epi32(cs, 7));
#pragma GCC unroll 16
      for (int r = 0; r < MR; ++r) acc[r * NB + p] = correction;
    }
    for (int q = 0; q < kq; ++q) {
      __m512i bv[NB];
#pragma GCC unroll 16
      for (int p = 0; p < NB; ++p) bv[p] = _mm512_loadu_si512(b + q * q_stride + p * kPanelStep);
#pragma GCC unroll 16
      for (int r = 0; r < MR; ++r) {
        int32_t quad;
        std::memcpy(&quad, a + r * a_stride + static_cast<size_t>(q) * kDepth, sizeof quad);
        const __m512i av = _mm512_set1_epi32(quad);
#pragma GCC unroll 16
        for (int p = 0; p < NB; ++p) acc[r * NB + p] = _mm512_dpbusd_epi32(acc[r * NB + p], av, bv[p]);
      }
    }
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r) {
#pragma GCC unroll 16
      for (int p = 0; p < NB; ++p) _mm512_storeu_si512(acc_out + r * acc_stride + p * kLanes, acc[r * NB + p]);
    }
  }
  static void epilogue(const int32_t* acc, int row, int n0, int count, const Epilogue& ep) {
    epilogue16(acc, row, n0, count, ep);
  }
};

// Four int32 vectors -> their four horizontal sums.
__m128i hsum4(__m512i v0, __m512i v1, __m512i v2, __m512i v3) {
  auto fold = [](__m512i v) { return _mm256_add_epi32(_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64(v, 1)); };
  const __m256i h = _mm256_hadd_epi32(_mm256_hadd_epi32(fold(v0), fold(v1)), _mm256_hadd_epi32(fold(v2), fold(v3)));
  return _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
}

// Rows of B (unpacked) are the u8 operand here: sum (b + 128) * a = sum a * b + 128 * sum a, and
// sum a is computed once per row of A.
template <int NJ>
void dot_rows(const int8_t* a, int32_t a_sum, const int8_t* b, int ldb, int k, int32_t* c) {
  const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80));
  __m512i acc[4] = {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512()};
  for (int p = 0; p < k; p += 64) {
    const __mmask64 mask = tail_mask64(k - p);
    const __m512i av = _mm512_maskz_loadu_epi8(mask, a + p);
#pragma GCC unroll 4
    for (int j = 0; j < NJ; ++j) {
      const __m512i bv = _mm512_xor_si512(_mm512_maskz_loadu_epi8(mask, b + static_cast<size_t>(j) * ldb + p), flip);
      acc[j] = _mm512_dpbusd_epi32(acc[j], bv, av);
    }
  }
  const __m128i correction = _mm_slli_epi32(_mm_set1_epi32(a_sum), 7);
  alignas(16) int32_t out[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(out), _mm_sub_epi32(hsum4(acc[0], acc[1], acc[2], acc[3]), correction));
  for (int j = 0; j < NJ; ++j) c[j] = out[j];
}

void gemm_i32(const int8_t* a, int lda, const int8_t* b, int ldb, int m, int n, int k, int32_t* c, int ldc) {
  const __m512i ones = _mm512_set1_epi8(1);
  for (int i = 0; i < m; ++i) {
    const int8_t* ai = a + static_cast<size_t>(i) * lda;
    int32_t* ci = c + static_cast<size_t>(i) * ldc;
    __m512i sum_acc = _mm512_setzero_si512();
    for (int p = 0; p < k; p += 64) {
      sum_acc = _mm512_dpbusd_epi32(sum_acc, ones, _mm512_maskz_loadu_epi8(tail_mask64(k - p), ai + p));
    }
    const int32_t a_sum = _mm_cvtsi128_si32(hsum4(sum_acc, sum_acc, sum_acc, sum_acc));
    int j = 0;
    for (; j + 4 <= n; j += 4) dot_rows<4>(ai, a_sum, b + static_cast<size_t>(j) * ldb, ldb, k, ci + j);
    for (; j < n; ++j) dot_rows<1>(ai, a_sum, b + static_cast<size_t>(j) * ldb, ldb, k, ci + j);
  }
}

using Driver = PanelGemm<Avx512Vnni>;

}  // namespace

extern const GemmKernel kAvx512VnniKernel = {"avx512vnni", Driver::pack, Driver::gemm_packed, gemm_i32};

}  // namespace mnmt
