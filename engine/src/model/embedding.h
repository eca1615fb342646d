// Token embedding plus position (docs/numerics.md §7), shared by encoder and decoder inputs.
#pragma once

#include "model/weights.h"

namespace mnmt {

// x[c] = float(E[token][c]) * row_mul[token] + positions[position][c], for c < d_model.
void embed_token(const ModelWeights& weights, int token, int position, float* x);

}  // namespace mnmt
