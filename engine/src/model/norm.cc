#include "model/norm.h"

#include <cstddef>
#include <cstring>

#include "vecops.h"

namespace mnmt {

void quantize_rows(const float* x, int rows, int d, const Norm* norm, float eps, const ActQuant& quant, float* row,
                   int8_t* out) {
  for (int r = 0; r < rows; ++r) {
    const float* in = x + static_cast<size_t>(r) * d;
    if (norm != nullptr) {
      layer_norm(in, d, norm->gamma.data(), norm->beta.data(), eps, row);
      in = row;
    }
    quantize_row(in, d, quant.inv, out + static_cast<size_t>(r) * d);
  }
}

void normalize_rows(float* x, int rows, int d, const Norm& norm, float eps, float* row) {
  for (int r = 0; r < rows; ++r) {
    float* values = x + static_cast<size_t>(r) * d;
    layer_norm(values, d, norm.gamma.data(), norm.beta.data(), eps, row);
    std::memcpy(values, row, sizeof(float) * static_cast<size_t>(d));
  }
}

}  // namespace mnmt
