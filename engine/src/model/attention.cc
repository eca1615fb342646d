#include "model/attention.h"

#include "vecops.h"

namespace mnmt {

void attend_head(const GemmKernel& kernel, const AttentionQuant& quant, int head_dim, const int8_t* q, int q_stride,
                 int queries, const HeadKV& kv, AttentionScratch& scratch, int8_t* out, int out_stride) {
  const int n = kv.count;
  for (int q0 = 0; q0 < queries; q0 += kQueryBlock) {
    const int block = queries - q0 < kQueryBlock ? queries - q0 : kQueryBlock;
    kernel.gemm_i32(q + static_cast<size_t>(q0) * q_stride, q_stride, kv.keys, kv.keys_stride, block, n, head_dim,
                    scratch.scores, n);
    for (int r = 0; r < block; ++r) {
      const int32_t* dots = scratch.scores + static_cast<size_t>(r) * n;
      for (int j = 0; j < n; ++j) scratch.weights[j] = static_cast<float>(dots[j]) * quant.alpha;
      softmax_to_q7(scratch.weights, n, scratch.probs + static_cast<size_t>(r) * n);
    }
    kernel.gemm_i32(scratch.probs, n, kv.values_t, kv.values_stride, block, head_dim, n, scratch.context, head_dim);
    for (int r = 0; r < block; ++r) {
      const int32_t* units = scratch.context + static_cast<size_t>(r) * head_dim;
      int8_t* row = out + static_cast<size_t>(q0 + r) * out_stride;
      for (int c = 0; c < head_dim; ++c) {
        const float ctx = static_cast<float>(units[c]) * quant.ctx_mul;
        row[c] = quantize_one(ctx, quant.ctx.inv);
      }
    }
  }
}

void transpose_i8(const int8_t* src, int src_stride, int rows, int cols, int8_t* dst, int dst_stride) {
  for (int r = 0; r < rows; ++r) {
    const int8_t* row = src + static_cast<size_t>(r) * src_stride;
    for (int c = 0; c < cols; ++c) dst[static_cast<size_t>(c) * dst_stride + r] = row[c];
  }
}

}  // namespace mnmt
