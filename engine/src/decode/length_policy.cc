#include "decode/length_policy.h"

#include <cmath>

namespace mnmt {

int max_target_length(float ratio, unsigned offset, int source_length, int max_positions) {
  float limit = ratio * static_cast<float>(source_length);
  limit = limit + static_cast<float>(offset);
  const int cap = max_positions - 1;
  if (!(limit < static_cast<float>(cap))) return cap;  // also catches NaN
  return limit <= 0.0f ? 0 : static_cast<int>(std::floor(limit));
}

}  // namespace mnmt
