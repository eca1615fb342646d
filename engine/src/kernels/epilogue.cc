#include "gemm.h"
#include "vecops.h"

namespace mnmt {

void apply_epilogue(const int32_t* acc, int row, int n0, int count, const Epilogue& ep) {
  const size_t base = static_cast<size_t>(row) * ep.ldo + n0;
  if (ep.out_i32 != nullptr) {
    for (int j = 0; j < count; ++j) ep.out_i32[base + j] = acc[j];
    return;
  }
  for (int j = 0; j < count; ++j) {
    float t = static_cast<float>(acc[j]);
    t = t * ep.mul[n0 + j];
    if (ep.bias != nullptr) t = t + ep.bias[n0 + j];
    if (ep.activation == Activation::kRelu) {
      t = t > 0.0f ? t : 0.0f;
    } else if (ep.activation == Activation::kGelu) {
      t = gelu_m(t);
    }
    if (ep.out_i8 != nullptr) {
      ep.out_i8[base + j] = quantize_one(t, ep.out_inv);
    } else if (ep.accumulate) {
      ep.out_f32[base + j] = ep.out_f32[base + j] + t;
    } else {
      ep.out_f32[base + j] = t;
    }
  }
}

}  // namespace mnmt
