// The packed-GEMM driver shared by the x86 kernels (gemm_avx2.cc, gemm_avxvnni.cc,
// gemm_avx512vnni.cc) and the WASM SIMD128 kernel (gemm_wasm_simd.cc): the packed layout of B, the
// per-thread scratch for A, and the loops over column chunks, row tiles and panels. A kernel file
// supplies the instructions as an `Isa` struct:
//
//   kLanes        int32 lanes per vector = output columns per panel
//   kDepth        k values one lane consumes per step (2: vpmaddwd, 4: vpdpbusd)
//   kRowAlign     A rows are padded to a multiple of this many elements
//   kRowTile, kPanelsBatch   tile shape for m > 1;  kPanelsGemv   panels per tile for m == 1
//   kColSums      whether packing stores sum_k b[n][k] (the u8 x s8 correction)
//   AElem         the element type A is converted to (int16_t, or uint8_t for a + 128)
//   prepare_row(a, k, dst, stride)          one row of A into that form, zero-padded to `stride`
//   tile<MR, NB>(a, a_stride, b, q_stride, steps, col_sums, acc, acc_stride)
//                 acc[r * acc_stride + kLanes * p + lane] for MR rows and NB panels, over all steps
//   epilogue(acc, row, n0, count, ep)       apply_epilogue(), vectorised, same bits
//
// Everything here has internal linkage on purpose: each kernel file is compiled with its own -m
// flags, and an inline function shared by two of them would let the linker keep either copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>

#include "cpu_features.h"
#include "gemm.h"

