#include "model/kv_cache.h"

#include <cstring>
#include <utility>

namespace mnmt {

void SelfAttentionCache::append(int hypothesis, int layer, int position, const int8_t* k, const int8_t* v) {
  std::memcpy(keys(live_, hypothesis, layer) + static_cast<size_t>(position) * d_, k, static_cast<size_t>(d_));
  int8_t* vt = values_t(live_, hypothesis, layer) + position;
  for (int c = 0; c < d_; ++c) vt[static_cast<size_t>(c) * positions_] = v[c];
}

HeadKV SelfAttentionCache::head(int hypothesis, int layer, int h, int head_dim, int count) const {
  const size_t column = static_cast<size_t>(h) * head_dim;
  return {keys(live_, hypothesis, layer) + column, d_, values_t(live_, hypothesis, layer) + column * positions_,
          positions_, count};
}

void SelfAttentionCache::copy(int8_t* to_base, int to, int8_t* from_base, int from, int filled) const {
  for (int layer = 0; layer < layers_; ++layer) {
    std::memcpy(keys(to_base, to, layer), keys(from_base, from, layer), static_cast<size_t>(filled) * d_);
    const int8_t* src = values_t(from_base, from, layer);
    int8_t* dst = values_t(to_base, to, layer);
    for (int c = 0; c < d_; ++c) {
      std::memcpy(dst + static_cast<size_t>(c) * positions_, src + static_cast<size_t>(c) * positions_,
                  static_cast<size_t>(filled));
    }
  }
}

void SelfAttentionCache::reorder(const int* parents, int count, int filled) {
  bool increasing = true;
  for (int i = 1; i < count && increasing; ++i) increasing = parents[i] > parents[i - 1];
  if (increasing) {
    // Only dropping hypotheses: blocks move towards the front, each read before it can be overwritten.
    for (int i = 0; i < count; ++i) {
      if (parents[i] != i) copy(live_, i, live_, parents[i], filled);
    }
    return;
  }
  for (int i = 0; i < count; ++i) copy(spare_, i, live_, parents[i], filled);
  std::swap(live_, spare_);
}

}  // namespace mnmt
