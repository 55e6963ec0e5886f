// Tests for align/eval: the bead file parser, the coverage check, and strict/lax precision, recall
// and F1. Expected scores are worked out by hand in the comments from score.py's definition.
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "align/common/error.h"
#include "align/eval/beads.h"
#include "align/eval/evaluate.h"
#include "tests/test_util.h"

using talign::BeadRecord;
using talign::check_coverage;
using talign::Error;
using talign::ErrorKind;
using talign::EvalCounts;
using talign::EvalScores;
using talign::parse_beads;
using talign::testing::error_of;
using Ids = std::vector<uint32_t>;

namespace {

std::vector<BeadRecord> beads(const std::string& text) { return parse_beads(text, "t.beads"); }

EvalScores evaluate(const std::string& gold, const std::string& test) {
  EvalCounts counts;
  talign::add_file(counts, beads(gold), beads(test));
  return talign::scores(counts);
}

// The hand-made example (also tests/data/eval/small_*.beads). Gold:
//   g1 [0]:[0]  g2 [1]:[1]  g3 [2]:[2]  g4 [3]:[3, 4]  g5 [4]:[]  g6 [5]:[5]  g7 []:[6]
const char* const kGold = "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3, 4]\n[4]:[]\n[5]:[5]\n[]:[6]\n";
// Test: t1 merges g1+g2, t2 is right, t3+t4 split g4, t5 is the right 1-0, t6 is wrong
// (5 -> 6 where gold has 5 -> 5), t7 a wrong 0-1.
const char* const kTest = "[0, 1]:[0, 1]\n[2]:[2]\n[3]:[3]\n[]:[4]\n[4]:[]\n[5]:[6]\n[]:[5]\n";

}  // namespace

// --- parsing ---------------------------------------------------------------------------------

TEST_CASE("bead lines with and without spaces, empty sides and scores", "[eval]") {
  const auto b =
      beads("[0]:[0]\n[1,2]:[3]\n  [ 3 , 4 ] : [ ]  \n[]:[4, 5, 6]:0.934\n[5]:[7] : 1\n");
  REQUIRE(b.size() == 5);
  CHECK(b[0].src == Ids{0});
  CHECK(b[0].tgt == Ids{0});
  CHECK(b[0].score == -1.0);
  CHECK(b[1].src == Ids{1, 2});
  CHECK(b[1].tgt == Ids{3});
  CHECK(b[2].src == Ids{3, 4});
  CHECK(b[2].tgt.empty());
  CHECK(b[3].src.empty());
  CHECK(b[3].tgt == Ids{4, 5, 6});
  CHECK(b[3].score == Approx(0.934));
  CHECK(b[4].score == 1.0);
  CHECK(b[4].line == 5);
}

TEST_CASE("scores at the ends of [0,1] and plain decimals are accepted", "[eval]") {
  for (const auto& [text, score] :
       std::vector<std::pair<std::string, double>>{{"[0]:[0]:0", 0.0},
                                                   {"[0]:[0]:1.000", 1.0},
                                                   {"[0]:[0]:0.5", 0.5},
                                                   {"[0]:[0]:.25", 0.25}}) {
    INFO(text);
    const auto b = beads(text);
    REQUIRE(b.size() == 1);
    CHECK(b[0].score == score);
  }
}

TEST_CASE("ids keep the order they are written in", "[eval]") {
  // Evaluation compares beads exactly, as score.py does, so the parser must not sort.
  CHECK(beads("[2, 1]:[0]")[0].src == Ids{2, 1});
}

TEST_CASE("blank lines, trailing white space and CRLF are ignored; lines are counted", "[eval]") {
  const auto b = beads("\n[0]:[0]  \n\n \t \n[1]:[1]\r\n[2]:[2]");
  REQUIRE(b.size() == 3);
  CHECK(b[0].line == 2);
  CHECK(b[1].line == 5);
  CHECK(b[1].tgt == Ids{1});
  CHECK(b[2].line == 6);
  CHECK(beads("").empty());
  CHECK(beads("\n\n  \n").empty());
}

