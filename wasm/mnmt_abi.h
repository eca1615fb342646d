/* MobileNMT C ABI: the flat interface the WebAssembly module exports to JS (and any FFI).
 *
 * Basic usage:
 *   mnmt_translator* t = mnmt_translator_init();
 *   uint8_t* buf = mnmt_translator_model_buffer(t, size);   // copy the .mnmt bytes here, once
 *   if (mnmt_translator_load(t, 1) != MNMT_OK) puts(mnmt_translator_last_error(t));
 *   char* in = mnmt_translator_input_buffer(t, len);        // copy UTF-8 text here
 *   if (mnmt_translator_translate(t, len) == MNMT_OK) fwrite(mnmt_translator_output(t), 1,
 *                                                            mnmt_translator_output_size(t), stdout);
 *   mnmt_translator_free(t);
 *
 * Ownership never crosses the boundary: every buffer belongs to the translator and stays valid
 * until the next call on it. No C++ exception ever leaves these functions; failures are a status
 * plus a one-line message from mnmt_translator_last_error(). A translator is single-threaded.
 */
#ifndef MOBILENMT_WASM_MNMT_ABI_H_
#define MOBILENMT_WASM_MNMT_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mnmt_status {
  MNMT_OK = 0,
  MNMT_MODEL_INVALID = 1, /* the model bytes are truncated, foreign, corrupted or inconsistent */
  MNMT_BAD_INPUT = 2,     /* invalid UTF-8, a sentence too long, a call out of order */
  MNMT_ABORTED = 3,       /* cancelled */
  MNMT_ENGINE = 4         /* internal failure or out of memory */
} mnmt_status;

typedef struct mnmt_translator mnmt_translator;

/* "OK", "MODEL_INVALID", "BAD_INPUT", "ABORTED", "ENGINE" (the JS error codes). */
const char* mnmt_status_name(mnmt_status status);
/* The GEMM kernel this build dispatches to, e.g. "wasm_simd". */
const char* mnmt_kernel_name(void);

/* A translator with no model; null only when out of memory. */
mnmt_translator* mnmt_translator_init(void);
void mnmt_translator_free(mnmt_translator* t);

/* Reserves `size` bytes (64-byte aligned) for the model image; null when out of memory. Drops any
 * model loaded before. The engine later reads these bytes in place: no second copy. */
uint8_t* mnmt_translator_model_buffer(mnmt_translator* t, size_t size);
/* Validates and loads the model image written into the model buffer. beam_size 1 = greedy. */
mnmt_status mnmt_translator_load(mnmt_translator* t, int beam_size);
/* The beam width of the following translate calls (1 = greedy, at most 64); the model is shared,
 * each width used keeps its own search workspace. Set after a load: a load resets it. */
mnmt_status mnmt_translator_set_beam_size(mnmt_translator* t, int beam_size);

/* Reserves `size` bytes for UTF-8 input text (valid until the next call on t). */
char* mnmt_translator_input_buffer(mnmt_translator* t, size_t size);
/* Translates the first `size` bytes of the input buffer as one sentence (no splitting: the JS
 * layer splits with Intl.Segmenter). Blank input gives an empty output. */
mnmt_status mnmt_translator_translate(mnmt_translator* t, size_t size);

/* The number of SentencePiece ids of the first `size` bytes of the input buffer (no eos); 0
 * without a model. Sentences above mnmt_translator_max_source_tokens() are rejected by translate. */
size_t mnmt_translator_count_tokens(mnmt_translator* t, size_t size);
size_t mnmt_translator_max_source_tokens(const mnmt_translator* t);

/* Results of the last successful translate call. */
const char* mnmt_translator_output(const mnmt_translator* t); /* UTF-8, NUL-terminated */
size_t mnmt_translator_output_size(const mnmt_translator* t);
const int32_t* mnmt_translator_output_ids(const mnmt_translator* t); /* target ids, no eos */
size_t mnmt_translator_output_id_count(const mnmt_translator* t);
size_t mnmt_translator_source_token_count(const mnmt_translator* t); /* SentencePiece ids */

/* Facts about the loaded model (empty strings when none is loaded). */
const char* mnmt_translator_metadata(const mnmt_translator* t); /* the file's JSON metadata */
const char* mnmt_translator_languages(const mnmt_translator* t); /* "en-de" */
size_t mnmt_translator_workspace_bytes(const mnmt_translator* t);

/* One line naming the last failure on t (empty after a success). */
const char* mnmt_translator_last_error(const mnmt_translator* t);

#ifdef __cplusplus
}
#endif

#endif /* MOBILENMT_WASM_MNMT_ABI_H_ */
