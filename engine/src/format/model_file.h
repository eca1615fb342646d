// A parsed and fully validated .mnmt image (docs/model-format.md). Views point into the image,
// which must outlive the ModelFile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "mobilenmt/model_config.h"

namespace mnmt {

enum class DType : uint8_t { kF32 = 0, kI8 = 1 };

struct TensorEntry {
  std::string_view name;  // points into the image
  DType dtype = DType::kF32;
  std::vector<uint32_t> dims;  // outermost first
  uint64_t offset = 0;         // from the start of the image, a multiple of 64
  uint64_t size = 0;           // bytes
};

struct ModelFile {
  const uint8_t* image = nullptr;
  uint64_t file_size = 0;
  ModelConfig config;
  std::string_view metadata_json;
  std::string_view sentencepiece_model;  // serialized ModelProto
  std::vector<TensorEntry> tensors;      // in directory order

  const TensorEntry* find(std::string_view name) const;
  // The named tensor; throws Error(kBadModel) when it is absent.
  const TensorEntry& tensor(std::string_view name) const;
  const int8_t* i8(const TensorEntry& t) const { return reinterpret_cast<const int8_t*>(image + t.offset); }
  // A copy of an f32 tensor's values (the image may not be 4-byte aligned in memory).
  std::vector<float> f32(const TensorEntry& t) const;
  std::vector<float> f32(std::string_view name) const { return f32(tensor(name)); }
  float scalar(std::string_view name) const { return f32(name)[0]; }
};

// Parses the image and performs every check of docs/model-format.md "Validation".
// Throws Error(kBadModel) with a one-line message naming the first problem found.
ModelFile parse_model_file(const uint8_t* image, size_t size);

}  // namespace mnmt
