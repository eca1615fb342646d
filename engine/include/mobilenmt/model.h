// A loaded translation model: the immutable weights of one direction, shared by any number of
// Sessions and Translators (on any threads). Loading validates the whole file and packs the weights
// into the chosen kernel's layout once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mobilenmt/model_config.h"

namespace mnmt {

struct LoadedModel;  // engine-internal contents (engine/src/translator_model.h)

class Model {
 public:
  // Memory-maps the .mnmt file at `path`. Throws Error(kBadModel) naming the problem.
  static std::shared_ptr<const Model> load(const std::string& path);
  // Reads a .mnmt image in place, without copying it. The caller keeps `data` alive and unchanged
  // for the lifetime of the returned Model. Throws Error(kBadModel) naming the problem.
  static std::shared_ptr<const Model> from_buffer(const void* data, size_t size);

  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  const ModelConfig& config() const;
  std::string_view metadata_json() const;  // free-form UTF-8 JSON from the file, unparsed
  size_t tensor_count() const;
  uint64_t file_size() const;
  const char* kernel_isa() const;  // the GEMM kernel the weights were packed for, e.g. "avx2"
  // Every kernel this build has and this CPU runs, worst first; MNMT_FORCE_ISA picks one of them.
  static std::vector<std::string> available_isas();

  const LoadedModel& internals() const { return *loaded_; }

 private:
  explicit Model(std::unique_ptr<LoadedModel> loaded);
  std::unique_ptr<LoadedModel> loaded_;
};

}  // namespace mnmt
