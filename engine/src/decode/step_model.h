// What a search strategy needs from a decoder, and nothing about how it is built.
#pragma once

namespace mnmt {

class StepModel {
 public:
  virtual ~StepModel() = default;

  // Feeds tokens[i] at `position` to hypothesis i, which continues source sentence sentences[i], for
  // i < count. Returns the logits, [count][vocab_size()], valid until the next call.
  virtual const float* step(const int* tokens, const int* sentences, int count, int position) = 0;
  // Hypothesis i continues from the state of hypothesis parents[i], for i < count (parents index the
  // hypotheses of the last step).
  virtual void reorder(const int* parents, int count) = 0;
  virtual int vocab_size() const = 0;
};

}  // namespace mnmt
