// The integer attention core of one head (docs/numerics.md §6): int8 scores and context through
// kernel.gemm_i32, softmax in float, probabilities requantized to 0..127.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gemm.h"
#include "model/weights.h"

namespace mnmt {

constexpr int kQueryBlock = 16;  // queries scored together; bounds the score scratch

struct AttentionScratch {
  int32_t* scores = nullptr;   // [kQueryBlock][max_keys]
  float* weights = nullptr;    // [max_keys]
  int8_t* probs = nullptr;     // [kQueryBlock][max_keys]
  int32_t* context = nullptr;  // [kQueryBlock][head_dim]
  int8_t* values_t = nullptr;  // [head_dim][max_keys], V^T of one head when the caller needs it

  template <typename Carver>
  void carve(Carver& arena, int max_keys, int head_dim) {
    const size_t keys = static_cast<size_t>(max_keys);
    scores = arena.template take<int32_t>(kQueryBlock * keys);
    weights = arena.template take<float>(keys);
    probs = arena.template take<int8_t>(kQueryBlock * keys);
    context = arena.template take<int32_t>(static_cast<size_t>(kQueryBlock) * head_dim);
    values_t = arena.template take<int8_t>(static_cast<size_t>(head_dim) * keys);
  }
};

// The keys and values of one head: key j is keys[j * keys_stride ...], value component c of all keys
// is values_t[c * values_stride ...] (V stored transposed so that the context is one gemm_i32).
struct HeadKV {
  const int8_t* keys = nullptr;
  int keys_stride = 0;
  const int8_t* values_t = nullptr;
  int values_stride = 0;
  int count = 0;
};

// For each of `queries` query rows (head_dim int8 values, stride q_stride): the context over kv,
// quantized with quant.ctx into out (stride out_stride).
void attend_head(const GemmKernel& kernel, const AttentionQuant& quant, int head_dim, const int8_t* q, int q_stride,
                 int queries, const HeadKV& kv, AttentionScratch& scratch, int8_t* out, int out_stride);

// dst[c * dst_stride + r] = src[r * src_stride + c] for r < rows, c < cols.
void transpose_i8(const int8_t* src, int src_stride, int rows, int cols, int8_t* dst, int dst_stride);

}  // namespace mnmt
