#include "model/arena.h"

#include <new>

#include "mobilenmt/errors.h"

namespace mnmt {

void Arena::reset(size_t bytes) {
  used_ = 0;
  if (bytes <= capacity_) return;
  block_.reset();
  base_ = nullptr;
  capacity_ = 0;
  std::unique_ptr<uint8_t[]> block(new (std::nothrow) uint8_t[bytes + kArenaAlignment]);
  if (block == nullptr) {
    throw Error(ErrorCode::kEngine,
                "out of memory: the translation workspace needs " + std::to_string(bytes) + " bytes");
  }
  const uintptr_t address = reinterpret_cast<uintptr_t>(block.get());
  base_ = block.get() + (kArenaAlignment - address % kArenaAlignment) % kArenaAlignment;
  block_ = std::move(block);
  capacity_ = bytes;
}

void* Arena::take_bytes(size_t bytes) {
  const size_t span = aligned_span(bytes);
  if (span > capacity_ - used_) {
    throw Error(ErrorCode::kEngine, "workspace layout exceeds its plan (" + std::to_string(used_ + span) + " > " +
                                        std::to_string(capacity_) + " bytes)");
  }
  void* out = base_ + used_;
  used_ += span;
  return out;
}

}  // namespace mnmt