TEST_CASE("malformed bead lines are data errors with the line and its byte offset", "[eval]") {
  // Every bad line comes second, after "[0]:[0]\n" (8 bytes): line 2, byte 8.
  const std::vector<std::string> bad = {
      "[1]:[1",            // unclosed
      "[1][1]",            // no ':'
      "1:1",               // no brackets
      "[1]",               // one side
      "[-1]:[1]",          // negative id
      "[1.5]:[2]",         // non-integer id
      "[a]:[1]",           // not a number
      "[1,]:[1]",          // empty list item
      "[1 2]:[3]",         // missing comma
      "[4294967296]:[1]",  // beyond uint32
      "[1]:[1]:1.5",       // score above 1
      "[1]:[1]:-0.1",      // negative score
      "[1]:[1]:abc",       // score not a number
      "[1]:[1]:nan",       // not a decimal number
      "[1]:[1]:",          // colon without score
      "[1]:[1]:0.5:0.5",   // two scores
      "[1]:[1]:0.5.5",     // two decimal points
      "[1]:[1] x",         // junk after the bead
      "[]:[]",             // empty on both sides
  };
  for (const std::string& line : bad) {
    INFO(line);
    const Error e = error_of([&] { beads("[0]:[0]\n" + line + "\n[2]:[2]\n"); });
    CHECK(e.kind() == ErrorKind::kData);
    CHECK(e.file() == "t.beads");
    CHECK(e.line() == 2);
    CHECK(e.byte() == 8);
    CHECK_THAT(e.what(), Catch::Contains("malformed bead '" + line + "'"));
  }
}

TEST_CASE("error positions count blank lines and multi-byte text", "[eval]") {
  // "  \n" (3 bytes) + "[0]:[0]\n" (8) + "\t\n" (2) = 13 bytes before line 4.
  Error e = error_of([] { beads("  \n[0]:[0]\n\t\n[x]:[1]"); });
  CHECK(e.line() == 4);
  CHECK(e.byte() == 13);
  // "[0]:[0]\n" (8) + "é" (2 bytes in UTF-8) + "\n" (1) = 11: the é line itself is bad (line 2).
  e = error_of([] { beads("[0]:[0]\n\xC3\xA9\n[1]:[1]"); });
  CHECK(e.line() == 2);
  CHECK(e.byte() == 8);
  CHECK(e.kind() == ErrorKind::kData);
}

TEST_CASE("a long malformed line is quoted shortened, on one line", "[eval]") {
  const std::string line = "[" + std::string(500, '1') + "x]:[1]";
  const Error e = error_of([&] { beads(line); });
  const std::string what = e.what();
  CHECK(what.size() < 200);
  CHECK(what.find('\n') == std::string::npos);
}

TEST_CASE("read_beads reads a file and names it in errors", "[eval]") {
  const std::string dir = std::string(TALIGN_SOURCE_DIR) + "/tests/data/eval/";
  const auto b = talign::read_beads(dir + "small_test.beads");
  REQUIRE(b.size() == 7);
  CHECK(b[0].src == Ids{0, 1});
  CHECK(b[6].score == Approx(0.4));
  Error e = error_of([&] { talign::read_beads(dir + "malformed.beads"); });
  CHECK(e.file() == dir + "malformed.beads");
  CHECK(e.line() == 3);
  CHECK(e.byte() == 16);  // two lines of "[i]:[i]\n", 8 bytes each
  e = error_of([&] { talign::read_beads(dir + "no-such-file.beads"); });
  CHECK(e.kind() == ErrorKind::kData);
}

// --- coverage --------------------------------------------------------------------------------

TEST_CASE("complete monotone alignments pass the coverage check", "[eval]") {
  CHECK_NOTHROW(check_coverage(beads(kGold), "g"));
  CHECK_NOTHROW(check_coverage(beads("[0, 1]:[0]\n[2]:[1, 2]\n"), "t"));  // wrong but complete
  CHECK_NOTHROW(check_coverage(beads("[]:[0, 1]\n[0, 1, 2]:[]\n[3]:[2]\n"), "g"));
  CHECK_NOTHROW(check_coverage({}, "g"));
}

