// UTF-8 validation and the rule-based sentence splitter (engine/src/text/).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mobilenmt/errors.h"
#include "text/sentence_splitter.h"
#include "text/utf8.h"

namespace mnmt {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  for (const char* text : {"", "plain ASCII", "caf\xC3\xA9", "\xE2\x82\xAC 5", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
                           "\xEF\xBF\xBD", "\xED\x9F\xBF", "\xEE\x80\x80"}) {
    EXPECT_TRUE(is_valid_utf8(text)) << text;
  }
}

struct BadUtf8 {
  std::string text;
  size_t offset;
  const char* reason;
};

TEST(Utf8, NamesTheOffsetAndTheProblem) {
  const BadUtf8 cases[] = {
      {"ab\x80", 2, "unexpected continuation byte 0x80"},
      {"x\xFF", 1, "invalid lead byte 0xFF"},
      {"\xF8\x88\x80\x80\x80", 0, "invalid lead byte 0xF8"},
      {"abc\xC3", 3, "truncated sequence at the end of the text"},
      {"\xE2\x82"
       "A",
       0, "truncated sequence (byte 0x41 is not a continuation)"},
      {"/\xC0\xAF", 1, "overlong encoding of U+002F"},
      {"\xC1\xBF", 0, "overlong encoding of U+007F"},
      {"\xE0\x80\xAF", 0, "overlong encoding of U+002F"},
      {"\xF0\x82\x82\xAC", 0, "overlong encoding of U+20AC"},
      {"ok \xED\xA0\x80", 3, "UTF-16 surrogate U+D800"},
      {"\xED\xBF\xBF", 0, "UTF-16 surrogate U+DFFF"},
      {"\xF4\x90\x80\x80", 0, "code point above U+10FFFF"},
  };
  for (const BadUtf8& c : cases) {
    Utf8Problem problem;
    EXPECT_FALSE(is_valid_utf8(c.text, &problem)) << c.reason;
    EXPECT_EQ(problem.offset, c.offset) << c.reason;
    EXPECT_EQ(problem.reason, c.reason);
  }
}

TEST(Utf8, CheckThrowsBadInput) {
  try {
    check_utf8("Gr\xC3\xBC\xC3 \xC3\xBF");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadInput);
    EXPECT_STREQ(e.what(), "invalid UTF-8 at byte 4: truncated sequence (byte 0x20 is not a continuation)");
  }
}

using Sentences = std::vector<std::string>;

Sentences split(const std::string& text) {
  Sentences out;
  for (std::string_view s : split_sentences(text)) out.emplace_back(s);
  return out;
}

TEST(SentenceSplitter, SplitsAtTerminatorsBeforeACapitalQuoteOrDigit) {
  EXPECT_EQ(split("Hello world. How are you? Fine! Thanks"),
            (Sentences{"Hello world.", "How are you?", "Fine!", "Thanks"}));
  EXPECT_EQ(split("Wait\xE2\x80\xA6 Then it rained."), (Sentences{"Wait\xE2\x80\xA6", "Then it rained."}));
  EXPECT_EQ(split("Really?! Yes... \"Good,\" she said."), (Sentences{"Really?!", "Yes...", "\"Good,\" she said."}));
  EXPECT_EQ(split("He left. 3 days later he came back."), (Sentences{"He left.", "3 days later he came back."}));
  EXPECT_EQ(split("She said \"Stop.\" Then she left."), (Sentences{"She said \"Stop.\"", "Then she left."}));
  EXPECT_EQ(split("Es ist sp\xC3\xA4t. \xC3\x9C"
                  "berall ist es dunkel."),
            (Sentences{"Es ist sp\xC3\xA4t.",
                       "\xC3\x9C"
                       "berall ist es dunkel."}));
  EXPECT_EQ(split("Er rief: \xE2\x80\x9EHalt!\xE2\x80\x9C Dann ging er."),
            (Sentences{"Er rief: \xE2\x80\x9EHalt!\xE2\x80\x9C", "Dann ging er."}));
  EXPECT_EQ(split("Fin. (Ende)"), (Sentences{"Fin.", "(Ende)"}));
}

TEST(SentenceSplitter, KeepsSentencesWhole) {
  for (const char* text : {
           "Mr. Smith met Dr. Jones at St. Mary's.",
           "Use a tool, e.g. A hammer, to do it.",
           "Bring fruit, i.e. Apples and pears.",
           "Wir brauchen z.B. Milch und Brot.",
           "Das ist bzw. War teuer.",
           "Pi is 3.14 and e is 2.72 roughly.",
           "J. R. R. Tolkien wrote it.",
           "The U.S. Army arrived.",
           "Am 3. Oktober ist Feiertag.",
           "See No. 5 and p. 12 for details.",
           "Visit example.com today. no capital here. still one.",
           "It costs 5 dollars, right? sure.",
           "Stop.Then go.",
       }) {
    EXPECT_EQ(split(text), Sentences{text}) << text;
  }
}

TEST(SentenceSplitter, TrimsAndDropsBlankPieces) {
  EXPECT_EQ(split("   "), Sentences{});
  EXPECT_EQ(split(""), Sentences{});
  EXPECT_EQ(split("  One.   Two.  "), (Sentences{"One.", "Two."}));
  EXPECT_EQ(split("\xC2\xA0Hi.\xC2\xA0"), (Sentences{"Hi."}));
  EXPECT_EQ(trim_whitespace(" \t x y \n"), "x y");
}

}  // namespace
}  // namespace mnmt
