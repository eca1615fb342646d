// Every available GEMM kernel against exact integer references and, bit for bit, against the scalar
// kernel's epilogue (docs/numerics.md §2). Buffers are sized exactly so that ASan catches overreads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "cpu_features.h"
#include "gemm.h"
#include "vecops.h"

namespace mnmt {
namespace {

std::vector<int8_t> random_i8(size_t count, uint32_t seed, int lo = -127, int hi = 127) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(lo, hi);
  std::vector<int8_t> v(count);
  for (int8_t& x : v) x = static_cast<int8_t>(dist(rng));
  return v;
}

std::vector<float> random_f32(size_t count, uint32_t seed, float lo, float hi) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(count);
  for (float& x : v) x = dist(rng);
  return v;
}

size_t extent(int rows, int stride, int cols) { return rows == 0 ? 0 : static_cast<size_t>(rows - 1) * stride + cols; }

// c[i][j] = sum_k a[i][k] * b[j][k], in int64 and then checked to fit.
std::vector<int32_t> naive(const int8_t* a, int lda, const int8_t* b, int ldb, int m, int n, int k) {
  std::vector<int32_t> c(static_cast<size_t>(m) * n);
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      int64_t s = 0;
      for (int p = 0; p < k; ++p)
        s += int64_t{a[static_cast<size_t>(i) * lda + p]} * b[static_cast<size_t>(j) * ldb + p];
      c[static_cast<size_t>(i) * n + j] = static_cast<int32_t>(s);
    }
  }
  return c;
}

const GemmKernel& scalar_kernel() { return *find_kernel("scalar"); }

std::string kernel_name(const ::testing::TestParamInfo<const GemmKernel*>& info) { return info.param->name; }

class GemmTest : public ::testing::TestWithParam<const GemmKernel*> {};
INSTANTIATE_TEST_SUITE_P(Kernels, GemmTest, ::testing::ValuesIn(available_kernels()), kernel_name);

struct Shape {
  int m, n, k;
};

// Odd and tiny k, n and m; the decoder GEMV; encoder batches; several L2 column chunks (4 x 3000 x 300).
const Shape kShapes[] = {{1, 1, 1},      {1, 3, 3},      {1, 65, 17},   {1, 8000, 256}, {1, 8000, 1023},
                         {1, 768, 256},  {2, 3, 1},      {3, 1, 1023},  {5, 65, 1023},  {7, 100, 64},
                         {13, 129, 255}, {64, 256, 256}, {64, 512, 33}, {100, 65, 17},  {100, 3, 5},
                         {1, 17, 1},     {6, 16, 4},     {4, 24, 8},    {4, 3000, 300}, {2, 130, 2}};

TEST_P(GemmTest, PackedInt32IsExact) {
  const GemmKernel& kernel = *GetParam();
  uint32_t seed = 1;
  for (const Shape& s : kShapes) {
    for (int extra : {0, 5}) {
      SCOPED_TRACE("m=" + std::to_string(s.m) + " n=" + std::to_string(s.n) + " k=" + std::to_string(s.k) + " lda=k+" +
                   std::to_string(extra));
      const int lda = s.k + extra, ldo = s.n + extra;
      const std::vector<int8_t> a = random_i8(extent(s.m, lda, s.k), seed++);
      const std::vector<int8_t> b = random_i8(static_cast<size_t>(s.n) * s.k, seed++);
      PackedB packed;
      kernel.pack(b.data(), s.n, s.k, &packed);
      const int32_t sentinel = 0x5eadbeef;
      std::vector<int32_t> out(extent(s.m, ldo, s.n), sentinel);
      Epilogue ep;
      ep.out_i32 = out.data();
      ep.ldo = ldo;
      kernel.gemm_packed(a.data(), lda, s.m, packed, ep);
      const std::vector<int32_t> want = naive(a.data(), lda, b.data(), s.k, s.m, s.n, s.k);
      for (int i = 0; i < s.m; ++i) {
        ASSERT_EQ(0, std::memcmp(&want[static_cast<size_t>(i) * s.n], &out[static_cast<size_t>(i) * ldo],
                                 sizeof(int32_t) * s.n))
            << "row " << i;
        for (int j = s.n; j < ldo && static_cast<size_t>(i) * ldo + j < out.size(); ++j) {
          ASSERT_EQ(sentinel, out[static_cast<size_t>(i) * ldo + j]) << "wrote past n in row " << i;
        }
      }
    }
  }
}