TEST_CASE("coverage check catches gaps, repeats and crossings, with the line", "[eval]") {
  struct Case {
    const char* text;
    int64_t line;
  };
  for (const Case& c : std::vector<Case>{
           {"[0]:[0]\n[2]:[1]\n", 2},               // source 1 missing
           {"[0]:[0]\n[1]:[2]\n", 2},               // target 1 missing
           {"[1]:[0]\n", 1},                        // does not start at 0
           {"[0]:[0]\n[0]:[1]\n", 2},               // source 0 twice
           {"[0]:[0]\n[1]:[0, 1]\n", 2},            // target 0 twice
           {"[0]:[1]\n[1]:[0]\n", 1},               // crossing beads
           {"[1, 0]:[0, 1]\n", 1},                  // out of order inside a bead
           {"[0]:[0]\n\n\n[1]:[1]\n[3]:[2]\n", 5},  // blank lines still count
           {kTest, 6},  // [5]:[6] before []:[5]: target 6 comes before 5
       }) {
    INFO(c.text);
    const Error e = error_of([&] { check_coverage(beads(c.text), "gold.beads"); });
    CHECK(e.kind() == ErrorKind::kData);
    CHECK(e.file() == "gold.beads");
    CHECK(e.line() == c.line);
  }
}

TEST_CASE("coverage errors for beads built in memory name the bead's position", "[eval]") {
  const std::vector<BeadRecord> b = {{Ids{0}, Ids{0}}, {Ids{2}, Ids{1}}};
  const Error e = error_of([&] { check_coverage(b, "mem"); });
  CHECK(e.line() == -1);
  CHECK_THAT(e.what(), Catch::Contains("bead #2"));
}

// --- scoring ---------------------------------------------------------------------------------

TEST_CASE("an alignment scored against itself is perfect", "[eval]") {
  const EvalScores s = evaluate(kGold, kGold);
  CHECK(s.strict_precision == 1.0);
  CHECK(s.strict_recall == 1.0);
  CHECK(s.strict_f1 == 1.0);
  CHECK(s.lax_precision == 1.0);
  CHECK(s.lax_recall == 1.0);
  CHECK(s.lax_f1 == 1.0);
}

TEST_CASE("merged, split, 1-0 and wrong beads: hand-computed counts and scores", "[eval]") {
  // Precision, test beads against gold (source id -> gold targets: 0->0, 1->1, 2->2, 3->{3,4},
  // 5->5):
  //   t1 [0,1]:[0,1]  not gold: strict fp; 0 -> 0 is in {0,1}: lax tp
  //   t2 [2]:[2]      gold: strict tp, lax tp
  //   t3 [3]:[3]      not gold: strict fp; 3 -> {3,4} meets {3}: lax tp
  //   t4 []:[4]       not gold: strict fp; no source id: lax fp
  //   t5 [4]:[]       gold: strict tp, lax tp
  //   t6 [5]:[6]      not gold: strict fp; 5 -> 5 not in {6}: lax fp
  //   t7 []:[5]       not gold: strict fp, lax fp
  //   strict 2 tp / 5 fp, lax 4 tp / 3 fp.
  // Recall, gold beads without 1-0/0-1 (g1 g2 g3 g4 g6) against test beads without them
  // (t1 t2 t3 t6; source id -> targets: 0->{0,1}, 1->{0,1}, 2->2, 3->3, 5->6):
  //   g1 [0]:[0] strict fp, lax tp; g2 [1]:[1] strict fp, lax tp; g3 [2]:[2] strict tp, lax tp;
  //   g4 [3]:[3,4] strict fp, lax tp (3 -> 3); g6 [5]:[5] strict fp, lax fp (5 -> 6 only).
  //   strict 1 tp / 4 fp, lax 4 tp / 1 fp.
  EvalCounts counts;
  talign::add_file(counts, beads(kGold), beads(kTest));
  CHECK(counts.precision.strict_tp == 2);
  CHECK(counts.precision.strict_fp == 5);
  CHECK(counts.precision.lax_tp == 4);
  CHECK(counts.precision.lax_fp == 3);
  CHECK(counts.recall.strict_tp == 1);
  CHECK(counts.recall.strict_fp == 4);
  CHECK(counts.recall.lax_tp == 4);
  CHECK(counts.recall.lax_fp == 1);

  const EvalScores s = talign::scores(counts);
  CHECK(s.strict_precision == Approx(2.0 / 7));
  CHECK(s.strict_recall == Approx(1.0 / 5));
  // 2 * (2/7)(1/5) / (2/7 + 1/5) = (4/35) / (17/35) = 4/17
  CHECK(s.strict_f1 == Approx(4.0 / 17));
  CHECK(s.lax_precision == Approx(4.0 / 7));
  CHECK(s.lax_recall == Approx(4.0 / 5));
  // 2 * (4/7)(4/5) / (4/7 + 4/5) = (32/35) / (48/35) = 2/3
  CHECK(s.lax_f1 == Approx(2.0 / 3));
}

