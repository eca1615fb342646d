// Greedy and beam search against a scripted StepModel (engine/src/decode/): stopping rules, ties,
// ranking, batching, cancellation. The whole-model comparison with the Python reference is in CTest.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <vector>

#include "decode/beam_search.h"
#include "decode/greedy_search.h"
#include "decode/length_policy.h"
#include "mobilenmt/errors.h"
#include "model/arena.h"

namespace mnmt {
namespace {

constexpr int kBos = 0, kEos = 1;

// Logits are a function of (sentence, tokens fed so far), so that reordering bugs change the output.
using LogitsFn = std::function<void(int sentence, const std::vector<int>& fed, float* logits)>;

class ScriptedModel : public StepModel {
 public:
  ScriptedModel(int vocab, LogitsFn fn) : vocab_(vocab), fn_(std::move(fn)) {}

  const float* step(const int* tokens, const int* sentences, int count, int position) override {
    if (position == 0) fed_.assign(static_cast<size_t>(count), {});
    EXPECT_EQ(static_cast<int>(fed_.size()), count);
    logits_.assign(static_cast<size_t>(count) * vocab_, 0.0f);
    for (int i = 0; i < count; ++i) {
      fed_[i].push_back(tokens[i]);
      EXPECT_EQ(static_cast<int>(fed_[i].size()), position + 1);
      fn_(sentences[i], fed_[i], logits_.data() + static_cast<size_t>(i) * vocab_);
    }
    ++steps;
    return logits_.data();
  }
  void reorder(const int* parents, int count) override {
    std::vector<std::vector<int>> next;
    for (int i = 0; i < count; ++i) next.push_back(fed_[static_cast<size_t>(parents[i])]);
    fed_ = next;
    ++reorders;
  }
  int vocab_size() const override { return vocab_; }

  int steps = 0, reorders = 0;

