// The encoder: all sentences of a batch share each GEMM (rows = all their tokens); attention stays
// within each sentence. Ends with the cross-attention K/V of every decoder layer, one GEMM per sentence.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gemm.h"
#include "model/attention.h"
#include "model/batch.h"
#include "model/weights.h"

namespace mnmt {

struct EncoderBuffers {
  float* x = nullptr;            // [T][d] residual stream
  float* row = nullptr;          // [d]
  int8_t* h = nullptr;           // [T][d] quantized sublayer input
  int8_t* q = nullptr;           // [T][d]
  int8_t* k = nullptr;           // [T][d]
  int8_t* v = nullptr;           // [T][d]
  int8_t* ctx = nullptr;         // [T][d]
  int8_t* hidden = nullptr;      // [T][d_ffn]
  int32_t* cross_acc = nullptr;  // [longest][2 d n_dec] raw cross K/V accumulators of one sentence
  int8_t* cross_row = nullptr;   // [d] one quantized V row before it is transposed
  AttentionScratch attention;

  template <typename Carver>
  void carve(Carver& arena, const ModelConfig& c, const BatchShape& shape) {
    const size_t d = c.d_model, tokens = shape.source_tokens;
    x = arena.template take<float>(tokens * d);
    row = arena.template take<float>(d);
    h = arena.template take<int8_t>(tokens * d);
    q = arena.template take<int8_t>(tokens * d);
    k = arena.template take<int8_t>(tokens * d);
    v = arena.template take<int8_t>(tokens * d);
    ctx = arena.template take<int8_t>(tokens * d);
    hidden = arena.template take<int8_t>(tokens * c.d_ffn);
    cross_acc = arena.template take<int32_t>(static_cast<size_t>(shape.longest_source) * 2 * d * c.n_dec_layers);
    cross_row = arena.template take<int8_t>(d);
    attention.carve(arena, shape.longest_source, static_cast<int>(c.head_dim()));
  }
};

class Encoder {
 public:
  Encoder(const ModelWeights& weights, const GemmKernel& kernel) : w_(weights), kernel_(kernel) {}

  // Encodes the batch and writes every decoder layer's cross-attention K/V into memory.
  void run(const SourceBatch& batch, EncoderBuffers& buf, CrossMemory& memory) const;

 private:
  void layer(const EncoderLayerWeights& l, const SourceBatch& batch, EncoderBuffers& buf) const;
  void self_attention(const EncoderLayerWeights& l, const SourceBatch& batch, EncoderBuffers& buf) const;
  void cross_keys_values(const SourceBatch& batch, EncoderBuffers& buf, CrossMemory& memory) const;

  const ModelWeights& w_;
  const GemmKernel& kernel_;
};

}  // namespace mnmt