TEST_CASE("precision and recall are not symmetric in gold and test", "[eval]") {
  // Swapping the roles swaps P and R only when no 1-0/0-1 beads are involved: here the test has
  // one extra 0-1 bead, which costs precision but is invisible to recall.
  const EvalScores s = evaluate("[0]:[0]\n[1]:[1]\n", "[0]:[0]\n[1]:[1]\n[]:[2]\n");
  CHECK(s.strict_precision == Approx(2.0 / 3));
  CHECK(s.strict_recall == 1.0);
}

TEST_CASE("duplicate test beads count once and scores are ignored", "[eval]") {
  // score.py works on sets of beads: a repeated [0]:[0] is one true positive, not two.
  EvalCounts counts;
  talign::add_file(counts, beads("[0]:[0]\n[1]:[1]\n"),
                   beads("[0]:[0]:0.1\n[0]:[0]:0.9\n[1]:[2]\n"));
  CHECK(counts.precision.strict_tp == 1);
  CHECK(counts.precision.strict_fp == 1);
}

TEST_CASE("an empty test alignment scores 0, not NaN", "[eval]") {
  const EvalScores s = evaluate("[0]:[0]\n", "");
  CHECK(s.strict_precision == 0.0);  // 0/0
  CHECK(s.strict_recall == 0.0);     // 0/(0+1)
  CHECK(s.strict_f1 == 0.0);         // P+R = 0
  CHECK(s.lax_f1 == 0.0);
}

TEST_CASE("pooling sums counts over files instead of averaging scores", "[eval]") {
  // File A: two 1-1 beads scored against themselves: precision 2 tp / 0 fp, recall 2 tp / 0 fp.
  // File B: the hand-made example: precision strict 2/5, lax 4/3; recall strict 1/4, lax 4/1.
  // Pooled strict P = (2+2)/(2+7) = 4/9, R = (2+1)/(2+5) = 3/7,
  //   F1 = 2 (4/9)(3/7) / (4/9 + 3/7) = (24/63) / (55/63) = 24/55 ~ 0.436;
  //   averaging the two files' F1 instead would give (1 + 4/17)/2 = 21/34 ~ 0.618.
  // Pooled lax P = (2+4)/(2+7) = 2/3, R = (2+4)/(2+5) = 6/7,
  //   F1 = 2 (2/3)(6/7) / (2/3 + 6/7) = (24/21) / (32/21) = 3/4.
  const char* const file_a = "[0]:[0]\n[1]:[1]\n";
  EvalCounts pooled;
  talign::add_file(pooled, beads(file_a), beads(file_a));
  talign::add_file(pooled, beads(kGold), beads(kTest));
  const EvalScores s = talign::scores(pooled);
  CHECK(s.strict_precision == Approx(4.0 / 9));
  CHECK(s.strict_recall == Approx(3.0 / 7));
  CHECK(s.strict_f1 == Approx(24.0 / 55));
  CHECK(s.strict_f1 != Approx(21.0 / 34));
  CHECK(s.lax_precision == Approx(2.0 / 3));
  CHECK(s.lax_recall == Approx(6.0 / 7));
  CHECK(s.lax_f1 == Approx(0.75));

  // += on per-file counts pools the same way (what `talign eval` does).
  EvalCounts a, b;
  talign::add_file(a, beads(file_a), beads(file_a));
  talign::add_file(b, beads(kGold), beads(kTest));
  a += b;
  CHECK(talign::scores(a).strict_f1 == Approx(24.0 / 55));
}

