#include "model/linear.h"

namespace mnmt {
namespace {

Epilogue scaled(const Linear& layer) {
  Epilogue ep;
  ep.mul = layer.mul.data();
  ep.bias = layer.bias.data();
  ep.ldo = layer.weight.n;
  return ep;
}

}  // namespace

void linear_to_i8(const GemmKernel& kernel, const Linear& layer, const int8_t* a, int m, Activation act, float out_inv,
                  int8_t* out, int ldo) {
  Epilogue ep = scaled(layer);
  ep.activation = act;
  ep.out_i8 = out;
  ep.out_inv = out_inv;
  ep.ldo = ldo;
  kernel.gemm_packed(a, layer.weight.k, m, layer.weight, ep);
}

void linear_add(const GemmKernel& kernel, const Linear& layer, const int8_t* a, int m, float* residual) {
  Epilogue ep = scaled(layer);
  ep.out_f32 = residual;
  ep.accumulate = true;
  kernel.gemm_packed(a, layer.weight.k, m, layer.weight, ep);
}

void linear_to_f32(const GemmKernel& kernel, const Linear& layer, const int8_t* a, int m, float* out) {
  Epilogue ep = scaled(layer);
  ep.out_f32 = out;
  kernel.gemm_packed(a, layer.weight.k, m, layer.weight, ep);
}

}  // namespace mnmt
