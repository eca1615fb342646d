// WASM SIMD128 int8 GEMM (Emscripten builds only, compiled with -msimd128). Bit-identical to
// gemm_scalar.cc: A is sign-extended to int16 once per call, B's packed int8 as it is loaded
// (i16x8.load8x8_s), and i32x4.dot_i16x8_s adds pairs of exact int16 products into int32 lanes, one
// output column per lane, so no horizontal sums are needed (packing B as int16 instead doubled its
// bytes and gained nothing end to end). int32 sums are exact in any order; the float epilogue
// repeats apply_epilogue's IEEE operations in the same order (docs/numerics.md §2). No relaxed-SIMD:
// its dot products are not deterministic across CPUs.
#include <wasm_simd128.h>

#include <cstring>

#include "panel_gemm.h"

namespace mnmt {
namespace {

// Up to 16 bytes from src (the rest zero), so that a tail never reads past the row.
inline v128_t load_partial(const int8_t* src, int count) {
  if (count >= 16) return wasm_v128_load(src);
  alignas(16) int8_t tmp[16] = {0};
  std::memcpy(tmp, src, static_cast<size_t>(count));
  return wasm_v128_load(tmp);
}

// dst[0, stride) = a[0, k) as int16, zero-padded up to `stride` (a multiple of 16).
void widen_row(const int8_t* a, int k, int16_t* dst, size_t stride) {
  for (size_t i = 0; i < stride; i += 16) {
    const int left = k - static_cast<int>(i);
    const v128_t v = left > 0 ? load_partial(a + i, left) : wasm_i8x16_splat(0);
    wasm_v128_store(dst + i, wasm_i16x8_extend_low_i8x16(v));
    wasm_v128_store(dst + i + 8, wasm_i16x8_extend_high_i8x16(v));
  }
}

// apply_epilogue() 4 lanes at a time, the same IEEE operations in the same order. GELU, raw int32
// output and the last count % 4 columns go through the shared scalar code.
void epilogue4(const int32_t* acc, int row, int n0, int count, const Epilogue& ep) {
  constexpr int kLanes = 4;
  int j = 0;
  if (EpilogueRow::vectorizable(ep)) {
    const EpilogueRow e(ep, row, n0);
    const v128_t zero = wasm_f32x4_splat(0.0f), lo = wasm_f32x4_splat(-127.0f), hi = wasm_f32x4_splat(127.0f);
    const v128_t inv = wasm_f32x4_splat(e.out_inv);
    for (; j + kLanes <= count; j += kLanes) {
      v128_t t = wasm_f32x4_mul(wasm_f32x4_convert_i32x4(wasm_v128_load(acc + j)), wasm_v128_load(e.mul + j));
      if (e.bias != nullptr) t = wasm_f32x4_add(t, wasm_v128_load(e.bias + j));
      if (e.relu) t = wasm_v128_bitselect(t, zero, wasm_f32x4_gt(t, zero));  // t > 0 ? t : +0
      if (e.out_i8 != nullptr) {
        v128_t x = wasm_f32x4_mul(t, inv);
        x = wasm_v128_bitselect(lo, x, wasm_f32x4_lt(x, lo));
        x = wasm_v128_bitselect(hi, x, wasm_f32x4_gt(x, hi));
        const v128_t q32 = wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_nearest(x));  // round half to even
        const v128_t q16 = wasm_i16x8_narrow_i32x4(q32, q32);
        wasm_v128_store32_lane(e.out_i8 + j, wasm_i8x16_narrow_i16x8(q16, q16), 0);
      } else if (e.accumulate) {
        wasm_v128_store(e.out_f32 + j, wasm_f32x4_add(wasm_v128_load(e.out_f32 + j), t));
      } else {
        wasm_v128_store(e.out_f32 + j, t);
      }
    }
  }
  if (j < count) apply_epilogue(acc + j, row, n0 + j, count - j, ep);
}

struct WasmSimd {
  static constexpr int kLanes = 4, kDepth = 2, kPanelStep = kLanes * kDepth;
  static constexpr int kRowAlign = 16;
  // 2 x 4 and 1 x 8 accumulators: with the operands, within the 16 vector registers V8 has on x64.
  static constexpr int kRowTile = 2, kPanelsBatch = 4, kPanelsGemv = 8;
  static constexpr bool kColSums = false;
  using AElem = int16_t;
  static void prepare_row(const int8_t* a, int k, int16_t* dst, size_t stride) { widen_row(a, k, dst, stride); }
  // acc[r][4 * p + lane] for rows r < MR and panels p < NB, over all kp pairs of k.
  template <int MR, int NB>
  static void tile(const int16_t* a, size_t a_stride, const int8_t* b, size_t q_stride, int kp,
                   const int32_t* /*col_sums*/, int32_t* acc_out, int acc_stride) {
    v128_t acc[MR * NB];
#pragma GCC unroll 16
    for (int i = 0; i < MR * NB; ++i) acc[i] = wasm_i32x4_splat(0);
    for (int q = 0; q < kp; ++q) {
      v128_t av[MR];
#pragma GCC unroll 16
      for (int r = 0; r < MR; ++r) av[r] = wasm_v128_load32_splat(a + r * a_stride + static_cast<size_t>(q) * kDepth);
      const int8_t* bq = b + q * q_stride;
#pragma GCC unroll 16
      for (int p = 0; p < NB; ++p) {
        const v128_t bv = wasm_i16x8_load8x8(bq + p * kPanelStep);
#pragma GCC unroll 16
        for (int r = 0; r < MR; ++r) acc[r * NB + p] = wasm_i32x4_add(acc[r * NB + p], wasm_i32x4_dot_i16x8(av[r], bv));
      }
    }
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r) {
#pragma GCC unroll 16
      for (int p = 0; p < NB; ++p) wasm_v128_store(acc_out + r * acc_stride + p * kLanes, acc[r * NB + p]);
    }
  }
  static void epilogue(const int32_t* acc, int row, int n0, int count, const Epilogue& ep) {
    epilogue4(acc, row, n0, count, ep);
  }
};

