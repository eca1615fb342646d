// What every search strategy is given and where it writes its results.
#pragma once

#include <atomic>

#include "mobilenmt/errors.h"

namespace mnmt {

struct SearchSpec {
  int sentences = 0;
  const int* max_lengths = nullptr;  // [sentences] target tokens each may produce, eos excluded
  int bos_id = 0;
  int eos_id = 0;
  const std::atomic<bool>* cancel = nullptr;  // polled before every step; may be null
};

// Sentence s's output is tokens[s * stride .. + lengths[s]), eos excluded.
struct SearchOutput {
  int* tokens = nullptr;
  int stride = 0;
  int* lengths = nullptr;
};

inline void throw_if_cancelled(const std::atomic<bool>* cancel) {
  if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
    throw Error(ErrorCode::kAborted, "translation cancelled");
  }
}

}  // namespace mnmt
