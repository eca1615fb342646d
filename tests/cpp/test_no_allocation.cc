// The decode loop allocates nothing: every operator new in the program is counted while a prepared
// batch is encoded and decoded (greedy and beam, pre-LN and post-LN).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "engine_test_util.h"
#include "mobilenmt/translator.h"
#include "translator_session.h"

namespace {

std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};

void* counted_allocation(size_t size) {
  if (g_counting.load()) ++g_allocations;
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

void* operator new(size_t size) { return counted_allocation(size); }
void* operator new[](size_t size) { return counted_allocation(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  try {
    return counted_allocation(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

namespace mnmt {
namespace {

long allocations_during_run(SessionState& state) {
  g_allocations = 0;
  g_counting = true;
  state.run();
  g_counting = false;
  return g_allocations.load();
}

TEST(NoAllocation, EncodingAndDecodingAllocateNothing) {
  for (const auto& model : {test::pre_ln_model(), test::post_ln_model()}) {
    Translator tokenizer(model);
    std::vector<std::vector<int>> sources;
    for (const std::string& s : test::fixture_sentences()) sources.push_back(tokenizer.tokenize(s));
    std::vector<const std::vector<int>*> batch;
    for (const auto& s : sources) batch.push_back(&s);
    for (int beam : {1, 4}) {
      TranslateOptions options;
      options.beam_size = beam;
      SessionState state(model->internals(), options, beam > 1);
      state.prepare(batch.data(), static_cast<int>(batch.size()));
      EXPECT_EQ(allocations_during_run(state), 0) << "beam " << beam;
      // A batch that fits the arena is prepared without allocating too.
      g_allocations = 0;
      g_counting = true;
      state.prepare(batch.data(), 5);
      g_counting = false;
      EXPECT_EQ(g_allocations.load(), 0);
      EXPECT_EQ(allocations_during_run(state), 0) << "beam " << beam;
    }
  }
}

}  // namespace
}  // namespace mnmt
