#include "vecops.h"

#include <cmath>
#include <cstring>

namespace mnmt {

// Sixteen running partial sums, lane i % 16 (numerics §3), then a pairwise fold.
float csum(const float* x, int n) {
  float p[16] = {0};
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    for (int k = 0; k < 16; ++k) p[k] = p[k] + x[i + k];
  }
  for (int k = 0; i < n; ++i, ++k) p[k] = p[k] + x[i];
  for (int w = 8; w >= 1; w /= 2) {
    for (int k = 0; k < w; ++k) p[k] = p[k] + p[k + w];
  }
  return p[0];
}

namespace {

float bits_to_float(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

uint32_t float_to_bits(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return bits;
}

}  // namespace

float log_m(float x) {
  // x = m * 2^e with m in [sqrt(1/2), sqrt(2)).
  const uint32_t bits = float_to_bits(x);
  int e = static_cast<int>((bits >> 23) & 0xff) - 126;  // m in [0.5, 1)
  float m = bits_to_float((bits & 0x007fffffu) | 0x3f000000u);
  if (m < 0.707106781186547524f) {
    e -= 1;
    m = m + m;
  }
  const float f = m - 1.0f;
  const float z = f * f;
  float p = 7.0376836292e-2f;
  p = p * f + -1.1514610310e-1f;
  p = p * f + 1.1676998740e-1f;
  p = p * f + -1.2420140846e-1f;
  p = p * f + 1.4249322787e-1f;
  p = p * f + -1.6668057665e-1f;
  p = p * f + 2.0000714765e-1f;
  p = p * f + -2.4999993993e-1f;
  p = p * f + 3.3333331174e-1f;
  const float fe = static_cast<float>(e);
  float y = p * f;
  y = y * z;
  y = y + fe * -2.12194440e-4f;
  y = y - 0.5f * z;
  float r = f + y;
  r = r + fe * 0.693359375f;
  return r;
}

float tanh_m(float u) {
  const float a = u < 0.0f ? -u : u;
  float t;
  if (a >= 9.0f) {
    t = 1.0f;
  } else {
    const float e = exp_m(-2.0f * a);
    t = (1.0f - e) / (1.0f + e);
  }
  return u < 0.0f ? -t : t;
}

float gelu_m(float t) {
  float u = t * t;
  u = u * t;
  u = u * 0.044715f;
  u = u + t;
  u = u * 0.7978845608f;
  float g = tanh_m(u);
  g = g + 1.0f;
  g = g * t;
  return g * 0.5f;
}

void quantize_row(const float* x, int n, float inv, int8_t* out) {
  for (int i = 0; i < n; ++i) out[i] = quantize_one(x[i], inv);
}

void layer_norm(const float* x, int d, const float* gamma, const float* beta, float eps, float* out) {
  const float mean = csum(x, d) / static_cast<float>(d);
  for (int i = 0; i < d; ++i) out[i] = x[i] - mean;
  float p[16] = {0};
  int i = 0;
  for (; i + 16 <= d; i += 16) {
    for (int k = 0; k < 16; ++k) p[k] = p[k] + out[i + k] * out[i + k];
  }
  for (int k = 0; i < d; ++i, ++k) p[k] = p[k] + out[i] * out[i];
  for (int w = 8; w >= 1; w /= 2) {
    for (int k = 0; k < w; ++k) p[k] = p[k] + p[k + w];
  }
  const float var = p[0] / static_cast<float>(d);
  const float inv = 1.0f / std::sqrt(var + eps);
  for (int i = 0; i < d; ++i) {
    float y = out[i] * inv;
    y = y * gamma[i];
    out[i] = y + beta[i];
  }
}

namespace {

// The maximum is exact, so sixteen running maxima (which compilers vectorise) give the same value as
// one scan, for inputs without NaN.
float max_value(const float* x, int n) {
  float m[16];
  int i = 0;
  if (n >= 16) {
    for (int k = 0; k < 16; ++k) m[k] = x[k];
    for (i = 16; i + 16 <= n; i += 16) {
      for (int k = 0; k < 16; ++k) m[k] = x[i + k] > m[k] ? x[i + k] : m[k];
    }
    for (int w = 8; w >= 1; w /= 2) {
      for (int k = 0; k < w; ++k) m[k] = m[k + w] > m[k] ? m[k + w] : m[k];
    }
  } else {
    m[0] = x[0];
    i = 1;
  }
  for (; i < n; ++i) m[0] = x[i] > m[0] ? x[i] : m[0];
  return m[0];
}

}  // namespace

void softmax_to_q7(float* s, int n, int8_t* probs) {
  const float mx = max_value(s, n);
  for (int j = 0; j < n; ++j) s[j] = exp_m(s[j] - mx);
  const float inv_sum = 1.0f / csum(s, n);
  for (int j = 0; j < n; ++j) {
    const float p = s[j] * inv_sum;
    probs[j] = static_cast<int8_t>(round_half_even(p * 127.0f));
  }
}

void log_softmax(const float* x, int n, float* logp, float* scratch) {
  const float mx = max_value(x, n);
  for (int j = 0; j < n; ++j) scratch[j] = exp_m(x[j] - mx);
  const float lse = log_m(csum(scratch, n));
  for (int j = 0; j < n; ++j) {
    float t = x[j] - mx;
    logp[j] = t - lse;
  }
}

// Sixteen lanes each keep their first maximum and its index; of the lanes' maxima the largest wins,
// the lowest index among equals: the first maximum overall, as one scan finds it (inputs without NaN).
int argmax(const float* x, int n) {
  int best = 0;
  float top = x[0];
  int i = 1;
  if (n >= 32) {
    float m[16];
    int at[16];
    for (int k = 0; k < 16; ++k) {
      m[k] = x[k];
      at[k] = k;
    }
    for (i = 16; i + 16 <= n; i += 16) {
      for (int k = 0; k < 16; ++k) {
        const bool greater = x[i + k] > m[k];
        m[k] = greater ? x[i + k] : m[k];
        at[k] = greater ? i + k : at[k];
      }
    }
    for (int k = 1; k < 16; ++k) {
      if (m[k] > m[best] || (m[k] == m[best] && at[k] < at[best])) best = k;
    }
    top = m[best];
    best = at[best];
  }
  for (; i < n; ++i) {
    if (x[i] > top) {
      top = x[i];
      best = i;
    }
  }
  return best;
}

}  // namespace mnmt
