#include "decode/greedy_search.h"

#include "vecops.h"

namespace mnmt {

void GreedySearch::run(StepModel& model, const SearchSpec& spec, SearchOutput& out) {
  const int vocab = model.vocab_size();
  int live = 0;
  for (int s = 0; s < spec.sentences; ++s) {
    out.lengths[s] = 0;
    if (spec.max_lengths[s] > 0) {
      tokens_[live] = spec.bos_id;
      sentence_of_[live] = s;
      ++live;
    }
  }
  for (int position = 0; live > 0; ++position) {
    throw_if_cancelled(spec.cancel);
    const float* logits = model.step(tokens_, sentence_of_, live, position);
    int kept = 0;
    for (int i = 0; i < live; ++i) {
      const int s = sentence_of_[i];
      const int token = argmax(logits + static_cast<size_t>(i) * vocab, vocab);
      if (token == spec.eos_id) continue;
      out.tokens[static_cast<size_t>(s) * out.stride + out.lengths[s]] = token;
      if (++out.lengths[s] == spec.max_lengths[s]) continue;
      parents_[kept] = i;
      tokens_[kept] = token;
      sentence_of_[kept] = s;
      ++kept;
    }
    if (kept == 0) break;
    if (kept < live) model.reorder(parents_, kept);
    live = kept;
  }
}

}  // namespace mnmt
