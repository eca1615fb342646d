#include "format/model_file.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_map>

#include "format/config_block.h"
#include "format/crc32.h"
#include "format/cursor.h"
#include "format/tensor_schema.h"
#include "mobilenmt/errors.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the .mnmt f32 data is read as host floats");

namespace mnmt {
namespace {

constexpr char kMagic[4] = {'M', 'N', 'M', 'T'};
constexpr uint32_t kFormatVersion = 1;
constexpr uint64_t kHeaderSize = 16;
constexpr uint64_t kChecksumSize = 4;
constexpr uint64_t kTensorAlignment = 64;
constexpr size_t kMaxNameLength = 255;

[[noreturn]] void reject(const std::string& problem) { throw Error(ErrorCode::kBadModel, problem); }

uint32_t read_u32(const uint8_t* p) { return Cursor(p, 4, 0).u32("u32"); }
uint64_t read_u64(const uint8_t* p) { return Cursor(p, 8, 0).u64("u64"); }

void check_header(const uint8_t* image, size_t size) {
  if (size < sizeof kMagic || std::memcmp(image, kMagic, sizeof kMagic) != 0) {
    reject("not a MobileNMT model (bad magic)");
  }
  if (size < kHeaderSize) {
    reject("truncated: expected at least " + std::to_string(kHeaderSize) + " bytes, file has " + std::to_string(size));
  }
  const uint32_t version = read_u32(image + 4);
  if (version != kFormatVersion) {
    reject("format version " + std::to_string(version) + "; this engine reads " + std::to_string(kFormatVersion));
  }
  const uint64_t declared = read_u64(image + 8);
  if (declared != size) {
    reject("truncated: expected " + std::to_string(declared) + " bytes, file has " + std::to_string(size));
  }
  if (size < kHeaderSize + kChecksumSize) reject("truncated: no room for the checksum");
  const uint32_t stored = read_u32(image + size - kChecksumSize);
  const uint32_t computed = crc32(image, size - kChecksumSize);
  if (stored != computed) reject("corrupted: checksum");
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'; });
}

std::string quoted_name(std::string_view name) {
  std::string out = "'";
  for (char c : name) out += (c >= 0x20 && c <= 0x7e) ? c : '?';
  return out + "'";
}

TensorEntry read_entry(Cursor& cursor) {
  TensorEntry t;
  const uint16_t length = cursor.u16("tensor name length");
  t.name = cursor.bytes(length, "tensor name");
  if (!valid_name(t.name)) reject("bad tensor name " + quoted_name(t.name) + " (1..255 of [a-z0-9._])");
  const std::string who = "tensor " + std::string(t.name) + ": ";
  const uint8_t dtype = cursor.u8("tensor dtype");
  if (dtype > 1) reject(who + "unknown dtype " + std::to_string(dtype));
  t.dtype = static_cast<DType>(dtype);
  const uint8_t rank = cursor.u8("tensor rank");
  if (rank < 1 || rank > 4) reject(who + "rank " + std::to_string(rank) + " outside 1..4");
  for (uint8_t i = 0; i < rank; ++i) t.dims.push_back(cursor.u32("tensor dims"));
  t.offset = cursor.u64("tensor offset");
  t.size = cursor.u64("tensor size");
  return t;
}

// Element count times element size, or 0 on a zero dimension; saturates instead of overflowing.
uint64_t expected_bytes(const TensorEntry& t) {
  uint64_t bytes = t.dtype == DType::kF32 ? 4 : 1;
  for (uint32_t d : t.dims) {
    if (d == 0) return 0;
    bytes = bytes > UINT64_MAX / d ? UINT64_MAX : bytes * d;
  }
  return bytes;
}

std::string dims_text(const std::vector<uint32_t>& dims) {
  std::string out = "[";
  for (size_t i = 0; i < dims.size(); ++i) out += (i ? ", " : "") + std::to_string(dims[i]);
  return out + "]";
}

void check_placement(const std::vector<TensorEntry>& tensors, uint64_t data_start, uint64_t data_end) {
  std::unordered_map<std::string_view, size_t> seen;
  for (const TensorEntry& t : tensors) {
    const std::string who = "tensor " + std::string(t.name) + ": ";
    if (!seen.emplace(t.name, seen.size()).second) reject("duplicate tensor " + std::string(t.name));
    for (uint32_t d : t.dims) {
      if (d == 0) reject(who + "zero dimension in " + dims_text(t.dims));
    }
    if (t.size != expected_bytes(t)) {
      reject(who + "size " + std::to_string(t.size) + " does not match its dims " + dims_text(t.dims));
    }
    if (t.offset % kTensorAlignment != 0) {
      reject(who + "offset " + std::to_string(t.offset) + " is not a multiple of " + std::to_string(kTensorAlignment));
    }
    if (t.offset < data_start || t.offset > data_end || t.size > data_end - t.offset) {
      reject(who + "data [" + std::to_string(t.offset) + ", +" + std::to_string(t.size) + ") outside the data area [" +
             std::to_string(data_start) + ", " + std::to_string(data_end) + ")");
    }
  }
  std::vector<const TensorEntry*> by_offset;
  for (const TensorEntry& t : tensors) by_offset.push_back(&t);
  std::sort(by_offset.begin(), by_offset.end(),
            [](const TensorEntry* a, const TensorEntry* b) { return a->offset < b->offset; });
  for (size_t i = 1; i < by_offset.size(); ++i) {
    const TensorEntry& a = *by_offset[i - 1];
    const TensorEntry& b = *by_offset[i];
    if (b.offset < a.offset + a.size)
      reject("tensors " + std::string(a.name) + " and " + std::string(b.name) + " overlap");
  }
}

}  // namespace

const TensorEntry* ModelFile::find(std::string_view name) const {
  for (const TensorEntry& t : tensors) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

const TensorEntry& ModelFile::tensor(std::string_view name) const {
  const TensorEntry* t = find(name);
  if (t == nullptr) reject("missing tensor " + std::string(name));
  return *t;
}

std::vector<float> ModelFile::f32(const TensorEntry& t) const {
  std::vector<float> values(static_cast<size_t>(t.size / sizeof(float)));
  std::memcpy(values.data(), image + t.offset, values.size() * sizeof(float));
  return values;
}

ModelFile parse_model_file(const uint8_t* image, size_t size) {
  if (image == nullptr) size = 0;
  check_header(image, size);
  ModelFile file;
  file.image = image;
  file.file_size = size;
  const size_t data_end = size - kChecksumSize;
  Cursor cursor(image, data_end, kHeaderSize);
  const uint32_t config_size = cursor.u32("config size");
  if (config_size != kConfigBlockSize) {
    reject("config size " + std::to_string(config_size) + ", expected " + std::to_string(kConfigBlockSize) +
           " for version 1");
  }
  file.config = read_config_block(cursor);
  file.metadata_json = cursor.bytes(cursor.u32("metadata length"), "metadata");
  file.sentencepiece_model = cursor.bytes(cursor.u32("SentencePiece model length"), "SentencePiece model");
  if (file.sentencepiece_model.empty()) reject("empty SentencePiece model");
  const uint32_t count = cursor.u32("tensor count");
  for (uint32_t i = 0; i < count; ++i) file.tensors.push_back(read_entry(cursor));
  check_placement(file.tensors, cursor.offset(), data_end);
  check_tensor_schema(file);
  return file;
}

}  // namespace mnmt