// --- calibration -----------------------------------------------------------------------------

namespace {

talign::Calibration calibrate(const std::string& gold, const std::string& test) {
  talign::Calibration c;
  talign::add_calibration(c, beads(gold), beads(test));
  return c;
}

}  // namespace

TEST_CASE("calibration buckets are equal-width tenths, boundaries going up", "[eval]") {
  using talign::calibration_bucket;
  CHECK(calibration_bucket(0.0) == 0);
  CHECK(calibration_bucket(0.099) == 0);
  CHECK(calibration_bucket(0.1) == 1);
  CHECK(calibration_bucket(0.3) == 3);
  CHECK(calibration_bucket(0.7) == 7);
  CHECK(calibration_bucket(0.6) == 6);
  CHECK(calibration_bucket(0.899) == 8);
  CHECK(calibration_bucket(0.9) == 9);
  CHECK(calibration_bucket(0.999) == 9);
  CHECK(calibration_bucket(1.0) == 9);  // the last bucket is closed: [0.9, 1]
  // Scores as parsed from text land where they are written, for every boundary.
  for (int k = 1; k < 10; ++k) {
    const std::string text = "[0]:[0]:0." + std::to_string(k) + "00";
    INFO(text);
    CHECK(calibration_bucket(beads(text)[0].score) == k);
  }
}

TEST_CASE("calibration of the hand-made example: one bead per bucket", "[eval]") {
  // small_test.beads against small_gold.beads: t1 [0,1]:[0,1] 0.5 wrong, t2 [2]:[2] 0.9 right,
  // t3 [3]:[3] 0.8 wrong, t4 []:[4] 0.1 wrong, t5 [4]:[] 0.2 right (gold has [4]:[]: 1-0 beads
  // count), t6 [5]:[6] 0.3 wrong, t7 []:[5] 0.4 wrong. Buckets 1..5, 8, 9 hold one bead each.
  // ECE = 1/7 (0.5 + 0.1 + 0.8 + 0.1 + 0.8 + 0.3 + 0.4) = 3/7.
  const std::string dir = std::string(TALIGN_SOURCE_DIR) + "/tests/data/eval/";
  talign::Calibration c;
  talign::add_calibration(c, talign::read_beads(dir + "small_gold.beads"),
                          talign::read_beads(dir + "small_test.beads"));
  CHECK(c.beads() == 7);
  CHECK(c.unscored == 0);
  const std::vector<int64_t> beads_per_bucket = {0, 1, 1, 1, 1, 1, 0, 0, 1, 1};
  const std::vector<int64_t> exact_per_bucket = {0, 0, 1, 0, 0, 0, 0, 0, 0, 1};
  for (int k = 0; k < 10; ++k) {
    INFO("bucket " << k);
    CHECK(c.buckets[k].beads == beads_per_bucket[k]);
    CHECK(c.buckets[k].exact == exact_per_bucket[k]);
  }
  CHECK(c.buckets[8].score_sum == Approx(0.8));
  CHECK(talign::expected_calibration_error(c) == Approx(3.0 / 7));
}

