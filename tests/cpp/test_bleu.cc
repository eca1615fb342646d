// BLEU scorer (engine/tools/bleu.{h,cc}, bleu_command.{h,cc}); docs/bleu.md.
// Every expected figure below is worked out by hand in the comment next to it; each was also
// confirmed against sacreBLEU 2.6.0 (see docs/bleu.md, "How it was verified").
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bleu.h"
#include "bleu_command.h"

namespace mnmt::bleu {
namespace {

using Lines = std::vector<std::string>;

Score Corpus(const Lines& hyps, const std::vector<Lines>& refs, const Options& options = {}) {
  return corpus_bleu(hyps, refs, options);
}

// ------------------------------------------------------------------------------------------------
// Tokenizer 13a

TEST(Bleu13a, PunctuationIsSplitOff) {
  // ',' after a non-digit: "o," -> "o , "; '.' after a non-digit -> " . ".
  EXPECT_EQ(tokenize_13a("Hello, world."), "Hello , world .");
  EXPECT_EQ(tokenize_13a("e.g."), "e . g .");
  EXPECT_EQ(tokenize_13a("a,b"), "a , b");
  EXPECT_EQ(tokenize_13a("(x) [y] {z} a/b x:y;z? !"), "( x ) [ y ] { z } a / b x : y ; z ? !");
}

TEST(Bleu13a, NumbersKeepTheirPeriodsAndCommas) {
  // '.' between two digits matches neither ([^0-9])([.,]) nor ([.,])([^0-9]).
  EXPECT_EQ(tokenize_13a("3.14"), "3.14");
  EXPECT_EQ(tokenize_13a("1,000.5"), "1,000.5");
  // The final '.' follows a digit but precedes the padding space: ([.,])([^0-9]) splits it.
  EXPECT_EQ(tokenize_13a("pi is 3.14."), "pi is 3.14 .");
  // Non-overlapping left-to-right matching: "x." is consumed by pass 2, the second '.' is then
  // followed by '5', so it stays glued to it.
  EXPECT_EQ(tokenize_13a("x..5"), "x . .5");
}

TEST(Bleu13a, Dashes) {
  // '-' is in no class of the first regex; only ([0-9])(-) splits it.
  EXPECT_EQ(tokenize_13a("a-b"), "a-b");
  EXPECT_EQ(tokenize_13a("x-5"), "x-5");
  EXPECT_EQ(tokenize_13a("1-2"), "1 - 2");
  EXPECT_EQ(tokenize_13a("well-known 2-3-4"), "well-known 2 - 3 - 4");
}

TEST(Bleu13a, SymbolsAndQuotes) {
  // '$' (0x24) and '"' (0x22) are in " -&"; '%' too.
  EXPECT_EQ(tokenize_13a("$5"), "$ 5");
  EXPECT_EQ(tokenize_13a("50%"), "50 %");
  EXPECT_EQ(tokenize_13a("\"quoted\""), "\" quoted \"");
}

TEST(Bleu13a, ApostropheIsNotSplit) {
  // The first class is [{-~[-` -&(-+:-@/]: " -&" ends at 0x26 and "(-+" starts at 0x28, so the
  // apostrophe 0x27 is in no class and "don't" stays one token (as in mteval-v13a and sacreBLEU).
  EXPECT_EQ(tokenize_13a("don't"), "don't");
  EXPECT_EQ(tokenize_13a("'quoted'"), "'quoted'");
}

TEST(Bleu13a, EntitiesAreUnescapedInOrder) {
  EXPECT_EQ(tokenize_13a("&quot;hi&quot; &amp; &lt;b&gt;"), "\" hi \" & < b >");
  // Sequential replaces: "&amp;lt;" -> "&lt;" (after the &amp; step) -> "<" (the &lt; step).
  EXPECT_EQ(tokenize_13a("&amp;lt;"), "<");
  // "&amp;quot;" -> "&quot;" only after the &quot; step has run, so it stays "& quot ;".
  EXPECT_EQ(tokenize_13a("&amp;quot;"), "& quot ;");
  EXPECT_EQ(tokenize_13a("AT&T"), "AT & T");
}

TEST(Bleu13a, SkippedAndNewlines) {
  EXPECT_EQ(tokenize_13a("<skipped>a"), "a");
  EXPECT_EQ(tokenize_13a("a-\nb"), "ab");      // "-\n" removed
  EXPECT_EQ(tokenize_13a("a\nb"), "a b");      // "\n" -> " "
  EXPECT_EQ(tokenize_13a("a-<skipped>\nb"), "ab");  // <skipped> first, then "-\n"
}

TEST(Bleu13a, NonAsciiIsUntouched) {
  // Bytes >= 0x80 are in no class; a '.' after a non-ASCII letter is split like after 'a'.
  EXPECT_EQ(tokenize_13a("Ünïcödé naïve café."), "Ünïcödé naïve café .");
  EXPECT_EQ(tokenize_13a("Straße 5–6 — ok"), "Straße 5–6 — ok");  // en/em dash are not '-'
  EXPECT_EQ(tokenize_13a("日本語。テスト"), "日本語。テスト");
  // ',' after the digit survives pass 2 but is followed by the non-digit '-': pass 3 splits it.
  EXPECT_EQ(tokenize_13a("€5,-"), "€5 , -");
}

TEST(Bleu13a, UnicodeWhitespaceSeparatesTokens) {
  // Python's str.split(): NBSP U+00A0, U+2009 thin space, U+3000, \x1c..\x1f split; ZWSP does not.
  EXPECT_EQ(tokenize_13a("a\xC2\xA0" "b\xE2\x80\x89" "c\xE3\x80\x80" "d\x1F" "e"), "a b c d e");
  EXPECT_EQ(tokenize_13a("a\xE2\x80\x8B" "b"), "a\xE2\x80\x8B" "b");
  EXPECT_EQ(tokenize_13a("  \t spaced \r out \v "), "spaced out");
}

// ------------------------------------------------------------------------------------------------
// Python string functions

TEST(BleuPython, Lowercase) {
  EXPECT_EQ(python_lower("Hello WORLD"), "hello world");
  EXPECT_EQ(python_lower("ÄÖÜ ÀÉ Ÿ"), "äöü àé ÿ");
  EXPECT_EQ(python_lower("ẞ"), "ß");
  // U+0130 lowercases to two code points: i + U+0307.
  EXPECT_EQ(python_lower("İ"), "i\xCC\x87");
  // Final sigma: after a cased letter and not before one -> ς, else σ.
  EXPECT_EQ(python_lower("ΟΔΟΣ ΟΔΟΣ. ΣΑ Σ"), "οδος οδος. σα σ");
  EXPECT_EQ(python_lower("ΑΣ'Α"), "ασ'α");  // the apostrophe is case-ignorable: Α follows
  EXPECT_EQ(python_lower("ΑΣ'"), "ας'");
}

TEST(BleuPython, StripSplitAndUtf8) {
  EXPECT_EQ(python_rstrip("a b \t\r\xC2\xA0"), "a b");
  EXPECT_EQ(python_rstrip("\xE2\x80\x8B"), "\xE2\x80\x8B");  // ZWSP is not whitespace
  const auto tokens = python_split(" a  bc\xE2\x80\xA8" "d ");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0], "a");
  EXPECT_EQ(tokens[1], "bc");
  EXPECT_EQ(tokens[2], "d");
  EXPECT_TRUE(is_valid_utf8("plain ✓ 𝄞"));
  size_t bad = 0;
  EXPECT_FALSE(is_valid_utf8("ok\xC3(", &bad));
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));   // surrogate
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));       // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
}

