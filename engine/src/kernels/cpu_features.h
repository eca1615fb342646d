// What the running CPU (and its OS) can execute, detected once, and other run-time support for the
// ISA kernels. Built without ISA flags.
#pragma once

#include <string>

#include "gemm.h"

namespace mnmt {

struct CpuFeatures {
  bool avx2 = false;        // AVX2 with OS-enabled YMM state
  bool avxvnni = false;     // AVX-VNNI (VEX vpdpbusd), implies avx2
  bool avx512vnni = false;  // AVX-512 F+BW+VL+VNNI with OS-enabled ZMM/opmask state
  bool neon = false;        // AArch64 Advanced SIMD (always present on AArch64 Linux)
  bool dotprod = false;     // ARMv8.2 SDOT/UDOT (HWCAP_ASIMDDP)
};

// Detected on first use and cached; all false on non-x86 targets.
const CpuFeatures& cpu_features();
std::string describe(const CpuFeatures& f);  // e.g. "avx2 avxvnni avx512vnni"

// The kernel selection behind best_kernel(), without caching: `forced_isa` null or empty picks the
// best available kernel; otherwise the named one, or std::runtime_error if unknown or unsupported.
const GemmKernel& choose_kernel(const char* forced_isa);

// Sets out's shape and zero-fills data and col_sums to the given sizes. Kernel files call this
// instead of std::vector members: a template instantiated in a file built with ISA flags is a weak
// symbol that the linker may pick for ordinary code, which then faults on older CPUs.
void reset_packed(PackedB* out, int n, int k, size_t data_bytes, size_t col_sums_count);

}  // namespace mnmt
