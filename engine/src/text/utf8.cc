#include "text/utf8.h"

#include <cstdio>

#include "mobilenmt/errors.h"

namespace mnmt {
namespace {

std::string hex_byte(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

std::string code_point(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

// Sequence length announced by a lead byte, or 0 when it cannot start a sequence.
int sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC0 && lead < 0xE0) return 2;
  if (lead >= 0xE0 && lead < 0xF0) return 3;
  if (lead >= 0xF0 && lead < 0xF8) return 4;
  return 0;
}

}  // namespace

bool is_valid_utf8(std::string_view text, Utf8Problem* problem) {
  auto fail = [&](size_t at, std::string reason) {
    if (problem != nullptr) *problem = {at, std::move(reason)};
    return false;
  };
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int length = sequence_length(lead);
    if (length == 1) {
      ++i;
      continue;
    }
    if (length == 0) {
      return fail(i, (lead < 0xC0 ? "unexpected continuation byte " : "invalid lead byte ") + hex_byte(lead));
    }
    if (text.size() - i < static_cast<size_t>(length)) return fail(i, "truncated sequence at the end of the text");
    char32_t c = lead & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
      if ((next & 0xC0) != 0x80) {
        return fail(i, "truncated sequence (byte " + hex_byte(next) + " is not a continuation)");
      }
      c = (c << 6) | (next & 0x3F);
    }
    static constexpr char32_t kSmallest[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < kSmallest[length]) return fail(i, "overlong encoding of " + code_point(c));
    if (c >= 0xD800 && c <= 0xDFFF) return fail(i, "UTF-16 surrogate " + code_point(c));
    if (c > 0x10FFFF) return fail(i, "code point above U+10FFFF");
    i += static_cast<size_t>(length);
  }
  return true;
}

void check_utf8(std::string_view text) {
  Utf8Problem problem;
  if (!is_valid_utf8(text, &problem)) {
    throw Error(ErrorCode::kBadInput,
                "invalid UTF-8 at byte " + std::to_string(problem.offset) + ": " + problem.reason);
  }
}

char32_t decode_utf8(std::string_view text, size_t pos, size_t* length) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  int n = sequence_length(lead);
  if (n == 0 || pos + static_cast<size_t>(n) > text.size()) n = 1;
  char32_t c = n == 1 ? lead : lead & (0x7F >> n);
  for (int k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(text[pos + static_cast<size_t>(k)]) & 0x3F);
  *length = static_cast<size_t>(n);
  return c;
}

}  // namespace mnmt
