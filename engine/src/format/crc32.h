// CRC-32 as zlib.crc32 computes it (IEEE 802.3 polynomial, reflected, initial and final XOR ~0).
#pragma once

#include <cstddef>
#include <cstdint>

namespace mnmt {

uint32_t crc32(const uint8_t* data, size_t size);

}  // namespace mnmt
