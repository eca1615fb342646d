// Greedy decoding of a batch of sentences: the argmax token at each step (ties: lowest id) until
// eos or the length limit; finished sentences leave the batch.
#pragma once

#include <cstddef>

#include "decode/search.h"
#include "decode/step_model.h"

namespace mnmt {

class GreedySearch {
 public:
  template <typename Carver>
  void carve(Carver& arena, int sentences) {
    const size_t n = static_cast<size_t>(sentences);
    tokens_ = arena.template take<int>(n);
    sentence_of_ = arena.template take<int>(n);
    parents_ = arena.template take<int>(n);
  }

  void run(StepModel& model, const SearchSpec& spec, SearchOutput& out);

 private:
  int* tokens_ = nullptr;       // [live] next decoder input of each live sentence
  int* sentence_of_ = nullptr;  // [live]
  int* parents_ = nullptr;      // [live] rows kept after a step
};

}  // namespace mnmt
