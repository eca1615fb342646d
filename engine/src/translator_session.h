// The engine side of a Session: one batch at a time, laid out in one arena.
//   prepare(): sizes the workspace for the batch (the only step that may allocate) and copies it in;
//   run():     encoder, cross K/V, then greedy or beam search; allocates nothing;
//   output():  the target ids of each sentence of the last run.
#pragma once

#include <cstddef>
#include <vector>

#include "decode/beam_search.h"
#include "decode/greedy_search.h"
#include "mobilenmt/translate_options.h"
#include "model/arena.h"
#include "model/batch.h"
#include "model/decoder.h"
#include "model/encoder.h"
#include "translator_model.h"

namespace mnmt {

class SessionState {
 public:
  // Beam search of width options.beam_size when `beam_search`, else greedy search.
  SessionState(const LoadedModel& model, const TranslateOptions& options, bool beam_search);

  // sources[0..count): SentencePiece ids without eos, already checked against the vocabulary and
  // the position limit.
  void prepare(const std::vector<int>* const* sources, int count);
  void run();
  const int* output(int sentence, int* length) const;

  size_t capacity() const { return arena_.capacity(); }

 private:
  template <typename Carver>
  void layout(Carver& arena);

  const LoadedModel& model_;
  TranslateOptions options_;
  bool beam_search_;
  BatchShape shape_;
  int max_target_ = 0;
  Arena arena_;
  int* tokens_ = nullptr;       // [source tokens] concatenated sources, each ending in eos
  int* starts_ = nullptr;       // [sentences + 1]
  int* max_lengths_ = nullptr;  // [sentences]
  int* out_tokens_ = nullptr;   // [sentences][max_target_]
  int* out_lengths_ = nullptr;  // [sentences]
  EncoderBuffers encoder_buffers_;
  CrossMemory memory_;
  DecoderBuffers decoder_buffers_;
  GreedySearch greedy_;
  BeamSearch beam_;
};

}  // namespace mnmt
