#include "text/sentence_splitter.h"

#include <algorithm>
#include <array>
#include <string>

#include "text/utf8.h"

namespace mnmt {
namespace {

// Lower-case, without the final '.'. Kept short: only words that rarely end a sentence.
constexpr std::array<std::string_view, 44> kAbbreviations = {
    "mr",   "mrs",  "ms",   "dr",  "prof", "sr",  "jr",   "st",   "mt",   "vs",   "approx", "ca",  "cf",  "inc", "ltd",
    "corp", "dept", "gen",  "gov", "col",  "lt",  "sgt",  "capt", "rev",  "hon",  "hr",     "fr",  "frl", "bzw", "vgl",
    "ggf",  "evtl", "inkl", "sog", "str",  "tel", "zzgl", "allg", "bspw", "ehem", "jh",     "jhd", "mio", "mrd"};
// Abbreviations that only hold before a number: "No. 5", "Nr. 12", "p. 7".
constexpr std::array<std::string_view, 10> kNumberAbbreviations = {"no",  "nr",  "art", "p",   "pp",
                                                                   "vol", "fig", "ch",  "sec", "abs"};

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0;
}
bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_terminator(char32_t c) { return c == '.' || c == '!' || c == '?' || c == 0x2026; }

bool is_closing(char32_t c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 || c == 0x201C || c == 0xBB ||
         c == 0xAB || c == 0x203A || c == 0x2039;
}

bool is_opening(char32_t c) {
  return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0x201C || c == 0x201E || c == 0x2018 || c == 0x201A ||
         c == 0xAB || c == 0xBB || c == 0x2039 || c == 0x203A || c == 0xBF || c == 0xA1;
}

bool is_uppercase(char32_t c) {
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return c % 2 == 0;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return c % 2 == 1;
  if (c == 0x178) return true;
  return (c >= 0x391 && c <= 0x3A9) || (c >= 0x400 && c <= 0x42F);
}

std::string lower_ascii(std::string_view word) {
  std::string out(word);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

template <size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// "e.g", "z.B", "U.S": single letters separated by dots.
bool is_dotted_abbreviation(std::string_view word) {
  if (word.size() < 3) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    const bool letter_slot = i % 2 == 0;
    if (letter_slot ? !is_ascii_letter(word[i]) : word[i] != '.') return false;
  }
  return word.size() % 2 == 1;
}

// Whether a single '.' ending `word` (the text since the last space) is part of the word rather than
// the end of a sentence, given the first character of what follows.
bool period_belongs_to_word(std::string_view word, char32_t next) {
  while (!word.empty() && (word.front() == '(' || word.front() == '"' || word.front() == '\'' || word.front() == '[')) {
    word.remove_prefix(1);
  }
  if (word.empty()) return false;
  if (word.size() == 1 && is_ascii_letter(word[0])) return true;
  if (std::all_of(word.begin(), word.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) return true;
  if (is_dotted_abbreviation(word)) return true;
  const std::string lower = lower_ascii(word);
  return contains(kAbbreviations, lower) || (is_digit(next) && contains(kNumberAbbreviations, lower));
}

size_t last_char_start(std::string_view s) {
  size_t at = s.size() - 1;
  while (at > 0 && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) --at;
  return at;
}

}  // namespace

std::string_view trim_whitespace(std::string_view s) {
  size_t n = 0;
  while (!s.empty() && is_space(decode_utf8(s, 0, &n))) s.remove_prefix(n);
  while (!s.empty()) {
    const size_t last = last_char_start(s);
    if (!is_space(decode_utf8(s, last, &n))) break;
    s = s.substr(0, last);
  }
  return s;
}

namespace {

size_t word_start(std::string_view text, size_t from, size_t end) {
  size_t at = end;
  while (at > from) {
    const auto byte = static_cast<unsigned char>(text[at - 1]);
    if (byte < 0x80 && is_space(byte)) break;
    --at;
  }
  return at;
}

}  // namespace

std::vector<std::string_view> split_sentences(std::string_view text) {
  std::vector<std::string_view> out;
  auto emit = [&](std::string_view piece) {
    piece = trim_whitespace(piece);
    if (!piece.empty()) out.push_back(piece);
  };
  size_t start = 0, i = 0, n = 0;
  while (i < text.size()) {
    if (!is_terminator(decode_utf8(text, i, &n))) {
      i += n;
      continue;
    }
    const size_t run_start = i;
    bool single_period = text[i] == '.';
    i += n;
    while (i < text.size() && is_terminator(decode_utf8(text, i, &n))) {
      single_period = false;
      i += n;
    }
    while (i < text.size() && is_closing(decode_utf8(text, i, &n))) i += n;
    const size_t end = i;
    size_t next = i;
    while (next < text.size() && is_space(decode_utf8(text, next, &n))) next += n;
    if (next == end || next == text.size()) continue;
    const char32_t first = decode_utf8(text, next, &n);
    if (!(is_uppercase(first) || is_digit(first) || is_opening(first))) continue;
    if (single_period && end == run_start + 1) {
      const size_t word = word_start(text, start, run_start);
      if (period_belongs_to_word(text.substr(word, run_start - word), first)) continue;
    }
    emit(text.substr(start, end - start));
    start = next;
    i = next;
  }
  emit(text.substr(start));
  return out;
}

}  // namespace mnmt
