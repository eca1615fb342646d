// Bounds-checked little-endian reading of a model image. Every read names what it reads, so that a
// section running past its end is reported with the field and the byte offset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "mobilenmt/errors.h"

namespace mnmt {

class Cursor {
 public:
  // Reads bytes [pos, end) of data.
  Cursor(const uint8_t* data, size_t end, size_t pos) : data_(data), end_(end), pos_(pos) {}

  uint8_t u8(const char* what) { return static_cast<uint8_t>(little_endian(1, what)); }
  uint16_t u16(const char* what) { return static_cast<uint16_t>(little_endian(2, what)); }
  uint32_t u32(const char* what) { return static_cast<uint32_t>(little_endian(4, what)); }
  uint64_t u64(const char* what) { return little_endian(8, what); }
  float f32(const char* what) {
    const uint32_t bits = u32(what);
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  }
  std::string_view bytes(uint64_t count, const char* what) {
    need(count, what);
    std::string_view view(reinterpret_cast<const char*>(data_ + pos_), static_cast<size_t>(count));
    pos_ += static_cast<size_t>(count);
    return view;
  }
  size_t offset() const { return pos_; }

 private:
  void need(uint64_t count, const char* what) const {
    if (count > end_ - pos_) {
      throw Error(ErrorCode::kBadModel, std::string(what) + " at byte " + std::to_string(pos_) +
                                            " runs past the end of the file (needs " + std::to_string(count) +
                                            " bytes, " + std::to_string(end_ - pos_) + " remain before the checksum)");
    }
  }
  uint64_t little_endian(int width, const char* what) {
    need(static_cast<uint64_t>(width), what);
    uint64_t value = 0;
    for (int i = width - 1; i >= 0; --i) value = (value << 8) | data_[pos_ + static_cast<size_t>(i)];
    pos_ += static_cast<size_t>(width);
    return value;
  }

  const uint8_t* data_;
  size_t end_;
  size_t pos_;
};

}  // namespace mnmt
