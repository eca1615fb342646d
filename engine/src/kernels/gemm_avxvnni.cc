// AVX-VNNI kernel: VEX-encoded 256-bit vpdpbusd (u8 x s8 -> s32). Activations are shifted to u8
// (a + 128); the exact correction -128 * sum_k b[n][k] comes from PackedB::col_sums.
#include <immintrin.h>

#include <cstring>
#include <new>

#include "cpu_features.h"
#include "gemm.h"

namespace mnmt {
namespace {

constexpr int kLanes = 8;                   // int32 lanes per vector = output columns per panel
constexpr int kQuadBytes = 4;               // k values consumed per lane by one vpdpbusd
constexpr int kPanelStep = 32;              // bytes of one panel per quad of k
constexpr int kRowTile = 4;                 // rows of A per tile (m > 1)
constexpr int kPanelsBatch = 3;             // panels per tile (m > 1): 4 x 3 accumulators
constexpr int kPanelsGemv = 8;              // panels per tile (m == 1)
constexpr int kGroup = 8;                   // panels interleaved per quad of k in the packed layout
constexpr size_t kChunkBytes = 256 * 1024;  // B bytes per column chunk, to stay in L2

int quads(int k) { return (k + kQuadBytes - 1) / kQuadBytes; }
size_t round_up(size_t x, size_t to) { return (x + to - 1) / to * to; }

// Layout: panel p holds columns [8p, 8p + 8); a group holds kGroup consecutive panels (fewer in
// the last group) and stores, for each quad q of k, the 32 bytes (8 columns x 4 k) of each of its
// panels, so that a tile streams one contiguous region. k is padded with zeros to a multiple of 4
// and n to a multiple of 8; col_sums has one entry per padded column (0 for padding).
struct Layout {
  int kq, panels;
  size_t group_bytes;  // of a full group
  Layout(int n, int k)
      : kq(quads(k)), panels((n + kLanes - 1) / kLanes), group_bytes(size_t{kGroup} * kq * kPanelStep) {}
  int group_panels(int g) const { return panels - g * kGroup < kGroup ? panels - g * kGroup : kGroup; }
};

void pack(const int8_t* b, int n, int k, PackedB* out) {
  const Layout lay(n, k);
  reset_packed(out, n, k, static_cast<size_t>(lay.panels) * lay.kq * kPanelStep,
               static_cast<size_t>(lay.panels) * kLanes);
  for (int col = 0; col < n; ++col) {
    const int g = col / (kLanes * kGroup), panel_in_group = col / kLanes % kGroup;
    const size_t q_stride = static_cast<size_t>(lay.group_panels(g)) * kPanelStep;
    int8_t* dst = out->data.data() + g * lay.group_bytes + panel_in_group * kPanelStep + (col % kLanes) * kQuadBytes;
    const int8_t* src = b + static_cast<size_t>(col) * k;
    int32_t sum = 0;
    for (int i = 0; i < k; ++i) {
      dst[i / kQuadBytes * q_stride + i % kQuadBytes] = src[i];
      sum += src[i];
    }
    out->col_sums[col] = sum;
  }
}

// Per-thread scratch that only grows, so steady-state calls allocate nothing.
class Scratch {
 public:
  ~Scratch() { release(); }
  uint8_t* get(size_t bytes) {
    if (bytes > capacity_) {
      release();
      data_ = static_cast<uint8_t*>(::operator new(bytes, std::align_val_t(64)));
      capacity_ = bytes;
    }
    return data_;
  }

