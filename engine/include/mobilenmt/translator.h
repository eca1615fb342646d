// MobileNMT public API: load a model once, then translate with a Translator (text) or a Session
// (token ids).
//
// Basic usage:
//   auto model = mnmt::Model::load("en-de.mnmt");
//   mnmt::Translator translator(model, {/*beam_size=*/4});
//   std::cout << translator.translate("Hello world. How are you?").text << "\n";
//
// Errors are mnmt::Error exceptions (mobilenmt/errors.h). A Session or Translator is not
// thread-safe; use one per thread over a shared Model.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mobilenmt/errors.h"
#include "mobilenmt/model.h"
#include "mobilenmt/translate_options.h"

namespace mnmt {

class SessionState;  // engine-internal: workspace arena, caches and search buffers

// Per-request state over a Model: the KV caches and one scratch arena. The arena is sized before
// decoding starts for the largest batch seen so far; the decoding loop itself never allocates.
class Session {
 public:
  explicit Session(std::shared_ptr<const Model> model, const TranslateOptions& options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Translates SentencePiece id sequences (without eos) into target ids (without eos), in batches
  // of options.max_batch_size. A source may hold at most max_positions - 1 ids.
  std::vector<std::vector<int>> translate_ids(const std::vector<std::vector<int>>& sources);

  const Model& model() const { return *model_; }
  const TranslateOptions& options() const { return options_; }
  size_t workspace_bytes() const;  // current arena capacity

 private:
  std::shared_ptr<const Model> model_;
  TranslateOptions options_;
  std::unique_ptr<SessionState> state_;
};

struct SentenceTranslation {
  std::string source;           // the sentence as split from the segment
  std::string target;           // its translation
  std::vector<int> source_ids;  // SentencePiece ids of the source, without eos
  std::vector<int> target_ids;  // output ids, without eos
};

struct TranslationResult {
  std::string text;                            // the sentence translations joined by a space
  std::vector<SentenceTranslation> sentences;  // empty for an empty or blank segment
  // translate_batch only: set when this segment was rejected (code kBadInput); text is then empty.
  std::optional<Error> error;
};

// Text in, text out: UTF-8 validation, sentence splitting, SentencePiece, batching.
class Translator {
 public:
  explicit Translator(std::shared_ptr<const Model> model, const TranslateOptions& options = {});

  // Translates one segment (e.g. one line or paragraph). Throws Error(kBadInput) for invalid UTF-8
  // or a sentence longer than max_positions - 1 tokens.
  TranslationResult translate(std::string_view segment);
  // Translates many segments, batching their sentences together. A bad segment does not stop the
  // others: its result carries the error. Cancellation and engine failures still throw.
  std::vector<TranslationResult> translate_batch(const std::vector<std::string>& segments);

  // The SentencePiece ids of one sentence, without eos (no validation, no splitting).
  std::vector<int> tokenize(std::string_view sentence) const;
  std::string detokenize(const std::vector<int>& ids) const;

  const Session& session() const { return session_; }

 private:
  std::shared_ptr<const Model> model_;
  Session session_;
};

}  // namespace mnmt
