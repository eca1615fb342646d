#include "model/decoder.h"

#include "model/embedding.h"
#include "model/feed_forward.h"
#include "model/linear.h"
#include "model/norm.h"

namespace mnmt {

const float* Decoder::step(const int* tokens, const int* sentences, int count, int position) {
  const size_t d = w_.config.d_model;
  for (int i = 0; i < count; ++i) embed_token(w_, tokens[i], position, buf_.y + static_cast<size_t>(i) * d);
  for (size_t j = 0; j < w_.decoder.size(); ++j) layer(w_.decoder[j], static_cast<int>(j), sentences, count, position);
  filled_ = position + 1;
  quantize_rows(buf_.y, count, static_cast<int>(d), w_.pre_ln ? &w_.dec_ln : nullptr, w_.config.ln_eps,
                w_.dec_out_quant, buf_.row, buf_.h);
  linear_to_f32(kernel_, w_.logits, buf_.h, count, buf_.logits);
  return buf_.logits;
}

void Decoder::reorder(const int* parents, int count) { buf_.cache.reorder(parents, count, filled_); }

void Decoder::layer(const DecoderLayerWeights& l, int layer, const int* sentences, int count, int position) {
  const int d = static_cast<int>(w_.config.d_model);
  const float eps = w_.config.ln_eps;
  quantize_rows(buf_.y, count, d, w_.pre_ln ? &l.ln1 : nullptr, eps, l.ln1_quant, buf_.row, buf_.h);
  linear_to_i8(kernel_, l.q, buf_.h, count, Activation::kNone, l.self_attn.q.inv, buf_.q, d);
  linear_to_i8(kernel_, l.k, buf_.h, count, Activation::kNone, l.self_attn.k.inv, buf_.k, d);
  linear_to_i8(kernel_, l.v, buf_.h, count, Activation::kNone, l.self_attn.v.inv, buf_.v, d);
  for (int i = 0; i < count; ++i) {
    const size_t r = static_cast<size_t>(i) * d;
    buf_.cache.append(i, layer, position, buf_.k + r, buf_.v + r);
  }
  self_attention(l, layer, count, position);
  linear_add(kernel_, l.self_out, buf_.ctx, count, buf_.y);
  if (!w_.pre_ln) normalize_rows(buf_.y, count, d, l.ln1, eps, buf_.row);

  quantize_rows(buf_.y, count, d, w_.pre_ln ? &l.ln2 : nullptr, eps, l.ln2_quant, buf_.row, buf_.h);
  linear_to_i8(kernel_, l.cross_q, buf_.h, count, Activation::kNone, l.cross_attn.q.inv, buf_.q, d);
  cross_attention(l, layer, sentences, count);
  linear_add(kernel_, l.cross_out, buf_.ctx, count, buf_.y);
  if (!w_.pre_ln) normalize_rows(buf_.y, count, d, l.ln2, eps, buf_.row);

  quantize_rows(buf_.y, count, d, w_.pre_ln ? &l.ln3 : nullptr, eps, l.ln3_quant, buf_.row, buf_.h);
  feed_forward(kernel_, l.ffn1, l.ffn2, w_.ffn_activation, l.ffn_quant, buf_.h, count, buf_.hidden, buf_.y);
  if (!w_.pre_ln) normalize_rows(buf_.y, count, d, l.ln3, eps, buf_.row);
}

void Decoder::self_attention(const DecoderLayerWeights& l, int layer, int count, int position) {
  const int d = static_cast<int>(w_.config.d_model);
  const int dh = static_cast<int>(w_.config.head_dim());
  for (int i = 0; i < count; ++i) {
    for (int h = 0; h < static_cast<int>(w_.config.n_heads); ++h) {
      const size_t column = static_cast<size_t>(i) * d + static_cast<size_t>(h) * dh;
      const HeadKV kv = buf_.cache.head(i, layer, h, dh, position + 1);
      attend_head(kernel_, l.self_attn, dh, buf_.q + column, d, 1, kv, buf_.attention, buf_.ctx + column, d);
    }
  }
}

void Decoder::cross_attention(const DecoderLayerWeights& l, int layer, const int* sentences, int count) {
  const int d = static_cast<int>(w_.config.d_model);
  const int dh = static_cast<int>(w_.config.head_dim());
  for (int i = 0; i < count; ++i) {
    for (int h = 0; h < static_cast<int>(w_.config.n_heads); ++h) {
      const size_t column = static_cast<size_t>(i) * d + static_cast<size_t>(h) * dh;
      const HeadKV kv = memory_.head(sentences[i], layer, h, dh);
      attend_head(kernel_, l.cross_attn, dh, buf_.q + column, d, 1, kv, buf_.attention, buf_.ctx + column, d);
    }
  }
}

}  // namespace mnmt
