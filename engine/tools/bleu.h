// Corpus BLEU exactly as sacreBLEU 2.x computes it with its defaults (tokenizer 13a, smooth_method
// 'exp', effective_order off, max n-gram order 4), including Python's str.lower(), str.rstrip() and
// str.split() on UTF-8 text. docs/bleu.md says what is matched and how it was checked.
//
// Scores are doubles (this is not the model path); the arithmetic is sacreBLEU's, operation for
// operation, so the printed figures are the ones sacreBLEU prints.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mnmt::bleu {

constexpr int kMaxNgramOrder = 4;

enum class Tokenizer {
  k13a,  // sacreBLEU '13a' (mteval-v13a), the default
  kNone  // sacreBLEU 'none': whitespace split only
};

struct Options {
  bool lowercase = false;  // sacreBLEU --lowercase / -lc (signature case:lc)
  Tokenizer tokenizer = Tokenizer::k13a;
};

// sacreBLEU's sufficient statistics: [hyp_len, ref_len, correct_1..4, total_1..4].
struct Stats {
  int64_t hyp_len = 0;
  int64_t ref_len = 0;
  std::array<int64_t, kMaxNgramOrder> correct{};
  std::array<int64_t, kMaxNgramOrder> total{};
  Stats& operator+=(const Stats& other);
};

struct Score {
  double score = 0.0;                                 // BLEU, 0..100
  std::array<double, kMaxNgramOrder> precisions{};    // percent; 0.0 where sacreBLEU leaves 0.0
  double bp = 0.0;                                    // brevity penalty
  double ratio = 0.0;                                 // hyp_len / ref_len (0 when ref_len is 0)
  Stats stats;
};

// ---- Text processing (UTF-8 in, UTF-8 out; bytes that are not valid UTF-8 pass through as opaque
// non-space, uncased characters — the command rejects such input before it gets here). ----

// Python's UTF-8 decoder acceptance (no surrogates, no overlong forms, nothing above U+10FFFF).
// On failure *bad_offset (if given) receives the byte offset of the first invalid sequence.
bool is_valid_utf8(std::string_view s, size_t* bad_offset = nullptr);
// Python's str.isspace() for one code point (the characters str.split() / str.strip() remove).
bool is_python_space(char32_t cp);
// Python's str.lower(): full Unicode lowercase mapping (U+0130 -> "i\u0307") and the Final_Sigma rule.
std::string python_lower(std::string_view s);
// Python's str.rstrip() with no argument.
std::string_view python_rstrip(std::string_view s);
// Python's str.split() with no argument (runs of Unicode whitespace; no empty fields).
std::vector<std::string_view> python_split(std::string_view s);
// sacreBLEU Tokenizer13a.__call__: tokens joined by single spaces.
std::string tokenize_13a(std::string_view line);
// sacreBLEU BLEU._preprocess_segment (optional lowercase, rstrip, tokenize), normalised to tokens
// joined by single spaces (what extract_all_word_ngrams sees after its split()).
std::string preprocess(std::string_view segment, const Options& options);

// ---- BLEU ----

// sacreBLEU BLEU._get_closest_ref_len: the reference length closest to hyp_len, ties -> the shorter.
// Returns -1 for an empty list (as sacreBLEU does).
int64_t closest_ref_len(int64_t hyp_len, const std::vector<int64_t>& ref_lens);
// Statistics of one segment from already preprocessed text (tokens separated by single spaces).
Stats segment_stats_preprocessed(std::string_view hyp, const std::vector<std::string_view>& refs);
// Statistics of one raw segment against its raw references.
Stats segment_stats(std::string_view hyp, const std::vector<std::string>& refs, const Options& options);
// sacreBLEU BLEU.compute_bleu with smooth_method='exp', effective_order=False, max order 4.
Score compute_bleu(const Stats& stats);
// Corpus BLEU. refs[k] is the k-th reference stream (sacreBLEU's `references` argument): every
// stream must have exactly hyps.size() lines and there must be at least one stream, otherwise
// std::invalid_argument is thrown. An empty corpus scores 0.
Score corpus_bleu(const std::vector<std::string>& hyps,
                  const std::vector<std::vector<std::string>>& refs, const Options& options = {});

// ---- Reporting ----

// "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x-compatible"
std::string signature(int nrefs, const Options& options);
// f"{score:.{width}f}"
std::string format_score_only(const Score& score, int width = 2);
// "BLEU = 27.31 58.9/33.2/20.7/13.2 (BP = 1.000 ratio = 1.010 hyp_len = 1234 ref_len = 1222)",
// i.e. str(BLEUScore) with the given score width (sacreBLEU's API default is 2, its CLI's is 1).
std::string format_text(const Score& score, int width = 2);
// sacreBLEU's CLI JSON (`-f json`, json.dumps(indent=1, ensure_ascii=False)); no trailing newline.
std::string format_json(const Score& score, std::string_view signature, int width = 2);
// Python's repr(float) (shortest round-trip digits, '1e-05' below 1e-4).
std::string python_float_repr(double value);

}  // namespace mnmt::bleu