TEST(BleuPython, FloatRepr) {
  EXPECT_EQ(python_float_repr(27.31), "27.31");
  EXPECT_EQ(python_float_repr(100.0), "100.0");
  EXPECT_EQ(python_float_repr(0.0), "0.0");
  EXPECT_EQ(python_float_repr(0.0001), "0.0001");
  EXPECT_EQ(python_float_repr(0.00001), "1e-05");
  EXPECT_EQ(python_float_repr(0.000012), "1.2e-05");
}

// ------------------------------------------------------------------------------------------------
// BLEU arithmetic

TEST(BleuScore, PerfectMatchIs100) {
  // 6 tokens: 1..4-grams 6/6, 5/5, 4/4, 3/3 -> every precision 100, BP 1, exp(log 100) = 100.
  const Score s = Corpus({"the cat sat on the mat"}, {{"the cat sat on the mat"}});
  EXPECT_NEAR(s.score, 100.0, 1e-9);
  EXPECT_EQ(format_text(s),
            "BLEU = 100.00 100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)");
}

TEST(BleuScore, TwoSentenceCorpusWithExpSmoothedFourGrams) {
  // Segment 1  hyp: the cat sat on the mat        ref: the cat is on the mat
  //   1-grams: the 2/2, cat, on, mat match, sat not                 -> 5/6
  //   2-grams: "the cat", "on the", "the mat" match of 5             -> 3/5
  //   3-grams: "on the mat" of 4                                     -> 1/4
  //   4-grams: none of 3                                             -> 0/3
  // Segment 2  hyp: a quick brown fox jumps       ref: the quick brown fox jumped
  //   1-grams: quick, brown, fox of 5 -> 3/5; 2-grams: "quick brown", "brown fox" of 4 -> 2/4
  //   3-grams: "quick brown fox" of 3 -> 1/3; 4-grams 0/2
  // Corpus: correct 8/5/2/0, total 11/9/7/5, hyp_len = ref_len = 11 -> BP 1.
  // Precisions: 800/11 = 72.727..., 500/9 = 55.556..., 200/7 = 28.571...,
  //   4-grams have no match -> exp smoothing k=1: 100 / (2^1 * 5) = 10.0.
  // BLEU = exp((ln 72.7273 + ln 55.5556 + ln 28.5714 + ln 10) / 4)
  //      = exp((4.28671 + 4.01738 + 3.35241 + 2.30259) / 4) = exp(3.489771) = 32.7785.
  const Score s = Corpus({"the cat sat on the mat", "a quick brown fox jumps"},
                         {{"the cat is on the mat", "the quick brown fox jumped"}});
  EXPECT_EQ(s.stats.correct, (std::array<int64_t, 4>{8, 5, 2, 0}));
  EXPECT_EQ(s.stats.total, (std::array<int64_t, 4>{11, 9, 7, 5}));
  EXPECT_EQ(s.stats.hyp_len, 11);
  EXPECT_EQ(s.stats.ref_len, 11);
  EXPECT_DOUBLE_EQ(s.precisions[0], 800.0 / 11.0);
  EXPECT_DOUBLE_EQ(s.precisions[1], 500.0 / 9.0);
  EXPECT_DOUBLE_EQ(s.precisions[2], 200.0 / 7.0);
  EXPECT_DOUBLE_EQ(s.precisions[3], 10.0);
  EXPECT_NEAR(s.score, 32.77850848803996, 1e-12);
  EXPECT_EQ(format_text(s),
            "BLEU = 32.78 72.7/55.6/28.6/10.0 (BP = 1.000 ratio = 1.000 hyp_len = 11 ref_len = 11)");
}

