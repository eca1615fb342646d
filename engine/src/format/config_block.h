// The config block of a .mnmt file (docs/model-format.md): reading and range checks.
#pragma once

#include <cstdint>

#include "format/cursor.h"
#include "mobilenmt/model_config.h"

namespace mnmt {

constexpr uint32_t kConfigBlockSize = 84;  // format version 1
// Longest position table the engine accepts: keeps every attention accumulator (up to
// max_positions * 127 * 127) inside int32 and the workspace proportionate.
constexpr uint32_t kMaxPositionsLimit = 65536;

// Reads the 84-byte block at the cursor and checks every value (Error kBadModel names the field).
ModelConfig read_config_block(Cursor& cursor);

}  // namespace mnmt
