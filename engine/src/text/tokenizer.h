// SentencePiece, loaded from the serialized model stored in the .mnmt file.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace mnmt {

class Tokenizer {
 public:
  // Parses the serialized ModelProto. Throws Error(kBadModel) when SentencePiece rejects it or when it
  // has more pieces than the model's vocabulary.
  Tokenizer(std::string_view serialized_model, int vocab_size);
  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  std::vector<int> encode(std::string_view text) const;
  // Ids outside the SentencePiece vocabulary (model padding) are skipped.
  std::string decode(const std::vector<int>& ids) const;

 private:
  std::unique_ptr<sentencepiece::SentencePieceProcessor> processor_;
  int piece_count_ = 0;
};

}  // namespace mnmt