TEST(BleuScore, BrevityPenalty) {
  // hyp 5 tokens, all n-grams match (5/5, 4/4, 3/3, 2/2); ref 6 tokens.
  // BP = exp(1 - 6/5) = exp(-0.2) = 0.818730753; BLEU = 100 * BP = 81.8731; ratio 5/6 = 0.833.
  const Score s = Corpus({"the cat sat on the"}, {{"the cat sat on the mat"}});
  EXPECT_NEAR(s.bp, std::exp(-0.2), 1e-15);
  EXPECT_NEAR(s.score, 81.87307530779819, 1e-9);
  EXPECT_EQ(format_text(s),
            "BLEU = 81.87 100.0/100.0/100.0/100.0 (BP = 0.819 ratio = 0.833 hyp_len = 5 ref_len = 6)");
}

TEST(BleuScore, ExpSmoothingDoublesPerZeroOrder) {
  // hyp: the the the the; refs: "the cat" and "the the dog".
  // Clipping uses the max count over the references: the -> max(1, 2) = 2, "the the" -> 1.
  //   correct 2/1/0/0 of total 4/3/2/1. Ref lengths 2 and 3: |4-3| = 1 is closest -> ref_len 3.
  //   p1 = 50, p2 = 33.33; 3-grams: first zero -> 100 / (2 * 2) = 25; 4-grams: second zero ->
  //   100 / (4 * 1) = 25. BLEU = (50 * 33.333 * 25 * 25)^(1/4) = 1041666.67^(1/4) = 31.9472.
  const Score s = Corpus({"the the the the"}, {{"the cat"}, {"the the dog"}});
  EXPECT_EQ(s.stats.correct, (std::array<int64_t, 4>{2, 1, 0, 0}));
  EXPECT_EQ(s.stats.total, (std::array<int64_t, 4>{4, 3, 2, 1}));
  EXPECT_EQ(s.stats.ref_len, 3);
  EXPECT_DOUBLE_EQ(s.precisions[2], 25.0);
  EXPECT_DOUBLE_EQ(s.precisions[3], 25.0);
  EXPECT_NEAR(s.score, 31.947155212313625, 1e-12);
  EXPECT_EQ(format_text(s),
            "BLEU = 31.95 50.0/33.3/25.0/25.0 (BP = 1.000 ratio = 1.333 hyp_len = 4 ref_len = 3)");
}