 private:
  int vocab_;
  LogitsFn fn_;
  std::vector<std::vector<int>> fed_;
  std::vector<float> logits_;
};

uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Pseudo-random logits in [-4, 4), eos made likelier as the output grows.
LogitsFn random_logits(int vocab, uint64_t seed) {
  return [vocab, seed](int sentence, const std::vector<int>& fed, float* logits) {
    uint64_t h = mix(seed ^ static_cast<uint64_t>(sentence) * 7919);
    for (int t : fed) h = mix(h ^ static_cast<uint64_t>(t));
    for (int v = 0; v < vocab; ++v) logits[v] = static_cast<float>(mix(h + v) % 8000) / 1000.0f - 4.0f;
    logits[kEos] += 0.4f * static_cast<float>(fed.size());
  };
}

struct Run {
  std::vector<std::vector<int>> outputs;
};

template <typename Search>
std::vector<std::vector<int>> run(Search& search, StepModel& model, const std::vector<int>& max_lengths,
                                  const std::atomic<bool>* cancel = nullptr) {
  const int sentences = static_cast<int>(max_lengths.size());
  int stride = 1;
  for (int m : max_lengths) stride = std::max(stride, m);
  ArenaPlan plan;
  auto carve = [&](auto& arena) {
    if constexpr (std::is_same_v<Search, GreedySearch>) {
      search.carve(arena, sentences);
    } else {
      search.carve(arena, sentences, stride, model.vocab_size());
    }
  };
  carve(plan);
  Arena arena;
  arena.reset(plan.bytes());
  carve(arena);
  std::vector<int> tokens(static_cast<size_t>(sentences) * stride), lengths(static_cast<size_t>(sentences));
  SearchSpec spec;
  spec.sentences = sentences;
  spec.max_lengths = max_lengths.data();
  spec.bos_id = kBos;
  spec.eos_id = kEos;
  spec.cancel = cancel;
  SearchOutput out{tokens.data(), stride, lengths.data()};
  search.run(model, spec, out);
  std::vector<std::vector<int>> result;
  for (int s = 0; s < sentences; ++s) {
    result.emplace_back(tokens.begin() + s * stride, tokens.begin() + s * stride + lengths[static_cast<size_t>(s)]);
  }
  return result;
}

TEST(GreedySearch, TiesGoToTheLowestIdAndTheLengthCapHolds) {
  ScriptedModel model(5, [](int, const std::vector<int>&, float* logits) {
    for (int v = 0; v < 5; ++v) logits[v] = v == 3 || v == 4 ? 1.0f : 0.0f;
  });
  GreedySearch greedy;
  EXPECT_EQ(run(greedy, model, {4}), (std::vector<std::vector<int>>{{3, 3, 3, 3}}));
  EXPECT_EQ(model.steps, 4);
}

TEST(GreedySearch, StopsAtEosWithoutEmittingItAndSkipsZeroLengths) {
  ScriptedModel model(4, [](int sentence, const std::vector<int>& fed, float* logits) {
    logits[2] = 1.0f;
    if (static_cast<int>(fed.size()) > sentence + 1) logits[kEos] = 2.0f;
  });
  GreedySearch greedy;
  EXPECT_EQ(run(greedy, model, {10, 0, 10, 2}), (std::vector<std::vector<int>>{{2}, {}, {2, 2, 2}, {2, 2}}));
}

TEST(GreedySearch, BatchingChangesNothing) {
  const std::vector<int> limits = {7, 12, 1, 20, 9};
  ScriptedModel batched(30, random_logits(30, 5));
  GreedySearch greedy;
  const auto together = run(greedy, batched, limits);
  EXPECT_GT(batched.reorders, 0);
  for (size_t s = 0; s < limits.size(); ++s) {
    ScriptedModel alone(
        30, [&](int, const std::vector<int>& fed, float* l) { random_logits(30, 5)(static_cast<int>(s), fed, l); });
    EXPECT_EQ(run(greedy, alone, {limits[s]})[0], together[s]) << s;
  }
}

TEST(BeamSearch, WidthOneIsGreedy) {
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    ScriptedModel a(50, random_logits(50, seed)), b(50, random_logits(50, seed));
    GreedySearch greedy;
    BeamSearch beam(1, 0.6f);
    EXPECT_EQ(run(beam, a, {15, 3, 25}), run(greedy, b, {15, 3, 25})) << seed;
  }
}

TEST(BeamSearch, FindsTheBetterPathGreedyMisses) {
  // Step 0: token 2 looks better than token 3; after 2 everything is flat, after 3 eos is certain.
  ScriptedModel model(4, [](int, const std::vector<int>& fed, float* logits) {
    for (int v = 0; v < 4; ++v) logits[v] = -20.0f;
    if (fed.size() == 1) {
      logits[2] = 1.0f;
      logits[3] = 0.5f;
    } else if (fed.back() == 3) {
      logits[kEos] = 10.0f;
    } else {
      logits[0] = logits[2] = logits[3] = logits[kEos] = 0.0f;
    }
  });
  BeamSearch beam(2, 0.0f);
  EXPECT_EQ(run(beam, model, {6}), (std::vector<std::vector<int>>{{3}}));
  GreedySearch greedy;
  ScriptedModel again = model;
  EXPECT_EQ(run(greedy, again, {6})[0].front(), 2);
}

TEST(BeamSearch, EqualScoresRankByHypothesisThenToken) {
  // All continuations equally likely: the beam keeps the lowest token ids of the first hypotheses.
  ScriptedModel model(6, [](int, const std::vector<int>& fed, float* logits) {
    for (int v = 0; v < 6; ++v) logits[v] = 0.0f;
    logits[kEos] = fed.size() >= 3 ? 50.0f : -50.0f;
  });
  BeamSearch beam(3, 0.6f);
  EXPECT_EQ(run(beam, model, {8}), (std::vector<std::vector<int>>{{0, 0}}));
}

TEST(BeamSearch, LiveHypothesesFinishAtTheLengthLimit) {
  ScriptedModel model(5, [](int, const std::vector<int>&, float* logits) {
    for (int v = 0; v < 5; ++v) logits[v] = static_cast<float>(v);
    logits[kEos] = -30.0f;
  });
  BeamSearch beam(2, 0.6f);
  EXPECT_EQ(run(beam, model, {3}), (std::vector<std::vector<int>>{{4, 4, 4}}));
}

TEST(BeamSearch, BatchingChangesNothing) {
  const std::vector<int> limits = {9, 14, 2, 0, 11};
  for (int width : {2, 4}) {
    ScriptedModel batched(40, random_logits(40, 11));
    BeamSearch beam(width, 0.6f);
    const auto together = run(beam, batched, limits);
    for (size_t s = 0; s < limits.size(); ++s) {
      ScriptedModel alone(
          40, [&](int, const std::vector<int>& fed, float* l) { random_logits(40, 11)(static_cast<int>(s), fed, l); });
      EXPECT_EQ(run(beam, alone, {limits[s]})[0], together[s]) << "width " << width << " sentence " << s;
    }
  }
}

TEST(Search, CancellationThrowsAborted) {
  std::atomic<bool> cancel{true};
  ScriptedModel model(10, random_logits(10, 1));
  GreedySearch greedy;
  try {
    run(greedy, model, {5}, &cancel);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kAborted);
  }
  BeamSearch beam(3, 0.6f);
  EXPECT_THROW(run(beam, model, {5}, &cancel), Error);
}

TEST(LengthPolicy, FollowsTheFormulaAndNeverPassesThePositionTable) {
  EXPECT_EQ(max_target_length(1.5f, 10, 4, 128), 16);
  EXPECT_EQ(max_target_length(1.2f, 0, 5, 128), 6);
  EXPECT_EQ(max_target_length(0.0f, 0, 5, 128), 0);
  EXPECT_EQ(max_target_length(1.5f, 10, 100, 128), 127);
  EXPECT_EQ(max_target_length(1e30f, 4000000000u, 65535, 65536), 65535);
}

}  // namespace
}  // namespace mnmt
