// The bytes of a model image: a read-only memory map of a file, or a caller's buffer used in place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace mnmt {

class ByteSource {
 public:
  // Maps the file read-only. Throws Error(kBadModel) ("cannot open: <reason>", ...) when it cannot.
  static ByteSource map_file(const std::string& path);
  // Refers to the caller's bytes; they must outlive this object.
  static ByteSource borrow(const void* data, size_t size);

  ByteSource(ByteSource&& other) noexcept;
  ByteSource& operator=(ByteSource&& other) noexcept;
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;
  ~ByteSource();

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  ByteSource(const uint8_t* data, size_t size, void* mapping) : data_(data), size_(size), mapping_(mapping) {}
  void release();

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  void* mapping_ = nullptr;  // non-null when data_ is our own mapping
};

}  // namespace mnmt
