// Float vector operations: canonical reduction order (docs/numerics.md §3), element functions (§4)
// against libm in double precision, LayerNorm (§5), softmax quantization (§6), argmax ties (§8).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "vecops.h"

namespace mnmt {
namespace {

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Values spread over six decades with both signs, so that summation order changes the rounding.
std::vector<float> spread_values(int n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> exponent(-3.0f, 3.0f);
  std::bernoulli_distribution negative(0.5);
  std::vector<float> x(n);
  for (float& v : x) v = (negative(rng) ? -1.0f : 1.0f) * std::pow(10.0f, exponent(rng));
  return x;
}

TEST(Csum, FollowsTheCanonicalOrderForN37) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    const std::vector<float> x = spread_values(37, seed);
    // Lanes 0..4 see three elements, lanes 5..15 two, each starting from 0.0f.
    float lane[16];
    for (int i = 0; i < 16; ++i) {
      lane[i] = 0.0f + x[i];
      lane[i] = lane[i] + x[i + 16];
      if (i + 32 < 37) lane[i] = lane[i] + x[i + 32];
    }
    float half[8], quarter[4], eighth[2];
    for (int i = 0; i < 8; ++i) half[i] = lane[i] + lane[i + 8];
    for (int i = 0; i < 4; ++i) quarter[i] = half[i] + half[i + 4];
    for (int i = 0; i < 2; ++i) eighth[i] = quarter[i] + quarter[i + 2];
    const float want = eighth[0] + eighth[1];
    EXPECT_TRUE(same_bits(want, csum(x.data(), 37))) << "seed " << seed << ": " << want << " vs " << csum(x.data(), 37);
  }
}

TEST(Csum, OrderMattersNaiveLeftToRightDiffers) {
  // Naive: (2^24 + 1) rounds to 2^24, then - 2^24 gives 0. Canonical: lane 0 holds 2^24 - 2^24 = 0,
  // lane 1 holds 1, so the result is exactly 1.
  std::vector<float> x(17, 0.0f);
  x[0] = 16777216.0f;
  x[1] = 1.0f;
  x[16] = -16777216.0f;
  float naive = 0.0f;
  for (float v : x) naive = naive + v;
  EXPECT_EQ(0.0f, naive);
  EXPECT_EQ(1.0f, csum(x.data(), 17));
}

TEST(Csum, SmallAndEmpty) {
  EXPECT_EQ(0.0f, csum(nullptr, 0));
  const float x[3] = {1.5f, -0.25f, 2.0f};
  EXPECT_EQ(3.25f, csum(x, 3));
}

TEST(ExpM, RelativeErrorAgainstLibm) {
  double worst = 0;
  const int steps = 200000;
  for (int i = 0; i <= steps; ++i) {
    const float x = -87.0f * static_cast<float>(i) / steps;
    const double want = std::exp(static_cast<double>(x));
    worst = std::max(worst, std::fabs(exp_m(x) - want) / want);
  }
  EXPECT_LT(worst, 2e-7);  // measured 7.8e-8
  EXPECT_EQ(1.0f, exp_m(0.0f));
  EXPECT_EQ(0.0f, exp_m(-87.5f));
  EXPECT_EQ(0.0f, exp_m(-1000.0f));
}

TEST(LogM, ErrorAgainstLibm) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> exponent(-120.0f, 120.0f);
  double worst = 0;
  for (int i = 0; i < 200000; ++i) {
    const float x = std::exp2(exponent(rng));
    const double want = std::log(static_cast<double>(x));
    worst = std::max(worst, std::fabs(log_m(x) - want) / std::max(1.0, std::fabs(want)));
  }
  for (float x = 0.5f; x < 2.0f; x += 1.0f / 4096) {  // around 1, where the result nears 0
    const double want = std::log(static_cast<double>(x));
    worst = std::max(worst, std::fabs(log_m(x) - want) / std::max(1.0, std::fabs(want)));
  }
  EXPECT_LT(worst, 2e-7);
  EXPECT_EQ(0.0f, log_m(1.0f));
}

TEST(TanhM, ErrorAgainstLibmAndSymmetry) {
  double worst = 0;
  for (int i = -240000; i <= 240000; ++i) {
    const float u = static_cast<float>(i) * 5e-5f;
    worst = std::max(worst, std::fabs(tanh_m(u) - std::tanh(static_cast<double>(u))));
    if (i != 0) {  // tanh_m(-0.0f) is +0.0f
      ASSERT_TRUE(same_bits(-tanh_m(u), tanh_m(-u))) << u;
    }
  }
  EXPECT_LT(worst, 3e-7);
  EXPECT_EQ(1.0f, tanh_m(9.0f));
  EXPECT_EQ(-1.0f, tanh_m(-50.0f));
}

TEST(GeluM, MatchesTanhFormInDouble) {
  double worst = 0;
  for (int i = -100000; i <= 100000; ++i) {
    const double t = i * 1e-4;
    const double want = 0.5 * t * (1.0 + std::tanh(0.7978845608 * (t + 0.044715 * t * t * t)));
    worst = std::max(worst, std::fabs(gelu_m(static_cast<float>(t)) - want) / std::max(1.0, std::fabs(t)));
  }
  EXPECT_LT(worst, 1e-6);
  EXPECT_EQ(0.0f, gelu_m(0.0f));
}

