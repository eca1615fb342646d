#include "model/embedding.h"

#include <cstddef>

namespace mnmt {

void embed_token(const ModelWeights& weights, int token, int position, float* x) {
  const size_t d = weights.config.d_model;
  const int8_t* row = weights.embed_rows + static_cast<size_t>(token) * d;
  const float* pos = weights.positions.data() + static_cast<size_t>(position) * d;
  const float mul = weights.embed_row_mul[static_cast<size_t>(token)];
  for (size_t c = 0; c < d; ++c) {
    float value = static_cast<float>(row[c]) * mul;
    x[c] = value + pos[c];
  }
}

}  // namespace mnmt
