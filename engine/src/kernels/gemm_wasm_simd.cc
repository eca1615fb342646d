// WASM SIMD128 int8 GEMM (Emscripten builds only, compiled with -msimd128). Bit-identical to
// gemm_scalar.cc: both operands are sign-extended to int16 and multiplied with i32x4.dot_i16x8_s,
// which is exact (|a·b| <= 127·127, pairs fit int32); int32 sums are exact in any order, and the
// float epilogue is the shared apply_epilogue (docs/numerics.md §2). No relaxed-SIMD.
//
// Packed layout: columns in groups of 4, k padded with zeros to a multiple of 16:
//   data[((g * kc + c) * 4 + j) * 16 + t] = b[4g + j][16c + t]   (kc = k chunks, zero past n or k)
// so the inner loop reads 64 contiguous bytes per k chunk for 4 output columns.
#include <wasm_simd128.h>

#include <cstring>

#include "gemm.h"

namespace mnmt {
namespace {

constexpr int kChunk = 16;
constexpr int kCols = 4;    // output columns per micro-kernel
constexpr int kBlock = 64;  // columns per epilogue call (as in the scalar kernel)

inline int chunks_of(int k) { return (k + kChunk - 1) / kChunk; }

// Loads up to 16 bytes (the rest zero) so a tail chunk never reads past the row.
inline v128_t load_partial(const int8_t* p, int len) {
  if (len >= kChunk) return wasm_v128_load(p);
  alignas(16) int8_t tmp[kChunk] = {0};
  std::memcpy(tmp, p, static_cast<size_t>(len));
  return wasm_v128_load(tmp);
}

// acc += dot(x, y) over 16 int8 lanes, widened to int16 halves.
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

void pack_wasm(const int8_t* b, int n, int k, PackedB* out) {
  const int kc = chunks_of(k);
  const int groups = (n + kCols - 1) / kCols;
  out->n = n;
  out->k = k;
  out->data.assign(static_cast<size_t>(groups) * kc * kCols * kChunk, 0);
  out->col_sums.clear();
  for (int col = 0; col < n; ++col) {
    const int g = col / kCols, j = col % kCols;
    for (int p = 0; p < k; ++p) {
      const size_t at = ((static_cast<size_t>(g) * kc + p / kChunk) * kCols + j) * kChunk + p % kChunk;
      out->data[at] = b[static_cast<size_t>(col) * k + p];
    }
  }
}

// kRows rows of a (stride lda) against one packed group of 4 columns: out[r][0..4) = the 4 dots.
template <int kRows>
inline void micro_kernel(const int8_t* a, int lda, int k, const int8_t* g, int32_t (*out)[kBlock], int j) {
  v128_t c[kRows][kCols];
  for (int r = 0; r < kRows; ++r) {
    for (int q = 0; q < kCols; ++q) c[r][q] = wasm_i32x4_splat(0);
  }
  for (int p = 0; p < k; p += kChunk, g += kCols * kChunk) {
    const v128_t y[kCols] = {wasm_v128_load(g), wasm_v128_load(g + 16), wasm_v128_load(g + 32), wasm_v128_load(g + 48)};
    for (int r = 0; r < kRows; ++r) {
      const v128_t x = load_partial(a + static_cast<size_t>(r) * lda + p, k - p);
      const v128_t xl = wasm_i16x8_extend_low_i8x16(x), xh = wasm_i16x8_extend_high_i8x16(x);
      for (int q = 0; q < kCols; ++q) c[r][q] = dot16(c[r][q], xl, xh, y[q]);
    }
  }
  for (int r = 0; r < kRows; ++r) wasm_v128_store(&out[r][j], hsum4(c[r][0], c[r][1], c[r][2], c[r][3]));
}

// Two rows at a time (each widened chunk of b serves both); a last odd row alone (decoding: m = 1).
void gemm_packed_wasm(const int8_t* a, int lda, int m, const PackedB& b, const Epilogue& ep) {
  const size_t group_bytes = static_cast<size_t>(chunks_of(b.k)) * kCols * kChunk;
  alignas(16) int32_t acc[2][kBlock];  // kBlock is a multiple of kCols: whole groups fit
  for (int i = 0; i < m; i += 2) {
    const int rows = m - i < 2 ? 1 : 2;
    const int8_t* a_rows = a + static_cast<size_t>(i) * lda;
    for (int n0 = 0; n0 < b.n; n0 += kBlock) {
      const int count = b.n - n0 < kBlock ? b.n - n0 : kBlock;
      for (int j = 0; j < count; j += kCols) {
        const int8_t* g = b.data.data() + static_cast<size_t>((n0 + j) / kCols) * group_bytes;
        if (rows == 2) {
          micro_kernel<2>(a_rows, lda, b.k, g, acc, j);
        } else {
          micro_kernel<1>(a_rows, lda, b.k, g, acc, j);
        }
      }
      for (int r = 0; r < rows; ++r) apply_epilogue(acc[r], i + r, n0, count, ep);
    }
  }
}

// One unpacked dot product of length k.
inline int32_t dot_row(const int8_t* x, const int8_t* y, int k) {
  v128_t c = wasm_i32x4_splat(0);
  for (int p = 0; p < k; p += kChunk) {
    const v128_t xv = load_partial(x + p, k - p);
    c = dot16(c, wasm_i16x8_extend_low_i8x16(xv), wasm_i16x8_extend_high_i8x16(xv), load_partial(y + p, k - p));
  }
  return wasm_i32x4_extract_lane(c, 0) + wasm_i32x4_extract_lane(c, 1) + wasm_i32x4_extract_lane(c, 2) +
         wasm_i32x4_extract_lane(c, 3);
}

void gemm_i32_wasm(const int8_t* a, int lda, const int8_t* b, int ldb, int m, int n, int k, int32_t* c, int ldc) {
  for (int i = 0; i < m; ++i) {
    const int8_t* x = a + static_cast<size_t>(i) * lda;
    int32_t* out = c + static_cast<size_t>(i) * ldc;
    int j = 0;
    for (; j + kCols <= n; j += kCols) {  // 4 rows of b share each widened chunk of x
      const int8_t* y = b + static_cast<size_t>(j) * ldb;
      v128_t c0 = wasm_i32x4_splat(0), c1 = c0, c2 = c0, c3 = c0;
      for (int p = 0; p < k; p += kChunk) {
        const int len = k - p;
        const v128_t xv = load_partial(x + p, len);
        const v128_t xl = wasm_i16x8_extend_low_i8x16(xv), xh = wasm_i16x8_extend_high_i8x16(xv);
        c0 = dot16(c0, xl, xh, load_partial(y + p, len));
        c1 = dot16(c1, xl, xh, load_partial(y + ldb + p, len));
        c2 = dot16(c2, xl, xh, load_partial(y + 2 * ldb + p, len));
        c3 = dot16(c3, xl, xh, load_partial(y + 3 * ldb + p, len));
      }
      alignas(16) int32_t sums[kCols];
      wasm_v128_store(sums, hsum4(c0, c1, c2, c3));
      std::memcpy(out + j, sums, sizeof(sums));
    }
    for (; j < n; ++j) out[j] = dot_row(x, b + static_cast<size_t>(j) * ldb, k);
  }
}

}  // namespace

extern const GemmKernel kWasmSimdKernel = {"wasm_simd", pack_wasm, gemm_packed_wasm, gemm_i32_wasm};

}  // namespace mnmt
