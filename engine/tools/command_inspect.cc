// `mobilenmt inspect MODEL`: the config, tensor count, file size, metadata and the chosen kernel.
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "mobilenmt/model.h"

namespace mnmt::cli {
namespace {

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : " ") + n;
  return out;
}

}  // namespace

int inspect_command(Arguments& args) {
  const std::string path = args.positional(1, 1)[0];
  const std::shared_ptr<const Model> model = load_model(path);
  const ModelConfig& c = model->config();
  std::cout << "file: " << path << "\n"
            << "file_size: " << model->file_size() << " bytes\n"
            << "format_version: 1\n"
            << "tensors: " << model->tensor_count() << "\n"
            << "kernel_isa: " << model->kernel_isa() << "\n"
            << "available_isas: " << join(Model::available_isas()) << "\n"
            << "config:\n"
            << "  direction: " << c.source_language << " -> " << c.target_language << "\n"
            << "  vocab_size: " << c.vocab_size << "\n"
            << "  d_model: " << c.d_model << "\n"
            << "  n_heads: " << c.n_heads << "\n"
            << "  d_ffn: " << c.d_ffn << "\n"
            << "  n_enc_layers: " << c.n_enc_layers << "\n"
            << "  n_dec_layers: " << c.n_dec_layers << "\n"
            << "  activation: " << (c.activation == FfnActivation::kGelu ? "gelu" : "relu") << "\n"
            << "  norm_position: " << (c.norm_position == NormPosition::kPostLn ? "post-LN" : "pre-LN") << "\n"
            << "  max_positions: " << c.max_positions << "\n"
            << "  special_ids: pad " << c.pad_id << ", unk " << c.unk_id << ", bos " << c.bos_id << ", eos " << c.eos_id
            << "\n"
            << "  embed_scale: " << c.embed_scale << "\n"
            << "  ln_eps: " << c.ln_eps << "\n"
            << "  length_policy: max_len = " << c.length_ratio << " * |src| + " << c.length_offset << "\n"
            << "metadata: " << model->metadata_json() << "\n";
  return kExitOk;
}

}  // namespace mnmt::cli
