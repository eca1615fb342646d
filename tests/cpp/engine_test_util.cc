#include "engine_test_util.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "format/crc32.h"

namespace mnmt::test {

std::string pre_ln_model_path() { return MNMT_TEST_MODEL; }
std::string post_ln_model_path() { return MNMT_TEST_MODEL_POST; }

std::shared_ptr<const Model> pre_ln_model() {
  static const std::shared_ptr<const Model> model = Model::load(pre_ln_model_path());
  return model;
}

std::shared_ptr<const Model> post_ln_model() {
  static const std::shared_ptr<const Model> model = Model::load(post_ln_model_path());
  return model;
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> fixture_sentences() {
  std::ifstream in(std::string(MNMT_SOURCE_DIR) + "/tests/fixtures/sentences.en");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  if (lines.empty()) throw std::runtime_error("no fixture sentences");
  return lines;
}

void reseal(std::vector<uint8_t>& image) {
  store<uint64_t>(image, 8, image.size());
  const size_t end = image.size() - 4;
  store<uint32_t>(image, end, crc32(image.data(), end));
}

}  // namespace mnmt::test
