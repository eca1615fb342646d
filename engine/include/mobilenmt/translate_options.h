// How a Session or Translator translates. Every field has a default that suits interactive use.
#pragma once

#include <atomic>

namespace mnmt {

struct TranslateOptions {
  // 1: greedy search. N > 1: beam search keeping N hypotheses per sentence (at most 64).
  int beam_size = 1;
  // GNMT length-penalty exponent alpha used to rank finished beam hypotheses (beam search only).
  // 1.5 scored best on the newstest2013 dev set for both shipped models (models/MODEL_CARD.md).
  float length_penalty = 1.5f;
  // Sentences encoded and decoded together (at most 256). Results do not depend on it.
  int max_batch_size = 8;
  // Split segments that hold several sentences with the rule-based splitter, translate each
  // sentence and join the translations with a space. Off: each segment is one sentence.
  bool split_sentences = true;
  // Optional cancellation flag, polled between sentence batches and between decoder steps; once it
  // reads true the running call throws Error(kAborted). The caller owns it.
  const std::atomic<bool>* cancel = nullptr;
};

}  // namespace mnmt