TEST(BleuScore, ClosestReferenceLengthTiesGoToTheShorter) {
  EXPECT_EQ(closest_ref_len(5, {4, 6}), 4);
  EXPECT_EQ(closest_ref_len(5, {6, 4}), 4);
  EXPECT_EQ(closest_ref_len(5, {7, 3, 6}), 6);
  EXPECT_EQ(closest_ref_len(0, {2, 1}), 1);
  // hyp "a b c d e" (5) vs refs of 4 and 6 tokens: both 1 away -> 4 is used, so BP = 1 (5 > 4).
  // Every hyp n-gram is in the 6-token ref: 5/5, 4/4, 3/3, 2/2 -> BLEU 100; ratio 5/4 = 1.250.
  for (const auto& refs : {std::vector<Lines>{{"a b c d"}, {"a b c d e f"}},
                           std::vector<Lines>{{"a b c d e f"}, {"a b c d"}}}) {
    const Score s = Corpus({"a b c d e"}, refs);
    EXPECT_EQ(s.stats.ref_len, 4);
    EXPECT_EQ(s.bp, 1.0);
    EXPECT_EQ(format_text(s),
              "BLEU = 100.00 100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.250 hyp_len = 5 ref_len = 4)");
  }
}

TEST(BleuScore, NoMatchAtAllIsZeroWithoutSmoothing) {
  // No n-gram matches: sacreBLEU returns 0 early and leaves every precision at 0.0 (no smoothing).
  const Score s = Corpus({"x y z w"}, {{"a b c d"}});
  EXPECT_EQ(s.score, 0.0);
  EXPECT_EQ(format_text(s),
            "BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 1.000 hyp_len = 4 ref_len = 4)");
}

TEST(BleuScore, NoFourGramsAtAllIsZero) {
  // "a b" has no 3- or 4-grams: total_3 = 0 stops the loop, p3 = p4 stay 0 -> log floor
  // -9999999999 -> exp(-5e9) = 0, although 1- and 2-grams match perfectly.
  const Score s = Corpus({"a b"}, {{"a b"}});
  EXPECT_EQ(s.score, 0.0);
  EXPECT_EQ(format_text(s),
            "BLEU = 0.00 100.0/100.0/0.0/0.0 (BP = 1.000 ratio = 1.000 hyp_len = 2 ref_len = 2)");
}

TEST(BleuScore, EmptyHypothesesAndEmptyCorpus) {
  // Blank hypothesis lines: hyp_len 0 < ref_len 6 -> BP 0, score 0.
  const Score blank = Corpus({"", ""}, {{"a b c d", "e f"}});
  EXPECT_EQ(format_text(blank),
            "BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 0.000 ratio = 0.000 hyp_len = 0 ref_len = 6)");
  // No lines at all: 0, BP 1 (0 < 0 is false), ratio 0 (ref_len 0).
  const Score empty = Corpus({}, {{}});
  EXPECT_EQ(format_text(empty),
            "BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 0.000 hyp_len = 0 ref_len = 0)");
}

TEST(BleuScore, TokenizationAndLowercaseAffectMatches) {
  // "Hello, world." -> 4 tokens "Hello , world ." against the same ref: 4/4, 3/3, 2/2, 1/1 -> 100.
  EXPECT_NEAR(Corpus({"Hello, world."}, {{"Hello , world ."}}).score, 100.0, 1e-9);
  // Case differs: "hello" vs "Hello" -> 3/4, 2/3, 1/2, 0/1 -> p4 = 100/(2*1) = 50,
  // BLEU = (75 * 66.67 * 50 * 50)^(1/4) = 12500000^(1/4) = 59.46.
  const Score mixed = Corpus({"hello, world."}, {{"Hello, world."}});
  EXPECT_NEAR(mixed.score, std::pow(75.0 * (200.0 / 3.0) * 50.0 * 50.0, 0.25), 1e-9);
  Options lc;
  lc.lowercase = true;
  EXPECT_NEAR(Corpus({"hello, world."}, {{"Hello, world."}}, lc).score, 100.0, 1e-9);
  // tokenize none: "world." and "world" differ; 2 tokens -> no 3-grams -> 0.
  Options none;
  none.tokenizer = Tokenizer::kNone;
  const Score s = Corpus({"a b c d."}, {{"a b c d"}}, none);
  EXPECT_EQ(s.stats.correct, (std::array<int64_t, 4>{3, 2, 1, 0}));
}

