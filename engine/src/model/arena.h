// Scratch memory for one batch: a single block carved into 64-byte aligned typed spans.
//
// A layout is written once as a function template over the carving object and run twice: first on
// an ArenaPlan, which only adds up the bytes, then on the Arena, grown to that size before decoding
// starts. Carving never allocates, so the decode loop never does either.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace mnmt {

constexpr size_t kArenaAlignment = 64;

inline size_t aligned_span(size_t bytes) { return (bytes + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment; }

class ArenaPlan {
 public:
  template <typename T>
  T* take(size_t count) {
    bytes_ += aligned_span(count * sizeof(T));
    return nullptr;
  }
  size_t bytes() const { return bytes_; }

 private:
  size_t bytes_ = 0;
};

class Arena {
 public:
  // Makes room for at least `bytes` (contents are not kept) and starts carving from the beginning.
  void reset(size_t bytes);

  template <typename T>
  T* take(size_t count) {
    return static_cast<T*>(take_bytes(count * sizeof(T)));
  }
  size_t capacity() const { return capacity_; }

 private:
  void* take_bytes(size_t bytes);

  std::unique_ptr<uint8_t[]> block_;
  uint8_t* base_ = nullptr;  // block_ rounded up to the alignment
  size_t capacity_ = 0;
  size_t used_ = 0;
};

}  // namespace mnmt
