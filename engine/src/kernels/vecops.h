// Float vector operations in the canonical order of docs/numerics.md §3–§5. Written once, in plain
// C++ that compilers may vectorize only without reordering (no -ffast-math, -ffp-contract=off), so the
// result is the same bits on x86, ARM and WASM.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace mnmt {

// Round to nearest, ties to even, like std::nearbyint in the default rounding mode, but in plain
// float additions so that loops over it vectorize: below 2^23, adding and subtracting 2^23 leaves
// the rounded integer; from 2^23 on, every float is an integer already.
inline float round_half_even(float x) {
  const float a = std::fabs(x);
  const float r = (a + 8388608.0f) - 8388608.0f;
  return a < 8388608.0f ? std::copysign(r, x) : x;
}

// exp(x) in the order of numerics §4; inline and branch-free so that row loops vectorize.
inline float exp_m(float x) {
  const float xc = x > 88.0f ? 88.0f : (x < -87.0f ? -87.0f : x);
  const float n = round_half_even(xc * 1.44269504f);
  float r = xc - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  float y = p * (r * r);
  y = y + r;
  y = y + 1.0f;
  const uint32_t exponent_bits = static_cast<uint32_t>(static_cast<int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &exponent_bits, sizeof scale);
  return x < -87.0f ? 0.0f : y * scale;
}

float csum(const float* x, int n);
float log_m(float x);
float tanh_m(float x);
float gelu_m(float x);

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
