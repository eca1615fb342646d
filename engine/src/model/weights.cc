#include "model/weights.h"

#include <cmath>
#include <string>

namespace mnmt {
namespace {

class WeightBuilder {
 public:
  WeightBuilder(const ModelFile& file, const GemmKernel& kernel) : file_(file), kernel_(kernel) {}

  ActQuant quant(const std::string& name) const {
    const float clip = file_.scalar(name + ".clip");
    return {127.0f / clip, clip / 127.0f};
  }

  Norm norm(const std::string& name) const { return {file_.f32(name + ".gamma"), file_.f32(name + ".beta")}; }

  // Rows [first, first + count) of the linear layer `name`, fed by int8 activations of `input`.
  Linear linear(const std::string& name, const ActQuant& input, uint32_t first, uint32_t count) const {
    const TensorEntry& w = file_.tensor(name + ".weight");
    const uint32_t k = w.dims[1];
    Linear out;
    kernel_.pack(file_.i8(w) + static_cast<size_t>(first) * k, static_cast<int>(count), static_cast<int>(k),
                 &out.weight);
    const std::vector<float> scale = file_.f32(name + ".scale");
    const std::vector<float> bias = file_.f32(name + ".bias");
    out.mul.resize(count);
    for (uint32_t n = 0; n < count; ++n) out.mul[n] = input.step * scale[first + n];
    out.bias.assign(bias.begin() + first, bias.begin() + first + count);
    return out;
  }

  Linear linear(const std::string& name, const ActQuant& input) const {
    return linear(name, input, 0, file_.tensor(name + ".weight").dims[0]);
  }

  AttentionQuant attention(const std::string& prefix, uint32_t head_dim) const {
    AttentionQuant a;
    a.q = quant(prefix + "q");
    a.k = quant(prefix + "k");
    a.v = quant(prefix + "v");
    a.ctx = quant(prefix + "ctx");
    a.alpha = a.q.step * a.k.step;
    a.alpha = a.alpha * (1.0f / std::sqrt(static_cast<float>(head_dim)));
    a.ctx_mul = a.v.step / 127.0f;
    return a;
  }

  EncoderLayerWeights encoder_layer(uint32_t i) const {
    const std::string p = "enc." + std::to_string(i) + ".";
    const uint32_t d = file_.config.d_model;
    EncoderLayerWeights l;
    l.ln1 = norm(p + "ln1");
    l.ln2 = norm(p + "ln2");
    l.ln1_quant = quant(p + "ln1");
    l.ln2_quant = quant(p + "ln2");
    l.ffn_quant = quant(p + "ffn");
    l.attn = attention(p + "attn.", file_.config.head_dim());
    l.q = linear(p + "qkv", l.ln1_quant, 0, d);
    l.k = linear(p + "qkv", l.ln1_quant, d, d);
    l.v = linear(p + "qkv", l.ln1_quant, 2 * d, d);
    l.out = linear(p + "out", l.attn.ctx);
    l.ffn1 = linear(p + "ffn1", l.ln2_quant);
    l.ffn2 = linear(p + "ffn2", l.ffn_quant);
    return l;
  }

  DecoderLayerWeights decoder_layer(uint32_t j) const {
    const std::string p = "dec." + std::to_string(j) + ".";
    const uint32_t d = file_.config.d_model;
    DecoderLayerWeights l;
    l.ln1 = norm(p + "ln1");
    l.ln2 = norm(p + "ln2");
    l.ln3 = norm(p + "ln3");
    l.ln1_quant = quant(p + "ln1");
    l.ln2_quant = quant(p + "ln2");
    l.ln3_quant = quant(p + "ln3");
    l.ffn_quant = quant(p + "ffn");
    l.self_attn = attention(p + "self.", file_.config.head_dim());
    l.cross_attn = attention(p + "cross.", file_.config.head_dim());
    l.q = linear(p + "qkv", l.ln1_quant, 0, d);
    l.k = linear(p + "qkv", l.ln1_quant, d, d);
    l.v = linear(p + "qkv", l.ln1_quant, 2 * d, d);
    l.self_out = linear(p + "self_out", l.self_attn.ctx);
    l.cross_q = linear(p + "cross_q", l.ln2_quant);
    l.cross_out = linear(p + "cross_out", l.cross_attn.ctx);
    l.ffn1 = linear(p + "ffn1", l.ln3_quant);
    l.ffn2 = linear(p + "ffn2", l.ffn_quant);
    return l;
  }

  ModelWeights model() const {
    const ModelConfig& c = file_.config;
    ModelWeights w;
    w.config = c;
    w.ffn_activation = c.activation == FfnActivation::kGelu ? Activation::kGelu : Activation::kRelu;
    w.pre_ln = c.norm_position == NormPosition::kPreLn;
    w.embed_rows = file_.i8(file_.tensor("embed.weight"));
    const std::vector<float> embed_scale = file_.f32("embed.scale");
    w.embed_row_mul.resize(c.vocab_size);
    for (uint32_t v = 0; v < c.vocab_size; ++v) w.embed_row_mul[v] = embed_scale[v] * c.embed_scale;
    w.positions = file_.f32("positions");
    for (uint32_t i = 0; i < c.n_enc_layers; ++i) w.encoder.push_back(encoder_layer(i));
    if (w.pre_ln) w.enc_ln = norm("enc.ln");
    w.enc_out_quant = quant("enc.out");
    w.cross_kv = linear("cross_kv", w.enc_out_quant);
    for (uint32_t j = 0; j < c.n_dec_layers; ++j) w.decoder.push_back(decoder_layer(j));
    if (w.pre_ln) w.dec_ln = norm("dec.ln");
    w.dec_out_quant = quant("dec.out");
    kernel_.pack(w.embed_rows, static_cast<int>(c.vocab_size), static_cast<int>(c.d_model), &w.logits.weight);
    w.logits.mul.resize(c.vocab_size);
    for (uint32_t v = 0; v < c.vocab_size; ++v) w.logits.mul[v] = w.dec_out_quant.step * embed_scale[v];
    w.logits.bias = file_.f32("logits.bias");
    return w;
  }

 private:
  const ModelFile& file_;
  const GemmKernel& kernel_;
};

}  // namespace

ModelWeights build_weights(const ModelFile& file, const GemmKernel& kernel) {
  return WeightBuilder(file, kernel).model();
}

}  // namespace mnmt
