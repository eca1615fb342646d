// Linear layers over int8 activations, with the requantization, bias, activation and residual add
// fused into the kernel's epilogue (docs/numerics.md §2).
#pragma once

#include "gemm.h"
#include "model/weights.h"

namespace mnmt {

// out[m][n] = quantize(act(a[m] . W[n] * mul[n] + bias[n]), out_inv), rows of `ldo` bytes.
void linear_to_i8(const GemmKernel& kernel, const Linear& layer, const int8_t* a, int m, Activation act, float out_inv,
                  int8_t* out, int ldo);
// residual[m][n] += a[m] . W[n] * mul[n] + bias[n]
void linear_add(const GemmKernel& kernel, const Linear& layer, const int8_t* a, int m, float* residual);
// out[m][n] = a[m] . W[n] * mul[n] + bias[n]
void linear_to_f32(const GemmKernel& kernel, const Linear& layer, const int8_t* a, int m, float* out);

}  // namespace mnmt