// dot(x, y) over 16 int8 lanes added into acc, through int16.
inline v128_t dot16(v128_t acc, v128_t x_lo, v128_t x_hi, v128_t y) {
  acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(x_lo, wasm_i16x8_extend_low_i8x16(y)));
  return wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(x_hi, wasm_i16x8_extend_high_i8x16(y)));
}

// The four horizontal sums of a0..a3 as one vector [sum a0, sum a1, sum a2, sum a3].
inline v128_t hsum4(v128_t a0, v128_t a1, v128_t a2, v128_t a3) {
  const v128_t x = wasm_i32x4_add(wasm_i32x4_shuffle(a0, a1, 0, 4, 2, 6), wasm_i32x4_shuffle(a0, a1, 1, 5, 3, 7));
  const v128_t y = wasm_i32x4_add(wasm_i32x4_shuffle(a2, a3, 0, 4, 2, 6), wasm_i32x4_shuffle(a2, a3, 1, 5, 3, 7));
  return wasm_i32x4_add(wasm_i32x4_shuffle(x, y, 0, 1, 4, 5), wasm_i32x4_shuffle(x, y, 2, 3, 6, 7));
}

// One unpacked dot product of length k.
inline int32_t dot_row(const int8_t* x, const int8_t* y, int k) {
  v128_t c = wasm_i32x4_splat(0);
  for (int p = 0; p < k; p += 16) {
    const v128_t xv = load_partial(x + p, k - p);
    c = dot16(c, wasm_i16x8_extend_low_i8x16(xv), wasm_i16x8_extend_high_i8x16(xv), load_partial(y + p, k - p));
  }
  return wasm_i32x4_extract_lane(c, 0) + wasm_i32x4_extract_lane(c, 1) + wasm_i32x4_extract_lane(c, 2) +
         wasm_i32x4_extract_lane(c, 3);
}

// Unpacked B (attention: the K and V caches): 4 rows of b share each widened chunk of a.
void gemm_i32(const int8_t* a, int lda, const int8_t* b, int ldb, int m, int n, int k, int32_t* c, int ldc) {
  for (int i = 0; i < m; ++i) {
    const int8_t* x = a + static_cast<size_t>(i) * lda;
    int32_t* out = c + static_cast<size_t>(i) * ldc;
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      const int8_t* y = b + static_cast<size_t>(j) * ldb;
      v128_t c0 = wasm_i32x4_splat(0), c1 = c0, c2 = c0, c3 = c0;
      for (int p = 0; p < k; p += 16) {
        const int len = k - p;
        const v128_t xv = load_partial(x + p, len);
        const v128_t xl = wasm_i16x8_extend_low_i8x16(xv), xh = wasm_i16x8_extend_high_i8x16(xv);
        c0 = dot16(c0, xl, xh, load_partial(y + p, len));
        c1 = dot16(c1, xl, xh, load_partial(y + ldb + p, len));
        c2 = dot16(c2, xl, xh, load_partial(y + 2 * ldb + p, len));
        c3 = dot16(c3, xl, xh, load_partial(y + 3 * ldb + p, len));
      }
      alignas(16) int32_t sums[4];
      wasm_v128_store(sums, hsum4(c0, c1, c2, c3));
      std::memcpy(out + j, sums, sizeof(sums));
    }
    for (; j < n; ++j) out[j] = dot_row(x, b + static_cast<size_t>(j) * ldb, k);
  }
}

using Driver = PanelGemm<WasmSimd>;

}  // namespace

extern const GemmKernel kWasmSimdKernel = {"wasm_simd", Driver::pack, Driver::gemm_packed, gemm_i32};

}  // namespace mnmt
