// What the encoder and decoder exchange for a batch of sentences.
#pragma once

#include <cstddef>
#include <cstdint>

#include "model/attention.h"

namespace mnmt {

// Source sentences concatenated: sentence s is tokens[starts[s] .. starts[s + 1]) and ends with eos.
struct SourceBatch {
  const int* tokens = nullptr;
  const int* starts = nullptr;  // [count + 1]
  int count = 0;

  int length(int s) const { return starts[s + 1] - starts[s]; }
  size_t total_tokens() const { return static_cast<size_t>(starts[count]); }
};

// The sizes a batch's workspace is laid out for.
struct BatchShape {
  int sentences = 0;
  size_t source_tokens = 0;  // all sentences, eos included
  int longest_source = 0;
  int hypotheses = 0;        // most decoder rows live at once
  int target_positions = 0;  // most decoder steps of any sentence
};

// The cross-attention keys and values of every decoder layer, computed once per sentence from the
// encoder output. Sentence s owns a block at data + 2 * layers * d * starts[s]; inside it, layer j
// holds K [n][d] followed by V transposed [d][n] (n = the sentence's length).
struct CrossMemory {
  int8_t* data = nullptr;
  const int* starts = nullptr;
  int layers = 0;
  int d = 0;

  template <typename Carver>
  void carve(Carver& arena, size_t source_tokens, int n_layers, int d_model) {
    data = arena.template take<int8_t>(2 * static_cast<size_t>(n_layers) * d_model * source_tokens);
    layers = n_layers;
    d = d_model;
  }
  int length(int s) const { return starts[s + 1] - starts[s]; }
  int8_t* keys(int s, int layer) const {
    const size_t n = static_cast<size_t>(length(s));
    return data + 2 * static_cast<size_t>(layers) * d * static_cast<size_t>(starts[s]) + 2 * n * d * layer;
  }
  int8_t* values_t(int s, int layer) const { return keys(s, layer) + static_cast<size_t>(length(s)) * d; }
  HeadKV head(int s, int layer, int h, int head_dim) const {
    const int n = length(s);
    return {keys(s, layer) + static_cast<size_t>(h) * head_dim, d,
            values_t(s, layer) + static_cast<size_t>(h) * head_dim * n, n, n};
  }
};

}  // namespace mnmt
