// Helpers shared by the engine tests: the test models built by the CTest fixture, the fixture
// sentences, and byte-level editing of model images.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "mobilenmt/model.h"

namespace mnmt::test {

// Pre-LN/ReLU and post-LN/GELU models written by models/train/make_test_model.py.
std::string pre_ln_model_path();
std::string post_ln_model_path();
std::shared_ptr<const Model> pre_ln_model();  // loaded once per test binary
std::shared_ptr<const Model> post_ln_model();

std::vector<uint8_t> read_file(const std::string& path);
std::vector<std::string> fixture_sentences();  // tests/fixtures/sentences.en

template <typename T>
void store(std::vector<uint8_t>& image, size_t offset, T value) {
  std::memcpy(image.data() + offset, &value, sizeof value);
}
template <typename T>
T load(const std::vector<uint8_t>& image, size_t offset) {
  T value;
  std::memcpy(&value, image.data() + offset, sizeof value);
  return value;
}

// Rewrites the size field and the trailing CRC-32 so that an edited image passes both checks and
// reaches the deeper validation.
void reseal(std::vector<uint8_t>& image);

}  // namespace mnmt::test
