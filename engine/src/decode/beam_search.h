// Beam search over a batch of sentences (docs/numerics.md §8). Per sentence and step, the best
// `beam` (hypothesis, token) pairs by cumulative log-probability (ties: lower hypothesis index, then
// lower token id) are kept; those ending in eos finish with score / lp(len). A sentence stops once
// `beam` hypotheses finished, or at its length limit, where the live ones finish as they stand.
// The best normalized score wins; ties go to the one finished first.
#pragma once

#include <cstddef>

#include "decode/search.h"
#include "decode/step_model.h"

namespace mnmt {

class BeamSearch {
 public:
  BeamSearch(int beam_size, float length_penalty) : beam_(beam_size), alpha_(length_penalty) {}

  template <typename Carver>
  void carve(Carver& arena, int sentences, int max_length, int vocab_size) {
    const size_t rows = static_cast<size_t>(sentences) * beam_;
    const size_t history = rows * static_cast<size_t>(max_length);
    for (Rows* r : {&live_, &next_}) {
      r->tokens = arena.template take<int>(rows);
      r->sentence = arena.template take<int>(rows);
      r->score = arena.template take<float>(rows);
      r->history = arena.template take<int>(history);
    }
    parents_ = arena.template take<int>(rows);
    logp_ = arena.template take<float>(static_cast<size_t>(vocab_size));
    exp_scratch_ = arena.template take<float>(static_cast<size_t>(vocab_size));
    top_score_ = arena.template take<float>(static_cast<size_t>(beam_));
    top_row_ = arena.template take<int>(static_cast<size_t>(beam_));
    top_token_ = arena.template take<int>(static_cast<size_t>(beam_));
    finished_ = arena.template take<int>(static_cast<size_t>(sentences));
    best_ = arena.template take<float>(static_cast<size_t>(sentences));
    history_stride_ = max_length;
  }

  void run(StepModel& model, const SearchSpec& spec, SearchOutput& out);

 private:
  // The hypotheses of one step, grouped by sentence.
  struct Rows {
    int* tokens = nullptr;  // last token (the next decoder input)
    int* sentence = nullptr;
    float* score = nullptr;  // cumulative log-probability
    int* history = nullptr;  // [row][history_stride_] tokens so far
  };

  int select_top(const float* logits, int vocab, int first, int count);
  void finish(int sentence, float normalized, const int* tokens, int length, SearchOutput& out);
  float length_penalty(int length) const;

  int beam_;
  float alpha_;
  int history_stride_ = 0;
  Rows live_, next_;
  int* parents_ = nullptr;
  float* logp_ = nullptr;
  float* exp_scratch_ = nullptr;
  float* top_score_ = nullptr;  // [beam] best candidates of one sentence, best first
  int* top_row_ = nullptr;
  int* top_token_ = nullptr;
  int* finished_ = nullptr;  // [sentence] hypotheses finished so far
  float* best_ = nullptr;    // [sentence] best normalized score so far
};

}  // namespace mnmt
