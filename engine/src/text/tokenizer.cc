#include "text/tokenizer.h"

#include <sentencepiece_processor.h>

#include <exception>
#include <string>

#include "mobilenmt/errors.h"

namespace mnmt {

Tokenizer::Tokenizer(std::string_view serialized_model, int vocab_size)
    : processor_(std::make_unique<sentencepiece::SentencePieceProcessor>()) {
  sentencepiece::util::Status status;
  try {
    status = processor_->LoadFromSerializedProto(absl::string_view(serialized_model.data(), serialized_model.size()));
  } catch (const std::exception& e) {  // its trie builder throws on some malformed vocabularies
    throw Error(ErrorCode::kBadModel, std::string("SentencePiece model rejected: ") + e.what());
  }
  if (!status.ok()) throw Error(ErrorCode::kBadModel, "SentencePiece model rejected: " + status.ToString());
  piece_count_ = processor_->GetPieceSize();
  if (piece_count_ <= 0 || piece_count_ > vocab_size) {
    throw Error(ErrorCode::kBadModel, "SentencePiece model has " + std::to_string(piece_count_) +
                                          " pieces, the model's vocab_size is " + std::to_string(vocab_size));
  }
}

Tokenizer::~Tokenizer() = default;

std::vector<int> Tokenizer::encode(std::string_view text) const {
  std::vector<int> ids;
  const auto status = processor_->Encode(absl::string_view(text.data(), text.size()), &ids);
  if (!status.ok()) throw Error(ErrorCode::kEngine, "SentencePiece encode failed: " + status.ToString());
  return ids;
}

std::string Tokenizer::decode(const std::vector<int>& ids) const {
  std::vector<int> known;
  known.reserve(ids.size());
  for (int id : ids) {
    if (id >= 0 && id < piece_count_) known.push_back(id);
  }
  std::string text;
  const auto status = processor_->Decode(known, &text);
  if (!status.ok()) throw Error(ErrorCode::kEngine, "SentencePiece decode failed: " + status.ToString());
  return text;
}

}  // namespace mnmt
