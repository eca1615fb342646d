// Run-time kernel choice. Built without ISA flags so it never executes an unsupported instruction.
#include <cstdlib>
#include <stdexcept>

#include "gemm.h"

namespace mnmt {

extern const GemmKernel kScalarKernel;

std::vector<const GemmKernel*> available_kernels() { return {&kScalarKernel}; }

const GemmKernel* find_kernel(const std::string& name) {
  for (const GemmKernel* k : available_kernels()) {
    if (name == k->name) return k;
  }
  return nullptr;
}

const GemmKernel& best_kernel() {
  static const GemmKernel* chosen = [] {
    const char* forced = std::getenv("MNMT_FORCE_ISA");
    if (forced != nullptr && *forced != '\0') {
      const GemmKernel* k = find_kernel(forced);
      if (k == nullptr) throw std::runtime_error(std::string("MNMT_FORCE_ISA=") + forced + " is not available on this CPU");
      return k;
    }
    return available_kernels().back();
  }();
  return *chosen;
}

}  // namespace mnmt