// Saturation traps: vpmaddubsw-style int16 saturation and u8 shift overflow would show here.
TEST_P(GemmTest, ExtremeValuesAreExact) {
  const GemmKernel& kernel = *GetParam();
  const int m = 3, n = 35, k = 1023;
  for (int8_t av : {int8_t{127}, int8_t{-127}, int8_t{-128}}) {
    for (int8_t bv : {int8_t{127}, int8_t{-127}, int8_t{-128}}) {
      const std::vector<int8_t> a(static_cast<size_t>(m) * k, av), b(static_cast<size_t>(n) * k, bv);
      PackedB packed;
      kernel.pack(b.data(), n, k, &packed);
      std::vector<int32_t> out(static_cast<size_t>(m) * n);
      Epilogue ep;
      ep.out_i32 = out.data();
      ep.ldo = n;
      kernel.gemm_packed(a.data(), k, m, packed, ep);
      for (int32_t v : out) ASSERT_EQ(int32_t{av} * bv * k, v) << int{av} << " x " << int{bv};
      std::vector<int32_t> c(static_cast<size_t>(m) * n);
      kernel.gemm_i32(a.data(), k, b.data(), k, m, n, k, c.data(), n);
      for (int32_t v : c) ASSERT_EQ(int32_t{av} * bv * k, v) << "gemm_i32 " << int{av} << " x " << int{bv};
    }
  }
}

TEST_P(GemmTest, FullInt8RangeIsExact) {
  const GemmKernel& kernel = *GetParam();
  const int m = 9, n = 70, k = 301;
  const std::vector<int8_t> a = random_i8(static_cast<size_t>(m) * k, 77, -128, 127);
  const std::vector<int8_t> b = random_i8(static_cast<size_t>(n) * k, 78, -128, 127);
  PackedB packed;
  kernel.pack(b.data(), n, k, &packed);
  std::vector<int32_t> out(static_cast<size_t>(m) * n), c(static_cast<size_t>(m) * n);
  Epilogue ep;
  ep.out_i32 = out.data();
  ep.ldo = n;
  kernel.gemm_packed(a.data(), k, m, packed, ep);
  kernel.gemm_i32(a.data(), k, b.data(), k, m, n, k, c.data(), n);
  const std::vector<int32_t> want = naive(a.data(), k, b.data(), k, m, n, k);
  EXPECT_EQ(want, out);
  EXPECT_EQ(want, c);
}

enum class Output { kI32, kF32, kF32Accumulate, kI8 };

struct EpilogueCase {
  Output output;
  Activation activation;
  bool bias;
};

std::string describe(const EpilogueCase& c) {
  static const char* outputs[] = {"i32", "f32", "f32+=", "i8"};
  static const char* acts[] = {"none", "relu", "gelu"};
  return std::string(outputs[static_cast<int>(c.output)]) + "/" + acts[static_cast<int>(c.activation)] +
         (c.bias ? "/bias" : "/nobias");
}

