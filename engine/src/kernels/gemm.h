// The one int8 GEMM interface. Each ISA provides a GemmKernel in its own file (gemm_<isa>.cc);
// every one is bit-identical to gemm_scalar.cc (docs/numerics.md §2). Kernels know nothing of models.
// The x86 kernels share one driver (panel_gemm.h: packed layout, tiling loops) and supply only their
// instructions; NEON and WASM SIMD128 have layouts of their own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mnmt {

enum class Activation : uint8_t { kNone, kRelu, kGelu };

// What happens to each int32 accumulator of a packed GEMM (docs/numerics.md §2):
//   t = float(acc) * mul[n] (+ bias[n]); t = act(t); then exactly one of the three outputs.
struct Epilogue {
  const float* mul = nullptr;   // [n] combined scale: activation step * weight row scale
  const float* bias = nullptr;  // [n] or null
  Activation activation = Activation::kNone;
  float* out_f32 = nullptr;     // store t (or add it, when accumulate is set) at out_f32[m * ldo + n]
  bool accumulate = false;
  int8_t* out_i8 = nullptr;     // store quantize(t, out_inv) at out_i8[m * ldo + n]
  float out_inv = 0.f;
  int32_t* out_i32 = nullptr;   // store the raw accumulator (tests, benchmarks)
  int ldo = 0;
};

// Weights B ([n][k] int8 row-major, as in the model file) repacked for one kernel, once at load.
struct PackedB {
  int n = 0, k = 0;
  std::vector<int8_t> data;       // kernel-specific layout, 64-byte aligned use is up to the kernel
  std::vector<int32_t> col_sums;  // sum over k of each row of B (for u8 x s8 instructions)
};

struct GemmKernel {
  const char* name;  // "scalar", "avx2", "avx512vnni", "avxvnni", "neon", "dotprod", "wasm_simd"
  // Repacks b [n][k] into out.
  void (*pack)(const int8_t* b, int n, int k, PackedB* out);
  // For each of m rows of a (row stride lda): acc[n] = sum_k a[m][k] * b[n][k]; then the epilogue.
  void (*gemm_packed)(const int8_t* a, int lda, int m, const PackedB& b, const Epilogue& ep);
  // Unpacked B with row stride ldb (attention: K cache rows, transposed V cache rows):
  // c[i * ldc + j] = sum_k a[i * lda + k] * b[j * ldb + k], int32.
  void (*gemm_i32)(const int8_t* a, int lda, const int8_t* b, int ldb, int m, int n, int k, int32_t* c,
                   int ldc);
};

// Every kernel compiled into this build that the running CPU supports, scalar first.
std::vector<const GemmKernel*> available_kernels();
// The best available kernel, or the one MNMT_FORCE_ISA names (an unknown or unsupported name throws
// std::runtime_error). The choice is made once.
const GemmKernel& best_kernel();
const GemmKernel* find_kernel(const std::string& name);  // null when absent or unsupported

// Shared by all kernels: apply the epilogue to acc[0..count) for output row `row`, columns n0...
void apply_epilogue(const int32_t* acc, int row, int n0, int count, const Epilogue& ep);

// What the SIMD epilogues need for output row `row` from column n0, copied out of ep so that their
// stores cannot make the compiler reload ep's fields. They handle the cases vectorizable() accepts and
// leave GELU and raw int32 output to apply_epilogue().
struct EpilogueRow {
  static bool vectorizable(const Epilogue& ep) {
    return ep.out_i32 == nullptr && ep.activation != Activation::kGelu;
  }
  EpilogueRow(const Epilogue& ep, int row, int n0)
      : mul(ep.mul + n0),
        bias(ep.bias != nullptr ? ep.bias + n0 : nullptr),
        out_i8(ep.out_i8 != nullptr ? ep.out_i8 + static_cast<size_t>(row) * ep.ldo + n0 : nullptr),
        out_f32(ep.out_f32 != nullptr ? ep.out_f32 + static_cast<size_t>(row) * ep.ldo + n0 : nullptr),
        out_inv(ep.out_inv),
        relu(ep.activation == Activation::kRelu),
        accumulate(ep.accumulate) {}
  const float* mul;
  const float* bias;  // null when there is none
  int8_t* out_i8;     // exactly one of out_i8 and out_f32 is set
  float* out_f32;
  float out_inv;
  bool relu, accumulate;
};

}  // namespace mnmt
