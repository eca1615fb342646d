#include "model/feed_forward.h"

#include "model/linear.h"

namespace mnmt {

void feed_forward(const GemmKernel& kernel, const Linear& ffn1, const Linear& ffn2, Activation act,
                  const ActQuant& hidden_quant, const int8_t* h, int m, int8_t* hidden, float* residual) {
  linear_to_i8(kernel, ffn1, h, m, act, hidden_quant.inv, hidden, ffn1.weight.n);
  linear_add(kernel, ffn2, hidden, m, residual);
}

}  // namespace mnmt
