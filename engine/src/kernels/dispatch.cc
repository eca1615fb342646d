// Run-time kernel choice. Built without ISA flags so it never executes an unsupported instruction.
#include <cstdlib>
#include <stdexcept>

#include "cpu_features.h"
#include "gemm.h"

namespace mnmt {

extern const GemmKernel kScalarKernel;
#ifdef MNMT_KERNEL_AVX2
extern const GemmKernel kAvx2Kernel;
#endif
#ifdef MNMT_KERNEL_AVXVNNI
extern const GemmKernel kAvxVnniKernel;
#endif
#ifdef MNMT_KERNEL_AVX512VNNI
extern const GemmKernel kAvx512VnniKernel;
#endif
#ifdef MNMT_KERNEL_NEON
extern const GemmKernel kNeonKernel;
#endif
#ifdef MNMT_KERNEL_DOTPROD
extern const GemmKernel kDotprodKernel;
#endif
#ifdef MNMT_KERNEL_WASM_SIMD
extern const GemmKernel kWasmSimdKernel;
#endif

namespace {

struct KernelEntry {
  const GemmKernel* kernel;
  bool (*supported)(const CpuFeatures&);
};

// Every kernel compiled into this build, worst to best. MNMT_KERNEL_<NAME> comes from
// mnmt_add_kernel_isa() in kernels.cmake.
const KernelEntry kKernelTable[] = {
    {&kScalarKernel, [](const CpuFeatures&) { return true; }},
#ifdef MNMT_KERNEL_AVX2
    {&kAvx2Kernel, [](const CpuFeatures& f) { return f.avx2; }},
#endif
#ifdef MNMT_KERNEL_AVXVNNI
    {&kAvxVnniKernel, [](const CpuFeatures& f) { return f.avxvnni; }},
#endif
#ifdef MNMT_KERNEL_AVX512VNNI
    {&kAvx512VnniKernel, [](const CpuFeatures& f) { return f.avx512vnni; }},
#endif
#ifdef MNMT_KERNEL_NEON
    {&kNeonKernel, [](const CpuFeatures& f) { return f.neon; }},
#endif
#ifdef MNMT_KERNEL_DOTPROD
    {&kDotprodKernel, [](const CpuFeatures& f) { return f.dotprod; }},
#endif
#ifdef MNMT_KERNEL_WASM_SIMD
    {&kWasmSimdKernel, [](const CpuFeatures&) { return true; }},  // SIMD128 is chosen at build time
#endif
};

}  // namespace

std::vector<const GemmKernel*> available_kernels() {
  std::vector<const GemmKernel*> out;
  for (const KernelEntry& e : kKernelTable) {
    if (e.supported(cpu_features())) out.push_back(e.kernel);
  }
  return out;
}

const GemmKernel* find_kernel(const std::string& name) {
  for (const GemmKernel* k : available_kernels()) {
    if (name == k->name) return k;
  }
  return nullptr;
}

const GemmKernel& choose_kernel(const char* forced_isa) {
  if (forced_isa == nullptr || *forced_isa == '\0') return *available_kernels().back();
  if (const GemmKernel* k = find_kernel(forced_isa)) return *k;
  std::string compiled;
  for (const KernelEntry& e : kKernelTable) compiled += std::string(compiled.empty() ? "" : ", ") + e.kernel->name;
  for (const KernelEntry& e : kKernelTable) {
    if (std::string(forced_isa) == e.kernel->name) {
      throw std::runtime_error(std::string("MNMT_FORCE_ISA=") + forced_isa +
                               ": this CPU does not support it (CPU features: " + describe(cpu_features()) + ")");
    }
  }
  throw std::runtime_error(std::string("MNMT_FORCE_ISA=") + forced_isa +
                           ": unknown kernel; this build has: " + compiled);
}

const GemmKernel& best_kernel() {
  static const GemmKernel& chosen = choose_kernel(std::getenv("MNMT_FORCE_ISA"));
  return chosen;
}

}  // namespace mnmt