// Runs one kernel with one epilogue and returns the raw bytes of everything it may write.
std::vector<uint8_t> run_epilogue(const GemmKernel& kernel, const Shape& s, const EpilogueCase& c, uint32_t seed) {
  const int lda = s.k + 3, ldo = s.n + 2;
  std::vector<int8_t> a = random_i8(extent(s.m, lda, s.k), seed);
  if (s.m > 1) std::fill(a.begin(), a.begin() + s.k, int8_t{0});  // row 0: every accumulator is 0
  const std::vector<int8_t> b = random_i8(static_cast<size_t>(s.n) * s.k, seed + 1);
  // Scales of either sign (a zero accumulator then gives -0.0f, which relu must turn into +0.0f).
  std::vector<float> mul = random_f32(s.n, seed + 2, -1e-4f, 3e-4f);
  const std::vector<float> bias = random_f32(s.n, seed + 3, -2.0f, 2.0f);
  PackedB packed;
  kernel.pack(b.data(), s.n, s.k, &packed);
  Epilogue ep;
  ep.mul = mul.data();
  ep.bias = c.bias ? bias.data() : nullptr;
  ep.activation = c.activation;
  ep.ldo = ldo;
  const size_t out_count = extent(s.m, ldo, s.n);
  std::vector<float> f32 = random_f32(out_count, seed + 4, -4.0f, 4.0f);
  std::vector<int8_t> i8(out_count, 99);
  std::vector<int32_t> i32(out_count, 99);
  switch (c.output) {
    case Output::kI32:
      ep.out_i32 = i32.data();
      break;
    case Output::kF32:
      ep.out_f32 = f32.data();
      break;
    case Output::kF32Accumulate:
      ep.out_f32 = f32.data();
      ep.accumulate = true;
      break;
    case Output::kI8:
      ep.out_i8 = i8.data();
      ep.out_inv = 127.0f / 3.0f;
      break;
  }
  kernel.gemm_packed(a.data(), lda, s.m, packed, ep);
  std::vector<uint8_t> bytes(out_count * (sizeof(float) + 1 + sizeof(int32_t)));
  std::memcpy(bytes.data(), f32.data(), out_count * sizeof(float));
  std::memcpy(bytes.data() + out_count * sizeof(float), i8.data(), out_count);
  std::memcpy(bytes.data() + out_count * (sizeof(float) + 1), i32.data(), out_count * sizeof(int32_t));
  return bytes;
}

TEST_P(GemmTest, EveryEpilogueIsBitIdenticalToScalar) {
  const GemmKernel& kernel = *GetParam();
  const Shape shapes[] = {{1, 77, 33}, {5, 65, 17}, {1, 8000, 64}, {64, 256, 256}, {3, 1, 1}, {7, 40, 3}};
  uint32_t seed = 1000;
  for (const Shape& s : shapes) {
    for (Output out : {Output::kI32, Output::kF32, Output::kF32Accumulate, Output::kI8}) {
      for (Activation act : {Activation::kNone, Activation::kRelu, Activation::kGelu}) {
        for (bool bias : {false, true}) {
          const EpilogueCase c{out, act, bias};
          SCOPED_TRACE(describe(c) + " m=" + std::to_string(s.m) + " n=" + std::to_string(s.n) +
                       " k=" + std::to_string(s.k));
          const std::vector<uint8_t> want = run_epilogue(scalar_kernel(), s, c, seed);
          const std::vector<uint8_t> got = run_epilogue(kernel, s, c, seed);
          ASSERT_EQ(want.size(), got.size());
          ASSERT_EQ(0, std::memcmp(want.data(), got.data(), want.size()));
          seed += 10;
        }
      }
    }
  }
}

