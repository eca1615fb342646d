#include "format/config_block.h"

#include <cmath>
#include <string>

namespace mnmt {
namespace {

[[noreturn]] void reject(const std::string& problem) { throw Error(ErrorCode::kBadModel, "config " + problem); }

void check_nonzero(const char* name, uint32_t value) {
  if (value == 0) reject(std::string(name) + " is zero");
}

void check_at_most(const char* name, uint32_t value, uint32_t limit) {
  if (value > limit) reject(std::string(name) + " " + std::to_string(value) + " > " + std::to_string(limit));
}

void check_id(const char* name, uint32_t id, uint32_t vocab_size) {
  if (id >= vocab_size) {
    reject(std::string(name) + " " + std::to_string(id) + " >= vocab_size " + std::to_string(vocab_size));
  }
}

void check_positive(const char* name, float value) {
  if (!(std::isfinite(value) && value > 0.0f)) {
    reject(std::string(name) + " " + std::to_string(value) + " is not finite and positive");
  }
  if (value > 1e6f) reject(std::string(name) + " " + std::to_string(value) + " > 1e6");
}

std::string language(std::string_view padded) {
  std::string out(padded.substr(0, padded.find('\0')));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
  }
  return out;
}

void check_config(const ModelConfig& c) {
  check_nonzero("vocab_size", c.vocab_size);
  check_nonzero("d_model", c.d_model);
  check_nonzero("n_heads", c.n_heads);
  check_nonzero("d_ffn", c.d_ffn);
  check_nonzero("n_enc_layers", c.n_enc_layers);
  check_nonzero("n_dec_layers", c.n_dec_layers);
  check_nonzero("max_positions", c.max_positions);
  if (c.d_model % c.n_heads != 0) {
    reject("d_model " + std::to_string(c.d_model) + " is not a multiple of n_heads " + std::to_string(c.n_heads));
  }
  check_id("pad_id", c.pad_id, c.vocab_size);
  check_id("unk_id", c.unk_id, c.vocab_size);
  check_id("bos_id", c.bos_id, c.vocab_size);
  check_id("eos_id", c.eos_id, c.vocab_size);
  if (c.max_positions < 2) reject("max_positions " + std::to_string(c.max_positions) + " < 2");
  check_at_most("max_positions", c.max_positions, kMaxPositionsLimit);
  check_at_most("n_enc_layers", c.n_enc_layers, 64);
  check_at_most("n_dec_layers", c.n_dec_layers, 64);
  check_at_most("d_model", c.d_model, 8192);
  check_at_most("d_ffn", c.d_ffn, 8192);
  check_at_most("vocab_size", c.vocab_size, 1000000);
  check_positive("embed_scale", c.embed_scale);
  check_positive("ln_eps", c.ln_eps);
  if (!(std::isfinite(c.length_ratio) && c.length_ratio >= 0.0f)) {
    reject("length_ratio " + std::to_string(c.length_ratio) + " is not finite and >= 0");
  }
}

}  // namespace

ModelConfig read_config_block(Cursor& cursor) {
  ModelConfig c;
  c.vocab_size = cursor.u32("config vocab_size");
  c.d_model = cursor.u32("config d_model");
  c.n_heads = cursor.u32("config n_heads");
  c.d_ffn = cursor.u32("config d_ffn");
  c.n_enc_layers = cursor.u32("config n_enc_layers");
  c.n_dec_layers = cursor.u32("config n_dec_layers");
  const uint32_t activation = cursor.u32("config activation");
  if (activation > 1) reject("activation " + std::to_string(activation) + " is not 0 (relu) or 1 (gelu)");
  c.activation = static_cast<FfnActivation>(activation);
  const uint32_t norm_position = cursor.u32("config norm_position");
  if (norm_position > 1) reject("norm_position " + std::to_string(norm_position) + " is not 0 (pre) or 1 (post)");
  c.norm_position = static_cast<NormPosition>(norm_position);
  c.max_positions = cursor.u32("config max_positions");
  c.pad_id = cursor.u32("config pad_id");
  c.unk_id = cursor.u32("config unk_id");
  c.bos_id = cursor.u32("config bos_id");
  c.eos_id = cursor.u32("config eos_id");
  c.embed_scale = cursor.f32("config embed_scale");
  c.ln_eps = cursor.f32("config ln_eps");
  c.length_ratio = cursor.f32("config length_ratio");
  c.length_offset = cursor.u32("config length_offset");
  c.source_language = language(cursor.bytes(8, "config source_language"));
  c.target_language = language(cursor.bytes(8, "config target_language"));
  check_config(c);
  return c;
}

}  // namespace mnmt
