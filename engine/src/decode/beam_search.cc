#include "decode/beam_search.h"

#include <algorithm>
#include <utility>

#include "vecops.h"

namespace mnmt {

float BeamSearch::length_penalty(int length) const {
  const float x = static_cast<float>(5 + length) / 6.0f;
  return exp_m(alpha_ * log_m(x));
}

// Fills top_* with the best min(beam, count * vocab) candidates of rows [first, first + count).
int BeamSearch::select_top(const float* logits, int vocab, int first, int count) {
  int n = 0;
  for (int row = first; row < first + count; ++row) {
    log_softmax(logits + static_cast<size_t>(row) * vocab, vocab, logp_, exp_scratch_);
    const float base = live_.score[row];
    for (int v = 0; v < vocab; ++v) {
      const float score = base + logp_[v];
      if (n == beam_ && !(score > top_score_[n - 1])) continue;
      // Candidates arrive in (row, token) order, so a new one goes after every equal score.
      int at = n < beam_ ? n : n - 1;
      while (at > 0 && top_score_[at - 1] < score) {
        top_score_[at] = top_score_[at - 1];
        top_row_[at] = top_row_[at - 1];
        top_token_[at] = top_token_[at - 1];
        --at;
      }
      top_score_[at] = score;
      top_row_[at] = row;
      top_token_[at] = v;
      if (n < beam_) ++n;
    }
  }
  return n;
}

void BeamSearch::finish(int sentence, float normalized, const int* tokens, int length, SearchOutput& out) {
  if (finished_[sentence]++ > 0 && !(normalized > best_[sentence])) return;
  best_[sentence] = normalized;
  std::copy(tokens, tokens + length, out.tokens + static_cast<size_t>(sentence) * out.stride);
  out.lengths[sentence] = length;
}

void BeamSearch::run(StepModel& model, const SearchSpec& spec, SearchOutput& out) {
  const int vocab = model.vocab_size();
  int live = 0;
  for (int s = 0; s < spec.sentences; ++s) {
    out.lengths[s] = 0;
    finished_[s] = 0;
    if (spec.max_lengths[s] > 0) {
      live_.tokens[live] = spec.bos_id;
      live_.sentence[live] = s;
      live_.score[live] = 0.0f;
      ++live;
    }
  }
  for (int position = 0; live > 0; ++position) {
    throw_if_cancelled(spec.cancel);
    const float* logits = model.step(live_.tokens, live_.sentence, live, position);
    int next = 0;
    for (int first = 0; first < live;) {
      const int s = live_.sentence[first];
      int end = first;
      while (end < live && live_.sentence[end] == s) ++end;
      const int candidates = select_top(logits, vocab, first, end - first);
      const int kept_from = next;
      for (int c = 0; c < candidates; ++c) {
        const int row = top_row_[c];
        const int* history = live_.history + static_cast<size_t>(row) * history_stride_;
        if (top_token_[c] == spec.eos_id) {
          finish(s, top_score_[c] / length_penalty(position + 1), history, position, out);
          continue;
        }
        int* extended = next_.history + static_cast<size_t>(next) * history_stride_;
        std::copy(history, history + position, extended);
        extended[position] = top_token_[c];
        next_.tokens[next] = top_token_[c];
        next_.sentence[next] = s;
        next_.score[next] = top_score_[c];
        parents_[next] = row;
        ++next;
      }
      const bool done = finished_[s] >= beam_ || next == kept_from;
      if (!done && position + 1 == spec.max_lengths[s]) {
        for (int r = kept_from; r < next; ++r) {
          finish(s, next_.score[r] / length_penalty(position + 1),
                 next_.history + static_cast<size_t>(r) * history_stride_, position + 1, out);
        }
        next = kept_from;
      } else if (done) {
        next = kept_from;
      }
      first = end;
    }
    if (next == 0) break;
    model.reorder(parents_, next);
    std::swap(live_, next_);
    live = next;
  }
}

}  // namespace mnmt