TEST(BleuScore, MismatchedStreamsThrow) {
  EXPECT_THROW(Corpus({"a", "b"}, {{"a"}}), std::invalid_argument);
  EXPECT_THROW(Corpus({"a"}, {}), std::invalid_argument);
}

TEST(BleuReport, SignatureAndJson) {
  EXPECT_EQ(signature(1, {}), "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x-compatible");
  Options o;
  o.lowercase = true;
  o.tokenizer = Tokenizer::kNone;
  EXPECT_EQ(signature(2, o), "nrefs:2|case:lc|eff:no|tok:none|smooth:exp|version:2.x-compatible");
  // The sacreBLEU CLI's default JSON (width 1): "score" is float(f'{32.7785:.1f}') = 32.8.
  const Score s = Corpus({"the cat sat on the mat", "a quick brown fox jumps"},
                         {{"the cat is on the mat", "the quick brown fox jumped"}});
  EXPECT_EQ(format_json(s, signature(1, {}), 1),
            "{\n"
            " \"name\": \"BLEU\",\n"
            " \"score\": 32.8,\n"
            " \"signature\": \"nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x-compatible\",\n"
            " \"verbose_score\": \"72.7/55.6/28.6/10.0 (BP = 1.000 ratio = 1.000 hyp_len = 11 ref_len = 11)\",\n"
            " \"nrefs\": \"1\",\n"
            " \"case\": \"mixed\",\n"
            " \"eff\": \"no\",\n"
            " \"tok\": \"13a\",\n"
            " \"smooth\": \"exp\",\n"
            " \"version\": \"2.x-compatible\"\n"
            "}");
  EXPECT_EQ(format_score_only(s, 0), "33");
  EXPECT_EQ(format_score_only(s, 3), "32.779");
}

TEST(BleuReport, SplitLinesLikePython) {
  EXPECT_EQ(split_lines(""), Lines{});
  EXPECT_EQ(split_lines("a\nb"), (Lines{"a", "b"}));
  EXPECT_EQ(split_lines("a\nb\n"), (Lines{"a", "b"}));
  EXPECT_EQ(split_lines("a\n\n"), (Lines{"a", ""}));
  EXPECT_EQ(split_lines("a\r\nb\rc\n"), (Lines{"a\r", "b\rc"}));
}

// ------------------------------------------------------------------------------------------------
// The command

class BleuCommand : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& contents) {
    const std::string path = ::testing::TempDir() + "mnmt_bleu_" + name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }
  int Run(const std::vector<std::string>& args, const std::string& stdin_text) {
    std::istringstream in(stdin_text);
    out_.str("");
    err_.str("");
    return run_bleu_command(args, in, out_, err_);
  }
  std::ostringstream out_, err_;
};

TEST_F(BleuCommand, ScoresAndPrintsTwoLines) {
  const std::string ref = Write("ref1", "the cat is on the mat\nthe quick brown fox jumped\n");
  EXPECT_EQ(Run({"--ref", ref}, "the cat sat on the mat\na quick brown fox jumps\n"), 0);
  EXPECT_EQ(out_.str(),
            "BLEU = 32.78 72.7/55.6/28.6/10.0 (BP = 1.000 ratio = 1.000 hyp_len = 11 ref_len = 11)\n"
            "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x-compatible\n");
  EXPECT_EQ(err_.str(), "");
  // No trailing newline on stdin and CRLF references read the same (rstrip removes '\r').
  const std::string crlf = Write("ref_crlf", "the cat is on the mat\r\nthe quick brown fox jumped\r\n");
  EXPECT_EQ(Run({"-r", crlf, "-w", "1"}, "the cat sat on the mat\na quick brown fox jumps"), 0);
  EXPECT_EQ(out_.str().substr(0, 12), "BLEU = 32.8 ");
}