// t = acc * 0.5 lands exactly on .5 for odd acc: requantization must round half to even.
TEST_P(GemmTest, RequantizationRoundsHalfToEven) {
  const GemmKernel& kernel = *GetParam();
  const int n = 300;
  std::vector<int8_t> b(n);
  for (int j = 0; j < n; ++j) b[j] = static_cast<int8_t>(j % 255 - 127);
  const std::vector<int8_t> a = {1};
  const std::vector<float> mul(n, 0.5f);
  PackedB packed;
  kernel.pack(b.data(), n, 1, &packed);
  std::vector<int8_t> out(n);
  Epilogue ep;
  ep.mul = mul.data();
  ep.out_i8 = out.data();
  ep.out_inv = 1.0f;
  ep.ldo = n;
  kernel.gemm_packed(a.data(), 1, 1, packed, ep);
  for (int j = 0; j < n; ++j) {
    const int v = b[j];
    int want = v / 2;                                           // truncates toward zero
    if (v % 2 != 0 && (want % 2 != 0)) want += v > 0 ? 1 : -1;  // .5 away from the odd neighbour
    ASSERT_EQ(want, out[j]) << "acc " << v;
  }
  EXPECT_EQ(0, out[126]);  // acc = -1 -> -0.5 -> 0
  EXPECT_EQ(2, out[130]);  // acc = 3 -> 1.5 -> 2
  EXPECT_EQ(2, out[132]);  // acc = 5 -> 2.5 -> 2
}

TEST_P(GemmTest, PackedOnceServesEveryM) {
  const GemmKernel& kernel = *GetParam();
  const int n = 130, k = 99;
  const std::vector<int8_t> b = random_i8(static_cast<size_t>(n) * k, 5);
  PackedB packed;
  kernel.pack(b.data(), n, k, &packed);
  for (int m : {1, 2, 5, 64, 100, 1}) {
    const std::vector<int8_t> a = random_i8(static_cast<size_t>(m) * k, 100 + m);
    std::vector<int32_t> out(static_cast<size_t>(m) * n);
    Epilogue ep;
    ep.out_i32 = out.data();
    ep.ldo = n;
    kernel.gemm_packed(a.data(), k, m, packed, ep);
    EXPECT_EQ(naive(a.data(), k, b.data(), k, m, n, k), out) << "m=" << m;
  }
}

TEST_P(GemmTest, GemmI32WithStridesIsExact) {
  const GemmKernel& kernel = *GetParam();
  struct Case {
    int m, n, k, lda, ldb, ldc;
  };
  const Case cases[] = {{1, 1, 1, 1, 1, 1},      {1, 200, 64, 64, 80, 200},  {1, 64, 37, 40, 200, 64},
                        {5, 64, 17, 17, 33, 70}, {50, 50, 64, 192, 192, 50}, {3, 7, 1023, 1030, 1024, 9},
                        {2, 3, 3, 3, 5, 3},      {100, 65, 31, 31, 32, 65},  {4, 9, 1, 2, 3, 10},
                        {1, 5, 16, 16, 16, 5},   {2, 6, 33, 64, 65, 6},      {7, 64, 129, 129, 256, 64}};
  uint32_t seed = 500;
  for (const Case& c : cases) {
    SCOPED_TRACE("m=" + std::to_string(c.m) + " n=" + std::to_string(c.n) + " k=" + std::to_string(c.k));
    const std::vector<int8_t> a = random_i8(extent(c.m, c.lda, c.k), seed++);
    const std::vector<int8_t> b = random_i8(extent(c.n, c.ldb, c.k), seed++);
    const int32_t sentinel = -777;
    std::vector<int32_t> got(extent(c.m, c.ldc, c.n), sentinel), ref(got);
    kernel.gemm_i32(a.data(), c.lda, b.data(), c.ldb, c.m, c.n, c.k, got.data(), c.ldc);
    scalar_kernel().gemm_i32(a.data(), c.lda, b.data(), c.ldb, c.m, c.n, c.k, ref.data(), c.ldc);
    ASSERT_EQ(ref, got);
    const std::vector<int32_t> want = naive(a.data(), c.lda, b.data(), c.ldb, c.m, c.n, c.k);
    for (int i = 0; i < c.m; ++i) {
      for (int j = 0; j < c.n; ++j)
        ASSERT_EQ(want[static_cast<size_t>(i) * c.n + j], got[static_cast<size_t>(i) * c.ldc + j]);
    }
  }
}

