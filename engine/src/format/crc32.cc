#include "format/crc32.h"

#include <array>

namespace mnmt {
namespace {

constexpr uint32_t kReflectedPolynomial = 0xEDB88320u;
constexpr int kSlices = 8;

// table[0] is the classic byte-at-a-time table; table[k][b] advances the CRC of byte b by k more
// zero bytes, so that eight bytes are folded per step ("slicing-by-8").
constexpr std::array<std::array<uint32_t, 256>, kSlices> make_tables() {
  std::array<std::array<uint32_t, 256>, kSlices> table{};
  for (uint32_t b = 0; b < 256; ++b) {
    uint32_t c = b;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1u) ? kReflectedPolynomial ^ (c >> 1) : c >> 1;
    table[0][b] = c;
  }
  for (int k = 1; k < kSlices; ++k) {
    for (uint32_t b = 0; b < 256; ++b) table[k][b] = (table[k - 1][b] >> 8) ^ table[0][table[k - 1][b] & 0xFFu];
  }
  return table;
}

constexpr auto kTables = make_tables();

}  // namespace

uint32_t crc32(const uint8_t* data, size_t size) {
  uint32_t c = 0xFFFFFFFFu;
  size_t i = 0;
  for (; i + kSlices <= size; i += kSlices) {
    const uint32_t low = c ^ (uint32_t{data[i]} | uint32_t{data[i + 1]} << 8 | uint32_t{data[i + 2]} << 16 |
                              uint32_t{data[i + 3]} << 24);
    c = kTables[7][low & 0xFFu] ^ kTables[6][(low >> 8) & 0xFFu] ^ kTables[5][(low >> 16) & 0xFFu] ^
        kTables[4][low >> 24] ^ kTables[3][data[i + 4]] ^ kTables[2][data[i + 5]] ^ kTables[1][data[i + 6]] ^
        kTables[0][data[i + 7]];
  }
  for (; i < size; ++i) c = kTables[0][(c ^ data[i]) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

}  // namespace mnmt
