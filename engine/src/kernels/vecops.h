// Float vector operations in the canonical order of docs/numerics.md §3–§5. Written once, in plain
// C++ that compilers may vectorize only without reordering (no -ffast-math, -ffp-contract=off), so the
// result is the same bits on x86, ARM and WASM.
#pragma once

#include <cstdint>

namespace mnmt {

float csum(const float* x, int n);
float exp_m(float x);
float log_m(float x);
float tanh_m(float x);
float gelu_m(float x);
float round_half_even(float x);

inline int8_t quantize_one(float x, float inv) {
  float t = x * inv;
  t = t < -127.0f ? -127.0f : (t > 127.0f ? 127.0f : t);
  return static_cast<int8_t>(round_half_even(t));
}
void quantize_row(const float* x, int n, float inv, int8_t* out);
void layer_norm(const float* x, int d, const float* gamma, const float* beta, float eps, float* out);
// probs[j] = softmax(s)[j] rounded to int 0..127 (numerics §6); s is overwritten with exponentials.
void softmax_to_q7(float* s, int n, int8_t* probs);
// logp[v] = x[v] - mx - log_m(csum(exp_m(x - mx))); scratch holds n floats.
void log_softmax(const float* x, int n, float* logp, float* scratch);
int argmax(const float* x, int n);  // ties: lowest index

}  // namespace mnmt
