// Single-thread GEMM throughput of every available kernel at the model's shapes, as a markdown table.
// Usage: gemm_bench [seconds_per_case=0.3]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "cpu_features.h"
#include "gemm.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<int8_t> random_i8(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(-127, 127);
  std::vector<int8_t> v(count);
  for (int8_t& x : v) x = static_cast<int8_t>(dist(rng));
  return v;
}

// Calls fn() for about `seconds` after a short warm-up, in kSlices slices; returns the best slice's
// seconds per call (the machine may be shared: the fastest slice is the least disturbed one).
constexpr int kSlices = 10;

template <typename Fn>
double time_per_call(Fn&& fn, double seconds) {
  const auto warm_end = Clock::now() + std::chrono::duration<double>(seconds * 0.1);
  for (int warm = 0; warm < 3 || Clock::now() < warm_end; ++warm) fn();
  double best = 1e30;
  for (int slice = 0; slice < kSlices; ++slice) {
    const auto start = Clock::now();
    long calls = 0;
    double elapsed = 0;
    do {
      fn();
      ++calls;
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < seconds / kSlices);
    best = elapsed / calls < best ? elapsed / calls : best;
  }
  return best;
}

struct Case {
  const char* what;
  int m, n, k;
  bool packed;  // gemm_packed with a float epilogue (mul + bias), else gemm_i32
};

double bench_case(const mnmt::GemmKernel& kernel, const Case& c, double seconds) {
  const std::vector<int8_t> a = random_i8(static_cast<size_t>(c.m) * c.k, 1);
  const std::vector<int8_t> b = random_i8(static_cast<size_t>(c.n) * c.k, 2);
  double per_call = 0;
  if (c.packed) {
    mnmt::PackedB packed;
    kernel.pack(b.data(), c.n, c.k, &packed);
    const std::vector<float> mul(c.n, 1e-4f), bias(c.n, 0.5f);
    std::vector<float> out(static_cast<size_t>(c.m) * c.n);
    mnmt::Epilogue ep;
    ep.mul = mul.data();
    ep.bias = bias.data();
    ep.out_f32 = out.data();
    ep.ldo = c.n;
    per_call = time_per_call([&] { kernel.gemm_packed(a.data(), c.k, c.m, packed, ep); }, seconds);
  } else {
    std::vector<int32_t> out(static_cast<size_t>(c.m) * c.n);
    per_call =
        time_per_call([&] { kernel.gemm_i32(a.data(), c.k, b.data(), c.k, c.m, c.n, c.k, out.data(), c.n); }, seconds);
  }
  return static_cast<double>(c.m) * c.n * c.k / per_call * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 0.3;
  const std::vector<const mnmt::GemmKernel*> kernels = mnmt::available_kernels();
  std::printf("CPU features: %s; best kernel: %s; one thread; GMAC/s, best of %d slices of a %.2f s budget\n\n",
              mnmt::describe(mnmt::cpu_features()).c_str(), mnmt::best_kernel().name, kSlices, seconds);

  std::vector<Case> cases;
  const int shapes[][2] = {{768, 256}, {256, 256}, {512, 256}, {256, 512}, {8000, 256}};
  for (int m : {1, 64}) {
    for (const auto& s : shapes) cases.push_back({"packed", m, s[0], s[1], true});
  }
  cases.push_back({"i32 scores", 1, 128, 64, false});
  cases.push_back({"i32 context", 1, 64, 128, false});
  cases.push_back({"i32 scores", 64, 64, 64, false});
  cases.push_back({"i32 context", 64, 64, 64, false});

  std::string header = "| GEMM | m | n x k |", rule = "|---|---:|---|";
  for (const mnmt::GemmKernel* k : kernels) {
    header += std::string(" ") + k->name + " |";
    rule += "---:|";
  }
  std::printf("%s\n%s\n", header.c_str(), rule.c_str());
  for (const Case& c : cases) {
    std::printf("| %s | %d | %d x %d |", c.what, c.m, c.n, c.k);
    for (const mnmt::GemmKernel* k : kernels) std::printf(" %.1f |", bench_case(*k, c, seconds));
    std::printf("\n");
    std::fflush(stdout);
  }
  return 0;
}
