// Test harness for tests/python/test_numerics.py: runs engine/src/kernels on inputs from stdin.
#include <cstdio>
#include <cstring>
#include <vector>

#include "gemm.h"
#include "vecops.h"

using namespace mnmt;
namespace mnmt {
extern const GemmKernel kScalarKernel;  // the reference kernel; linked without dispatch.cc
}

template <class T> std::vector<T> get(size_t n) {
  std::vector<T> v(n);
  if (n && fread(v.data(), sizeof(T), n, stdin) != n) throw 1;
  return v;
}
template <class T> void put(const std::vector<T>& v) { fwrite(v.data(), sizeof(T), v.size(), stdout); }

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const std::string mode = argv[1];
  const int32_t* dims;
  auto hdr = get<int32_t>(4);
  dims = hdr.data();
  if (mode == "elem") {
    const int n = dims[0];
    auto x = get<float>(n);
    std::vector<float> out(4 * n);
    for (int i = 0; i < n; ++i) {
      out[i] = exp_m(x[i]);
      out[n + i] = x[i] > 0 ? log_m(x[i]) : 0.f;
      out[2 * n + i] = tanh_m(x[i]);
      out[3 * n + i] = gelu_m(x[i]);
    }
    put(out);
  } else if (mode == "rows") {
    const int rows = dims[0], n = dims[1];
    auto x = get<float>(size_t(rows) * n);
    auto gb = get<float>(2 * n + 1);
    std::vector<float> sums(rows), ln(x.size()), lsm(x.size()), scratch(n), s(n);
    std::vector<int8_t> q7(x.size());
    for (int r = 0; r < rows; ++r) {
      const float* xr = &x[size_t(r) * n];
      sums[r] = csum(xr, n);
      layer_norm(xr, n, gb.data(), gb.data() + n, gb[2 * n], &ln[size_t(r) * n]);
      std::memcpy(s.data(), xr, n * sizeof(float));
      softmax_to_q7(s.data(), n, &q7[size_t(r) * n]);
      log_softmax(xr, n, &lsm[size_t(r) * n], scratch.data());
    }
    put(sums); put(ln); put(q7); put(lsm);
  } else if (mode == "gemm") {
    const int m = dims[0], n = dims[1], k = dims[2], act = dims[3];
    auto a = get<int8_t>(size_t(m) * k);
    auto b = get<int8_t>(size_t(n) * k);
    auto mul = get<float>(n);
    auto bias = get<float>(n);
    auto base = get<float>(size_t(m) * n);
    auto inv = get<float>(1);
    const GemmKernel& kern = kScalarKernel;
    PackedB pb;
    kern.pack(b.data(), n, k, &pb);
    Epilogue ep;
    ep.mul = mul.data();
    ep.bias = bias.data();
    ep.activation = static_cast<Activation>(act);
    ep.ldo = n;
    std::vector<float> f(size_t(m) * n);
    ep.out_f32 = f.data();
    kern.gemm_packed(a.data(), k, m, pb, ep);
    ep.accumulate = true;
    ep.out_f32 = base.data();
    kern.gemm_packed(a.data(), k, m, pb, ep);
    std::vector<int8_t> q(size_t(m) * n);
    ep.out_f32 = nullptr;
    ep.accumulate = false;
    ep.out_i8 = q.data();
    ep.out_inv = inv[0];
    kern.gemm_packed(a.data(), k, m, pb, ep);
    put(f); put(base); put(q);
  } else {
    return 2;
  }
  return 0;
}
