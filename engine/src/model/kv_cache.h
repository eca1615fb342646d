// The decoder's self-attention keys and values: for each hypothesis and layer, K as rows
// [position][d] and V transposed as [d][position], so that scores and context are one gemm_i32 each.
#pragma once

#include <cstddef>
#include <cstdint>

#include "model/attention.h"

namespace mnmt {

class SelfAttentionCache {
 public:
  template <typename Carver>
  void carve(Carver& arena, int hypotheses, int layers, int positions, int d) {
    layers_ = layers;
    positions_ = positions;
    d_ = d;
    const size_t bytes = static_cast<size_t>(hypotheses) * layers * block_size();
    live_ = arena.template take<int8_t>(bytes);
    spare_ = arena.template take<int8_t>(bytes);
  }

  // Stores the K and V rows (d values each) of one hypothesis at `position`.
  void append(int hypothesis, int layer, int position, const int8_t* k, const int8_t* v);
  // Keys 0..count-1 of one head.
  HeadKV head(int hypothesis, int layer, int h, int head_dim, int count) const;
  // Hypothesis i takes over the first `filled` positions of hypothesis parents[i], for i < count.
  void reorder(const int* parents, int count, int filled);

 private:
  size_t block_size() const { return 2 * static_cast<size_t>(positions_) * d_; }
  int8_t* keys(int8_t* base, int hypothesis, int layer) const {
    return base + (static_cast<size_t>(hypothesis) * layers_ + layer) * block_size();
  }
  int8_t* values_t(int8_t* base, int hypothesis, int layer) const {
    return keys(base, hypothesis, layer) + static_cast<size_t>(positions_) * d_;
  }
  void copy(int8_t* to_base, int to, int8_t* from_base, int from, int filled) const;

  int layers_ = 0;
  int positions_ = 0;
  int d_ = 0;
  int8_t* live_ = nullptr;
  int8_t* spare_ = nullptr;  // target of reorders that need a second copy
};

}  // namespace mnmt
