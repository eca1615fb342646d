// AArch64 kernels. ARMv8.0 baseline: vmull_s8 (int8 x int8 -> int16, exact: |product| <= 16384)
// then vpadalq_s16 (adjacent int16 pairs added into int32, exact). Each product is widened on its
// own: the cheaper vmull+vmlal pair into one int16 would overflow for (-128)(-128) + (-128)(-128),
// and -128 does occur (the model's packed weights and activations are clamped to [-127, 127], but
// gemm_i32's attention operands and the tests use the full range), so it is not used.
// gemm_neon_dotprod.cc includes this file with MNMT_NEON_DOTPROD set: the same code with vdotq_s32.
#include <arm_neon.h>

#include <cstring>

#include "cpu_features.h"
#include "gemm.h"

namespace mnmt {
namespace {

constexpr int kCols = 4;                    // columns per panel
constexpr int kBlock = 16;                  // k bytes per block
constexpr int kPanelBlock = kCols * kBlock;  // bytes of one panel per k block
constexpr size_t kChunkBytes = 256 * 1024;  // B bytes per column chunk, to stay in L2

int blocks(int k) { return (k + kBlock - 1) / kBlock; }

inline int32x4_t mac(int32x4_t acc, int8x16_t a, int8x16_t b) {
#ifdef MNMT_NEON_DOTPROD
  return vdotq_s32(acc, a, b);
#else
  acc = vpadalq_s16(acc, vmull_s8(vget_low_s8(a), vget_low_s8(b)));
  return vpadalq_s16(acc, vmull_high_s8(a, b));
#endif
}

// Sums of four accumulators: lane c = horizontal sum of acc[c].
inline int32x4_t reduce4(const int32x4_t* acc) {
  return vpaddq_s32(vpaddq_s32(acc[0], acc[1]), vpaddq_s32(acc[2], acc[3]));
}

// 16 bytes from src, of which only `count` (< 16) are read; the rest are zero.
inline int8x16_t load_tail(const int8_t* src, int count) {
  int8_t tmp[kBlock] = {0};
  std::memcpy(tmp, src, static_cast<size_t>(count));
  return vld1q_s8(tmp);
}

// Layout: panel p holds columns [4p, 4p + 4); per k block q, 4 x 16 bytes (column c's k values
// [16q, 16q + 16)). k is zero-padded to a multiple of 16 and n to a multiple of 4.
void pack(const int8_t* b, int n, int k, PackedB* out) {
  const int kb = blocks(k), panels = (n + kCols - 1) / kCols;
  reset_packed(out, n, k, static_cast<size_t>(panels) * kb * kPanelBlock, 0);
  int8_t* data = out->data.data();
  for (int col = 0; col < n; ++col) {
    int8_t* dst = data + static_cast<size_t>(col / kCols) * kb * kPanelBlock + (col % kCols) * kBlock;
    const int8_t* src = b + static_cast<size_t>(col) * k;
    for (int i = 0; i < k; ++i) dst[static_cast<size_t>(i / kBlock) * kPanelBlock + i % kBlock] = src[i];
  }
}

// out[r * out_stride + 4p + c] for rows r < MR of a and panels p < NP (panel_bytes apart) of b.
template <int MR, int NP>
void tile(const int8_t* a, int lda, int k, const int8_t* b, size_t panel_bytes, int32_t* out, int out_stride) {
  int32x4_t acc[MR * NP * kCols];
  for (int i = 0; i < MR * NP * kCols; ++i) acc[i] = vdupq_n_s32(0);
  const int full = k / kBlock, tail = k % kBlock;
  for (int q = 0; q <= full; ++q) {
    if (q == full && tail == 0) break;
    int8x16_t av[MR];
    for (int r = 0; r < MR; ++r) {
      const int8_t* src = a + static_cast<size_t>(r) * lda + q * kBlock;
      av[r] = q < full ? vld1q_s8(src) : load_tail(src, tail);
    }
    for (int p = 0; p < NP; ++p) {
      const int8_t* bp = b + p * panel_bytes + static_cast<size_t>(q) * kPanelBlock;
      for (int c = 0; c < kCols; ++c) {
        const int8x16_t bv = vld1q_s8(bp + c * kBlock);
        for (int r = 0; r < MR; ++r) acc[(r * NP + p) * kCols + c] = mac(acc[(r * NP + p) * kCols + c], av[r], bv);
      }
    }
  }
  for (int r = 0; r < MR; ++r) {
    for (int p = 0; p < NP; ++p) vst1q_s32(out + r * out_stride + p * kCols, reduce4(&acc[(r * NP + p) * kCols]));
  }
}

using TileFn = void (*)(const int8_t*, int, int, const int8_t*, size_t, int32_t*, int);

template <int MR, int NP>
TileFn select_tile(int mr, int np) {
  if constexpr (MR > 1) {
    if (mr < MR) return select_tile<MR - 1, NP>(mr, np);
  }
  if constexpr (NP > 1) {
    if (np < NP) return select_tile<MR, NP - 1>(mr, np);
  }
  return tile<MR, NP>;
}

// apply_epilogue() 4 lanes at a time: the same IEEE operations in the same order (no FMA), hence the
// same bits. GELU, raw int32 output and the last count % 4 columns go through the shared code.
void epilogue(const int32_t* acc, int row, int n0, int count, const Epilogue& ep) {
  int j = 0;
  if (EpilogueRow::vectorizable(ep)) {
    const EpilogueRow e(ep, row, n0);
    const float32x4_t zero = vdupq_n_f32(0.0f), lo = vdupq_n_f32(-127.0f), hi = vdupq_n_f32(127.0f);
    const float32x4_t inv = vdupq_n_f32(e.out_inv);
    for (; j + kCols <= count; j += kCols) {
      float32x4_t t = vmulq_f32(vcvtq_f32_s32(vld1q_s32(acc + j)), vld1q_f32(e.mul + j));
      if (e.bias != nullptr) t = vaddq_f32(t, vld1q_f32(e.bias + j));
      if (e.relu) t = vbslq_f32(vcgtq_f32(t, zero), t, zero);  // t > 0 ? t : +0
      if (e.out_i8 != nullptr) {
        float32x4_t x = vmulq_f32(t, inv);
        x = vbslq_f32(vcltq_f32(x, lo), lo, x);
        x = vbslq_f32(vcgtq_f32(x, hi), hi, x);
        const int16x4_t q16 = vqmovn_s32(vcvtnq_s32_f32(x));  // round half to even, like nearbyint
        const int8x8_t q8 = vqmovn_s16(vcombine_s16(q16, q16));
        const int32_t four = vget_lane_s32(vreinterpret_s32_s8(q8), 0);
        std::memcpy(e.out_i8 + j, &four, sizeof four);
      } else if (e.accumulate) {
        vst1q_f32(e.out_f32 + j, vaddq_f32(vld1q_f32(e.out_f32 + j), t));
      } else {
        vst1q_f32(e.out_f32 + j, t);
      }
    }
  }
  if (j < count) apply_epilogue(acc + j, row, n0 + j, count - j, ep);
}

constexpr int kRowTile = 4, kPanelsBatch = 1;  // m > 1: 4 rows x 4 columns
constexpr int kPanelsGemv = 4;                 // m == 1: 1 row x 16 columns

void gemm_packed(const int8_t* a, int lda, int m, const PackedB& b, const Epilogue& ep) {
  if (m <= 0 || b.n <= 0) return;
  const int panels = (b.n + kCols - 1) / kCols;
  const size_t panel_bytes = static_cast<size_t>(blocks(b.k)) * kPanelBlock;
  const int row_tile = m == 1 ? 1 : kRowTile, tile_panels = m == 1 ? kPanelsGemv : kPanelsBatch;
  int chunk = panel_bytes > 0 ? static_cast<int>(kChunkBytes / panel_bytes) : panels;
  chunk = chunk < tile_panels ? tile_panels : chunk / tile_panels * tile_panels;
  int32_t acc[kRowTile * kPanelsGemv * kCols];
  const int acc_stride = tile_panels * kCols;
  for (int c0 = 0; c0 < panels; c0 += chunk) {
    const int c1 = c0 + chunk < panels ? c0 + chunk : panels;
    for (int i0 = 0; i0 < m; i0 += row_tile) {
      const int mr = m - i0 < row_tile ? m - i0 : row_tile;
      const int8_t* ai = a + static_cast<size_t>(i0) * lda;
      for (int p = c0; p < c1; p += tile_panels) {
        const int np = c1 - p < tile_panels ? c1 - p : tile_panels;
        const TileFn fn = m == 1 ? select_tile<1, kPanelsGemv>(mr, np) : select_tile<kRowTile, kPanelsBatch>(mr, np);
        fn(ai, lda, b.k, b.data.data() + p * panel_bytes, panel_bytes, acc, acc_stride);
        const int n0 = p * kCols, count = b.n - n0 < np * kCols ? b.n - n0 : np * kCols;
        for (int r = 0; r < mr; ++r) epilogue(acc + r * acc_stride, i0 + r, n0, count, ep);
      }
    }
  }
}

// Unpacked B (rows ldb apart): four B rows at a time against one A row; missing rows repeat row 0.
void gemm_i32(const int8_t* a, int lda, const int8_t* b, int ldb, int m, int n, int k, int32_t* c, int ldc) {
  const int full = k / kBlock, tail = k % kBlock;
  for (int i = 0; i < m; ++i) {
    const int8_t* ai = a + static_cast<size_t>(i) * lda;
    for (int j0 = 0; j0 < n; j0 += kCols) {
      const int nc = n - j0 < kCols ? n - j0 : kCols;
      const int8_t* bj[kCols];
      for (int j = 0; j < kCols; ++j) bj[j] = b + static_cast<size_t>(j0 + (j < nc ? j : 0)) * ldb;
      int32x4_t acc[kCols] = {vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0)};
      for (int q = 0; q < full; ++q) {
        const int8x16_t av = vld1q_s8(ai + q * kBlock);
        for (int j = 0; j < kCols; ++j) acc[j] = mac(acc[j], av, vld1q_s8(bj[j] + q * kBlock));
      }
      if (tail != 0) {
        const int8x16_t av = load_tail(ai + full * kBlock, tail);
        for (int j = 0; j < kCols; ++j) acc[j] = mac(acc[j], av, load_tail(bj[j] + full * kBlock, tail));
      }
      int32_t sums[kCols];
      vst1q_s32(sums, reduce4(acc));
      std::memcpy(c + static_cast<size_t>(i) * ldc + j0, sums, sizeof(int32_t) * nc);
    }
  }
}

}  // namespace

#ifdef MNMT_NEON_DOTPROD
extern const GemmKernel kDotprodKernel = {"dotprod", pack, gemm_packed, gemm_i32};
#else
extern const GemmKernel kNeonKernel = {"neon", pack, gemm_packed, gemm_i32};
#endif

}  // namespace mnmt