TEST_CASE("calibration averages scores and exact shares within a bucket", "[eval]") {
  // Bucket 9: 0.95, 0.91, 0.99, mean 0.95, two of three right; bucket 6: 0.65, wrong.
  // ECE = 3/4 |0.95 - 2/3| + 1/4 |0.65 - 0| = 0.2125 + 0.1625 = 0.375.
  const talign::Calibration c = calibrate("[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n",
                                          "[0]:[0]:0.95\n[1]:[1]:0.91\n[2]:[3]:0.99\n"
                                          "[3]:[2]:0.65\n");
  CHECK(c.buckets[9].beads == 3);
  CHECK(c.buckets[9].score_sum == Approx(2.85));
  CHECK(c.buckets[9].exact == 2);
  CHECK(c.buckets[6].beads == 1);
  CHECK(c.buckets[6].exact == 0);
  CHECK(talign::expected_calibration_error(c) == Approx(0.375));
}

TEST_CASE("a calibrated aligner has ECE 0; an overconfident one does not", "[eval]") {
  const char* const gold = "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n";
  // Two beads at 0.5, one of them right; two at 1, both right.
  CHECK(talign::expected_calibration_error(
            calibrate(gold, "[0]:[0]:0.5\n[1]:[2]:0.5\n[2]:[2]:1\n[3]:[3]:1.0\n")) == Approx(0.0));
  // The same beads all scored 1: three of four right, ECE = |1 - 3/4| = 0.25.
  CHECK(talign::expected_calibration_error(
            calibrate(gold, "[0]:[0]:1\n[1]:[2]:1\n[2]:[2]:1\n[3]:[3]:1\n")) == Approx(0.25));
}

TEST_CASE("calibration matches 1-0/0-1 beads exactly and leaves unscored beads out", "[eval]") {
  // [0]:[] is right against gold [0]:[], wrong against gold [0, 1]:[] (exact, like strict) and
  // against gold [0]:[0].
  CHECK(calibrate("[0]:[]\n[1]:[0]\n", "[0]:[]:0.8\n").buckets[8].exact == 1);
  CHECK(calibrate("[0, 1]:[]\n", "[0]:[]:0.8\n[1]:[]:0.8\n").buckets[8].exact == 0);
  CHECK(calibrate("[0]:[0]\n", "[0]:[]:0.8\n[]:[0]:0.8\n").buckets[8].exact == 0);
  CHECK(calibrate("[]:[0]\n[0]:[1]\n", "[]:[0]:0.35\n[0]:[1]:0.9\n").buckets[3].exact == 1);
  // Beads without a score are counted apart; with none scored the ECE is 0, not NaN.
  talign::Calibration c = calibrate("[0]:[0]\n[1]:[1]\n", "[0]:[0]\n[1]:[1]:0.9\n");
  CHECK(c.unscored == 1);
  CHECK(c.beads() == 1);
  CHECK(talign::expected_calibration_error(c) == Approx(0.1));
  c = calibrate("[0]:[0]\n", "[0]:[0]\n");
  CHECK(c.beads() == 0);
  CHECK(talign::expected_calibration_error(c) == 0.0);
}

TEST_CASE("calibration pools counts over files instead of averaging ECEs", "[eval]") {
  // File A: one bead at 0.9, right (ECE 0.1). File B: one bead at 0.9, wrong (ECE 0.9).
  // Pooled: bucket 9 with two beads, mean 0.9, half right: ECE 0.4 (the mean of ECEs is 0.5).
  talign::Calibration a = calibrate("[0]:[0]\n", "[0]:[0]:0.9\n");
  const talign::Calibration b = calibrate("[0]:[0]\n", "[0]:[1]:0.9\n");
  CHECK(talign::expected_calibration_error(a) == Approx(0.1));
  CHECK(talign::expected_calibration_error(b) == Approx(0.9));
  a += b;
  CHECK(a.buckets[9].beads == 2);
  CHECK(a.buckets[9].exact == 1);
  CHECK(talign::expected_calibration_error(a) == Approx(0.4));
}