TEST_F(BleuCommand, MultipleReferencesAndOptions) {
  const std::string r1 = Write("m1", "the cat\n");
  const std::string r2 = Write("m2", "the the dog\n");
  EXPECT_EQ(Run({"--ref", r1, "--ref=" + r2}, "the the the the\n"), 0);
  EXPECT_EQ(out_.str(),
            "BLEU = 31.95 50.0/33.3/25.0/25.0 (BP = 1.000 ratio = 1.333 hyp_len = 4 ref_len = 3)\n"
            "nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x-compatible\n");
  const std::string upper = Write("upper", "HELLO, WORLD.\n");
  EXPECT_EQ(Run({"--ref", upper, "--lowercase", "-b"}, "hello, world.\n"), 0);
  EXPECT_EQ(out_.str(), "100.00\n");
  EXPECT_EQ(Run({"--ref", upper, "-lc", "--json", "-w", "0"}, "hello, world.\n"), 0);
  EXPECT_NE(out_.str().find(" \"score\": 100.0,\n"), std::string::npos);
  EXPECT_NE(out_.str().find(" \"case\": \"lc\",\n"), std::string::npos);
  EXPECT_EQ(Run({"--help"}, ""), 0);
  EXPECT_NE(out_.str().find("usage: mobilenmt bleu"), std::string::npos);
}

TEST_F(BleuCommand, EmptyInputScoresZero) {
  const std::string empty = Write("empty", "");
  EXPECT_EQ(Run({"--ref", empty}, ""), 0);
  EXPECT_EQ(out_.str(),
            "BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 0.000 hyp_len = 0 ref_len = 0)\n"
            "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x-compatible\n");
  const std::string two = Write("two", "a b c d\ne f\n");
  EXPECT_EQ(Run({"--ref", two}, "\n\n"), 0);  // two blank hypotheses
  EXPECT_EQ(out_.str().substr(0, 12), "BLEU = 0.00 ");
}

TEST_F(BleuCommand, LineCountMismatchExits2) {
  const std::string ref = Write("mismatch", "a b c d\ne f g h\n");
  EXPECT_EQ(Run({"--ref", ref}, "a b c d\n"), 2);
  EXPECT_EQ(out_.str(), "");
  EXPECT_NE(err_.str().find("line count mismatch"), std::string::npos);
  EXPECT_NE(err_.str().find("has 1 lines but reference"), std::string::npos);
  // Empty hypotheses against a non-empty reference is a mismatch too, not a score of 0.
  EXPECT_EQ(Run({"--ref", ref}, ""), 2);
  // The second of two references is checked as well.
  const std::string ok = Write("mismatch_ok", "a b c d\n");
  EXPECT_EQ(Run({"--ref", ok, "--ref", ref}, "a b c d\n"), 2);
}

TEST_F(BleuCommand, BadInputAndUsageExit2) {
  const std::string ref = Write("usage", "a b c d\n");
  EXPECT_EQ(Run({}, "a\n"), 2);  // no --ref
  EXPECT_NE(err_.str().find("--ref"), std::string::npos);
  EXPECT_EQ(Run({"--ref"}, "a\n"), 2);
  EXPECT_EQ(Run({"--ref", ref, "--bogus"}, "a\n"), 2);
  EXPECT_EQ(Run({"--ref", ref, "-w", "x"}, "a\n"), 2);
  EXPECT_EQ(Run({"--ref", ref, "-w", "21"}, "a\n"), 2);
  EXPECT_EQ(Run({"--ref", ref, "--tokenize", "intl"}, "a\n"), 2);
  EXPECT_EQ(Run({"--ref", ref, "--json", "-b"}, "a\n"), 2);
  EXPECT_EQ(Run({"--ref", ::testing::TempDir() + "mnmt_bleu_does_not_exist"}, "a\n"), 2);
  EXPECT_NE(err_.str().find("cannot open"), std::string::npos);
  EXPECT_EQ(Run({"--ref", ref}, "a \xFF b\n"), 2);
  EXPECT_NE(err_.str().find("line 1 is not valid UTF-8"), std::string::npos);
  const std::string bad = Write("bad_utf8", "ok\n\xC3\n");
  EXPECT_EQ(Run({"--ref", bad}, "ok\nok\n"), 2);
  EXPECT_NE(err_.str().find("line 2 is not valid UTF-8"), std::string::npos);
}

}  // namespace
}  // namespace mnmt::bleu
