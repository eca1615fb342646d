// The model's weights in the form the layers use: GEMM weights packed once for the chosen kernel,
// epilogue scales folded (docs/numerics.md §2), activation clips turned into step/inverse pairs.
#pragma once

#include <cstdint>
#include <vector>

#include "format/model_file.h"
#include "gemm.h"
#include "mobilenmt/model_config.h"

namespace mnmt {

// An activation quantization point with clip c: quantize(x) uses inv = 127 / c, dequantization step = c / 127.
struct ActQuant {
  float inv = 0.f;
  float step = 0.f;
};

// y = W x + b with int8 W and int8 x: packed weights, mul[n] = input step * W.scale[n], bias[n].
struct Linear {
  PackedB weight;
  std::vector<float> mul;
  std::vector<float> bias;
};

struct Norm {
  std::vector<float> gamma;
  std::vector<float> beta;
};

// The quantization points around one attention core (numerics §6).
struct AttentionQuant {
  ActQuant q, k, v, ctx;
  float alpha = 0.f;    // q.step * k.step / sqrt(head_dim): score of one int32 dot product
  float ctx_mul = 0.f;  // v.step / 127: value of one int32 context unit
};

struct EncoderLayerWeights {
  Norm ln1, ln2;
  ActQuant ln1_quant, ln2_quant, ffn_quant;  // inputs of the QKV projection, FFN, second FFN GEMM
  Linear q, k, v, out, ffn1, ffn2;
  AttentionQuant attn;
};

struct DecoderLayerWeights {
  Norm ln1, ln2, ln3;
  ActQuant ln1_quant, ln2_quant, ln3_quant, ffn_quant;
  Linear q, k, v, self_out, cross_q, cross_out, ffn1, ffn2;
  AttentionQuant self_attn, cross_attn;  // cross_attn.k/v quantize this layer's slice of cross_kv
};

struct ModelWeights {
  ModelConfig config;
  Activation ffn_activation = Activation::kRelu;
  bool pre_ln = true;
  const int8_t* embed_rows = nullptr;  // [V][d] in the model image
  std::vector<float> embed_row_mul;    // [V] E.scale[v] * embed_scale
  std::vector<float> positions;        // [max_positions][d]
  std::vector<EncoderLayerWeights> encoder;
  Norm enc_ln;  // pre-LN only
  ActQuant enc_out_quant;
  Linear cross_kv;  // [2 d n_dec][d]: columns k_0 | v_0 | k_1 | v_1 | ...
  std::vector<DecoderLayerWeights> decoder;
  Norm dec_ln;  // pre-LN only
  ActQuant dec_out_quant;
  Linear logits;  // the embedding packed as [V][d], mul = dec_out step * E.scale, bias = logits.bias
};

// Builds the weights from a validated file, packing every GEMM weight with `kernel`.
ModelWeights build_weights(const ModelFile& file, const GemmKernel& kernel);

}  // namespace mnmt
