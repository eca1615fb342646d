// Strict UTF-8 validation (RFC 3629): no overlong forms, no UTF-16 surrogates, nothing above U+10FFFF.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mnmt {

struct Utf8Problem {
  size_t offset = 0;   // byte offset of the first byte of the bad sequence
  std::string reason;  // e.g. "overlong encoding of U+002F"
};

// True when `text` is valid UTF-8; otherwise fills `problem` (when given) with the first error.
bool is_valid_utf8(std::string_view text, Utf8Problem* problem = nullptr);

// Throws Error(kBadInput) "invalid UTF-8 at byte N: <reason>" for the first error.
void check_utf8(std::string_view text);

// Decodes the code point at text[pos] (valid UTF-8 assumed) and returns it; `length` gets its bytes.
char32_t decode_utf8(std::string_view text, size_t pos, size_t* length);

}  // namespace mnmt
