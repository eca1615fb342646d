// Rule-based sentence splitting of one segment (valid UTF-8), for the native engine; the browser
// uses Intl.Segmenter instead.
//
// A boundary is '.', '!', '?' or '…' (a run of them, then any closing quotes or brackets), then
// whitespace, then an uppercase letter, a digit or an opening quote/bracket. A lone '.' is not a
// boundary after a known abbreviation ("Mr.", "Dr.", "z.B."), a dotted abbreviation ("e.g.", "U.S."),
// a single letter (initials "J. R. R."), or a number (German ordinals "3. Oktober"); "No. 5"-style
// abbreviations only hold before a digit. No whitespace, no split: "3.14", "example.com".
#pragma once

#include <string_view>
#include <vector>

namespace mnmt {

// The sentences of `text`, trimmed of surrounding whitespace, in order; none for blank text.
std::vector<std::string_view> split_sentences(std::string_view text);

// `text` without leading and trailing whitespace (ASCII whitespace and U+00A0).
std::string_view trim_whitespace(std::string_view text);

}  // namespace mnmt
