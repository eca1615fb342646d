// One decoder step for every live hypothesis at once (GEMM rows = hypotheses), with the
// self-attention cache and the cross-attention memory of their sentences.
#pragma once

#include <cstddef>
#include <cstdint>

#include "decode/step_model.h"
#include "gemm.h"
#include "model/attention.h"
#include "model/batch.h"
#include "model/kv_cache.h"
#include "model/weights.h"

namespace mnmt {

struct DecoderBuffers {
  float* y = nullptr;        // [H][d] residual stream
  float* row = nullptr;      // [d]
  int8_t* h = nullptr;       // [H][d]
  int8_t* q = nullptr;       // [H][d]
  int8_t* k = nullptr;       // [H][d]
  int8_t* v = nullptr;       // [H][d]
  int8_t* ctx = nullptr;     // [H][d]
  int8_t* hidden = nullptr;  // [H][d_ffn]
  float* logits = nullptr;   // [H][V]
  SelfAttentionCache cache;
  AttentionScratch attention;

  template <typename Carver>
  void carve(Carver& arena, const ModelConfig& c, const BatchShape& shape) {
    const size_t d = c.d_model, rows = static_cast<size_t>(shape.hypotheses);
    y = arena.template take<float>(rows * d);
    row = arena.template take<float>(d);
    h = arena.template take<int8_t>(rows * d);
    q = arena.template take<int8_t>(rows * d);
    k = arena.template take<int8_t>(rows * d);
    v = arena.template take<int8_t>(rows * d);
    ctx = arena.template take<int8_t>(rows * d);
    hidden = arena.template take<int8_t>(rows * c.d_ffn);
    logits = arena.template take<float>(rows * c.vocab_size);
    cache.carve(arena, shape.hypotheses, static_cast<int>(c.n_dec_layers), shape.target_positions, static_cast<int>(d));
    const int keys = shape.target_positions > shape.longest_source ? shape.target_positions : shape.longest_source;
    attention.carve(arena, keys, static_cast<int>(c.head_dim()));
  }
};

class Decoder : public StepModel {
 public:
  Decoder(const ModelWeights& weights, const GemmKernel& kernel, DecoderBuffers& buffers, const CrossMemory& memory)
      : w_(weights), kernel_(kernel), buf_(buffers), memory_(memory) {}

  const float* step(const int* tokens, const int* sentences, int count, int position) override;
  void reorder(const int* parents, int count) override;
  int vocab_size() const override { return static_cast<int>(w_.config.vocab_size); }

 private:
  void self_attention(const DecoderLayerWeights& l, int layer, int count, int position);
  void cross_attention(const DecoderLayerWeights& l, int layer, const int* sentences, int count);
  void layer(const DecoderLayerWeights& l, int layer, const int* sentences, int count, int position);

  const ModelWeights& w_;
  const GemmKernel& kernel_;
  DecoderBuffers& buf_;
  const CrossMemory& memory_;
  int filled_ = 0;  // positions held in the self-attention cache
};

}  // namespace mnmt
