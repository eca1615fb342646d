#include "format/tensor_schema.h"

#include <cmath>

#include "mobilenmt/errors.h"

namespace mnmt {
namespace {

// Float parameters beyond this magnitude could overflow the float32 residual stream to inf and then
// NaN (inf - inf in LayerNorm), which has no defined int8 quantization. Trained models stay far below.
constexpr float kFloatParameterLimit = 1e6f;

class SpecList {
 public:
  explicit SpecList(const ModelConfig& c) : d_(c.d_model) {}

  void add(std::string name, DType dtype, std::vector<uint32_t> dims) {
    specs_.push_back({std::move(name), dtype, std::move(dims)});
  }
  void linear(const std::string& name, uint32_t n_out, uint32_t n_in) {
    add(name + ".weight", DType::kI8, {n_out, n_in});
    add(name + ".scale", DType::kF32, {n_out});
    add(name + ".bias", DType::kF32, {n_out});
  }
  void layer_norm(const std::string& name) {
    add(name + ".gamma", DType::kF32, {d_});
    add(name + ".beta", DType::kF32, {d_});
  }
  void clip(const std::string& name) { add(name + ".clip", DType::kF32, {1}); }
  void attention_clips(const std::string& prefix) {
    for (const char* x : {"q", "k", "v", "ctx"}) clip(prefix + x);
  }
  std::vector<TensorSpec> take() { return std::move(specs_); }

 private:
  uint32_t d_;
  std::vector<TensorSpec> specs_;
};

std::string dtype_name(DType t) { return t == DType::kF32 ? "f32" : "i8"; }

std::string shape_text(DType dtype, const std::vector<uint32_t>& dims) {
  std::string out = dtype_name(dtype) + "[";
  for (size_t i = 0; i < dims.size(); ++i) out += (i ? ", " : "") + std::to_string(dims[i]);
  return out + "]";
}

bool ends_with(const std::string& s, const char* suffix) {
  const std::string tail(suffix);
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

void check_values(const ModelFile& file, const TensorSpec& spec, const TensorEntry& t) {
  const std::string who = "tensor " + spec.name + ": ";
  if (t.dtype == DType::kI8) {
    const int8_t* q = file.i8(t);
    for (uint64_t i = 0; i < t.size; ++i) {
      if (q[i] == -128) throw Error(ErrorCode::kBadModel, who + "int8 weight of -128");
    }
    return;
  }
  const bool must_be_positive = ends_with(spec.name, ".scale") || ends_with(spec.name, ".clip");
  for (float v : file.f32(t)) {
    if (must_be_positive && !(std::isfinite(v) && v > 0.0f)) {
      throw Error(ErrorCode::kBadModel, who + "non-finite or non-positive scale or clip");
    }
    if (!std::isfinite(v)) throw Error(ErrorCode::kBadModel, who + "non-finite value");
    if (std::fabs(v) > kFloatParameterLimit) {
      throw Error(ErrorCode::kBadModel, who + "value " + std::to_string(v) + " beyond the engine's limit of 1e6");
    }
  }
}

}  // namespace

std::vector<TensorSpec> required_tensors(const ModelConfig& c) {
  const uint32_t v = c.vocab_size, d = c.d_model, f = c.d_ffn, n_dec = c.n_dec_layers;
  const bool pre_ln = c.norm_position == NormPosition::kPreLn;
  SpecList s(c);
  s.add("embed.weight", DType::kI8, {v, d});
  s.add("embed.scale", DType::kF32, {v});
  s.add("positions", DType::kF32, {c.max_positions, d});
  s.add("logits.bias", DType::kF32, {v});
  for (uint32_t i = 0; i < c.n_enc_layers; ++i) {
    const std::string p = "enc." + std::to_string(i) + ".";
    s.layer_norm(p + "ln1");
    s.clip(p + "ln1");
    s.linear(p + "qkv", 3 * d, d);
    s.attention_clips(p + "attn.");
    s.linear(p + "out", d, d);
    s.layer_norm(p + "ln2");
    s.clip(p + "ln2");
    s.linear(p + "ffn1", f, d);
    s.clip(p + "ffn");
    s.linear(p + "ffn2", d, f);
  }
  if (pre_ln) s.layer_norm("enc.ln");
  s.clip("enc.out");
  s.linear("cross_kv", 2 * d * n_dec, d);
  for (uint32_t j = 0; j < n_dec; ++j) {
    const std::string p = "dec." + std::to_string(j) + ".";
    s.layer_norm(p + "ln1");
    s.clip(p + "ln1");
    s.linear(p + "qkv", 3 * d, d);
    s.attention_clips(p + "self.");
    s.linear(p + "self_out", d, d);
    s.layer_norm(p + "ln2");
    s.clip(p + "ln2");
    s.linear(p + "cross_q", d, d);
    s.attention_clips(p + "cross.");
    s.linear(p + "cross_out", d, d);
    s.layer_norm(p + "ln3");
    s.clip(p + "ln3");
    s.linear(p + "ffn1", f, d);
    s.clip(p + "ffn");
    s.linear(p + "ffn2", d, f);
  }
  if (pre_ln) s.layer_norm("dec.ln");
  s.clip("dec.out");
  return s.take();
}

void check_tensor_schema(const ModelFile& file) {
  for (const TensorSpec& spec : required_tensors(file.config)) {
    const TensorEntry* t = file.find(spec.name);
    if (t == nullptr) throw Error(ErrorCode::kBadModel, "missing tensor " + spec.name);
    if (t->dtype != spec.dtype || t->dims != spec.dims) {
      throw Error(ErrorCode::kBadModel, "tensor " + spec.name + ": " + shape_text(t->dtype, t->dims) + ", expected " +
                                            shape_text(spec.dtype, spec.dims));
    }
    check_values(file, spec, *t);
  }
}

}  // namespace mnmt
