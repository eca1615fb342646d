// The C ABI over the C++ engine (mnmt_abi.h). Every entry point catches every exception and turns it
// into a status plus a message, so nothing opaque (an Aborted() or a JS exception) reaches JS.
#include "mnmt_abi.h"

#include <cstdlib>
#include <exception>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "gemm.h"
#include "mobilenmt/translator.h"

struct mnmt_translator {
  struct AlignedFree {
    void operator()(uint8_t* p) const { std::free(p); }
  };
  // Declaration order is destruction order reversed: the engine goes before the bytes it reads.
  std::unique_ptr<uint8_t, AlignedFree> model_bytes;
  size_t model_size = 0;
  std::shared_ptr<const mnmt::Model> model;
  std::map<int, std::unique_ptr<mnmt::Translator>> by_beam_size;  // one per width used, same model
  mnmt::Translator* translator = nullptr;                           // the width in use
  std::string metadata, languages;
  std::vector<char> input;
  std::string output;
  std::vector<int32_t> ids;
  size_t source_tokens = 0;
  std::string error;
};

namespace {

mnmt_status status_of(mnmt::ErrorCode code) {
  switch (code) {
    case mnmt::ErrorCode::kBadModel: return MNMT_MODEL_INVALID;
    case mnmt::ErrorCode::kBadInput: return MNMT_BAD_INPUT;
    case mnmt::ErrorCode::kAborted: return MNMT_ABORTED;
    case mnmt::ErrorCode::kEngine: return MNMT_ENGINE;
  }
  return MNMT_ENGINE;
}

// Makes the translator of width beam_size (created on first use) the one in use; throws on a bad width.
void use_beam_size(mnmt_translator* t, int beam_size) {
  std::unique_ptr<mnmt::Translator>& slot = t->by_beam_size[beam_size];
  if (!slot) {
    mnmt::TranslateOptions options;
    options.beam_size = beam_size;
    options.max_batch_size = 1;
    options.split_sentences = false;  // the JS layer splits with Intl.Segmenter
    try {
      slot = std::make_unique<mnmt::Translator>(t->model, options);
    } catch (...) {
      t->by_beam_size.erase(beam_size);
      throw;
    }
  }
  t->translator = slot.get();
}

// Runs fn, mapping any exception to a status and t->error.
template <typename Fn>
mnmt_status guarded(mnmt_translator* t, Fn&& fn) {
  try {
    t->error.clear();
    fn();
    return MNMT_OK;
  } catch (const mnmt::Error& e) {
    t->error = e.what();
    return status_of(e.code());
  } catch (const std::bad_alloc&) {
    t->error = "out of memory";
  } catch (const std::exception& e) {
    t->error = std::string("internal error: ") + e.what();
  } catch (...) {
    t->error = "internal error";
  }
  return MNMT_ENGINE;
}

// Forgets the loaded model and its translators; keeps the model bytes.
void unload(mnmt_translator* t) {
  t->translator = nullptr;
  t->by_beam_size.clear();
  t->model.reset();
}

void drop_model(mnmt_translator* t) {
  unload(t);
  t->model_bytes.reset();
  t->model_size = 0;
  t->metadata.clear();
  t->languages.clear();
}

}  // namespace

