#include "translator_model.h"

#include <new>
#include <stdexcept>

#include "mobilenmt/errors.h"
#include "mobilenmt/model.h"

namespace mnmt {
namespace {

// best_kernel() throws std::runtime_error when MNMT_FORCE_ISA names a kernel this CPU lacks.
const GemmKernel& chosen_kernel() {
  try {
    return best_kernel();
  } catch (const std::runtime_error& e) {
    throw Error(ErrorCode::kBadInput, e.what());
  }
}

std::unique_ptr<LoadedModel> load_contents(ByteSource source) {
  try {
    return std::make_unique<LoadedModel>(std::move(source));
  } catch (const std::bad_alloc&) {
    throw Error(ErrorCode::kEngine, "out of memory while loading the model");
  }
}

}  // namespace

LoadedModel::LoadedModel(ByteSource source)
    : bytes(std::move(source)),
      file(parse_model_file(bytes.data(), bytes.size())),
      kernel(chosen_kernel()),
      weights(build_weights(file, kernel)),
      tokenizer(file.sentencepiece_model, static_cast<int>(file.config.vocab_size)) {}

Model::Model(std::unique_ptr<LoadedModel> loaded) : loaded_(std::move(loaded)) {}
Model::~Model() = default;

std::shared_ptr<const Model> Model::load(const std::string& path) {
  return std::shared_ptr<const Model>(new Model(load_contents(ByteSource::map_file(path))));
}

std::shared_ptr<const Model> Model::from_buffer(const void* data, size_t size) {
  return std::shared_ptr<const Model>(new Model(load_contents(ByteSource::borrow(data, size))));
}

const ModelConfig& Model::config() const { return loaded_->file.config; }
std::string_view Model::metadata_json() const { return loaded_->file.metadata_json; }
size_t Model::tensor_count() const { return loaded_->file.tensors.size(); }
uint64_t Model::file_size() const { return loaded_->file.file_size; }
const char* Model::kernel_isa() const { return loaded_->kernel.name; }

std::vector<std::string> Model::available_isas() {
  std::vector<std::string> names;
  for (const GemmKernel* k : available_kernels()) names.emplace_back(k->name);
  return names;
}

}  // namespace mnmt
