#include "translator_session.h"

#include <algorithm>
#include <string>

#include "decode/length_policy.h"
#include "decode/search.h"
#include "mobilenmt/translator.h"

namespace mnmt {
namespace {

constexpr int kMaxBeamSize = 64;
constexpr int kMaxBatchSize = 256;

void check_options(const TranslateOptions& o) {
  if (o.beam_size < 1 || o.beam_size > kMaxBeamSize) {
    throw Error(ErrorCode::kBadInput,
                "beam size " + std::to_string(o.beam_size) + " outside 1.." + std::to_string(kMaxBeamSize));
  }
  if (o.max_batch_size < 1 || o.max_batch_size > kMaxBatchSize) {
    throw Error(ErrorCode::kBadInput,
                "batch size " + std::to_string(o.max_batch_size) + " outside 1.." + std::to_string(kMaxBatchSize));
  }
  if (!(o.length_penalty >= 0.0f && o.length_penalty <= 10.0f)) {
    throw Error(ErrorCode::kBadInput, "length penalty " + std::to_string(o.length_penalty) + " outside 0..10");
  }
}

void check_source(const std::vector<int>& ids, size_t index, const ModelConfig& c) {
  if (ids.size() > c.max_positions - 1) {
    throw Error(ErrorCode::kBadInput, "sentence " + std::to_string(index + 1) + " has " + std::to_string(ids.size()) +
                                          " tokens; this model accepts at most " + std::to_string(c.max_positions - 1));
  }
  for (int id : ids) {
    if (id < 0 || static_cast<uint32_t>(id) >= c.vocab_size) {
      throw Error(ErrorCode::kBadInput, "sentence " + std::to_string(index + 1) + " has token id " +
                                            std::to_string(id) + " outside the vocabulary");
    }
  }
}

}  // namespace

SessionState::SessionState(const LoadedModel& model, const TranslateOptions& options, bool beam_search)
    : model_(model), options_(options), beam_search_(beam_search), beam_(options.beam_size, options.length_penalty) {}

template <typename Carver>
void SessionState::layout(Carver& arena) {
  const ModelConfig& c = model_.weights.config;
  tokens_ = arena.template take<int>(shape_.source_tokens);
  starts_ = arena.template take<int>(static_cast<size_t>(shape_.sentences) + 1);
  max_lengths_ = arena.template take<int>(static_cast<size_t>(shape_.sentences));
  out_tokens_ = arena.template take<int>(static_cast<size_t>(shape_.sentences) * max_target_);
  out_lengths_ = arena.template take<int>(static_cast<size_t>(shape_.sentences));
  encoder_buffers_.carve(arena, c, shape_);
  memory_.carve(arena, shape_.source_tokens, static_cast<int>(c.n_dec_layers), static_cast<int>(c.d_model));
  decoder_buffers_.carve(arena, c, shape_);
  if (beam_search_) {
    beam_.carve(arena, shape_.sentences, max_target_, static_cast<int>(c.vocab_size));
  } else {
    greedy_.carve(arena, shape_.sentences);
  }
}

void SessionState::prepare(const std::vector<int>* const* sources, int count) {
  const ModelConfig& c = model_.weights.config;
  shape_ = BatchShape{};
  shape_.sentences = count;
  max_target_ = 0;
  for (int s = 0; s < count; ++s) {
    const int length = static_cast<int>(sources[s]->size()) + 1;
    shape_.source_tokens += static_cast<size_t>(length);
    shape_.longest_source = std::max(shape_.longest_source, length);
    max_target_ = std::max(
        max_target_, max_target_length(c.length_ratio, c.length_offset, length, static_cast<int>(c.max_positions)));
  }
  shape_.hypotheses = count * options_.beam_size;
  shape_.target_positions = max_target_;

  ArenaPlan plan;
  layout(plan);
  arena_.reset(plan.bytes());
  layout(arena_);

  size_t at = 0;
  for (int s = 0; s < count; ++s) {
    starts_[s] = static_cast<int>(at);
    for (int id : *sources[s]) tokens_[at++] = id;
    tokens_[at++] = static_cast<int>(c.eos_id);
    max_lengths_[s] = max_target_length(c.length_ratio, c.length_offset, static_cast<int>(sources[s]->size()) + 1,
                                        static_cast<int>(c.max_positions));
  }
  starts_[count] = static_cast<int>(at);
}

void SessionState::run() {
  const ModelConfig& c = model_.weights.config;
  const SourceBatch batch{tokens_, starts_, shape_.sentences};
  memory_.starts = starts_;
  Encoder(model_.weights, model_.kernel).run(batch, encoder_buffers_, memory_);
  Decoder decoder(model_.weights, model_.kernel, decoder_buffers_, memory_);
  SearchSpec spec;
  spec.sentences = shape_.sentences;
  spec.max_lengths = max_lengths_;
  spec.bos_id = static_cast<int>(c.bos_id);
  spec.eos_id = static_cast<int>(c.eos_id);
  spec.cancel = options_.cancel;
  SearchOutput out{out_tokens_, max_target_, out_lengths_};
  if (beam_search_) {
    beam_.run(decoder, spec, out);
  } else {
    greedy_.run(decoder, spec, out);
  }
}

const int* SessionState::output(int sentence, int* length) const {
  *length = out_lengths_[sentence];
  return out_tokens_ + static_cast<size_t>(sentence) * max_target_;
}

Session::Session(std::shared_ptr<const Model> model, const TranslateOptions& options)
    : model_(std::move(model)), options_(options) {
  if (model_ == nullptr) throw Error(ErrorCode::kBadInput, "Session needs a model");
  check_options(options_);
  state_ = std::make_unique<SessionState>(model_->internals(), options_, options_.beam_size > 1);
}

Session::~Session() = default;

size_t Session::workspace_bytes() const { return state_->capacity(); }

std::vector<std::vector<int>> Session::translate_ids(const std::vector<std::vector<int>>& sources) {
  const ModelConfig& c = model_->config();
  for (size_t i = 0; i < sources.size(); ++i) check_source(sources[i], i, c);
  std::vector<std::vector<int>> results(sources.size());
  std::vector<const std::vector<int>*> batch;
  for (size_t first = 0; first < sources.size(); first += static_cast<size_t>(options_.max_batch_size)) {
    throw_if_cancelled(options_.cancel);
    const size_t count = std::min(sources.size() - first, static_cast<size_t>(options_.max_batch_size));
    batch.clear();
    for (size_t i = 0; i < count; ++i) batch.push_back(&sources[first + i]);
    state_->prepare(batch.data(), static_cast<int>(count));
    state_->run();
    for (size_t i = 0; i < count; ++i) {
      int length = 0;
      const int* ids = state_->output(static_cast<int>(i), &length);
      results[first + i].assign(ids, ids + length);
    }
  }
  return results;
}

}  // namespace mnmt
