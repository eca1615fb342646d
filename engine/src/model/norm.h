// LayerNorm and quantization of the residual stream, row by row (docs/numerics.md §1, §5).
#pragma once

#include <cstdint>

#include "model/weights.h"

namespace mnmt {

// out[r] = quantize(LN(x[r])) for pre-LN (norm given), quantize(x[r]) for post-LN (norm null).
// `row` is scratch for d floats.
void quantize_rows(const float* x, int rows, int d, const Norm* norm, float eps, const ActQuant& quant, float* row,
                   int8_t* out);
// x[r] = LN(x[r]) (post-LN sublayer output); `row` is scratch for d floats.
void normalize_rows(float* x, int rows, int d, const Norm& norm, float eps, float* row);

}  // namespace mnmt
