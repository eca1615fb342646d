// The hyper-parameters of a model, as stored in the config block of its .mnmt file
// (docs/model-format.md). Read-only for users: the loader fills and validates it.
#pragma once

#include <cstdint>
#include <string>

namespace mnmt {

enum class FfnActivation : uint32_t { kRelu = 0, kGelu = 1 };
enum class NormPosition : uint32_t { kPreLn = 0, kPostLn = 1 };

struct ModelConfig {
  uint32_t vocab_size = 0;  // V, shared by source and target
  uint32_t d_model = 0;     // width of the residual stream
  uint32_t n_heads = 0;     // attention heads; d_model is a multiple of it
  uint32_t d_ffn = 0;       // hidden width of the feed-forward blocks
  uint32_t n_enc_layers = 0;
  uint32_t n_dec_layers = 0;
  FfnActivation activation = FfnActivation::kRelu;
  NormPosition norm_position = NormPosition::kPreLn;
  uint32_t max_positions = 0;  // rows of the positional table; bounds source and target length
  uint32_t pad_id = 0;
  uint32_t unk_id = 0;
  uint32_t bos_id = 0;          // first decoder input
  uint32_t eos_id = 0;          // appended to every source; ends every target
  float embed_scale = 0.f;      // multiplies embeddings (sqrt(d_model))
  float ln_eps = 0.f;           // LayerNorm epsilon
  float length_ratio = 0.f;     // a in max target length = floor(a * |src| + b)
  uint32_t length_offset = 0;   // b
  std::string source_language;  // e.g. "en"
  std::string target_language;  // e.g. "de"

  uint32_t head_dim() const { return d_model / n_heads; }
};

}  // namespace mnmt
