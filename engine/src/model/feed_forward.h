// The feed-forward sublayer: residual += ffn2(quantize(act(ffn1(h)))) (docs/numerics.md §7).
#pragma once

#include <cstdint>

#include "gemm.h"
#include "model/weights.h"

namespace mnmt {

// h: m rows of int8 input (already normalized and quantized); hidden: scratch [m][d_ffn].
void feed_forward(const GemmKernel& kernel, const Linear& ffn1, const Linear& ffn2, Activation act,
                  const ActQuant& hidden_quant, const int8_t* h, int m, int8_t* hidden, float* residual);

}  // namespace mnmt
