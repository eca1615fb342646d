// What a loaded Model holds inside the engine: the image, its parsed view, the packed weights and
// the tokenizer. Members are declared in construction order.
#pragma once

#include "format/byte_source.h"
#include "format/model_file.h"
#include "gemm.h"
#include "model/weights.h"
#include "text/tokenizer.h"

namespace mnmt {

struct LoadedModel {
  explicit LoadedModel(ByteSource source);

  ByteSource bytes;
  ModelFile file;
  const GemmKernel& kernel;
  ModelWeights weights;
  Tokenizer tokenizer;
};

}  // namespace mnmt