 private:
  void release() {
    if (data_ != nullptr) ::operator delete(data_, std::align_val_t(64));
    data_ = nullptr;
    capacity_ = 0;
  }
  uint8_t* data_ = nullptr;
  size_t capacity_ = 0;
};
thread_local Scratch t_scratch;

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

// acc[r][8 * p + lane] for rows r < MR and panels p < NB, over all kq quads.
// Fully unrolled with a flat accumulator array so that GCC keeps every accumulator in a register.
template <int MR, int NB>
void tile(const uint8_t* a, size_t a_stride, const int8_t* b, size_t q_stride, int kq, const int32_t* col_sums,
          int32_t* acc_out, int acc_stride) {
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
      std::memcpy(&quad, a + r * a_stride + static_cast<size_t>(q) * kQuadBytes, sizeof quad);
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

using TileFn = void (*)(const uint8_t*, size_t, const int8_t*, size_t, int, const int32_t*, int32_t*, int);

// tile<mr, nb> for 1 <= mr <= MR and 1 <= nb <= NB.
template <int MR, int NB>
TileFn select_tile(int mr, int nb) {
  if constexpr (MR > 1) {
    if (mr < MR) return select_tile<MR - 1, NB>(mr, nb);
  }
  if constexpr (NB > 1) {
    if (nb < NB) return select_tile<MR, NB - 1>(mr, nb);
  }
  return tile<MR, NB>;
}

// apply_epilogue() in 8-wide SIMD: the same IEEE operations in the same order, hence the same bits.
// GELU, raw int32 output and the last count % 8 columns go through the shared scalar code.
void epilogue(const int32_t* acc, int row, int n0, int count, const Epilogue& ep) {
  int j = 0;
  if (ep.out_i32 == nullptr && ep.activation != Activation::kGelu) {
    // Locals, so that the stores below cannot make the compiler reload ep's fields.
    const size_t base = static_cast<size_t>(row) * ep.ldo + n0;
    const float* mul = ep.mul + n0;
    const float* bias = ep.bias != nullptr ? ep.bias + n0 : nullptr;
    const bool relu = ep.activation == Activation::kRelu, accumulate = ep.accumulate;
    int8_t* out_i8 = ep.out_i8 != nullptr ? ep.out_i8 + base : nullptr;
    float* out_f32 = ep.out_f32 != nullptr ? ep.out_f32 + base : nullptr;
    const __m256 zero = _mm256_setzero_ps(), lo = _mm256_set1_ps(-127.0f), hi = _mm256_set1_ps(127.0f);
    const __m256 inv = _mm256_set1_ps(ep.out_inv);
    for (; j + kLanes <= count; j += kLanes) {
      __m256 t = _mm256_cvtepi32_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(acc + j)));
      t = _mm256_mul_ps(t, _mm256_loadu_ps(mul + j));
      if (bias != nullptr) t = _mm256_add_ps(t, _mm256_loadu_ps(bias + j));
      if (relu) t = _mm256_max_ps(t, zero);  // t > 0 ? t : +0
      if (out_i8 != nullptr) {
        __m256 x = _mm256_mul_ps(t, inv);
        x = _mm256_min_ps(_mm256_max_ps(x, lo), hi);
        const __m256i q32 = _mm256_cvtps_epi32(x);
        const __m128i q16 = _mm_packs_epi32(_mm256_castsi256_si128(q32), _mm256_extracti128_si256(q32, 1));
        _mm_storel_epi64(reinterpret_cast<__m128i*>(out_i8 + j), _mm_packs_epi16(q16, q16));
      } else if (accumulate) {
        _mm256_storeu_ps(out_f32 + j, _mm256_add_ps(_mm256_loadu_ps(out_f32 + j), t));
      } else {
        _mm256_storeu_ps(out_f32 + j, t);
      }
    }
  }
  if (j < count) apply_epilogue(acc + j, row, n0 + j, count - j, ep);
}

void gemm_packed(const int8_t* a, int lda, int m, const PackedB& b, const Epilogue& ep) {
  if (m <= 0 || b.n <= 0) return;
  const Layout lay(b.n, b.k);
  const size_t a_stride = round_up(static_cast<size_t>(lay.kq) * kQuadBytes, 32);
  const int groups = (lay.panels + kGroup - 1) / kGroup;
  const int chunk_groups =
      lay.group_bytes > 0 && kChunkBytes / lay.group_bytes > 1 ? static_cast<int>(kChunkBytes / lay.group_bytes) : 1;
  const int row_tile = m == 1 ? 1 : kRowTile;
  const int panels_per_tile = m == 1 ? kPanelsGemv : kPanelsBatch;

  uint8_t* a_u8 = t_scratch.get(static_cast<size_t>(m) * a_stride);
  for (int i = 0; i < m; ++i) shift_row_to_u8(a + static_cast<size_t>(i) * lda, b.k, a_u8 + i * a_stride, a_stride);

  alignas(32) int32_t acc[kRowTile * kPanelsGemv * kLanes];
  const int acc_stride = panels_per_tile * kLanes;
  for (int g0 = 0; g0 < groups; g0 += chunk_groups) {
    const int g1 = g0 + chunk_groups < groups ? g0 + chunk_groups : groups;
    for (int i0 = 0; i0 < m; i0 += row_tile) {
      const int mr = m - i0 < row_tile ? m - i0 : row_tile;
      for (int g = g0; g < g1; ++g) {
        const int group_panels = lay.group_panels(g);
        for (int p = 0; p < group_panels; p += panels_per_tile) {
          const int nb = group_panels - p < panels_per_tile ? group_panels - p : panels_per_tile;
          const int n0 = (g * kGroup + p) * kLanes;
          const TileFn fn = m == 1 ? select_tile<1, kPanelsGemv>(mr, nb) : select_tile<kRowTile, kPanelsBatch>(mr, nb);
          fn(a_u8 + i0 * a_stride, a_stride, b.data.data() + g * lay.group_bytes + p * kPanelStep,
             static_cast<size_t>(group_panels) * kPanelStep, lay.kq, b.col_sums.data() + n0, acc, acc_stride);
          const int count = b.n - n0 < nb * kLanes ? b.n - n0 : nb * kLanes;
          for (int r = 0; r < mr; ++r) epilogue(acc + r * acc_stride, i0 + r, n0, count, ep);
        }
      }
    }
  }
}

// Four int32 vectors -> their four horizontal sums.
__m128i hsum4(__m256i v0, __m256i v1, __m256i v2, __m256i v3) {
  const __m256i h = _mm256_hadd_epi32(_mm256_hadd_epi32(v0, v1), _mm256_hadd_epi32(v2, v3));
  return _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
}

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

}  // namespace

extern const GemmKernel kAvxVnniKernel = {"avxvnni", pack, gemm_packed, gemm_i32};

}  // namespace mnmt