TEST(QuantizeOne, RoundsHalfToEvenAndClamps) {
  EXPECT_EQ(0, quantize_one(0.5f, 1.0f));
  EXPECT_EQ(2, quantize_one(1.5f, 1.0f));
  EXPECT_EQ(2, quantize_one(2.5f, 1.0f));
  EXPECT_EQ(-2, quantize_one(-2.5f, 1.0f));
  EXPECT_EQ(-4, quantize_one(-3.5f, 1.0f));
  EXPECT_EQ(127, quantize_one(1e6f, 1.0f));
  EXPECT_EQ(-127, quantize_one(-1e6f, 1.0f));
  EXPECT_EQ(64, quantize_one(0.5f, 127.0f));  // 63.5 -> 64
}

TEST(LayerNorm, MatchesDoubleReference) {
  for (int d : {37, 256, 512}) {
    std::mt19937 rng(d);
    std::normal_distribution<float> value(3.0f, 2.0f);
    std::uniform_real_distribution<float> g(0.5f, 1.5f), b(-0.5f, 0.5f);
    std::vector<float> x(d), gamma(d), beta(d), y(d);
    for (int i = 0; i < d; ++i) {
      x[i] = value(rng);
      gamma[i] = g(rng);
      beta[i] = b(rng);
    }
    const float eps = 1e-5f;
    layer_norm(x.data(), d, gamma.data(), beta.data(), eps, y.data());
    double mean = 0, var = 0;
    for (float v : x) mean += v;
    mean /= d;
    for (float v : x) var += (v - mean) * (v - mean);
    var /= d;
    for (int i = 0; i < d; ++i) {
      const double want = (x[i] - mean) / std::sqrt(var + eps) * gamma[i] + beta[i];
      ASSERT_NEAR(want, y[i], 1e-5) << "d=" << d << " i=" << i;
    }
  }
}

TEST(SoftmaxToQ7, SumsNear127AndPeaksAtTheMax) {
  std::mt19937 rng(11);
  std::normal_distribution<float> score(0.0f, 3.0f);
  for (int n : {1, 2, 5, 37, 200}) {
    std::vector<float> s(n);
    for (float& v : s) v = score(rng);
    const int best = argmax(s.data(), n);
    std::vector<int8_t> q(n);
    softmax_to_q7(s.data(), n, q.data());
    int sum = 0, top = 0;
    for (int j = 0; j < n; ++j) {
      ASSERT_GE(q[j], 0);
      sum += q[j];
      top = std::max(top, int{q[j]});
    }
    EXPECT_EQ(top, q[best]) << "n=" << n;
    EXPECT_LE(std::abs(sum - 127), (n + 1) / 2) << "n=" << n;
  }
  std::vector<float> flat(4, 1.25f);
  std::vector<int8_t> q(4);
  softmax_to_q7(flat.data(), 4, q.data());
  for (int8_t v : q) EXPECT_EQ(32, v);  // 127 / 4 = 31.75
  float one = -3.0f;
  int8_t p = 0;
  softmax_to_q7(&one, 1, &p);
  EXPECT_EQ(127, p);
}

TEST(LogSoftmax, ExponentialsSumToOne) {
  std::mt19937 rng(5);
  std::normal_distribution<float> logit(0.0f, 4.0f);
  std::vector<float> x(1000), logp(1000), scratch(1000);
  for (float& v : x) v = logit(rng);
  log_softmax(x.data(), 1000, logp.data(), scratch.data());
  double total = 0;
  for (float v : logp) {
    ASSERT_LE(v, 0.0f);
    total += std::exp(static_cast<double>(v));
  }
  EXPECT_NEAR(1.0, total, 1e-5);
}

TEST(Argmax, TiesGoToTheLowestIndex) {
  const float x[] = {1.0f, 3.0f, 3.0f, 2.0f, 3.0f};
  EXPECT_EQ(1, argmax(x, 5));
  const float flat[] = {-2.0f, -2.0f, -2.0f};
  EXPECT_EQ(0, argmax(flat, 3));
  const float last[] = {0.0f, 1.0f, 5.0f};
  EXPECT_EQ(2, argmax(last, 3));
  EXPECT_EQ(0, argmax(last, 1));
}

// The lane-wise argmax against one plain scan: every length up to 80 and a vocabulary's, values from a
// small set so that ties are everywhere, and the maximum first, last and in the tail.
TEST(Argmax, FirstMaximumAsOneScanFindsIt) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> level(-3, 3);
  const auto scan = [](const std::vector<float>& x) {
    int best = 0;
    for (int j = 1; j < static_cast<int>(x.size()); ++j) best = x[j] > x[best] ? j : best;
    return best;
  };
  std::vector<int> lengths(80);
  for (int n = 1; n <= 80; ++n) lengths[n - 1] = n;
  lengths.push_back(8000);
  for (int n : lengths) {
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<float> x(n);
      for (float& v : x) v = 0.5f * static_cast<float>(level(rng));
      if (trial == 1) x[0] = 9.0f;
      if (trial == 2) x[n - 1] = 9.0f;
      if (trial == 3) x.back() = x[n / 2] = 9.0f;
      ASSERT_EQ(scan(x), argmax(x.data(), n)) << "n=" << n << " trial " << trial;
    }
  }
}

}  // namespace
}  // namespace mnmt