namespace mnmt {
namespace {  // NOLINT(google-build-namespaces): see above

// Per-thread scratch that only grows, so steady-state calls allocate nothing.
class GrowingScratch {
 public:
  ~GrowingScratch() { release(); }
  void* get(size_t bytes) {
    if (bytes > capacity_) {
      release();
      data_ = ::operator new(bytes, std::align_val_t(64));
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
  void* data_ = nullptr;
  size_t capacity_ = 0;
};

template <class Isa>
struct PanelGemm {
  static constexpr int kPanelStep = Isa::kLanes * Isa::kDepth;  // bytes of one panel per k step
  static constexpr int kGroup = 8;                              // panels interleaved per k step
  static constexpr size_t kChunkBytes = 256 * 1024;            // B bytes per column chunk, to stay in L2
  using AElem = typename Isa::AElem;
  using TileFn = void (*)(const AElem*, size_t, const int8_t*, size_t, int, const int32_t*, int32_t*, int);

  // Panel p holds columns [kLanes p, kLanes (p + 1)); a group holds kGroup consecutive panels (fewer
  // in the last group) and stores, for each k step q, kPanelStep bytes (kLanes columns x kDepth k) of
  // each of its panels, so that a tile streams one contiguous region. k is padded with zeros to a
  // multiple of kDepth, n to a multiple of kLanes; col_sums, when kept, has one entry per padded column.
  struct Layout {
    int steps, panels;
    size_t group_bytes;  // of a full group
    Layout(int n, int k)
        : steps((k + Isa::kDepth - 1) / Isa::kDepth),
          panels((n + Isa::kLanes - 1) / Isa::kLanes),
          group_bytes(size_t{kGroup} * steps * kPanelStep) {}
    int group_panels(int g) const { return panels - g * kGroup < kGroup ? panels - g * kGroup : kGroup; }
  };

  static void pack(const int8_t* b, int n, int k, PackedB* out) {
    const Layout lay(n, k);
    reset_packed(out, n, k, static_cast<size_t>(lay.panels) * lay.steps * kPanelStep,
                 Isa::kColSums ? static_cast<size_t>(lay.panels) * Isa::kLanes : 0);
    for (int col = 0; col < n; ++col) {
      const int g = col / (Isa::kLanes * kGroup), panel_in_group = col / Isa::kLanes % kGroup;
      const size_t q_stride = static_cast<size_t>(lay.group_panels(g)) * kPanelStep;
      int8_t* dst = out->data.data() + g * lay.group_bytes + panel_in_group * kPanelStep +
                    (col % Isa::kLanes) * Isa::kDepth;
      const int8_t* src = b + static_cast<size_t>(col) * k;
      int32_t sum = 0;
      for (int i = 0; i < k; ++i) {
        dst[i / Isa::kDepth * q_stride + i % Isa::kDepth] = src[i];
        sum += src[i];
      }
      if (Isa::kColSums) out->col_sums[col] = sum;
    }
  }

  // Isa::tile<mr, nb> for 1 <= mr <= MR and 1 <= nb <= NB.
  template <int MR, int NB>
  static TileFn select_tile(int mr, int nb) {
    if constexpr (MR > 1) {
      if (mr < MR) return select_tile<MR - 1, NB>(mr, nb);
    }
    if constexpr (NB > 1) {
      if (nb < NB) return select_tile<MR, NB - 1>(mr, nb);
    }
    return Isa::template tile<MR, NB>;
  }

  static void gemm_packed(const int8_t* a, int lda, int m, const PackedB& b, const Epilogue& ep) {
    if (m <= 0 || b.n <= 0) return;
    const Layout lay(b.n, b.k);
    const size_t row_elems = static_cast<size_t>(lay.steps) * Isa::kDepth;
    const size_t a_stride = (row_elems + Isa::kRowAlign - 1) / Isa::kRowAlign * Isa::kRowAlign;
    const int groups = (lay.panels + kGroup - 1) / kGroup;
    const int chunk_groups =
        lay.group_bytes > 0 && kChunkBytes / lay.group_bytes > 1 ? static_cast<int>(kChunkBytes / lay.group_bytes) : 1;
    const int row_tile = m == 1 ? 1 : Isa::kRowTile;
    const int panels_per_tile = m == 1 ? Isa::kPanelsGemv : Isa::kPanelsBatch;

    thread_local GrowingScratch scratch;
    AElem* a_prepared = static_cast<AElem*>(scratch.get(static_cast<size_t>(m) * a_stride * sizeof(AElem)));
    for (int i = 0; i < m; ++i) Isa::prepare_row(a + static_cast<size_t>(i) * lda, b.k, a_prepared + i * a_stride, a_stride);

    alignas(64) int32_t acc[Isa::kRowTile * Isa::kPanelsGemv * Isa::kLanes];
    const int acc_stride = panels_per_tile * Isa::kLanes;
    for (int g0 = 0; g0 < groups; g0 += chunk_groups) {
      const int g1 = g0 + chunk_groups < groups ? g0 + chunk_groups : groups;
      for (int i0 = 0; i0 < m; i0 += row_tile) {
        const int mr = m - i0 < row_tile ? m - i0 : row_tile;
        for (int g = g0; g < g1; ++g) {
          const int group_panels = lay.group_panels(g);
          for (int p = 0; p < group_panels; p += panels_per_tile) {
            const int nb = group_panels - p < panels_per_tile ? group_panels - p : panels_per_tile;
            const int n0 = (g * kGroup + p) * Isa::kLanes;
            const TileFn fn = m == 1 ? select_tile<1, Isa::kPanelsGemv>(mr, nb)
                                     : select_tile<Isa::kRowTile, Isa::kPanelsBatch>(mr, nb);
            fn(a_prepared + i0 * a_stride, a_stride, b.data.data() + g * lay.group_bytes + p * kPanelStep,
               static_cast<size_t>(group_panels) * kPanelStep, lay.steps,
               Isa::kColSums ? b.col_sums.data() + n0 : nullptr, acc, acc_stride);
            const int count = b.n - n0 < nb * Isa::kLanes ? b.n - n0 : nb * Isa::kLanes;
            for (int r = 0; r < mr; ++r) Isa::epilogue(acc + r * acc_stride, i0 + r, n0, count, ep);
          }
        }
      }
    }
  }
};

}  // namespace
}  // namespace mnmt