extern "C" {

const char* mnmt_status_name(mnmt_status status) {
  switch (status) {
    case MNMT_OK: return "OK";
    case MNMT_MODEL_INVALID: return "MODEL_INVALID";
    case MNMT_BAD_INPUT: return "BAD_INPUT";
    case MNMT_ABORTED: return "ABORTED";
    case MNMT_ENGINE: return "ENGINE";
  }
  return "ENGINE";
}

const char* mnmt_kernel_name(void) {
  try {
    return mnmt::best_kernel().name;
  } catch (...) {
    return "unavailable";
  }
}

mnmt_translator* mnmt_translator_init(void) { return new (std::nothrow) mnmt_translator(); }

void mnmt_translator_free(mnmt_translator* t) { delete t; }

uint8_t* mnmt_translator_model_buffer(mnmt_translator* t, size_t size) {
  drop_model(t);
  const size_t rounded = (size + 63) / 64 * 64;  // aligned_alloc wants a multiple of the alignment
  t->model_bytes.reset(static_cast<uint8_t*>(std::aligned_alloc(64, rounded == 0 ? 64 : rounded)));
  if (!t->model_bytes) {
    t->error = "out of memory: cannot reserve " + std::to_string(size) + " bytes for the model";
    return nullptr;
  }
  t->model_size = size;
  return t->model_bytes.get();
}

mnmt_status mnmt_translator_load(mnmt_translator* t, int beam_size) {
  if (!t->model_bytes) {
    t->error = "no model buffer: call mnmt_translator_model_buffer first";
    return MNMT_BAD_INPUT;
  }
  unload(t);
  const mnmt_status status = guarded(t, [&] {
    t->model = mnmt::Model::from_buffer(t->model_bytes.get(), t->model_size);
    use_beam_size(t, beam_size < 1 ? 1 : beam_size);
    t->metadata = std::string(t->model->metadata_json());
    t->languages = t->model->config().source_language + "-" + t->model->config().target_language;
  });
  if (status != MNMT_OK) unload(t);  // a half-loaded model is no model
  return status;
}

mnmt_status mnmt_translator_set_beam_size(mnmt_translator* t, int beam_size) {
  if (!t->model) {
    t->error = "no model loaded";
    return MNMT_BAD_INPUT;
  }
  return guarded(t, [&] { use_beam_size(t, beam_size); });
}

char* mnmt_translator_input_buffer(mnmt_translator* t, size_t size) {
  try {
    t->input.resize(size + 1);
    return t->input.data();
  } catch (...) {
    t->error = "out of memory: cannot reserve " + std::to_string(size) + " bytes for the input";
    return nullptr;
  }
}

mnmt_status mnmt_translator_translate(mnmt_translator* t, size_t size) {
  t->output.clear();
  t->ids.clear();
  t->source_tokens = 0;
  if (!t->translator) {
    t->error = "no model loaded";
    return MNMT_BAD_INPUT;
  }
  if (size >= t->input.size()) {
    t->error = "input size " + std::to_string(size) + " exceeds the input buffer";
    return MNMT_BAD_INPUT;
  }
  return guarded(t, [&] {
    mnmt::TranslationResult result = t->translator->translate(std::string_view(t->input.data(), size));
    t->output = std::move(result.text);
    for (const mnmt::SentenceTranslation& s : result.sentences) {
      t->ids.insert(t->ids.end(), s.target_ids.begin(), s.target_ids.end());
      t->source_tokens += s.source_ids.size();
    }
  });
}

size_t mnmt_translator_count_tokens(mnmt_translator* t, size_t size) {
  if (!t->translator || size >= t->input.size()) return 0;
  size_t count = 0;
  guarded(t, [&] { count = t->translator->tokenize(std::string_view(t->input.data(), size)).size(); });
  return count;
}

size_t mnmt_translator_max_source_tokens(const mnmt_translator* t) {
  return t->model ? t->model->config().max_positions - 1 : 0;
}

const char* mnmt_translator_output(const mnmt_translator* t) { return t->output.c_str(); }
size_t mnmt_translator_output_size(const mnmt_translator* t) { return t->output.size(); }
const int32_t* mnmt_translator_output_ids(const mnmt_translator* t) { return t->ids.data(); }
size_t mnmt_translator_output_id_count(const mnmt_translator* t) { return t->ids.size(); }
size_t mnmt_translator_source_token_count(const mnmt_translator* t) { return t->source_tokens; }

const char* mnmt_translator_metadata(const mnmt_translator* t) { return t->metadata.c_str(); }
const char* mnmt_translator_languages(const mnmt_translator* t) { return t->languages.c_str(); }
size_t mnmt_translator_workspace_bytes(const mnmt_translator* t) {
  return t->translator ? t->translator->session().workspace_bytes() : 0;
}

const char* mnmt_translator_last_error(const mnmt_translator* t) { return t->error.c_str(); }

}  // extern "C"
