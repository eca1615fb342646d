#include "mobilenmt/translator.h"

#include <utility>

#include "text/sentence_splitter.h"
#include "text/utf8.h"
#include "translator_model.h"

namespace mnmt {
namespace {

std::vector<std::string_view> sentences_of(std::string_view segment, bool split) {
  if (split) return split_sentences(segment);
  const std::string_view whole = trim_whitespace(segment);
  if (whole.empty()) return {};
  return {whole};
}

// Validates and tokenizes one segment. Throws Error(kBadInput).
std::vector<SentenceTranslation> prepare(const Tokenizer& tokenizer, const ModelConfig& config,
                                         std::string_view segment, bool split) {
  check_utf8(segment);
  std::vector<SentenceTranslation> out;
  const size_t limit = config.max_positions - 1;
  for (std::string_view sentence : sentences_of(segment, split)) {
    SentenceTranslation t;
    t.source = std::string(sentence);
    t.source_ids = tokenizer.encode(sentence);
    if (t.source_ids.size() > limit) {
      throw Error(ErrorCode::kBadInput,
                  "sentence " + std::to_string(out.size() + 1) + " is " + std::to_string(t.source_ids.size()) +
                      " tokens long; this model translates at most " + std::to_string(limit) + " tokens per sentence");
    }
    out.push_back(std::move(t));
  }
  return out;
}

// Translates the sentences of every result together and fills in their targets and texts.
void translate_prepared(Session& session, const Tokenizer& tokenizer, TranslationResult* results, size_t count) {
  std::vector<std::vector<int>> sources;
  for (size_t r = 0; r < count; ++r) {
    for (const SentenceTranslation& s : results[r].sentences) sources.push_back(s.source_ids);
  }
  std::vector<std::vector<int>> targets = session.translate_ids(sources);
  size_t next = 0;
  for (size_t r = 0; r < count; ++r) {
    TranslationResult& result = results[r];
    for (size_t i = 0; i < result.sentences.size(); ++i) {
      SentenceTranslation& s = result.sentences[i];
      s.target_ids = std::move(targets[next++]);
      s.target = tokenizer.decode(s.target_ids);
      result.text += (i ? " " : "") + s.target;
    }
  }
}

}  // namespace

Translator::Translator(std::shared_ptr<const Model> model, const TranslateOptions& options)
    : model_(model), session_(std::move(model), options) {}

std::vector<int> Translator::tokenize(std::string_view sentence) const {
  return model_->internals().tokenizer.encode(sentence);
}

std::string Translator::detokenize(const std::vector<int>& ids) const {
  return model_->internals().tokenizer.decode(ids);
}

TranslationResult Translator::translate(std::string_view segment) {
  TranslationResult result;
  result.sentences =
      prepare(model_->internals().tokenizer, model_->config(), segment, session_.options().split_sentences);
  translate_prepared(session_, model_->internals().tokenizer, &result, 1);
  return result;
}

std::vector<TranslationResult> Translator::translate_batch(const std::vector<std::string>& segments) {
  std::vector<TranslationResult> results(segments.size());
  for (size_t i = 0; i < segments.size(); ++i) {
    try {
      results[i].sentences =
          prepare(model_->internals().tokenizer, model_->config(), segments[i], session_.options().split_sentences);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kBadInput) throw;
      results[i].error = e;
    }
  }
  translate_prepared(session_, model_->internals().tokenizer, results.data(), results.size());
  return results;
}

}  // namespace mnmt
