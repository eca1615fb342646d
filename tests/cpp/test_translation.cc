// Whole-model behaviour through the public API: batching equals one sentence at a time, beam width 1
// equals greedy, sentence splitting and joining, input errors, options, cancellation.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "engine_test_util.h"
#include "mobilenmt/translator.h"
#include "translator_session.h"

namespace mnmt {
namespace {

std::vector<std::vector<int>> fixture_ids(std::shared_ptr<const Model> model) {
  Translator translator(std::move(model));
  std::vector<std::vector<int>> ids;
  for (const std::string& s : test::fixture_sentences()) ids.push_back(translator.tokenize(s));
  return ids;
}

std::vector<std::vector<int>> translate_ids(std::shared_ptr<const Model> model, int beam, int batch) {
  TranslateOptions options;
  options.beam_size = beam;
  options.max_batch_size = batch;
  Session session(model, options);
  return session.translate_ids(fixture_ids(model));
}

class BothModels : public ::testing::TestWithParam<bool> {
 protected:
  std::shared_ptr<const Model> model() const { return GetParam() ? test::post_ln_model() : test::pre_ln_model(); }
};

TEST_P(BothModels, BatchingGivesTheIdsOfOneSentenceAtATime) {
  for (int beam : {1, 3}) {
    const auto single = translate_ids(model(), beam, 1);
    for (int batch : {2, 7, 30})
      EXPECT_EQ(translate_ids(model(), beam, batch), single) << "beam " << beam << " batch " << batch;
  }
}

TEST_P(BothModels, BeamWidthOneIsGreedy) {
  const std::vector<std::vector<int>> sources = fixture_ids(model());
  std::vector<const std::vector<int>*> batch;
  for (const auto& s : sources) batch.push_back(&s);
  TranslateOptions options;
  options.max_batch_size = static_cast<int>(sources.size());
  SessionState greedy(model()->internals(), options, false);
  SessionState beam(model()->internals(), options, true);
  greedy.prepare(batch.data(), static_cast<int>(batch.size()));
  beam.prepare(batch.data(), static_cast<int>(batch.size()));
  greedy.run();
  beam.run();
  for (int s = 0; s < static_cast<int>(sources.size()); ++s) {
    int greedy_length = 0, beam_length = 0;
    const int* g = greedy.output(s, &greedy_length);
    const int* b = beam.output(s, &beam_length);
    EXPECT_EQ(std::vector<int>(b, b + beam_length), std::vector<int>(g, g + greedy_length)) << "sentence " << s;
  }
}

TEST_P(BothModels, OutputsStayWithinTheLengthLimit) {
  const ModelConfig& c = model()->config();
  const auto sources = fixture_ids(model());
  const auto targets = translate_ids(model(), 2, 8);
  for (size_t i = 0; i < sources.size(); ++i) {
    const float limit =
        c.length_ratio * static_cast<float>(sources[i].size() + 1) + static_cast<float>(c.length_offset);
    EXPECT_LE(static_cast<float>(targets[i].size()), limit);
    for (int id : targets[i]) {
      EXPECT_NE(id, static_cast<int>(c.eos_id));
      EXPECT_LT(id, static_cast<int>(c.vocab_size));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Models, BothModels, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& p) { return p.param ? "PostLnGelu" : "PreLnRelu"; });

TEST(Translator, TranslatesEachSentenceAndJoinsThemWithASpace) {
  Translator translator(test::pre_ln_model());
  const TranslationResult both = translator.translate("  Where is the train station? Thank you very much!  ");
  ASSERT_EQ(both.sentences.size(), 2u);
  EXPECT_EQ(both.sentences[0].source, "Where is the train station?");
  EXPECT_EQ(both.sentences[1].source, "Thank you very much!");
  const std::string first = translator.translate("Where is the train station?").text;
  const std::string second = translator.translate("Thank you very much!").text;
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(both.text, first + " " + second);
}

TEST(Translator, WithoutSplittingASegmentIsOneSentence) {
  TranslateOptions options;
  options.split_sentences = false;
  Translator translator(test::pre_ln_model(), options);
  const TranslationResult r = translator.translate("Hello. How are you?");
  ASSERT_EQ(r.sentences.size(), 1u);
  EXPECT_EQ(r.sentences[0].source, "Hello. How are you?");
}

TEST(Translator, BlankSegmentsTranslateToNothing) {
  Translator translator(test::pre_ln_model());
  for (const char* blank : {"", "   ", "\t"}) {
    const TranslationResult r = translator.translate(blank);
    EXPECT_EQ(r.text, "");
    EXPECT_TRUE(r.sentences.empty());
  }
}

TEST(Translator, RejectsInvalidUtf8WithTheOffset) {
  Translator translator(test::pre_ln_model());
  try {
    translator.translate("Hello \xC0\xAF world.");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadInput);
    EXPECT_STREQ(e.what(), "invalid UTF-8 at byte 6: overlong encoding of U+002F");
    EXPECT_STREQ(error_code_name(e.code()), "BAD_INPUT");
  }
}

TEST(Translator, RejectsASentenceLongerThanThePositionTable) {
  Translator translator(test::pre_ln_model());
  std::string long_sentence = "Word";
  for (int i = 0; i < 200; ++i) long_sentence += " word";
  try {
    translator.translate("Short one. " + long_sentence);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadInput);
    EXPECT_NE(std::string(e.what()).find("sentence 2 is "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("at most 127 tokens per sentence"), std::string::npos) << e.what();
  }
}

TEST(Translator, ABadSegmentInABatchLeavesTheOthersAlone) {
  Translator translator(test::pre_ln_model());
  const std::vector<std::string> segments = {"Good night!", "bad \xFF", "", "Do you speak German?"};
  const std::vector<TranslationResult> results = translator.translate_batch(segments);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_FALSE(results[0].error);
  ASSERT_TRUE(results[1].error);
  EXPECT_EQ(results[1].error->code(), ErrorCode::kBadInput);
  EXPECT_EQ(results[1].text, "");
  EXPECT_EQ(results[2].text, "");
  EXPECT_EQ(results[0].text, translator.translate("Good night!").text);
  EXPECT_EQ(results[3].text, translator.translate("Do you speak German?").text);
}

TEST(Translator, CancellationThrowsAborted) {
  std::atomic<bool> cancel{true};
  TranslateOptions options;
  options.cancel = &cancel;
  Translator translator(test::pre_ln_model(), options);
  try {
    translator.translate("Hello.");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kAborted);
  }
  cancel = false;
  EXPECT_NO_THROW(translator.translate("Hello."));
}

TEST(Session, RejectsBadOptionsAndIds) {
  for (auto edit :
       {+[](TranslateOptions& o) { o.beam_size = 0; }, +[](TranslateOptions& o) { o.beam_size = 65; },
        +[](TranslateOptions& o) { o.max_batch_size = 0; }, +[](TranslateOptions& o) { o.length_penalty = -1.0f; }}) {
    TranslateOptions options;
    edit(options);
    EXPECT_THROW(Session(test::pre_ln_model(), options), Error);
  }
  Session session(test::pre_ln_model());
  EXPECT_THROW(session.translate_ids({{5, 8000}}), Error);
  EXPECT_THROW(session.translate_ids({{-1}}), Error);
  EXPECT_THROW(session.translate_ids({std::vector<int>(128, 5)}), Error);
  EXPECT_NO_THROW(session.translate_ids({std::vector<int>(127, 5), {}}));
}

TEST(Session, TheWorkspaceOnlyGrowsForLargerBatches) {
  Session session(test::pre_ln_model());
  const auto sources = fixture_ids(test::pre_ln_model());
  session.translate_ids(sources);
  const size_t bytes = session.workspace_bytes();
  EXPECT_GT(bytes, 0u);
  session.translate_ids(sources);
  session.translate_ids({sources[0]});
  EXPECT_EQ(session.workspace_bytes(), bytes);
}

}  // namespace
}  // namespace mnmt