// The scalar epilogue itself, transcribed from docs/numerics.md §2 independently of apply_epilogue.
TEST(ScalarEpilogue, FollowsNumericsSpec) {
  const int m = 4, n = 50, k = 40;
  const std::vector<int8_t> a = random_i8(static_cast<size_t>(m) * k, 9), b = random_i8(static_cast<size_t>(n) * k, 10);
  const std::vector<float> mul = random_f32(n, 11, 1e-5f, 2e-4f), bias = random_f32(n, 12, -1.0f, 1.0f);
  PackedB packed;
  scalar_kernel().pack(b.data(), n, k, &packed);
  const std::vector<int32_t> acc = naive(a.data(), k, b.data(), k, m, n, k);
  for (Activation act : {Activation::kNone, Activation::kRelu, Activation::kGelu}) {
    std::vector<int8_t> out(static_cast<size_t>(m) * n);
    Epilogue ep;
    ep.mul = mul.data();
    ep.bias = bias.data();
    ep.activation = act;
    ep.out_i8 = out.data();
    ep.out_inv = 127.0f / 2.5f;
    ep.ldo = n;
    scalar_kernel().gemm_packed(a.data(), k, m, packed, ep);
    for (int i = 0; i < m * n; ++i) {
      float t = static_cast<float>(acc[i]);
      t = t * mul[i % n];
      t = t + bias[i % n];
      if (act == Activation::kRelu) t = t > 0.0f ? t : 0.0f;
      if (act == Activation::kGelu) t = gelu_m(t);
      float q = t * ep.out_inv;
      q = std::fmin(std::fmax(q, -127.0f), 127.0f);
      ASSERT_EQ(static_cast<int>(std::nearbyint(q)), out[i]) << "element " << i;
    }
  }
}

TEST(Dispatch, ScalarFirstAndNamesUnique) {
  const std::vector<const GemmKernel*> kernels = available_kernels();
  ASSERT_FALSE(kernels.empty());
  EXPECT_STREQ("scalar", kernels.front()->name);
  for (size_t i = 0; i < kernels.size(); ++i) {
    EXPECT_EQ(kernels[i], find_kernel(kernels[i]->name));
    for (size_t j = i + 1; j < kernels.size(); ++j) EXPECT_STRNE(kernels[i]->name, kernels[j]->name);
  }
  EXPECT_EQ(nullptr, find_kernel("no-such-isa"));
}

TEST(Dispatch, FeaturesMatchKernels) {
  const CpuFeatures& f = cpu_features();
  EXPECT_TRUE(f.avx2 || !(f.avxvnni || f.avx512vnni)) << describe(f);
#if defined(__x86_64__)  // every x86 kernel is compiled in with GCC >= 11 or Clang >= 12
  EXPECT_EQ(f.avx2, find_kernel("avx2") != nullptr) << describe(f);
  EXPECT_EQ(f.avxvnni, find_kernel("avxvnni") != nullptr) << describe(f);
  EXPECT_EQ(f.avx512vnni, find_kernel("avx512vnni") != nullptr) << describe(f);
#endif
}

TEST(Dispatch, ChooseKernelHonoursForcedName) {
  const std::vector<const GemmKernel*> kernels = available_kernels();
  EXPECT_EQ(kernels.back(), &choose_kernel(nullptr));
  EXPECT_EQ(kernels.back(), &choose_kernel(""));
  for (const GemmKernel* k : kernels) EXPECT_EQ(k, &choose_kernel(k->name));
  try {
    choose_kernel("avx9000");
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("avx9000"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("scalar"), std::string::npos) << e.what();
  }
  const char* forced = std::getenv("MNMT_FORCE_ISA");
  EXPECT_STREQ(forced != nullptr && *forced ? forced : kernels.back()->name, best_kernel().name);
}

}  // namespace
}  // namespace mnmt
