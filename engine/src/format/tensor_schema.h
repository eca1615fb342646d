// The tensors a model of a given config must hold (docs/model-format.md "Tensors") and the checks
// on their dtypes, shapes and values.
#pragma once

#include <string>
#include <vector>

#include "format/model_file.h"

namespace mnmt {

struct TensorSpec {
  std::string name;
  DType dtype;
  std::vector<uint32_t> dims;
};

// Every tensor a model with this config needs, in the order the writer stores them.
std::vector<TensorSpec> required_tensors(const ModelConfig& config);

// Missing tensors, wrong dtype or shape, int8 weights of -128, non-positive or non-finite scales and
// clips, non-finite floats. Tensors the config does not need are ignored. Throws Error(kBadModel).
void check_tensor_schema(const ModelFile& file);

}  // namespace mnmt
