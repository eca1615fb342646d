#include "model/encoder.h"

#include "model/embedding.h"
#include "model/feed_forward.h"
#include "model/linear.h"
#include "model/norm.h"

namespace mnmt {

void Encoder::run(const SourceBatch& batch, EncoderBuffers& buf, CrossMemory& memory) const {
  const size_t d = w_.config.d_model;
  for (int s = 0; s < batch.count; ++s) {
    for (int p = 0; p < batch.length(s); ++p) {
      const size_t t = static_cast<size_t>(batch.starts[s] + p);
      embed_token(w_, batch.tokens[t], p, buf.x + t * d);
    }
  }
  for (const EncoderLayerWeights& l : w_.encoder) layer(l, batch, buf);
  cross_keys_values(batch, buf, memory);
}

void Encoder::layer(const EncoderLayerWeights& l, const SourceBatch& batch, EncoderBuffers& buf) const {
  const int d = static_cast<int>(w_.config.d_model);
  const int m = static_cast<int>(batch.total_tokens());
  const float eps = w_.config.ln_eps;
  quantize_rows(buf.x, m, d, w_.pre_ln ? &l.ln1 : nullptr, eps, l.ln1_quant, buf.row, buf.h);
  linear_to_i8(kernel_, l.q, buf.h, m, Activation::kNone, l.attn.q.inv, buf.q, d);
  linear_to_i8(kernel_, l.k, buf.h, m, Activation::kNone, l.attn.k.inv, buf.k, d);
  linear_to_i8(kernel_, l.v, buf.h, m, Activation::kNone, l.attn.v.inv, buf.v, d);
  self_attention(l, batch, buf);
  linear_add(kernel_, l.out, buf.ctx, m, buf.x);
  if (!w_.pre_ln) normalize_rows(buf.x, m, d, l.ln1, eps, buf.row);

  quantize_rows(buf.x, m, d, w_.pre_ln ? &l.ln2 : nullptr, eps, l.ln2_quant, buf.row, buf.h);
  feed_forward(kernel_, l.ffn1, l.ffn2, w_.ffn_activation, l.ffn_quant, buf.h, m, buf.hidden, buf.x);
  if (!w_.pre_ln) normalize_rows(buf.x, m, d, l.ln2, eps, buf.row);
}

void Encoder::self_attention(const EncoderLayerWeights& l, const SourceBatch& batch, EncoderBuffers& buf) const {
  const int d = static_cast<int>(w_.config.d_model);
  const int dh = static_cast<int>(w_.config.head_dim());
  for (int s = 0; s < batch.count; ++s) {
    const int n = batch.length(s);
    const size_t first = static_cast<size_t>(batch.starts[s]) * d;
    for (int h = 0; h < static_cast<int>(w_.config.n_heads); ++h) {
      const size_t column = first + static_cast<size_t>(h) * dh;
      transpose_i8(buf.v + column, d, n, dh, buf.attention.values_t, n);
      const HeadKV kv{buf.k + column, d, buf.attention.values_t, n, n};
      attend_head(kernel_, l.attn, dh, buf.q + column, d, n, kv, buf.attention, buf.ctx + column, d);
    }
  }
}

// One GEMM per sentence gives every layer's K and V; each d-wide slice is requantized with its own clip.
void Encoder::cross_keys_values(const SourceBatch& batch, EncoderBuffers& buf, CrossMemory& memory) const {
  const int d = static_cast<int>(w_.config.d_model);
  const int m = static_cast<int>(batch.total_tokens());
  quantize_rows(buf.x, m, d, w_.pre_ln ? &w_.enc_ln : nullptr, w_.config.ln_eps, w_.enc_out_quant, buf.row, buf.h);
  const int width = w_.cross_kv.weight.n;
  Epilogue raw;
  raw.out_i32 = buf.cross_acc;
  raw.ldo = width;
  // Columns [column, column + d) of one accumulator row through the cross_kv epilogue, into out.
  auto requantize = [&](const int32_t* acc, size_t column, float out_inv, int8_t* out) {
    Epilogue ep;
    ep.mul = w_.cross_kv.mul.data() + column;
    ep.bias = w_.cross_kv.bias.data() + column;
    ep.out_i8 = out;
    ep.out_inv = out_inv;
    apply_epilogue(acc + column, 0, 0, d, ep);
  };
  for (int s = 0; s < batch.count; ++s) {
    const int n = batch.length(s);
    kernel_.gemm_packed(buf.h + static_cast<size_t>(batch.starts[s]) * d, d, n, w_.cross_kv.weight, raw);
    for (int j = 0; j < memory.layers; ++j) {
      const AttentionQuant& quant = w_.decoder[static_cast<size_t>(j)].cross_attn;
      const size_t k_column = static_cast<size_t>(2 * j) * d;
      int8_t* keys = memory.keys(s, j);
      int8_t* values_t = memory.values_t(s, j);
      for (int r = 0; r < n; ++r) {
        const int32_t* acc = buf.cross_acc + static_cast<size_t>(r) * width;
        requantize(acc, k_column, quant.k.inv, keys + static_cast<size_t>(r) * d);
        requantize(acc, k_column + static_cast<size_t>(d), quant.v.inv, buf.cross_row);
        transpose_i8(buf.cross_row, d, 1, d, values_t + r, n);
      }
    }
  }
}

}  // namespace mnmt
