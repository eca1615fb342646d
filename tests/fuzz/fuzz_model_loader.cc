// libFuzzer target for the .mnmt loader (docs/model-format.md "Validation"). Each input is loaded
// twice: as given, and with its size field and checksum repaired so that mutations get past the
// checksum to the structural checks. A model that loads (and has a short position table) translates
// two short sentences, greedy and beam. Any outcome other than success or mnmt::Error(kBadModel)
// aborts; ASan/UBSan catch the rest.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "format/crc32.h"
#include "mobilenmt/translator.h"

namespace {

void translate_a_little(const std::shared_ptr<const mnmt::Model>& model) {
  if (model->config().max_positions > 64) return;  // keeps every run short
  for (int beam : {1, 2}) {
    mnmt::TranslateOptions options;
    options.beam_size = beam;
    mnmt::Session session(model, options);
    const int vocab = static_cast<int>(model->config().vocab_size);
    session.translate_ids({{0, vocab - 1, vocab / 2}, {}});
  }
}

void load(const uint8_t* data, size_t size) {
  std::shared_ptr<const mnmt::Model> model;
  try {
    model = mnmt::Model::from_buffer(data, size);
  } catch (const mnmt::Error& e) {
    if (e.code() != mnmt::ErrorCode::kBadModel) std::abort();
    return;
  }
  translate_a_little(model);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  load(data, size);
  if (size >= 20) {
    std::vector<uint8_t> sealed(data, data + size);
    const uint64_t declared = size;
    std::memcpy(sealed.data() + 8, &declared, sizeof declared);
    const uint32_t crc = mnmt::crc32(sealed.data(), size - 4);
    std::memcpy(sealed.data() + size - 4, &crc, sizeof crc);
    load(sealed.data(), sealed.size());
  }
  return 0;
}
